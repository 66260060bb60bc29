/* ld-service-auto-verify.c: auto-verification, configured and applied
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator turns it on per test and chooses its rules (issue 34,
 * CLSI AUTO10). When a technician submits values, each submitted result
 * of such a test is put to the rules (ld_auto_verify_evaluate()) in the
 * same transaction; one that passes them all is verified by the system,
 * and the audit trail names the rule set. Release stays with a person.
 */

#define G_LOG_DOMAIN "ld-service-auto-verify"

#include "config.h"

#include "ld-service-auto-verify.h"
#include "ld-service-results.h"
#include "ld-result-body.h"
#include "ld-result-flow.h"
#include "ld-states.h"
#include "ld-time.h"
#include "../store/ld-store-auto-verify.h"
#include "../store/ld-store-results.h"

#define SYSTEM_ACTOR "system (auto-verification)"

void
ld_auto_verify_outcome_free (LdAutoVerifyOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->rule_set);
  g_free (outcome);
}

/**
 * ld_service_auto_verify_get:
 * @ctx: the administrator
 * @test_code: a catalogue test
 * @error: return location for a #GError (NOT_FOUND for no such test)
 *
 * Returns: (transfer full) (nullable): the test's rule set
 */
LdAutoVerifyConfig *
ld_service_auto_verify_get (LdServiceContext  *ctx,
                            const char        *test_code,
                            GError           **error)
{
  g_autoptr(LdCatalogTest) test = NULL;

  g_return_val_if_fail (ctx != NULL && test_code != NULL, NULL);

  if ((test = ld_store_catalog_get_test (ctx->store, test_code, error)) == NULL)
    return NULL;
  return ld_store_auto_verify_get (ctx->store, test_code, error);
}

typedef struct
{
  const char          *test_code;
  JsonObject          *body;
  LdAutoVerifyConfig  *saved;
  LdAutoVerifyConfig  *current;
} Put;

static gboolean
put_config (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  Put *put = data;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(LdAutoVerifyConfig) config = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autofree char *rule_set = NULL;
  g_autofree char *detail = NULL;
  gint64 version = -1;

  if ((test = ld_store_catalog_get_test (ctx->store, put->test_code, error)) == NULL ||
      (config = ld_store_auto_verify_get (ctx->store, put->test_code, error)) == NULL)
    return FALSE;

  reader = ld_json_reader_new (put->body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_auto_verify_config_read (config, reader);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;
  if (version != config->version)
    {
      g_clear_pointer (&put->current, ld_auto_verify_config_free);
      put->current = ld_store_auto_verify_get (ctx->store, put->test_code, NULL);
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                   "The auto-verification of %s has changed since it was read.", put->test_code);
      return FALSE;
    }

  config->version++;
  rule_set = ld_auto_verify_config_dup_name (config);
  detail = g_strdup_printf ("%s %s, %s", put->test_code, config->enabled ? "on" : "off", rule_set);
  if (!ld_store_auto_verify_put (ctx->store, config, ld_user_get_id (ctx->actor), ctx->now_us,
                                 error) ||
      !ld_service_audit (ctx, "catalog.auto_verification", "test", put->test_code, detail, error))
    return FALSE;

  put->saved = g_steal_pointer (&config);
  return TRUE;
}

/**
 * ld_service_auto_verify_put:
 * @ctx: the administrator
 * @test_code: a catalogue test
 * @body: {"enabled", "rules", "version"}: the rule set as it is to be,
 *   with the version the administrator saw
 * @out_current: (out) (transfer full) (optional): the rule set as it is
 *   now, when the version is stale
 * @error: return location for a #GError
 *
 * Saves a test's rule set with its version raised, audited as
 * `catalog.auto_verification`.
 *
 * Returns: (transfer full) (nullable): the rule set as saved
 */
LdAutoVerifyConfig *
ld_service_auto_verify_put (LdServiceContext    *ctx,
                            const char          *test_code,
                            JsonObject          *body,
                            LdAutoVerifyConfig **out_current,
                            GError             **error)
{
  Put put = { test_code, body, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);
  g_return_val_if_fail (test_code != NULL && body != NULL, NULL);

  if (!ld_service_run (ctx, put_config, &put, error))
    {
      if (out_current != NULL)
        *out_current = g_steal_pointer (&put.current);
      g_clear_pointer (&put.current, ld_auto_verify_config_free);
      return NULL;
    }
  return put.saved;
}

/* The patient's previous verified result of the test within its delta
 * window, as the delta flag compares it (see check_delta() in
 * ld-service-entry.c); FALSE only when the store fails. */
static gboolean
find_previous (LdServiceContext     *ctx,
               LdPatient            *patient,
               const LdCatalogTest  *test,
               const LdResult       *result,
               LdResult            **out_previous,
               GError              **error)
{
  g_autoptr(LdResult) previous = NULL;

  *out_previous = NULL;
  if (!test->delta_check.active || !result->has_numeric_value || result->collected_us <= 0)
    return TRUE;
  if (!ld_store_results_previous (ctx->store, ld_patient_get_id (patient), result->test_code,
                                  result->id,
                                  result->collected_us -
                                    test->delta_check.window_days * G_TIME_SPAN_DAY,
                                  result->collected_us, &previous, error))
    return FALSE;
  if (previous != NULL && previous->has_numeric_value &&
      g_strcmp0 (previous->unit, test->unit) == 0)
    *out_previous = g_steal_pointer (&previous);
  return TRUE;
}

