/* ld-log.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ld_log_init      (gboolean verbose);
void ld_log_set_quiet (gboolean quiet);

G_END_DECLS
