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

#include "ld-service-notify.h"
#include "ld-time.h"
#include "notify/ld-mime.h"
#include "notify/ld-notify-templates.h"
#include "../store/ld-store-notifications.h"

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

/**
 * ld_service_notify:
 * @ctx: a service context, inside ld_service_run()
 * @event: an event with a template, such as "report-ready"
 * @order: the order the change is about, as it now is
 * @extra_facts: (nullable): the event's own facts, string members
 * @error: return location for a #GError
 *
 * Adds an e-mail to the outbox for the order's patient, when the patient
 * has an e-mail address; a patient without one gets none.
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
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *tests = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *facts_text = NULL;
  g_autofree char *id = NULL;
  LdNotification notification = { 0 };
  const char *email;

  g_return_val_if_fail (ctx != NULL && order != NULL && order->patient_id != NULL, FALSE);
  g_return_val_if_fail (event != NULL && ld_notify_template_exists (event), FALSE);

  patient = ld_store_patients_get (ctx->store, order->patient_id, error);
  if (patient == NULL)
    return FALSE;
  email = ld_patient_get_email (patient);
  if (email == NULL || !ld_mime_address_is_valid (email))
    return TRUE;

  tests = join_item_names (order);
  amount = ld_notify_format_amount (order->total_paise);
  json_object_set_string_member (facts, "patient_name", ld_patient_get_name (patient));
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
  json_node_set_object (root, facts);
  facts_text = json_to_string (root, FALSE);

  id = g_uuid_string_random ();
  notification.id = id;
  notification.patient_id = order->patient_id;
  notification.order_id = order->id;
  notification.channel = (char *) "email";
  notification.template_name = (char *) event;
  notification.language = (char *) ld_notify_choose_language (ld_patient_get_name (patient));
  notification.facts = facts_text;
  notification.recipient = (char *) email;
  notification.next_attempt_us = ld_time_now ();
  notification.created_us = notification.next_attempt_us;
  return ld_store_notifications_add (ctx->store, &notification, error);
}
