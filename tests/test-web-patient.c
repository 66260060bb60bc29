/* test-web-patient.c: the patient's pages, /my/, driven over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real labdesk-server process with a real database sends its mail to a
 * real SMTP server (aiosmtpd, tests/ld-test-smtp.py); the test is the
 * patient's browser, made with libsoup: it follows no redirect by itself,
 * keeps the session cookie, and reads each page's CSRF token from its form.
 *
 * - Sign-in: the same page whether the address is known or not; the code
 *   read from the real inbox; a wrong code, a reused code, an expired code
 *   refused; five wrong tries, then a cool-down that refuses even the right
 *   code; the session cookie HttpOnly, SameSite=Lax, Path=/my/; a staff
 *   bearer token is no web session and a web cookie no staff session; a
 *   form without its CSRF token refused; sign-out everywhere.
 * - Booking two tests and a panel with a home collection: the review's
 *   total is the desk's price for the same booking; a double submit makes
 *   one order, seen by the staff API with channel web, audited as
 *   "patient (web)"; bad forms (oversized, malformed, a slot in the past,
 *   an unknown test) each a clear page, and nothing booked.
 * - A second account refused on every id of the first; a report not
 *   downloadable before release and downloadable after; once amended, the
 *   latest version, and the page says it was amended.
 * - Where [sms] sends "sign-in-code" (tools/sms-standin records what the
 *   server posts): a mobile number, typed in any common way, gets its code
 *   by SMS, known or not, with the same page; it signs in to the account
 *   of that number (made at its first sign-in); wrong, expired and
 *   too-often-wrong codes refused as by e-mail. Without [sms] a number is
 *   a field error and nothing is sent. No page makes the server warn.
 *
 * It runs on SQLite, and in the suite pg on PostgreSQL. Every wait is for
 * a condition (a mail file, a page), never a fixed sleep.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ld-test-browser.h"
#include "ld-test-documents.h"
#include "ld-test-gateway.h"
#include "ld-test-lab.h"
#include "ld-test-mail.h"
#include "ld-test-sms.h"
#include "notify/ld-notify-templates.h"

#define SMS_TEMPLATE_ID "1107160000000000009"
#define WAIT_LIMIT_US   (120 * G_USEC_PER_SEC)

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *mail_dir;
  char        *config_path;
  GSubprocess *smtp;
  LdLab       *lab;
  guint        n_mails;
  /* With a gateway: the stand-in, its webhooks held, so that only
   * Checkout's return can record a payment. */
  GSubprocess *standin;
  char        *standin_uri;
  /* With [sms]: the SMS stand-in and the file it records requests in. */
  GSubprocess *sms;
  char        *sms_record;
  guint        n_sms;
} Fixture;

static const gboolean WITH_GATEWAY = TRUE;
static const gboolean WITH_SMS = TRUE;

static LdTestBrowser *
browser_new (Fixture *fx)
{
  return ld_test_browser_new (ld_test_server_get_uri (fx->lab->server), fx->standin_uri);
}

/* POST @body to the stand-in's @path; its answer. */
static char *
standin_post (Fixture    *fx,
              const char *path,
              const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fx->standin_uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "text/plain", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *config = NULL;
  g_autofree char *log_path = NULL;
  const char * const args[] = { "--config", NULL, NULL };
  const char *spawn_args[3];

  fx->dir = g_dir_make_tmp ("labdesk-web-XXXXXX", &error);
  g_assert_no_error (error);
  /* SQLite, or with LABDESK_TEST_DB=postgresql a database of its own. */
  fx->db_path = ld_test_db_new (fx->dir, &fx->config_path);
  fx->mail_dir = g_build_filename (fx->dir, "mail", NULL);
  g_assert_cmpint (g_mkdir (fx->mail_dir, 0700), ==, 0);
  {
    const char * const demo_args[] = { "demo", "--bare", "--db", fx->db_path, "--config",
                                       fx->config_path, NULL };

    g_assert_cmpint (ld_test_run_server_command (demo_args, NULL, NULL), ==, 0);
  }
  fx->smtp = ld_test_smtp_start (fx->mail_dir, &port);
  {
    g_autofree char *before = NULL;

    g_assert_true (g_file_get_contents (fx->config_path, &before, NULL, &error));
    config = g_strdup_printf ("%s\n[mail]\nhost=127.0.0.1\nport=%s\ntls=none\n"
                              "from=results@lab.example.org\nretry-after=1\ntimeout=30\n",
                              before, port);
  }
  if (data == &WITH_GATEWAY)
    {
      g_autofree char *secret_path = g_build_filename (fx->dir, "gateway-key-secret", NULL);
      g_autofree char *webhook_path = g_build_filename (fx->dir, "gateway-webhook-secret", NULL);
      g_autofree char *with_gateway = NULL;

      fx->standin = ld_test_gateway_start (TRUE, &fx->standin_uri);
      g_assert_true (g_file_set_contents (secret_path, LD_TEST_GATEWAY_KEY_SECRET, -1, &error));
      g_assert_true (g_file_set_contents (webhook_path, LD_TEST_WEBHOOK_SECRET, -1, &error));
      with_gateway = g_strdup_printf ("%s\n[gateway]\nbase-url=%s\nkey-id=%s\n"
                                      "key-secret-file=%s\nwebhook-secret-file=%s\n"
                                      "checkout-script-url=%s/v1/checkout.js\n",
                                      config, fx->standin_uri, LD_TEST_GATEWAY_KEY_ID,
                                      secret_path, webhook_path, fx->standin_uri);
      g_free (config);
      config = g_steal_pointer (&with_gateway);
    }
  if (data == &WITH_SMS)
    {
      g_autofree char *key_path = g_build_filename (fx->dir, "sms-key", NULL);
      g_autofree char *sms_port = NULL;
      g_autofree char *with_sms = NULL;

      fx->sms_record = g_build_filename (fx->dir, "sms.jsonl", NULL);
      fx->sms = ld_test_sms_start (fx->sms_record, NULL, &sms_port);
      g_assert_true (g_file_set_contents (key_path, LD_TEST_SMS_KEY "\n", -1, &error));
      with_sms = g_strdup_printf ("%s\n[sms]\nurl=http://127.0.0.1:%s/api/v5/flow\n"
                                  "body={\"template_id\": \"{template_id}\", \"to\": \"{to}\", "
                                  "\"text\": \"{text}\"}\n"
                                  "sender=LABDSK\napi-key-file=%s\n"
                                  "api-key-header=authkey: {key}\nretry-after=1\n"
                                  "template-id.sign-in-code=" SMS_TEMPLATE_ID "\n",
                                  config, sms_port, key_path);
      g_free (config);
      config = g_steal_pointer (&with_sms);
    }
  g_assert_true (g_file_set_contents (fx->config_path, config, -1, &error));
  g_assert_no_error (error);

  log_path = g_build_filename (fx->dir, "server.log", NULL);
  spawn_args[0] = args[0];
  spawn_args[1] = fx->config_path;
  spawn_args[2] = NULL;
  fx->lab = ld_lab_new_on (ld_test_server_spawn_logged (fx->db_path, spawn_args, log_path));
  if (fx->standin != NULL)
    {
      g_autofree char *webhook_url = g_strconcat (ld_test_server_get_uri (fx->lab->server),
                                                  "/api/v1/webhooks/payment-gateway", NULL);

      g_free (standin_post (fx, "/standin/webhook-url", webhook_url));
    }
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->lab, ld_lab_free);
  g_clear_pointer (&fx->smtp, ld_test_smtp_stop);
  g_clear_pointer (&fx->standin, ld_test_gateway_stop);
  g_clear_pointer (&fx->standin_uri, g_free);
  g_clear_pointer (&fx->sms, ld_test_sms_stop);
  g_clear_pointer (&fx->sms_record, g_free);
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->mail_dir);
  g_free (fx->config_path);
}

/* The code in the newest message to @email, read from the real inbox. */
static char *
read_code (Fixture    *fx,
           const char *email)
{
  g_autoptr(JsonArray) messages = NULL;
  const char *subject = NULL;

  ld_test_mail_wait (fx->mail_dir, ++fx->n_mails);
  messages = ld_test_mail_read (fx->mail_dir);
  g_assert_cmpuint (json_array_get_length (messages), ==, fx->n_mails);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_str_equal (json_object_get_string_member (message, "to"), email))
        subject = json_object_get_string_member (message, "subject");
    }
  g_assert_nonnull (subject);
  g_assert_true (g_str_has_prefix (subject, "Your sign-in code: "));
  return g_strndup (subject + strlen ("Your sign-in code: "), 6);
}