static void
verify_by_system (LdResult *result,
                  gint64    now_us)
{
  g_free (result->state);
  result->state = g_strdup (ld_result_state_wire (LD_RESULT_STATE_VERIFIED));
  g_clear_pointer (&result->verified_by, g_free);
  g_free (result->verified_at);
  result->verified_at = ld_time_format_rfc3339 (now_us);
  result->verified_us = now_us;
}

static gboolean
put_to_rules (LdServiceContext     *ctx,
              LdPatient            *patient,
              GPtrArray            *samples,
              LdResult             *result,
              gint64                now_us,
              LdAutoVerifyOutcome **out_outcome,
              GError              **error)
{
  g_autoptr(LdAutoVerifyConfig) config = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(LdResult) previous = NULL;
  g_autoptr(GError) no_sample = NULL;
  LdDeltaPrevious compared = { NULL, NULL, 0, 0 };
  LdAutoVerifyInput input = { result, NULL, 0, NULL, NULL };
  const LdSample *sample;
  LdAutoVerifyOutcome *outcome;

  *out_outcome = NULL;
  if ((config = ld_store_auto_verify_get (ctx->store, result->test_code, error)) == NULL)
    return FALSE;
  if (!config->enabled)
    return TRUE;

  if ((test = ld_store_catalog_get_test (ctx->store, result->test_code, error)) == NULL ||
      !find_previous (ctx, patient, test, result, &previous, error))
    return FALSE;
  if (previous != NULL)
    {
      compared = (LdDeltaPrevious){ previous->id, previous->value, previous->numeric_value,
                                    previous->collected_us };
      input.previous = &compared;
    }
  sample = ld_result_find_sample (samples, result->test_code, &no_sample);
  input.sample_state = sample != NULL ? sample->state : NULL;
  input.delta_check = &test->delta_check;
  input.decimals = test->decimals;

  outcome = g_new0 (LdAutoVerifyOutcome, 1);
  outcome->result = result;
  outcome->stopped_by = ld_auto_verify_evaluate (config, &input);
  outcome->rule_set = ld_auto_verify_config_dup_name (config);
  if (outcome->stopped_by == LD_AUTO_RULE_NONE)
    verify_by_system (result, now_us);
  *out_outcome = outcome;
  return TRUE;
}

/**
 * ld_service_auto_verify_apply:
 * @ctx: a technician's submission, inside its transaction
 * @patient: the order's patient
 * @samples: (element-type LdSample): the order's samples
 * @results: (element-type LdResult): the order's results, as saved
 *   but not yet written
 * @items: (element-type LdResultEntry): the results the submission names
 * @error: return location for a #GError
 *
 * Puts each named result that is now submitted (`entered`), of a test
 * whose auto-verification is on, to its rules; one that passes them all
 * becomes `verified`, with no verifying user, at the time of the
 * submission. The caller writes the results, then audits the outcomes
 * with ld_service_auto_verify_audit().
 *
 * Returns: (transfer full) (element-type LdAutoVerifyOutcome) (nullable):
 *   what the rules made of each result put to them
 */
GPtrArray *
ld_service_auto_verify_apply (LdServiceContext  *ctx,
                              LdPatient         *patient,
                              GPtrArray         *samples,
                              GPtrArray         *results,
                              GPtrArray         *items,
                              GError           **error)
{
  g_autoptr(GPtrArray) outcomes =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_auto_verify_outcome_free);
  gint64 now_us = ld_time_now ();

  g_return_val_if_fail (ctx != NULL && patient != NULL && samples != NULL, NULL);
  g_return_val_if_fail (results != NULL && items != NULL, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const LdResultEntry *item = g_ptr_array_index (items, i);
      LdResult *result = ld_service_find_result (results, item->test_code);
      LdAutoVerifyOutcome *outcome = NULL;

      if (result == NULL || ld_result_state_parse (result->state) != LD_RESULT_STATE_ENTERED)
        continue;
      if (!put_to_rules (ctx, patient, samples, result, now_us, &outcome, error))
        return NULL;
      if (outcome != NULL)
        g_ptr_array_add (outcomes, outcome);
    }

  return g_steal_pointer (&outcomes);
}

/**
 * ld_service_auto_verify_audit:
 * @ctx: the submission, inside its transaction
 * @outcomes: (element-type LdAutoVerifyOutcome): from
 *   ld_service_auto_verify_apply()
 * @error: return location for a #GError
 *
 * Audits each result the system verified as `result.auto_verify` by the
 * actor "system (auto-verification)", naming the rule set, and each one
 * a rule held for a person as `result.auto_verify_held`, naming the rule.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_auto_verify_audit (LdServiceContext  *ctx,
                              GPtrArray         *outcomes,
                              GError           **error)
{
  for (guint i = 0; i < outcomes->len; i++)
    {
      LdAutoVerifyOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autofree char *detail = NULL;
      gboolean ok;

      if (outcome->stopped_by == LD_AUTO_RULE_NONE)
        {
          detail =
            g_strdup_printf ("%s verified by %s", outcome->result->test_code, outcome->rule_set);
          ok = ld_service_audit_as (ctx, NULL, SYSTEM_ACTOR, "result.auto_verify", "result",
                                    outcome->result->id, detail, error);
        }
      else
        {
          detail =
            g_strdup_printf ("%s held for a person by the %s rule of %s",
                             outcome->result->test_code,
                             ld_auto_rule_to_string (outcome->stopped_by), outcome->rule_set);
          ok = ld_service_audit_as (ctx, NULL, SYSTEM_ACTOR, "result.auto_verify_held", "result",
                                    outcome->result->id, detail, error);
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}
