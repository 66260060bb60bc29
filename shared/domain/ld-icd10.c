/* ld-icd10.c: the lab's ICD-10 code list, as imported and searched
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is the administrator's (no list ships with Debian): the body of
 * PUT /api/v1/icd10, which the administrator's client builds from a file,
 * is read here, and a title's words are cut here for both the rows the
 * server stores and the words a doctor types.
 */

#define G_LOG_DOMAIN "ld-icd10"

#include "config.h"

#include "ld-icd10.h"

#include "ld-appointment.h"
#include "ld-text.h"

/**
 * ld_icd10_code_new:
 * @code: the code
 * @title: its title
 *
 * Returns: (transfer full): a line of the list
 */
LdIcd10Code *
ld_icd10_code_new (const char *code,
                   const char *title)
{
  LdIcd10Code *line = g_new0 (LdIcd10Code, 1);

  line->code = g_strdup (code);
  line->title = g_strdup (title);
  return line;
}

/**
 * ld_icd10_code_free:
 * @code: (nullable): a line
 */
void
ld_icd10_code_free (LdIcd10Code *code)
{
  if (code == NULL)
    return;

  g_free (code->code);
  g_free (code->title);
  g_free (code);
}

static char *
codes_field (guint       index,
             const char *member)
{
  return member ? g_strdup_printf ("codes[%u].%s", index, member)
                : g_strdup_printf ("codes[%u]", index);
}

/* One line, or FALSE with its first problem noted in @reader. */
static gboolean
read_line (LdJsonReader *reader,
           JsonNode     *element,
           guint         index,
           GHashTable   *seen,
           GPtrArray    *codes)
{
  g_autofree char *field = codes_field (index, NULL);
  g_autoptr(LdIcd10Code) line = g_new0 (LdIcd10Code, 1);
  g_autoptr(GError) error = NULL;
  LdJsonReader *item;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      ld_json_reader_add_error (reader, field, "must be an object");
      return FALSE;
    }

  item = ld_json_reader_new (json_node_get_object (element));
  if (ld_json_reader_get_string (item, "code", LD_JSON_REQUIRED, &line->code) &&
      !ld_icd10_code_is_valid (line->code))
    ld_json_reader_add_error (item, "code", "must be an ICD-10 code such as E11.9");
  ld_json_reader_get_text (item, "title", LD_JSON_REQUIRED, LD_ICD10_MAX_TITLE, &line->title);
  if (!ld_json_reader_finish (item, &error))
    {
      ld_json_reader_end_object (reader, field, item);
      return FALSE;
    }
  ld_json_reader_end_object (reader, field, item);

  if (!g_hash_table_add (seen, line->code))
    {
      g_autofree char *code_field = codes_field (index, "code");

      ld_json_reader_add_error (reader, code_field, "is listed twice");
      return FALSE;
    }
  g_ptr_array_add (codes, g_steal_pointer (&line));
  return TRUE;
}

/**
 * ld_icd10_list_read:
 * @reader: the body of PUT /api/v1/icd10
 * @out_source: (out) (transfer full): where the list comes from, such as
 *   "WHO ICD-10 2019"
 *
 * Reads "source" and "codes", each line a "code" of the ICD-10 shape
 * (the rule a visit's code follows) and a "title", no code twice, at most
 * %LD_ICD10_MAX_CODES. Problems are noted in @reader; of the lines, only
 * the first bad one is named, so that a wrong file's answer stays short.
 *
 * Returns: (transfer full) (element-type LdIcd10Code): the lines read,
 *   in order
 */
GPtrArray *
ld_icd10_list_read (LdJsonReader  *reader,
                    char         **out_source)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_icd10_code_free);
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *message =
    g_strdup_printf ("must be a list of at most %u codes", LD_ICD10_MAX_CODES);
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (reader != NULL && out_source != NULL, NULL);

  ld_json_reader_get_text (reader, "source", LD_JSON_REQUIRED, LD_ICD10_MAX_SOURCE, out_source);
  node = ld_json_reader_get_node (reader, "codes", LD_JSON_REQUIRED);
  if (node == NULL)
    return g_steal_pointer (&codes);
  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) > LD_ICD10_MAX_CODES)
    {
      ld_json_reader_add_error (reader, "codes", message);
      return g_steal_pointer (&codes);
    }

  array = json_node_get_array (node);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_line (reader, json_array_get_element (array, i), i, seen, codes))
      break;

  return g_steal_pointer (&codes);
}

/**
 * ld_icd10_list_to_json:
 * @source: where the list comes from
 * @codes: (element-type LdIcd10Code): its lines
 * @builder: a builder where a value goes
 *
 * Writes the body of PUT /api/v1/icd10.
 */
void
ld_icd10_list_to_json (const char  *source,
                       GPtrArray   *codes,
                       JsonBuilder *builder)
{
  g_return_if_fail (source != NULL && codes != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "source", source);
  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < codes->len; i++)
    {
      const LdIcd10Code *line = g_ptr_array_index (codes, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "code", line->code);
      ld_json_builder_add_string (builder, "title", line->title);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * ld_icd10_title_words:
 * @text: a title, or the words a doctor typed
 *
 * A title is searched by its words: folded (ld_text_fold()), cut at
 * anything that is not a letter, a digit or a mark, so that "(acute)" and
 * "Type-2" give "acute", "type" and "2".
 *
 * Returns: (transfer full): the folded words, in order, each once
 */
GStrv
ld_icd10_title_words (const char *text)
{
  g_autofree char *folded = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  folded = ld_text_fold (text);
  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (c != 0 && (g_unichar_isalnum (c) || type == G_UNICODE_NON_SPACING_MARK ||
                     type == G_UNICODE_SPACING_MARK))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && g_hash_table_add (seen, g_strdup (word->str)))
        g_strv_builder_add (builder, word->str);
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }

  return g_strv_builder_end (builder);
}

/**
 * ld_icd10_code_prefix:
 * @text: what a doctor typed
 *
 * Returns: (transfer full) (nullable): the start of a code it may be,
 *   upper case ("e11" gives "E11"), or %NULL when it cannot begin a code
 *   (it must be a letter, then digits, letters or a dot)
 */
char *
ld_icd10_code_prefix (const char *text)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  prefix = g_strstrip (g_ascii_strup (text, -1));
  if (!g_ascii_isalpha (prefix[0]))
    return NULL;
  for (const char *p = prefix; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.')
      return NULL;
  return g_steal_pointer (&prefix);
}
