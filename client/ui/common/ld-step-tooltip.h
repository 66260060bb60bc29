/* ld-step-tooltip.h: a control's tooltip says why its step is not offered
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ld_step_tooltip_explain (GtkWidget    *widget,
                              const char   *why);
void ld_step_tooltip_refuse  (GtkWidget    *widget,
                              const GError *refusal);

G_END_DECLS
