/* ld-desk-calls.c: the desk's calls that need the server at once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money is the server's to add up, so the day's cash report is asked of
 * it each time. An online payment starts a gateway attempt, which only
 * the server can open, so it is a call rather than an outbox item; the
 * other methods go through the outbox, and take the same path on the
 * wire. Each attempt carries its own idempotency key, so a retry after a
 * lost answer takes the money once.
 */

#define G_LOG_DOMAIN "ld-desk-calls"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-command-records.h"
#include "ld-desk-calls.h"
#include "ld-json.h"
#include "ld-payment-body.h"
#include "ld-record-id.h"
#include "ld-record.h"

static void
on_cash_report_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  g_autoptr(LdCashReport) report = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The server's cash report could not be read."));
      return;
    }
  report = ld_cash_report_new ();
  if (!ld_cash_report_fill (report, json_node_get_object (answer), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) ld_cash_report_free);
}

/**
 * ld_desk_cash_report_async:
 * @client: the session's API client
 * @day: the day reported, in local time (only its date counts)
 *
 * GET /api/v1/reports/cash?date=YYYY-MM-DD.
 */
void
ld_desk_cash_report_async (LdApiClient         *client,
                           GDateTime           *day,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *date = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (day != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_desk_cash_report_async);
  date = g_date_time_format (day, "%Y-%m-%d");
  path = g_strdup_printf ("/api/v1/reports/cash?date=%s", date);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_cash_report_cb,
                               task);
}

/**
 * ld_desk_cash_report_finish:
 *
 * Returns: (transfer full) (nullable): the day's payments and refunds,
 *   the server's totals per method and user, and the net
 */
LdCashReport *
ld_desk_cash_report_finish (LdApiClient   *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_desk_cash_report_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_desk_read_payment:
 * @object: a payment or refund as the server sends it (an order's
 *   `payments`, or the answer's `payment`)
 *
 * Reads it leniently, as ld_command_read_payment() does: a member
 * missing stays empty, and the cash tendered and change -1.
 *
 * Returns: (transfer full): the payment
 */
LdPayment *
ld_desk_read_payment (JsonObject *object)
{
  return ld_command_read_payment (object);
}

static void
on_payment_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  JsonObject *payment = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    payment = ld_record_get_object (json_node_get_object (answer), "payment");
  if (payment == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "The server's answer holds no payment");
  else
    g_task_return_pointer (task, ld_desk_read_payment (payment), (GDestroyNotify) ld_payment_free);
}

/**
 * dup_payment_body:
 * @order_id: (nullable): the order paid for, when the body is queued in
 *   the outbox (its path names the order otherwise)
 * @method: "cash", "card", "upi", "online" or "cod"
 * @tendered_paise: the cash handed over, for "cash"; ignored otherwise
 * @reference: (nullable): the terminal's reference, for "card" and "upi"
 *
 * Returns: (transfer full): the body of a payment for the whole amount
 *   due
 */
static JsonObject *
dup_payment_body (const char *order_id,
                  const char *method,
                  gint64      tendered_paise,
                  const char *reference)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdPayment payment = { .method = (char *) method, .amount_paise = -1,
                        .tendered_paise = tendered_paise, .reference = (char *) reference };

  g_return_val_if_fail (method != NULL, NULL);

  json_builder_begin_object (builder);
  ld_payment_body_write (builder, &payment);
  if (order_id != NULL)
    ld_json_builder_add_string (builder, "order_id", order_id);
  json_builder_end_object (builder);
  return ld_json_builder_dup_object (builder);
}

/**
 * dup_refund_body:
 * @order_id: the order refunded
 * @method: how the money is given back: "cash", "card", "upi" or "online"
 * @amount_paise: how much
 * @reason: why
 * @reference: (nullable): the terminal's or gateway's reference; empty
 *   is none
 *
 * Returns: (transfer full): the body of a refund, for the outbox
 */
static JsonObject *
dup_refund_body (const char *order_id,
                 const char *method,
                 gint64      amount_paise,
                 const char *reason,
                 const char *reference)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdPayment refund = { .method = (char *) method, .amount_paise = amount_paise,
                       .reason = (char *) reason, .reference = (char *) reference };

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "order_id", order_id);
  ld_refund_body_write (builder, &refund);
  json_builder_end_object (builder);
  return ld_json_builder_dup_object (builder);
}

/**
 * dup_cancel_body:
 * @order_id: the order cancelled
 * @version: its version, as the desk read it (a stale one is refused)
 * @reason: why
 *
 * Returns: (transfer full): the parameters of a cancellation, for the
 *   outbox (docs/api.md, POST /api/v1/orders/{id}/cancel)
 */
