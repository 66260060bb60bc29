/* ld-migrate.h: `labdesk-server migrate`, a lab's SQLite database copied
 * into PostgreSQL and checked on both sides
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-config.h"

G_BEGIN_DECLS

gboolean ld_migrate_to_postgresql (const char      *from_path,
                                   const LdConfig  *config,
                                   GError         **error);

G_END_DECLS
