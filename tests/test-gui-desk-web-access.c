/* test-gui-desk-web-access.c: the desk sees a patient's web accounts and gives a web code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb, and the patient
 * pages (/my/) driven over HTTP as a patient's browser does: the sign-in
 * code read from the server's notification outbox, the session cookie
 * kept, each form's CSRF token read from the page. A patient whose own
 * account linked the record shows on the desk's patient page; the desk
 * presses "Give Web Code" from the keyboard and reads a code, large and
 * grouped, with the words to read out; a family member's account types
 * that code at /my/link, the server links it, and the page shows both.
 * Offline, the group says the server is needed and offers no code.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-orders.h"
#include "ui/desk/ld-patient-page.h"
#include "ui/desk/ld-patient-web-access.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
  SoupSession    *web;
} Fixture;

/* One patient's browser: its session cookie and the last form's token. */
typedef struct
{
  Fixture *fx;
  char    *cookie;
  char    *csrf;
} Browser;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->web = soup_session_new_with_options ("timeout", 120, NULL);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_object_unref (fx->web);
  ld_order_fixture_teardown (&fx->orders, data);
}

static void
browser_clear (Browser *browser)
{
  g_clear_pointer (&browser->cookie, g_free);
  g_clear_pointer (&browser->csrf, g_free);
}

/* Sends a form (or, with @form %NULL, a GET) without following
 * redirects; keeps the session cookie and the page's CSRF token. */
static guint
browse (Browser    *browser,
        const char *method,
        const char *path,
        const char *form)
{
  g_autofree char *uri =
    g_strconcat (ld_test_server_get_uri (browser->fx->orders.server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *body = NULL;
  const char *cookie;
  const char *at;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (browser->cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie",
                                  browser->cookie);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  answer = soup_session_send_and_read (browser->fx->web, msg, NULL, &error);
  g_assert_no_error (error);

  cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  if (cookie != NULL && g_str_has_prefix (cookie, "ld_my="))
    {
      g_free (browser->cookie);
      browser->cookie = g_strndup (cookie, strcspn (cookie, ";"));
    }
  body = g_bytes_get_size (answer) > 0
           ? g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer))
           : g_strdup ("");
  at = strstr (body, "name=\"csrf\" value=\"");
  if (at != NULL)
    {
      at += strlen ("name=\"csrf\" value=\"");
      g_free (browser->csrf);
      browser->csrf = g_strndup (at, strcspn (at, "\""));
    }
  return soup_message_get_status (msg);
}

/* The newest sign-in code the outbox holds for @email. */
static char *
read_sign_in_code (Fixture    *fx,
                   const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->orders.server);
  g_autoptr(JsonObject) facts = NULL;
  LdDbStmt *stmt;

  stmt = ld_db_prepare_cached (db,
                               "SELECT facts FROM notifications WHERE template = 'sign-in-code'"
                               " AND recipient = ?1 ORDER BY created_us DESC LIMIT 1",
                               &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, email);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  facts = ld_json_parse_object (ld_db_column_text (stmt, 0), -1, &error);
  g_assert_no_error (error);
  ld_db_reset (stmt);
  return g_strdup (json_object_get_string_member (facts, "code"));
}

/* Signs in on /my/ as @email, with the code the outbox sent. */
static void
sign_in (Browser    *browser,
         const char *email)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, TRUE);
  g_autofree char *ask = g_strdup_printf ("email=%s", escaped);
  g_autofree char *code = NULL;
  g_autofree char *answer = NULL;

  g_assert_cmpuint (browse (browser, "POST", "/my/sign-in", ask), ==, 200);
  code = read_sign_in_code (browser->fx, email);
  answer = g_strdup_printf ("email=%s&code=%s", escaped, code);
  g_assert_cmpuint (browse (browser, "POST", "/my/code", answer), ==, 303);
  g_assert_nonnull (browser->cookie);
}

/* Types @code at /my/link for @relation; returns the answer's status. */
static guint
link_code (Browser    *browser,
           const char *code,
           const char *relation)
{
  g_autofree char *escaped = g_uri_escape_string (code, NULL, TRUE);
  g_autofree char *form = NULL;

  g_assert_cmpuint (browse (browser, "GET", "/my/link", NULL), ==, 200);
  g_assert_nonnull (browser->csrf);
  form = g_strdup_printf ("csrf=%s&code=%s&relation=%s", browser->csrf, escaped, relation);
  return browse (browser, "POST", "/my/link", form);
}

static gint64
links_of (Fixture    *fx,
          const char *relation)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT COUNT(*) FROM web_account_patients WHERE patient_id = '%s'"
                     " AND relation = '%s' AND linked_by = 'desk-code'",
                     fx->orders.patient_id, relation);

  return ld_test_server_query_int (fx->orders.server, sql);
}

static GtkWidget *
open_patient_page (Fixture *fx)
{
  GtkWidget *page;

  gtk_widget_activate_action (fx->desk, "desk.open-patient", "s", fx->orders.patient_id);
  page = ld_test_gui_wait_type (fx->desk, LD_TYPE_PATIENT_PAGE);
  return ld_test_gui_wait_type (page, LD_TYPE_PATIENT_WEB_ACCESS);
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_is_sensitive (data);
}

static gboolean
is_closed (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GObject) object = g_weak_ref_get (ref);

  return object == NULL || !gtk_widget_get_visible (GTK_WIDGET (object));
}