static void
ask_code (LdTestBrowser    *browser,
          const char *email)
{
  g_autoptr(LdTestPage) page =
               ld_test_browser_post (browser, "/my/sign-in", FALSE, "email", email, NULL);

  g_assert_cmpuint (page->status, ==, 200);
  ld_test_page_assert_contains (page, "Check your e-mail");
}

/* Signs @browser in as @email; returns the code it used. */
static char *
sign_in (Fixture    *fx,
         LdTestBrowser    *browser,
         const char *email)
{
  g_autofree char *code = NULL;
  g_autoptr(LdTestPage) signed_in = NULL;
  g_autoptr(LdTestPage) start = NULL;

  ask_code (browser, email);
  code = read_code (fx, email);
  signed_in = ld_test_browser_post (browser, "/my/code", FALSE, "email", email, "code", code, NULL);
  g_assert_cmpuint (signed_in->status, ==, 303);
  g_assert_cmpstr (signed_in->location, ==, "/my/");
  g_assert_nonnull (browser->cookie);
  start = ld_test_browser_get (browser, "/my/");
  ld_test_page_assert_contains (start, "Your orders");
  return g_steal_pointer (&code);
}

static gint64
count (Fixture    *fx,
       const char *sql)
{
  return ld_test_query_int (fx->db_path, sql);
}

/* A change to the server's database from beside it, as time passing would make. */
static void
run_sql (Fixture    *fx,
         const char *sql)
{
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->lab->server);
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_sign_in (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(LdTestBrowser) asha = browser_new (fx);
  g_autoptr(LdTestBrowser) other = browser_new (fx);
  g_autoptr(LdTestPage) known = NULL;
  g_autoptr(LdTestPage) unknown = NULL;
  g_autoptr(LdTestPage) wrong = NULL;
  g_autoptr(LdTestPage) right = NULL;
  g_autoptr(LdTestPage) reused = NULL;
  g_autoptr(LdTestPage) page = NULL;
  g_autofree char *code = NULL;
  g_autofree char *patient = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                          "\"female\", \"age_years\": 34, "
                                                          "\"email\": \"asha@example.com\"}");
  g_autofree char *known_body = NULL;
  g_autofree char *unknown_body = NULL;

  /* The same answer for an address of a patient and one of nobody. */
  known = ld_test_browser_post (asha, "/my/sign-in", FALSE, "email", "Asha@Example.com ", NULL);
  unknown = ld_test_browser_post (other, "/my/sign-in", FALSE, "email", "nobody@example.com", NULL);
  g_assert_cmpuint (known->status, ==, 200);
  g_assert_cmpuint (unknown->status, ==, known->status);
  known_body = g_strdup (known->body);
  unknown_body = g_strdup (unknown->body);
  g_assert_nonnull (strstr (known_body, "asha@example.com"));
  {
    g_autoptr(GString) a = g_string_new (known_body);
    g_autoptr(GString) b = g_string_new (unknown_body);

    g_string_replace (a, "asha@example.com", "X", 0);
    g_string_replace (b, "nobody@example.com", "X", 0);
    g_assert_cmpstr (a->str, ==, b->str);
  }
  fx->n_mails++; /* nobody's code, read below */
  code = read_code (fx, "asha@example.com");
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_accounts"), ==, 0);

  /* A wrong code, then the right one: signed in; an account made on first sign-in. */
  wrong = ld_test_browser_post (asha, "/my/code", FALSE, "email", "asha@example.com", "code",
                                g_str_equal (code, "000000") ? "111111" : "000000", NULL);
  g_assert_cmpuint (wrong->status, ==, 422);
  ld_test_page_assert_contains (wrong, "The code is not right");
  ld_test_page_assert_contains (wrong, "href=\"#code\"");
  g_assert_null (asha->cookie);
  right =
    ld_test_browser_post (asha, "/my/code", FALSE, "email", "asha@example.com", "code", code, NULL);
  g_assert_cmpuint (right->status, ==, 303);
  g_assert_nonnull (strstr (right->set_cookie, "HttpOnly"));
  g_assert_nonnull (strstr (right->set_cookie, "SameSite=Lax"));
  g_assert_nonnull (strstr (right->set_cookie, "Path=/my/"));
  g_assert_null (strstr (right->set_cookie, "Secure")); /* no TLS here */
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_accounts"
                              " WHERE email = 'asha@example.com'"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sessions"), ==, 1);

  /* The code is spent. */
  {
    g_autoptr(LdTestBrowser) thief = browser_new (fx);

    reused = ld_test_browser_post (thief, "/my/code", FALSE, "email", "asha@example.com", "code",
                                   code, NULL);
    g_assert_cmpuint (reused->status, ==, 422);
    g_assert_null (thief->cookie);
  }

  /* A staff token is no web session; a web cookie is no staff session. */
  {
    g_autoptr(LdTestBrowser) staff = browser_new (fx);
    g_autoptr(LdTestPage) as_staff =
                 ld_test_browser_send (staff, "GET", "/my/", NULL, NULL, 0, fx->lab->desk);
    g_autoptr(LdTestPage) as_api = ld_test_browser_get (asha, "/api/v1/orders");

    ld_test_page_assert_contains (as_staff, "Send me a code");
    g_assert_cmpuint (as_api->status, ==, 401);
  }

  /* A form without its session's token does nothing. */
  page = ld_test_browser_post (asha, "/my/sign-out", FALSE, "csrf", "forged", NULL);
  g_assert_cmpuint (page->status, ==, 403);
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_get (asha, "/my/");
  ld_test_page_assert_contains (page, "Your orders");
  g_clear_pointer (&page, ld_test_page_free);

  /* An expired code. */
  ask_code (other, "nobody@example.com");
  g_free (read_code (fx, "nobody@example.com"));
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sign_in_codes"
                              " WHERE address = 'nobody@example.com'"), ==, 1);
  run_sql (fx, "UPDATE web_sign_in_codes SET expires_us = 1 WHERE address = 'nobody@example.com'");
  page = ld_test_browser_post (other, "/my/code", FALSE, "email", "nobody@example.com", "code",
                               "123456", NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "This code has expired");
  g_clear_pointer (&page, ld_test_page_free);

  /* Five wrong tries, then a cool-down that refuses even the right code. */
  ask_code (other, "nobody@example.com");
  {
    g_autofree char *fresh = read_code (fx, "nobody@example.com");
    const char *wrong_code = g_str_equal (fresh, "000000") ? "111111" : "000000";

    for (guint i = 0; i < 4; i++)
      {
        page = ld_test_browser_post (other, "/my/code", FALSE, "email", "nobody@example.com",
                                     "code", wrong_code, NULL);
        g_assert_cmpuint (page->status, ==, 422);
        g_clear_pointer (&page, ld_test_page_free);
      }
    page = ld_test_browser_post (other, "/my/code", FALSE, "email", "nobody@example.com", "code",
                                 wrong_code, NULL);
    g_assert_cmpuint (page->status, ==, 429);
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_post (other, "/my/code", FALSE, "email", "nobody@example.com", "code",
                                 fresh, NULL);
    g_assert_cmpuint (page->status, ==, 429);
    g_assert_null (other->cookie);
    g_clear_pointer (&page, ld_test_page_free);
    /* Asking again in the cool-down sends nothing, and says the same. */
    ask_code (other, "nobody@example.com");
    g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications"
                                " WHERE recipient = 'nobody@example.com'"), ==, 3);
  }

  /* Sign-out everywhere ends every session of the account. */
  {
    g_autoptr(LdTestBrowser) phone = browser_new (fx);

    g_free (sign_in (fx, phone, "asha@example.com"));
    g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sessions"), ==, 2);
    page = ld_test_browser_post (phone, "/my/sign-out-everywhere", TRUE, NULL);
    g_assert_cmpuint (page->status, ==, 303);
    g_assert_null (phone->cookie);
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_get (asha, "/my/");
    ld_test_page_assert_contains (page, "Send me a code");
    g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sessions"), ==, 0);
  }
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM audit_events"
                              " WHERE username = 'patient (web)' AND action = 'web.sign-in'"),
                   ==, 2);
  (void) patient;
}

