/* ld-service-notify.c: a patient's notification, in the change's transaction
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A service that changes an order calls ld_service_notify() inside its
 * ld_service_run() work, so the message's row commits or rolls back with
 * the change (docs/architecture.md, "Notifications"). The row holds the
 * facts the template needs; the words are chosen when it is sent.
 */

#define G_LOG_DOMAIN "ld-service"

#include "config.h"

#include "ld-payment-rules.h"
#include "ld-record-id.h"
#include "ld-service-notify.h"
#include "ld-settings.h"
#include "ld-time.h"
#include "notify/ld-mime.h"
#include "notify/ld-notify-templates.h"
#include "notify/ld-sms-number.h"
#include "../store/ld-store-notifications.h"
#include "../store/ld-store-orders.h"

/* The reason a withheld message shows at the desk. */
#define WITHHELD_EMAIL "The patient asked not to be sent e-mail."
#define WITHHELD_SMS "The patient asked not to be sent SMS."

static char *
join_item_names (const LdOrder *order)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, item->name != NULL ? item->name : item->code);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Writes one row of the message for @channel. */
static gboolean
add_row (LdServiceContext     *ctx,
         const char           *event,
         const char           *patient_id,
         const LdNotifyAbout  *about,
         const char           *language,
         const char           *facts_text,
         const char           *channel,
         const char           *recipient,
         const char           *withheld_reason,
         GError              **error)
{
  g_autofree char *id = ld_record_id_new ();
  LdNotification notification = { 0 };

  notification.id = id;
  notification.patient_id = (char *) patient_id;
  notification.order_id = (char *) about->order_id;
  notification.appointment_id = (char *) about->appointment_id;
  notification.appointment_slot_us = about->appointment_slot_us;
  notification.channel = (char *) channel;
  notification.template_name = (char *) event;
  notification.language = (char *) language;
  notification.facts = (char *) facts_text;
  notification.recipient = (char *) recipient;
  if (withheld_reason != NULL)
    {
      notification.state = (char *) "withheld";
      notification.last_error = (char *) withheld_reason;
    }
  notification.next_attempt_us = ld_time_now ();
  notification.created_us = notification.next_attempt_us;
  return ld_store_notifications_add (ctx->store, &notification, error);
}

/**
 * ld_service_notify_patient:
 * @ctx: a service context, inside ld_service_run()
 * @event: an event with a template
 * @patient: whom the message is for
 * @about: what it is about: an order, or an appointment and its slot
 * @facts: the event's facts, string members; the patient's name is added
 * @error: return location for a #GError
 *
 * Adds an e-mail to the outbox when @patient has an e-mail address, and
 * an SMS when the server sends @event by SMS ([sms], with a registered
 * template id for it) and the patient has a phone number, both with
 * @facts. For a patient who asked not to be sent e-mail (or SMS) that
 * message is written as withheld, never sent, so the desk sees why
 * nothing went.
 *
 * Returns: %TRUE on success, with or without a message
 */
gboolean
ld_service_notify_patient (LdServiceContext     *ctx,
                           const char           *event,
                           LdPatient            *patient,
                           const LdNotifyAbout  *about,
                           JsonObject           *facts,
                           GError              **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *facts_text = NULL;
  g_autofree char *number = NULL;
  const char *email;
  const char *language;
  const char *patient_id;

  g_return_val_if_fail (ctx != NULL && LD_IS_PATIENT (patient) && about != NULL, FALSE);
  g_return_val_if_fail (event != NULL && ld_notify_template_exists (event), FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);

  email = ld_patient_get_email (patient);
  if (email != NULL && !ld_mime_address_is_valid (email))
    email = NULL;
  if (ld_store_notifications_sends_sms (ctx->store, event))
    number = ld_sms_number_e164 (ld_patient_get_phone (patient));
  if (email == NULL && number == NULL)
    return TRUE;

  json_object_set_string_member (facts, "patient_name", ld_patient_get_name (patient));
  json_node_set_object (root, facts);
  facts_text = ld_json_to_string (root);
  language = ld_notify_choose_language (ld_patient_get_name (patient));
  patient_id = ld_patient_get_id (patient);

  if (email != NULL &&
      !add_row (ctx, event, patient_id, about, language, facts_text, "email", email,
                ld_patient_get_email_do_not_send (patient) ? WITHHELD_EMAIL : NULL, error))
    return FALSE;
  return number == NULL ||
         add_row (ctx, event, patient_id, about, language, facts_text, "sms", number,
                  ld_patient_get_phone_do_not_send (patient) ? WITHHELD_SMS : NULL, error);
}

/**
 * ld_service_notify:
 * @ctx: a service context, inside ld_service_run()
 * @event: an event with a template, such as "report-ready"
 * @order: the order the change is about, as it now is
 * @extra_facts: (nullable): the event's own facts, string members
 * @error: return location for a #GError
 *
 * Tells the order's patient of @event by e-mail and SMS, as
 * ld_service_notify_patient() does, with the order's number, tests and
 * amount among the facts.
 *
 * Returns: %TRUE on success, with or without a message
 */
