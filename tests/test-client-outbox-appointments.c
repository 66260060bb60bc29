/* test-client-outbox-appointments.c: the desk checks in and queues walk-ins offline
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 33: with the server stopped, the desk checks a booked patient in
 * and queues a walk-in; both wait in the outbox, and a booking (which
 * needs the server to say the slot is free) is refused at once, saying
 * so. With the server back, both are on the server, each once, the
 * check-in with its token; a check-in of an appointment cancelled
 * meanwhile comes back refused (409) and stays in the outbox with the
 * server's word. The server is the real binary, on the real clock: the
 * doctor works every day all day, so the next free slot is today.
 */

#include "config.h"

#include "ld-command.h"
#include "ld-json.h"
#include "ld-outbox-entry.h"
#include "ld-schedule.h"
#include "ld-test-client.h"
#include "ld-time.h"

#define SCHEDULE                                                                              \
  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\", \"slot_minutes\": 5,"         \
  " \"hours\": {\"mon\": \"00:00-23:55\", \"tue\": \"00:00-23:55\", \"wed\": \"00:00-23:55\"," \
  "             \"thu\": \"00:00-23:55\", \"fri\": \"00:00-23:55\", \"sat\": \"00:00-23:55\"," \
  "             \"sun\": \"00:00-23:55\"}}"

typedef LdTestTmpdir Fixture;
#define fixture_setup    ld_test_tmpdir_setup
#define fixture_teardown ld_test_tmpdir_teardown

static char *
register_patient (LdTestServer *server,
                  const char   *desk,
                  const char   *name)
{
  g_autofree char *body =
    g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"age_years\": 40}", name);
  g_autoptr(LdTestResponse) patient =
               ld_test_send_json (server, "POST", "/api/v1/patients", desk, body);

  ld_test_assert_status (patient, 201);
  return g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

/* Books @patient_id in the doctor's next free slot; NULL when that is not
 * today (the last minutes of a day). */
static char *
book_next_slot (LdTestServer *server,
                const char   *desk,
                const char   *patient_id,
                const char   *doctor_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/slots?doctor_id=%s&limit=1", doctor_id);
  g_autoptr(LdTestResponse) slots = ld_test_get (server, path, desk);
  g_autoptr(LdTestResponse) booked = NULL;
  g_autofree char *body = NULL;
  g_autofree char *today = ld_schedule_day_of (ld_time_now ());
  g_autofree char *day = NULL;
  JsonArray *items;
  const char *start;
  GDateTime *at;

  ld_test_assert_status (slots, 200);
  items = json_object_get_array_member (json_node_get_object (slots->json), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  start = json_object_get_string_member (json_array_get_object_element (items, 0), "start");
  at = g_date_time_new_from_iso8601 (start, NULL);
  g_assert_nonnull (at);
  day = ld_schedule_day_of (g_date_time_to_unix (at) * G_USEC_PER_SEC);
  g_date_time_unref (at);
  if (!g_str_equal (day, today))
    return NULL;

  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                          patient_id, doctor_id, start);
  booked = ld_test_send_json (server, "POST", "/api/v1/appointments", desk, body);
  ld_test_assert_status (booked, 201);
  return g_strdup (ld_test_response_get_string (booked, "appointment.id"));
}

static JsonNode *
submit (LdTestClient   *client,
        LdOutboxAction  action,
        const char     *params)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer = ld_test_client_submit (client, action, params, &error);

  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "queued"));
  return answer;
}

/* The outbox holds only refused items (or none). */
static gboolean
outbox_settled (gpointer data)
{
  g_autoptr(GPtrArray) items = ld_test_client_outbox (data);

  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((LdOutboxItem *) g_ptr_array_index (items, i))->state, "rejected") != 0)
      return FALSE;
  return TRUE;
}

static gint64 count (const char *db_path,
                     const char *format,
                     ...) G_GNUC_PRINTF (2, 3);

/* The server's answer to a query, read from its database. */
static gint64
count (const char *db_path,
       const char *format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return ld_test_query_int (db_path, sql);
}

static gboolean
none_sending (gpointer data)
{
  GListModel *entries = data;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(LdOutboxEntry) entry = g_list_model_get_item (entries, i);

      if (ld_outbox_entry_get_state (entry) == LD_OUTBOX_ENTRY_SENDING)
        return FALSE;
    }
  return TRUE;
}

