/* ld-result-apply.c: what a result save does to a result
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The effect of result.save on one result, once: the server applies it
 * in the save's transaction (ld-service-entry.c), and the client's cache
 * shows a save still waiting in the outbox by the same rule
 * (ld-cache-outbox.c). A value is read and flagged against the band of
 * the patient's sex and age on the collection day, and the unit, band
 * and critical limits are copied in; no value clears a draft; a draft
 * becomes "entered" when submitted with a value, and a submitted result
 * stays submitted. The delta flag needs the patient's earlier results,
 * which only the server has: a new value leaves it for the server
 * (ld_delta_flag()).
 */

#define G_LOG_DOMAIN "ld-result-apply"

#include "config.h"

#include "ld-command-records.h"
#include "ld-flag.h"
#include "ld-json.h"
#include "ld-result-apply.h"
#include "ld-states.h"
#include "ld-time.h"

static gint64
parse_us (const char *text)
{
  gint64 unix_us = 0;

  return text != NULL && ld_time_parse_rfc3339 (text, &unix_us) ? unix_us : 0;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Reads @text as @context's test and patient make it; nothing changes on
 * a problem. */
static char *
apply_value (LdResult                  *result,
             const LdResultSaveInput   *input,
             const LdResultSaveContext *context,
             const char               **out_field)
{
  g_auto(LdResultReading) reading = { NULL };
  gint64 collected_us = parse_us (context->sample->collected_at);
  JsonObject *range;
  char *problem;
  LdAge age;

  ld_result_age_on_collection (ld_patient_get_date_of_birth (context->patient),
                               ld_patient_get_age_years (context->patient), collected_us, &age);
  range = ld_result_pick_range_for_age (context->test, ld_patient_get_sex (context->patient), &age);
  problem =
    ld_result_read_value (context->test, range, input->value, input->abnormal, &reading, out_field);
  if (problem != NULL)
    return problem;

  result->collected_us = collected_us;
  result->received_us = parse_us (context->sample->received_at);
  ld_result_set_value (result, reading.value, reading.has_numeric_value, reading.numeric_value,
                       ld_result_flag_to_string (reading.flag));
  replace (&result->sample_id, context->sample->id);
  replace (&result->unit, context->test->unit);
  g_clear_pointer (&result->reference_range, json_node_unref);
  if (range != NULL)
    result->reference_range = ld_result_describe_range (range, context->test->decimals);
  result->has_critical_low = context->test->has_critical_low;
  result->critical_low = context->test->critical_low;
  result->has_critical_high = context->test->has_critical_high;
  result->critical_high = context->test->critical_high;
  g_clear_pointer (&result->delta, json_node_unref);
  return NULL;
}

/**
 * ld_result_apply_save:
 * @result: a result that may be entered (ld_result_check_entry()),
 *   changed in place
 * @input: what the save says of it
 * @context: its test, patient and sample (for a value), who and when
 * @out_field: (out): on a problem, the member of @input it is about
 *   ("value", "abnormal")
 *
 * Applies one element of a save to @result as the server stores it (see
 * the top of this file), but for the delta flag, which a new value
 * clears for the server to set again.
 *
 * Returns: (transfer full) (nullable): %NULL once applied, else the
 *   problem with the value (for the error's field), @result unchanged
 */
char *
ld_result_apply_save (LdResult                  *result,
                      const LdResultSaveInput   *input,
                      const LdResultSaveContext *context,
                      const char               **out_field)
{
  gboolean was_entered;

  g_return_val_if_fail (result != NULL && input != NULL && context != NULL, NULL);
  g_return_val_if_fail (out_field != NULL, NULL);
  g_return_val_if_fail (input->value == NULL ||
                          (context->test != NULL && context->patient != NULL &&
                           context->sample != NULL),
                        NULL);

  *out_field = NULL;
  was_entered = ld_result_state_parse (result->state) == LD_RESULT_STATE_ENTERED;
  if (input->value == NULL && was_entered)
    {
      *out_field = "value";
      return g_strdup ("is required: the value was submitted; cancel the test instead");
    }

  if (input->value == NULL)
    {
      ld_result_set_value (result, NULL, FALSE, 0, NULL);
      g_clear_pointer (&result->reference_range, json_node_unref);
    }
  else
    {
      g_autofree char *before = g_strdup (result->value);
      gboolean instrument_said = result->source != NULL && !g_str_equal (result->source, "typed");
      char *problem = apply_value (result, input, context, out_field);

      if (problem != NULL)
        return problem;
      /* Issue 34: a value says where it came from; one a person types
       * over an instrument's draft is theirs, without its flags. A person
       * who saves the instrument's value as it came (to submit it) keeps
       * its source and flags, which auto-verification looks at. */
      if (context->instrument != NULL || !instrument_said ||
          g_strcmp0 (before, result->value) != 0)
        {
          replace (&result->source, context->instrument ? context->instrument : "typed");
          replace (&result->instrument_flags, context->instrument_flags);
          replace (&result->observed_at, context->observed_at);
        }
    }

  if (input->has_comment)
    replace (&result->comment, input->comment);

  /* Submitted stays submitted; a draft becomes entered when submitted. */
  if (was_entered || (input->submit && result->value != NULL))
    replace (&result->state, ld_result_state_wire (LD_RESULT_STATE_ENTERED));
  g_free (result->entered_at);
  result->entered_at = ld_time_format_rfc3339 (context->now_us);
  result->entered_us = context->now_us;
  if (context->user_id != NULL)
    replace (&result->entered_by, context->user_id);
  *out_field = NULL;
  return NULL;
}

/**
 * ld_result_save_input_init:
 * @input: (out caller-allocates): the input, its strings borrowed from
 *   @entry
 * @save: a save as read (ld_result_save_body_read()), for its `submit`
 * @entry: one of its results (ld_result_save_find())
 *
 * What a save says of one result, as the shared reader read it.
 */
void
ld_result_save_input_init (LdResultSaveInput   *input,
                           const LdResultSave  *save,
                           const LdResultEntry *entry)
{
  input->value = entry->value;
  input->abnormal = entry->abnormal;
  input->has_comment = entry->has_comment;
  input->comment = entry->comment;
  input->submit = save->submit;
}

static void
copy_members (JsonObject         *to,
              JsonObject         *from,
              const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    json_object_set_member (to, names[i], json_node_copy (json_object_get_member (from, names[i])));
}

/**
 * ld_result_apply_save_json:
 * @result: a result as the server sends it, changed in place
 * @input: what the save says of it
 * @context: as for ld_result_apply_save()
 * @out_field: (out): as for ld_result_apply_save()
 *
 * ld_result_apply_save() on a result's JSON: the members the save sets
 * are written over @result, the others (and `entered_by` when
 * @context names no user) left as they are.
 *
 * Returns: (transfer full) (nullable): as ld_result_apply_save()
 */
char *
ld_result_apply_save_json (JsonObject                *result,
                           const LdResultSaveInput   *input,
                           const LdResultSaveContext *context,
                           const char               **out_field)
{
  static const char * const always[] = { "state", "value",           "numeric_value",
                                         "flag",  "reference_range", "entered_at",
                                         NULL };
  static const char * const with_value[] = {
    "unit",        "critical_low", "critical_high", "sample_id",        "collected_at",
    "received_at", "delta",        "source",        "instrument_flags", "observed_at",
    NULL
  };
  static const char * const comment[] = { "comment", NULL };
  static const char * const user[] = { "entered_by", NULL };
  g_autoptr(LdResult) read = ld_command_read_result (result);
  g_autoptr(JsonNode) node = NULL;
  char *problem;

  g_return_val_if_fail (result != NULL, NULL);

  problem = ld_result_apply_save (read, input, context, out_field);
  if (problem != NULL)
    return problem;

  node = ld_result_to_node (read);
  copy_members (result, json_node_get_object (node), always);
  if (input->value != NULL)
    copy_members (result, json_node_get_object (node), with_value);
  if (input->has_comment)
    copy_members (result, json_node_get_object (node), comment);
  if (context->user_id != NULL)
    copy_members (result, json_node_get_object (node), user);
  return NULL;
}
