/* test-gui-doctor-glass.c: results the cache does not hold, and another
 * doctor's patient, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history fallback: the ordering doctor's feed is stopped (as during
 * a first sync) before the patient's values are verified; their
 * cumulative results come from the server in one request, say so, and
 * match the server's; the feed started again, the cache's own take their place.
 * Breaking the glass: a second doctor finds the patient from the window's
 * search and opens their results (Ctrl+H); the page says in words why
 * nothing is shown; offline the way is shut and says why; a reason too
 * short is refused at the field; a good one opens the patient, shows the
 * grant's end, and the first doctor's values arrive through the feed,
 * checked against the server. The administrators' list holds the grant.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-client.h"
#include "ld-test-doctor.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ui/doctor/ld-break-glass-dialog.h"
#include "ui/doctor/ld-doctor-workspace.h"
#include "ui/doctor/ld-history-page.h"
#include "ui/doctor/ld-prescribe-page.h"
#include "ui/ld-window.h"

#define REASON "Covering the ward for Dr. Mehta tonight; the patient is breathless."
#define SECOND_PASSWORD "nisha-secret-words"

static gboolean
signed_out (gpointer data)
{
  return ld_context_get_session (((LdTestGui *) data)->context) == NULL;
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

typedef struct
{
  GtkStack   *stack;
  const char *name;
} Shown;

static gboolean
stack_shows (gpointer data)
{
  Shown *shown = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (shown->stack), shown->name) == 0;
}

static void
wait_shown (GtkWidget  *page,
            const char *name)
{
  Shown shown = { GTK_STACK (ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "content_stack")),
                  name };
  g_autofree char *what = g_strdup_printf ("the history page's %s", name);

  ld_test_gui_spin_until (stack_shows, &shown, what);
}

/* Every reported value of the order, as the server gives it to @token,
 * is in the page's table. */
static void
check_values (LdLab      *lab,
              const char *token,
              const char *order_id,
              GtkWidget  *page)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/results", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, token);
  JsonArray *items;
  guint checked = 0;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject      *result = json_array_get_object_element (items, i);
      g_autofree char *cells =
        g_strdup_printf ("cells-%s", json_object_get_string_member (result, "test_code"));
      GtkWidget *label = ld_test_gui_find_named (page, cells);

      g_assert_cmpstr (json_object_get_string_member (result, "state"), ==, "verified");
      g_assert_nonnull (label);
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)),
                                json_object_get_string_member (result, "value")));
      checked++;
    }
  g_assert_cmpuint (checked, ==, 2);
}

static GtkWidget *
open_history (GtkWidget  *workspace,
              const char *patient_id)
{
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.open-history", "s", patient_id));
  return ld_test_gui_wait_type (workspace, LD_TYPE_HISTORY_PAGE);
}

