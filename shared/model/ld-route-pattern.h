/* ld-route-pattern.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ld_route_pattern_match (const char *pattern,
                                 const char *path,
                                 GHashTable *out_params);

G_END_DECLS
