/* fuzz-json.c: the strict JSON reader, and the typed readers behind it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes go through ld_json_parse(); what it accepts must hold only
 * valid UTF-8 strings (names too), must write back as JSON it accepts
 * again, and is then read as a patient and as a catalogue test, the
 * typed readers request bodies meet. A crash, a sanitizer report or a
 * broken rule aborts.
 */

#include "config.h"

#include "ld-catalog.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-patient.h"
#include "fuzz-target.h"

/* Every string in @node, member names too, is text: json-glib was once
 * handed "\ud83d" and kept invalid UTF-8. */
static void
check_strings (JsonNode *node,
               guint     depth)
{
  if (depth > 64)
    g_error ("a parsed value is nested %u deep", depth);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (!g_utf8_validate (name, -1, NULL))
            g_error ("a member name is not UTF-8");
          check_strings (member, depth + 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_strings (json_array_get_element (array, i), depth + 1);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
        g_error ("a string is not UTF-8");
    }
}

static void
read_typed (JsonObject *object)
{
  {
    g_autoptr(LdPatient) patient = ld_patient_new ("00000000-0000-4000-8000-000000000000");
    g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
    g_autoptr(GError) error = NULL;

    ld_patient_read_json (patient, reader, TRUE);
    if (!ld_json_reader_finish (reader, &error))
      g_assert (error != NULL && error->domain == LD_API_ERROR);
  }
  {
    g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();
    g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
    g_autoptr(GError) error = NULL;

    ld_catalog_test_read_json (test, reader, TRUE);
    if (!ld_json_reader_finish (reader, &error))
      g_assert (error != NULL && error->domain == LD_API_ERROR);
  }
  {
    g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
    g_autoptr(LdJsonReader) child = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) strv = NULL;
    gint64 whole;
    double number;
    gboolean flag;

    ld_json_reader_get_string (reader, "name", LD_JSON_NON_EMPTY, &text);
    ld_json_reader_get_int (reader, "version", LD_JSON_NULLABLE, &whole);
    ld_json_reader_get_number (reader, "low", LD_JSON_OPTIONAL, &number);
    ld_json_reader_get_bool (reader, "active", LD_JSON_OPTIONAL, &flag);
    ld_json_reader_get_strv (reader, "items", LD_JSON_OPTIONAL, &strv);
    child = ld_json_reader_get_object (reader, "discount", LD_JSON_NULLABLE);
    if (child != NULL)
      {
        g_autofree char *reason = NULL;

        ld_json_reader_get_string (child, "reason", LD_JSON_REQUIRED, &reason);
        ld_json_reader_end_object (reader, "discount", g_steal_pointer (&child));
      }
    if (!ld_json_reader_finish (reader, &error))
      g_assert (error != NULL && error->domain == LD_API_ERROR);
  }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ld_json_parse ((const char *) data, size, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *written = NULL;

  if (root == NULL)
    {
      if (!g_error_matches (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST))
        g_error ("a refusal that is not bad_request");
      return 0;
    }

  check_strings (root, 1);

  written = ld_json_to_string (root);
  again = ld_json_parse (written, -1, &error);
  if (again == NULL)
    g_error ("what was parsed does not parse again: %s (%s)", error->message, written);

  if (JSON_NODE_HOLDS_OBJECT (root))
    read_typed (json_node_get_object (root));

  return 0;
}