/* A desk code for @patient_id, typed in by @browser. */
static void
link_patient (Fixture    *fx,
              LdTestBrowser    *browser,
              const char *patient_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/web-link-code", patient_id);
  g_autoptr(LdTestResponse) issued =
               ld_test_send_json (fx->lab->server, "POST", path, fx->lab->desk, "{}");
  g_autoptr(LdTestPage) form = NULL;
  g_autoptr(LdTestPage) linked = NULL;
  g_autofree char *typed = NULL;

  ld_test_assert_status (issued, 201);
  typed = g_ascii_strdown (ld_test_response_get_string (issued, "code"), -1);
  form = ld_test_browser_get (browser, "/my/link");
  g_assert_cmpuint (form->status, ==, 200);
  linked =
    ld_test_browser_post (browser, "/my/link", TRUE, "code", typed, "relation", "self", NULL);
  g_assert_cmpuint (linked->status, ==, 303);
  /* Once only. */
  g_clear_pointer (&linked, ld_test_page_free);
  linked =
    ld_test_browser_post (browser, "/my/link", TRUE, "code", typed, "relation", "self", NULL);
  g_assert_cmpuint (linked->status, ==, 422);
}

static char *
tomorrow (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, 1);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
count_web_orders (Fixture *fx)
{
  return count (fx, "SELECT COUNT(*) FROM orders WHERE channel = 'web'");
}

static void
test_book_and_follow (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(LdTestBrowser) asha = browser_new (fx);
  g_autoptr(LdTestBrowser) ravi = browser_new (fx);
  g_autofree char *asha_id = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                          "\"female\", \"age_years\": 34}");
  g_autofree char *ravi_id = ld_lab_new_patient (fx->lab, "{\"name\": \"Ravi Kumar\", \"sex\": "
                                                          "\"male\", \"age_years\": 40}");
  g_autofree char *day = tomorrow ();
  g_autofree char *key = NULL;
  g_autofree char *order_path = NULL;
  g_autofree char *desk_body = NULL;
  g_autoptr(LdTestPage) page = NULL;
  g_autoptr(LdTestPage) review = NULL;
  g_autoptr(LdTestPage) first = NULL;
  g_autoptr(LdTestPage) second = NULL;
  g_autoptr(LdTestResponse) desk_order = NULL;
  g_autoptr(LdTestResponse) web_order = NULL;
  g_autofree char *desk_total = NULL;
  g_autofree char *order_id = NULL;

  g_free (sign_in (fx, asha, "asha@example.com"));
  g_free (sign_in (fx, ravi, "ravi@example.com"));
  link_patient (fx, asha, asha_id);
  link_patient (fx, ravi, ravi_id);

  /* The catalogue, searched; an unknown test refused. */
  page = ld_test_browser_get (asha, "/my/book?q=gluc");
  ld_test_page_assert_contains (page, "Glucose, fasting");
  ld_test_page_assert_contains (page, "₹80.00");
  ld_test_page_assert_contains (page, "Sample: plasma");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_get (asha, "/my/book");
  ld_test_page_assert_contains (page, "Includes: ");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_post (asha, "/my/cart/add", TRUE, "code", "NOPE", NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "not in the catalogue");
  g_clear_pointer (&page, ld_test_page_free);
  for (guint i = 0; i < 3; i++)
    {
      const char *codes[] = { "GLUF", "TSH", "LIPID" };

      page = ld_test_browser_post (asha, "/my/cart/add", TRUE, "code", codes[i], NULL);
      g_assert_cmpuint (page->status, ==, 303);
      g_clear_pointer (&page, ld_test_page_free);
    }
  page = ld_test_browser_get (asha, "/my/cart");
  ld_test_page_assert_contains (page, "Lipid profile");
  g_clear_pointer (&page, ld_test_page_free);

  /* Bad forms: each a clear page, nothing booked. */
  {
    g_autofree char *big = g_strnfill (20000, 'a');
    g_autofree char *body = g_strdup_printf ("csrf=%s&address=%s", asha->csrf, big);
    g_autofree char *today = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    page = ld_test_browser_send (asha, "POST", "/my/review", "application/x-www-form-urlencoded",
                                 body, strlen (body), NULL);
    g_assert_cmpuint (page->status, ==, 413);
    ld_test_page_assert_contains (page, "Form too large");
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_send (asha, "POST", "/my/review", "application/json", "{}", 2, NULL);
    g_assert_cmpuint (page->status, ==, 400);
    ld_test_page_assert_contains (page, "The form could not be read");
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_send (asha, "POST", "/my/review", "application/x-www-form-urlencoded",
                                 "a=%ff", 5, NULL);
    g_assert_cmpuint (page->status, ==, 400);
    g_clear_pointer (&page, ld_test_page_free);
    today = g_date_time_format (now, "%Y-%m-%d");
    page = ld_test_browser_post (asha, "/my/review", TRUE, "patient", "1", "collection", "home",
                                 "address", "12 MG Road, Pune 411001", "date", today, "slot", "07",
                                 NULL);
    g_assert_cmpuint (page->status, ==, 422);
    ld_test_page_assert_contains (page, "There is a problem");
    ld_test_page_assert_contains (page, "tomorrow or later");
    ld_test_page_assert_contains (page, "href=\"#date\"");
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_post (asha, "/my/review", TRUE, "patient", "1", "collection", "home",
                                 "address", "", "date", "yesterday", "slot", "07", NULL);
    g_assert_cmpuint (page->status, ==, 422);
    ld_test_page_assert_contains (page, "Enter the address for the visit");
    ld_test_page_assert_contains (page, "Enter a day");
    g_clear_pointer (&page, ld_test_page_free);
    page =
      ld_test_browser_post (asha, "/my/review", TRUE, "patient", "2", "collection", "lab", NULL);
    g_assert_cmpuint (page->status, ==, 422);
    ld_test_page_assert_contains (page, "Choose who the tests are for");
    g_clear_pointer (&page, ld_test_page_free);
  }
  g_assert_cmpint (count_web_orders (fx), ==, 0);

  /* The review's total is the desk's price for the same booking. */
  review =
    ld_test_browser_post (asha, "/my/review", TRUE, "patient", "1", "collection", "home", "address",
                          "12 MG Road, Pune 411001", "date", day, "slot", "09", NULL);
  g_assert_cmpuint (review->status, ==, 200);
  ld_test_page_assert_contains (review, "Check your booking");
  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
    g_autoptr(GDateTime) now = g_date_time_new_now (zone);
    g_autoptr(GDateTime) then = g_date_time_add_days (now, 1);
    g_autoptr(GDateTime) start =
                 g_date_time_new (zone, g_date_time_get_year (then), g_date_time_get_month (then),
                                  g_date_time_get_day_of_month (then), 9, 0, 0);
    g_autoptr(GDateTime) end = g_date_time_add_hours (start, 2);
    g_autofree char *from = g_date_time_format_iso8601 (start);
    g_autofree char *to = g_date_time_format_iso8601 (end);

    desk_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"GLUF\", \"TSH\", "
                                 "\"LIPID\"], \"collection\": \"home\", \"home_visit\": "
                                 "{\"address\": \"12 MG Road\", \"slot_start\": \"%s\", "
                                 "\"slot_end\": \"%s\"}}", ravi_id, from, to);
    desk_order = ld_test_send_json (fx->lab->server, "POST", "/api/v1/orders", fx->lab->desk,
                                    desk_body);
    ld_test_assert_status (desk_order, 201);
    desk_total =
      ld_notify_format_amount (ld_test_response_get_int (desk_order, "order.total_paise"));
    g_assert_cmpint (ld_test_response_get_int (desk_order, "order.home_fee_paise"), >, 0);
  }
  {
    g_autofree char *total_row =
      g_strdup_printf ("<th scope=\"row\">Total</th><td>%s</td>", desk_total);

    ld_test_page_assert_contains (review, total_row);
  }

  /* Confirmed twice (a double click): one order. */
  key = ld_test_page_dup_hidden (review, "key");
  first = ld_test_browser_post (asha, "/my/confirm", TRUE, "key", key, "patient", "1", "collection",
                                "home", "address", "12 MG Road, Pune 411001", "date", day, "slot",
                                "09", "payment", "cod", NULL);
  g_assert_cmpuint (first->status, ==, 303);
  second = ld_test_browser_post (asha, "/my/confirm", TRUE, "key", key, "patient", "1",
                                 "collection", "home", "address", "12 MG Road, Pune 411001", "date",
                                 day, "slot", "09", "payment", "cod", NULL);
  g_assert_cmpuint (second->status, ==, 303);
  g_assert_cmpstr (first->location, ==, second->location);
  g_assert_cmpint (count_web_orders (fx), ==, 1);
  order_path = g_strdup (first->location);
  order_id = g_strdup (order_path + strlen ("/my/orders/"));

  /* The desk sees it, from the web, audited as the patient. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);

    web_order = ld_test_get (fx->lab->server, path, fx->lab->desk);
    ld_test_assert_status (web_order, 200);
    g_assert_cmpstr (ld_test_response_get_string (web_order, "order.channel"), ==, "web");
    g_assert_cmpstr (ld_test_response_get_string (web_order, "order.patient.id"), ==, asha_id);
    g_assert_cmpstr (ld_test_response_get_string (web_order, "order.payment_state"), ==,
                     "cod_pending");
    g_assert_cmpint (ld_test_response_get_int (web_order, "order.total_paise"), ==,
                     ld_test_response_get_int (desk_order, "order.total_paise"));
    g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM audit_events WHERE action ="
                                " 'order.create' AND username = 'patient (web)'"), ==, 1);
  }

  /* Its page and receipt; the cart is empty again. */
  page = ld_test_browser_get (asha, order_path);
  g_assert_cmpuint (page->status, ==, 200);
  ld_test_page_assert_contains (page, "Home visit booked");
  ld_test_page_assert_contains (page, "Thyroid");
  g_clear_pointer (&page, ld_test_page_free);
  {
    g_autofree char *receipt = g_strdup_printf ("%s/receipt.pdf", order_path);

    page = ld_test_browser_get (asha, receipt);
    g_assert_cmpuint (page->status, ==, 200);
    g_assert_cmpstr (page->content_type, ==, "application/pdf");
    g_assert_true (g_str_has_prefix (page->body, "%PDF-"));
    g_clear_pointer (&page, ld_test_page_free);
  }
  page = ld_test_browser_get (asha, "/my/cart");
  ld_test_page_assert_contains (page, "Your cart is empty.");
  g_clear_pointer (&page, ld_test_page_free);

  /* Ravi's account on every id of Asha's: as if it did not exist. */
  {
    const char *suffixes[] = { "", "/receipt.pdf", "/report.pdf" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (order_path, suffixes[i], NULL);

        page = ld_test_browser_get (ravi, path);
        g_assert_cmpuint (page->status, ==, 404);
        ld_test_page_assert_contains (page, "There is no such order among yours.");
        g_clear_pointer (&page, ld_test_page_free);
      }
    page = ld_test_browser_post (ravi, "/my/cart/add", TRUE, "code", "GLUF", NULL);
    g_clear_pointer (&page, ld_test_page_free);
    /* Asha's order's id as Ravi's idempotency key: nothing of hers comes back. */
    page = ld_test_browser_post (ravi, "/my/confirm", TRUE, "key", order_id, "patient", "1",
                                 "collection", "lab", "payment", "cod", NULL);
    g_assert_cmpuint (page->status, ==, 409);
    g_assert_null (strstr (page->body, "Asha"));
    g_clear_pointer (&page, ld_test_page_free);
    page =
      ld_test_browser_post (ravi, "/my/review", TRUE, "patient", "2", "collection", "lab", NULL);
    g_assert_cmpuint (page->status, ==, 422);
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_get (ravi, "/my/");
    g_assert_null (strstr (page->body, "Asha"));
    g_clear_pointer (&page, ld_test_page_free);
  }

  /* A report: not before it is released; the kept PDF after. */
  {
    g_autofree char *lab_order = ld_test_order_resulted (fx->lab, asha_id);
    g_autofree char *report = g_strdup_printf ("/my/orders/%s/report.pdf", lab_order);
    g_autoptr(LdTestResponse) released = NULL;

    page = ld_test_browser_get (asha, report);
    g_assert_cmpuint (page->status, ==, 404);
    ld_test_page_assert_contains (page, "not ready yet");
    g_clear_pointer (&page, ld_test_page_free);
    released = ld_lab_release (fx->lab, fx->lab->signatory, lab_order);
    ld_test_assert_status (released, 201);
    page = ld_test_browser_get (asha, report);
    g_assert_cmpuint (page->status, ==, 200);
    g_assert_cmpstr (page->content_type, ==, "application/pdf");
    g_assert_true (g_str_has_prefix (page->body, "%PDF-"));
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_get (ravi, report);
    g_assert_cmpuint (page->status, ==, 404);
    g_clear_pointer (&page, ld_test_page_free);

    /* Amended: the latest version, byte for byte the desk's, and the page says so. */
    {
      g_autoptr(LdTestResponse) results =
                   ld_lab_get_results (fx->lab, fx->lab->technician, lab_order);
      g_autofree char *amend =
        g_strdup_printf ("{\"reason\": \"Analyser recalibrated; measured again\", \"results\":"
                         " [{\"test_code\": \"HB\", \"version\": %" G_GINT64_FORMAT
                         ", \"value\": \"11.6\"}]}",
                         json_object_get_int_member (ld_lab_find_result (results, "items", "HB"),
                                                     "version"));
      g_autoptr(LdTestResponse) amended =
                   ld_lab_order_post (fx->lab, fx->lab->signatory, lab_order, "amendments", amend);
      g_autoptr(LdTestResponse) desk = NULL;
      g_autofree char *order_page = g_strdup_printf ("/my/orders/%s", lab_order);

      ld_test_assert_status (amended, 201);
      desk = ld_test_get_document (fx->lab, fx->lab->desk, lab_order, "report.pdf");
      ld_test_assert_status (desk, 200);
      page = ld_test_browser_get (asha, report);
      g_assert_cmpuint (page->status, ==, 200);
      g_assert_cmpuint (page->length, ==, desk->length);
      g_assert_true (memcmp (page->body, desk->body, desk->length) == 0);
      g_clear_pointer (&page, ld_test_page_free);
      page = ld_test_browser_get (asha, order_page);
      ld_test_page_assert_contains (page, "This report was amended: this is the latest version.");
      g_clear_pointer (&page, ld_test_page_free);
    }
  }
}

