/* ld-result-entry.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A value is read the way its test is kept: a numeric test takes a plain
 * decimal number, rounded to the test's decimals before it is flagged; a
 * choice test one of its choices, exactly; a text test free text, which
 * only the technician can call abnormal.
 */

#define G_LOG_DOMAIN "ld-result-entry"

#include "config.h"

#include "ld-result-entry.h"

void
ld_result_reading_clear (LdResultReading *reading)
{
  g_clear_pointer (&reading->value, g_free);
}

static char *
list_choices (const LdCatalogTest *test)
{
  JsonArray *choices = test->choices ? json_node_get_array (test->choices) : NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (choices, i));

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
is_choice (const LdCatalogTest *test,
           const char          *text)
{
  JsonArray *choices = test->choices ? json_node_get_array (test->choices) : NULL;

  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    if (g_strcmp0 (json_array_get_string_element (choices, i), text) == 0)
      return TRUE;

  return FALSE;
}

/**
 * ld_result_read_value:
 * @test: the catalogue test, whose critical limits apply
 * @range: (nullable): the reference band that applies, from
 *   ld_result_pick_range() at entry or the band copied then
 * @text: what was typed
 * @marked_abnormal: the technician calls a text result abnormal
 * @out_reading: (out caller-allocates): the value as reported, and its flag
 * @out_field: (out): on failure, the member at fault: "value" or "abnormal"
 *
 * Returns: (transfer full) (nullable): %NULL when @text is a value of the
 *   test; else what is wrong with it, for the desk to read
 */
char *
ld_result_read_value (const LdCatalogTest  *test,
                      JsonObject           *range,
                      const char           *text,
                      gboolean              marked_abnormal,
                      LdResultReading      *out_reading,
                      const char          **out_field)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (test != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (out_reading != NULL, NULL);

  memset (out_reading, 0, sizeof *out_reading);
  trimmed = g_strstrip (g_strdup (text));

  /* Numbers and choices are flagged by the rule, never by hand. */
  *out_field = "abnormal";
  if (marked_abnormal && test->result_type != LD_RESULT_TEXT)
    return g_strdup ("is only for text results");
  *out_field = "value";

  switch (test->result_type)
    {
    case LD_RESULT_NUMERIC:
      out_reading->value = ld_result_round_numeric (trimmed, test->decimals, &out_reading->numeric_value);
      if (out_reading->value == NULL)
        return g_strdup ("must be a number such as 12.5");
      out_reading->has_numeric_value = TRUE;
      out_reading->flag = ld_result_flag_numeric (test, range, out_reading->numeric_value);
      return NULL;

    case LD_RESULT_CHOICE:
      if (!is_choice (test, trimmed))
        {
          g_autofree char *choices = list_choices (test);

          return g_strdup_printf ("must be one of %s", choices);
        }
      out_reading->value = g_steal_pointer (&trimmed);
      out_reading->flag = ld_result_flag_choice (test, out_reading->value);
      return NULL;

    case LD_RESULT_TEXT:
    default:
      if (*trimmed == '\0')
        return g_strdup ("must not be empty");
      if (g_utf8_strlen (trimmed, -1) > LD_RESULT_MAX_TEXT_CHARS)
        return g_strdup ("is too long");
      out_reading->value = g_steal_pointer (&trimmed);
      out_reading->flag = marked_abnormal ? LD_FLAG_ABNORMAL : LD_FLAG_NONE;
      return NULL;
    }
}

static char *
format_limit (double value,
              gint64 decimals)
{
  char format[16];
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%" G_GINT64_FORMAT "f", decimals);
  return g_strdup (g_ascii_formatd (text, sizeof text, format, value));
}

/**
 * ld_result_describe_range:
 * @range: a reference band of the catalogue
 * @decimals: the test's decimals
 *
 * The band as it is copied into a result: its members, and "text" as the
 * report prints it ("12.0–15.0"; "≤ 200" or "≥ 40" when open-ended; a
 * value on a limit is normal).
 *
 * Returns: (transfer full): a new object node
 */
JsonNode *
ld_result_describe_range (JsonObject *range,
                          gint64      decimals)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *low_text = NULL;
  g_autofree char *high_text = NULL;
  g_autofree char *text = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  double low, high;
  JsonNode *result;

  g_return_val_if_fail (range != NULL, NULL);

  json_object_iter_init (&iter, range);
  while (json_object_iter_next (&iter, &member, &node))
    json_object_set_member (copy, member, json_node_copy (node));

  if (ld_result_range_get_limit (range, "low", &low))
    low_text = format_limit (low, decimals);
  if (ld_result_range_get_limit (range, "high", &high))
    high_text = format_limit (high, decimals);

  if (low_text != NULL && high_text != NULL)
    text = g_strdup_printf ("%s–%s", low_text, high_text);
  else if (high_text != NULL)
    text = g_strdup_printf ("≤ %s", high_text);
  else if (low_text != NULL)
    text = g_strdup_printf ("≥ %s", low_text);
  json_object_set_string_member (copy, "text", text ? text : "");

  result = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (result, copy);
  return result;
}
