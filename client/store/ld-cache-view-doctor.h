/* ld-cache-view-doctor.h: the doctor's own lists over the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache-view-desk.h"

G_BEGIN_DECLS

const LdCacheViewSql *ld_cache_doctor_sql  (LdCacheViewKind  kind);

G_END_DECLS
