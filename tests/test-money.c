/* test-money.c: typed amounts read exactly into paise
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-money.h"

static void
assert_amount (const char *text,
               gint64      expected)
{
  gint64 paise = -1;
  const char *reason = ld_money_parse (text, &paise);

  if (reason != NULL)
    g_error ("\"%s\" refused: %s", text, reason);
  g_assert_cmpint (paise, ==, expected);
}

static void
assert_refused (const char *text)
{
  gint64 paise = -1;

  g_assert_nonnull (ld_money_parse (text, &paise));
  g_assert_cmpint (paise, ==, 0);
}

static void
test_money_parse_amounts (void)
{
  assert_amount ("0", 0);
  assert_amount ("1", 100);
  assert_amount ("1234.50", 123450);
  assert_amount ("1,234.50", 123450);
  assert_amount ("1,23,456.00", 12345600);
  assert_amount ("\u20b91,250.00", 125000);
  assert_amount ("  \u20b9 500 ", 50000);
  assert_amount ("0.29", 29);
  assert_amount ("0.5", 50);
  assert_amount (".75", 75);
  assert_amount ("12.", 1200);
  assert_amount ("100000000", G_GINT64_CONSTANT (10000000000));
}

static void
test_money_parse_refusals (void)
{
  assert_refused ("");
  assert_refused ("   ");
  assert_refused (".");
  assert_refused ("-5");
  assert_refused ("1.234");
  assert_refused ("12a");
  assert_refused ("1 000");
  assert_refused ("1,,000");
  assert_refused (",100");
  assert_refused ("100,");
  assert_refused ("1.2.3");
  assert_refused ("1e3");
  assert_refused ("100000000.01");
  assert_refused ("99999999999999999999999");
  assert_refused (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/money/parse-amounts", test_money_parse_amounts);
  g_test_add_func ("/shared/money/parse-refusals", test_money_parse_refusals);

  return g_test_run ();
}
