/* test-notify-mail.c: the outbox sent through a real SMTP server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real labdesk-server process, configured with [mail], sends to a real
 * SMTP server (aiosmtpd, tests/ld-test-smtp.py) on a loopback port, which
 * keeps each message it accepts as a file; Python's email package reads
 * them back (tests/ld-test-mail-read.py), as a mail client would.
 *
 * - Each stage of an order (booked, sample collected, report released)
 *   gives exactly one message, to the patient's address, with its subject
 *   (RFC 2047 decoded) and plain and HTML parts, in Hindi for a patient
 *   whose name is in Devanagari; the report's message carries no result.
 * - A 451 is retried and the message arrives once; a 550 is given up,
 *   and recorded with the server's reply.
 * - A server killed (SIGKILL) after the mail server kept a message but
 *   before it answered does not send it again once restarted (the mail
 *   server has it once): the row is marked failed
 *   ("interrupted while sending; not resent to avoid a duplicate"), while
 *   messages after it are sent.
 *
 * - With [mail] attach-report=true, the "report ready" e-mail is
 *   multipart/mixed: its words (multipart/alternative), then the report
 *   version's kept PDF, byte for byte, named report-ORDER-v1.pdf; the
 *   other messages carry nothing. Without it (the default) no message
 *   has an attachment.
 * - `labdesk-server mail-test` prints the mail server's reply, and says
 *   what is wrong with a refused address or a bad [mail] group.
 *
 * Every wait is for a condition (a file, a row's state), with a generous
 * limit; the retry's delay is set to one second in the configuration.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-test-documents.h"
#include "ld-test-lab.h"
#include "ld-test-mail.h"
#include "ld-test-reports.h"

#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *mail_dir;
  char        *config_path;
  GSubprocess *smtp;
  LdLab       *lab;
} Fixture;

static LdTestServer *
spawn_server (Fixture *fx)
{
  static guint n_logs;
  g_autofree char *log_name = g_strdup_printf ("server-%u.log", n_logs++);
  g_autofree char *log_path = g_build_filename (fx->dir, log_name, NULL);
  const char * const args[] = { "--config", fx->config_path, NULL };

  return ld_test_server_spawn_logged (fx->db_path, args, log_path);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *config = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-mail-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, "lab.db", NULL);
  fx->mail_dir = g_build_filename (fx->dir, "mail", NULL);
  fx->config_path = g_build_filename (fx->dir, "labdesk-server.conf", NULL);
  g_assert_cmpint (g_mkdir (fx->mail_dir, 0700), ==, 0);

  {
    const char * const demo_args[] = { "demo", "--bare", "--db", fx->db_path, NULL };

    g_assert_cmpint (ld_test_run_server_command (demo_args, NULL, NULL), ==, 0);
  }

  fx->smtp = ld_test_smtp_start (fx->mail_dir, &port);
  config = g_strdup_printf ("[mail]\nhost=127.0.0.1\nport=%s\ntls=none\n"
                            "from=results@lab.example.org\nreply-to=desk@lab.example.org\n"
                            "retry-after=1\ntimeout=30\n%s",
                            port, data != NULL ? (const char *) data : "");
  g_assert_true (g_file_set_contents (fx->config_path, config, -1, &error));
  g_assert_no_error (error);

  fx->lab = ld_lab_new_on (spawn_server (fx));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->lab, ld_lab_free);
  g_clear_pointer (&fx->smtp, ld_test_smtp_stop);
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->mail_dir);
  g_free (fx->config_path);
}

static void
wait_for_file (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static void
wait_for_rows (Fixture    *fx,
               const char *sql,
               gint64      count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (ld_test_query_int (fx->db_path, sql) != count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* The one message to @to whose subject starts with @subject_start. */
static JsonObject *
find_message (JsonArray  *messages,
              const char *to,
              const char *subject_start)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_str_equal (json_object_get_string_member (message, "to"), to) &&
          g_str_has_prefix (json_object_get_string_member (message, "subject"), subject_start))
        {
          g_assert_null (found);
          found = message;
        }
    }
  if (found == NULL)
    g_error ("no message to %s with the subject “%s…”", to, subject_start);
  return found;
}

static char *
order_number (Fixture    *fx,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->lab->server, path, fx->lab->desk);

  ld_test_assert_status (resp, 200);
  return g_strdup (ld_test_response_get_string (resp, "order.number"));
}

