/* test-instruments-api.c: the administrator's instruments, over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. Instruments are created, listed and changed by the
 * administrator alone; a bad body is refused with its field named and
 * changes nothing; a new instrument's port opens at once and its status
 * says so; a change restarts it, and disabling it closes it.
 */

#include "config.h"

#include "ld-test-lab.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLab, ld_lab_free)

#define ANALYZER                                                                     \
  "{\"name\": \"Cobas c111\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","    \
  " \"port\": 0, \"codes\": [{\"instrument_code\": \"GLU\", \"test_code\": \"GLUF\"," \
  " \"unit\": \"mmol/L\", \"factor\": 18.016}, {\"instrument_code\": \"K\","         \
  " \"test_code\": \"K\"}]}"

static gint64
count_writes (LdLab *lab)
{
  return ld_test_server_query_int (lab->server,
                                   "SELECT (SELECT count(*) FROM instruments)"
                                   " + (SELECT count(*) FROM instrument_codes)"
                                   " + (SELECT count(*) FROM audit_events)");
}

static JsonObject *
find_status (LdLab      *lab,
             const char *id)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (lab->server, "/api/v1/instruments/status", lab->admin);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0)
        return json_object_ref (item);
    }
  g_assert_not_reached ();
}

/* A port the status says is open accepts a connection. */
static gboolean
port_accepts (gint64 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  return connection != NULL;
}

static void
test_crud (gconstpointer data)
{
  g_autoptr(LdLab) lab = ld_lab_new ();
  g_autoptr(LdTestResponse) created =
               ld_test_send_json (lab->server, "POST", "/api/v1/instruments", lab->admin, ANALYZER);
  g_autoptr(LdTestResponse) listed = NULL;
  g_autoptr(LdTestResponse) updated = NULL;
  g_autoptr(LdTestResponse) stale = NULL;
  g_autoptr(LdTestResponse) disabled = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) off = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  const char *id;
  gint64 port;

  ld_test_assert_status (created, 201);
  id = ld_test_response_get_string (created, "instrument.id");
  g_assert_cmpstr (ld_test_response_get_string (created, "instrument.name"), ==, "Cobas c111");
  g_assert_cmpint (ld_test_response_get_int (created, "instrument.version"), ==, 1);
  g_assert_cmpint (ld_test_server_query_int (lab->server, "SELECT count(*) FROM audit_events"
                                                          " WHERE action = 'instrument.create'"),
                   ==, 1);

  listed = ld_test_get (lab->server, "/api/v1/instruments", lab->admin);
  ld_test_assert_status (listed, 200);
  g_assert_cmpint (json_array_get_length (
                     json_object_get_array_member (ld_test_response_object (listed), "items")),
                   ==, 1);
  g_assert_cmpfloat_with_epsilon (
    json_object_get_double_member (
      json_array_get_object_element (
        json_object_get_array_member (
          json_array_get_object_element (
            json_object_get_array_member (ld_test_response_object (listed), "items"), 0),
          "codes"),
        0),
      "factor"),
    18.016, 1e-9);

  /* Port 0: the system chose one, and the status names it. */
  status = find_status (lab, id);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "listening");
  port = json_object_get_int_member (status, "port");
  g_assert_cmpint (port, >, 0);
  g_assert_true (json_object_get_null_member (status, "last_message_at"));
  g_assert_true (port_accepts (port));

  path = g_strdup_printf ("/api/v1/instruments/%s", id);
  body = g_strdup_printf ("{\"version\": 1, \"name\": \"Cobas c111 bench 2\", \"protocol\": "
                          "\"hl7\", \"address\": \"127.0.0.1\", \"port\": 0, \"codes\": []}");
  updated = ld_test_send_json (lab->server, "PUT", path, lab->admin, body);
  ld_test_assert_status (updated, 200);
  g_assert_cmpint (ld_test_response_get_int (updated, "instrument.version"), ==, 2);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (
                     json_object_get_object_member (ld_test_response_object (updated),
                                                    "instrument"),
                     "codes")),
                   ==, 0);
  after = find_status (lab, id);
  g_assert_cmpstr (json_object_get_string_member (after, "name"), ==, "Cobas c111 bench 2");
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "listening");
  /* Restarted: its port (chosen again) takes connections. */
  g_assert_true (port_accepts (json_object_get_int_member (after, "port")));

  stale = ld_test_send_json (lab->server, "PUT", path, lab->admin, body);
  ld_test_assert_error (stale, 409, "conflict");

  g_free (body);
  body = g_strdup_printf ("{\"version\": 2, \"name\": \"Cobas c111 bench 2\", \"protocol\": "
                          "\"hl7\", \"address\": \"127.0.0.1\", \"port\": 0, \"enabled\": false,"
                          " \"codes\": []}");
  disabled = ld_test_send_json (lab->server, "PUT", path, lab->admin, body);
  ld_test_assert_status (disabled, 200);
  off = find_status (lab, id);
  g_assert_cmpstr (json_object_get_string_member (off, "state"), ==, "stopped");
  g_assert_cmpint (json_object_get_int_member (off, "port"), ==, 0);
  g_assert_false (json_object_get_boolean_member (off, "enabled"));
  g_assert_false (port_accepts (json_object_get_int_member (after, "port")));
}

static void
assert_refused (LdLab      *lab,
                const char *body,
                guint       status,
                const char *code,
                const char *field)
{
  gint64 before = count_writes (lab);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (lab->server, "POST", "/api/v1/instruments", lab->admin, body);

  ld_test_assert_error (resp, status, code);
  if (field != NULL)
    g_assert_nonnull (ld_test_response_get_field_error (resp, field));
  g_assert_cmpint (count_writes (lab), ==, before);
}

