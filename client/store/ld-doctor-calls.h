/* ld-doctor-calls.h: the doctor's calls that need the server at once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-alert.h"
#include "ld-api-client.h"
#include "ld-result.h"

G_BEGIN_DECLS

/**
 * LdResultsPage:
 * @items: the results as the server sent them, newest first (what the
 *   cache lays out as a history)
 * @results: (element-type LdResult): the same, read
 * @next: (nullable): the cursor of the page after, %NULL on the last
 *
 * One page of a patient's reported results.
 */
typedef struct
{
  JsonArray *items;
  GPtrArray *results;
  char      *next;
} LdResultsPage;

void           ld_results_page_free                (LdResultsPage        *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdResultsPage, ld_results_page_free)

void ld_doctor_patient_results_async (LdApiClient        *client,
                                      const char         *patient_id,
                                      const char         *after,
                                      guint               limit,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
LdResultsPage      *
ld_doctor_patient_results_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void ld_doctor_break_glass_async (LdApiClient        *client,
                                  const char         *patient_id,
                                  const char         *reason,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean ld_doctor_break_glass_finish (LdApiClient  *client,
                                       GAsyncResult *result,
                                       gint64       *out_until_us,
                                       GError      **error);
void     ld_doctor_acknowledge_alert_async (LdApiClient        *client,
                                            const char         *alert_id,
                                            gint64              version,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
LdAlert *
ld_doctor_acknowledge_alert_finish (LdApiClient *client, GAsyncResult *result, GError **error);

G_END_DECLS
