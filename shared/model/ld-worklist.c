/* ld-worklist.c: which worklist tab an order is on, and in what order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule is written here once. The client's cache files each order it
 * receives under ld_worklist_tab_of() and ld_worklist_priority_rank(). The
 * server selects a tab's page in SQL (a CASE over the same table, so the
 * tab's index and keyset paging serve it), and test-worklist-rules
 * evaluates that SQL on every combination of states and priorities
 * against these functions; test-client-worklist-rules does the same for
 * the tabs the cache shows.
 */

#define G_LOG_DOMAIN "ld-worklist"

#include "config.h"

#include "ld-worklist.h"

static const char * const lab_states[] = {
  "ordered", "collected", "in_process", "resulted", "verified", "reported", "cancelled",
  "expired", NULL
};

static const char * const payment_states[] = {
  "pending", "paid", "cod_pending", "failed", "partly_refunded", "refunded", "cancelled",
  "expired", NULL
};

/* In rank order: stat first, then urgent, then routine. */
static const char * const priorities[] = { "stat", "urgent", "routine", NULL };

static const char * const tab_names[LD_WORKLIST_N_TABS] = {
  [LD_WORKLIST_READY] = "ready",
  [LD_WORKLIST_COD] = "cod",
  [LD_WORKLIST_PROCESSING] = "processing",
  [LD_WORKLIST_COMPLETED] = "completed",
  [LD_WORKLIST_FAILED] = "failed",
  [LD_WORKLIST_RECOLLECTION] = "recollection",
};

/* The lab states in which a rejected sample's order waits for a new one. */
static const char * const in_lab_states[] = { "collected", "in_process", "resulted", NULL };

/* First match wins; NULL matches any payment state. Ready and cod are the
 * collectable orders of ld_order_payment_lets_collect(): a part refund
 * before collection leaves what remains paid for. */
static const struct
{
  const char    *lab_state;
  const char    *payment_state;
  LdWorklistTab  tab;
} tab_rules[] = {
  { "ordered",    "paid",        LD_WORKLIST_READY },
  { "ordered",    "partly_refunded", LD_WORKLIST_READY },
  { "ordered",    "cod_pending", LD_WORKLIST_COD },
  { "ordered",    "failed",      LD_WORKLIST_FAILED },
  { "collected",  NULL,          LD_WORKLIST_PROCESSING },
  { "in_process", NULL,          LD_WORKLIST_PROCESSING },
  { "resulted",   NULL,          LD_WORKLIST_PROCESSING },
  { "verified",   NULL,          LD_WORKLIST_COMPLETED },
  { "reported",   NULL,          LD_WORKLIST_COMPLETED },
};

/**
 * ld_worklist_tab_of:
 * @lab_state: (nullable): an order's `lab_state`
 * @payment_state: (nullable): its `payment_state`
 *
 * Returns: the worklist tab the order is on, or %LD_WORKLIST_NONE
 */
LdWorklistTab
ld_worklist_tab_of (const char *lab_state,
                    const char *payment_state)
{
  for (guint i = 0; lab_state != NULL && i < G_N_ELEMENTS (tab_rules); i++)
    if (g_str_equal (tab_rules[i].lab_state, lab_state) &&
        (tab_rules[i].payment_state == NULL ||
         g_strcmp0 (tab_rules[i].payment_state, payment_state) == 0))
      return tab_rules[i].tab;

  return LD_WORKLIST_NONE;
}

/**
 * ld_worklist_tab_of_order:
 * @lab_state: (nullable): an order's `lab_state`
 * @payment_state: (nullable): its `payment_state`
 * @awaiting_recollection: whether the lab rejected one of its samples and
 *   asked for a new one that is not collected yet
 *
 * An order in the lab that waits for a new sample is on the recollection
 * tab, whatever else it holds; otherwise as ld_worklist_tab_of().
 *
 * Returns: the worklist tab the order is on, or %LD_WORKLIST_NONE
 */
LdWorklistTab
ld_worklist_tab_of_order (const char *lab_state,
                          const char *payment_state,
                          gboolean    awaiting_recollection)
{
  if (awaiting_recollection && lab_state != NULL && g_strv_contains (in_lab_states, lab_state))
    return LD_WORKLIST_RECOLLECTION;

  return ld_worklist_tab_of (lab_state, payment_state);
}

/**
 * ld_worklist_priority_rank:
 * @priority: (nullable): an order's `priority`
 *
 * Returns: where the order sorts within its tab: 0 stat, 1 urgent, 2
 *   routine (and anything unknown)
 */
int
ld_worklist_priority_rank (const char *priority)
{
  for (int i = 0; priority != NULL && priorities[i] != NULL; i++)
    if (g_str_equal (priorities[i], priority))
      return i;

  return G_N_ELEMENTS (priorities) - 2;
}

/**
 * ld_worklist_tab_to_string:
 * @tab: a tab
 *
 * Returns: its name on the wire ("ready", "cod", …)
 */
const char *
ld_worklist_tab_to_string (LdWorklistTab tab)
{
  g_return_val_if_fail (tab >= 0 && tab < LD_WORKLIST_N_TABS, NULL);

  return tab_names[tab];
}

/**
 * ld_worklist_tab_from_string:
 * @name: (nullable): a tab's name on the wire
 * @out_tab: (out): the tab
 *
 * Returns: whether @name is a tab
 */
gboolean
ld_worklist_tab_from_string (const char    *name,
                             LdWorklistTab *out_tab)
{
  for (int i = 0; name != NULL && i < LD_WORKLIST_N_TABS; i++)
    if (g_str_equal (tab_names[i], name))
      {
        *out_tab = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * ld_order_lab_states:
 *
 * Returns: (transfer none) (array zero-terminated=1): every `lab_state`
 */
const char * const *
ld_order_lab_states (void)
{
  return lab_states;
}

/**
 * ld_order_payment_states:
 *
 * Returns: (transfer none) (array zero-terminated=1): every `payment_state`
 */
const char * const *
ld_order_payment_states (void)
{
  return payment_states;
}

/**
 * ld_order_priorities:
 *
 * Returns: (transfer none) (array zero-terminated=1): every `priority`,
 *   in rank order
 */
const char * const *
ld_order_priorities (void)
{
  return priorities;
}
