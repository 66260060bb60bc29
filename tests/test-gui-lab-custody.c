/* test-gui-lab-custody.c: a sample's custody at the lab bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rejected sample, as issue 14 tells it: an order for haemoglobin and
 * fasting glucose is collected (over HTTP); the technician scans it at
 * the real window, receives the EDTA tube from its timeline
 * (Ctrl+Shift+R), a value is entered on it (over HTTP), and the
 * technician rejects the tube through the timeline's dialog with the
 * keyboard (Ctrl+Shift+X, a reason, words typed, Enter), asking for a
 * new sample. The server holds the sample rejected with that reason and
 * the value set aside; the timeline says who did what, when and why; the
 * order is under the recollection tab. A new sample is collected, its
 * value entered, verified and released (over HTTP), and the released
 * value is the new sample's.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-orders.h"
#include "ld-time.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-window.h"
#include "ui/lab/ld-custody-dialog.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-open-work-page.h"

#define PATIENT "{\"name\": \"Farida Begum\", \"sex\": \"female\", \"age_years\": 47}"

/* A dialog closed after its response: no longer on screen. */
static gboolean
window_gone (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static JsonObject *
dup_sample (LdLab      *lab,
            const char *order_id,
            const char *sample_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items = json_object_get_array_member (ld_test_response_object (resp), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *sample = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (sample, "id"), sample_id))
        return json_object_ref (sample);
    }
  g_assert_not_reached ();
  return NULL;
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *sample_id;
  const char *state;
} SampleWait;

static gboolean
sample_in_state (gpointer data)
{
  SampleWait *wait = data;
  g_autoptr(JsonObject) sample = dup_sample (wait->lab, wait->order_id, wait->sample_id);

  return g_strcmp0 (json_object_get_string_member (sample, "state"), wait->state) == 0;
}

static void
test_rejected_sample (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *blood_id = NULL;
  g_autofree char *accession = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(JsonObject) rejected = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *search;
  GtkWidget *page;
  GtkWindow *dialog;
  GtkWidget *details;

  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  /* The first tube collected is the EDTA one, for haemoglobin. */
  {
    JsonObject *first = json_array_get_object_element (
      json_object_get_array_member (ld_test_response_object (collected), "samples"), 0);

    blood_id = g_strdup (json_object_get_string_member (first, "id"));
    accession = g_strdup (json_object_get_string_member (first, "accession"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "tests"),
                                                    0),
                     ==, "HB");
  }

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "processing", "Processing 1");
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, number);
  ld_test_gui_enter (search);
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_text (page, accession);
  ld_test_gui_wait_text (page, "Collected · ");

  /* Ctrl+Shift+R: the selected (first) tube is received. */
  ld_test_gui_wait_action (page, "custody.receive");
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "custody.store")));
  g_assert_true (gtk_widget_activate_action (page, "lab-order.custody", "s", "receive"));
  {
    SampleWait wait = { lab, order_id, blood_id, "received" };

    ld_test_gui_spin_until (sample_in_state, &wait, "the sample to be received on the server");
  }
  ld_test_gui_wait_text (page, "Received in the lab · ");
  ld_test_gui_wait_text (page, "Ravi Kumar");

  /* A value is measured on it. */
  {
    g_autoptr(LdTestResponse) entered =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "9.1", NULL);

    ld_test_assert_status (entered, 200);
  }

  /* Ctrl+Shift+X: why, in a word and in the technician's own; a new
   * sample is wanted (the default); Enter rejects. */
  ld_test_gui_wait_action (page, "custody.reject");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.custody", "s", "reject"));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_CUSTODY_DIALOG);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  ld_test_gui_click (ld_test_gui_find_named (GTK_WIDGET (dialog), "custody-reason-haemolysed"));
  details = ld_test_gui_find_named (GTK_WIDGET (dialog), "custody-reason-details");
  ld_test_gui_type (details, "drawn through a thin needle");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (ld_test_gui_find_named (GTK_WIDGET (dialog), "custody-recollect"))));
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "lab-reject-dialog");
  {
    g_autoptr(GtkWindow) held = g_object_ref (dialog);

    ld_test_gui_enter (details);
    ld_test_gui_spin_until (window_gone, held, "the dialog to close");
  }
  {
    SampleWait wait = { lab, order_id, blood_id, "recollection_requested" };

    ld_test_gui_spin_until (sample_in_state, &wait, "the sample to be rejected on the server");
  }
  rejected = dup_sample (lab, order_id, blood_id);
  g_assert_cmpstr (json_object_get_string_member (rejected, "reject_reason"), ==,
                   "Haemolysed: drawn through a thin needle");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (rejected, "results_at_rejection"), 0),
                     "value"),
                   ==, "9.1");

  /* The timeline: each step with who and why, the newest last. */
  ld_test_gui_wait_text (page, "Reason: Haemolysed: drawn through a thin needle");
  ld_test_gui_wait_text (page, "New sample asked for · ");
  ld_test_gui_wait_text (page, "Rejected; a new sample is wanted");
  {
    g_autofree char *texts =
      ld_test_gui_label_texts (ld_test_gui_find_named (page, "custody-samples"));
    const char *received = strstr (texts, "Received in the lab · ");
    const char *reason = strstr (texts, "Reason: Haemolysed");
    const char *asked = strstr (texts, "New sample asked for · ");

    g_assert_true (received != NULL && reason != NULL && asked != NULL);
    g_assert_true (received < reason && reason < asked);
  }
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-custody-timeline");

  /* Back on the worklist, the order waits under recollection. */
  g_assert_true (gtk_widget_activate_action (page, "lab.back", NULL));
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "recollection", "Recollection 1");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "processing", "Processing 0");

  /* The new tube, its value, verified by a second technician, released. */
  {
    g_autoptr(LdTestResponse) again = ld_lab_collect (lab, order_id);
    g_autoptr(LdTestResponse) entered = NULL;
    g_autoptr(LdTestResponse) verified = NULL;
    g_autoptr(LdTestResponse) released = NULL;
    g_autoptr(LdTestResponse) results = NULL;
    JsonObject *second =
      json_array_get_object_element (json_object_get_array_member (ld_test_response_object (again),
                                                                   "samples"),
                                     0);
    JsonObject *hb;

    g_assert_cmpstr (json_object_get_string_member (second, "replaces_sample_id"), ==, blood_id);
    ld_lab_receive_all (lab, order_id);
    entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.4", "GLUF", "92", NULL);
    ld_test_assert_status (entered, 200);
    verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "GLUF", NULL);
    ld_test_assert_status (verified, 200);
    released = ld_lab_release (lab, lab->signatory, order_id);
    ld_test_assert_status (released, 201);

    results = ld_lab_get_results (lab, lab->technician, order_id);
    hb = ld_lab_find_result (results, "items", "HB");
    g_assert_cmpstr (json_object_get_string_member (hb, "state"), ==, "released");
    g_assert_cmpstr (json_object_get_string_member (hb, "value"), ==, "13.4");
    g_assert_cmpstr (json_object_get_string_member (hb, "sample_id"), ==,
                     json_object_get_string_member (second, "id"));
  }
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "recollection", "Recollection 0");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* The admin gives @order_id to @technician_id. */
static void
assign (LdLab      *lab,
        const char *order_id,
        const char *technician_id)
{
  g_autofree char *body = g_strdup_printf ("{\"technician_id\": \"%s\"}", technician_id);
  g_autoptr(LdTestResponse) resp = ld_lab_order_post (lab, lab->admin, order_id, "assign", body);

  ld_test_assert_status (resp, 200);
}

