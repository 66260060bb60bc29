/* ld-service-access.c: audited reads, breaking the glass, the audit check
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A read that shows patient data (or who read it) is audited in the
 * transaction it reads in, so the event is written exactly when the read
 * is answered. Breaking the glass (issue 15) opens one patient to one
 * doctor for a while, puts that patient's records in their feed again
 * and is audited with its reason.
 */

#define G_LOG_DOMAIN "ld-service-access"

#include "config.h"

#include "ld-record-id.h"
#include "ld-service-access.h"
#include "ld-result-flow.h"
#include "ld-settings.h"
#include "ld-store-orders.h"
#include "ld-store-results.h"
#include "ld-store-samples.h"
#include "ld-time.h"

typedef struct
{
  const char        *action;
  const char        *entity;
  LdAuditedReadFunc  read;
  gpointer           data;
} AuditedRead;

static gboolean
read_audited (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  AuditedRead *read = data;
  LdAuditedRead audited = { NULL, NULL };
  gboolean ok;

  ok = read->read (ctx->store, read->data, &audited, error) &&
       ld_service_audit (ctx, read->action, read->entity, audited.entity_id, audited.detail, error);
  g_free (audited.entity_id);
  g_free (audited.detail);
  return ok;
}

/**
 * ld_service_read_audited:
 * @ctx: who reads; a signed-in user
 * @action: what the audit trail calls the read, such as "patient.read"
 * @entity: such as "patient"
 * @read: the read, which also says what it showed
 * @data: for @read
 * @error: return location for a #GError
 *
 * Runs @read and audits it in one transaction: the event is there
 * exactly when the read succeeded.
 *
 * Returns: %TRUE once read and audited
 */
gboolean
ld_service_read_audited (LdServiceContext   *ctx,
                         const char         *action,
                         const char         *entity,
                         LdAuditedReadFunc   read,
                         gpointer            data,
                         GError            **error)
{
  AuditedRead audited_read = { action, entity, read, data };

  g_return_val_if_fail (ctx != NULL && action != NULL && entity != NULL && read != NULL, FALSE);

  return ld_service_run (ctx, read_audited, &audited_read, error);
}

/* Puts one record again in the feed, for @doctor_id alone. */
static gboolean
resend (LdServiceContext  *ctx,
        const char        *entity,
        const char        *id,
        const char        *order_id,
        const char        *doctor_id,
        JsonNode          *record,
        GError           **error)
{
  g_autoptr(JsonNode) owned = record;

  return ld_service_record_change_kept (ctx, entity, id, LD_ROLE_DOCTOR, order_id, doctor_id,
                                        owned, error);
}

static JsonNode *
node_of (gconstpointer  item,
         void         (*to_json) (gconstpointer, JsonBuilder *))
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  to_json (item, builder);
  return json_builder_get_root (builder);
}

/*
 * resend_order:
 *
 * The feed decides at each read whose patient is whose, so a client that
 * follows it from its position would get only the changes written after
 * the glass was broken. The order's current records (those a doctor's
 * feed carries: checked results only) go in again, addressed to this
 * doctor alone, so their cache receives them; they are hidden again when
 * the grant runs out, like the rest of the patient's.
 */
