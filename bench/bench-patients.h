/* bench-patients.h: generated patients, written straight into a cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache-private.h"

G_BEGIN_DECLS

gboolean bench_patients_write (LdSqlite   *db,
                               GRand      *rand,
                               guint       first,
                               guint       n,
                               GPtrArray  *sample,
                               GError    **error);
void     bench_patients_fill  (LdCache    *cache,
                               GRand      *rand,
                               guint       first,
                               guint       n,
                               GPtrArray  *sample);

G_END_DECLS
