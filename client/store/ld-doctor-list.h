/* ld-doctor-list.h: the lab's doctors an order may name
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-api-client.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *display_name;
} LdDoctor;

void        ld_doctor_free              (LdDoctor             *doctor);
void        ld_doctor_list_fetch_async  (LdApiClient          *client,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GPtrArray  *ld_doctor_list_fetch_finish (LdApiClient          *client,
                                         GAsyncResult         *result,
                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdDoctor, ld_doctor_free)

G_END_DECLS
