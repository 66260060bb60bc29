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
JsonObject *ld_desk_dup_payment_body (const char *order_id,
                                      const char *method,
                                      gint64      tendered_paise,
                                      const char *reference);
JsonObject *ld_desk_dup_cancel_body (const char *order_id,
                                     gint64      version,
                                     const char *reason);
JsonObject *ld_desk_dup_refund_body (const char *order_id,
                                     const char *method,
                                     gint64      amount_paise,
                                     const char *reason,
                                     const char *reference);

G_END_DECLS
