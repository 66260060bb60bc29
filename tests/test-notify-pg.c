/* test-notify-pg.c: two server processes on PostgreSQL send each message once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two real `labdesk-server serve` processes, each with its sender, on one
 * PostgreSQL database (ld-test-pg.c), both sending through one real SMTP
 * server (tests/ld-test-smtp.py). Orders booked on both at once give one
 * message each: every row is sent once, by one of the two, and the SMTP
 * server holds exactly one message per row, each Message-ID once. A
 * claim is one UPDATE that re-checks the row is still waiting
 * (ld-store-notifications.c), so two senders that pick the same row do
 * not both send it.
 *
 * Two server processes started at once on one database each run the
 * minute's sweep as they start: tomorrow's appointments get one reminder
 * each, whichever process writes it (the sweep's turn, and the outbox's
 * unique key notifications_reminder_once besides). The processes run in
 * a zone where it is midday now, past the hour reminders start.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-lab.h"
#include "ld-test-mail.h"
#include "ld-time.h"

#define N_SERVERS 2
#define N_PATIENTS 24
#define N_APPOINTMENTS 16
#define WAIT_LIMIT_US (180 * G_USEC_PER_SEC)

static void
test_two_senders_send_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdTestServer) seed = ld_test_server_new ();
  const char *tmpdir = ld_test_server_get_tmpdir (seed);
  g_autofree char *base = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char *mail_dir = g_build_filename (tmpdir, "mail", NULL);
  g_autofree char *config_path = g_build_filename (tmpdir, "server.conf", NULL);
  g_autofree char *port = NULL;
  g_autofree char *config = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) recipients = g_hash_table_new (g_str_hash, g_str_equal);
  LdTestServer *servers[N_SERVERS];
  GSubprocess *smtp;
  LdLab *lab;
  gint64 deadline;

  g_assert_true (ld_test_server_is_postgresql (seed));
  g_assert_cmpint (g_mkdir (mail_dir, 0700), ==, 0);
  smtp = ld_test_smtp_start (mail_dir, &port);
  config = g_strdup_printf ("[server]\naudit-key=%s.audit-key\naudit-head=%s.audit-head\n"
                            "sign-ins-per-minute=1000\n"
                            "[mail]\nhost=127.0.0.1\nport=%s\ntls=none\n"
                            "from=results@lab.example.org\n", base, base, port);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      const char * const args[] = { "--config", config_path, NULL };
      g_autofree char *name = g_strdup_printf ("server-%u.log", i);
      g_autofree char *log = g_build_filename (tmpdir, name, NULL);

      servers[i] = ld_test_server_spawn_logged (ld_test_server_get_db_path (seed), args, log);
    }
  lab = ld_lab_new_on (servers[0]);

  /* Booked on both servers in turn: both senders find due rows at once. */
  for (guint i = 0; i < N_PATIENTS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\": \"Patient %u\", \"sex\": \"female\","
                                               " \"age_years\": 30, \"email\": "
                                               "\"p%u@example.com\"}", i, i);
      g_autofree char *patient_id = ld_lab_new_patient (lab, json);
      g_autofree char *body =
        g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"GLUF\"]}", patient_id);
      g_autoptr(LdTestResponse) order = ld_test_send_json (servers[i % N_SERVERS], "POST",
                                                            "/api/v1/orders", lab->doctor, body);

      ld_test_assert_status (order, 201);
    }

  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (ld_test_server_query_int (seed, "SELECT COUNT(*) FROM notifications"
                                         " WHERE state = 'sent'") != N_PATIENTS)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  ld_test_mail_wait (mail_dir, N_PATIENTS);

  g_assert_cmpint (ld_test_server_query_int (seed, "SELECT COUNT(*) FROM notifications"), ==,
                   N_PATIENTS);
  g_assert_cmpint (ld_test_server_query_int (seed, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE attempts = 1"), ==, N_PATIENTS);
  g_test_message ("sending processes: %" G_GINT64_FORMAT,
                  ld_test_server_query_int (seed, "SELECT COUNT(DISTINCT claimed_by)"
                                                  " FROM notifications"));
  messages = ld_test_mail_read (mail_dir);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      g_hash_table_add (ids, (gpointer) json_object_get_string_member (message, "message_id"));
      g_hash_table_add (recipients, (gpointer) json_object_get_string_member (message, "to"));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, N_PATIENTS);
  g_assert_cmpuint (g_hash_table_size (recipients), ==, N_PATIENTS);

  lab->server = NULL;
  ld_lab_free (lab);
  for (guint i = 0; i < N_SERVERS; i++)
    ld_test_server_free (servers[i]);
  ld_test_smtp_stop (smtp);
}

typedef struct
{
  const char   *db_path;
  const char   *config_path;
  char         *log_path;
  GAsyncQueue  *started;
  GAsyncQueue  *stop;
} Starting;

/* Starts a server, says so, and stops it when told: a child dies with the
 * thread that spawned it (ld_test_die_with_parent()), so this thread
 * lasts as long as its server. */
