/* ld-test-lab.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every step goes through the HTTP API as the role that does it, so a
 * test that uses these helpers exercises the real flow.
 */

#define G_LOG_DOMAIN "ld-test-lab"

#include "config.h"

#include "ld-json.h"
#include "ld-test-lab.h"
#include "ld-test-snapshot.h"
#include "ld-time.h"

LdLab *
ld_lab_new (void)
{
  return ld_lab_new_on (ld_test_server_new ());
}

/* Signs every demo role in to @server, which the lab then owns. */
LdLab *
ld_lab_new_on (LdTestServer *server)
{
  LdLab *lab = g_new0 (LdLab, 1);

  lab->server = server;
  lab->admin = ld_test_login (lab->server, "admin", LD_TEST_ADMIN_PASSWORD);
  lab->desk = ld_test_login (lab->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  lab->doctor = ld_test_login (lab->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  lab->technician = ld_test_login (lab->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  lab->sunita = ld_test_login (lab->server, "sunita", "sunita-demo");
  lab->doctor_id = ld_lab_user_id (lab, lab->doctor);
  lab->technician_id = ld_lab_user_id (lab, lab->technician);
  lab->sunita_id = ld_lab_user_id (lab, lab->sunita);
  lab->signatory = ld_test_login (lab->server, "pathologist", LD_TEST_PATHOLOGIST_PASSWORD);
  lab->signatory_id = ld_lab_user_id (lab, lab->signatory);
  return lab;
}

void
ld_lab_free (LdLab *lab)
{
  g_free (lab->admin);
  g_free (lab->desk);
  g_free (lab->doctor);
  g_free (lab->technician);
  g_free (lab->sunita);
  g_free (lab->doctor_id);
  g_free (lab->technician_id);
  g_free (lab->sunita_id);
  g_free (lab->signatory);
  g_free (lab->signatory_id);
  g_clear_pointer (&lab->server, ld_test_server_free);
  g_free (lab);
}

void
ld_lab_fixture_setup (LdLabFixture  *fx,
                      gconstpointer  patient_json)
{
  fx->lab = ld_lab_new ();
  fx->patient_id = ld_lab_new_patient (fx->lab, patient_json);
}

void
ld_lab_fixture_teardown (LdLabFixture  *fx,
                         gconstpointer  data)
{
  g_clear_pointer (&fx->patient_id, g_free);
  g_clear_pointer (&fx->lab, ld_lab_free);
}

char *
ld_lab_user_id (LdLab      *lab,
                const char *token)
{
  g_autoptr(LdTestResponse) me = ld_test_get (lab->server, "/api/v1/sessions/current", token);

  ld_test_assert_status (me, 200);
  return g_strdup (ld_test_response_get_string (me, "user.id"));
}

/* The session of whichever of the lab's three technicians (the signatory
 * is one) @user_id is: assignment may give an order to any of them. */
const char *
ld_lab_token_of (LdLab      *lab,
                 const char *user_id)
{
  if (g_strcmp0 (user_id, lab->technician_id) == 0)
    return lab->technician;
  if (g_strcmp0 (user_id, lab->sunita_id) == 0)
    return lab->sunita;
  g_assert_cmpstr (user_id, ==, lab->signatory_id);
  return lab->signatory;
}

/* Registers a patient at the desk; returns the id. */
char *
ld_lab_new_patient (LdLab      *lab,
                    const char *json)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (lab->server, "POST", "/api/v1/patients", lab->desk, json);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

LdTestResponse *
ld_lab_post (LdLab      *lab,
             const char *token,
             const char *path,
             const char *json)
{
  return ld_test_send_json (lab->server, "POST", path, token, json);
}

/* POST /api/v1/orders/{order_id}/{action} */
LdTestResponse *
ld_lab_order_post (LdLab      *lab,
                   const char *token,
                   const char *order_id,
                   const char *action,
                   const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/%s", order_id, action);

  return ld_lab_post (lab, token, path, json);
}

/* The doctor's prescription; returns the order's id. */
char *
ld_lab_prescribe (LdLab      *lab,
                  const char *patient_id,
                  const char *items_json)
{
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", %s}", patient_id, items_json);
  g_autoptr(LdTestResponse) resp = ld_lab_post (lab, lab->doctor, "/api/v1/orders", body);

  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.source"), ==, "doctor");
  return g_strdup (ld_test_response_get_string (resp, "order.id"));
}

/* The desk takes the whole amount by card. */
void
ld_lab_pay (LdLab      *lab,
            const char *order_id)
{
  g_autoptr(LdTestResponse) resp =
               ld_lab_order_post (lab, lab->desk, order_id, "payments",
                                  "{\"method\": \"card\", \"reference\": \"T-42\"}");

  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.payment_state"), ==, "paid");
}

LdTestResponse *
ld_lab_collect (LdLab      *lab,
                const char *order_id)
{
  LdTestResponse *resp = ld_lab_order_post (lab, lab->technician, order_id, "collect",
                                            "{\"location\": \"Collection room 1\"}");

  ld_test_assert_status (resp, 201);
  return resp;
}

/* The lab receives every sample of the order still on its way. */
void
ld_lab_receive_all (LdLab      *lab,
                    const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) samples = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items = json_object_get_array_member (ld_test_response_object (samples), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *sample = json_array_get_object_element (items, i);
      g_autofree char *custody = g_strdup_printf ("/api/v1/samples/%s/custody",
                                                  json_object_get_string_member (sample, "id"));
      g_autofree char *body =
        g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"received\","
                         " \"location\": \"Bench 1\"}",
                         json_object_get_int_member (sample, "version"));
      g_autoptr(LdTestResponse) resp = NULL;

      if (!g_str_equal (json_object_get_string_member (sample, "state"), "collected"))
        continue;
      resp = ld_lab_post (lab, lab->technician, custody, body);
      ld_test_assert_status (resp, 200);
    }
}

