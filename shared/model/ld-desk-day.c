/* ld-desk-day.c: what the front desk chases in a day
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's owing list (ld_store_orders_owing) and home-visit schedule
 * (GET /api/v1/home-visits) and the desk's lists over its cache both
 * decide here which orders still owe money and where a home visit
 * stands, so the desk offline shows what the server would.
 */

#define G_LOG_DOMAIN "ld-desk-day"

#include "config.h"

#include "ld-desk-day.h"
#include "ld-states.h"

/**
 * ld_desk_owing_of:
 * @payment_state: (nullable): an order's payment state
 *
 * The day's money not settled: payment pending or failed, or cash
 * promised on collection and not yet taken. A part refund leaves what
 * remains paid for, so it owes nothing.
 *
 * Returns: why the order owes money, or %LD_OWING_NONE
 */
LdOwing
ld_desk_owing_of (const char *payment_state)
{
  switch (ld_payment_state_parse (payment_state))
    {
    case LD_PAYMENT_STATE_FAILED:
      return LD_OWING_FAILED;
    case LD_PAYMENT_STATE_COD_PENDING:
      return LD_OWING_COD;
    case LD_PAYMENT_STATE_PENDING:
      return LD_OWING_AWAITING;
    default:
      return LD_OWING_NONE;
    }
}

/**
 * ld_desk_owing_rank:
 * @owing: why an order owes money
 *
 * Failed payments come first (the patient may still be at the counter),
 * then the rest; within a rank the oldest order first.
 *
 * Returns: the rank, from 0; -1 for %LD_OWING_NONE
 */
int
ld_desk_owing_rank (LdOwing owing)
{
  switch (owing)
    {
    case LD_OWING_FAILED:
      return 0;
    case LD_OWING_COD:
    case LD_OWING_AWAITING:
      return 1;
    case LD_OWING_NONE:
    default:
      return -1;
    }
}

/**
 * ld_desk_home_visit_pending:
 * @collection: (nullable): "lab" or "home"
 * @lab_state: (nullable): the order's lab state
 *
 * A home visit is still to be made while the sample is not collected;
 * cancelled and expired orders are left out (their lab state says so).
 *
 * Returns: %TRUE when someone must still go
 */
gboolean
ld_desk_home_visit_pending (const char *collection,
                            const char *lab_state)
{
  return g_strcmp0 (collection, "home") == 0 &&
         ld_lab_state_parse (lab_state) == LD_LAB_STATE_ORDERED;
}

/**
 * ld_desk_home_visit_when:
 * @slot_start_us: the slot's start
 * @slot_end_us: its end
 * @now_us: now
 * @tomorrow_us: the start of tomorrow in the lab's time zone
 *
 * Returns: overdue once the slot has ended, today when it starts before
 *   tomorrow, else upcoming
 */
LdHomeVisitWhen
ld_desk_home_visit_when (gint64 slot_start_us,
                         gint64 slot_end_us,
                         gint64 now_us,
                         gint64 tomorrow_us)
{
  if (slot_end_us <= now_us)
    return LD_HOME_VISIT_OVERDUE;
  if (slot_start_us < tomorrow_us)
    return LD_HOME_VISIT_TODAY;
  return LD_HOME_VISIT_UPCOMING;
}

/**
 * ld_desk_start_of_day:
 * @unix_us: a time
 * @days_later: 0 for the day of @unix_us, 1 for the next, …
 * @zone: the lab's time zone
 *
 * Returns: the local midnight that starts that day, in microseconds
 */
gint64
ld_desk_start_of_day (gint64     unix_us,
                      int        days_later,
                      GTimeZone *zone)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone,
                                                   g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local),
                                                   0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, days_later);

  return g_date_time_to_unix (day) * G_USEC_PER_SEC;
}
