/* ld-desk-day.h: what the front desk chases in a day
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why an order still owes money; in the owing list's order. */
typedef enum
{
  LD_OWING_NONE = -1,      /* settled: paid, refunded, cancelled, expired */
  LD_OWING_FAILED,         /* the last attempt failed: chase it first */
  LD_OWING_COD,            /* cash promised on collection, not yet taken */
  LD_OWING_AWAITING,       /* nothing paid yet */
} LdOwing;

/* Where a home visit still to be made stands today. */
typedef enum
{
  LD_HOME_VISIT_NONE = -1, /* not a home collection, or nothing left to collect */
  LD_HOME_VISIT_OVERDUE,   /* the slot has ended and the sample is not collected */
  LD_HOME_VISIT_TODAY,
  LD_HOME_VISIT_UPCOMING,
} LdHomeVisitWhen;

LdOwing          ld_desk_owing_of            (const char *payment_state);
int              ld_desk_owing_rank          (LdOwing     owing);
gboolean         ld_desk_home_visit_pending  (const char *collection,
                                              const char *lab_state);
LdHomeVisitWhen  ld_desk_home_visit_when     (gint64      slot_start_us,
                                              gint64      slot_end_us,
                                              gint64      now_us,
                                              gint64      tomorrow_us);
gint64           ld_desk_start_of_day        (gint64      unix_us,
                                              int         days_later,
                                              GTimeZone  *zone);

G_END_DECLS
