/* ld-report-fonts.h: the unhinted copies of the report fonts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the log line begins when the copies are not found; bench-flow looks
 * for it in a server's log. */
#define LD_REPORT_FONTS_MISSING "The unhinted report fonts are not in"

gboolean ld_report_fonts_register (void);

G_END_DECLS
