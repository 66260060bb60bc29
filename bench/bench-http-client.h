/* bench-http-client.h: a lean keep-alive HTTP/1.1 client for load
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BenchConnection BenchConnection;

BenchConnection *bench_connection_new     (const char       *base_uri,
                                           GError          **error);
gboolean         bench_connection_get     (BenchConnection  *self,
                                           const char       *path,
                                           const char       *authorization,
                                           guint            *out_status,
                                           GString          *body,
                                           GError          **error);
gboolean         bench_connection_request (BenchConnection  *self,
                                           const char       *method,
                                           const char       *path,
                                           const char       *authorization,
                                           const char       *idempotency_key,
                                           const char       *json,
                                           guint            *out_status,
                                           GString          *body,
                                           GError          **error);
void             bench_connection_free    (BenchConnection  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchConnection, bench_connection_free)

G_END_DECLS
