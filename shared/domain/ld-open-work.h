/* ld-open-work.h: a technician's open work, as the server writes it and the client reads it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"
#include "ld-order.h"

G_BEGIN_DECLS

/**
 * LdWorkload:
 * @assigned: open orders the technician holds
 * @pending: of those, to collect
 * @processing: in the lab
 * @completed_today: completed since the start of the server's day
 * @overdue_collection: collectable for over a day
 *
 * GET /api/v1/technicians/me/workload.
 */
typedef struct
{
  gint64 assigned;
  gint64 pending;
  gint64 processing;
  gint64 completed_today;
  gint64 overdue_collection;
} LdWorkload;

/**
 * LdLateTest:
 * @code: the test's code
 * @name: (nullable): its name
 * @turnaround_hours: its turnaround from collection
 * @collected_at: (nullable): when its sample was collected, RFC 3339
 * @due_at: when its result was due, RFC 3339
 *
 * A test of an order the technician holds, past its turnaround.
 */
typedef struct
{
  char   *code;
  char   *name;
  gint64  turnaround_hours;
  char   *collected_at;
  char   *due_at;
} LdLateTest;

/**
 * LdLateOrder:
 * @order: the order
 * @late_tests: (element-type LdLateTest): its tests past their
 *   turnaround
 *
 * One item of GET /api/v1/technicians/me/late.
 */
typedef struct
{
  LdOrder   *order;
  GPtrArray *late_tests;
} LdLateOrder;

void         ld_workload_to_json    (const LdWorkload  *load,
                                     JsonBuilder       *builder);
void         ld_workload_read       (LdWorkload        *load,
                                     LdJsonReader      *reader);

LdLateTest  *ld_late_test_new (const char *code,
                               const char *name,
                               gint64      turnaround_hours,
                               const char *collected_at,
                               const char *due_at);
void         ld_late_test_free (LdLateTest *test);

LdLateOrder *ld_late_order_new      (LdOrder           *order);
void         ld_late_order_free     (LdLateOrder       *late);
void         ld_late_order_to_json  (const LdLateOrder *late,
                                     JsonBuilder       *builder);
LdLateOrder *ld_late_order_read     (LdJsonReader      *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLateTest, ld_late_test_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLateOrder, ld_late_order_free)

G_END_DECLS
