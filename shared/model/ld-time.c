/* ld-time.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-time"

#include "config.h"

#include "ld-time.h"

/* Zones by identifier, kept for the process's life; see ld_time_zone_get(). */
static GMutex zones_lock;
static GHashTable *zones;
#define ZONES_KEPT_MAX 64
/* The local zone and the TZ it was read under (NULL: unset), under the
 * same lock; see ld_time_zone_local(). */
static GTimeZone *local_zone;
static char *local_zone_tz;

/* The clock the server stamps its records with; see ld_time_set_now(). */
static GMutex fixed_now_lock;
static gint64 fixed_now_us;

/**
 * ld_time_now:
 *
 * The time the server stamps on what it records (orders, payments,
 * samples, results, reports, audit events…): the wall clock, unless
 * ld_time_set_now() has fixed it. Session lifetimes and logs keep the
 * wall clock.
 *
 * Returns: microseconds since the epoch
 */
gint64
ld_time_now (void)
{
  gint64 fixed;

  g_mutex_lock (&fixed_now_lock);
  fixed = fixed_now_us;
  g_mutex_unlock (&fixed_now_lock);

  return fixed != 0 ? fixed : g_get_real_time ();
}

/**
 * ld_time_set_now:
 * @unix_usec: the time ld_time_now() answers from now on, or 0 for the
 *   wall clock again
 *
 * For `labdesk-server demo` alone, which plays months of a lab's work
 * through the real API in a few seconds and so must say what time each
 * step happens at. A serving server never calls it. Safe from any thread.
 */
void
ld_time_set_now (gint64 unix_usec)
{
  g_return_if_fail (unix_usec >= 0);

  g_mutex_lock (&fixed_now_lock);
  fixed_now_us = unix_usec;
  g_mutex_unlock (&fixed_now_lock);
}

/* The last microsecond of 9999-12-31: GDateTime's range ends there. */
#define LAST_USEC_FORMATTED (G_GINT64_CONSTANT (253402300800) * G_USEC_PER_SEC - 1)

/* Days since 1970-01-01 to a civil date (H. Hinnant's days_from_civil,
 * inverted), for days ≥ 0. */
static void
civil_from_days (gint64  days,
                 int    *out_year,
                 int    *out_month,
                 int    *out_day)
{
  gint64 z = days + 719468;
  gint64 era = z / 146097;
  gint64 day_of_era = z - era * 146097;
  gint64 year_of_era =
    (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  gint64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  gint64 month_index = (5 * day_of_year + 2) / 153;
  int month = (int) (month_index < 10 ? month_index + 3 : month_index - 9);

  *out_day = (int) (day_of_year - (153 * month_index + 2) / 5 + 1);
  *out_month = month;
  *out_year = (int) (year_of_era + era * 400 + (month <= 2));
}

static void
put_digits (char  *out,
            int    value,
            int    width)
{
  for (int i = width - 1; i >= 0; i--, value /= 10)
    out[i] = (char) ('0' + value % 10);
}

/* GDateTime's way, kept for times before 1970 (their milliseconds are
 * written as they always were). */
static char *
format_with_date_time (gint64 unix_usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_usec / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((unix_usec % G_USEC_PER_SEC) / 1000));
}

/**
 * ld_time_format_rfc3339:
 * @unix_usec: microseconds since the epoch
 *
 * Times on the wire and in storage are UTC with milliseconds and a `Z`, so
 * that they sort as text.
 *
 * Returns: (transfer full): such as "2026-11-22T10:52:16.123Z"
 */
char *
ld_time_format_rfc3339 (gint64 unix_usec)
{
  /* Every record, answer and audit event carries times: written by hand,
   * as GDateTime's format cost a fiftieth of the writing thread's time. */
  char text[] = "YYYY-MM-DDThh:mm:ss.mmmZ";
  gint64 seconds = unix_usec / G_USEC_PER_SEC;
  gint64 of_day = seconds % 86400;
  int year, month, day;

  g_return_val_if_fail (unix_usec <= LAST_USEC_FORMATTED, NULL);
  if (unix_usec < 0)
    return format_with_date_time (unix_usec);

  civil_from_days (seconds / 86400, &year, &month, &day);
  put_digits (text, year, 4);
  put_digits (text + 5, month, 2);
  put_digits (text + 8, day, 2);
  put_digits (text + 11, (int) (of_day / 3600), 2);
  put_digits (text + 14, (int) (of_day / 60 % 60), 2);
  put_digits (text + 17, (int) (of_day % 60), 2);
  put_digits (text + 20, (int) (unix_usec % G_USEC_PER_SEC / 1000), 3);
  return g_strdup (text);
}