/* The payment state of @order_id, through the staff API. */
static char *
dup_payment_state (Fixture    *fx,
                   const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (fx->lab->server, path, fx->lab->desk);

  ld_test_assert_status (order, 200);
  return g_strdup (ld_test_response_get_string (order, "order.payment_state"));
}

/* Books GLUF at the lab for @browser's first patient, to pay online; its order id. */
static char *
book_to_pay_online (LdTestBrowser *browser)
{
  g_autoptr(LdTestPage) added =
               ld_test_browser_post (browser, "/my/cart/add", TRUE, "code", "GLUF", NULL);
  g_autoptr(LdTestPage) review = NULL;
  g_autoptr(LdTestPage) confirmed = NULL;
  g_autoptr(LdTestPage) order = NULL;
  g_autofree char *key = NULL;

  g_assert_cmpuint (added->status, ==, 303);
  review =
    ld_test_browser_post (browser, "/my/review", TRUE, "patient", "1", "collection", "lab", NULL);
  g_assert_cmpuint (review->status, ==, 200);
  ld_test_page_assert_contains (review, "value=\"online\"");
  ld_test_page_assert_contains (review, "Pay online now");
  key = ld_test_page_dup_hidden (review, "key");
  confirmed = ld_test_browser_post (browser, "/my/confirm", TRUE, "key", key, "patient", "1",
                                    "collection", "lab", "payment", "online", NULL);
  g_assert_cmpuint (confirmed->status, ==, 303);
  order = ld_test_browser_get (browser, confirmed->location);
  ld_test_page_assert_contains (order, "Pay online now");
  ld_test_page_assert_contains (order, "Pay in cash when the sample is collected");
  return g_strdup (confirmed->location + strlen ("/my/orders/"));
}

/* The value of @page's data-@name attribute. */
static char *
data_value (const LdTestPage *page,
            const char *name)
{
  g_autofree char *needle = g_strdup_printf ("data-%s=\"", name);
  const char *at = strstr (page->body, needle);

  g_assert_nonnull (at);
  at += strlen (needle);
  return g_strndup (at, strchr (at, '"') - at);
}

/* What the patient does on the stand-in's pay page (Checkout, redirect
 * mode) for @pay_page's attempt: "Pay" or "Fail". Returns the form the
 * browser then posts back to us (the stand-in's 307), and its callback. */
