/* ld-result-flow.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A result is pending (no value, or a draft), entered (submitted for
 * verification), verified by a second technician, released with the
 * order's report, and after that only amended, each amendment with a
 * reason. A test the lab cannot do is cancelled, with a reason, before it
 * is verified. Values may change freely until verification; after that
 * nothing is overwritten.
 */

#define G_LOG_DOMAIN "ld-result-flow"

#include "config.h"

#include "ld-result-flow.h"
#include "ld-lab-state.h"
#include "ld-states.h"

/* Sets @error and is FALSE, for `return refuse (…);`. */
#define refuse(error, code, ...) (g_set_error ((error), LD_API_ERROR, (code), __VA_ARGS__), FALSE)

/**
 * ld_result_check_order_in_lab:
 * @order: the order as read in this transaction
 * @doing: what the caller would do, for the message ("enter results")
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Results are entered, cancelled and verified while the order is in the
 * lab: collected, in process or resulted.
 *
 * Returns: %TRUE if the order is there
 */
gboolean
ld_result_check_order_in_lab (const LdOrder  *order,
                              const char     *doing,
                              GError        **error)
{
  const char *state = order->lab_state;
  LdLabState lab_state = ld_lab_state_parse (state);

  if (ld_lab_state_is_in_lab (state))
    return TRUE;

  if (lab_state == LD_LAB_STATE_ORDERED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "Order %s is not collected yet; you cannot %s.", order->number, doing);
  if (lab_state == LD_LAB_STATE_VERIFIED || lab_state == LD_LAB_STATE_REPORTED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "Order %s is %s; you cannot %s. After release, change a result by an amendment.",
                   order->number, state, doing);
  return refuse (error, LD_API_ERROR_CONFLICT,
                 "Order %s is %s; you cannot %s.", order->number, state, doing);
}

/* A result that is past entry, described for the desk. */
static gboolean
refuse_settled (const LdResult  *result,
                GError         **error)
{
  LdResultState state = ld_result_state_parse (result->state);

  if (state == LD_RESULT_STATE_CANCELLED)
    return refuse (error, LD_API_ERROR_CONFLICT, "%s was cancelled (%s); it takes no value.",
                   result->test_code, result->cancel_reason ? result->cancel_reason : "no reason");
  if (state == LD_RESULT_STATE_VERIFIED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "%s is verified; it can change only by an amendment after release.",
                   result->test_code);
  return refuse (error, LD_API_ERROR_CONFLICT, "%s is %s; change it by an amendment.",
                 result->test_code, result->state);
}

/**
 * ld_result_check_entry:
 * @result: the result as read in this transaction
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Returns: %TRUE if a value may be saved: it is pending or entered
 */
gboolean
ld_result_check_entry (const LdResult  *result,
                       GError         **error)
{
  LdResultState state = ld_result_state_parse (result->state);

  if (state == LD_RESULT_STATE_PENDING || state == LD_RESULT_STATE_ENTERED)
    return TRUE;

  return refuse_settled (result, error);
}

/**
 * ld_result_check_cancel:
 * @result: the result as read in this transaction
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Returns: %TRUE if the test may be cancelled: it is not verified yet
 */
gboolean
ld_result_check_cancel (const LdResult  *result,
                        GError         **error)
{
  return ld_result_check_entry (result, error);
}

/**
 * ld_result_check_verify:
 * @result: the result as read in this transaction
 * @user_id: who verifies
 * @allow_self_verification: the lab's setting
 * @error: return location for an %LD_API_ERROR (CONFLICT, or FORBIDDEN
 *   for one's own result)
 *
 * Returns: %TRUE if @user_id may verify @result now
 */
gboolean
ld_result_check_verify (const LdResult  *result,
                        const char      *user_id,
                        gboolean         allow_self_verification,
                        GError         **error)
{
  LdResultState state = ld_result_state_parse (result->state);

  if (state == LD_RESULT_STATE_PENDING)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "%s has no value submitted yet; there is nothing to verify.", result->test_code);
  if (state != LD_RESULT_STATE_ENTERED)
    return refuse (error, LD_API_ERROR_CONFLICT, "%s is %s; it cannot be verified again.",
                   result->test_code, result->state);
  if (!allow_self_verification && g_strcmp0 (result->entered_by, user_id) == 0)
    return refuse (error, LD_API_ERROR_FORBIDDEN,
                   "You entered %s; another technician must verify it.", result->test_code);

  return TRUE;
}

/**
 * ld_result_check_release:
 * @order: the order as read in this transaction
 * @results: (element-type LdResult): all its results
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * An order is released once every test is verified or cancelled, and at
 * least one is verified: a report with no result says nothing.
 *
 * Returns: %TRUE if the order may be released now
 */
gboolean
ld_result_check_release (const LdOrder  *order,
                         GPtrArray      *results,
                         GError        **error)
{
  g_autoptr(GString) waiting = g_string_new (NULL);
  LdLabState lab_state = ld_lab_state_parse (order->lab_state);
  guint n_verified = 0;

  for (guint i = 0; i < results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (results, i);
      LdResultState state = ld_result_state_parse (result->state);

      if (state == LD_RESULT_STATE_VERIFIED)
        n_verified++;
      else if (state != LD_RESULT_STATE_CANCELLED)
        g_string_append_printf (waiting, "%s%s", waiting->len ? ", " : "", result->test_code);
    }

  if (waiting->len > 0 &&
      (lab_state == LD_LAB_STATE_IN_PROCESS || lab_state == LD_LAB_STATE_RESULTED))
    return refuse (error, LD_API_ERROR_CONFLICT, "Order %s is %s: %s not verified yet.",
                   order->number, ld_lab_state_describe (order->lab_state), waiting->str);
  if (n_verified == 0 && lab_state == LD_LAB_STATE_VERIFIED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "Order %s has no verified result to report.", order->number);

  return TRUE;
}