static gpointer
run_server_cb (gpointer data)
{
  Starting *starting = data;
  const char * const args[] = { "--config", starting->config_path, NULL };
  LdTestServer *server = ld_test_server_spawn_logged (starting->db_path, args,
                                                      starting->log_path);

  g_async_queue_push (starting->started, GINT_TO_POINTER (1));
  g_async_queue_pop (starting->stop);
  ld_test_server_free (server);
  return NULL;
}

static void
test_two_sweeps_remind_once (void)
{
  g_autoptr(LdTestServer) seed = ld_test_server_new ();
  g_autofree char *admin = ld_test_login (seed, "admin", LD_TEST_ADMIN_PASSWORD);
  g_autofree char *desk = ld_test_login (seed, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *doctor = ld_test_login (seed, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autoptr(LdTestResponse) me = ld_test_get (seed, "/api/v1/sessions/current", doctor);
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *schedule_path = NULL;
  const char *doctor_id;
  g_autoptr(GAsyncQueue) started = g_async_queue_new ();
  Starting starting[N_SERVERS];
  GThread *threads[N_SERVERS];

  g_assert_true (ld_test_server_is_postgresql (seed));
  g_assert_cmpint (g_date_time_get_hour (now), >=, 9);
  ld_test_assert_status (me, 200);
  doctor_id = ld_test_response_get_string (me, "user.id");
  schedule_path = g_strdup_printf ("/api/v1/doctors/%s/schedule", doctor_id);
  schedule = ld_test_send_json (seed, "PUT", schedule_path, admin,
                                "{\"slot_minutes\": 30, \"hours\": {\"mon\": \"08:00-20:00\","
                                " \"tue\": \"08:00-20:00\", \"wed\": \"08:00-20:00\","
                                " \"thu\": \"08:00-20:00\", \"fri\": \"08:00-20:00\","
                                " \"sat\": \"08:00-20:00\", \"sun\": \"08:00-20:00\"}}");
  ld_test_assert_status (schedule, 200);

  for (guint i = 0; i < N_APPOINTMENTS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\": \"Patient %u\", \"sex\": \"male\","
                                               " \"age_years\": 30, \"email\":"
                                               " \"a%u@example.com\"}", i, i);
      g_autoptr(LdTestResponse) patient =
                   ld_test_send_json (seed, "POST", "/api/v1/patients", desk, json);
      g_autoptr(GDateTime) slot = NULL;
      g_autofree char *start = NULL;
      g_autofree char *body = NULL;
      g_autoptr(LdTestResponse) booked = NULL;

      ld_test_assert_status (patient, 201);
      slot = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                    g_date_time_get_month (tomorrow),
                                    g_date_time_get_day_of_month (tomorrow), 8 + i / 2,
                                    (i % 2) * 30, 0);
      start = ld_time_format_rfc3339 (g_date_time_to_unix (slot) * G_USEC_PER_SEC);
      body =
        g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                         ld_test_response_get_string (patient, "patient.id"), doctor_id, start);
      booked = ld_test_send_json (seed, "POST", "/api/v1/appointments", desk, body);
      ld_test_assert_status (booked, 201);
    }

  /* Both start, and sweep as they start, at once. */
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("sweeper-%u.log", i);

      starting[i].db_path = ld_test_server_get_db_path (seed);
      starting[i].config_path = ld_test_server_get_config_path (seed);
      starting[i].log_path = g_build_filename (ld_test_server_get_tmpdir (seed), name, NULL);
      starting[i].started = started;
      starting[i].stop = g_async_queue_new ();
      threads[i] = g_thread_new ("server", run_server_cb, &starting[i]);
    }
  for (guint i = 0; i < N_SERVERS; i++)
    g_async_queue_pop (started);

  /* Each has swept before it listened. */
  g_assert_cmpint (ld_test_server_query_int (seed, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE template = 'appointment-reminder'"),
                   ==, N_APPOINTMENTS);
  g_assert_cmpint (ld_test_server_query_int (seed, "SELECT COUNT(DISTINCT appointment_id)"
                                                   " FROM notifications"
                                                   " WHERE template = 'appointment-reminder'"),
                   ==, N_APPOINTMENTS);
  g_assert_cmpint (ld_test_server_query_int (seed, "SELECT COUNT(*) FROM appointments"
                                                   " WHERE reminded_slot_us = slot_us"),
                   ==, N_APPOINTMENTS);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_async_queue_push (starting[i].stop, GINT_TO_POINTER (1));
      g_thread_join (threads[i]);
      g_async_queue_unref (starting[i].stop);
      g_free (starting[i].log_path);
    }
}

/* A POSIX zone in which it is about midday now, so that the sweeps run
 * past the hour reminders start (LD_REMINDER_FROM_HOUR) whenever the
 * test does; whole hours east of UTC, so no day is skipped. */
static char *
midday_zone (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  int east = 12 - g_date_time_get_hour (utc);

  return g_strdup_printf ("LDT%+d", -east);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *zone = midday_zone ();

  /* Every fixture database in one cluster this process starts. */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  /* Before anything reads the local zone; the servers inherit it. */
  g_setenv ("TZ", zone, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notify/pg/two-senders-send-once", test_two_senders_send_once);
  g_test_add_func ("/notify/pg/two-sweeps-remind-once", test_two_sweeps_remind_once);

  return g_test_run ();
}
