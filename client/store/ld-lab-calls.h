/* ld-lab-calls.h: the lab bench's calls that need the server at once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-api-client.h"
#include "ld-open-work.h"
#include "ld-result-body.h"
#include "ld-sample.h"

G_BEGIN_DECLS

JsonObject *ld_lab_dup_results_body (const char *order_id, gboolean submit, GPtrArray *entries);
JsonObject *ld_lab_dup_verify_body (const char *order_id, GPtrArray *entries);
JsonObject *
ld_lab_dup_release_body (const char *order_id, gint64 version, const char *interpretation);

void        ld_lab_collect_async   (LdApiClient          *client,
                                    const char           *order_id,
                                    const char           *location,
                                    gint64                cash_tendered_paise,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GPtrArray  *ld_lab_collect_finish  (LdApiClient          *client,
                                    GAsyncResult         *result,
                                    GError              **error);
void        ld_lab_custody_async        (LdApiClient          *client,
                                         const char           *sample_id,
                                         gint64                version,
                                         const char           *event,
                                         const char           *location,
                                         const char           *reason,
                                         gboolean              recollect,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
void        ld_lab_open_work_async      (LdApiClient          *client,
                                         gboolean              late,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
void        ld_lab_return_result_async  (LdApiClient          *client,
                                         const char           *result_id,
                                         gint64                version,
                                         const char           *reason,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
void        ld_lab_amend_async          (LdApiClient          *client,
                                         const char           *order_id,
                                         const char           *test_code,
                                         gint64                version,
                                         const char           *value,
                                         const char           *reason,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
JsonObject *ld_lab_call_finish          (LdApiClient          *client,
                                         GAsyncResult         *result,
                                         GError              **error);
LdSample   *ld_lab_custody_finish       (LdApiClient          *client,
                                         GAsyncResult         *result,
                                         GError              **error);
gboolean    ld_lab_workload_finish      (LdApiClient          *client,
                                         GAsyncResult         *result,
                                         LdWorkload           *out_load,
                                         GError              **error);
GPtrArray  *ld_lab_late_work_finish     (LdApiClient          *client,
                                         GAsyncResult         *result,
                                         GError              **error);
gboolean    ld_lab_report_finish        (LdApiClient          *client,
                                         GAsyncResult         *result,
                                         gint64               *out_version,
                                         char                **out_sha256,
                                         GError              **error);
void        ld_lab_read_report_answer   (JsonNode             *answer,
                                         gint64               *out_version,
                                         char                **out_sha256);

G_END_DECLS