static void
test_validation (gconstpointer data)
{
  g_autoptr(LdLab) lab = ld_lab_new ();
  g_autoptr(LdTestResponse) first =
               ld_test_send_json (lab->server, "POST", "/api/v1/instruments", lab->admin, ANALYZER);

  ld_test_assert_status (first, 201);
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": 70000, \"codes\": []}",
                  422, "validation_failed", "port");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": -1, \"codes\": []}",
                  422, "validation_failed", "port");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"lis2\", \"address\": \"127.0.0.1\","
                  " \"port\": 5000, \"codes\": []}",
                  422, "validation_failed", "protocol");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"the bench\","
                  " \"port\": 5000, \"codes\": []}",
                  422, "validation_failed", "address");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": 5000, \"codes\": [{\"instrument_code\": \"X\","
                  " \"test_code\": \"NOPE\"}]}",
                  422, "validation_failed", "codes[0].test_code");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": 5000, \"codes\": [{\"instrument_code\": \"X\","
                  " \"test_code\": \"K\", \"factor\": 0}]}",
                  422, "validation_failed", "codes[0].factor");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": 5000, \"codes\": [{\"instrument_code\": \"X\", \"test_code\": \"K\"},"
                  " {\"instrument_code\": \"X\", \"test_code\": \"NA\"}]}",
                  422, "validation_failed", "codes[1].instrument_code");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": \"5000\", \"codes\": []}",
                  422, "validation_failed", "port");
  assert_refused (lab,
                  "{\"name\": \"A\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                  " \"port\": 5000, \"codes\": [], \"colour\": \"blue\"}",
                  400, "bad_request", "colour");
  assert_refused (lab, "{\"name\": \"A\", \"protocol\": ", 400, "bad_request", NULL);
  assert_refused (lab, ANALYZER, 409, "conflict", "name");
}

static void
test_permissions (gconstpointer data)
{
  g_autoptr(LdLab) lab = ld_lab_new ();
  const char *refused[] = { lab->doctor, lab->desk, lab->technician };
  gint64 before = count_writes (lab);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(LdTestResponse) create =
                   ld_test_send_json (lab->server, "POST", "/api/v1/instruments", refused[i],
                                      ANALYZER);
      g_autoptr(LdTestResponse) list =
                   ld_test_get (lab->server, "/api/v1/instruments", refused[i]);
      g_autoptr(LdTestResponse) status =
                   ld_test_get (lab->server, "/api/v1/instruments/status", refused[i]);

      ld_test_assert_error (create, 403, "forbidden");
      ld_test_assert_error (list, 403, "forbidden");
      ld_test_assert_error (status, 403, "forbidden");
    }
  g_assert_cmpint (count_writes (lab), ==, before);

  /* The lab reads the unmatched list; the desk and the doctor do not. */
  {
    g_autoptr(LdTestResponse) technician =
                 ld_test_get (lab->server, "/api/v1/unmatched-results", lab->technician);
    g_autoptr(LdTestResponse) desk =
                 ld_test_get (lab->server, "/api/v1/unmatched-results", lab->desk);
    g_autoptr(LdTestResponse) doctor =
                 ld_test_get (lab->server, "/api/v1/unmatched-results", lab->doctor);
    g_autoptr(LdTestResponse) bad_state =
                 ld_test_get (lab->server, "/api/v1/unmatched-results?state=maybe",
                              lab->technician);

    ld_test_assert_status (technician, 200);
    ld_test_assert_error (desk, 403, "forbidden");
    ld_test_assert_error (doctor, 403, "forbidden");
    ld_test_assert_error (bad_state, 422, "validation_failed");
  }
}

/* A port another program holds: the instrument is stored, its status
 * says it failed and why, and the server serves on. */
static void
test_port_taken (gconstpointer data)
{
  g_autoptr(LdLab) lab = ld_lab_new ();
  g_autoptr(GSocketListener) holder = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *body = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (holder, NULL, &error);

  g_assert_no_error (error);
  body = g_strdup_printf ("{\"name\": \"Sysmex\", \"protocol\": \"hl7\", \"address\": "
                          "\"0.0.0.0\", \"port\": %u, \"codes\": []}",
                          port);
  g_test_expect_message ("ld-instrument-listener", G_LOG_LEVEL_WARNING, "*cannot listen*");
  created = ld_test_send_json (lab->server, "POST", "/api/v1/instruments", lab->admin, body);
  ld_test_assert_status (created, 201);
  status = find_status (lab, ld_test_response_get_string (created, "instrument.id"));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "failed");
  g_assert_nonnull (json_object_get_string_member (status, "problem"));
}

/* An ASTM instrument listens as an HL7 one does (what it says:
 * test-instruments-listen). */
static void
test_astm_served (gconstpointer data)
{
  g_autoptr(LdLab) lab = ld_lab_new ();
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(JsonObject) status = NULL;

  created = ld_test_send_json (lab->server, "POST", "/api/v1/instruments", lab->admin,
                               "{\"name\": \"Sysmex XN\", \"protocol\": \"astm\","
                               " \"address\": \"127.0.0.1\", \"port\": 0, \"codes\": []}");
  ld_test_assert_status (created, 201);
  status = find_status (lab, ld_test_response_get_string (created, "instrument.id"));
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "listening");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/server/instruments/crud", NULL, test_crud);
  g_test_add_data_func ("/server/instruments/validation", NULL, test_validation);
  g_test_add_data_func ("/server/instruments/permissions", NULL, test_permissions);
  g_test_add_data_func ("/server/instruments/port-taken", NULL, test_port_taken);
  g_test_add_data_func ("/server/instruments/astm-served", NULL, test_astm_served);

  return g_test_run ();
}
