/* bench-analytics-year.h: a busy lab's year written for the analytics benchmarks
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-lab.h"

G_BEGIN_DECLS

#define BENCH_ANALYTICS_DAYS 366
#define BENCH_ANALYTICS_ORDERS_PER_DAY 300
#define BENCH_ANALYTICS_ORDERS (BENCH_ANALYTICS_DAYS * BENCH_ANALYTICS_ORDERS_PER_DAY)

void bench_analytics_write_year (LdLab  *lab,
                                 gint64  first_us);

G_END_DECLS
