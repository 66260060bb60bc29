/* ld-service-outbox.c: the desk's resend, the administrator's retry and cancel
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What people do to the notification outbox (docs/api.md, "Notifications"),
 * each audited in the transaction of its change. A resend is a new row
 * that copies the facts of the one resent (the words are chosen again when
 * it is sent) and goes to the patient's address as it is now, so a typo
 * corrected at the desk is what the resend uses; a patient who has asked
 * not to be sent messages on its channel (e-mail or SMS), or has no address
 * or number any more, is not resent to.
 */

#define G_LOG_DOMAIN "ld-service"

#include "config.h"

#include "notify/ld-mime.h"
#include "notify/ld-sms-number.h"
#include "ld-record-id.h"
#include "ld-service-access.h"
#include "ld-service-outbox.h"
#include "../store/ld-store-appointments.h"
#include "../store/ld-store-orders.h"
#include "ld-time.h"

typedef struct
{
  const char     *id;
  LdNotification *saved;
} Change;

/* The patient's address for @channel as it is now; NULL with a conflict
 * when there is none, or the patient asked not to be sent messages there. */
static char *
current_recipient (const char  *channel,
                   LdPatient   *patient,
                   GError     **error)
{
  const char *email = ld_patient_get_email (patient);
  char *number;

  if (g_str_equal (channel, "sms"))
    {
      if ((number = ld_sms_number_e164 (ld_patient_get_phone (patient))) == NULL)
        g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                             "The patient has no phone number to resend to.");
      else if (ld_patient_get_phone_do_not_send (patient))
        {
          g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                               "The patient asked not to be sent SMS.");
          g_clear_pointer (&number, g_free);
        }
      return number;
    }
  if (email == NULL || !ld_mime_address_is_valid (email))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "The patient has no e-mail address to resend to.");
      return NULL;
    }
  if (ld_patient_get_email_do_not_send (patient))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "The patient asked not to be sent e-mail.");
      return NULL;
    }
  return g_strdup (email);
}

static gboolean
resend (LdServiceContext  *ctx,
        gpointer           data,
        GError           **error)
{
  Change *change = data;
  g_autoptr(LdNotification) original = ld_store_notifications_get (ctx->store, change->id, error);
  g_autoptr(LdPatient) patient = NULL;
  g_autofree char *id = ld_record_id_new ();
  g_autofree char *recipient = NULL;
  LdNotification copy;

  if (original == NULL)
    return FALSE;
  /* A sign-in code names no patient: the patient asks the page for a new
   * one rather than the desk sending an old one again. */
  if (original->patient_id == NULL)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "A sign-in code is not resent: the patient asks for a new one.");
      return FALSE;
    }
  /* A doctor's critical-result e-mail is not the patient's message: the
   * desk does not send it again, to the patient least of all. */
  if (g_str_equal (original->template_name, "critical-result"))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "A doctor's critical-result e-mail is not resent from the desk.");
      return FALSE;
    }
  if ((patient = ld_store_patients_get (ctx->store, original->patient_id, error)) == NULL)
    return FALSE;

  recipient = current_recipient (original->channel, patient, error);
  if (recipient == NULL)
    return FALSE;
  if (g_str_equal (original->state, "waiting") || g_str_equal (original->state, "sending"))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "This message is still to be sent.");
      return FALSE;
    }

  copy = *original;
  copy.id = id;
  copy.recipient = recipient;
  copy.state = NULL;
  copy.last_error = NULL;
  copy.provider_id = NULL;
  copy.attempts = 0;
  copy.next_attempt_us = ctx->now_us;
  copy.created_us = ctx->now_us;
  copy.sent_us = 0;
  copy.resent_from = original->id;
  if (!ld_store_notifications_add (ctx->store, &copy, error) ||
      !ld_service_audit (ctx, "notification.resend", "notification", id, original->id, error))
    return FALSE;

  change->saved = ld_store_notifications_get (ctx->store, id, error);
  return change->saved != NULL;
}

static gboolean
retry (LdServiceContext  *ctx,
       gpointer           data,
       GError           **error)
{
  Change *change = data;

  if (!ld_store_notifications_retry (ctx->store, change->id, ctx->now_us, error) ||
      !ld_service_audit (ctx, "notification.retry", "notification", change->id, NULL, error))
    return FALSE;
  change->saved = ld_store_notifications_get (ctx->store, change->id, error);
  return change->saved != NULL;
}

static gboolean
cancel (LdServiceContext  *ctx,
        gpointer           data,
        GError           **error)
{
  Change *change = data;

  if (!ld_store_notifications_cancel (ctx->store, change->id, ctx->now_us, error) ||
      !ld_service_audit (ctx, "notification.cancel", "notification", change->id, NULL, error))
    return FALSE;
  change->saved = ld_store_notifications_get (ctx->store, change->id, error);
  return change->saved != NULL;
}

static LdNotification *
run (LdServiceContext  *ctx,
     LdServiceFunc      work,
     const char        *id,
     GError           **error)
{
  Change change = { id, NULL };

  g_return_val_if_fail (ctx != NULL && id != NULL, NULL);

  if (!ld_service_run (ctx, work, &change, error))
    {
      g_clear_pointer (&change.saved, ld_notification_free);
      return NULL;
    }
  return change.saved;
}

/**
 * ld_service_outbox_resend:
 * @ctx: the desk or an administrator
 * @id: a message that was sent, failed, given up, withheld or cancelled
 * @error: return location for a #GError (CONFLICT when it cannot be resent)
 *
 * Returns: (transfer full) (nullable): the new message, waiting
 */