static void
test_check_in_and_walk_in_offline (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(LdTestResponse) checked = NULL;
  g_autoptr(JsonNode) booking = NULL;
  g_autoptr(JsonNode) queued = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *doctor = NULL;
  g_autofree char *doctor_id = NULL;
  g_autofree char *asha = NULL;
  g_autofree char *bina = NULL;
  g_autofree char *chitra = NULL;
  g_autofree char *asha_visit = NULL;
  g_autofree char *chitra_visit = NULL;
  g_autofree char *path = NULL;
  g_autofree char *params = NULL;
  g_autofree char *walk_in = NULL;
  GListModel *entries;
  LdTestServer *server;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  uri = g_strdup (ld_test_server_get_uri (server));
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  doctor = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", doctor_id);
  schedule = ld_test_send_json (server, "PUT", path, admin, SCHEDULE);
  ld_test_assert_status (schedule, 200);

  asha = register_patient (server, desk, "Asha Iyer");
  bina = register_patient (server, desk, "Bina Das");
  chitra = register_patient (server, desk, "Chitra Nair");
  asha_visit = book_next_slot (server, desk, asha, doctor_id);
  chitra_visit = asha_visit ? book_next_slot (server, desk, chitra, doctor_id) : NULL;
  if (chitra_visit == NULL)
    {
      ld_test_server_free (server);
      g_test_skip ("no free slot left today");
      return;
    }

  client = ld_test_client_new (uri, "reception", LD_TEST_RECEPTION_PASSWORD, cache_dir);
  ld_test_client_wait_seq (client, ld_test_query_int (db_path, "SELECT max (seq) FROM changes"),
                           60000);

  /* Chitra's booking is cancelled at another desk, and the server goes. */
  g_free (path);
  path = g_strdup_printf ("/api/v1/appointments/%s/cancel", chitra_visit);
  cancelled = ld_test_send_json (server, "POST", path, admin,
                                 "{\"version\": 1, \"reason\": \"Called to cancel\"}");
  ld_test_assert_status (cancelled, 200);
  g_clear_pointer (&server, ld_test_server_free);

  /* Offline: the check-ins and the walk-in wait; a booking says it needs the server. */
  g_free (params);
  params = g_strdup_printf ("{\"id\": \"%s\", \"version\": 1}", asha_visit);
  queued = submit (client, LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN, params);
  g_clear_pointer (&queued, json_node_unref);
  walk_in = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"walk_in\": true}",
                             bina, doctor_id);
  queued = submit (client, LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN, walk_in);
  g_clear_pointer (&queued, json_node_unref);
  g_free (params);
  params = g_strdup_printf ("{\"id\": \"%s\", \"version\": 1}", chitra_visit);
  queued = submit (client, LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN, params);
  g_assert_true (ld_outbox_action_may_wait (LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN));
  g_assert_true (ld_outbox_action_may_wait (LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN));
  g_assert_false (ld_command_may_wait (LD_COMMAND_APPOINTMENT_BOOK));
  g_assert_false (ld_command_may_wait (LD_COMMAND_APPOINTMENT_RESCHEDULE));
  g_assert_false (ld_command_may_wait (LD_COMMAND_APPOINTMENT_CANCEL));

  entries = ld_outbox_get_entries (client->outbox);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 3);
  /* The outbox may be trying a send when the server has just gone: each
   * entry is back to waiting once that attempt fails. */
  ld_test_wait_until (none_sending, entries, 30000, "no entry being sent");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LdOutboxEntry) entry = g_list_model_get_item (entries, i);

      g_assert_cmpint (ld_outbox_entry_get_state (entry), ==, LD_OUTBOX_ENTRY_WAITING);
    }
  items = ld_test_client_outbox (client);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 0))->kind, ==,
                   "appointment.check_in");
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 1))->kind, ==,
                   "appointment.walk_in");
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_cmpint (count (db_path, "SELECT count (*) FROM appointments WHERE patient_id = '%s'",
                          bina),
                   ==, 0);

  /* Back: sent on their own, each once; the cancelled one is refused and kept. */
  server = ld_test_server_restart (db_path, uri);
  ld_test_wait_until (outbox_settled, client, 60000, "the outbox sent");
  items = ld_test_client_outbox (client);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 0))->target_id, ==, chitra_visit);
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 0))->error_code, ==, "conflict");

  g_free (path);
  path = g_strdup_printf ("/api/v1/appointments/%s", asha_visit);
  checked = ld_test_get (server, path, desk);
  ld_test_assert_status (checked, 200);
  g_assert_cmpstr (ld_test_response_get_string (checked, "appointment.state"), ==, "checked_in");
  g_assert_cmpint (count (db_path,
                          "SELECT count (*) FROM appointments WHERE patient_id = '%s'"
                          " AND slot_us IS NULL AND state = 'checked_in' AND token IS NOT NULL",
                          bina),
                   ==, 1);
  g_assert_cmpint (count (db_path, "SELECT count (*) FROM appointments WHERE patient_id = '%s'",
                          bina),
                   ==, 1);
  g_assert_cmpint (count (db_path, "SELECT count (*) FROM appointments WHERE id = '%s'"
                                   " AND token IS NOT NULL", asha_visit),
                   ==, 1);
  g_assert_cmpint (count (db_path, "SELECT count (*) FROM appointments WHERE id = '%s'"
                                   " AND state = 'cancelled' AND token IS NULL", chitra_visit),
                   ==, 1);

  g_clear_pointer (&client, ld_test_client_free);
  ld_test_server_free (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();
  g_test_add ("/client/outbox-appointments/check-in-and-walk-in-offline", Fixture, NULL,
              fixture_setup, test_check_in_and_walk_in_offline, fixture_teardown);
  return g_test_run ();
}
