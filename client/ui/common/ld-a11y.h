/* ld-a11y.h: names libadwaita 1.2 leaves out, for screen readers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ld_a11y_install (void);

G_END_DECLS