static gboolean
is_grouped_code (const char *text)
{
  static const char *shape = "XXXX-XXXX-XX";

  if (strlen (text) != strlen (shape))
    return FALSE;
  for (guint i = 0; shape[i] != '\0'; i++)
    if (shape[i] == '-' ? text[i] != '-' : !g_ascii_isupper (text[i]) && !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static void
test_sees_accounts_and_gives_code (Fixture       *fx,
                                   gconstpointer  data)
{
  Browser own = { fx, NULL, NULL };
  Browser family = { fx, NULL, NULL };
  g_autofree char *path =
    g_strdup_printf ("/api/v1/patients/%s/web-link-code", fx->orders.patient_id);
  g_autoptr(LdTestResponse) issued = NULL;
  g_autofree char *words = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *code = NULL;
  g_autofree char *order_id = NULL;
  GtkWidget *access;
  GtkWidget *button;
  GtkWindow *dialog;
  GWeakRef dialog_ref;

  /* The patient's own account, linked by a code from the desk's API. */
  sign_in (&own, "asha@example.com");
  issued = ld_test_send_json (fx->orders.server, "POST", path, fx->orders.desk, "{}");
  ld_test_assert_status (issued, 201);
  g_assert_cmpuint (link_code (&own, ld_test_response_get_string (issued, "code"), "self"), ==,
                    303);
  g_assert_cmpint (links_of (fx, "self"), ==, 1);

  /* An order, so the page's list of them shows its tests too. */
  order_id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"GLUF\", \"CBC\"]");

  access = open_patient_page (fx);
  ld_test_gui_wait_text (gtk_widget_get_ancestor (access, LD_TYPE_PATIENT_PAGE),
                         "Glucose, fasting, ");
  ld_test_gui_wait_text (access, "asha@example.com");
  ld_test_gui_wait_text (access, "Self · Linked with the desk’s code");
  ld_test_a11y_assert_named (access, "the web access group");
  ld_test_gui_screenshot (access, "desk-patient-web-access");

  /* From the keyboard: focus the button and press it as Space does. */
  button = ld_test_gui_find_action (access, "web-access.give-code");
  g_assert_nonnull (button);
  ld_test_gui_spin_until (is_sensitive, button, "Give Web Code enabled");
  gtk_widget_grab_focus (button);
  g_assert_true (gtk_widget_has_focus (button));
  g_assert_true (gtk_widget_activate (button));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), ADW_TYPE_MESSAGE_DIALOG);
  code = g_strdup (gtk_label_get_text (
    GTK_LABEL (ld_test_gui_find_named (GTK_WIDGET (dialog), "web-code-label"))));
  g_assert_true (is_grouped_code (code));
  words = g_strdup_printf ("Type this code at %s/my/link within 14 days.",
                           ld_test_server_get_uri (fx->orders.server));
  texts = ld_test_gui_label_texts (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (texts, words));
  g_assert_nonnull (strstr (texts, "Works once, until "));
  g_assert_nonnull (ld_test_gui_find_named (GTK_WIDGET (dialog), "copy-web-code"));
  ld_test_a11y_assert_named (GTK_WIDGET (dialog), "the web code dialog");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-web-code");
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server,
                                             "SELECT COUNT(*) FROM audit_events"
                                             " WHERE action = 'patient.web-link-code'"),
                   ==, 2);

  /* A family member types it, in lower case as people do. */
  sign_in (&family, "ravi@example.com");
  {
    g_autofree char *typed = g_ascii_strdown (code, -1);

    g_assert_cmpuint (link_code (&family, typed, "family"), ==, 303);
    /* Once only. */
    g_assert_cmpuint (link_code (&family, typed, "family"), ==, 422);
  }
  g_assert_cmpint (links_of (fx, "family"), ==, 1);

  /* Done: the page reads the list again and shows both. */
  g_weak_ref_init (&dialog_ref, dialog);
  /* Escape: the close response, "done". */
  gtk_window_close (dialog);
  ld_test_gui_spin_until (is_closed, &dialog_ref, "the code's dialog closed");
  g_weak_ref_clear (&dialog_ref);
  ld_test_gui_wait_text (access, "ravi@example.com");
  ld_test_gui_wait_text (access, "Family member · Linked with the desk’s code");
  ld_test_gui_wait_text (access, "asha@example.com");

  browser_clear (&own);
  browser_clear (&family);
}

static gboolean
is_offline (gpointer data)
{
  Fixture *fx = data;

  return !ld_session_get_online (ld_context_get_session (fx->gui->context));
}

static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  GtkWidget *access = open_patient_page (fx);
  GtkWidget *button;

  ld_test_gui_wait_text (access, "No web account yet");
  button = ld_test_gui_find_action (access, "web-access.give-code");
  ld_test_gui_spin_until (is_sensitive, button, "Give Web Code enabled");

  /* The server goes away; the header says so. */
  g_clear_pointer (&fx->orders.server, ld_test_server_free);
  ld_test_gui_wait_status (fx->gui, "Offline");
  ld_test_gui_spin_until (is_offline, fx, "the session offline");
  ld_test_gui_wait_text (access, "The server is needed to see and give web access");
  g_assert_false (gtk_widget_is_sensitive (button));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/web-access/sees-accounts-and-gives-code", Fixture, NULL, fixture_setup,
              test_sees_accounts_and_gives_code, fixture_teardown);
  g_test_add ("/gui/desk/web-access/offline", Fixture, NULL, fixture_setup, test_offline,
              fixture_teardown);

  return g_test_run ();
}
