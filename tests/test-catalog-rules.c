/* test-catalog-rules.c: the shared rules of departments and initials
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-catalog.h"
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
  g_test_add_func ("/text/initials", test_initials);

  return g_test_run ();
}
