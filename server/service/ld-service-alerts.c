/* ld-service-alerts.c: critical results, told to the ordering doctor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A verified critical result (or an amendment that makes one) raises an
 * alert for the order's doctor. It stays open until that doctor says they
 * have seen it; the acknowledgement is audited. An order with no doctor
 * raises one that an administrator acknowledges, having told whoever
 * looks after the patient.
 */

#define G_LOG_DOMAIN "ld-service-alerts"

#include "config.h"

#include "ld-service-alerts.h"
#include "ld-service-notify.h"
#include "ld-settings.h"
#include "ld-time.h"
#include "../store/ld-store.h"
#include "../store/ld-store-results.h"

static gboolean
publish_alert (LdServiceContext  *ctx,
               const LdAlert     *alert,
               GError           **error)
{
  g_autoptr(JsonNode) record = ld_alert_to_node (alert);

  return ld_service_record_change (ctx, "alert", alert->id, LD_ALERT_READERS, record, error);
}

/**
 * ld_service_alert_raise:
 * @ctx: the change that made @result critical, inside its transaction
 * @order: the result's order
 * @result: a result whose flag is critical
 * @error: return location for a #GError
 *
 * Raises an alert for the order's doctor, audited as the system, and puts
 * it in the change feed; a doctor who asked for critical results by
 * e-mail gets one too (ld_service_notify_critical_result()).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_alert_raise (LdServiceContext  *ctx,
                        const LdOrder     *order,
                        const LdResult    *result,
                        GError           **error)
{
  g_autoptr(LdAlert) alert = ld_alert_new ();
  g_autoptr(LdAlert) saved = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (ctx != NULL && order != NULL && result != NULL, FALSE);

  alert->order_id = g_strdup (order->id);
  alert->result_id = g_strdup (result->id);
  alert->doctor_id = g_strdup (order->doctor_id);
  alert->flag = g_strdup (result->flag);
  alert->value = g_strdup (result->value);
  if (!ld_store_alerts_insert (ctx->store, alert, error))
    return FALSE;

  detail = g_strdup_printf ("%s %s, %s", order->number, result->test_code, result->flag);
  saved = ld_store_alerts_get (ctx->store, alert->id, error);
  return saved != NULL &&
         ld_service_audit_as (ctx, NULL, "system", "alert.raise", "alert", alert->id, detail,
                              error) &&
         publish_alert (ctx, saved, error) &&
         ld_service_notify_critical_result (ctx, order, result, error);
}

typedef struct
{
  const char *doctor_id;
  const char *state;
  const char *after_raised_at;
  const char *after_id;
  guint       limit;
  GPtrArray  *alerts;
} ListAlerts;

/* Open alerts raised longer ago than the critical_ack_minutes setting. */
static GPtrArray *
list_overdue (LdServiceContext  *ctx,
              const ListAlerts  *list,
              GError           **error)
{
  g_autoptr(GHashTable) stored = ld_store_settings_load (ctx->store, NULL, error);
  g_autoptr(LdSettings) settings = NULL;
  g_autofree char *cutoff = NULL;

  if (stored == NULL)
    return NULL;
  settings = ld_settings_new_from_table (stored);
  cutoff =
    ld_time_format_rfc3339 (ld_time_now () - settings->critical_ack_minutes * G_TIME_SPAN_MINUTE);
  return ld_store_alerts_list_overdue (ctx->store, cutoff, list->after_raised_at, list->after_id,
                                       list->limit + 1, error);
}

static gboolean
list_alerts (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  ListAlerts *list = data;
  g_autofree char *detail = NULL;

  g_clear_pointer (&list->alerts, g_ptr_array_unref);
  if (g_strcmp0 (list->state, "overdue") == 0)
    list->alerts = list_overdue (ctx, list, error);
  else
    list->alerts =
      ld_store_alerts_list (ctx->store, list->doctor_id,
                            list->state == NULL || g_str_equal (list->state, "open"),
                            list->after_raised_at, list->after_id, list->limit + 1, error);
  if (list->alerts == NULL)
    return FALSE;

  detail = g_strdup_printf ("%u shown", MIN (list->alerts->len, list->limit));
  return ld_service_audit (ctx, "alert.list", "alert", NULL, detail, error);
}

