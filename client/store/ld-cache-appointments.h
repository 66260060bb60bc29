/* ld-cache-appointments.h: a day's appointments, from the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"
#include "ld-cache.h"

G_BEGIN_DECLS

void       ld_cache_appointments_day_async   (LdCache              *self,
                                              const char           *day,
                                              const char           *doctor_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray *ld_cache_appointments_day_finish  (LdCache              *self,
                                              GAsyncResult         *result,
                                              GError              **error);
gboolean   ld_cache_batch_has_appointments   (const LdCacheBatch   *batch);

G_END_DECLS
