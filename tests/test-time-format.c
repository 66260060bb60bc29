/* test-time-format.c: times written as the wire and storage have them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-time.h"

/* What GDateTime writes, which ld_time_format_rfc3339() once called. */
static char *
expected (gint64 unix_usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_usec / G_USEC_PER_SEC);
  g_autofree char *seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((unix_usec % G_USEC_PER_SEC) / 1000));
}

static void
check (gint64 unix_usec)
{
  g_autofree char *written = ld_time_format_rfc3339 (unix_usec);
  g_autofree char *wanted = expected (unix_usec);
  gint64 read_back = 0;

  g_assert_cmpstr (written, ==, wanted);
  if (unix_usec >= 0)
    {
      g_assert_true (ld_time_parse_rfc3339 (written, &read_back));
      g_assert_cmpint (read_back, ==, unix_usec - unix_usec % 1000);
    }
}

static void
test_known_days (void)
{
  g_autofree char *epoch = ld_time_format_rfc3339 (0);
  g_autofree char *leap = ld_time_format_rfc3339 (G_GINT64_CONSTANT (951782400123456));
  g_autofree char *last = ld_time_format_rfc3339 (G_GINT64_CONSTANT (253402300799999999));

  g_assert_cmpstr (epoch, ==, "1970-01-01T00:00:00.000Z");
  g_assert_cmpstr (leap, ==, "2000-02-29T00:00:00.123Z");
  g_assert_cmpstr (last, ==, "9999-12-31T23:59:59.999Z");
}

/* Every day boundary around the leap years' rules (4, 100, 400), and a
 * hundred thousand times drawn from 1970 to 9999. */
static void
test_as_glib_writes_them (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (36);
  const int years[] = { 1970, 1972, 1999, 2000, 2024, 2026, 2100, 2400, 9999 };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_utc (years[i], 1, 1, 0, 0, 0);
      gint64 first = g_date_time_to_unix (start) * G_USEC_PER_SEC;

      /* GDateTime's range ends with 9999. */
      for (int day = 0; day < (years[i] == 9999 ? 365 : 366); day++)
        {
          check (first + day * G_TIME_SPAN_DAY);
          check (first + day * G_TIME_SPAN_DAY - 1);
        }
    }
  for (int i = 0; i < 100000; i++)
    check ((gint64) (g_rand_double (rand) * 253402300799.0) * G_USEC_PER_SEC +
           g_rand_int_range (rand, 0, G_USEC_PER_SEC));
  /* Before 1970: as GDateTime always wrote them. */
  check (-G_TIME_SPAN_DAY);
  check (-1500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/format/known-days", test_known_days);
  g_test_add_func ("/time/format/as-glib-writes-them", test_as_glib_writes_them);

  return g_test_run ();
}
