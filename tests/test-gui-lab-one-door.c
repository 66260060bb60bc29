/* test-gui-lab-one-door.c: the bench offers only what the server allows
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30, at the lab bench: the order page asks the session (the
 * shared checks the server runs too) which steps this technician may
 * take on this order. In the real window, against the real server: an
 * order paid and not yet collected offers Collect but not Enter Results,
 * whose tooltip says why, and the server refuses a value for it (409);
 * collected with Ctrl+Return, Enter Results still waits for the tube to
 * reach the lab; received with Ctrl+Shift+R, it is the other way round:
 * Enter Results is offered, Collect is not, and the server refuses a
 * second collection (409). Ctrl+E then opens the result entry. And a
 * received tube whose value is verified is not offered for rejection
 * (Ctrl+Shift+X opens nothing), as the server refuses it (409). Storing
 * and disposing are the session's checks too: a tube stored (at another
 * bench) is not offered for storing again, its button saying why, while
 * disposing is; disposed of, it is offered nothing, and the server
 * refuses both (409).
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-window.h"
#include "ui/lab/ld-custody-dialog.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-result-entry-page.h"

#define PATIENT "{\"name\": \"Anjali Desai\", \"sex\": \"female\", \"age_years\": 36}"

static gboolean
is_insensitive (gpointer data)
{
  return !gtk_widget_is_sensitive (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *state;
} OrderWait;

static gboolean
order_in_state (gpointer data)
{
  OrderWait *wait = data;
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", wait->order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (wait->lab->server, path, wait->lab->admin);

  return g_strcmp0 (ld_test_response_get_string (order, "order.lab_state"), wait->state) == 0;
}

/* The states of the order's samples on the server, "received,received". */
static char *
dup_sample_states (LdLab      *lab,
                   const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) samples = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items = json_object_get_array_member (ld_test_response_object (samples), "items");
  GString *states = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (states, "%s%s", i ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (items, i),
                                                           "state"));
  return g_string_free (states, FALSE);
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
} SamplesWait;

static gboolean
samples_received (gpointer data)
{
  SamplesWait *wait = data;
  g_autofree char *states = dup_sample_states (wait->lab, wait->order_id);

  return g_str_equal (states, "received");
}

static void
test_collect_then_enter (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *pdf =
    g_build_filename (ld_test_server_get_tmpdir (lab->server), "one-door-labels.pdf", NULL);
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) refused = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *search;
  GtkWidget *page;
  GtkWidget *collect;
  GtkWidget *results;
  const char *why;

  ld_lab_pay (lab, order_id);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "ready", "Paid 1");
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, number);
  ld_test_gui_enter (search);
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_lab_order_page_set_export_path (LD_LAB_ORDER_PAGE (page), pdf);
  ld_test_gui_wait_text (page, "Anjali Desai");

  /* Not collected: Collect is offered, Enter Results is not, and says why. */
  collect = ld_test_gui_wait_action (page, "lab-order.collect");
  results = ld_test_gui_find_action (page, "lab-order.enter-results");
  g_assert_nonnull (results);
  g_assert_false (gtk_widget_is_sensitive (results));
  why = gtk_widget_get_tooltip_text (results);
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, "is not collected yet; you cannot enter results"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-lab-to-collect");

  /* Ctrl+E does nothing; the server refuses a value for it too. */
  gtk_widget_activate_action (page, "lab-order.enter-results", NULL);
  ld_test_gui_spin_idle ();
  g_assert_null (ld_test_gui_find_type (workspace, LD_TYPE_RESULT_ENTRY_PAGE));
  /* (No result exists before collection: the body names a version anyway.) */
  body = g_strdup ("{\"submit\": true,"
                   " \"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": \"12.4\"}]}");
  refused = ld_lab_refused (lab, lab->technician, order_id, "results", body, 409, "conflict");

  /* Ctrl+Return collects: the label prints; the tube is not in the lab
   * yet, so results still wait. */
  g_assert_true (gtk_widget_activate_action (page, "lab-order.collect", NULL));
  ld_test_gui_spin_until (file_exists, pdf, "the labels PDF");
  {
    OrderWait wait = { lab, order_id, "collected" };

    ld_test_gui_spin_until (order_in_state, &wait, "the order to be collected on the server");
  }
  ld_test_gui_spin_until (is_insensitive, collect, "Collect to be withdrawn");
  ld_test_gui_wait_action (page, "custody.receive");
  ld_test_gui_wait_tooltip (results, "it must be received first");
  g_assert_false (gtk_widget_is_sensitive (results));

  /* Ctrl+Shift+R receives the tube: now results, and no collection. */
  g_assert_true (gtk_widget_activate_action (page, "lab-order.custody", "s", "receive"));
  {
    SamplesWait wait = { lab, order_id };

    ld_test_gui_spin_until (samples_received, &wait, "the tube to be received on the server");
  }
  ld_test_gui_wait_action (page, "lab-order.enter-results");
  g_assert_false (gtk_widget_is_sensitive (collect));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (results), ==, "Type the order's results (Ctrl+E)");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-lab-received");
  again = ld_lab_order_post (lab, lab->technician, order_id, "collect",
                             "{\"location\": \"Collection room 1\"}");
  ld_test_assert_error (again, 409, "conflict");

  /* Ctrl+E: the result entry opens. */
  g_assert_true (gtk_widget_activate_action (page, "lab-order.enter-results", NULL));
  ld_test_gui_wait_type (workspace, LD_TYPE_RESULT_ENTRY_PAGE);

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