gboolean
ld_service_notify (LdServiceContext  *ctx,
                   const char        *event,
                   const LdOrder     *order,
                   JsonObject        *extra_facts,
                   GError           **error)
{
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(JsonObject) facts = json_object_new ();
  g_autofree char *tests = NULL;
  g_autofree char *amount = NULL;
  LdNotifyAbout about = { NULL, NULL, 0 };

  g_return_val_if_fail (ctx != NULL && order != NULL && order->patient_id != NULL, FALSE);
  g_return_val_if_fail (event != NULL && ld_notify_template_exists (event), FALSE);

  about.order_id = order->id;
  patient = ld_store_patients_get (ctx->store, order->patient_id, error);
  if (patient == NULL)
    return FALSE;

  tests = join_item_names (order);
  amount = ld_notify_format_amount (order->total_paise);
  json_object_set_string_member (facts, "order_number", order->number);
  json_object_set_string_member (facts, "tests", tests);
  json_object_set_string_member (facts, "amount", amount);
  if (extra_facts != NULL)
    {
      GList *members = json_object_get_members (extra_facts);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (facts, l->data,
                                json_node_copy (json_object_get_member (extra_facts, l->data)));
      g_list_free (members);
    }
  return ld_service_notify_patient (ctx, event, patient, &about, facts, error);
}

/**
 * ld_service_notify_critical_result:
 * @ctx: a service context, inside the ld_service_run() work that raised
 *   the alert
 * @order: the result's order
 * @result: the critical result
 * @error: return location for a #GError
 *
 * Issue 31: the doctor the alert is for (the order's), when they asked
 * for critical results by e-mail and have an address, is e-mailed too,
 * in the alert's transaction. The message names the patient, the order
 * and the test, never the value, and says that the lab will still
 * telephone. A disabled account, or an order with no doctor, gets none.
 *
 * Returns: %TRUE on success, with or without a message
 */
gboolean
ld_service_notify_critical_result (LdServiceContext  *ctx,
                                   const LdOrder     *order,
                                   const LdResult    *result,
                                   GError           **error)
{
  g_autoptr(LdUser) doctor = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(JsonObject) facts = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *facts_text = NULL;
  const char *email;
  const char *base_url;
  LdNotifyAbout about = { 0 };

  g_return_val_if_fail (ctx != NULL && order != NULL && result != NULL, FALSE);

  if (order->doctor_id == NULL)
    return TRUE;
  doctor = ld_store_users_get (ctx->store, order->doctor_id, error);
  if (doctor == NULL)
    return FALSE;
  email = ld_user_get_email (doctor);
  if (!ld_user_get_critical_email (doctor) || ld_user_get_disabled (doctor) || email == NULL ||
      !ld_mime_address_is_valid (email))
    return TRUE;

  patient = ld_store_patients_get (ctx->store, order->patient_id, error);
  stored = patient != NULL ? ld_store_settings_load (ctx->store, NULL, error) : NULL;
  if (stored == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);
  base_url = settings->public_base_url;

  json_object_set_string_member (facts, "doctor_name", ld_user_get_display_name (doctor));
  json_object_set_string_member (facts, "patient_name", ld_patient_get_name (patient));
  json_object_set_string_member (facts, "order_number", order->number);
  json_object_set_string_member (facts, "test_name",
                                 result->test_name != NULL ? result->test_name
                                                           : result->test_code);
  if (base_url != NULL && base_url[0] != '\0')
    json_object_set_string_member (facts, "sign_in_url", base_url);
  json_node_set_object (root, facts);
  facts_text = ld_json_to_string (root);
  about.order_id = order->id;
  return add_row (ctx, "critical-result", order->patient_id, &about,
                  ld_notify_choose_language (ld_user_get_display_name (doctor)), facts_text,
                  "email", email, NULL, error);
}

/**
 * ld_service_notify_respect_consent:
 * @ctx: a service context, inside the ld_service_run() work that saved
 *   @patient
 * @patient: the patient as saved
 * @error: return location for a #GError
 *
 * A patient who has just asked not to be e-mailed (or sent SMS) is not
 * sent the messages still waiting for them on that channel either: those
 * become withheld.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_notify_respect_consent (LdServiceContext  *ctx,
                                   LdPatient         *patient,
                                   GError           **error)
{
  const char *id;

  g_return_val_if_fail (ctx != NULL && LD_IS_PATIENT (patient), FALSE);

  id = ld_patient_get_id (patient);
  if (ld_patient_get_email_do_not_send (patient) &&
      !ld_store_notifications_withhold_waiting (ctx->store, id, "email", WITHHELD_EMAIL, error))
    return FALSE;
  return !ld_patient_get_phone_do_not_send (patient) ||
         ld_store_notifications_withhold_waiting (ctx->store, id, "sms", WITHHELD_SMS, error);
}

/**
 * ld_service_notify_format_local:
 * @time: a time
 * @format: a g_date_time_format() format of numbers only
 *
 * A time as the lab's clock shows it: the server runs in the lab's zone,
 * as bookings' slots are checked (ld-service-booking.c). Numbers only, so
 * a message in either language reads it.
 *
 * Returns: (transfer full): @time formatted
 */