static void
check_message (JsonObject *message,
               const char *greeting)
{
  const char *plain = json_object_get_string_member (message, "plain");
  const char *html = json_object_get_string_member (message, "html");
  g_autofree char *html_greeting = g_strdup_printf ("<p>%s</p>", greeting);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (message, "defects")), ==,
                    0);
  g_assert_cmpstr (json_object_get_string_member (message, "content_type"), ==,
                   "multipart/alternative");
  g_assert_cmpstr (json_object_get_string_member (message, "from"), ==,
                   "\"Sunrise Diagnostics (DEMO DATA)\" <results@lab.example.org>");
  g_assert_cmpstr (json_object_get_string_member (message, "reply_to"), ==,
                   "desk@lab.example.org");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (message, "message_id"),
                                   ".labdesk@lab.example.org>"));
  g_assert_true (g_str_has_prefix (plain, greeting));
  g_assert_nonnull (strstr (html, html_greeting));
  /* The report is never in the message: HB's value was 10.8. */
  g_assert_null (strstr (plain, "10.8"));
  g_assert_null (strstr (html, "10.8"));
}

static void
test_each_stage_once (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *asha = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                       "\"female\", \"age_years\": 34, \"email\": "
                                                       "\"asha@example.com\"}");
  g_autofree char *sita = ld_lab_new_patient (fx->lab, "{\"name\": \"सीता देवी\", \"sex\": "
                                                       "\"female\", \"age_years\": 61, \"email\": "
                                                       "\"sita@example.com\"}");
  g_autofree char *ravi = ld_lab_new_patient (fx->lab, "{\"name\": \"Ravi Kumar\", \"sex\": "
                                                       "\"male\", \"age_years\": 40}");
  g_autofree char *asha_order = ld_test_order_released (fx->lab, asha);
  g_autofree char *sita_order = ld_test_order_released (fx->lab, sita);
  g_autofree char *ravi_order = ld_test_order_released (fx->lab, ravi);
  g_autofree char *asha_number = order_number (fx, asha_order);
  g_autofree char *sita_number = order_number (fx, sita_order);
  g_autoptr(JsonArray) messages = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *en_confirmed = g_strdup_printf ("Order %s confirmed — ", asha_number);
  g_autofree char *en_collected = g_strdup_printf ("Sample collected for order %s — ",
                                                   asha_number);
  g_autofree char *en_ready = g_strdup_printf ("Your report for order %s is ready — ",
                                               asha_number);
  g_autofree char *en_paid = g_strdup_printf ("Payment received for order %s — ", asha_number);
  g_autofree char *hi_paid = g_strdup_printf ("ऑर्डर %s का भुगतान मिल गया — ", sita_number);
  g_autofree char *hi_confirmed = g_strdup_printf ("ऑर्डर %s पक्का हो गया — ", sita_number);
  g_autofree char *hi_collected = g_strdup_printf ("ऑर्डर %s का नमूना ले लिया गया — ",
                                                   sita_number);
  g_autofree char *hi_ready = g_strdup_printf ("ऑर्डर %s की आपकी रिपोर्ट तैयार है — ",
                                               sita_number);
  JsonObject *ready;

  ld_test_mail_wait (fx->mail_dir, 8);
  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE state = 'sent'", 8);
  messages = ld_test_mail_read (fx->mail_dir);

  check_message (find_message (messages, "asha@example.com", en_confirmed), "Dear Asha Verma,");
  check_message (find_message (messages, "asha@example.com", en_collected), "Dear Asha Verma,");
  ready = find_message (messages, "asha@example.com", en_ready);
  check_message (ready, "Dear Asha Verma,");
  /* A link, not the report: attach-report is off by default. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ready, "attachments")),
                    ==, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (ready, "html"), "<a href=\""));
  check_message (find_message (messages, "asha@example.com", en_paid), "Dear Asha Verma,");
  check_message (find_message (messages, "sita@example.com", hi_confirmed), "प्रिय सीता देवी,");
  check_message (find_message (messages, "sita@example.com", hi_paid), "प्रिय सीता देवी,");
  check_message (find_message (messages, "sita@example.com", hi_collected), "प्रिय सीता देवी,");
  check_message (find_message (messages, "sita@example.com", hi_ready), "प्रिय सीता देवी,");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_hash_table_add (ids,
                      (gpointer)
                        json_object_get_string_member (json_array_get_object_element (messages, i),
                                                       "message_id"));
  g_assert_cmpuint (g_hash_table_size (ids), ==, 8);

  /* The mail server's answer is kept; a patient without an address has no row. */
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE provider_id LIKE '250 %queued as T%'"
                                                   " AND attempts = 1 AND sent_us IS NOT NULL"),
                   ==, 8);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM notifications"
                                            " WHERE patient_id = '%s'", ravi);

    g_assert_cmpint (ld_test_query_int (fx->db_path, sql), ==, 0);
  }
}

