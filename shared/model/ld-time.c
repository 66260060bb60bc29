/* ld-time.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-time"

#include "config.h"

#include "ld-time.h"

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
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_usec / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((unix_usec % G_USEC_PER_SEC) / 1000));
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
