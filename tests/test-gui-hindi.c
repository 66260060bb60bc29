/* test-gui-hindi.c: the desk in Hindi
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With LANGUAGE=hi and the catalogue built from po/hi.po, the real window
 * signs in and the front desk reads in Hindi: its sections, its search,
 * its status; and the doctor's Today page, with a patient called in,
 * reads in Hindi too. The catalogue is the build tree's
 * (LABDESK_LOCALEDIR, as tools/run-demo uses it).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ld-test-clinic.h"
#include "ld-test-gui.h"
#include "ld-time.h"
#include "ui/common/ld-status-indicator.h"
#include "ui/doctor/ld-doctor-today-page.h"

/* The status, once the first sync is done: "Online" in Hindi. */
static gboolean
says_online (gpointer data)
{
  return g_strcmp0 (ld_status_indicator_get_text (data), "ऑनलाइन") == 0;
}

static void
test_desk_reads_in_hindi (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  LdTestGui *gui = ld_test_gui_open (ld_test_server_get_uri (server));
  g_autofree char *texts = NULL;
  GtkWidget *desk;
  GtkWidget *bin;

  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  desk = ld_test_gui_workspace (gui, "front-desk");
  texts = ld_test_gui_label_texts (GTK_WIDGET (gui->window));

  /* The desk's words, not the English ones. */
  g_assert_nonnull (strstr (texts, "मरीज़"));
  g_assert_nonnull (strstr (texts, "मरीज़ रजिस्टर करें"));
  g_assert_null (strstr (texts, "Register Patient"));
  bin = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "status_bin");
  ld_test_gui_spin_until (says_online, adw_bin_get_child (ADW_BIN (bin)), "ऑनलाइन");
  g_assert_true (gtk_widget_get_mapped (desk));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "desk-hindi");

  ld_test_gui_close (gui);
}

/* The desk has checked a patient in for the doctor, who calls her in. */
static void
test_doctor_today_reads_in_hindi (void)
{
  g_autoptr(LdTestServer) server = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *doctor = NULL;
  g_autofree char *doctor_id = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *appointment_id = NULL;
  g_autofree char *row_name = NULL;
  g_autofree char *texts = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) patient = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *row;

  ld_time_set_now (ld_test_clinic_at (8, 0));
  server = ld_test_server_new ();
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  doctor = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  ld_test_clinic_set_schedule (server, admin, doctor_id);
  patient = ld_test_send_json (server, "POST", "/api/v1/patients", desk,
                               "{\"name\": \"Anjali Desai\", \"sex\": \"female\","
                               " \"age_years\": 34, \"phone\": \"9876543210\"}");
  ld_test_assert_status (patient, 201);
  patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
  appointment_id =
    ld_test_clinic_check_in (server, desk, patient_id, doctor_id, ld_test_clinic_at (10, 30));
  row_name = g_strdup_printf ("appointment-%s", appointment_id);

  gui = ld_test_gui_open (ld_test_server_get_uri (server));
  ld_test_gui_sign_in (gui, "doctor", LD_TEST_DOCTOR_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "doctor");
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.show-section", "s", "today"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_DOCTOR_TODAY_PAGE);
  row = ld_test_gui_wait_named (page, row_name);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  ld_test_gui_wait_action (page, "today.start");
  g_assert_true (gtk_widget_activate_action (page, "today.start", NULL));
  /* "With you now: write the visit." */
  ld_test_gui_wait_text (page, "अभी आपके पास: विज़िट लिखें।");

  /* The form's words, not the English ones. */
  texts = ld_test_gui_label_texts (page);
  g_assert_nonnull (strstr (texts, "वाइटल्स"));
  g_assert_null (strstr (texts, "Vitals"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-today-hi");

  ld_test_gui_close (gui);
  ld_time_set_now (0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-hindi-XXXXXX", NULL);

  /* LANGUAGE is read only under a locale other than C. */
  g_setenv ("LANGUAGE", "hi", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/hindi/desk-reads-in-hindi", test_desk_reads_in_hindi);
  g_test_add_func ("/gui/hindi/doctor-today-reads-in-hindi", test_doctor_today_reads_in_hindi);
  return g_test_run ();
}
