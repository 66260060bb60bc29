/* ld-break-glass.h: the rule for a break-the-glass reason
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Break the glass: the reason's length in characters, once trimmed. */
#define LD_BREAK_GLASS_REASON_MIN 10
#define LD_BREAK_GLASS_REASON_MAX 500

const char *ld_break_glass_check_reason (const char *reason);

G_END_DECLS