LdNotification *
ld_service_outbox_resend (LdServiceContext  *ctx,
                          const char        *id,
                          GError           **error)
{
  return run (ctx, resend, id, error);
}

/**
 * ld_service_outbox_retry:
 * @ctx: an administrator
 * @id: a message that failed or was given up
 * @error: return location for a #GError (CONFLICT in another state)
 *
 * Returns: (transfer full) (nullable): the message, waiting again
 */
LdNotification *
ld_service_outbox_retry (LdServiceContext  *ctx,
                         const char        *id,
                         GError           **error)
{
  return run (ctx, retry, id, error);
}

/**
 * ld_service_outbox_cancel:
 * @ctx: an administrator
 * @id: a message not sent and not being sent
 * @error: return location for a #GError (CONFLICT otherwise)
 *
 * Returns: (transfer full) (nullable): the message, cancelled
 */
LdNotification *
ld_service_outbox_cancel (LdServiceContext  *ctx,
                          const char        *id,
                          GError           **error)
{
  return run (ctx, cancel, id, error);
}

typedef struct
{
  const char *order_id;
  const char *state;
  gint64      from_us;
  gint64      until_us;
  guint       limit;
  GPtrArray  *items;
  const char *appointment_id;
} OutboxRead;

static gboolean
read_for_order (LdStore        *store,
                gpointer        data,
                LdAuditedRead  *audited,
                GError        **error)
{
  OutboxRead *read = data;
  g_autoptr(LdOrder) order = ld_store_orders_get (store, read->order_id, error);

  if (order == NULL)
    return FALSE;
  read->items = ld_store_notifications_for_order (store, read->order_id, error);
  audited->entity_id = g_strdup (order->id);
  audited->detail = g_strdup (order->number);
  return read->items != NULL;
}

/**
 * ld_service_outbox_for_order:
 * @ctx: who reads
 * @order_id: the order
 * @error: return location for a #GError
 *
 * The messages to an order's patient, with their addresses: a read of the
 * patient's data, audited as "order.notifications.read".
 *
 * Returns: (transfer container) (element-type LdNotification) (nullable):
 *   the messages, oldest first
 */
GPtrArray *
ld_service_outbox_for_order (LdServiceContext  *ctx,
                             const char        *order_id,
                             GError           **error)
{
  OutboxRead read = { .order_id = order_id };

  if (!ld_service_read_audited (ctx, "order.notifications.read", "order", read_for_order, &read,
                                error))
    {
      g_clear_pointer (&read.items, g_ptr_array_unref);
      return NULL;
    }
  return read.items;
}

static gboolean
read_for_appointment (LdStore        *store,
                      gpointer        data,
                      LdAuditedRead  *audited,
                      GError        **error)
{
  OutboxRead *read = data;
  g_autoptr(LdAppointment) appointment =
               ld_store_appointments_get (store, read->appointment_id, error);

  if (appointment == NULL)
    return FALSE;
  read->items = ld_store_notifications_for_appointment (store, appointment->id, error);
  audited->entity_id = g_strdup (appointment->id);
  audited->detail = g_strdup (appointment->day);
  return read->items != NULL;
}

/**
 * ld_service_outbox_for_appointment:
 * @ctx: who reads
 * @appointment_id: the appointment
 * @error: return location for a #GError
 *
 * The messages about an appointment (its reminders, its cancellation, its
 * moves), with the patient's addresses: audited as
 * "appointment.notifications.read".
 *
 * Returns: (transfer container) (element-type LdNotification) (nullable):
 *   the messages, oldest first
 */
GPtrArray *
ld_service_outbox_for_appointment (LdServiceContext  *ctx,
                                   const char        *appointment_id,
                                   GError           **error)
{
  OutboxRead read = { .appointment_id = appointment_id };

  if (!ld_service_read_audited (ctx, "appointment.notifications.read", "appointment",
                                read_for_appointment, &read, error))
    {
      g_clear_pointer (&read.items, g_ptr_array_unref);
      return NULL;
    }
  return read.items;
}

static gboolean
read_list (LdStore        *store,
           gpointer        data,
           LdAuditedRead  *audited,
           GError        **error)
{
  OutboxRead *read = data;

  read->items = ld_store_notifications_list (store, read->state, read->from_us, read->until_us,
                                             read->limit, error);
  if (read->items == NULL)
    return FALSE;
  audited->detail =
    g_strdup_printf ("%s, %u shown", read->state ? read->state : "any state", read->items->len);
  return TRUE;
}

/**
 * ld_service_outbox_list:
 * @ctx: who reads (the administrator)
 * @state: (nullable): only messages in this state
 * @from_us: the day's start
 * @until_us: its end
 * @limit: at most this many
 * @error: return location for a #GError
 *
 * A day's messages with the patients' addresses, audited as
 * "notification.list".
 *
 * Returns: (transfer container) (element-type LdNotification) (nullable):
 *   the messages
 */
GPtrArray *
ld_service_outbox_list (LdServiceContext  *ctx,
                        const char        *state,
                        gint64             from_us,
                        gint64             until_us,
                        guint              limit,
                        GError           **error)
{
  OutboxRead read = { NULL, state, from_us, until_us, limit, NULL, NULL };

  if (!ld_service_read_audited (ctx, "notification.list", "notification", read_list, &read,
                                error))
    {
      g_clear_pointer (&read.items, g_ptr_array_unref);
      return NULL;
    }
  return read.items;
}