/**
 * ld_result_check_amend:
 * @order: the order as read in this transaction
 * @result: one of its results
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Returns: %TRUE if @result may be amended: the order is reported and the
 *   result was released
 */
gboolean
ld_result_check_amend (const LdOrder   *order,
                       const LdResult  *result,
                       GError         **error)
{
  LdResultState state = ld_result_state_parse (result->state);

  if (ld_lab_state_parse (order->lab_state) != LD_LAB_STATE_REPORTED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "Order %s is %s; only a released report is amended.", order->number,
                   ld_lab_state_describe (order->lab_state));
  if (state != LD_RESULT_STATE_RELEASED && state != LD_RESULT_STATE_AMENDED)
    return refuse (error, LD_API_ERROR_CONFLICT, "%s is %s; it was not reported.",
                   result->test_code, result->state);

  return TRUE;
}

/**
 * ld_result_check_return:
 * @order: the order as read in this transaction
 * @result: one of its results
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Issue 18: a verified result may be sent back for re-entry until the
 * report is released; after release it changes only by an amendment.
 *
 * Returns: %TRUE if @result may be sent back
 */
gboolean
ld_result_check_return (const LdOrder   *order,
                        const LdResult  *result,
                        GError         **error)
{
  LdResultState state = ld_result_state_parse (result->state);

  if (state == LD_RESULT_STATE_RELEASED || state == LD_RESULT_STATE_AMENDED ||
      ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_REPORTED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "%s is released; change it by an amendment instead.", result->test_code);
  if (state != LD_RESULT_STATE_VERIFIED)
    return refuse (error, LD_API_ERROR_CONFLICT,
                   "%s is %s; only a verified result is sent back for re-entry.",
                   result->test_code, result->state);
  return TRUE;
}

/**
 * ld_result_send_back:
 * @result: a verified result (see ld_result_check_return())
 *
 * Makes @result pending again, as if no value had been entered: its value,
 * flag, who entered and verified it, and a critical value's call are
 * cleared (the caller keeps what it said in its history). The comment
 * stays for the technician who enters it again.
 */
void
ld_result_send_back (LdResult *result)
{
  g_return_if_fail (result != NULL);

  ld_result_set_value (result, NULL, FALSE, 0, NULL);
  g_free (result->state);
  result->state = g_strdup (ld_result_state_wire (LD_RESULT_STATE_PENDING));
  g_clear_pointer (&result->entered_by, g_free);
  g_clear_pointer (&result->entered_at, g_free);
  g_clear_pointer (&result->verified_by, g_free);
  g_clear_pointer (&result->verified_at, g_free);
  g_clear_pointer (&result->critical_call, ld_critical_call_free);
  result->entered_us = 0;
  result->verified_us = 0;
}

/**
 * ld_result_find_sample:
 * @samples: (element-type LdSample): the order's samples, oldest first
 * @test_code: a test of the order
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * The sample a value is measured on: the newest one holding the test (a
 * recollection replaces a rejected tube), and only once the lab has
 * received it.
 *
 * Returns: (transfer none) (nullable): the sample
 */
const LdSample *
ld_result_find_sample (GPtrArray   *samples,
                       const char  *test_code,
                       GError     **error)
{
  for (guint i = samples->len; i > 0; i--)
    {
      const LdSample *sample = g_ptr_array_index (samples, i - 1);
      LdSampleState state;

      if (sample->test_codes == NULL ||
          !g_strv_contains ((const char * const *) sample->test_codes, test_code))
        continue;

      state = ld_sample_state_parse (sample->state);
      /* A rejected tube, or one not received yet, holds no value. */
      if (state == LD_SAMPLE_STATE_RECEIVED || state == LD_SAMPLE_STATE_STORED ||
          state == LD_SAMPLE_STATE_DISPOSED)
        return sample;

      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "The sample for %s (%s) is %s; it must be received first.", test_code,
                   sample->accession,
                   state == LD_SAMPLE_STATE_RECOLLECTION_REQUESTED ? "to be collected again"
                                                                   : sample->state);
      return NULL;
    }

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT, "No sample holds %s; collect it first.",
               test_code);
  return NULL;
}

/**
 * ld_result_is_checked:
 * @result: a result
 *
 * Doctors see a value once a second technician has checked it, never a
 * draft or a value that may yet be a typing slip.
 *
 * Returns: %TRUE once @result is verified (and after: released, amended)
 */
gboolean
ld_result_is_checked (const LdResult *result)
{
  LdResultState state = ld_result_state_parse (result->state);

  return state == LD_RESULT_STATE_VERIFIED || state == LD_RESULT_STATE_RELEASED ||
         state == LD_RESULT_STATE_AMENDED;
}

/**
 * ld_result_is_auto_verified:
 * @result: a result
 *
 * Whether the system verified it by its test's rules (issue 34), not a
 * person: such a result has a verification time and names no verifier
 * (`verified_by` is %NULL on the wire, see docs/api.md).
 *
 * Returns: %TRUE for a result verified by auto-verification
 */
gboolean
ld_result_is_auto_verified (const LdResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return result->verified_at != NULL && result->verified_by == NULL;
}

/* Critical results tell the ordering doctor. */
gboolean
ld_result_is_critical (const char *flag)
{
  return g_strcmp0 (flag, "critical_low") == 0 || g_strcmp0 (flag, "critical_high") == 0;
}