static char *
settle_at_gateway (Fixture     *fx,
                   const LdTestPage  *pay_page,
                   const char  *action,
                   char       **out_callback)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *gateway_order = data_value (pay_page, "order-id");
  g_autofree char *callback = data_value (pay_page, "callback-url");
  g_autofree char *callback_q = g_uri_escape_string (callback, NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("%s/pay/%s?key=%s&callback_url=%s", fx->standin_uri,
                                          gateway_order, LD_TEST_GATEWAY_KEY_ID, callback_q);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(SoupMessage) settle = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) form = g_string_new (NULL);
  g_autofree char *form_start = g_strdup_printf ("action=\"/pay/%s/%s", gateway_order, action);
  g_autofree char *settle_uri = NULL;
  const char *at;
  const char *end;

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  at = strstr (g_bytes_get_data (answer, NULL), form_start);
  g_assert_nonnull (at);
  end = strstr (at, "</form>");
  /* The form's hidden fields, as the browser would send them. */
  while ((at = strstr (at, "name=\"")) != NULL && at < end)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *raw = NULL;
      g_autofree char *name_q = NULL;
      g_autofree char *value_q = NULL;

      at += strlen ("name=\"");
      name = g_strndup (at, strchr (at, '"') - at);
      at = strstr (at, "value=\"") + strlen ("value=\"");
      raw = g_strndup (at, strchr (at, '"') - at);
      /* The stand-in escapes only the quote marks of its JSON metadata. */
      {
        g_auto(GStrv) parts = g_strsplit (raw, "&quot;", -1);

        value = g_strjoinv ("\"", parts);
      }
      name_q = g_uri_escape_string (name, NULL, FALSE);
      value_q = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (form, "%s%s=%s", form->len > 0 ? "&" : "", name_q, value_q);
    }
  settle_uri = g_strdup_printf ("%s/pay/%s/%s?callback_url=%s", fx->standin_uri, gateway_order,
                                action, callback_q);
  settle = soup_message_new ("POST", settle_uri);
  soup_message_add_flags (settle, SOUP_MESSAGE_NO_REDIRECT);
  body = g_bytes_new (form->str, form->len);
  soup_message_set_request_body_from_bytes (settle, "application/x-www-form-urlencoded", body);
  g_clear_pointer (&answer, g_bytes_unref);
  answer = soup_session_send_and_read (session, settle, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (settle), ==, 307);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (settle),
                                                 "Location"), ==, callback);
  *out_callback = g_steal_pointer (&callback);
  return g_string_free (g_steal_pointer (&form), FALSE);
}

/* Posts Checkout's return @form to @callback, as the browser follows the 307. */
static LdTestPage *
post_return (LdTestBrowser    *browser,
             const char *callback,
             const char *form)
{
  g_assert_true (g_str_has_prefix (callback, browser->base));
  return ld_test_browser_send (browser, "POST", callback + strlen (browser->base),
                               "application/x-www-form-urlencoded", form, strlen (form), NULL);
}

static gint64
count_online (Fixture    *fx,
              const char *status)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT COUNT(*) FROM payments WHERE method = 'online' AND status = '%s'",
                     status);

  return count (fx, sql);
}

