/* ld-test-orders.h: patients and orders for tests that need them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-http.h"

G_BEGIN_DECLS

typedef struct
{
  LdTestServer *server;
  char         *admin;
  char         *desk;
  char         *patient_id;
} LdOrderFixture;

void            ld_order_fixture_setup    (LdOrderFixture *fx,
                                           gconstpointer   data);
void            ld_order_fixture_teardown (LdOrderFixture *fx,
                                           gconstpointer   data);

LdTestResponse *ld_test_create_order (LdOrderFixture *fx, const char *extra_json);
char           *ld_test_create_order_ok (LdOrderFixture *fx, const char *extra_json);
LdTestResponse *ld_test_pay (LdOrderFixture *fx, const char *order_id, const char *json);
LdTestResponse *
ld_test_decide_payment (LdOrderFixture *fx, const char *payment_id, const char *json);
LdTestResponse *ld_test_get_order (LdOrderFixture *fx, const char *order_id);
void            ld_test_sql_exec (LdTestServer *server, const char *sql);
/* Makes @table refuse (as a constraint would) every row inserted for
 * which @condition, an SQL expression over NEW, holds; then lets it
 * accept them again. A write the store cannot make, on either backend. */
void            ld_test_sql_refuse_inserts (LdTestServer  *server,
                                            const char    *table,
                                            const char    *condition);
void            ld_test_sql_accept_inserts (LdTestServer  *server,
                                            const char    *table);

G_END_DECLS
