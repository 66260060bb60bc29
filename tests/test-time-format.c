/* test-time-format.c: times written as the wire and storage have them,
 * and the local zone the lab's days are counted in
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
  g_autofree char *new_year = ld_time_format_rfc3339 (0);
  g_autofree char *leap = ld_time_format_rfc3339 (G_GINT64_CONSTANT (951782400123456));
  g_autofree char *last = ld_time_format_rfc3339 (G_GINT64_CONSTANT (253402300799999999));

  g_assert_cmpstr (new_year, ==, "1970-01-01T00:00:00.000Z");
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

/* 2026-01-01T00:00:00Z */
#define NEW_YEAR_2026 G_GINT64_CONSTANT (1767225600)

/* The zone follows TZ, and is read once while TZ stays the same: unset
 * included, where GLib 2.74 reads /etc/localtime on every call. */
static void
test_local_zone_kept (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("TZ"));
  g_autoptr(GTimeZone) kolkata = NULL;
  g_autoptr(GTimeZone) again = NULL;
  g_autoptr(GTimeZone) new_york = NULL;
  g_autoptr(GTimeZone) unset = NULL;
  g_autoptr(GTimeZone) unset_again = NULL;
  g_autoptr(GTimeZone) glib_local = NULL;
  g_autoptr(GDateTime) new_year = NULL;
  g_autoptr(GDateTime) glib_new_year = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *glibs = NULL;

  g_setenv ("TZ", "Asia/Kolkata", TRUE);
  kolkata = ld_time_zone_local ();
  again = ld_time_zone_local ();
  g_assert_true (kolkata == again);
  new_year = ld_time_local_from_unix (NEW_YEAR_2026);
  g_assert_cmpint (g_date_time_get_utc_offset (new_year), ==, 19800 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_get_hour (new_year), ==, 5);
  g_assert_cmpint (g_date_time_get_minute (new_year), ==, 30);
  glib_new_year = g_date_time_new_from_unix_local (NEW_YEAR_2026);
  ours = g_date_time_format_iso8601 (new_year);
  glibs = g_date_time_format_iso8601 (glib_new_year);
  g_assert_cmpstr (ours, ==, glibs);
  g_assert_null (ld_time_local_from_unix (G_MAXINT64 / 2));

  g_setenv ("TZ", "America/New_York", TRUE);
  new_york = ld_time_zone_local ();
  g_assert_true (new_york != kolkata);
  g_clear_pointer (&new_year, g_date_time_unref);
  new_year = ld_time_local_from_unix (NEW_YEAR_2026);
  g_assert_cmpint (g_date_time_get_utc_offset (new_year), ==, -5 * G_TIME_SPAN_HOUR);

  g_unsetenv ("TZ");
  unset = ld_time_zone_local ();
  unset_again = ld_time_zone_local ();
  glib_local = g_time_zone_new_local ();
  g_assert_true (unset == unset_again);
  g_assert_cmpstr (g_time_zone_get_identifier (unset), ==,
                   g_time_zone_get_identifier (glib_local));

  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/format/known-days", test_known_days);
  g_test_add_func ("/time/format/as-glib-writes-them", test_as_glib_writes_them);
  g_test_add_func ("/time/zone/local-kept", test_local_zone_kept);

  return g_test_run ();
}