static void
test_retry_and_give_up (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *busy = ld_lab_new_patient (fx->lab, "{\"name\": \"Busy Patient\", \"sex\": "
                                                       "\"female\", \"age_years\": 30, \"email\": "
                                                       "\"busy@example.com\"}");
  g_autofree char *refused = ld_lab_new_patient (fx->lab, "{\"name\": \"Gone Patient\", \"sex\": "
                                                          "\"male\", \"age_years\": 50, \"email\": "
                                                          "\"refuse@example.com\"}");
  g_autofree char *busy_order = ld_lab_prescribe (fx->lab, busy, "\"items\": [\"GLUF\"]");
  g_autofree char *refused_order = ld_lab_prescribe (fx->lab, refused, "\"items\": [\"GLUF\"]");
  g_autoptr(JsonArray) messages = NULL;

  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE recipient = 'busy@example.com'"
                     " AND state = 'sent'", 1);
  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE recipient = 'refuse@example.com'"
                     " AND state = 'given_up'", 1);

  /* The 451 was met once, then the retry went through. */
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT attempts FROM notifications"
                                                   " WHERE recipient = 'busy@example.com'"), ==, 2);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE recipient = 'refuse@example.com'"
                                                   " AND attempts = 1 AND last_error LIKE"
                                                   " '%550 5.1.1 No such mailbox here%'"), ==, 1);
  messages = ld_test_mail_read (fx->mail_dir);
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "to"), ==, "busy@example.com");
}

static void
test_killed_while_sending_not_resent (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autofree char *hold = ld_lab_new_patient (fx->lab, "{\"name\": \"Held Patient\", \"sex\": "
                                                       "\"female\", \"age_years\": 30, \"email\": "
                                                       "\"hold@example.com\"}");
  g_autofree char *holding = g_build_filename (fx->mail_dir, "holding", NULL);
  g_autofree char *release = g_build_filename (fx->mail_dir, "release", NULL);
  g_autofree char *hold_order = ld_lab_prescribe (fx->lab, hold, "\"items\": [\"GLUF\"]");
  g_autofree char *after = NULL;
  g_autofree char *after_order = NULL;
  g_autoptr(JsonArray) messages = NULL;

  /* The mail server has kept the message and has not answered: kill. */
  wait_for_file (holding);
  ld_test_mail_wait (fx->mail_dir, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE state = 'sending'"), ==, 1);
  ld_test_server_kill (fx->lab->server);
  ld_test_server_free (fx->lab->server);
  fx->lab->server = spawn_server (fx);

  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE recipient = 'hold@example.com'"
                     " AND state = 'failed' AND attempts = 1 AND last_error ="
                     " 'interrupted while sending; not resent to avoid a duplicate'", 1);
  g_assert_true (g_file_set_contents (release, "", 0, NULL));

  /* A later message is sent by the restarted server; the held one never again. */
  after = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": \"female\","
                                       " \"age_years\": 34, \"email\": \"asha@example.com\"}");
  after_order = ld_lab_prescribe (fx->lab, after, "\"items\": [\"GLUF\"]");
  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE recipient = 'asha@example.com'"
                     " AND state = 'sent'", 1);
  ld_test_mail_wait (fx->mail_dir, 2);
  messages = ld_test_mail_read (fx->mail_dir);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "to"), ==, "hold@example.com");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "to"), ==, "asha@example.com");
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE recipient = 'hold@example.com'"
                                                   " AND state = 'failed'"), ==, 1);
}

