/* ld-json-scan.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The deepest nesting of objects and lists any JSON text may have. Our
 * records need fewer than ten levels; json-glib's parser recurses once a
 * level, so an unbounded depth is a stack overflow. */
#define LD_JSON_MAX_DEPTH 32

gboolean ld_json_scan (const char  *data,
                       gsize        length,
                       GError     **error);

G_END_DECLS
