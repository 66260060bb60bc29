/* ld-sample.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-sample"

#include "config.h"

#include "ld-json.h"
#include "ld-sample.h"
#include "ld-states.h"

/**
 * ld_sample_state_is_live:
 * @state: (nullable): a sample's state, such as "received"
 *
 * A rejected sample, or one whose recollection was asked for, was replaced
 * by another: its tube is not labelled again and was not measured. The
 * server's labels and reports and the desk's labels read it here.
 *
 * Returns: %TRUE when the sample is still in use
 */
gboolean
ld_sample_state_is_live (const char *state)
{
  LdSampleState known = ld_sample_state_parse (state);

  return known != LD_SAMPLE_STATE_REJECTED && known != LD_SAMPLE_STATE_RECOLLECTION_REQUESTED;
}

/**
 * ld_sample_label_codes:
 * @sample_codes: the tests a sample is for, such as HB, WBC, …, ESR
 * @test_codes: every test of its order
 * @item_codes: for each of @test_codes, the item it was ordered as (a
 *   panel's code for the tests of a panel, such as CBC), or %NULL
 *
 * What a tube's label says it is for: what was ordered, not each test a
 * panel holds ("CBC ESR", not nine codes that do not fit the label).
 *
 * Returns: (transfer full): the items, each once, in the sample's order
 */
GStrv
ld_sample_label_codes (const char * const *sample_codes,
                       const char * const *test_codes,
                       const char * const *item_codes)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; sample_codes != NULL && sample_codes[i] != NULL; i++)
    {
      const char *item = sample_codes[i];

      for (guint j = 0; test_codes != NULL && test_codes[j] != NULL; j++)
        if (g_str_equal (test_codes[j], sample_codes[i]) && item_codes[j] != NULL)
          item = item_codes[j];
      if (!g_ptr_array_find_with_equal_func (codes, item, g_str_equal, NULL))
        g_ptr_array_add (codes, g_strdup (item));
    }
  g_ptr_array_add (codes, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

/* What a custody event does to a sample: from which states, to which. A
 * rejection asks for the sample again, unless its tests are cancelled
 * (see ld_sample_rejection_state()). */
static const struct
{
  LdSampleState event;
  LdSampleState from;
  LdSampleState to;
} moves[] = {
  { LD_SAMPLE_STATE_RECEIVED, LD_SAMPLE_STATE_COLLECTED, LD_SAMPLE_STATE_RECEIVED },
  { LD_SAMPLE_STATE_REJECTED, LD_SAMPLE_STATE_COLLECTED, LD_SAMPLE_STATE_RECOLLECTION_REQUESTED },
  { LD_SAMPLE_STATE_REJECTED, LD_SAMPLE_STATE_RECEIVED, LD_SAMPLE_STATE_RECOLLECTION_REQUESTED },
  { LD_SAMPLE_STATE_STORED, LD_SAMPLE_STATE_RECEIVED, LD_SAMPLE_STATE_STORED },
  { LD_SAMPLE_STATE_DISPOSED, LD_SAMPLE_STATE_RECEIVED, LD_SAMPLE_STATE_DISPOSED },
  { LD_SAMPLE_STATE_DISPOSED, LD_SAMPLE_STATE_STORED, LD_SAMPLE_STATE_DISPOSED },
  { LD_SAMPLE_STATE_DISPOSED, LD_SAMPLE_STATE_RECOLLECTION_REQUESTED, LD_SAMPLE_STATE_DISPOSED },
  { LD_SAMPLE_STATE_DISPOSED, LD_SAMPLE_STATE_REJECTED, LD_SAMPLE_STATE_DISPOSED },
};

/**
 * ld_sample_can_move:
 * @state: (nullable): a sample's state now
 * @event: received, rejected, stored or disposed
 * @out_state: (out) (optional): the state the event leaves it in (a
 *   rejection's, if a new sample is wanted: ld_sample_rejection_state())
 *
 * The custody moves the server allows, which the bench also reads to
 * offer only the moves the server would take.
 *
 * Returns: %TRUE if @event may happen to a sample in @state
 */
gboolean
ld_sample_can_move (const char  *state,
                    const char  *event,
                    const char **out_state)
{
  LdSampleState now, done;

  /* A custody event shares its name with the state it leaves a sample in. */
  if (!ld_sample_state_from_string (state, &now) || !ld_sample_state_from_string (event, &done))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (moves[i].event == done && moves[i].from == now)
      {
        if (out_state != NULL)
          *out_state = ld_sample_state_to_string (moves[i].to);
        return TRUE;
      }
  return FALSE;
}

LdCustodyEvent *
ld_custody_event_new (const char *event,
                      const char *at,
                      const char *user_id,
                      const char *location,
                      const char *note)
{
  LdCustodyEvent *custody = g_new0 (LdCustodyEvent, 1);

  custody->event = g_strdup (event);
  custody->at = g_strdup (at);
  custody->user_id = g_strdup (user_id);
  custody->location = g_strdup (location);
  custody->note = g_strdup (note);
  return custody;
}

void
ld_custody_event_free (LdCustodyEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->event);
  g_free (event->at);
  g_free (event->user_id);
  g_free (event->user_name);
  g_free (event->location);
  g_free (event->note);
  g_free (event);
}