static gboolean
custody_dialog_shown (void)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GtkWindow) top = g_list_model_get_item (tops, i);

      if (LD_IS_CUSTODY_DIALOG (top) && gtk_widget_get_visible (GTK_WIDGET (top)))
        return TRUE;
    }
  return FALSE;
}

/* A tube whose value is verified is not offered for rejection: the
 * value would have to be sent back first, as the server says (409). */
static void
test_no_reject_once_verified (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autofree char *custody = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) samples = NULL;
  g_autoptr(LdTestResponse) refused = NULL;
  JsonObject *sample;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *search;
  GtkWidget *page;
  GtkWidget *reject;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "12.9", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "completed", "Completed 1");
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, number);
  ld_test_gui_enter (search);
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_text (page, "Received in the lab · ");

  /* Stored is still a move it may take; rejected is not. */
  ld_test_gui_wait_action (page, "custody.store");
  reject = ld_test_gui_find_action (page, "custody.reject");
  g_assert_nonnull (reject);
  ld_test_gui_spin_until (is_insensitive, reject, "Reject to be withheld");
  g_assert_false (
    gtk_widget_is_sensitive (ld_test_gui_find_action (page, "lab-order.enter-results")));
  gtk_widget_activate_action (page, "lab-order.custody", "s", "reject");
  ld_test_gui_spin_idle ();
  g_assert_false (custody_dialog_shown ());

  /* The server agrees. */
  samples = ld_test_get (lab->server, samples_path, lab->technician);
  sample =
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (samples),
                                                                 "items"),
                                   0);
  custody =
    g_strdup_printf ("/api/v1/samples/%s/custody", json_object_get_string_member (sample, "id"));
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"rejected\","
                          " \"reason\": \"Clotted\", \"recollect\": true}",
                          json_object_get_int_member (sample, "version"));
  refused = ld_lab_post (lab, lab->technician, custody, body);
  ld_test_assert_error (refused, 409, "conflict");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* The order's one sample on the server, and its custody path. */
static JsonObject *
dup_sample (LdLab       *lab,
            const char  *order_id,
            char       **out_custody)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) samples = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items = json_object_get_array_member (ld_test_response_object (samples), "items");
  JsonObject *sample;

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  sample = json_array_get_object_element (items, 0);
  *out_custody =
    g_strdup_printf ("/api/v1/samples/%s/custody", json_object_get_string_member (sample, "id"));
  return json_object_ref (sample);
}

static LdTestResponse *
move_sample (LdLab      *lab,
             const char *order_id,
             const char *event)
{
  g_autofree char *custody = NULL;
  g_autoptr(JsonObject) sample = dup_sample (lab, order_id, &custody);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"%s\"%s}",
                     json_object_get_int_member (sample, "version"), event,
                     g_str_equal (event, "stored") ? ", \"location\": \"Fridge 2\"" : "");

  return ld_lab_post (lab, lab->technician, custody, body);
}

static void
test_store_then_dispose (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autoptr(LdTestResponse) stored = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) disposed = NULL;
  g_autoptr(LdTestResponse) after = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *search;
  GtkWidget *page;
  GtkWidget *store;
  GtkWidget *dispose;

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, number);
  ld_test_gui_enter (search);
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_text (page, "Received in the lab · ");

  /* Received: storing and disposing are both offered. */
  store = ld_test_gui_wait_action (page, "custody.store");
  dispose = ld_test_gui_wait_action (page, "custody.dispose");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (store), ==,
                   "Record where the selected sample is kept (Ctrl+Shift+S)");

  /* Stored at another bench: not again, and the button says why. */
  stored = move_sample (lab, order_id, "stored");
  ld_test_assert_status (stored, 200);
  ld_test_gui_wait_text (page, "Where: Fridge 2");
  ld_test_gui_spin_until (is_insensitive, store, "Store to be withdrawn");
  ld_test_gui_wait_tooltip (store, "is stored; it cannot be stored now");
  ld_test_gui_wait_action (page, "custody.dispose");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-lab-stored");
  gtk_widget_activate_action (page, "lab-order.custody", "s", "store");
  ld_test_gui_spin_idle ();
  g_assert_false (custody_dialog_shown ());
  again = move_sample (lab, order_id, "stored");
  ld_test_assert_error (again, 409, "conflict");

  /* Disposed of: nothing more, here or on the server. */
  disposed = move_sample (lab, order_id, "disposed");
  ld_test_assert_status (disposed, 200);
  ld_test_gui_spin_until (is_insensitive, dispose, "Dispose to be withdrawn");
  ld_test_gui_wait_tooltip (dispose, "is disposed; it cannot be disposed now");
  g_assert_false (gtk_widget_is_sensitive (store));
  after = move_sample (lab, order_id, "disposed");
  ld_test_assert_error (after, 409, "conflict");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-lab-one-door-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/one-door/collect-then-enter", test_collect_then_enter);
  g_test_add_func ("/gui/lab/one-door/no-reject-once-verified", test_no_reject_once_verified);
  g_test_add_func ("/gui/lab/one-door/store-then-dispose", test_store_then_dispose);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