static void
test_pay_online (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(LdTestBrowser) asha = browser_new (fx);
  g_autoptr(LdTestBrowser) ravi = browser_new (fx);
  g_autoptr(LdTestBrowser) gateway_site = browser_new (fx);
  g_autofree char *asha_id = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                          "\"female\", \"age_years\": 34}");
  g_autofree char *ravi_id = ld_lab_new_patient (fx->lab, "{\"name\": \"Ravi Kumar\", \"sex\": "
                                                          "\"male\", \"age_years\": 40}");
  g_autofree char *order_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *pay_path = NULL;
  g_autofree char *order_path = NULL;
  g_autofree char *gateway_order = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *paid = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *state = NULL;
  g_autoptr(LdTestPage) page = NULL;
  g_autoptr(LdTestPage) again = NULL;
  gint64 audited;

  g_free (sign_in (fx, asha, "asha@example.com"));
  g_free (sign_in (fx, ravi, "ravi@example.com"));
  link_patient (fx, asha, asha_id);
  link_patient (fx, ravi, ravi_id);

  order_id = book_to_pay_online (asha);
  order_path = g_strdup_printf ("/my/orders/%s", order_id);
  pay_path = g_strdup_printf ("/my/orders/%s/pay", order_id);
  state = dup_payment_state (fx, order_id);
  g_assert_cmpstr (state, !=, "paid");
  g_assert_cmpstr (state, !=, "cod_pending");
  g_clear_pointer (&state, g_free);

  /* Another account cannot start, or return to, this order's payment. */
  page = ld_test_browser_post (ravi, pay_path, TRUE, NULL);
  g_assert_cmpuint (page->status, ==, 404);
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count_online (fx, "pending"), ==, 0);

  /* Pay: Checkout for the order's amount; a double click, the same attempt. */
  page = ld_test_browser_post (asha, pay_path, TRUE, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  ld_test_page_assert_contains (page, "Online payment needs JavaScript");
  ld_test_page_assert_contains (page, "src=\"/my/pay.js\"");
  gateway_order = data_value (page, "order-id");
  g_assert_true (g_str_has_prefix (gateway_order, "order_"));
  again = ld_test_browser_post (asha, pay_path, TRUE, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  {
    g_autofree char *same = data_value (again, "order-id");

    g_assert_cmpstr (same, ==, gateway_order);
  }
  g_assert_cmpint (count_online (fx, "pending"), ==, 1);

  /* Failed at the gateway: nothing paid; pay again or cash. */
  failed = settle_at_gateway (fx, page, "fail", &callback);
  g_clear_pointer (&page, ld_test_page_free);
  page = post_return (asha, callback, failed);
  g_assert_cmpuint (page->status, ==, 303);
  {
    g_autofree char *not_paid = g_strdup_printf ("%s/not-paid", order_path);

    g_assert_cmpstr (page->location, ==, not_paid);
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_get (asha, not_paid);
  }
  g_assert_cmpuint (page->status, ==, 200);
  ld_test_page_assert_contains (page, "The payment did not go through");
  ld_test_page_assert_contains (page, "Pay again");
  ld_test_page_assert_contains (page, "Pay in cash at collection");
  g_clear_pointer (&page, ld_test_page_free);
  state = dup_payment_state (fx, order_id);
  g_assert_cmpstr (state, !=, "paid");
  g_clear_pointer (&state, g_free);

  /* Pay again, and pay. */
  page = ld_test_browser_post (asha, pay_path, TRUE, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  g_clear_pointer (&callback, g_free);
  paid = settle_at_gateway (fx, page, "pay", &callback);
  g_clear_pointer (&page, ld_test_page_free);

  /* Another account's session with the genuine return: refused, nothing paid. */
  page = post_return (ravi, callback, paid);
  g_assert_cmpuint (page->status, ==, 404);
  g_clear_pointer (&page, ld_test_page_free);

  /* A tampered signature: refused, audited, nothing paid. */
  audited = count (fx, "SELECT COUNT(*) FROM audit_events");
  tampered = g_strdup (paid);
  {
    char *signature = strstr (tampered, "razorpay_signature=");

    g_assert_nonnull (signature);
    signature += strlen ("razorpay_signature=");
    *signature = *signature == '0' ? '1' : '0';
  }
  page = post_return (asha, callback, tampered);
  g_assert_cmpuint (page->status, ==, 403);
  ld_test_page_assert_contains (page, "The payment did not go through");
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM audit_events"), >, audited);
  state = dup_payment_state (fx, order_id);
  g_assert_cmpstr (state, !=, "paid");
  g_clear_pointer (&state, g_free);
  g_assert_cmpint (count_online (fx, "succeeded"), ==, 0);

  /* The genuine return, as a browser brings it from the gateway's site:
   * without the SameSite=Lax session cookie. Paid, audited as the patient. */
  page = post_return (gateway_site, callback, paid);
  g_assert_cmpuint (page->status, ==, 303);
  g_assert_cmpstr (page->location, ==, order_path);
  g_clear_pointer (&page, ld_test_page_free);
  state = dup_payment_state (fx, order_id);
  g_assert_cmpstr (state, ==, "paid");
  g_clear_pointer (&state, g_free);
  g_assert_cmpint (count_online (fx, "succeeded"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM audit_events WHERE action ="
                              " 'payment.decide' AND username = 'patient (web)'"), ==, 1);
  page = ld_test_browser_get (asha, order_path);
  ld_test_page_assert_contains (page, "Done:</span>Paid</li>");
  g_assert_null (strstr (page->body, "Pay online now"));
  g_clear_pointer (&page, ld_test_page_free);

  /* Replayed: once. */
  audited = count (fx, "SELECT COUNT(*) FROM payments");
  page = post_return (asha, callback, paid);
  g_assert_cmpuint (page->status, ==, 303);
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM payments"), ==, audited);
  g_assert_cmpint (count_online (fx, "succeeded"), ==, 1);

  /* A failure, then cash at collection: the desk's promise. */
  second_id = book_to_pay_online (asha);
  g_clear_pointer (&pay_path, g_free);
  pay_path = g_strdup_printf ("/my/orders/%s/pay", second_id);
  page = ld_test_browser_post (asha, pay_path, TRUE, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  g_clear_pointer (&failed, g_free);
  g_clear_pointer (&callback, g_free);
  failed = settle_at_gateway (fx, page, "fail", &callback);
  g_clear_pointer (&page, ld_test_page_free);
  page = post_return (asha, callback, failed);
  g_assert_cmpuint (page->status, ==, 303);
  {
    g_autofree char *not_paid = g_strdup (page->location);

    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_get (asha, not_paid);
  }
  ld_test_page_assert_contains (page, "Pay in cash at collection");
  g_clear_pointer (&page, ld_test_page_free);
  {
    g_autofree char *cash = g_strdup_printf ("/my/orders/%s/cash", second_id);

    page = ld_test_browser_post (ravi, cash, TRUE, NULL);
    g_assert_cmpuint (page->status, ==, 404);
    g_clear_pointer (&page, ld_test_page_free);
    /* Until the gateway's webhook says the attempt failed, the desk's rule
     * holds the order for it; the page says so. */
    page = ld_test_browser_post (asha, cash, TRUE, NULL);
    g_assert_cmpuint (page->status, ==, 409);
    ld_test_page_assert_contains (page, "still being confirmed");
    g_clear_pointer (&page, ld_test_page_free);
    g_free (standin_post (fx, "/standin/send-webhooks", ""));
    page = ld_test_browser_post (asha, cash, TRUE, NULL);
    g_assert_cmpuint (page->status, ==, 303);
    g_clear_pointer (&page, ld_test_page_free);
  }
  state = dup_payment_state (fx, second_id);
  g_assert_cmpstr (state, ==, "cod_pending");
  g_clear_pointer (&state, g_free);
}

/* The id of the one patient named @name but for @other_id, found as
 * the desk finds them. */
static char *
find_patient (Fixture    *fx,
              const char *name,
              const char *other_id)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/patients?q=%s", escaped);
  g_autoptr(LdTestResponse) found = ld_test_get (fx->lab->server, path, fx->lab->desk);
  JsonArray *items;

  const char *id = NULL;

  ld_test_assert_status (found, 200);
  items = json_object_get_array_member (ld_test_response_object (found), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, other_id != NULL ? 2 : 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *each =
        json_object_get_string_member (json_array_get_object_element (items, i), "id");

      if (g_strcmp0 (each, other_id) != 0)
        id = each;
    }
  g_assert_nonnull (id);
  return g_strdup (id);
}

/* The staff route's answer: the web accounts @patient_id is linked to. */
static LdTestResponse *
get_web_accounts (Fixture    *fx,
                  const char *patient_id,
                  const char *token)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/web-accounts", patient_id);

  return ld_test_get (fx->lab->server, path, token);
}

static LdTestPage *
post_registration (LdTestBrowser    *browser,
                   const char *relation,
                   const char *name,
                   const char *date_of_birth,
                   const char *age_years,
                   const char *phone)
{
  return ld_test_browser_post (browser, "/my/register", TRUE, "relation", relation, "name", name,
                               "sex", "female", "date_of_birth", date_of_birth, "age_years",
                               age_years, "phone", phone, NULL);
}

static void
test_register (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(LdTestBrowser) asha = browser_new (fx);
  g_autoptr(LdTestBrowser) meera = browser_new (fx);
  g_autofree char *known_id =
    ld_lab_new_patient (fx->lab, "{\"name\": \"Meera Joshi\", \"sex\": \"female\", "
                                 "\"date_of_birth\": \"1990-05-12\", \"phone\": \"9123400011\"}");
  g_autofree char *new_id = NULL;
  g_autofree char *parked_id = NULL;
  g_autofree char *links_before = NULL;
  g_autofree char *next_year = NULL;
  g_autoptr(LdTestResponse) links = NULL;
  g_autoptr(LdTestPage) page = NULL;
  gint64 patients;
  JsonObject *link;

  /* The known record is Asha's to reach, by the desk's code. */
  g_free (sign_in (fx, asha, "asha@example.com"));
  link_patient (fx, asha, known_id);
  links = get_web_accounts (fx, known_id, fx->lab->desk);
  ld_test_assert_status (links, 200);
  links_before = g_strdup (links->body);
  g_clear_pointer (&links, ld_test_response_free);
  /* Not the lab bench's to read. */
  links = get_web_accounts (fx, known_id, fx->lab->technician);
  ld_test_assert_status (links, 403);
  g_clear_pointer (&links, ld_test_response_free);

  g_free (sign_in (fx, meera, "meera@example.com"));
  page = ld_test_browser_get (meera, "/my/");
  ld_test_page_assert_contains (page, "href=\"/my/register\"");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_get (meera, "/my/register");
  g_assert_cmpuint (page->status, ==, 200);
  ld_test_page_assert_contains (page, "<label for=\"name\">Full name</label>");
  g_clear_pointer (&page, ld_test_page_free);

  /* Bad input: a clear message on the page, and nobody registered. */
  patients = count (fx, "SELECT count(*) FROM patients");
  page = post_registration (meera, "self", "", "1990-05-12", "", "9123400022");
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "There is a problem");
  ld_test_page_assert_contains (page, "href=\"#name\"");
  ld_test_page_assert_contains (page, "Enter the patient&#39;s full name");
  g_clear_pointer (&page, ld_test_page_free);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) then = g_date_time_add_years (now, 1);

    next_year = g_date_time_format (then, "%Y-%m-%d");
  }
  page = post_registration (meera, "self", "Kabir Sethi", next_year, "", "9123400022");
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Enter a real date of birth, in the past");
  g_clear_pointer (&page, ld_test_page_free);
  page = post_registration (meera, "self", "Kabir Sethi", "", "131", "9123400022");
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Enter an age from 0 to 130 years");
  g_clear_pointer (&page, ld_test_page_free);
  page = post_registration (meera, "self", "Kabir Sethi", "", "", "9123400022");
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Enter a date of birth or an age");
  g_clear_pointer (&page, ld_test_page_free);
  page = post_registration (meera, "cousin", "Kabir Sethi", "", "8", "9123400022");
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Choose who the patient is");
  g_clear_pointer (&page, ld_test_page_free);
  {
    g_autofree char *big = g_strnfill (20000, 'a');
    g_autofree char *body = g_strdup_printf ("csrf=%s&relation=self&sex=male&age_years=8"
                                             "&phone=9123400022&name=%s",
                                             meera->csrf, big);

    page = ld_test_browser_send (meera, "POST", "/my/register", "application/x-www-form-urlencoded",
                                 body, strlen (body), NULL);
    g_assert_cmpuint (page->status, ==, 413);
    ld_test_page_assert_contains (page, "Form too large");
    g_clear_pointer (&page, ld_test_page_free);
  }
  page =
    ld_test_browser_post (meera, "/my/register", FALSE, "relation", "self", "name", "Kabir Sethi",
                          "sex", "male", "age_years", "8", "phone", "9123400022", NULL);
  g_assert_cmpuint (page->status, ==, 403);
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM patients"), ==, patients);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM web_account_patients"), ==, 1);

  /* Nobody like him: a new record, Meera's to reach, registered as "patient (web)". */
  page = post_registration (meera, "family", "Kabir Sethi", "", "8", "9123400022");
  g_assert_cmpuint (page->status, ==, 303);
  g_assert_cmpstr (page->location, ==, "/my/registered?as=new");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_get (meera, "/my/registered?as=new");
  ld_test_page_assert_contains (page, "The patient is registered");
  g_clear_pointer (&page, ld_test_page_free);
  new_id = find_patient (fx, "Kabir Sethi", NULL);
  links = get_web_accounts (fx, new_id, fx->lab->desk);
  ld_test_assert_status (links, 200);
  link =
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (links),
                                                                 "items"),
                                   0);
  g_assert_cmpstr (json_object_get_string_member (link, "email"), ==, "meera@example.com");
  g_assert_cmpstr (json_object_get_string_member (link, "relation"), ==, "family");
  g_assert_cmpstr (json_object_get_string_member (link, "linked_by"), ==, "registered");
  g_assert_false (json_object_get_boolean_member (link, "needs_review"));
  g_clear_pointer (&links, ld_test_response_free);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events WHERE action = 'patient.create'"
                              " AND username = 'patient (web)'"),
                   ==, 1);

  /* Meera as the lab knows her already: registered, parked for the desk, and
   * never joined to the record she resembles. */
  page = post_registration (meera, "self", "Joshi Meera", "1990-05-12", "", "9988776655");
  g_assert_cmpuint (page->status, ==, 303);
  g_assert_cmpstr (page->location, ==, "/my/registered?as=review");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_get (meera, "/my/registered?as=review");
  ld_test_page_assert_contains (page, "The desk will check this record");
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM patients"), ==, patients + 2);
  links = get_web_accounts (fx, known_id, fx->lab->desk);
  ld_test_assert_status (links, 200);
  g_assert_cmpstr (links->body, ==, links_before);
  g_assert_null (strstr (links->body, "meera@example.com"));
  g_clear_pointer (&links, ld_test_response_free);
  parked_id = find_patient (fx, "Meera Joshi", known_id);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM web_account_patients WHERE needs_review = 1"),
                   ==, 1);
  links = get_web_accounts (fx, parked_id, fx->lab->admin);
  ld_test_assert_status (links, 200);
  link =
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (links),
                                                                 "items"),
                                   0);
  g_assert_cmpstr (json_object_get_string_member (link, "email"), ==, "meera@example.com");
  g_assert_true (json_object_get_boolean_member (link, "needs_review"));
  g_clear_pointer (&links, ld_test_response_free);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events WHERE action = 'web.register'"
                              " AND username = 'patient (web)'"),
                   ==, 2);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events WHERE action = 'patient.read'"
                              " AND detail = 'web accounts'"),
                   ==, 4);

  /* The desk's route meets bad input with the API's error shape. */
  links = get_web_accounts (fx, "not-an-id", fx->lab->desk);
  ld_test_assert_error (links, 404, "not_found");
  g_clear_pointer (&links, ld_test_response_free);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/web-accounts?x=1", known_id);

    links = ld_test_get (fx->lab->server, path, fx->lab->desk);
    ld_test_assert_error (links, 400, "bad_request");
  }
}

