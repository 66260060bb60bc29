/* ld-digest.h: the SHA-256 of a document's bytes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ld_digest_sha256_hex (GBytes *bytes);

G_END_DECLS
