/* ld-test-desk-day.h: a front desk's day, made over HTTP for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-http.h"

G_BEGIN_DECLS

char *
ld_test_desk_patient (LdTestServer *server, const char *token, const char *name, const char *phone);
char *ld_test_desk_order (LdTestServer *server,
                          const char   *token,
                          const char   *patient_id,
                          const char   *extra_json);
char *ld_test_desk_home_order (LdTestServer *server,
                               const char   *token,
                               const char   *patient_id,
                               const char   *address);
void
ld_test_desk_pay (LdTestServer *server, const char *token, const char *order_id, const char *json);
void ld_test_desk_fail_online (LdTestServer *server, const char *token, const char *order_id);
void ld_test_desk_refund (LdTestServer *server,
                          const char   *token,
                          const char   *order_id,
                          const char   *json);
void
ld_test_desk_move_slot (LdTestServer *server, const char *order_id, gint64 start_us, gint64 end_us);
gint64 ld_test_desk_day_start (int days_later);
gint64 ld_test_desk_order_total (LdTestServer *server, const char *token, const char *order_id);

G_END_DECLS