/* The SMS the stand-in got for @e164, the newest of the @fx->n_sms it has
 * had by now (codes asked for at once may come in either order); it has
 * the sign-in template's id, and its text holds the code, returned. */
static char *
read_sms_code (Fixture    *fx,
               const char *e164,
               const char *language)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) six_digits = g_regex_new ("\\b[0-9]{6}\\b", 0, 0, NULL);
  JsonObject *body = NULL;
  const char *text;

  fx->n_sms++;
  for (;;)
    {
      requests = ld_test_sms_read (fx->sms_record);
      if (json_array_get_length (requests) >= fx->n_sms)
        break;
      g_clear_pointer (&requests, json_array_unref);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  for (guint i = 0; i < fx->n_sms; i++)
    {
      JsonObject *one =
        json_object_get_object_member (json_array_get_object_element (requests, i), "json");

      if (g_str_equal (json_object_get_string_member (one, "to"), e164))
        body = one;
    }
  g_assert_nonnull (body);
  g_assert_cmpstr (json_object_get_string_member (body, "template_id"), ==, SMS_TEMPLATE_ID);
  text = json_object_get_string_member (body, "text");
  g_assert_true (g_str_has_prefix (text, "Sunrise Diagnostics (DEMO DATA): "));
  g_assert_nonnull (strstr (text, g_str_equal (language, "hi") ? "साइन-इन कोड" : "sign-in code"));
  g_assert_true (g_regex_match (six_digits, text, 0, &match));
  return g_match_info_fetch (match, 0);
}

/* Waits until @sql counts @n: the sender marks a message sent after the
 * gateway has it. */
