/* test-gui-lab-verify.c: verification, critical calls and release at the lab bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order is entered over HTTP by one technician with a normal, a high
 * and a critical value. A second technician signs in to the real window,
 * scans the order, opens its verification page (Ctrl+Shift+V), reads the
 * critical value set apart, verifies all (Ctrl+Return) and types the
 * telephoned call; the server keeps the results verified with the call.
 * A result is sent back for re-entry with a reason and is pending again
 * on the server. The technician who entered the results is told, in
 * words, that they cannot verify them; a technician without signing
 * right is not offered the release; the signatory
 * releases, and the report printed (exported) says what the server's
 * kept PDF says; an amendment with its reason prints the corrected
 * report the server kept.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-test-reports.h"
#include "ld-window.h"
#include "ui/ld-home-page.h"
#include "ui/lab/ld-critical-call-dialog.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-verify-page.h"

#define PATIENT "{\"name\": \"Lakshmi Menon\", \"sex\": \"female\", \"age_years\": 58}"

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* A dialog closed after its response: no longer on screen. */
static gboolean
window_gone (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A person presses the dialog's button labelled @label: the response
 * is given and the dialog closes. */
static void
respond (GtkWindow  *dialog,
         const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);
  g_autoptr(GtkWindow) held = g_object_ref (dialog);

  g_assert_nonnull (button);
  ld_test_gui_click (button);
  ld_test_gui_spin_until (window_gone, held, "the dialog to close");
}

/* The scanner types the order number and Enter; Ctrl+Shift+V on the
 * order's page opens its verification. */
static GtkWidget *
open_verify_page (LdTestGui  *gui,
                  GtkWidget  *workspace,
                  const char *order_number)
{
  GtkWidget *search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  GtkWidget *order_page;

  ld_test_gui_type (search, order_number);
  ld_test_gui_enter (search);
  order_page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_action (order_page, "lab-order.verify");
  g_assert_true (gtk_widget_activate_action (order_page, "lab-order.verify", NULL));
  return ld_test_gui_wait_type (workspace, LD_TYPE_VERIFY_PAGE);
}

/* Signed in, on the bench, with the order in the cache (its tab counts it). */
static GtkWidget *
sign_in_to_bench (LdTestGui  *gui,
                  const char *username,
                  const char *password,
                  const char *tab,
                  const char *title)
{
  GtkWidget *workspace;

  ld_test_gui_sign_in (gui, username, password);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  /* Sunita works the desk too: she picks the Laboratory workspace, so a
   * scan opens the order at the bench. */
  gtk_stack_set_visible_child_name (
    GTK_STACK (
      ld_test_gui_child (ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "home_page"),
                         LD_TYPE_HOME_PAGE, "workspaces")),
    "laboratory");
  g_assert_true (LD_IS_LAB_WORKSPACE (workspace));
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               tab, title);
  return workspace;
}

static char *
named_texts (GtkWidget  *root,
             const char *name)
{
  GtkWidget *widget = ld_test_gui_find_named (root, name);

  g_assert_nonnull (widget);
  return ld_test_gui_label_texts (widget);
}

static const char *
result_id (LdLab      *lab,
           const char *order_id,
           const char *code,
           char      **out)
{
  g_autoptr(LdTestResponse) results = ld_lab_get_results (lab, lab->technician, order_id);

  *out =
    g_strdup (json_object_get_string_member (ld_lab_find_result (results, "items", code), "id"));
  return *out;
}

static char *
dup_state (LdLab      *lab,
           const char *order_id,
           const char *code)
{
  g_autoptr(LdTestResponse) results = ld_lab_get_results (lab, lab->technician, order_id);

  return g_strdup (
    json_object_get_string_member (ld_lab_find_result (results, "items", code), "state"));
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *code;
  const char *state;
} StateWait;

static gboolean
result_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autofree char *state = dup_state (wait->lab, wait->order_id, wait->code);

  return g_strcmp0 (state, wait->state) == 0;
}

/* pdftotext's text, compared word for word in order: the printed copy
 * goes through the print dialog's renderer, which draws "fi" and "fl"
 * as ligatures (NFKC reads them as the letters) and may shift a column
 * by a space. */
