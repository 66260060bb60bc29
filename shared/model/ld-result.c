/* ld-result.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-result"

#include "config.h"

#include "ld-age.h"
#include "ld-json.h"
#include "ld-result.h"
#include "ld-time.h"

LdResultAmendment *
ld_result_amendment_new (void)
{
  return g_new0 (LdResultAmendment, 1);
}

void
ld_result_amendment_free (LdResultAmendment *amendment)
{
  if (amendment == NULL)
    return;

  g_free (amendment->old_value);
  g_free (amendment->old_flag);
  g_free (amendment->old_comment);
  g_free (amendment->new_value);
  g_free (amendment->new_flag);
  g_free (amendment->new_comment);
  g_free (amendment->reason);
  g_free (amendment->amended_by);
  g_free (amendment->amended_at);
  g_free (amendment->kind);
  g_free (amendment);
}

LdResult *
ld_result_new (void)
{
  LdResult *result = g_new0 (LdResult, 1);

  result->amendments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_amendment_free);
  result->version = 1;
  return result;
}

void
ld_result_free (LdResult *result)
{
  if (result == NULL)
    return;

  g_free (result->id);
  g_free (result->order_id);
  g_free (result->order_number);
  g_free (result->test_code);
  g_free (result->test_name);
  g_free (result->state);
  g_free (result->value);
  g_free (result->unit);
  g_clear_pointer (&result->reference_range, json_node_unref);
  g_free (result->flag);
  g_clear_pointer (&result->delta, json_node_unref);
  g_free (result->comment);
  g_free (result->cancel_reason);
  g_free (result->sample_id);
  g_free (result->entered_by);
  g_free (result->entered_at);
  g_free (result->verified_by);
  g_free (result->verified_at);
  g_free (result->released_at);
  g_clear_pointer (&result->amendments, g_ptr_array_unref);
  g_clear_pointer (&result->critical_call, ld_critical_call_free);
  g_free (result->source);
  g_free (result->instrument_flags);
  g_free (result->observed_at);
  g_free (result);
}

/**
 * ld_result_set_value:
 * @result: a result
 * @value: (nullable): the value as reported, or %NULL to clear it
 * @has_numeric_value: whether @numeric_value holds the value
 * @numeric_value: the number, for a numeric test
 * @flag: (nullable): the flag, such as "high"
 *
 * Also clears the delta flag, which belongs to the value it compared.
 */
void
ld_result_set_value (LdResult   *result,
                     const char *value,
                     gboolean    has_numeric_value,
                     double      numeric_value,
                     const char *flag)
{
  g_return_if_fail (result != NULL);

  g_free (result->value);
  result->value = g_strdup (value);
  result->has_numeric_value = has_numeric_value;
  result->numeric_value = has_numeric_value ? numeric_value : 0;
  g_free (result->flag);
  result->flag = g_strdup (flag);
  /* The delta flag compared the old value. */
  g_clear_pointer (&result->delta, json_node_unref);
}

static void
add_time (LdJsonOut *out,
          const char  *name,
          gint64       unix_us)
{
  g_autofree char *text = unix_us > 0 ? ld_time_format_rfc3339 (unix_us) : NULL;

  ld_json_out_string (out, name, text);
}

static void
add_limit (LdJsonOut *out,
           const char  *name,
           gboolean     has_value,
           double       value)
{
  if (has_value)
    ld_json_out_double (out, name, value);
  else
    ld_json_out_null (out, name);
}

static void
add_amendment (LdJsonOut *out,
               const LdResultAmendment *amendment)
{
  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "old_value", amendment->old_value);
  ld_json_out_string (out, "old_flag", amendment->old_flag);
  ld_json_out_string (out, "old_comment", amendment->old_comment);
  ld_json_out_string (out, "new_value", amendment->new_value);
  ld_json_out_string (out, "new_flag", amendment->new_flag);
  ld_json_out_string (out, "new_comment", amendment->new_comment);
  ld_json_out_string (out, "reason", amendment->reason);
  ld_json_out_string (out, "amended_by", amendment->amended_by);
  ld_json_out_string (out, "amended_at", amendment->amended_at);
  /* Issue 18, signing: a value sent back for re-entry has no report version. */
  ld_json_out_string (out, "kind", amendment->kind ? amendment->kind : "amendment");
  if (amendment->report_version > 0)
    ld_json_out_int (out, "report_version", amendment->report_version);
  else
    ld_json_out_null (out, "report_version");
  ld_json_out_end_object (out);
}