void
ld_rejected_result_free (LdRejectedResult *result)
{
  if (result == NULL)
    return;

  g_free (result->test_code);
  g_free (result->state);
  g_free (result->value);
  g_free (result->unit);
  g_free (result->flag);
  g_free (result->entered_by);
  g_free (result->entered_at);
  g_free (result);
}

LdSample *
ld_sample_new (void)
{
  LdSample *sample = g_new0 (LdSample, 1);

  sample->custody = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_custody_event_free);
  sample->rejected_results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ld_rejected_result_free);
  sample->version = 1;
  return sample;
}

void
ld_sample_free (LdSample *sample)
{
  if (sample == NULL)
    return;

  g_free (sample->id);
  g_free (sample->order_id);
  g_free (sample->accession);
  g_free (sample->specimen);
  g_free (sample->container);
  g_free (sample->state);
  g_free (sample->collected_by);
  g_free (sample->collected_at);
  g_free (sample->received_by);
  g_free (sample->received_at);
  g_free (sample->reject_reason);
  g_free (sample->location);
  g_free (sample->replaces_sample_id);
  g_strfreev (sample->test_codes);
  g_clear_pointer (&sample->custody, g_ptr_array_unref);
  g_clear_pointer (&sample->rejected_results, g_ptr_array_unref);
  g_free (sample);
}

void
ld_sample_write_json (const LdSample *sample,
                   LdJsonOut *out)
{
  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "id", sample->id);
  ld_json_out_string (out, "order_id", sample->order_id);
  ld_json_out_string (out, "accession", sample->accession);
  ld_json_out_string (out, "specimen", sample->specimen);
  ld_json_out_string (out, "container", sample->container);
  ld_json_out_string (out, "state", sample->state);
  ld_json_out_string (out, "collected_by", sample->collected_by);
  ld_json_out_string (out, "collected_at", sample->collected_at);
  ld_json_out_string (out, "received_by", sample->received_by);
  ld_json_out_string (out, "received_at", sample->received_at);
  ld_json_out_string (out, "reject_reason", sample->reject_reason);
  ld_json_out_string (out, "location", sample->location);
  ld_json_out_string (out, "replaces_sample_id", sample->replaces_sample_id);
  ld_json_out_int (out, "version", sample->version);

  ld_json_out_begin_array (out, "tests");
  for (guint i = 0; sample->test_codes != NULL && sample->test_codes[i] != NULL; i++)
    ld_json_out_string (out, NULL, sample->test_codes[i]);
  ld_json_out_end_array (out);

  ld_json_out_begin_array (out, "custody");
  for (guint i = 0; i < sample->custody->len; i++)
    {
      const LdCustodyEvent *event = g_ptr_array_index (sample->custody, i);

      ld_json_out_begin_object (out, NULL);
      ld_json_out_string (out, "event", event->event);
      ld_json_out_string (out, "at", event->at);
      ld_json_out_string (out, "user_id", event->user_id);
      ld_json_out_string (out, "user_name", event->user_name);
      ld_json_out_string (out, "location", event->location);
      ld_json_out_string (out, "note", event->note);
      ld_json_out_end_object (out);
    }
  ld_json_out_end_array (out);

  /* What was measured on the tube before it was rejected: no longer
   * counted, kept as it was. */
  ld_json_out_begin_array (out, "results_at_rejection");
  for (guint i = 0; i < sample->rejected_results->len; i++)
    {
      const LdRejectedResult *result = g_ptr_array_index (sample->rejected_results, i);

      ld_json_out_begin_object (out, NULL);
      ld_json_out_string (out, "test_code", result->test_code);
      ld_json_out_string (out, "state", result->state);
      ld_json_out_string (out, "value", result->value);
      ld_json_out_string (out, "unit", result->unit);
      ld_json_out_string (out, "flag", result->flag);
      ld_json_out_string (out, "entered_by", result->entered_by);
      ld_json_out_string (out, "entered_at", result->entered_at);
      ld_json_out_end_object (out);
    }
  ld_json_out_end_array (out);
  ld_json_out_end_object (out);
}

void
ld_sample_to_json (const LdSample *sample,
                   JsonBuilder    *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_sample_write_json (sample, &out);
}
