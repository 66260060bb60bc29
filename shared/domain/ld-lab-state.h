/* ld-lab-state.h: the moves an order's lab state may make
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"
#include "ld-order.h"

G_BEGIN_DECLS

gboolean    ld_lab_state_check_move (const LdOrder *order, const char *to_state, GError **error);
const char *ld_lab_state_describe (const char *state);
gboolean    ld_lab_state_is_in_lab (const char *state);
const char *
ld_lab_state_for_results (guint n_pending, guint n_entered, guint n_verified, guint n_cancelled);
gboolean ld_lab_state_next_toward (const LdOrder *order,
                                   const char    *target,
                                   const char   **out_next,
                                   GError       **error);

G_END_DECLS
