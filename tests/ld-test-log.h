/* ld-test-log.h: library debug messages in tests only when asked for
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ld_test_log_quiet (void);

G_END_DECLS
