/* test-catalog-rules.c: the shared rules of departments and initials
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-catalog.h"
#include "ld-error.h"
#include "ld-text.h"

static void
test_department_order (void)
{
  const char * const *ids = ld_departments ();

  g_assert_cmpstr (ids[0], ==, "haematology");
  g_assert_cmpstr (ids[1], ==, "biochemistry");
  g_assert_cmpstr (ids[g_strv_length ((char **) ids) - 1], ==, "other");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_true (ld_department_is_valid (ids[i]));
      g_assert_cmpuint (ld_department_rank (ids[i]), ==, i);
    }
  g_assert_false (ld_department_is_valid ("Haematology"));
  g_assert_false (ld_department_is_valid ("radiology"));
  g_assert_false (ld_department_is_valid (""));
  g_assert_false (ld_department_is_valid (NULL));
  g_assert_cmpuint (ld_department_rank ("radiology"), ==, ld_department_rank ("other"));
  g_assert_cmpstr (ld_department_get_title ("endocrinology"), ==, "Endocrinology (hormones)");
}

static void
test_panel_department (void)
{
  const char *mixed[] = { "immunology", "endocrinology", "endocrinology", NULL };
  const char *tie[] = { "immunology", "haematology", NULL };
  const char *one[] = { "serology", NULL };
  const char *none[] = { NULL };

  g_assert_cmpstr (ld_department_of_panel (mixed), ==, "endocrinology");
  g_assert_cmpstr (ld_department_of_panel (tie), ==, "haematology");
  g_assert_cmpstr (ld_department_of_panel (one), ==, "serology");
  g_assert_cmpstr (ld_department_of_panel (none), ==, "other");
}

static JsonArray *
parse_bands (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

#define AGE(v, u) "{\"value\": " #v ", \"unit\": \"" u "\"}"

/* Bands of one sex overlap or leave a gap; bands of different sexes are
 * never compared. */
static void
test_band_layout (void)
{
  static const struct
  {
    const char *bands;
    gboolean    allow_gaps;
    gboolean    good;
    guint       index;
  } cases[] = {
    /* Back to back, and bands of other sexes never compared. */
    { "[{\"sex\": \"any\", \"age_from\": " AGE (0, "days") ", \"age_to\": " AGE (
        1, "months") "},"
                     " {\"sex\": \"any\", \"age_from\": " AGE (1, "months") ", \"age_to\": null}]",
      FALSE, TRUE, 0 },
    { "[{\"sex\": \"male\", \"age_from\": " AGE (
        18, "years") ", \"age_to\": null},"
                     " {\"sex\": \"female\", \"age_from\": " AGE (
                       0, "years") ", \"age_to\": null},"
                                   " {\"sex\": \"any\", \"age_from\": " AGE (
                                     0, "years") ", \"age_to\": null}]",
      FALSE, TRUE, 0 },
    /* An open band followed by another of the same sex. */
    { "[{\"sex\": \"male\", \"age_from\": " AGE (
        18, "years") ", \"age_to\": null},"
                     " {\"sex\": \"male\", \"age_from\": " AGE (60, "years") ", \"age_to\": null}]",
      TRUE, FALSE, 1 },
    /* Listed out of order: the later in age is named. */
    { "[{\"sex\": \"female\", \"age_from\": " AGE (10, "years") ", \"age_to\": " AGE (
        20, "years") "},"
                     " {\"sex\": \"female\", \"age_from\": " AGE (0, "years") ", \"age_to\": " AGE (
                       11, "years") "}]",
      TRUE, FALSE, 0 },
    /* A gap: accepted where gaps are, refused where they are not. */
    { "[{\"sex\": \"any\", \"age_from\": " AGE (3, "days") ", \"age_to\": " AGE (
        6, "days") "},"
                   " {\"sex\": \"any\", \"age_from\": " AGE (1, "months") ", \"age_to\": null}]",
      TRUE, TRUE, 0 },
    { "[{\"sex\": \"any\", \"age_from\": " AGE (3, "days") ", \"age_to\": " AGE (
        6, "days") "},"
                   " {\"sex\": \"any\", \"age_from\": " AGE (1, "months") ", \"age_to\": null}]",
      FALSE, FALSE, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonArray) bands = parse_bands (cases[i].bands);
      guint index = G_MAXUINT;
      const char *problem = ld_catalog_check_band_layout (bands, cases[i].allow_gaps, &index);

      g_test_message ("case %u: %s", i, problem ? problem : "good");
      g_assert_cmpint (problem == NULL, ==, cases[i].good);
      if (!cases[i].good)
        g_assert_cmpuint (index, ==, cases[i].index);
    }
}

/* The server reads an overlap as a field error; the catalogue's own gaps
 * stay acceptable. */
static void
test_band_overlap_refused_on_read (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (
    parser,
    "{\"reference_ranges\": [{\"sex\": \"any\", \"age_from\": " AGE (
      0, "years") ", \"age_to\": " AGE (12, "years") ", \"low\": 1, \"high\": 2},"
                                                     " {\"sex\": \"any\", \"age_from\": " AGE (
                                                       6, "years") ", \"age_to\": null, \"low\": "
                                                                   "1, \"high\": 3}]}",
    -1, NULL));
  reader = ld_json_reader_new (json_node_get_object (json_parser_get_root (parser)));
  ld_catalog_test_read_json (test, reader, FALSE);
  g_assert_false (ld_json_reader_finish (reader, &error));
  g_assert_cmpstr (g_hash_table_lookup (ld_api_error_get_fields (error), "reference_ranges"), ==,
                   "has ranges for the same sex whose ages overlap");
}

static void
test_initials (void)
{
  static const struct
  {
    const char *name;
    const char *initials;
  } cases[] = {
    { "Meera Pillai", "M. P." },
    { "  meera   pillai ", "M. P." },
    { "e\u0301mile zola", "E\u0301. Z." },
    { "Anil Kumar Sharma Rao Extra", "A. K. S. R." },
    { "क्षितिज त्रिपाठी", "क्षि. त्रि." },
    { "श्रीमती प्रिया द्विवेदी", "श्री. प्रि. द्वि." },
    { "अनिल कुमार शर्मा", "अ. कु. श." },
    /* A zero-width non-joiner asks for the half form: the letter ends. */
    { "क्\u200Cष", "क्\u200C." },
    { "স্নেহা দত্ত", "স্নে. দ." },
    { "42 Dr", "D." },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *initials = ld_text_initials (cases[i].name);

      g_assert_cmpstr (initials, ==, cases[i].initials);
    }
  {
    g_autofree char *none = ld_text_initials (NULL);
    g_autofree char *broken = ld_text_initials ("\xff\xfe");

    g_assert_cmpstr (none, ==, "");
    g_assert_cmpstr (broken, ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/departments/order", test_department_order);
  g_test_add_func ("/catalog/departments/panel", test_panel_department);
  g_test_add_func ("/catalog/bands/layout", test_band_layout);
  g_test_add_func ("/catalog/bands/overlap-refused-on-read", test_band_overlap_refused_on_read);
  g_test_add_func ("/text/initials", test_initials);

  return g_test_run ();
}
