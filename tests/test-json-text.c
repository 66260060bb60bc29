/* test-json-text.c: JSON trees written as text (ld_json_to_string())
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every answer and change feed row was written by json-glib's generator;
 * ld_json_out_node() writes them now. Clients and kept texts must see the
 * same bytes, so random trees are written both ways and compared, and the
 * few places where the two differ on purpose are checked to be JSON that
 * reads back as the same tree.
 */

#include "config.h"

#include <math.h>

#include "ld-json.h"
#include "ld-json-out.h"

#define N_TREES 2000

static char *
generated (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Text both writers write alike: printable ASCII with quotes and
 * backslashes, the newline, return and tab, and UTF-8 (Devanagari, µ). */
static char *
random_text (GRand *rand)
{
  static const char * const pieces[] = {
    "a",     "Z",       "7",  " ", "\"",  "\\", "/",
    "\n",    "\r",      "\t", "{", "}",   ":",  ",",
    "प्रिया", "10^3/µL", "≤",  "'", "<b>", "%d", "\xf0\x9f\xa9\xb8",
  };
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 12);

  for (guint i = 0; i < n; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (text, FALSE);
}

static void random_value (JsonBuilder *builder,
                          GRand       *rand,
                          guint        depth);

static void
random_container (JsonBuilder *builder,
                  GRand       *rand,
                  guint        depth)
{
  guint n = g_rand_int_range (rand, 0, 6);

  if (g_rand_boolean (rand))
    {
      json_builder_begin_object (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = random_text (rand);

          json_builder_set_member_name (builder, name);
          random_value (builder, rand, depth + 1);
        }
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        random_value (builder, rand, depth + 1);
      json_builder_end_array (builder);
    }
}

static void
random_value (JsonBuilder *builder,
              GRand       *rand,
              guint        depth)
{
  static const gint64 ints[] = { 0, 1, -1, 9, 10, -10, 123456789, G_MAXINT64, G_MININT64 };

  switch (depth >= 6 ? g_rand_int_range (rand, 0, 5) : g_rand_int_range (rand, 0, 7))
    {
    case 0:
      {
        g_autofree char *text = random_text (rand);

        json_builder_add_string_value (builder, text);
        break;
      }

    case 1:
      if (g_rand_boolean (rand))
        json_builder_add_int_value (builder, ints[g_rand_int_range (rand, 0, G_N_ELEMENTS (ints))]);
      else
        json_builder_add_int_value (builder, (gint64) g_rand_int (rand) - G_MAXINT32);
      break;

    case 2:
      /* Both fractions and whole numbers, which both write as 3.0. */
      if (g_rand_boolean (rand))
        json_builder_add_double_value (builder, g_rand_double_range (rand, -1e6, 1e6));
      else
        json_builder_add_double_value (builder, g_rand_int_range (rand, -1000, 1000));
      break;

    case 3:
      json_builder_add_boolean_value (builder, g_rand_boolean (rand));
      break;

    case 4:
      json_builder_add_null_value (builder);
      break;

    default:
      random_container (builder, rand, depth);
      break;
    }
}

static void
test_same_as_json_glib (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (36);

  for (guint i = 0; i < N_TREES; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) tree = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *written = NULL;

      random_container (builder, rand, 0);
      tree = json_builder_get_root (builder);
      expected = generated (tree);
      written = ld_json_to_string (tree);
      g_assert_cmpstr (written, ==, expected);
    }
}

static JsonNode *
read_back (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Where json-glib's text is not JSON, or not the shortest escape, ours
 * differs: every control character escaped (json-glib leaves U+001F
 * bare), a double beyond decimals not given ".0" after its exponent, and
 * no infinity (null instead). */
static void
test_differences_are_json (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *written = NULL;
  char controls[32];

  for (guint c = 1; c < 32; c++)
    controls[c - 1] = (char) c;
  controls[31] = '\0';

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "controls");
  json_builder_add_string_value (builder, controls);
  json_builder_set_member_name (builder, "delete");
  json_builder_add_string_value (builder, "\x7f");
  json_builder_set_member_name (builder, "large");
  json_builder_add_double_value (builder, 1e22);
  json_builder_set_member_name (builder, "infinite");
  json_builder_add_double_value (builder, INFINITY);
  json_builder_end_object (builder);
  tree = json_builder_get_root (builder);

  written = ld_json_to_string (tree);
  g_assert_nonnull (strstr (written, "\\u001f"));
  g_assert_nonnull (strstr (written, "\"large\":1e+22,"));
  g_assert_nonnull (strstr (written, "\"infinite\":null"));

  back = read_back (written);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "controls"), ==,
                   controls);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "delete"), ==,
                   "\x7f");
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (back), "large"), ==,
                     1e22);
}

/* A tree as deep as the strict reader lets in, inside an answer's page,
 * is written whole. */
static void
test_deep_tree (void)
{
  GString *text = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  LdJsonOut out;

  for (guint i = 0; i < 31; i++)
    g_string_append (text, "{\"a\":");
  g_string_append (text, "[1]");
  for (guint i = 0; i < 31; i++)
    g_string_append_c (text, '}');
  body = g_string_free (text, FALSE);
  tree = ld_json_parse (body, -1, &error);
  g_assert_no_error (error);

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_begin_array (&out, "items");
  ld_json_out_node (&out, NULL, tree);
  ld_json_out_end_array (&out);
  ld_json_out_end_object (&out);
  written = ld_json_out_end_text (&out);

  g_assert_true (g_str_has_prefix (written, "{\"items\":[{\"a\":"));
  g_assert_nonnull (strstr (written, body));
}

/* FHIR's decimals carry their precision: 4.1 stays 4.1. */
static void
test_shortest_doubles (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *api = NULL;
  g_autofree char *shortest = NULL;
  LdJsonOut out;

  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, 4.1);
  json_builder_add_double_value (builder, 150.0);
  json_builder_add_double_value (builder, 0.125);
  json_builder_end_array (builder);
  tree = json_builder_get_root (builder);

  api = ld_json_to_string (tree);
  g_assert_cmpstr (api, ==, "[4.0999999999999996,150.0,0.125]");

  ld_json_out_init_text (&out);
  ld_json_out_set_doubles (&out, LD_JSON_OUT_DOUBLES_SHORTEST);
  ld_json_out_node (&out, NULL, tree);
  shortest = ld_json_out_end_text (&out);
  g_assert_cmpstr (shortest, ==, "[4.1,150,0.125]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-text/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/json-text/differences-are-json", test_differences_are_json);
  g_test_add_func ("/json-text/deep-tree", test_deep_tree);
  g_test_add_func ("/json-text/shortest-doubles", test_shortest_doubles);
  return g_test_run ();
}
