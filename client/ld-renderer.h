/* ld-renderer.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean ld_renderer_prefer_cairo_on_software_gl (GdkDisplay *display);

G_END_DECLS
