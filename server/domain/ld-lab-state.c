/* ld-lab-state.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ordered → collected → in_process → resulted → verified → reported, and
 * from ordered only: cancelled or expired. Nothing else moves, and every
 * mover (desk, lab, timer) asks here first, so an impossible move is a
 * 409 that says where the order is, never a silent no-op.
 */

#define G_LOG_DOMAIN "ld-lab-state"

#include "config.h"

#include "ld-lab-state.h"

static const struct
{
  const char *from;
  const char *to;
} moves[] = {
  { "ordered",    "collected" },
  { "ordered",    "cancelled" },
  { "ordered",    "expired" },
  { "collected",  "in_process" },
  { "in_process", "resulted" },
  { "resulted",   "verified" },
  { "verified",   "reported" },
};

/* How the desk reads a state in a sentence. */
static const char *
describe (const char *state)
{
  if (g_str_equal (state, "in_process"))
    return "in process";
  return state;
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
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_str_equal (moves[i].from, order->lab_state) && g_str_equal (moves[i].to, to_state))
      return TRUE;

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
               "Order %s is %s; it cannot become %s.", order->number, describe (order->lab_state),
               describe (to_state));
  return FALSE;
}
