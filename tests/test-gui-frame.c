/* test-gui-frame.c: the window's frame as a person meets it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window against the real server: the one search entry finds
 * patients in any script; a scanned number the cache does not hold is
 * said, not ignored; work done with the server away waits, is counted in
 * the header, listed, and sent when the server is back; work the server
 * refuses is corrected from the list and sent again.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-json.h"
#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ui/common/ld-outbox-edit-dialog.h"
#include "ui/common/ld-status-indicator.h"

typedef struct
{
  char         *tmpdir;
  char         *db_path;
  LdTestServer *server;
  LdTestGui    *gui;
} Fixture;

/* A demo database served by the real binary, so that the test can stop
 * the server and start it again on the same port. */
static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  const char *demo[] = { "demo", "--bare", "--db", NULL, NULL };

  fx->tmpdir = g_dir_make_tmp ("labdesk-frame-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (fx->tmpdir, "home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  fx->db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  demo[3] = fx->db_path;
  g_assert_cmpint (ld_test_run_server_command (demo, NULL, NULL), ==, 0);
  fx->server = ld_test_server_spawn (fx->db_path, NULL);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->server));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_clear_pointer (&fx->server, ld_test_server_free);
  ld_test_remove_tree (fx->tmpdir);
  g_free (fx->db_path);
  g_free (fx->tmpdir);
}

/* The server on the same database and port again. */
static void
restart_server (Fixture *fx)
{
  g_autofree char *uri =
    g_strdup (ld_context_get_api_client (fx->gui->context)
                ? ld_api_client_get_base_uri (ld_context_get_api_client (fx->gui->context))
                : NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%s", strrchr (uri, ':') + 1);
  const char *args[] = { "--listen", listen, NULL };

  g_assert_null (fx->server);
  fx->server = ld_test_server_spawn (fx->db_path, args);
}

static GtkWidget *
search_entry (Fixture *fx)
{
  return ld_test_gui_child (GTK_WIDGET (fx->gui->window), LD_TYPE_WINDOW, "search_entry");
}

static LdStatusIndicator *
indicator (Fixture *fx)
{
  GtkWidget *bin = ld_test_gui_child (GTK_WIDGET (fx->gui->window), LD_TYPE_WINDOW, "status_bin");

  return LD_STATUS_INDICATOR (adw_bin_get_child (ADW_BIN (bin)));
}

typedef struct
{
  Fixture    *fx;
  const char *prefix;
} Says;

static gboolean
indicator_says (gpointer data)
{
  Says *says = data;
  const char *text = ld_status_indicator_get_text (indicator (says->fx));

  return text != NULL && g_str_equal (text, says->prefix);
}

static void
wait_indicator (Fixture    *fx,
                const char *text)
{
  Says says = { fx, text };

  ld_test_gui_spin_until (indicator_says, &says, text);
}

static void
register_over_http (Fixture    *fx,
                    const char *body)
{
  g_autofree char *token = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (fx->server, "POST", "/api/v1/patients", token, body);

  ld_test_assert_status (resp, 201);
}

static void
test_search_finds_latin_and_devanagari (Fixture       *fx,
                                        gconstpointer  data)
{
  GtkWidget *desk;

  register_over_http (fx, "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 41,"
                          " \"phone\": \"9812345601\"}");
  register_over_http (fx, "{\"name\": \"सुनीता शर्मा\", \"sex\": \"female\", \"age_years\": 36,"
                          " \"phone\": \"9812345602\"}");
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  desk = ld_test_gui_workspace (fx->gui, "front-desk");

  /* The session opens with the cursor in the search. */
  g_assert_true (
    gtk_widget_has_focus (search_entry (fx)) ||
    gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fx->gui->window)), search_entry (fx)));

  ld_test_gui_type (search_entry (fx), "asha");
  ld_test_gui_wait_text (desk, "Asha Verma");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-search");

  gtk_editable_set_text (GTK_EDITABLE (search_entry (fx)), "");
  ld_test_gui_type (search_entry (fx), "सुनी");
  ld_test_gui_wait_text (desk, "सुनीता शर्मा");
}

static void
test_unknown_scan_is_said (Fixture       *fx,
                           gconstpointer  data)
{
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);

  ld_test_gui_type (search_entry (fx), "p999999");
  ld_test_gui_enter (search_entry (fx));
  /* Online, the server is asked too before the number is said unknown. */
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window),
                         "Nothing is numbered P999999, on this computer or on the server.");
}

typedef struct
{
  LdOutbox *outbox;
  gboolean  done;
} Submit;

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Submit *submit = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);

  g_assert_no_error (error);
  submit->done = TRUE;
}

static gboolean
submit_done (gpointer data)
{
  return ((Submit *) data)->done;
}

