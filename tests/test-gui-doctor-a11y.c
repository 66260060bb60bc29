/* test-gui-doctor-a11y.c: every control of the doctor's screens has a name
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor's workspace with a critical alert to read, an order's
 * results page, the prescribing page, another doctor's patient's results
 * (the way to break the glass) and its dialog, each walked as a screen reader
 * would meet it (GTK's in-process accessibility context): every control a
 * person can reach has a name. The server is the real binary in its own
 * process, which keeps this process under GLib's first block of quarks
 * (whose growth LeakSanitizer reports).
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-client.h"
#include "ld-test-doctor.h"
#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ui/doctor/ld-break-glass-dialog.h"
#include "ui/doctor/ld-doctor-order-page.h"
#include "ui/doctor/ld-doctor-workspace.h"
#include "ui/doctor/ld-history-page.h"
#include "ui/doctor/ld-prescribe-page.h"

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-doctor-a11y-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char *patient_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *order_id = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  LdLab *lab;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;

  g_assert_no_error (error);
  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  patient_id = ld_lab_new_patient (lab, LD_TEST_DOCTOR_PATIENT);
  /* Nobody has ordered for her: not this doctor's patient. */
  other_id = ld_lab_new_patient (lab, "{\"name\": \"Leela Menon\", \"sex\": \"female\","
                                      " \"age_years\": 44}");
  order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"K\"]");
  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", "K", "6.8", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "K", NULL);
  ld_test_assert_status (verified, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  workspace = ld_test_doctor_sign_in (gui);
  ld_test_gui_spin_until (is_visible,
                          ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_banner"),
                          "the critical alert's banner");
  ld_test_a11y_assert_named (workspace, "the doctor's workspace with an alert");

  g_assert_true (gtk_widget_activate_action (workspace, "doctor.open-order", "s", order_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_DOCTOR_ORDER_PAGE);
  ld_test_gui_wait_text (page, "Potassium");
  ld_test_a11y_assert_named (workspace, "an order's results");

  g_assert_true (gtk_widget_activate_action (workspace, "doctor.prescribe", "s", patient_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_PRESCRIBE_PAGE);
  ld_test_gui_wait_named (page, "catalog-HB");
  ld_test_a11y_assert_named (workspace, "the prescribing page");

  /* Another doctor's patient: the way to break the glass, and its dialog. */
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.open-history", "s", other_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_HISTORY_PAGE);
  /* (The page's own words are in its template from the start.) */
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_is_sensitive,
                          ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "glass_button"),
                          "the server's refusal, and the way to break the glass");
  ld_test_gui_wait_text (page, "Not Your Patient");
  ld_test_a11y_assert_named (workspace, "another doctor's patient");
  g_assert_true (gtk_widget_activate_action (page, "history.break-glass", NULL));
  {
    GtkWindow *dialog =
      ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_BREAK_GLASS_DIALOG);

    ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, dialog, "the dialog shown");
    ld_test_a11y_assert_named (GTK_WIDGET (dialog), "the break-the-glass dialog");
    gtk_window_destroy (dialog);
  }

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, TRUE, "/gui/doctor/accessible-names", test_names);
}
