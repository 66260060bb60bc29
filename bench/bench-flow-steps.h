/* bench-flow-steps.h: one client going through the whole lab flow
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The requests of one flow, in the order they are made. */
typedef enum
{
  BENCH_STEP_ORDER,
  BENCH_STEP_PAY,
  BENCH_STEP_COLLECT,
  BENCH_STEP_RECEIVE,
  BENCH_STEP_WORKSHEET,
  BENCH_STEP_RESULTS,
  BENCH_STEP_VERIFY,
  BENCH_STEP_RELEASE,
  BENCH_N_STEPS
} BenchStep;

extern const char * const bench_step_names[BENCH_N_STEPS];

/* "Bearer …" of each role, signed in on one server process. */
typedef struct
{
  char *desk;
  char *technician;
  char *verifier;
  char *signatory;
} BenchTokens;

/* What every client reads, set before they start. */
typedef struct
{
  GPtrArray    *patient_ids;
  /* Latencies count between these (monotonic µs); no flow starts after
   * the end. */
  gint64        window_start;
  gint64        window_end;
  /* Flows released since the start, all clients together. */
  gint          n_released;
} BenchFlowShared;

typedef struct _BenchFlowClient BenchFlowClient;

BenchFlowClient                *bench_flow_client_new (BenchFlowShared   *shared,
                                                       guint              index,
                                                       const char        *base_uri,
                                                       const BenchTokens *tokens);
/* Runs whole flows until the window ends (a GThreadFunc). */
gpointer         bench_flow_client_run         (gpointer           client);
/* Latencies (ms) of @step inside the window, appended to @ms. */
void             bench_flow_client_take_ms     (BenchFlowClient   *self,
                                                BenchStep          step,
                                                GArray            *ms);
guint            bench_flow_client_flows       (BenchFlowClient   *self);
/* "step status" → count, and one answer of each, added to @errors and
 * @examples. */
void             bench_flow_client_take_errors (BenchFlowClient   *self,
                                                GHashTable        *errors,
                                                GHashTable        *examples);
void             bench_flow_client_free        (BenchFlowClient   *self);

G_END_DECLS
