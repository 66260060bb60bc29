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
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-lab.h"
#include "ld-test-mail.h"

#define N_SERVERS 2
#define N_PATIENTS 24
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

int
main (int   argc,
      char *argv[])
{
  /* Every fixture database in one cluster this process starts. */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notify/pg/two-senders-send-once", test_two_senders_send_once);

  return g_test_run ();
}
