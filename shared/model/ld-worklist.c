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
#include "ld-lab-state.h"
#include "ld-states.h"

/* In rank order: stat first, then urgent, then routine. */
static const LdPriority by_rank[] = { LD_PRIORITY_STAT, LD_PRIORITY_URGENT, LD_PRIORITY_ROUTINE };

/* clang-format off */
static const char * const tab_names[LD_WORKLIST_N_TABS] = {
  [LD_WORKLIST_READY] = "ready",
  [LD_WORKLIST_COD] = "cod",
  [LD_WORKLIST_PROCESSING] = "processing",
  [LD_WORKLIST_COMPLETED] = "completed",
  [LD_WORKLIST_FAILED] = "failed",
  [LD_WORKLIST_RECOLLECTION] = "recollection",
};
/* clang-format on */

/* Any payment state, in a rule below. */
#define ANY_PAYMENT (-1)

/* First match wins. Ready and cod are the collectable orders of
 * ld_order_payment_lets_collect(): a part refund before collection leaves
 * what remains paid for. */
static const struct
{
  LdLabState     lab_state;
  int            payment_state;
  LdWorklistTab  tab;
} tab_rules[] = {
  { LD_LAB_STATE_ORDERED, LD_PAYMENT_STATE_PAID, LD_WORKLIST_READY },
  { LD_LAB_STATE_ORDERED, LD_PAYMENT_STATE_PARTLY_REFUNDED, LD_WORKLIST_READY },
  { LD_LAB_STATE_ORDERED, LD_PAYMENT_STATE_COD_PENDING, LD_WORKLIST_COD },
  { LD_LAB_STATE_ORDERED, LD_PAYMENT_STATE_FAILED, LD_WORKLIST_FAILED },
  { LD_LAB_STATE_COLLECTED, ANY_PAYMENT, LD_WORKLIST_PROCESSING },
  { LD_LAB_STATE_IN_PROCESS, ANY_PAYMENT, LD_WORKLIST_PROCESSING },
  { LD_LAB_STATE_RESULTED, ANY_PAYMENT, LD_WORKLIST_PROCESSING },
  { LD_LAB_STATE_VERIFIED, ANY_PAYMENT, LD_WORKLIST_COMPLETED },
  { LD_LAB_STATE_REPORTED, ANY_PAYMENT, LD_WORKLIST_COMPLETED },
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
  LdLabState lab;
  LdPaymentState payment;
  gboolean payment_known = ld_payment_state_from_string (payment_state, &payment);

  if (!ld_lab_state_from_string (lab_state, &lab))
    return LD_WORKLIST_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (tab_rules); i++)
    if (tab_rules[i].lab_state == lab &&
        (tab_rules[i].payment_state == ANY_PAYMENT ||
         (payment_known && tab_rules[i].payment_state == (int) payment)))
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
  if (awaiting_recollection && ld_lab_state_is_in_lab (lab_state))
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
  LdPriority known;

  if (!ld_priority_from_string (priority, &known))
    return G_N_ELEMENTS (by_rank) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (by_rank); i++)
    if (by_rank[i] == known)
      return i;

  g_assert_not_reached ();
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
  return ld_state_names (LD_TYPE_LAB_STATE);
}

/**
 * ld_order_payment_states:
 *
 * Returns: (transfer none) (array zero-terminated=1): every `payment_state`
 */
const char * const *
ld_order_payment_states (void)
{
  return ld_state_names (LD_TYPE_PAYMENT_STATE);
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
  static const char *names[G_N_ELEMENTS (by_rank) + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (by_rank); i++)
        names[i] = ld_priority_to_string (by_rank[i]);
      g_once_init_leave (&done, 1);
    }

  return names;
}