static char *
dup_words (const char *text)
{
  g_autofree char *folded = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  g_auto(GStrv) words = g_strsplit_set (folded, " \n\f\t", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/* The whole story, as the bench lives it. */
static void
test_verify_call_return_release (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id =
    ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\", \"K\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *pdf =
    g_build_filename (ld_test_server_get_tmpdir (lab->server), "printed-report.pdf", NULL);
  g_autofree char *texts = NULL;
  g_autofree char *hb_id = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *kept_text = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWindow *dialog;
  GtkWidget *record;
  JsonObject *k;
  JsonObject *call;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE,
                         "HB", "13.1", "GLUF", "130", "K", "6.8", NULL);
  ld_test_assert_status (entered, 200);

  /* The second technician opens the order's verification. */
  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  workspace = sign_in_to_bench (gui, "sunita", "sunita-demo", "processing", "Processing 1");
  page = open_verify_page (gui, workspace, number);
  ld_test_gui_wait_text (page, "Potassium (K)");
  ld_test_gui_wait_text (page, "Glucose, fasting (GLUF)");
  ld_test_gui_wait_text (page, "Haemoglobin (HB)");

  /* The critical value under its own heading, the high one apart from
   * the normal one, each flag in words with who entered it. */
  texts = named_texts (page, "verify-critical-list");
  ld_test_assert_contains (texts, "Potassium (K)");
  ld_test_assert_contains (texts, "6.8 mmol/L · Critical high · Interval 3.5–5.1");
  ld_test_assert_contains (texts, "Entered by another technician at");
  g_assert_null (strstr (texts, "Haemoglobin"));
  g_assert_null (strstr (texts, "Glucose"));
  g_clear_pointer (&texts, g_free);
  texts = named_texts (page, "verify-flagged-list");
  ld_test_assert_contains (texts, "Glucose, fasting (GLUF)");
  ld_test_assert_contains (texts, "130 mg/dL · High");
  g_clear_pointer (&texts, g_free);
  texts = named_texts (page, "verify-other-list");
  ld_test_assert_contains (texts, "13.1 g/dL · Normal");
  texts = (g_free (texts), ld_test_gui_label_texts (page));
  ld_test_assert_contains (texts, "Critical Values");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-verify");

  /* Ctrl+Return: the critical value asks for its call first; closed
   * without one, nothing is verified and the page says why. */
  ld_test_gui_wait_action (page, "verify.verify-all");
  g_assert_true (gtk_widget_activate_action (page, "verify.verify-all", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_CRITICAL_CALL_DIALOG);
  respond (dialog, "_Cancel");
  ld_test_gui_wait_text (page, "Nothing was verified: a critical value is verified only with the "
                               "record of its telephone call, read back.");
  {
    g_autofree char *state = dup_state (lab, order_id, "K");

    g_assert_cmpstr (state, ==, "entered");
  }
  g_assert_true (gtk_widget_activate_action (page, "verify.verify-all", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_CRITICAL_CALL_DIALOG);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Potassium 6.8 mmol/L (critical high) is critical");
  ld_test_gui_type (ld_test_gui_find_named (GTK_WIDGET (dialog), "critical-call-name"),
                    "Dr. Arjun Mehta");
  ld_test_gui_type (ld_test_gui_find_named (GTK_WIDGET (dialog), "critical-call-role"),
                    "referring doctor");
  /* The time is now unless changed; without the read-back nothing goes. */
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (
                      ld_test_gui_find_named (GTK_WIDGET (dialog), "critical-call-time")))),
                    ==, 5);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "must be read back");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
  record = ld_test_gui_find_named (GTK_WIDGET (dialog), "critical-call-read-back");
  gtk_widget_grab_focus (record);
  g_assert_true (gtk_widget_activate (record));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (record)));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "lab-critical-call");
  respond (dialog, "_Record and Verify");
  ld_test_gui_wait_text (page, "3 results verified.");

  /* On the server: verified, the call kept as typed. */
  results = ld_lab_get_results (lab, lab->technician, order_id);
  g_assert_cmpstr (json_object_get_string_member (ld_lab_find_result (results, "items", "HB"),
                                                  "state"), ==, "verified");
  g_assert_cmpstr (json_object_get_string_member (ld_lab_find_result (results, "items", "GLUF"),
                                                  "state"), ==, "verified");
  k = ld_lab_find_result (results, "items", "K");
  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "verified");
  g_assert_cmpstr (json_object_get_string_member (k, "verified_by"), ==, lab->sunita_id);
  call = json_object_get_object_member (k, "critical_call");
  g_assert_cmpstr (json_object_get_string_member (call, "name"), ==, "Dr. Arjun Mehta");
  g_assert_cmpstr (json_object_get_string_member (call, "role"), ==, "referring doctor");
  g_assert_cmpstr (json_object_get_string_member (call, "called_by"), ==, lab->sunita_id);
  g_assert_true (json_object_get_boolean_member (call, "read_back"));
  ld_test_gui_wait_text (page, "Telephoned to Dr. Arjun Mehta (referring doctor) at");

  /* Haemoglobin sent back for re-entry, with a reason. */
  result_id (lab, order_id, "HB", &hb_id);
  ld_test_gui_wait_action (page, "verify.return");
  g_assert_true (gtk_widget_activate_action (page, "verify.return", "s", hb_id));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), ADW_TYPE_MESSAGE_DIALOG);
  ld_test_gui_type (ld_test_gui_find_named (GTK_WIDGET (dialog), "return-reason"),
                    "Clotted sample; run again");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "lab-send-back");
  respond (dialog, "_Send Back");
  ld_test_gui_wait_text (page, "Sent back: the result waits to be entered again.");
  {
    StateWait wait = { lab, order_id, "HB", "pending" };
    g_autoptr(LdTestResponse) again = ld_lab_get_results (lab, lab->technician, order_id);
    JsonObject *hb = ld_lab_find_result (again, "items", "HB");
    JsonObject *returned =
      json_array_get_object_element (json_object_get_array_member (hb, "amendments"), 0);

    g_assert_true (result_in_state (&wait));
    g_assert_cmpstr (json_object_get_string_member (returned, "kind"), ==, "returned");
    g_assert_cmpstr (json_object_get_string_member (returned, "reason"), ==,
                     "Clotted sample; run again");
    g_assert_cmpstr (json_object_get_string_member (returned, "old_value"), ==, "13.1");
  }

  /* Entered again by the first technician; verified again here, alone. */
  {
    g_autoptr(LdTestResponse) re_entered =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.2", NULL);

    ld_test_assert_status (re_entered, 200);
  }
  ld_test_gui_wait_text (page, "13.2 g/dL · Normal");
  ld_test_gui_wait_action (page, "verify.verify-all");
  g_assert_true (gtk_widget_activate_action (page, "verify.verify-one", "s", hb_id));
  ld_test_gui_wait_text (page, "1 result verified.");
  ld_test_gui_wait_text (page, "Results verified");

  /* A technician without signing right is not offered the release
   * (issue 30), and Ctrl+R releases nothing. */
  g_assert_null (ld_test_gui_find_action (page, "verify.release"));
  gtk_widget_activate_action (page, "verify.release", NULL);
  ld_test_gui_spin_idle ();
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
    g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->technician);

    g_assert_cmpstr (ld_test_response_get_string (order, "order.lab_state"), ==, "verified");
  }
  ld_test_gui_close (gui);

  /* The signatory releases with an interpretation; the report prints at once. */
  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  workspace =
    sign_in_to_bench (gui, "pathologist", LD_TEST_PATHOLOGIST_PASSWORD, "completed", "Completed 1");
  page = open_verify_page (gui, workspace, number);
  ld_verify_page_set_export_path (LD_VERIFY_PAGE (page), pdf);
  ld_test_gui_wait_text (page, "Telephoned to Dr. Arjun Mehta (referring doctor) at");
  ld_test_gui_type (ld_test_gui_find_named (page, "verify-interpretation"),
                    "Hyperkalaemia; repeat potassium advised.");
  ld_test_gui_wait_action (page, "verify.release");
  g_assert_true (gtk_widget_activate_action (page, "verify.release", NULL));
  ld_test_gui_spin_until (file_exists, pdf, "the printed report");
  ld_test_gui_wait_text (page, "Report saved.");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-released");

  /* The paper says what the server kept. */
  printed_text = ld_test_pdf_text (pdf, 0);
  kept_text = ld_test_report_text (lab, order_id, "kept-report.pdf");
  ld_test_assert_contains (kept_text, "Hyperkalaemia; repeat potassium advised.");
  ld_test_assert_contains (kept_text, "Dr. Arjun Mehta");
  {
    g_autofree char *printed_words = dup_words (printed_text);
    g_autofree char *kept_words = dup_words (kept_text);

    g_assert_cmpstr (printed_words, ==, kept_words);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
    g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->technician);

    g_assert_cmpstr (ld_test_response_get_string (order, "order.lab_state"), ==, "reported");
  }

  /* An amendment with its reason: the corrected report prints at once,
   * as the server kept it. */
  {
    g_autofree char *corrected =
      g_build_filename (ld_test_server_get_tmpdir (lab->server), "corrected-report.pdf", NULL);
    g_autofree char *k_id = NULL;
    g_autofree char *corrected_text = NULL;
    g_autofree char *latest_text = NULL;
    g_autofree char *corrected_words = NULL;
    g_autofree char *latest_words = NULL;
    g_autoptr(LdTestResponse) amended = NULL;
    JsonObject *k_amended;
    JsonObject *amendment;

    ld_verify_page_set_export_path (LD_VERIFY_PAGE (page), corrected);
    result_id (lab, order_id, "K", &k_id);
    ld_test_gui_wait_action (page, "verify.amend");
    g_assert_true (gtk_widget_activate_action (page, "verify.amend", "s", k_id));
    dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), ADW_TYPE_MESSAGE_DIALOG);
    ld_test_gui_type (ld_test_gui_find_named (GTK_WIDGET (dialog), "amend-value"), "4.1");
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "amend"));
    ld_test_gui_type (ld_test_gui_find_named (GTK_WIDGET (dialog), "amend-reason"),
                      "Haemolysed sample; measured again on a new draw");
    ld_test_gui_screenshot (GTK_WIDGET (dialog), "lab-amend");
    respond (dialog, "_Amend and Print");
    ld_test_gui_spin_until (file_exists, corrected, "the corrected report");

    amended = ld_lab_get_results (lab, lab->technician, order_id);
    k_amended = ld_lab_find_result (amended, "items", "K");
    g_assert_cmpstr (json_object_get_string_member (k_amended, "value"), ==, "4.1");
    g_assert_cmpstr (json_object_get_string_member (k_amended, "state"), ==, "amended");
    amendment =
      json_array_get_object_element (json_object_get_array_member (k_amended, "amendments"), 0);
    g_assert_cmpstr (json_object_get_string_member (amendment, "kind"), ==, "amendment");
    g_assert_cmpstr (json_object_get_string_member (amendment, "old_value"), ==, "6.8");
    g_assert_cmpint (json_object_get_int_member (amendment, "report_version"), ==, 2);

    corrected_text = ld_test_pdf_text (corrected, 0);
    latest_text = ld_test_report_text (lab, order_id, "kept-corrected.pdf");
    ld_test_assert_contains (latest_text, "Corrected report");
    ld_test_assert_contains (latest_text, "Haemolysed sample; measured again on a new draw");
    corrected_words = dup_words (corrected_text);
    latest_words = dup_words (latest_text);
    g_assert_cmpstr (corrected_words, ==, latest_words);
  }

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* Who entered the results is told, in words, that another technician
 * must verify them; nothing on the page lets them. */