static void
test_glass (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, LD_TEST_DOCTOR_PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"K\"]");
  g_autofree char *second_id = NULL;
  g_autofree char *second = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  LdSync *sync;

  {
    g_autoptr(LdTestResponse) made = ld_lab_post (lab, lab->admin, "/api/v1/users",
                                                   "{\"username\": \"nisha\","
                                                   " \"display_name\": \"Dr. Nisha Kapoor\","
                                                   " \"roles\": [\"doctor\"],"
                                                   " \"password\": \"" SECOND_PASSWORD "\"}");

    ld_test_assert_status (made, 201);
    second_id = g_strdup (ld_test_response_get_string (made, "user.id"));
    second = ld_test_login (lab->server, "nisha", SECOND_PASSWORD);
  }

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  gtk_window_set_default_size (GTK_WINDOW (gui->window), 1200, 820);

  /* The history fallback: values verified while this doctor's feed is
   * stopped are read from the server, and said to be. */
  workspace = ld_test_doctor_sign_in (gui);
  sync = ld_session_get_sync (ld_context_get_session (gui->context));
  ld_sync_stop (sync);
  {
    g_autoptr(LdTestResponse) entered =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", "K", "4.4", NULL);
    g_autoptr(LdTestResponse) verified = NULL;

    ld_test_assert_status (entered, 200);
    verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "K", NULL);
    ld_test_assert_status (verified, 200);
  }
  page = open_history (workspace, patient_id);
  wait_shown (page, "table");
  ld_test_gui_spin_until (is_visible, ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "server_note"),
                          "the note that the values are the server's");
  ld_test_gui_wait_text (page, "Read from the server; not kept offline.");
  /* One request for all the patient's results (each read is audited
   * before it is answered), not one per order. Counted before
   * check_values() reads the order's results itself. */
  {
    g_autofree char *all_read =
      g_strdup_printf ("SELECT count(*) FROM audit_events"
                       " WHERE action = 'patient.results' AND username = 'doctor'"
                       " AND entity_id = '%s' AND detail = '2 shown'",
                       patient_id);
    g_autofree char *order_read =
      g_strdup_printf ("SELECT count(*) FROM audit_events"
                       " WHERE action = 'result.read' AND username = 'doctor'"
                       " AND entity_id = '%s'",
                       order_id);

    g_assert_cmpint (ld_test_server_query_int (lab->server, all_read), ==, 1);
    g_assert_cmpint (ld_test_server_query_int (lab->server, order_read), ==, 0);
  }
  check_values (lab, lab->doctor, order_id, page);
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-history-from-server");
  /* The feed again: the cache's own values take the server's place. */
  ld_sync_start (sync);
  ld_test_gui_spin_until (is_hidden, ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "server_note"),
                          "the cache's values");
  check_values (lab, lab->doctor, order_id, page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.sign-out", NULL));
  ld_test_gui_spin_until (signed_out, gui, "the sign-out");

  /* A second doctor finds the patient and asks for their results. */
  ld_test_gui_sign_in (gui, "nisha", SECOND_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "doctor");
  ld_test_gui_wait_status (gui, "Online");
  {
    GtkWidget *search =
      ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");

    ld_test_gui_type (search, "Farhan");
    ld_test_gui_wait_text (ld_test_gui_find_named (workspace, "doctor-patients"), "Farhan Qureshi");
    ld_test_gui_enter (search);
  }
  ld_test_gui_wait_type (workspace, LD_TYPE_PRESCRIBE_PAGE);
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.history-of-shown", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_HISTORY_PAGE);
  wait_shown (page, "glass");
  ld_test_gui_wait_text (page, "You have not ordered for this patient");
  g_assert_true (
    gtk_widget_is_sensitive (ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "glass_button")));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-break-glass");

  /* Offline: shut, and says why. */
  ld_api_client_set_online (ld_context_get_api_client (gui->context), FALSE);
  ld_test_gui_wait_text (page,
                         "Breaking the glass needs the server, and this computer is offline.");
  g_assert_false (
    gtk_widget_is_sensitive (ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "glass_button")));
  ld_api_client_set_online (ld_context_get_api_client (gui->context), TRUE);
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_is_sensitive,
                          ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "glass_button"),
                          "the way open again online");

  /* Too short a reason is refused at the field; a real one is taken. */
  ld_test_gui_click (ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "glass_button"));
  {
    GtkWindow *dialog =
      ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_BREAK_GLASS_DIALOG);
    GtkWidget *reason = ld_test_gui_find_named (GTK_WIDGET (dialog), "break-glass-reason");

    ld_test_gui_wait_text (GTK_WIDGET (dialog), "audit log");
    ld_test_gui_type (reason, "Urgent");
    ld_test_gui_wait_text (GTK_WIDGET (dialog), "Too short: 6 characters; say why in at least 10.");
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "break"));
    ld_test_gui_screenshot (GTK_WIDGET (dialog), "doctor-break-glass-dialog");
    {
      g_autoptr(LdTestResponse) list = ld_test_get (lab->server, "/api/v1/break-glass", lab->admin);

      ld_test_assert_status (list, 200);
      g_assert_cmpuint (json_array_get_length (
                          json_object_get_array_member (ld_test_response_object (list), "items")),
                        ==, 0);
    }
    gtk_editable_set_text (GTK_EDITABLE (reason), "");
    ld_test_gui_type (reason, REASON);
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "break"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "break");
  }
  ld_test_gui_spin_until (is_visible, ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "grant_label"),
                          "the grant's end");
  ld_test_gui_wait_text (page, "Glass broken: open to you until ");
  /* The first doctor's values, through the feed (the cache's, not the
   * server's note), as the server gives them to this doctor now. */
  wait_shown (page, "table");
  ld_test_gui_spin_until (is_hidden, ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "server_note"),
                          "the values from the cache");
  check_values (lab, second, order_id, page);
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-break-glass-open");

  /* The administrators' list holds it, with the reason. */
  {
    g_autoptr(LdTestResponse) list = ld_test_get (lab->server, "/api/v1/break-glass", lab->admin);
    JsonArray *items;
    JsonObject *grant;

    ld_test_assert_status (list, 200);
    items = json_object_get_array_member (ld_test_response_object (list), "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    grant = json_array_get_object_element (items, 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (grant, "doctor"),
                                                    "id"),
                     ==, second_id);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (grant,
                                                                                   "patient"),
                                                    "id"),
                     ==, patient_id);
    g_assert_cmpstr (json_object_get_string_member (grant, "reason"), ==, REASON);
  }

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, FALSE, "/gui/doctor/break-glass", test_glass);
}
