/* ld-lab-state.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ordered → collected → in_process → resulted → verified → reported;
 * expired from ordered only; cancelled from ordered (the desk cancels the
 * order) or from the lab's states before verification (the lab cancelled
 * every test, see ld_lab_state_for_results()). Nothing else moves, and
 * every mover (desk, lab, timer) asks here first, so an impossible move
 * is a 409 that says where the order is, never a silent no-op.
 */

#define G_LOG_DOMAIN "ld-lab-state"

#include "config.h"

#include "ld-lab-state.h"
#include "ld-states.h"

static const struct
{
  LdLabState from;
  LdLabState to;
} moves[] = {
  { LD_LAB_STATE_ORDERED, LD_LAB_STATE_COLLECTED },
  { LD_LAB_STATE_ORDERED, LD_LAB_STATE_CANCELLED },
  { LD_LAB_STATE_ORDERED, LD_LAB_STATE_EXPIRED },
  { LD_LAB_STATE_COLLECTED, LD_LAB_STATE_IN_PROCESS },
  { LD_LAB_STATE_COLLECTED, LD_LAB_STATE_CANCELLED },
  { LD_LAB_STATE_IN_PROCESS, LD_LAB_STATE_RESULTED },
  { LD_LAB_STATE_IN_PROCESS, LD_LAB_STATE_CANCELLED },
  { LD_LAB_STATE_RESULTED, LD_LAB_STATE_CANCELLED },
  { LD_LAB_STATE_RESULTED, LD_LAB_STATE_VERIFIED },
  { LD_LAB_STATE_VERIFIED, LD_LAB_STATE_REPORTED },
  /* Issue 18: a verified result sent back for re-entry (never after release). */
  { LD_LAB_STATE_RESULTED, LD_LAB_STATE_IN_PROCESS },
  { LD_LAB_STATE_VERIFIED, LD_LAB_STATE_IN_PROCESS },
};

static gboolean
may_move (const char *from_name,
          const char *to_name)
{
  LdLabState from, to;

  if (!ld_lab_state_from_string (from_name, &from) || !ld_lab_state_from_string (to_name, &to))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (moves[i].from == from && moves[i].to == to)
      return TRUE;

  return FALSE;
}

/**
 * ld_lab_state_describe:
 * @state: a lab state
 *
 * Returns: (transfer none): how the desk reads @state in a sentence
 */
const char *
ld_lab_state_describe (const char *state)
{
  LdLabState known;

  if (ld_lab_state_from_string (state, &known) && known == LD_LAB_STATE_IN_PROCESS)
    return "in process";
  return state;
}

/**
 * ld_lab_state_is_in_lab:
 * @state: (nullable): an order's `lab_state`
 *
 * The lab holds the order's samples and works on its results while it is
 * collected, in process or resulted: results are entered, cancelled and
 * verified then, and a rejected sample's order waits there for a new one.
 *
 * Returns: whether an order in @state is in the lab
 */
gboolean
ld_lab_state_is_in_lab (const char *state)
{
  LdLabState known;

  if (state == NULL || !ld_lab_state_from_string (state, &known))
    return FALSE;

  return known == LD_LAB_STATE_COLLECTED || known == LD_LAB_STATE_IN_PROCESS ||
         known == LD_LAB_STATE_RESULTED;
}

/**
 * ld_lab_state_check_move:
 * @order: the order as read in this transaction
 * @to_state: where the caller wants it
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Returns: %TRUE if the order may move from its state to @to_state
 */
gboolean
ld_lab_state_check_move (const LdOrder  *order,
                         const char     *to_state,
                         GError        **error)
{
  if (may_move (order->lab_state, to_state))
    return TRUE;

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
               "Order %s is %s; it cannot become %s.", order->number,
               ld_lab_state_describe (order->lab_state), ld_lab_state_describe (to_state));
  return FALSE;
}

/* The way forward, in order; cancelled and expired are ends off it. */
/* clang-format off */
static const LdLabState forward[] = {
  LD_LAB_STATE_ORDERED, LD_LAB_STATE_COLLECTED, LD_LAB_STATE_IN_PROCESS,
  LD_LAB_STATE_RESULTED, LD_LAB_STATE_VERIFIED, LD_LAB_STATE_REPORTED,
};
/* clang-format on */

static int
forward_index (const char *name)
{
  LdLabState state;

  if (!ld_lab_state_from_string (name, &state))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (forward); i++)
    if (forward[i] == state)
      return i;

  return -1;
}

/**
 * ld_lab_state_for_results:
 * @n_pending: results with no value yet, or a draft
 * @n_entered: results entered, awaiting verification
 * @n_verified: results verified, not yet released
 * @n_cancelled: tests the lab cancelled
 *
 * Where an order stands once the lab has worked on its results (cancelled
 * tests do not count): in process while a value is missing, resulted once
 * every value is in, verified once every value is verified. An order whose
 * every test was cancelled is cancelled: it has nothing to report, and
 * nothing left for the lab to do.
 *
 * Returns: (transfer none): the lab state
 */
const char *
ld_lab_state_for_results (guint n_pending,
                          guint n_entered,
                          guint n_verified,
                          guint n_cancelled)
{
  LdLabState state;

  if (n_pending + n_entered + n_verified == 0 && n_cancelled > 0)
    state = LD_LAB_STATE_CANCELLED;
  else if (n_pending > 0 || n_entered + n_verified == 0)
    state = LD_LAB_STATE_IN_PROCESS;
  else if (n_entered > 0)
    state = LD_LAB_STATE_RESULTED;
  else
    state = LD_LAB_STATE_VERIFIED;

  return ld_lab_state_to_string (state);
}

/**
 * ld_lab_state_next_toward:
 * @order: the order as read in this transaction
 * @target: the state it should reach
 * @out_next: (out) (transfer none): the next state to move to, or %NULL
 *   when the order is at @target
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * One step at a time and only forward, each step checked as any other
 * move: an order never skips a state, and never goes back. A state off
 * the way (cancelled, expired) is the next step when it may be reached
 * directly.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_lab_state_next_toward (const LdOrder  *order,
                          const char     *target,
                          const char    **out_next,
                          GError        **error)
{
  int from = forward_index (order->lab_state);
  int to = forward_index (target);

  *out_next = NULL;
  if (g_str_equal (order->lab_state, target))
    return TRUE;

  /* Off the way (cancelled, expired) the move is direct if it is allowed;
   * backwards it never is, and the check says where the order is. */
  if (from < 0 || to <= from)
    {
      if (!ld_lab_state_check_move (order, target, error))
        return FALSE;
      *out_next = target;
      return TRUE;
    }

  *out_next = ld_lab_state_to_string (forward[from + 1]);
  if (!ld_lab_state_check_move (order, *out_next, error))
    {
      *out_next = NULL;
      return FALSE;
    }

  return TRUE;
}