static void
test_self_verification_refused (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autoptr(LdTestResponse) entered = NULL;
  g_autofree char *state = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *button;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", NULL);
  ld_test_assert_status (entered, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  workspace =
    sign_in_to_bench (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD, "processing", "Processing 1");
  page = open_verify_page (gui, workspace, number);
  ld_test_gui_wait_text (page, "Entered by you at");
  ld_test_gui_wait_text (page,
                         "You entered these results, so you cannot verify them: another "
                         "technician must. The lab's settings do not allow self-verification.");
  button = ld_test_gui_find_action (page, "verify.verify-all");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_null (ld_test_gui_find_action (page, "verify.verify-one"));
  /* Ctrl+Return does nothing either: the result stays entered. */
  gtk_widget_activate_action (page, "verify.verify-all", NULL);
  ld_test_gui_spin_idle ();
  state = dup_state (lab, order_id, "HB");
  g_assert_cmpstr (state, ==, "entered");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* A result the test's rules verified names no verifier: the bench says
 * the system verified it, as the audit does. */
static void
test_auto_verified_by_system (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autoptr(LdTestResponse) rules = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autofree char *state = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;

  rules =
    ld_test_send_json (lab->server, "PUT", "/api/v1/catalog/tests/HB/auto-verification", lab->admin,
                       "{\"enabled\": true, \"rules\": [\"range\", \"critical\"], "
                       "\"version\": 0}");
  ld_test_assert_status (rules, 200);
  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", NULL);
  ld_test_assert_status (entered, 200);
  state = dup_state (lab, order_id, "HB");
  g_assert_cmpstr (state, ==, "verified");

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  /* The order was verified with its last result: it is completed. */
  workspace =
    sign_in_to_bench (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD, "completed", "Completed 1");
  page = open_verify_page (gui, workspace, number);
  ld_test_gui_wait_text (page, "Entered by you at");
  ld_test_gui_wait_text (page, "Verified by System (auto-verification) at");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-lab-verify-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/verify-call-return-release", test_verify_call_return_release);
  g_test_add_func ("/gui/lab/self-verification-refused", test_self_verification_refused);
  g_test_add_func ("/gui/lab/auto-verified-by-system", test_auto_verified_by_system);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
