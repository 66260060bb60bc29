/* ld-sample-rules.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-sample-rules"

#include "config.h"

#include "ld-sample-rules.h"

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
  g_autoptr(GPtrArray) builders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strv_builder_unref);

  for (guint i = 0; i < order_tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order_tests, i);
      guint s;

      for (s = 0; s < samples->len; s++)
        {
          const LdSample *sample = g_ptr_array_index (samples, s);

          if (g_str_equal (sample->specimen, test->specimen) && g_str_equal (sample->container, test->container))
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
    ((LdSample *) g_ptr_array_index (samples, s))->test_codes = g_strv_builder_end (g_ptr_array_index (builders, s));

  return g_steal_pointer (&samples);
}

/* What a custody event does to a sample: from which states, to which. A
 * rejection asks for the sample again at once. */
static const struct
{
  const char *event;
  const char *from;
  const char *to;
} moves[] = {
  { "received", "collected", "received" },
  { "rejected", "collected", "recollection_requested" },
  { "rejected", "received", "recollection_requested" },
  { "stored", "received", "stored" },
  { "disposed", "received", "disposed" },
  { "disposed", "stored", "disposed" },
  { "disposed", "recollection_requested", "disposed" },
};

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
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_str_equal (moves[i].event, event) && g_str_equal (moves[i].from, sample->state))
      {
        *out_state = moves[i].to;
        return TRUE;
      }

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
               "Sample %s is %s; it cannot be %s now.", sample->accession, sample->state, event);
  return FALSE;
}