static JsonObject *
dup_cancel_body (const char *order_id,
                 gint64      version,
                 const char *reason)
{
  JsonObject *params = json_object_new ();

  json_object_set_string_member (params, "id", order_id);
  json_object_set_int_member (params, "version", version);
  json_object_set_string_member (params, "reason", reason);
  return params;
}

/**
 * ld_desk_take_payment_async:
 * @client: the session's API client
 * @order_id: the order paid for
 * @method: "cash", "card", "upi", "online" or "cod"
 * @tendered_paise: the cash handed over, for "cash"; ignored otherwise
 * @reference: (nullable): the terminal's reference, for "card" and "upi"
 *
 * POST /api/v1/orders/{id}/payments, for the whole amount due, with a
 * fresh idempotency key. For "online" the payment comes back pending:
 * the gateway's outcome reaches the order through the feed.
 */
void
ld_desk_take_payment_async (LdApiClient         *client,
                            const char          *order_id,
                            const char          *method,
                            gint64               tendered_paise,
                            const char          *reference,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) payment = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = ld_record_id_new ();
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (order_id != NULL);
  g_return_if_fail (method != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_desk_take_payment_async);

  payment = dup_payment_body (NULL, method, tendered_paise, reference);
  root = json_node_init_object (json_node_alloc (), payment);
  body = ld_json_to_string (root);

  escaped = g_uri_escape_string (order_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/orders/%s/payments", escaped);
  ld_api_client_request_async (client, "POST", path, body, key, cancellable, on_payment_cb, task);
}

/**
 * ld_desk_take_payment_finish:
 *
 * Returns: (transfer full) (nullable): the payment as the server took it
 */
LdPayment *
ld_desk_take_payment_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_desk_take_payment_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_desk_run_payment_async:
 * @session: the session, which runs the command
 * @order_id: the order paid for
 * @method: "cash", "card", "upi" or "cod" (an online payment needs the
 *   server at once: ld_desk_take_payment_async())
 * @tendered_paise: the cash handed over, for "cash"; ignored otherwise
 * @reference: (nullable): the terminal's reference, for "card" and "upi"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it went; finish with ld_session_run_done()
 * @user_data: for @callback
 *
 * Takes the whole amount due through the outbox: it may wait while the
 * server is away (the cash is in the drawer, the terminal took the card).
 */
void
ld_desk_run_payment_async (LdSession           *session,
                           const char          *order_id,
                           const char          *method,
                           gint64               tendered_paise,
                           const char          *reference,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  gboolean card;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL && method != NULL);

  card = g_str_equal (method, "card") || g_str_equal (method, "upi");
  body = dup_payment_body (order_id, method, tendered_paise, reference);
  ld_session_run_async (session,
                        card ? LD_OUTBOX_ACTION_PAYMENT_CARD : LD_OUTBOX_ACTION_PAYMENT_CASH, NULL,
                        body, cancellable, callback, user_data);
}

/**
 * ld_desk_run_refund_async:
 * @session: the session, which runs the command
 * @order_id: the order refunded
 * @method: how the money is given back: "cash", "card", "upi" or "online"
 * @amount_paise: how much
 * @reason: why
 * @reference: (nullable): the terminal's or gateway's reference
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it went; finish with ld_session_run_done()
 * @user_data: for @callback
 *
 * Gives a refund; it needs the server.
 */
void
ld_desk_run_refund_async (LdSession           *session,
                          const char          *order_id,
                          const char          *method,
                          gint64               amount_paise,
                          const char          *reason,
                          const char          *reference,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL && method != NULL);

  body = dup_refund_body (order_id, method, amount_paise, reason, reference);
  ld_session_run_async (session, LD_OUTBOX_ACTION_PAYMENT_REFUND, NULL, body, cancellable,
                        callback, user_data);
}

/**
 * ld_desk_run_cancel_async:
 * @session: the session, which runs the command
 * @order_id: the order cancelled
 * @version: its version, as the desk read it (a stale one is refused)
 * @reason: why
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it went; finish with ld_session_run_done()
 * @user_data: for @callback
 *
 * Cancels an order; it needs the server.
 */
void
ld_desk_run_cancel_async (LdSession           *session,
                          const char          *order_id,
                          gint64               version,
                          const char          *reason,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL && reason != NULL);

  body = dup_cancel_body (order_id, version, reason);
  ld_session_run_async (session, LD_OUTBOX_ACTION_ORDER_CANCEL, NULL, body, cancellable,
                        callback, user_data);
}