void
ld_result_write_json (const LdResult *result,
                   LdJsonOut *out)
{
  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "id", result->id);
  ld_json_out_string (out, "order_id", result->order_id);
  ld_json_out_string (out, "order_number", result->order_number);
  ld_json_out_string (out, "test_code", result->test_code);
  ld_json_out_string (out, "test_name", result->test_name);
  ld_json_out_string (out, "state", result->state);
  ld_json_out_string (out, "value", result->value);
  add_limit (out, "numeric_value", result->has_numeric_value, result->numeric_value);
  ld_json_out_string (out, "unit", result->unit);
  ld_json_out_node (out, "reference_range", result->reference_range);
  add_limit (out, "critical_low", result->has_critical_low, result->critical_low);
  add_limit (out, "critical_high", result->has_critical_high, result->critical_high);
  ld_json_out_string (out, "flag", result->flag);
  ld_json_out_node (out, "delta", result->delta);
  ld_json_out_string (out, "comment", result->comment);
  ld_json_out_string (out, "cancel_reason", result->cancel_reason);
  ld_json_out_string (out, "sample_id", result->sample_id);
  add_time (out, "collected_at", result->collected_us);
  add_time (out, "received_at", result->received_us);
  ld_json_out_string (out, "entered_by", result->entered_by);
  ld_json_out_string (out, "entered_at", result->entered_at);
  ld_json_out_string (out, "verified_by", result->verified_by);
  ld_json_out_string (out, "verified_at", result->verified_at);
  ld_json_out_string (out, "released_at", result->released_at);
  ld_json_out_int (out, "version", result->version);
  /* Issue 18, signing. */
  ld_json_out_name (out, "critical_call");
  ld_critical_call_write_json (result->critical_call, out);
  /* Issue 34, instruments. */
  ld_json_out_string (out, "source", result->source);
  ld_json_out_string (out, "instrument_flags", result->instrument_flags);
  ld_json_out_string (out, "observed_at", result->observed_at);

  ld_json_out_begin_array (out, "amendments");
  for (guint i = 0; i < result->amendments->len; i++)
    add_amendment (out, g_ptr_array_index (result->amendments, i));
  ld_json_out_end_array (out);
  ld_json_out_end_object (out);
}

void
ld_result_to_json (const LdResult *result,
                   JsonBuilder    *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_result_write_json (result, &out);
}

JsonNode *
ld_result_to_node (const LdResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_result_to_json (result, builder);
  return json_builder_get_root (builder);
}

/**
 * ld_result_age_on:
 * @date_of_birth: (nullable): "YYYY-MM-DD"
 * @age_years: the age given at registration when the date is unknown, or -1
 * @on_date: the collection date, "YYYY-MM-DD"
 *
 * Returns: whole years on @on_date, or -1 if unknown
 */
gint64
ld_result_age_on (const char *date_of_birth,
                  gint64      age_years,
                  const char *on_date)
{
  LdAge age;

  ld_age_on (date_of_birth, age_years, on_date, &age);
  return age.known ? age.least[LD_AGE_YEARS] : -1;
}

/**
 * ld_result_get_range_text:
 * @result: a result
 *
 * Returns: (transfer none) (nullable): its reference interval as the
 *   report prints it ("12.0–15.0"), %NULL when it has none
 */
const char *
ld_result_get_range_text (const LdResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->reference_range == NULL || !JSON_NODE_HOLDS_OBJECT (result->reference_range))
    return NULL;
  return ld_json_object_get_string (json_node_get_object (result->reference_range), "text");
}

/**
 * ld_result_get_delta_previous_value:
 * @result: a result
 *
 * Returns: (transfer none) (nullable): the patient's previous value its
 *   delta flag compares with, %NULL when it has no delta flag
 */
const char *
ld_result_get_delta_previous_value (const LdResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->delta == NULL || !JSON_NODE_HOLDS_OBJECT (result->delta))
    return NULL;
  return ld_json_object_get_string (json_node_get_object (result->delta), "previous_value");
}

/**
 * ld_result_get_delta_change:
 * @result: a result with a delta flag
 * @out_previous_collected_us: (out): when the previous value was
 *   collected, 0 if not said
 *
 * Returns: the change from the previous value, in the test's unit; 0
 *   when not given
 */
double
ld_result_get_delta_change (const LdResult *result,
                            gint64         *out_previous_collected_us)
{
  JsonObject *delta;
  JsonNode *difference;
  const char *at;

  g_return_val_if_fail (result != NULL && out_previous_collected_us != NULL, 0.0);

  *out_previous_collected_us = 0;
  if (result->delta == NULL || !JSON_NODE_HOLDS_OBJECT (result->delta))
    return 0.0;
  delta = json_node_get_object (result->delta);
  at = ld_json_object_get_string (delta, "previous_collected_at");
  if (at == NULL || !ld_time_parse_rfc3339 (at, out_previous_collected_us))
    *out_previous_collected_us = 0;
  difference = json_object_get_member (delta, "difference");
  return difference != NULL && JSON_NODE_HOLDS_VALUE (difference)
           ? json_node_get_double (difference)
           : 0.0;
}