char *
ld_service_notify_format_local (GDateTime  *time,
                                const char *format)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, zone);

  return g_date_time_format (local, format);
}

/**
 * ld_service_notify_payment_received:
 * @ctx: a service context, inside the ld_service_run() work that took it
 * @order: the order as it now is, the payment among its payments
 * @payment: the payment that went through
 * @error: return location for a #GError
 *
 * The receipt's number is the one its receipt will print: the order's
 * number and how many payments and refunds went through so far.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_notify_payment_received (LdServiceContext  *ctx,
                                    const LdOrder     *order,
                                    const LdPayment   *payment,
                                    GError           **error)
{
  g_autoptr(JsonObject) facts = json_object_new ();
  g_autofree char *amount = NULL;
  g_autofree char *receipt = NULL;
  guint moves = 0;

  g_return_val_if_fail (ctx != NULL && order != NULL && payment != NULL, FALSE);

  if (g_strcmp0 (payment->kind, "payment") != 0 ||
      !ld_payment_is_on_receipt (payment->status, payment->method))
    return TRUE;
  for (guint i = 0; order->payments != NULL && i < order->payments->len; i++)
    {
      const LdPayment *each = g_ptr_array_index (order->payments, i);

      moves += ld_payment_is_on_receipt (each->status, each->method);
    }
  amount = ld_notify_format_amount (payment->amount_paise);
  receipt = g_strdup_printf ("%s/%u", order->number, moves);
  json_object_set_string_member (facts, "paid_amount", amount);
  json_object_set_string_member (facts, "receipt_number", receipt);
  return ld_service_notify (ctx, "payment-received", order, facts, error);
}

/**
 * ld_service_notify_home_visit:
 * @ctx: a service context, inside the booking's ld_service_run() work
 * @order: the order as booked
 * @error: return location for a #GError
 *
 * Tells a patient booked for a home collection the day and the slot; an
 * order collected at the lab gets nothing here.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_notify_home_visit (LdServiceContext  *ctx,
                              const LdOrder     *order,
                              GError           **error)
{
  g_autoptr(JsonObject) facts = json_object_new ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (ctx != NULL && order != NULL, FALSE);

  if (order->home_address == NULL || order->home_slot_start == NULL ||
      order->home_slot_end == NULL)
    return TRUE;
  start = g_date_time_new_from_iso8601 (order->home_slot_start, NULL);
  end = g_date_time_new_from_iso8601 (order->home_slot_end, NULL);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  day = ld_service_notify_format_local (start, "%Y-%m-%d");
  from = ld_service_notify_format_local (start, "%H:%M");
  to = ld_service_notify_format_local (end, "%H:%M");
  json_object_set_string_member (facts, "visit_day", day);
  json_object_set_string_member (facts, "visit_from", from);
  json_object_set_string_member (facts, "visit_to", to);
  json_object_set_string_member (facts, "home_address", order->home_address);
  return ld_service_notify (ctx, "home-visit-scheduled", order, facts, error);
}

/**
 * ld_service_notify_expiring:
 * @ctx: the expiry sweep's context, inside its ld_service_run() work
 * @now_us: the sweep's time
 * @limit: at most this many orders
 * @out_count: (out): how many orders were looked at
 * @error: return location for a #GError
 *
 * Warns the patients of unpaid orders that expire within a day, once per
 * order: an order that has had its warning is not looked at again, and
 * the outbox's unique index keeps a second one out whatever happens.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_notify_expiring (LdServiceContext  *ctx,
                            gint64             now_us,
                            guint              limit,
                            guint             *out_count,
                            GError           **error)
{
  g_auto(GStrv) due = NULL;

  g_return_val_if_fail (ctx != NULL && out_count != NULL, FALSE);

  due = ld_store_notifications_expiring_unwarned (ctx->store, now_us, now_us + G_TIME_SPAN_DAY,
                                                  limit, error);
  if (due == NULL)
    return FALSE;
  for (guint i = 0; due[i] != NULL; i++)
    {
      g_autoptr(LdOrder) order = ld_store_orders_get (ctx->store, due[i], error);
      g_autoptr(JsonObject) facts = json_object_new ();
      g_autoptr(GDateTime) expires = NULL;
      g_autofree char *when = NULL;

      if (order == NULL)
        return FALSE;
      expires = g_date_time_new_from_unix_utc (order->expires_us / G_USEC_PER_SEC);
      when = ld_service_notify_format_local (expires, "%Y-%m-%d %H:%M");
      json_object_set_string_member (facts, "expires_at", when);
      if (!ld_service_notify (ctx, "order-expiring", order, facts, error))
        return FALSE;
    }
  *out_count = g_strv_length (due);
  return TRUE;
}
