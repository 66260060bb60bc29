/* ld-sample-rules.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-sample-rules"

#include "config.h"

#include "ld-sample-rules.h"
#include "ld-states.h"

/**
 * ld_sample_plan:
 * @order_tests: (element-type LdOrderTest): the tests an order performs
 *
 * One sample per specimen and container, holding every test that needs
 * that tube, in the order the tests come: CBC and HbA1c share one EDTA
 * tube, kidney and liver panels one serum tube, glucose its fluoride tube.
 *
 * Returns: (transfer full) (element-type LdSample): samples with specimen,
 *   container and test codes set
 */
GPtrArray *
ld_sample_plan (GPtrArray *order_tests)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  g_autoptr(GPtrArray) builders =
               g_ptr_array_new_with_free_func ((GDestroyNotify) g_strv_builder_unref);

  for (guint i = 0; i < order_tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order_tests, i);
      guint s;

      for (s = 0; s < samples->len; s++)
        {
          const LdSample *sample = g_ptr_array_index (samples, s);

          if (g_str_equal (sample->specimen, test->specimen) &&
              g_str_equal (sample->container, test->container))
            break;
        }

      if (s == samples->len)
        {
          LdSample *sample = ld_sample_new ();

          sample->specimen = g_strdup (test->specimen);
          sample->container = g_strdup (test->container);
          g_ptr_array_add (samples, sample);
          g_ptr_array_add (builders, g_strv_builder_new ());
        }
      g_strv_builder_add (g_ptr_array_index (builders, s), test->code);
    }

  for (guint s = 0; s < samples->len; s++)
    ((LdSample *) g_ptr_array_index (samples, s))->test_codes =
      g_strv_builder_end (g_ptr_array_index (builders, s));

  return g_steal_pointer (&samples);
}

/**
 * ld_sample_check_move:
 * @sample: the sample as read now
 * @event: received, rejected, stored or disposed
 * @out_state: (out): the state the event leaves it in
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Returns: %TRUE if the event may happen to the sample now
 */
gboolean
ld_sample_check_move (const LdSample  *sample,
                      const char      *event,
                      const char     **out_state,
                      GError         **error)
{
  if (ld_sample_can_move (sample->state, event, out_state))
    return TRUE;

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
               "Sample %s is %s; it cannot be %s now.", sample->accession, sample->state, event);
  return FALSE;
}

/**
 * ld_sample_rejection_state:
 * @recollect: whether the lab wants a new sample
 *
 * A rejected sample either waits for its replacement
 * (`recollection_requested`, the order on the recollection tab) or is
 * simply `rejected`, its tests cancelled.
 *
 * Returns: (transfer none): the state a rejection leaves the sample in
 */
const char *
ld_sample_rejection_state (gboolean recollect)
{
  return ld_sample_state_wire (recollect ? LD_SAMPLE_STATE_RECOLLECTION_REQUESTED
                                         : LD_SAMPLE_STATE_REJECTED);
}

static gboolean
result_on_sample (const LdResult *result,
                  const LdSample *sample)
{
  return g_strcmp0 (result->sample_id, sample->id) == 0;
}

/**
 * ld_sample_check_reject:
 * @sample: the sample to reject
 * @results: (element-type LdResult): its order's results
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * A value verified on a sample was checked by a second person and may
 * have reached the doctor: the sample is rejected only once such a value
 * has been sent back for re-entry (or, after release, corrected by an
 * amendment).
 *
 * Returns: %TRUE if the sample may be rejected
 */
gboolean
ld_sample_check_reject (const LdSample  *sample,
                        GPtrArray       *results,
                        GError         **error)
{
  for (guint i = 0; i < results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (results, i);
      LdResultState state = ld_result_state_parse (result->state);

      if (!result_on_sample (result, sample) || state == LD_RESULT_STATE_PENDING ||
          state == LD_RESULT_STATE_ENTERED || state == LD_RESULT_STATE_CANCELLED)
        continue;

      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "%s measured on sample %s is %s; send it back for re-entry before rejecting "
                   "the sample.", result->test_code, sample->accession, result->state);
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_sample_cancels_result:
 * @sample: a sample rejected without asking for a new one
 * @result: a result of its order
 *
 * Returns: whether the rejection cancels @result: it is one of the
 *   sample's tests and not yet verified
 */
gboolean
ld_sample_cancels_result (const LdSample *sample,
                          const LdResult *result)
{
  LdResultState state = ld_result_state_parse (result->state);

  return g_strv_contains ((const char * const *) sample->test_codes, result->test_code) &&
         (state == LD_RESULT_STATE_PENDING || state == LD_RESULT_STATE_ENTERED);
}

static const LdSample *
find_sample (GPtrArray  *samples,
             const char *id)
{
  for (guint i = 0; id != NULL && i < samples->len; i++)
    if (g_str_equal (((LdSample *) g_ptr_array_index (samples, i))->id, id))
      return g_ptr_array_index (samples, i);

  return NULL;
}

/**
 * ld_sample_check_result_counts:
 * @result: a result about to be verified or released
 * @samples: (element-type LdSample): its order's samples
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * A value measured on a sample the lab rejected no longer counts: it is
 * never verified or released. The test takes a value from the new sample
 * (or is cancelled); the old value stays in the rejected sample's history.
 *
 * Returns: %TRUE if @result counts
 */
gboolean
ld_sample_check_result_counts (const LdResult  *result,
                               GPtrArray       *samples,
                               GError         **error)
{
  const LdSample *sample = find_sample (samples, result->sample_id);

  if (ld_result_state_parse (result->state) == LD_RESULT_STATE_CANCELLED || sample == NULL ||
      sample->reject_reason == NULL)
    return TRUE;

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
               "%s was measured on sample %s, which was rejected (%s): it does not count. "
               "Enter it again from the new sample.",
               result->test_code, sample->accession, sample->reject_reason);
  return FALSE;
}