static char *
paid_order (LdLab      *lab,
            const char *patient_id,
            const char *items_json,
            const char *technician_id)
{
  char *order_id = ld_lab_prescribe (lab, patient_id, items_json);

  ld_lab_pay (lab, order_id);
  assign (lab, order_id, technician_id);
  return order_id;
}

/* The server's count of a tab for a technician, the "mine" the bench shows. */
static gint64
server_count (LdLab      *lab,
              const char *tab,
              const char *technician_id)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/worklist?tab=%s&technician_id=%s", tab, technician_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);
  g_autofree char *member = g_strdup_printf ("counts.%s", tab);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, member);
}

static void
test_worklist_filters (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  /* Mine: a routine haemoglobin and a stat glucose to collect, and a
   * routine haemoglobin in the lab; Sunita's: an urgent liver panel. */
  g_autofree char *routine =
    paid_order (lab, patient_id, "\"items\": [\"HB\"]", lab->technician_id);
  g_autofree char *stat =
    paid_order (lab, patient_id, "\"items\": [\"GLUF\"], \"priority\": \"stat\"",
                lab->technician_id);
  g_autofree char *urgent =
    paid_order (lab, patient_id, "\"items\": [\"LFT\"], \"priority\": \"urgent\"", lab->sunita_id);
  g_autofree char *in_lab = paid_order (lab, patient_id, "\"items\": [\"HB\"]", lab->technician_id);
  g_autoptr(LdTestResponse) collected = ld_lab_collect (lab, in_lab);
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkStack *tabs;
  GtkWidget *test_entry;
  g_autofree char *texts = NULL;

  ld_test_assert_status (collected, 201);
  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  tabs = GTK_STACK (ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs"));
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 3");
  ld_test_gui_wait_page_title (tabs, "processing", "Processing 1");

  /* Ctrl+Shift+F: the filters, the test first. */
  test_entry = ld_test_gui_find_named (workspace, "worklist-filter-test");
  g_assert_true (gtk_widget_activate_action (workspace, "lab.focus-filters", NULL));
  g_assert_true (
    gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (gui->window)), test_entry));

  /* Urgent and stat only, stat first and said in words. */
  ld_test_gui_click (ld_test_gui_find_named (workspace, "worklist-filter-urgent"));
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 2");
  ld_test_gui_wait_page_title (tabs, "processing", "Processing 0");
  ld_test_gui_wait_text (gtk_stack_get_child_by_name (tabs, "ready"), "LFT");
  texts = ld_test_gui_label_texts (gtk_stack_get_child_by_name (tabs, "ready"));
  g_assert_nonnull (strstr (texts, "STAT"));
  g_assert_true (strstr (texts, "STAT") < strstr (texts, "Urgent"));
  g_assert_true (strstr (texts, "GLUF") < strstr (texts, "LFT"));

  /* And mine: the stat glucose alone. */
  ld_test_gui_click (ld_test_gui_find_named (workspace, "worklist-filter-mine"));
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 1");

  /* Mine alone: as the server counts it. */
  ld_test_gui_click (ld_test_gui_find_named (workspace, "worklist-filter-urgent"));
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 2");
  ld_test_gui_wait_page_title (tabs, "processing", "Processing 1");
  g_assert_cmpint (server_count (lab, "ready", lab->technician_id), ==, 2);
  g_assert_cmpint (server_count (lab, "processing", lab->technician_id), ==, 1);

  /* A test by a part of its name, then by its code. */
  ld_test_gui_type (test_entry, "gluc");
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 1");
  ld_test_gui_wait_page_title (tabs, "processing", "Processing 0");
  ld_test_gui_retype (test_entry, "HB");
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 1");
  ld_test_gui_wait_page_title (tabs, "processing", "Processing 1");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-worklist-filters");

  /* The filtered tabs follow the feed: Sunita's liver panel handed over. */
  ld_test_gui_retype (test_entry, "");
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 2");
  assign (lab, urgent, lab->technician_id);
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 3");
  g_assert_cmpint (server_count (lab, "ready", lab->technician_id), ==, 3);

  /* Off again: everything. */
  ld_test_gui_click (ld_test_gui_find_named (workspace, "worklist-filter-mine"));
  ld_test_gui_wait_page_title (tabs, "ready", "Paid 3");
  ld_test_gui_wait_page_title (tabs, "processing", "Processing 1");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* Open work: the load as the server counts it, and a late order, which
 * Enter opens. */
