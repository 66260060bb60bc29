/* test-gui-lab-a11y.c: every control of the lab bench has a name
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A technician's bench with work in every state: the worklist, a
 * paid order waiting for collection, a received order (its custody
 * timeline, the reject dialog, the label dialog, result entry), batch
 * entry, another technician's critical result at verification and its
 * telephone-call dialog, and the open-work page. Each is walked as a
 * screen reader meets it (GTK's in-process accessibility context): every
 * control a person can reach has a name.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-window.h"
#include "ui/lab/ld-batch-entry-page.h"
#include "ui/lab/ld-critical-call-dialog.h"
#include "ui/lab/ld-custody-dialog.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-label-print-dialog.h"
#include "ui/lab/ld-open-work-page.h"
#include "ui/lab/ld-result-entry-page.h"
#include "ui/lab/ld-verify-page.h"

#define PATIENT "{\"name\": \"Meera Pillai\", \"sex\": \"female\", \"age_years\": 51}"

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

/* The dialog @type opened from @parent, walked, then closed. */
static void
assert_dialog_named (LdTestGui  *gui,
                     GType       type,
                     const char *where)
{
  GtkWindow *dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), type);

  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, dialog, "the dialog shown");
  ld_test_a11y_assert_named (GTK_WIDGET (dialog), where);
  gtk_window_destroy (dialog);
  ld_test_gui_spin_idle ();
}

static GtkWidget *
open_order (GtkWidget  *workspace,
            const char *order_id)
{
  GtkWidget *page;

  /* From the worklist, as a scan would (Alt+1 first closes every page,
   * so the order's page is the only one). */
  g_assert_true (gtk_widget_activate_action (workspace, "lab.show-tab", "s", "ready"));
  g_assert_true (gtk_widget_activate_action (workspace, "lab.open-order", "s", order_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_text (page, "Meera Pillai");
  return page;
}

static void
test_names (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *paid_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *received_id =
    ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
  g_autofree char *critical_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\"]");
  g_autoptr(LdTestResponse) entered = NULL;
  GtkWidget *workspace;
  GtkWidget *page;
  LdTestGui *gui;

  ld_lab_pay (lab, paid_id);
  entered = ld_lab_save (lab, lab->sunita, critical_id, TRUE, "K", "6.8", NULL);
  ld_test_assert_status (entered, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "ready", "Paid 1");
  ld_test_a11y_assert_named (GTK_WIDGET (gui->window), "the worklist");

  page = open_order (workspace, paid_id);
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "lab-order.collect"),
                          "Collect to be offered");
  ld_test_a11y_assert_named (workspace, "an order waiting for collection");

  page = open_order (workspace, received_id);
  ld_test_gui_wait_action (page, "custody.reject");
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "lab-order.print-labels"),
                          "Print Labels to be offered");
  ld_test_a11y_assert_named (workspace, "a received order and its custody");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.custody", "s", "reject"));
  assert_dialog_named (gui, LD_TYPE_CUSTODY_DIALOG, "the reject dialog");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.print-labels", NULL));
  assert_dialog_named (gui, LD_TYPE_LABEL_PRINT_DIALOG, "the label dialog");

  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "lab-order.enter-results"),
                          "Enter Results to be offered");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.enter-results", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_RESULT_ENTRY_PAGE);
  ld_test_gui_wait_text (page, "Glucose, fasting");
  ld_test_a11y_assert_named (workspace, "result entry");

  g_assert_true (gtk_widget_activate_action (workspace, "lab.batch-entry", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_BATCH_ENTRY_PAGE);
  ld_test_gui_type (ld_test_gui_find_named (page, "batch-test-search"), "Haemo");
  ld_test_gui_wait_text (page, "Haemoglobin (HB)");
  /* Enter takes the first row: wait for the last key's list, HB on top. */
  ld_test_gui_wait_first_row (ld_test_gui_child (page, LD_TYPE_BATCH_ENTRY_PAGE, "test_list"),
                              "(HB)");
  ld_test_gui_enter (ld_test_gui_find_named (page, "batch-test-search"));
  ld_test_gui_wait_text (page, "Meera Pillai");
  ld_test_a11y_assert_named (workspace, "batch entry");

  page = open_order (workspace, critical_id);
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "lab-order.verify"),
                          "Verify to be offered");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.verify", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_VERIFY_PAGE);
  ld_test_gui_wait_text (page, "Potassium (K)");
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "verify.verify-all"),
                          "Verify All to be offered");
  ld_test_a11y_assert_named (workspace, "verification with a critical value");
  g_assert_true (gtk_widget_activate_action (page, "verify.verify-all", NULL));
  assert_dialog_named (gui, LD_TYPE_CRITICAL_CALL_DIALOG, "the telephone-call dialog");

  g_assert_true (gtk_widget_activate_action (workspace, "lab.open-work", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_OPEN_WORK_PAGE);
  /* What the page shows comes on two requests of its own, after it is
   * shown: the load's rows, and the late orders (none here). */
  ld_test_gui_wait_named (page, "pending");
  ld_test_gui_wait_text (page, "Nothing you hold is late against its turnaround.");
  ld_test_a11y_assert_named (workspace, "the open work");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts: the accessibility context the walk reads. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/lab/accessible-names", test_names);
  return g_test_run ();
}
