/* test-gui-lab-batch-one-door.c: batch entry submits only what the server takes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30, for batch entry: Submit is offered only while the session's
 * check (the shared one the server runs too) would save some typed value
 * of the batch, and its tooltip says why not. In the real window, against
 * the real server, by keyboard: an order is collected but its tube has
 * not reached the lab. Ctrl+Shift+E, the test typed and Enter: its row is
 * listed, Submit is not offered and says the tube must be received first;
 * Ctrl+Return sends nothing, and the server refuses a value for it (409).
 * The tube is received (another bench, over HTTP): Submit now waits for a
 * value ("Type a value first."). A value typed, it is offered; Ctrl+Return
 * enters it on the server and the row leaves.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ui/lab/ld-batch-entry-page.h"

#define PATIENT "{\"name\": \"Farah Batch\", \"sex\": \"female\", \"age_years\": 41}"

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *state;
} HbWait;

static gboolean
server_hb_in (gpointer data)
{
  HbWait *wait = data;
  g_autoptr(LdTestResponse) resp =
               ld_lab_get_results (wait->lab, wait->lab->technician, wait->order_id);
  JsonObject *result = ld_lab_find_result (resp, "items", "HB");

  return result != NULL &&
         g_strcmp0 (ld_json_object_get_string (result, "state"), wait->state) == 0;
}

static gboolean
no_row_left (gpointer data)
{
  return gtk_widget_get_first_child (ld_test_gui_find_named (data, "batch-entry-rows")) == NULL;
}

static void
test_submit_when_received (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *number = NULL;
  g_autofree char *value_name = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) refused = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *search;
  GtkWidget *submit;
  GtkWidget *value;

  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  number = ld_test_order_number (lab, order_id);
  value_name = g_strdup_printf ("result-value-%s", number);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");

  /* Ctrl+Shift+E; the test found by name, Enter. */
  g_assert_true (gtk_widget_activate_action (workspace, "lab.batch-entry", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_BATCH_ENTRY_PAGE);
  submit = ld_test_gui_find_action (page, "batch.submit");
  g_assert_nonnull (submit);
  g_assert_false (gtk_widget_is_sensitive (submit));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (submit), ==, "Find a test first.");
  search = ld_test_gui_find_named (page, "batch-test-search");
  ld_test_gui_type (search, "Haemo");
  ld_test_gui_wait_first_row (ld_test_gui_child (page, LD_TYPE_BATCH_ENTRY_PAGE, "test_list"),
                              "(HB)");
  ld_test_gui_enter (search);
  ld_test_gui_wait_text (page, "Farah Batch");
  value = ld_test_gui_wait_named (page, value_name);

  /* The tube is on its way: nothing may be saved, and the button says why. */
  ld_test_gui_wait_tooltip (submit, "it must be received first");
  g_assert_false (gtk_widget_is_sensitive (submit));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-batch-not-received");
  gtk_widget_activate_action (page, "batch.submit", NULL);
  ld_test_gui_spin_idle ();
  g_assert_cmpuint (ld_session_get_n_waiting (ld_context_get_session (gui->context)), ==, 0);
  refused = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "12.8", NULL);
  ld_test_assert_error (refused, 409, "conflict");

  /* Received at another bench: the row may take a value, none is typed. */
  ld_lab_receive_all (lab, order_id);
  ld_test_gui_wait_tooltip (submit, "Type a value first.");
  g_assert_false (gtk_widget_is_sensitive (submit));

  /* Typed: offered, saying what it does; Ctrl+Return enters it. */
  gtk_widget_grab_focus (value);
  ld_test_gui_type (value, "12.8");
  ld_test_gui_wait_action (page, "batch.submit");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (submit), ==,
                   "Submit every value typed for verification (Ctrl+Enter)");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-batch-typed");
  g_assert_true (gtk_widget_activate_action (page, "batch.submit", NULL));
  {
    HbWait wait = { lab, order_id, "entered" };

    ld_test_gui_spin_until (server_hb_in, &wait, "HB entered on the server");
  }
  ld_test_gui_spin_until (no_row_left, page, "the submitted row to leave");
  ld_test_gui_wait_tooltip (submit, "No order is waiting for this test.");
  g_assert_false (gtk_widget_is_sensitive (submit));

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-batch-one-door-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/one-door/batch-submit-when-received", test_submit_when_received);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