/**
 * ld_service_list_alerts:
 * @ctx: who reads
 * @doctor_id: (nullable): the doctor whose alerts; %NULL for everyone's
 * @state: (nullable): "open" (the default), "all", or "overdue" (open
 *   past critical_ack_minutes, everyone's)
 * @after_raised_at: (nullable): the page's cursor
 * @after_id: (nullable): the page's cursor
 * @limit: the page; one more alert is read to tell whether there is a next
 * @error: return location for a #GError
 *
 * Reads a page of alerts and audits the read, counting those shown.
 *
 * Returns: (transfer container) (element-type LdAlert) (nullable): the alerts
 */
GPtrArray *
ld_service_list_alerts (LdServiceContext  *ctx,
                        const char        *doctor_id,
                        const char        *state,
                        const char        *after_raised_at,
                        const char        *after_id,
                        guint              limit,
                        GError           **error)
{
  ListAlerts list = { doctor_id, state, after_raised_at, after_id, limit, NULL };

  g_return_val_if_fail (ctx != NULL, NULL);

  if (!ld_service_run (ctx, list_alerts, &list, error))
    {
      g_clear_pointer (&list.alerts, g_ptr_array_unref);
      return NULL;
    }
  return list.alerts;
}

/* The ordering doctor acknowledges; an administrator only when the order
 * named no doctor. */
static gboolean
check_acknowledger (LdUser         *user,
                    const LdAlert  *alert,
                    GError        **error)
{
  LdRole roles = ld_user_get_roles (user);

  if (alert->doctor_id != NULL ? g_str_equal (alert->doctor_id, ld_user_get_id (user))
                               : (roles & LD_ROLE_ADMIN) != 0)
    return TRUE;

  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                       alert->doctor_id != NULL
                         ? "This alert is for the doctor who ordered the test."
                         : "An administrator acknowledges an alert with no doctor.");
  return FALSE;
}

typedef struct
{
  const char *alert_id;
  gint64      version;
  LdAlert    *saved;
  LdAlert    *current;
} Acknowledge;

static gboolean
acknowledge_alert (LdServiceContext  *ctx,
                   gpointer           data,
                   GError           **error)
{
  Acknowledge *ack = data;
  g_autoptr(LdAlert) alert = NULL;

  g_clear_pointer (&ack->saved, ld_alert_free);
  g_clear_pointer (&ack->current, ld_alert_free);
  alert = ld_store_alerts_get (ctx->store, ack->alert_id, error);
  if (alert == NULL || !check_acknowledger (ctx->actor, alert, error))
    return FALSE;
  if (alert->version != ack->version || alert->acknowledged_at != NULL)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           alert->acknowledged_at != NULL
                             ? "This alert is already acknowledged."
                             : "This alert has changed since you saw it.");
      ack->current = g_steal_pointer (&alert);
      return FALSE;
    }

  if (!ld_store_alerts_acknowledge (ctx->store, alert, ld_user_get_id (ctx->actor), error) ||
      !ld_service_audit (ctx, "alert.acknowledge", "alert", alert->id, alert->order_number,
                         error) ||
      !publish_alert (ctx, alert, error))
    return FALSE;

  ack->saved = g_steal_pointer (&alert);
  return TRUE;
}

/**
 * ld_service_acknowledge_alert:
 * @ctx: the doctor (or, for an alert with no doctor, the administrator)
 * @alert_id: the alert
 * @version: the version the actor saw
 * @out_current: (out) (optional) (transfer full): when @version is stale
 *   or the alert is already acknowledged, the alert as it is now
 * @error: return location for a #GError
 *
 * Acknowledges an open alert, audited and put in the change feed, in one
 * transaction.
 *
 * Returns: (transfer full) (nullable): the alert as it now is
 */
LdAlert *
ld_service_acknowledge_alert (LdServiceContext  *ctx,
                              const char        *alert_id,
                              gint64             version,
                              LdAlert          **out_current,
                              GError           **error)
{
  Acknowledge ack = { alert_id, version, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && alert_id != NULL, NULL);

  if (!ld_service_run (ctx, acknowledge_alert, &ack, error))
    {
      g_clear_pointer (&ack.saved, ld_alert_free);
      if (out_current != NULL)
        *out_current = g_steal_pointer (&ack.current);
      g_clear_pointer (&ack.current, ld_alert_free);
      return NULL;
    }
  return ack.saved;
}