/* Prescribed, paid, collected and received: ready for results. */
char *
ld_lab_order_in_lab (LdLab      *lab,
                     const char *patient_id,
                     const char *items_json)
{
  g_autofree char *order_id = ld_lab_prescribe (lab, patient_id, items_json);
  g_autoptr(LdTestResponse) collected = NULL;

  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  ld_lab_receive_all (lab, order_id);
  return g_steal_pointer (&order_id);
}

gint64
ld_lab_order_version (LdLab      *lab,
                      const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, "order.version");
}

LdTestResponse *
ld_lab_get_results (LdLab      *lab,
                    const char *token,
                    const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/results", order_id);

  return ld_test_get (lab->server, path, token);
}

/* Returns: (transfer none): the result of @test_code in @list ("items",
 * "results") of an answer */
JsonObject *
ld_lab_find_result (LdTestResponse *resp,
                    const char     *list,
                    const char     *test_code)
{
  JsonArray *items = json_object_get_array_member (ld_test_response_object (resp), list);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *result = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (result, "test_code"), test_code))
        return result;
    }

  g_error ("no result for %s in %s", test_code, resp->body);
}

/* A "results" list for @order_id, each element with its current version,
 * from code (, value) pairs; a value of "-" sends null. */
/* A verifier of a critical value telephones the doctor first and records
 * it (issue 18); the helpers do as the bench does. Adds nothing for a
 * result that is not critical. */
void
ld_lab_add_critical_call (JsonBuilder *builder,
                          JsonObject  *result)
{
  const char *flag = json_object_get_string_member_with_default (result, "flag", NULL);
  g_autofree char *now = NULL;

  if (g_strcmp0 (flag, "critical_low") != 0 && g_strcmp0 (flag, "critical_high") != 0)
    return;

  now = ld_time_format_rfc3339 (g_get_real_time ());
  json_builder_set_member_name (builder, "critical_call");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Dr. Arjun Mehta");
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "ordering doctor");
  json_builder_set_member_name (builder, "called_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "read_back");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
}

static char *
build_items (LdLab      *lab,
             const char *order_id,
             gboolean    with_values,
             const char *first_name,
             va_list     args)
{
  g_autoptr(LdTestResponse) current = ld_lab_get_results (lab, lab->technician, order_id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *code = first_name;

  ld_test_assert_status (current, 200);
  json_builder_begin_array (builder);
  for (; code != NULL; code = va_arg (args, const char *))
    {
      JsonObject *result = ld_lab_find_result (current, "items", code);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "test_code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, json_object_get_int_member (result, "version"));
      if (with_values)
        {
          const char *value = va_arg (args, const char *);

          json_builder_set_member_name (builder, "value");
          if (g_str_equal (value, "-"))
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, value);
        }
      else
        ld_lab_add_critical_call (builder, result);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return ld_json_builder_to_string (builder);
}

/**
 * ld_lab_results_body:
 * @submit: submit the values, or save them as drafts
 * @...: test code, value, test code, value, …, %NULL
 *
 * Returns: (transfer full): a body for POST /api/v1/orders/{id}/results
 */
char *
ld_lab_results_body (LdLab      *lab,
                     const char *order_id,
                     gboolean    submit,
                     ...)
{
  g_autofree char *items = NULL;
  const char *first;
  va_list args;

  va_start (args, submit);
  first = va_arg (args, const char *);
  items = build_items (lab, order_id, TRUE, first, args);
  va_end (args);
  return g_strdup_printf ("{\"submit\": %s, \"results\": %s}", submit ? "true" : "false", items);
}

/* @...: test codes, %NULL-terminated: a body for POST …/verify */
char *
ld_lab_verify_body (LdLab      *lab,
                    const char *order_id,
                    ...)
{
  g_autofree char *items = NULL;
  const char *first;
  va_list args;

  va_start (args, order_id);
  first = va_arg (args, const char *);
  items = build_items (lab, order_id, FALSE, first, args);
  va_end (args);
  return g_strdup_printf ("{\"results\": %s}", items);
}

/* Sends @body (which it frees) to POST /api/v1/orders/{order_id}/{action}. */
LdTestResponse *
ld_lab_send_body (LdLab      *lab,
                  const char *token,
                  const char *order_id,
                  const char *action,
                  char       *body)
{
  g_autofree char *owned = body;

  return ld_lab_order_post (lab, token, order_id, action, owned);
}

/* A body for POST …/release, with the order's version as it is now. */
char *
ld_lab_release_body (LdLab      *lab,
                     const char *order_id)
{
  return g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                          ld_lab_order_version (lab, order_id));
}

