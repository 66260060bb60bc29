/* ld-desk-calls.h: the desk's calls that need the server at once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-api-client.h"
#include "ld-cash-report.h"
#include "ld-order.h"
#include "ld-session.h"

G_BEGIN_DECLS

void ld_desk_cash_report_async (LdApiClient        *client,
                                GDateTime          *day,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
LdCashReport            *
ld_desk_cash_report_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void        ld_desk_take_payment_async (LdApiClient        *client,
                                        const char         *order_id,
                                        const char         *method,
                                        gint64              tendered_paise,
                                        const char         *reference,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
LdPayment  *ld_desk_take_payment_finish (LdApiClient *client, GAsyncResult *result, GError **error);
LdPayment  *ld_desk_read_payment (JsonObject *object);
void        ld_desk_run_payment_async (LdSession          *session,
                                       const char         *order_id,
                                       const char         *method,
                                       gint64              tendered_paise,
                                       const char         *reference,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
void        ld_desk_run_refund_async (LdSession          *session,
                                      const char         *order_id,
                                      const char         *method,
                                      gint64              amount_paise,
                                      const char         *reason,
                                      const char         *reference,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
void        ld_desk_run_cancel_async (LdSession          *session,
                                      const char         *order_id,
                                      gint64              version,
                                      const char         *reason,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);

G_END_DECLS