static void
wait_count (Fixture    *fx,
            const char *sql,
            gint64      n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (count (fx, sql) != n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* The server's log so far: no page may make it warn (libsoup's
 * "soup_cookie_new: … domain != NULL" was one, at every sign-in). */
static void
assert_log_quiet (Fixture *fx)
{
  g_autofree char *path = g_build_filename (fx->dir, "server.log", NULL);
  g_autofree char *log = NULL;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  /* Its lines are "<time> <level> <domain> …". */
  if (strstr (log, "Z warning ") != NULL || strstr (log, "Z critical ") != NULL ||
      strstr (log, "soup_cookie") != NULL)
    g_error ("the server warned:\n%s", log);
}

/* The page asked for a number, with the number (as shown and in the
 * form, @e164) taken out. */
static char *
dup_page_without (const LdTestPage *page,
                  const char *shown,
                  const char *e164)
{
  g_autoptr(GString) text = g_string_new (page->body);

  g_assert_nonnull (strstr (page->body, shown));
  g_assert_nonnull (strstr (page->body, e164));
  g_string_replace (text, e164, "X", 0);
  g_string_replace (text, shown, "X", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_sign_in_sms (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(LdTestBrowser) first = browser_new (fx);
  g_autoptr(LdTestBrowser) known = browser_new (fx);
  g_autoptr(LdTestBrowser) unknown = browser_new (fx);
  g_autoptr(LdTestBrowser) hindi = browser_new (fx);
  g_autoptr(LdTestPage) page = NULL;
  g_autoptr(LdTestPage) known_page = NULL;
  g_autoptr(LdTestPage) unknown_page = NULL;
  g_autofree char *code = NULL;
  g_autofree char *known_code = NULL;
  g_autofree char *unknown_code = NULL;
  g_autofree char *known_body = NULL;
  g_autofree char *unknown_body = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *patient = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                          "\"female\", \"age_years\": 34, "
                                                          "\"phone\": \"98450 11111\"}");

  /* The form asks for either. */
  page = ld_test_browser_get (first, "/my/");
  ld_test_page_assert_contains (page, "E-mail address or mobile number");
  ld_test_page_assert_contains (page, "type=\"text\" id=\"email\" name=\"email\"");
  g_clear_pointer (&page, ld_test_page_free);

  /* Not a mobile number: letters in it, a landline, too short. */
  {
    const char * const bad[] = { "98450 1111x", "080 4000 1234", "98450", "+44 7700 900123" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        page = ld_test_browser_post (first, "/my/sign-in", FALSE, "email", bad[i], NULL);
        g_assert_cmpuint (page->status, ==, 422);
        ld_test_page_assert_contains (page, "or a mobile number, such as 98450 11111");
        ld_test_page_assert_contains (page, "href=\"#email\"");
        g_clear_pointer (&page, ld_test_page_free);
      }
    g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications"), ==, 0);
  }

  /* A number's first sign-in: the code by SMS; a wrong one refused. */
  page = ld_test_browser_post (first, "/my/sign-in", FALSE, "email", " 98450 11111 ", NULL);
  g_assert_cmpuint (page->status, ==, 200);
  ld_test_page_assert_contains (page, "Check your phone");
  ld_test_page_assert_contains (page, "If 98450 11111 can receive text messages");
  g_clear_pointer (&page, ld_test_page_free);
  code = read_sms_code (fx, "+919845011111", "en");
  wait_count (fx, "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                  " AND template = 'sign-in-code' AND recipient = '+919845011111'"
                  " AND patient_id IS NULL AND state = 'sent'", 1);
  page = ld_test_browser_post (first, "/my/code", FALSE, "email", "+919845011111", "code",
                               g_str_equal (code, "000000") ? "111111" : "000000", NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Check the text message and try again.");
  g_assert_null (first->cookie);
  g_clear_pointer (&page, ld_test_page_free);
  page =
    ld_test_browser_post (first, "/my/code", FALSE, "email", "+919845011111", "code", code, NULL);
  g_assert_cmpuint (page->status, ==, 303);
  cookie = g_strconcat (first->cookie, "; Path=/my/; SameSite=Lax; HttpOnly", NULL);
  g_assert_cmpstr (page->set_cookie, ==, cookie);
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_accounts"
                              " WHERE phone = '+919845011111' AND email IS NULL"), ==, 1);
  page = ld_test_browser_get (first, "/my/");
  ld_test_page_assert_contains (page, "Your orders");
  ld_test_page_assert_contains (page, "<p class=\"who\">98450 11111</p>");
  g_clear_pointer (&page, ld_test_page_free);

  /* The desk sees the account's number once it is linked to the patient. */
  link_patient (fx, first, patient);
  {
    g_autoptr(LdTestResponse) links = get_web_accounts (fx, patient, fx->lab->desk);
    JsonObject *link;

    ld_test_assert_status (links, 200);
    link =
      json_array_get_object_element (json_object_get_array_member (ld_test_response_object (links),
                                                                   "items"),
                                     0);
    g_assert_true (json_object_get_null_member (link, "email"));
    g_assert_cmpstr (json_object_get_string_member (link, "phone"), ==, "+919845011111");
  }

  /* A known number and an unknown one, each typed another way: the same
   * page but for the number, and a code by SMS to each. */
  known_page = ld_test_browser_post (known, "/my/sign-in", FALSE, "email", "+91 98450-11111", NULL);
  unknown_page =
    ld_test_browser_post (unknown, "/my/sign-in", FALSE, "email", "098450 22222", NULL);
  g_assert_cmpuint (known_page->status, ==, 200);
  g_assert_cmpuint (unknown_page->status, ==, 200);
  known_body = dup_page_without (known_page, "98450 11111", "+919845011111");
  unknown_body = dup_page_without (unknown_page, "98450 22222", "+919845022222");
  g_assert_cmpstr (known_body, ==, unknown_body);
  known_code = read_sms_code (fx, "+919845011111", "en");
  unknown_code = read_sms_code (fx, "+919845022222", "en");

  /* The known number signs in to its account; the unknown one gets its own. */
  page = ld_test_browser_post (known, "/my/code", FALSE, "email", "+919845011111", "code",
                               known_code, NULL);
  g_assert_cmpuint (page->status, ==, 303);
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_post (unknown, "/my/code", FALSE, "email", "+919845022222", "code",
                               unknown_code, NULL);
  g_assert_cmpuint (page->status, ==, 303);
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_get (unknown, "/my/");
  ld_test_page_assert_contains (page, "Your orders");
  ld_test_page_assert_contains (page, "<p class=\"who\">98450 22222</p>");
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sessions s"
                              " JOIN web_accounts a ON a.id = s.account_id"
                              " WHERE a.phone = '+919845011111'"), ==, 2);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sessions s"
                              " JOIN web_accounts a ON a.id = s.account_id"
                              " WHERE a.phone = '+919845022222'"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_accounts"), ==, 2);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_accounts WHERE phone = '+919845022222'"),
                   ==, 1);

  /* An expired code; then five wrong tries, and the cool-down refuses even
   * the right code. In Hindi, the page's language, the SMS's too. */
  hindi->cookie = g_strdup ("ld_lang=hi");
  page = ld_test_browser_post (hindi, "/my/sign-in", FALSE, "email", "9845033333", NULL);
  g_assert_cmpuint (page->status, ==, 200);
  g_clear_pointer (&page, ld_test_page_free);
  g_free (read_sms_code (fx, "+919845033333", "hi"));
  run_sql (fx, "UPDATE web_sign_in_codes SET expires_us = 1 WHERE address = '+919845033333'");
  page = ld_test_browser_post (hindi, "/my/code", FALSE, "email", "+919845033333", "code", "123456",
                               NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "<html lang=\"hi\">");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_post (hindi, "/my/sign-in", FALSE, "email", "9845033333", NULL);
  g_clear_pointer (&page, ld_test_page_free);
  {
    g_autofree char *fresh = read_sms_code (fx, "+919845033333", "hi");
    const char *wrong_code = g_str_equal (fresh, "000000") ? "111111" : "000000";

    for (guint i = 0; i < 4; i++)
      {
        page = ld_test_browser_post (hindi, "/my/code", FALSE, "email", "+919845033333", "code",
                                     wrong_code, NULL);
        g_assert_cmpuint (page->status, ==, 422);
        g_clear_pointer (&page, ld_test_page_free);
      }
    page = ld_test_browser_post (hindi, "/my/code", FALSE, "email", "+919845033333", "code",
                                 wrong_code, NULL);
    g_assert_cmpuint (page->status, ==, 429);
    g_clear_pointer (&page, ld_test_page_free);
    page = ld_test_browser_post (hindi, "/my/code", FALSE, "email", "+919845033333", "code", fresh,
                                 NULL);
    g_assert_cmpuint (page->status, ==, 429);
    g_clear_pointer (&page, ld_test_page_free);
    g_assert_cmpstr (hindi->cookie, ==, "ld_lang=hi");
  }
  /* Asked for again in the cool-down: the same page, and no SMS; the
   * number's seventh ask in the hour is refused. */
  for (guint i = 0; i < 4; i++)
    {
      page = ld_test_browser_post (hindi, "/my/sign-in", FALSE, "email", "98450 33333", NULL);
      g_assert_cmpuint (page->status, ==, 200);
      g_clear_pointer (&page, ld_test_page_free);
    }
  page = ld_test_browser_post (hindi, "/my/sign-in", FALSE, "email", "+91 98450 33333", NULL);
  g_assert_cmpuint (page->status, ==, 429);
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                              " AND language = 'hi'"), ==, 2);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_accounts WHERE phone = '+919845033333'"),
                   ==, 0);

  /* One SMS for each code asked for, none for the refused numbers. */
  {
    g_autoptr(JsonArray) requests = ld_test_sms_read (fx->sms_record);

    g_assert_cmpuint (json_array_get_length (requests), ==, fx->n_sms);
    g_assert_cmpuint (fx->n_sms, ==, 5);
  }

  /* E-mail still signs in beside SMS. */
  g_free (sign_in (fx, first, "asha@example.com"));
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications WHERE channel = 'email'"), ==,
                   1);
  assert_log_quiet (fx);
}

static void
test_sign_in_no_sms (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(LdTestBrowser) browser = browser_new (fx);
  g_autoptr(LdTestPage) page = ld_test_browser_get (browser, "/my/");

  /* The form asks for an e-mail address only. */
  ld_test_page_assert_contains (page, "type=\"email\" id=\"email\" name=\"email\"");
  g_assert_null (strstr (page->body, "mobile"));
  g_clear_pointer (&page, ld_test_page_free);

  /* A number is a clear field error, and nothing is sent. */
  page = ld_test_browser_post (browser, "/my/sign-in", FALSE, "email", "98450 11111", NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page,
                                "Codes are sent by e-mail only. Enter an e-mail address, such as "
                                "name@example.com");
  ld_test_page_assert_contains (page, "href=\"#email\"");
  ld_test_page_assert_contains (page, "value=\"98450 11111\"");
  g_clear_pointer (&page, ld_test_page_free);
  page = ld_test_browser_post (browser, "/my/code", FALSE, "email", "+919845011111", "code",
                               "123456", NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Codes are sent by e-mail only.");
  g_clear_pointer (&page, ld_test_page_free);
  /* Anything else is asked for as an e-mail address, as before. */
  page = ld_test_browser_post (browser, "/my/sign-in", FALSE, "email", "asha at example", NULL);
  g_assert_cmpuint (page->status, ==, 422);
  ld_test_page_assert_contains (page, "Enter an e-mail address, such as name@example.com");
  g_assert_null (strstr (page->body, "Codes are sent by e-mail only."));
  g_clear_pointer (&page, ld_test_page_free);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications"), ==, 0);
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM web_sign_in_codes"), ==, 0);

  /* The e-mail's sign-in, and its cookie written without a warning. */
  g_free (sign_in (fx, browser, "asha@example.com"));
  page = ld_test_browser_post (browser, "/my/sign-out", TRUE, NULL);
  g_assert_cmpuint (page->status, ==, 303);
  g_assert_cmpstr (page->set_cookie, ==, "ld_my=; Max-Age=0; Path=/my/; SameSite=Lax; HttpOnly");
  g_clear_pointer (&page, ld_test_page_free);
  assert_log_quiet (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/web/sign-in", Fixture, NULL, fixture_setup, test_sign_in, fixture_teardown);
  g_test_add ("/web/book-and-follow", Fixture, NULL, fixture_setup, test_book_and_follow,
              fixture_teardown);
  g_test_add ("/web/pay-online", Fixture, &WITH_GATEWAY, fixture_setup, test_pay_online,
              fixture_teardown);
  g_test_add ("/web/register", Fixture, NULL, fixture_setup, test_register, fixture_teardown);
  g_test_add ("/web/sign-in-sms", Fixture, &WITH_SMS, fixture_setup, test_sign_in_sms,
              fixture_teardown);
  g_test_add ("/web/sign-in-no-sms", Fixture, NULL, fixture_setup, test_sign_in_no_sms,
              fixture_teardown);
  return g_test_run ();
}
