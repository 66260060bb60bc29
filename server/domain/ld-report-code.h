/* ld-report-code.h: the verification code a released report carries
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_REPORT_CODE_LENGTH 14

char     *ld_report_code_new      (void);
gboolean  ld_report_code_is_valid (const char *code);

G_END_DECLS
