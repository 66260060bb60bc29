/* ld-test-orders.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-orders.h"
#include "store/ld-store.h"

void
ld_order_fixture_setup (LdOrderFixture *fx,
                        gconstpointer   data)
{
  g_autoptr(LdTestResponse) patient = NULL;

  fx->server = ld_test_server_new ();
  fx->admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  patient = ld_test_send_json (
    fx->server, "POST", "/api/v1/patients", fx->desk,
    "{\"name\": \"Asha Rao\", \"sex\": \"female\", \"date_of_birth\": \"1984-03-21\"}");
  ld_test_assert_status (patient, 201);
  fx->patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

void
ld_order_fixture_teardown (LdOrderFixture *fx,
                           gconstpointer   data)
{
  g_clear_pointer (&fx->admin, g_free);
  g_clear_pointer (&fx->desk, g_free);
  g_clear_pointer (&fx->patient_id, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

/**
 * ld_test_create_order:
 * @fx: a fixture
 * @extra_json: members after the patient, such as `"items": ["CBC"]`
 *
 * Returns: the answer to POST /api/v1/orders by the desk
 */
LdTestResponse *
ld_test_create_order (LdOrderFixture *fx,
                      const char     *extra_json)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", %s}", fx->patient_id, extra_json);

  return ld_test_send_json (fx->server, "POST", "/api/v1/orders", fx->desk, body);
}

/* Returns: (transfer full): the new order's id */
char *
ld_test_create_order_ok (LdOrderFixture *fx,
                         const char     *extra_json)
{
  g_autoptr(LdTestResponse) resp = ld_test_create_order (fx, extra_json);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "order.id"));
}

LdTestResponse *
ld_test_pay (LdOrderFixture *fx,
             const char     *order_id,
             const char     *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/payments", order_id);

  return ld_test_send_json (fx->server, "POST", path, fx->desk, json);
}

/* PATCH /api/v1/payments/{id}: a pending attempt's outcome, as the desk
 * records a card terminal's or the gateway's answer. */
LdTestResponse *
ld_test_decide_payment (LdOrderFixture *fx,
                        const char     *payment_id,
                        const char     *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/payments/%s", payment_id);

  return ld_test_send_json (fx->server, "PATCH", path, fx->desk, json);
}

LdTestResponse *
ld_test_get_order (LdOrderFixture *fx,
                   const char     *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);

  return ld_test_get (fx->server, path, fx->desk);
}

/* Changes the server's database behind its back, as time passing would:
 * only for what no endpoint may do, such as moving a deadline. */
void
ld_test_sql_exec (LdTestServer *server,
                  const char   *sql)
{
  g_autoptr(LdDb) db = ld_test_server_open_db (server);
  g_autoptr(GError) error = NULL;

  ld_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

/* Table names and conditions are the tests' own text, never input. */
void
ld_test_sql_refuse_inserts (LdTestServer *server,
                            const char   *table,
                            const char   *condition)
{
  g_autofree char *sql = NULL;

  if (ld_test_server_is_postgresql (server))
    sql = g_strdup_printf ("CREATE FUNCTION ld_test_refuse () RETURNS trigger LANGUAGE plpgsql"
                           " AS $$ BEGIN RAISE EXCEPTION 'no' USING ERRCODE = 'check_violation';"
                           " END $$;"
                           " CREATE TRIGGER ld_test_refuse BEFORE INSERT ON %s FOR EACH ROW"
                           " WHEN (%s) EXECUTE FUNCTION ld_test_refuse ()", table, condition);
  else
    sql = g_strdup_printf ("CREATE TRIGGER ld_test_refuse BEFORE INSERT ON %s WHEN %s"
                           " BEGIN SELECT RAISE (ABORT, 'no'); END", table, condition);
  ld_test_sql_exec (server, sql);
}

void
ld_test_sql_accept_inserts (LdTestServer *server,
                            const char   *table)
{
  g_autofree char *sql = NULL;

  if (ld_test_server_is_postgresql (server))
    sql = g_strdup_printf ("DROP TRIGGER ld_test_refuse ON %s;"
                           " DROP FUNCTION ld_test_refuse", table);
  else
    sql = g_strdup ("DROP TRIGGER ld_test_refuse");
  ld_test_sql_exec (server, sql);
}
