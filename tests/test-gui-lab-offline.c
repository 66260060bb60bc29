/* test-gui-lab-offline.c: custody moves at the bench while the server is away
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Receiving, rejecting, storing and disposing of a sample are calls the
 * server must answer at once (a rejection moves the order and sets values
 * aside), not drafts that wait in the outbox. An order is collected over
 * HTTP; the technician opens it in the real window, and the server is
 * stopped: every custody button goes insensitive, the timeline says why
 * in words, and Ctrl+Shift+R changes nothing. The server comes back on
 * the same database and port: the buttons return, the words go, and
 * Ctrl+Shift+R receives the tube on the server.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-client.h"
#include "ld-test-gui.h"
#include "ld-test-lab.h"
#include "ld-window.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"

#define PATIENT "{\"name\": \"Gopal Offline\", \"sex\": \"male\", \"age_years\": 52}"

/* clang-format off */
static const char * const moves[] = {
  "custody.receive", "custody.reject", "custody.store", "custody.dispose",
};
/* clang-format on */

static gboolean
is_offline (gpointer data)
{
  return !ld_session_get_online (data);
}

static gboolean
is_online (gpointer data)
{
  return ld_session_get_online (data);
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static gboolean
is_insensitive (gpointer data)
{
  return !gtk_widget_is_sensitive (data);
}

static gboolean
is_shown (gpointer data)
{
  return gtk_widget_is_visible (data);
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_is_visible (data);
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *state;
} SampleWait;

/* The order's first sample's state, on the server. */
static char *
dup_first_state (LdLab      *lab,
                 const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  return g_strdup (
    json_object_get_string_member (json_array_get_object_element (items, 0), "state"));
}

static gboolean
first_sample_in_state (gpointer data)
{
  SampleWait *wait = data;
  g_autofree char *state = dup_first_state (wait->lab, wait->order_id);

  return g_strcmp0 (state, wait->state) == 0;
}

static void
test_custody_offline (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-custody-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (tmpdir, "home", NULL);
  g_autofree char *db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *state = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  LdSession *session;
  LdTestGui *gui;
  LdLab *lab;
  GtkWidget *workspace;
  GtkWidget *search;
  GtkWidget *page;
  GtkWidget *offline;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  uri = g_strdup (ld_test_server_get_uri (lab->server));
  patient_id = ld_lab_new_patient (lab, PATIENT);
  order_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  ld_test_assert_status (collected, 201);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
    g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->technician);

    number = g_strdup (ld_test_response_get_string (order, "order.number"));
  }

  gui = ld_test_gui_open (uri);
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  session = ld_context_get_session (gui->context);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "processing", "Processing 1");
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, number);
  ld_test_gui_enter (search);
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_text (page, "Collected · ");
  ld_test_gui_wait_action (page, "custody.receive");
  offline = ld_test_gui_find_named (page, "custody-offline");
  g_assert_nonnull (offline);
  g_assert_false (gtk_widget_is_visible (offline));

  /* The server goes away: no move is offered, and the page says why. */
  g_clear_pointer (&lab->server, ld_test_server_free);
  ld_test_gui_spin_until (is_offline, session, "the session to go offline");
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    ld_test_gui_spin_until (is_insensitive, ld_test_gui_find_action (page, moves[i]), moves[i]);
  ld_test_gui_spin_until (is_shown, offline, "the offline words");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (offline)), ==,
                   "Offline: receiving, rejecting, storing and disposing of samples need the "
                   "server, so they wait until it is back. Results can still be typed.");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-custody-offline");
  /* Ctrl+Shift+R does nothing: the action is off. */
  gtk_widget_activate_action (page, "lab-order.custody", "s", "receive");
  ld_test_gui_spin_idle ();
  g_assert_false (gtk_widget_is_visible (ld_test_gui_find_named (page, "custody-status")));

  /* Back on the same database and port: the moves return, and receiving
   * works, on the server; nothing was sent while it was away. */
  lab->server = ld_test_server_restart (db_path, uri);
  state = dup_first_state (lab, order_id);
  g_assert_cmpstr (state, ==, "collected");
  ld_test_gui_spin_until (is_online, session, "the session to be online again");
  ld_test_gui_spin_until (is_hidden, offline, "the offline words to go");
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "custody.receive"),
                          "Receive to be offered again");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.custody", "s", "receive"));
  {
    SampleWait wait = { lab, order_id, "received" };

    ld_test_gui_spin_until (first_sample_in_state, &wait, "the sample to be received");
  }

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/lab/custody-offline", test_custody_offline);
  return g_test_run ();
}
