/* ld-test-a11y.h: every control on screen has a name a screen reader says
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ld_test_a11y_assert_named (GtkWidget  *root,
                                const char *where);

G_END_DECLS