LdTestResponse *
ld_lab_release (LdLab      *lab,
                const char *token,
                const char *order_id)
{
  g_autofree char *body = ld_lab_release_body (lab, order_id);

  return ld_lab_order_post (lab, token, order_id, "release", body);
}

/* POSTs @body to …/orders/{order_id}/{action} and checks that it is
 * refused with @status and @code, leaving every row as it was. Build
 * @body beforehand: building it reads, and reads are audited. */
LdTestResponse *
ld_lab_refused (LdLab      *lab,
                const char *token,
                const char *order_id,
                const char *action,
                const char *body,
                guint       status,
                const char *code)
{
  g_autofree char *snapshot = ld_test_snapshot_database (lab->server);
  LdTestResponse *resp = ld_lab_order_post (lab, token, order_id, action, body);

  ld_test_assert_error (resp, status, code);
  ld_test_assert_unchanged (lab->server, snapshot);
  return resp;
}

/**
 * ld_lab_accession_for:
 * @order_id: an order collected
 * @test_code: one of its tests
 *
 * Returns: (transfer full): the accession of the sample that carries
 *   @test_code, as the technician reads the order's samples
 */
char *
ld_lab_accession_for (LdLab      *lab,
                      const char *order_id,
                      const char *test_code)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *sample = json_array_get_object_element (items, i);
      JsonArray *tests = json_object_get_array_member (sample, "tests");

      for (guint j = 0; j < json_array_get_length (tests); j++)
        if (g_strcmp0 (json_array_get_string_element (tests, j), test_code) == 0)
          return g_strdup (json_object_get_string_member (sample, "accession"));
    }
  g_assert_not_reached ();
}

/**
 * ld_test_park_web_registration:
 * @server: a test server
 * @patient_id: a patient registered as the patient pages register one
 * @email: the web account that registered them (made here)
 *
 * Leaves @patient_id as `POST /my/register` leaves a likely duplicate:
 * linked to a new web account by registration, parked for the desk's
 * review (tests/test-web-patient.c drives the page itself).
 */
void
ld_test_park_web_registration (LdTestServer *server,
                               const char   *patient_id,
                               const char   *email)
{
  static const char account_sql[] =
    "INSERT INTO web_accounts (id, email, created_us) VALUES (?1, ?2, ?3)";
  static const char link_sql[] =
    "INSERT INTO web_account_patients (account_id, patient_id, relation, linked_by, linked_us,"
    " needs_review) VALUES (?1, ?2, 'self', 'registered', ?3, 1)";
  g_autoptr(LdDb) db = ld_test_server_open_db (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = g_uuid_string_random ();
  LdDbStmt *stmt;

  stmt = ld_db_prepare_cached (db, account_sql, &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, account_id);
  ld_db_bind_text (stmt, 2, email);
  ld_db_bind_int64 (stmt, 3, ld_time_now ());
  g_assert_true (ld_db_step_done (stmt, &error));
  g_assert_no_error (error);
  stmt = ld_db_prepare_cached (db, link_sql, &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, account_id);
  ld_db_bind_text (stmt, 2, patient_id);
  ld_db_bind_int64 (stmt, 3, ld_time_now ());
  g_assert_true (ld_db_step_done (stmt, &error));
  g_assert_no_error (error);
}

/**
 * ld_lab_mllp_send:
 * @lab: a lab
 * @port: the port of one of its HL7 instruments
 * @text: the messages, segments on lines, each message beginning with MSH
 *
 * Sends @text as an analyzer does, with a real HL7 client (python3-hl7's
 * mllp_send).
 *
 * Returns: (transfer full): what the client printed: each answer
 */
char *
ld_lab_mllp_send (LdLab      *lab,
                  gint64      port,
                  const char *text)
{
  g_autofree char *path =
    g_build_filename (ld_test_server_get_tmpdir (lab->server), "message.hl7", NULL);
  g_autofree char *port_text = g_strdup_printf ("%" G_GINT64_FORMAT, port);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, "/usr/bin/mllp_send", "--loose", "-f", path, "-p",
                              port_text, "127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("mllp_send failed: %s", err);
  return out;
}
