/* bench-client.h: the desk's search page measured, for bench-client
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bench-desk.h"
#include "ld-test-server.h"

G_BEGIN_DECLS

/* Budgets, from ../shared/CLIENT.md §5. */
#define BENCH_START_BUDGET_MS   300.0
#define BENCH_SIGN_IN_BUDGET_MS 1500.0
#define BENCH_KEY_BUDGET_MS     16.0
#define BENCH_FRAME_BUDGET_MS   16.7
#define BENCH_LIVE_BUDGET_MS    250.0
#define BENCH_MEMORY_BUDGET_MB  250.0

typedef struct _BenchSearch BenchSearch;

BenchSearch *bench_search_new       (BenchDesk    *desk);
void         bench_search_free      (BenchSearch  *search);
void         bench_search_type      (BenchSearch  *search,
                                     GPtrArray    *names,
                                     guint         n_keys,
                                     gboolean      report);
void         bench_search_scroll    (BenchSearch  *search,
                                     const char   *query,
                                     guint         n_frames);
void         bench_search_live      (BenchSearch  *search,
                                     LdTestServer *server,
                                     guint         n_rounds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchSearch, bench_search_free)

G_END_DECLS