static gboolean
resend_order (LdServiceContext  *ctx,
              const LdOrder     *order,
              const char        *doctor_id,
              GError           **error)
{
  g_autoptr(GPtrArray) samples = ld_store_samples_for_order (ctx->store, order->id, error);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) reports = NULL;

  if (samples == NULL ||
      (results = ld_store_results_for_order (ctx->store, order->id, error)) == NULL ||
      (reports = ld_store_reports_for_order (ctx->store, order->id, error)) == NULL ||
      !resend (ctx, "order", order->id, order->id, doctor_id, ld_order_to_node (order), error))
    return FALSE;

  for (guint i = 0; i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);

      if (!resend (ctx, "sample", sample->id, order->id, doctor_id,
                   node_of (sample, (void (*) (gconstpointer, JsonBuilder *)) ld_sample_to_json),
                   error))
        return FALSE;
    }
  for (guint i = 0; i < results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (results, i);

      if (ld_result_is_checked (result) && !resend (ctx, "result", result->id, order->id, doctor_id,
                                                    ld_result_to_node (result), error))
        return FALSE;
    }
  for (guint i = 0; i < reports->len; i++)
    {
      const LdReportVersion *report = g_ptr_array_index (reports, i);

      if (!resend (ctx, "report", report->id, order->id, doctor_id,
                   ld_report_version_to_node (report), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
resend_patient (LdServiceContext  *ctx,
                const char        *patient_id,
                const char        *doctor_id,
                GError           **error)
{
  LdOrderFilter filter = { NULL };
  g_autofree char *after_id = NULL;

  filter.patient_id = patient_id;
  filter.limit = 200;
  for (;;)
    {
      g_autoptr(GPtrArray) orders = ld_store_orders_list (ctx->store, &filter, error);
      const LdOrder *last;

      if (orders == NULL)
        return FALSE;
      for (guint i = 0; i < orders->len; i++)
        if (!resend_order (ctx, g_ptr_array_index (orders, i), doctor_id, error))
          return FALSE;
      if (orders->len < filter.limit)
        return TRUE;
      last = g_ptr_array_index (orders, orders->len - 1);
      g_free (after_id);
      after_id = g_strdup (last->id);
      filter.after_id = after_id;
      filter.after_created_us = last->created_us;
    }
}

typedef struct
{
  const char   *patient_id;
  const char   *reason;
  LdBreakGlass *grant;
} BreakGlass;

static gboolean
break_glass (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  BreakGlass *glass = data;
  g_autoptr(GHashTable) stored = ld_store_settings_load (ctx->store, NULL, error);
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(LdPatient) patient = NULL;
  LdBreakGlass *grant;

  if (stored == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);

  patient = ld_store_patients_get (ctx->store, glass->patient_id, error);
  if (patient == NULL)
    return FALSE;

  g_clear_pointer (&glass->grant, ld_break_glass_free);
  grant = glass->grant = g_new0 (LdBreakGlass, 1);
  grant->id = ld_record_id_new ();
  grant->doctor_id = g_strdup (ld_user_get_id (ctx->actor));
  grant->doctor_name = g_strdup (ld_user_get_display_name (ctx->actor));
  grant->patient_id = g_strdup (ld_patient_get_id (patient));
  grant->patient_mrn = g_strdup (ld_patient_get_mrn (patient));
  grant->patient_name = g_strdup (ld_patient_get_name (patient));
  grant->reason = g_strdup (glass->reason);
  grant->at_us = ld_time_now ();
  grant->until_us = grant->at_us + settings->break_glass_minutes * G_TIME_SPAN_MINUTE;

  return ld_store_break_glass_add (ctx->store, grant, error) &&
         resend_patient (ctx, grant->patient_id, grant->doctor_id, error) &&
         ld_service_audit (ctx, "patient.break_glass", "patient", grant->patient_id,
                           grant->reason, error);
}

/**
 * ld_service_break_glass:
 * @ctx: the doctor breaking the glass
 * @patient_id: whose records they open
 * @reason: why, checked already (ld_break_glass_check_reason()) and trimmed
 * @error: return location for a #GError; %LD_STORE_ERROR_NOT_FOUND for
 *   no such patient
 *
 * Opens the patient to the doctor for the lab's break_glass_minutes,
 * puts the patient's records in the doctor's feed again and audits the
 * grant with its reason.
 *
 * Returns: (transfer full) (nullable): the grant
 */
LdBreakGlass *
ld_service_break_glass (LdServiceContext  *ctx,
                        const char        *patient_id,
                        const char        *reason,
                        GError           **error)
{
  BreakGlass glass = { patient_id, reason, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);
  g_return_val_if_fail (patient_id != NULL && reason != NULL, NULL);

  if (!ld_service_run (ctx, break_glass, &glass, error))
    {
      g_clear_pointer (&glass.grant, ld_break_glass_free);
      return NULL;
    }

  return glass.grant;
}

typedef struct
{
  LdAuditCheck *check;
  gboolean      audited;
} AuditCheck;

/* One check at a time: only a check that will start is audited. */
static gboolean
audit_check (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  AuditCheck *start = data;

  start->audited = !ld_audit_check_is_running (start->check);
  if (!start->audited)
    return TRUE;

  return ld_service_audit (ctx, "audit.check", "audit", NULL, NULL, error);
}

/**
 * ld_service_start_audit_check:
 * @ctx: the administrator asking
 * @check: the server's check of the audit chain
 * @error: return location for a #GError
 *
 * Starts the audit chain's check in the background, audited, unless one
 * is running already (which is then neither started again nor audited).
 * The check starts once its event is committed, so it counts it.
 *
 * Returns: %TRUE on success, whether a check started or one was running
 */
gboolean
ld_service_start_audit_check (LdServiceContext  *ctx,
                              LdAuditCheck      *check,
                              GError           **error)
{
  AuditCheck start = { check, FALSE };

  g_return_val_if_fail (ctx != NULL && check != NULL, FALSE);

  if (!ld_service_run (ctx, audit_check, &start, error))
    return FALSE;

  /* The server's thread alone starts checks: none began meanwhile. */
  if (start.audited)
    ld_audit_check_start (check);
  return TRUE;
}
