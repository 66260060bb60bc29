/* ld-icd10-calls.h: the calls about the lab's ICD-10 code list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-api-client.h"
#include "ld-icd10.h"

G_BEGIN_DECLS

void       ld_icd10_read_list_async (LdApiClient        *client,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void       ld_icd10_import_async (LdApiClient        *client,
                                  const char         *source,
                                  GPtrArray          *codes,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean   ld_icd10_list_finish (LdApiClient  *client,
                                 GAsyncResult *result,
                                 gint64       *out_count,
                                 char        **out_source,
                                 char        **out_loaded_at,
                                 GError      **error);

void       ld_icd10_search_async (LdApiClient        *client,
                                  const char         *query,
                                  guint               limit,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
GPtrArray *ld_icd10_search_finish (LdApiClient  *client,
                                   GAsyncResult *result,
                                   gint64       *out_loaded,
                                   GError      **error);

G_END_DECLS