/* What the IT person setting [mail] up runs, and what a bad [mail] says. */
static void
test_mail_test_command (Fixture       *fx,
                        gconstpointer  data)
{
  const char * const sent[] = { "mail-test", "--config",       fx->config_path,
                                "--to",      "it@example.com", NULL };
  const char * const refused[] = { "mail-test", "--config",           fx->config_path,
                                   "--to",      "refuse@example.com", NULL };
  const char * const not_an_address[] = {
    "mail-test", "--config", fx->config_path, "--to", "it@example.com\r\nBcc: x@example.net", NULL
  };
  g_autofree char   *bad_config = g_build_filename (fx->dir, "bad.conf", NULL);
  const char * const bad[] = {
    "mail-test", "--config", bad_config, "--to", "it@example.com", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonArray) messages = NULL;

  g_assert_cmpint (ld_test_run_server_command (sent, &out, &err), ==, 0);
  g_assert_true (g_regex_match_simple ("^250 2.0.0 Ok: queued as T[0-9]{4}\n$", out, 0, 0));
  ld_test_mail_wait (fx->mail_dir, 1);
  messages = ld_test_mail_read (fx->mail_dir);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "subject"), ==, "Labdesk mail test");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_server_command (refused, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "550 5.1.1 No such mailbox here\n");
  g_assert_nonnull (strstr (err, "permanent failure"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_server_command (not_an_address, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "is not an e-mail address"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (bad_config, "[mail]\nhost=127.0.0.1\ntls=sometimes\n"
                                      "from=results@lab.example.org\n", -1, NULL));
  g_assert_cmpint (ld_test_run_server_command (bad, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "[mail] tls must be none, starttls, starttls-optional or "
                                 "implicit"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (bad_config, "[mail]\nhost=127.0.0.1\nattach-report=yes\n"
                                      "from=results@lab.example.org\n", -1, NULL));
  g_assert_cmpint (ld_test_run_server_command (bad, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "[mail] attach-report must be true or false"));
  ld_test_mail_wait (fx->mail_dir, 1);
}

static void
test_report_attached (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char   *asha = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                           "\"female\", \"age_years\": 34, \"email\": "
                                                           "\"asha@example.com\"}");
  g_autofree char   *order = ld_test_order_released (fx->lab, asha);
  g_autofree char   *number = order_number (fx, order);
  g_autofree char   *en_ready = g_strdup_printf ("Your report for order %s is ready — ", number);
  g_autofree char   *en_confirmed = g_strdup_printf ("Order %s confirmed — ", number);
  g_autofree char   *file_name = g_strdup_printf ("report-%s-v1.pdf", number);
  g_autofree char   *kept_sha = NULL;
  g_autofree char   *sent_sha = NULL;
  g_autofree char   *sent_path = g_build_filename (fx->dir, "attached.pdf", NULL);
  g_autofree char   *text = NULL;
  g_autofree guchar *bytes = NULL;
  g_autoptr(LdTestResponse) kept = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ready;
  JsonObject *confirmed;
  JsonArray *attachments;
  JsonObject *pdf;
  gsize length;

  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE template = 'report-ready'"
                     " AND state = 'sent'", 1);
  ld_test_mail_wait (fx->mail_dir, ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM"
                                                                   " notifications"));
  messages = ld_test_mail_read (fx->mail_dir);
  ready = find_message (messages, "asha@example.com", en_ready);
  confirmed = find_message (messages, "asha@example.com", en_confirmed);

  /* The words as before, inside multipart/mixed; then the PDF. */
  g_assert_cmpstr (json_object_get_string_member (ready, "content_type"), ==, "multipart/mixed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ready, "defects")), ==, 0);
  g_assert_true (
    g_str_has_prefix (json_object_get_string_member (ready, "plain"), "Dear Asha Verma,"));
  g_assert_nonnull (strstr (json_object_get_string_member (ready, "html"), "<a href=\""));
  attachments = json_object_get_array_member (ready, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  pdf = json_array_get_object_element (attachments, 0);
  g_assert_cmpstr (json_object_get_string_member (pdf, "filename"), ==, file_name);
  g_assert_cmpstr (json_object_get_string_member (pdf, "type"), ==, "application/pdf");

  /* Byte for byte the PDF kept when the version was released. */
  bytes = g_base64_decode (json_object_get_string_member (pdf, "base64"), &length);
  kept = ld_test_get_document (fx->lab, fx->lab->desk, order, "report.pdf?version=1");
  ld_test_assert_status (kept, 200);
  kept_sha = ld_test_body_sha256 (kept);
  sent_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, length);
  g_assert_cmpstr (sent_sha, ==, kept_sha);
  g_assert_true (g_file_set_contents (sent_path, (const char *) bytes, length, &error));
  g_assert_no_error (error);
  text = ld_test_pdf_text (sent_path, 0);
  ld_test_assert_contains (text, "Asha Verma");
  ld_test_assert_contains (text, number);

  /* Only the report's messages carry it. */
  g_assert_cmpstr (json_object_get_string_member (confirmed, "content_type"), ==,
                   "multipart/alternative");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (confirmed, "attachments")),
                    ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/mail/each-stage-once", Fixture, NULL, fixture_setup, test_each_stage_once,
              fixture_teardown);
  g_test_add ("/notify/mail/retry-and-give-up", Fixture, NULL, fixture_setup,
              test_retry_and_give_up, fixture_teardown);
  g_test_add ("/notify/mail/killed-while-sending-not-resent", Fixture, NULL, fixture_setup,
              test_killed_while_sending_not_resent, fixture_teardown);
  g_test_add ("/notify/mail/report-attached", Fixture, "attach-report=true\n", fixture_setup,
              test_report_attached, fixture_teardown);
  g_test_add ("/notify/mail/mail-test-command", Fixture, NULL, fixture_setup,
              test_mail_test_command, fixture_teardown);

  return g_test_run ();
}
