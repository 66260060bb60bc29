/* ld-lab-state.h: the moves an order's lab state may make
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"
#include "ld-order.h"

G_BEGIN_DECLS

gboolean ld_lab_state_check_move (const LdOrder  *order,
                                  const char     *to_state,
                                  GError        **error);

G_END_DECLS
