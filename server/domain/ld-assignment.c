/* ld-assignment.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-assignment"

#include "config.h"

#include "ld-assignment.h"

/* Whether @a should be chosen before @b. */
static gboolean
comes_first (const LdTechnicianLoad *a,
             const LdTechnicianLoad *b)
{
  if (a->open_orders != b->open_orders)
    return a->open_orders < b->open_orders;
  if (a->last_assigned_us != b->last_assigned_us)
    return a->last_assigned_us < b->last_assigned_us;
  return strcmp (a->user_id, b->user_id) < 0;
}

/**
 * ld_assignment_choose:
 * @technicians: (array length=n_technicians): the active technicians
 * @n_technicians: how many
 *
 * The technician with the least open work takes the order. Between equals,
 * the one who was given an order longest ago (never counts as longest), so
 * equal work goes round in turn; the user id settles the rest, so the same
 * state always gives the same answer.
 *
 * Returns: (transfer none) (nullable): the chosen technician, or %NULL
 *   when there is none
 */
const LdTechnicianLoad *
ld_assignment_choose (const LdTechnicianLoad *technicians,
                      guint                   n_technicians)
{
  const LdTechnicianLoad *chosen = NULL;

  for (guint i = 0; i < n_technicians; i++)
    if (chosen == NULL || comes_first (&technicians[i], chosen))
      chosen = &technicians[i];

  return chosen;
}