/* What the registration dialog does: one action into the outbox. */
static void
register_through_outbox (Fixture    *fx,
                         const char *body)
{
  LdSession *session = ld_context_get_session (fx->gui->context);
  g_autoptr(JsonObject) params = ld_json_parse_object (body, -1, NULL);
  Submit submit = { ld_session_get_outbox (session), FALSE };

  g_assert_nonnull (params);
  ld_outbox_submit_async (submit.outbox, LD_OUTBOX_ACTION_PATIENT_REGISTER, params, NULL,
                          on_submitted_cb, &submit);
  ld_test_gui_spin_until (submit_done, &submit, "the registration queued");
}

static gint64
patients_named (Fixture    *fx,
                const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM patients WHERE name = '%s'", name);

  return ld_test_query_int (fx->db_path, sql);
}

static void
test_offline_work_waits_and_is_sent (Fixture       *fx,
                                     gconstpointer  data)
{
  GtkWidget *popover;

  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  wait_indicator (fx, "Online");

  g_clear_pointer (&fx->server, ld_test_server_free);
  register_through_outbox (fx, "{\"name\": \"Kavya Offline\", \"sex\": \"female\","
                               " \"age_years\": 29}");
  wait_indicator (fx, "Offline · 1 waiting");
  /* Offline is a state: the desk stays as it was. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
                     ld_test_gui_child (GTK_WIDGET (fx->gui->window), LD_TYPE_WINDOW, "stack"))),
                   ==, "home");

  /* The list says what waits, in words. */
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (fx->gui->window), "win.show-outbox", NULL));
  popover = ld_test_gui_child (GTK_WIDGET (indicator (fx)), LD_TYPE_STATUS_INDICATOR, "popover");
  ld_test_gui_wait_text (popover, "Register a patient: Kavya Offline");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-outbox-waiting");
  ld_test_gui_screenshot (popover, "desk-outbox-list");
  gtk_popover_popdown (GTK_POPOVER (popover));

  restart_server (fx);
  wait_indicator (fx, "Online");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window), "Sent: Register a patient: Kavya Offline");
  g_assert_cmpint (patients_named (fx, "Kavya Offline"), ==, 1);
}

static void
test_refused_work_is_corrected_and_sent_again (Fixture       *fx,
                                               gconstpointer  data)
{
  GtkWidget *popover;
  GtkWidget *correct;
  GtkWindow *dialog;
  GtkWidget *date_row;

  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  wait_indicator (fx, "Online");

  /* Typed offline, a date the server will not take. */
  g_clear_pointer (&fx->server, ld_test_server_free);
  register_through_outbox (fx, "{\"name\": \"Ravi Future\", \"sex\": \"male\","
                               " \"date_of_birth\": \"2999-01-01\"}");
  restart_server (fx);
  wait_indicator (fx, "Online · 1 refused");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window),
                         "The server refused: Register a patient: Ravi Future");
  g_assert_cmpint (patients_named (fx, "Ravi Future"), ==, 0);

  ld_status_indicator_popup (indicator (fx));
  popover = ld_test_gui_child (GTK_WIDGET (indicator (fx)), LD_TYPE_STATUS_INDICATOR, "popover");
  ld_test_gui_wait_text (popover, "Register a patient: Ravi Future");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-outbox-refused");
  ld_test_a11y_assert_named (popover, "the list of waiting and refused work");
  correct = ld_test_gui_find_type (popover, GTK_TYPE_BUTTON);
  for (; correct != NULL && !gtk_widget_get_visible (correct);
       correct = ld_test_gui_find_type (gtk_widget_get_next_sibling (correct), GTK_TYPE_BUTTON))
    ;
  g_assert_nonnull (correct);
  ld_test_gui_click (correct);

  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_OUTBOX_EDIT_DIALOG);
  date_row = ld_test_gui_find_named (GTK_WIDGET (dialog), "date_of_birth");
  g_assert_nonnull (date_row);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "is in the future");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-outbox-correct");
  ld_test_a11y_assert_named (GTK_WIDGET (dialog), "the correction dialog of refused work");

  gtk_editable_set_text (GTK_EDITABLE (date_row), "");
  ld_test_gui_type (date_row, "1990-05-17");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "outbox-edit.send", NULL));
  wait_indicator (fx, "Online");
  g_assert_cmpint (patients_named (fx, "Ravi Future"), ==, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count (*) FROM patients"
                                                   " WHERE name = 'Ravi Future'"
                                                   " AND date_of_birth = '1990-05-17'"),
                   ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* The in-memory accessibility backend, so that the names a screen
   * reader would read can be checked (test-a11y's AT-SPI walk does not
   * reach the correction dialog). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/frame/search-finds-latin-and-devanagari", test_search_finds_latin_and_devanagari);
  ADD ("/gui/frame/unknown-scan-is-said", test_unknown_scan_is_said);
  ADD ("/gui/frame/offline-work-waits-and-is-sent", test_offline_work_waits_and_is_sent);
  ADD ("/gui/frame/refused-work-is-corrected-and-sent-again",
       test_refused_work_is_corrected_and_sent_again);
#undef ADD

  return g_test_run ();
}
