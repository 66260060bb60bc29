/* ld-report-fonts.h: the unhinted copies of the report fonts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ld_report_fonts_register (void);

G_END_DECLS
