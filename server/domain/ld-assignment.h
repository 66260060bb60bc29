/* ld-assignment.h: which technician takes a collectable order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One active technician as the assignment sees them. */
typedef struct
{
  const char *user_id;
  guint       open_orders;
  gint64      last_assigned_us;
} LdTechnicianLoad;

const LdTechnicianLoad *ld_assignment_choose (const LdTechnicianLoad *technicians,
                                              guint                   n_technicians);

G_END_DECLS