static void
test_open_work (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *late =
    paid_order (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]", lab->technician_id);
  g_autofree char *to_collect =
    paid_order (lab, patient_id, "\"items\": [\"TSH\"]", lab->technician_id);
  g_autofree char *number = ld_test_order_number (lab, late);
  g_autofree char *five_hours_ago =
    ld_time_format_rfc3339 (g_get_real_time () - 5 * G_TIME_SPAN_HOUR);
  g_autofree char *backdate = NULL;
  g_autoptr(LdTestResponse) collected = ld_lab_collect (lab, late);
  g_autoptr(LdTestResponse) load = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *late_list;
  GtkListBoxRow *row;
  g_autofree char *texts = NULL;

  ld_test_assert_status (collected, 201);
  /* Collected five hours ago: past glucose's 4 h, within haemoglobin's 6 h. */
  backdate = g_strdup_printf ("UPDATE samples SET collected_at = '%s'", five_hours_ago);
  ld_test_sql_exec (lab->server, backdate);
  load = ld_test_get (lab->server, "/api/v1/technicians/me/workload", lab->technician);
  ld_test_assert_status (load, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  ld_test_gui_wait_action (workspace, "lab.open-work");
  g_assert_true (gtk_widget_activate_action (workspace, "lab.open-work", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_OPEN_WORK_PAGE);
  ld_test_gui_wait_text (page, "This order is late; Enter opens it.");
  late_list = ld_test_gui_find_named (page, "open-work-late");
  texts = ld_test_gui_label_texts (late_list);
  ld_test_assert_contains (texts, number);
  ld_test_assert_contains (texts, "Glucose, fasting (GLUF): due ");
  ld_test_assert_contains (texts, "4 hours turnaround");
  g_assert_null (strstr (texts, "Haemoglobin"));
  g_clear_pointer (&texts, g_free);

  /* The load, as the server counts it; it arrives on its own request,
   * which may answer after the late list. */
  texts = ld_test_gui_label_texts (ld_test_gui_wait_named (page, "pending"));
  g_assert_cmpint (ld_test_response_get_int (load, "pending"), ==, 1);
  ld_test_assert_contains (texts, "To collect");
  ld_test_assert_contains (texts, "1");
  g_clear_pointer (&texts, g_free);
  texts = ld_test_gui_label_texts (ld_test_gui_wait_named (page, "assigned"));
  g_assert_cmpint (ld_test_response_get_int (load, "assigned"), ==, 2);
  ld_test_assert_contains (texts, "2");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-open-work");

  /* Enter on the late order opens it. */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (late_list), 0);
  g_assert_nonnull (row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_text (page, number);

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-lab-custody-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/lab/rejected-sample", test_rejected_sample);
  g_test_add_func ("/gui/lab/worklist-filters", test_worklist_filters);
  g_test_add_func ("/gui/lab/open-work", test_open_work);
  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