/**
 * ld_time_parse_rfc3339:
 * @text: an RFC 3339 time with a zone, such as "2026-11-22T10:52:16Z"
 * @out_unix_usec: (out): microseconds since the epoch
 *
 * Returns: %TRUE if @text is such a time
 */
gboolean
ld_time_parse_rfc3339 (const char *text,
                       gint64     *out_unix_usec)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (out_unix_usec != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  /* g_date_time_to_unix_usec() is GLib 2.80, newer than Debian 12's. */
  *out_unix_usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

/**
 * ld_time_parse_date:
 * @text: a date, exactly "YYYY-MM-DD"
 * @out_date: (out caller-allocates): the date
 *
 * Digits only: no signs, spaces, times or zones.
 *
 * Returns: %TRUE if @text is a real date in that form
 */
gboolean
ld_time_parse_date (const char *text,
                    GDate      *out_date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, day, month, year);
  return TRUE;
}

/**
 * ld_time_zone_get:
 * @identifier: (nullable): an IANA zone, such as "Asia/Kolkata"
 *
 * The zone, read from the system's zone files once: GLib reads the file
 * again each time a zone's last reference goes, which was a twenty-fifth
 * of a report's rendering. Safe from any thread.
 *
 * Returns: (transfer full) (nullable): the zone, or %NULL when
 *   @identifier is %NULL, empty or not a zone the system knows
 */
GTimeZone *
ld_time_zone_get (const char *identifier)
{
  GTimeZone *zone;

  if (identifier == NULL || identifier[0] == '\0')
    return NULL;

  g_mutex_lock (&zones_lock);
  if (zones == NULL)
    zones =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_time_zone_unref);
  zone = g_hash_table_lookup (zones, identifier);
  if (zone != NULL)
    g_time_zone_ref (zone);
  else if ((zone = g_time_zone_new_identifier (identifier)) != NULL &&
           g_hash_table_size (zones) < ZONES_KEPT_MAX)
    g_hash_table_insert (zones, g_strdup (identifier), g_time_zone_ref (zone));
  g_mutex_unlock (&zones_lock);
  return zone;
}

/**
 * ld_time_zone_local:
 *
 * The process's local zone (TZ, else /etc/localtime), the zone the lab's
 * days are counted in, read once for each value of TZ. GLib 2.74 keeps it
 * only while TZ names it: with TZ unset, as a service runs, every
 * g_time_zone_new_local() (and every g_date_time_new_from_unix_local()
 * and _now_local()) reads and parses /etc/localtime again, 1 % of the
 * writing thread's time in the lab flow. Like GLib's own with TZ set, it
 * does not follow a change of /etc/localtime: restart to take one. Safe
 * from any thread.
 *
 * Returns: (transfer full): the zone
 */
GTimeZone *
ld_time_zone_local (void)
{
  const char *tz = g_getenv ("TZ");
  GTimeZone *zone;

  g_mutex_lock (&zones_lock);
  if (local_zone == NULL || g_strcmp0 (tz, local_zone_tz) != 0)
    {
      g_clear_pointer (&local_zone, g_time_zone_unref);
      g_free (local_zone_tz);
      local_zone_tz = g_strdup (tz);
      local_zone = g_time_zone_new_local ();
    }
  zone = g_time_zone_ref (local_zone);
  g_mutex_unlock (&zones_lock);
  return zone;
}

/**
 * ld_time_local_from_unix:
 * @unix_seconds: seconds since the epoch
 *
 * What g_date_time_new_from_unix_local() gives, in ld_time_zone_local().
 *
 * Returns: (transfer full) (nullable): the time, or %NULL out of range
 */
GDateTime *
ld_time_local_from_unix (gint64 unix_seconds)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}
