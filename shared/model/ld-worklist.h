/* ld-worklist.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lab's worklist tabs, by what the lab does next. */
typedef enum
{
  LD_WORKLIST_NONE = -1,   /* on no tab: unpaid, cancelled, expired, refunded */
  LD_WORKLIST_READY,       /* paid, to collect */
  LD_WORKLIST_COD,         /* cash on collection, to collect */
  LD_WORKLIST_PROCESSING,  /* collected, in process or resulted */
  LD_WORKLIST_COMPLETED,   /* verified or reported */
  LD_WORKLIST_FAILED,      /* payment failed */
  LD_WORKLIST_RECOLLECTION, /* in the lab, waiting for a new sample */
  LD_WORKLIST_N_TABS,
} LdWorklistTab;

/* Without a day, the completed tab shows the orders created in this many
 * days up to now, so that its count and page do not grow with history. */
#define LD_WORKLIST_COMPLETED_DAYS 7

LdWorklistTab        ld_worklist_tab_of            (const char    *lab_state,
                                                    const char    *payment_state);
LdWorklistTab        ld_worklist_tab_of_order      (const char    *lab_state,
                                                    const char    *payment_state,
                                                    gboolean       awaiting_recollection);
int                  ld_worklist_priority_rank     (const char    *priority);
const char          *ld_worklist_tab_to_string     (LdWorklistTab  tab);
gboolean             ld_worklist_tab_from_string   (const char    *name,
                                                    LdWorklistTab *out_tab);

const char * const  *ld_order_lab_states           (void);
const char * const  *ld_order_payment_states       (void);
const char * const  *ld_order_priorities           (void);

G_END_DECLS
