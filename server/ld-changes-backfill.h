/* ld-changes-backfill.h: records written before the change feed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/ld-store.h"

G_BEGIN_DECLS

gboolean ld_changes_backfill (LdStore  *store,
                              GError  **error);

G_END_DECLS
