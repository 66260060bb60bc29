/* bench-common.h: figures and order load shared by the benchmarks
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-sqlite.h"
#include "ld-test-http.h"

G_BEGIN_DECLS

typedef struct
{
  guint  n;
  double p50;
  double p99;
  double max;
} BenchFigures;

BenchFigures bench_figures (double       *ms,
                            guint         n);
void         bench_report  (const char   *what,
                            double       *ms,
                            guint         n);
void         bench_print_load (const char *when);
gboolean     bench_measures   (const char *list,
                               guint       n);
void         bench_print_budget (const char *what,
                                 double      figure,
                                 double      budget);
double       bench_orders  (LdTestServer *server,
                            const char   *token,
                            const char   *body,
                            guint         n_orders,
                            guint         n_clients);
/* Binds the parameters of one of bench_write_bulk()'s statements. */
typedef void (*BenchBindFunc) (LdSqliteStmt *stmt,
                               gpointer      data);
double       bench_write_bulk (LdTestServer       *server,
                               const char * const *sql,
                               guint               n_sql,
                               BenchBindFunc       bind,
                               gpointer            data);
guint        bench_poll_health (LdTestServer *server,
                                const guint  *pending,
                                double       *ms,
                                guint         max);

G_END_DECLS
