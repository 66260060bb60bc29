/* test-gui-doctor-leave.c: the doctor takes a day of leave from the Today
 * page, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor has a working week (set by the administrator over HTTP),
 * opens Today (Alt+4), presses Take Leave…, types a bad day (refused
 * beside it, nothing sent), then the day and a reason; the dialog lists
 * the day and the server's schedule has it. The same day again is the
 * server's refusal, said beside the day.
 */

#include "config.h"

#include <adwaita.h>

#include "common/ld-leave-dialog.h"
#include "ld-test-clinic.h"
#include "ld-test-doctor.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ld-time.h"
#include "ui/doctor/ld-doctor-today-page.h"
#include "ui/ld-window.h"

static guint
leave_days (LdTestServer *server,
            const char   *token,
            const char   *doctor_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/doctors/%s/schedule", doctor_id);
  g_autoptr(LdTestResponse) schedule = ld_test_get (server, path, token);
  JsonArray *leave;

  ld_test_assert_status (schedule, 200);
  leave =
    json_object_get_array_member (json_object_get_object_member (ld_test_response_object (schedule),
                                                                 "schedule"),
                                  "leave");
  if (json_array_get_length (leave) == 1)
    g_assert_cmpstr (json_array_get_string_element (leave, 0), ==, "2030-01-10");
  return json_array_get_length (leave);
}

static void
test_take_leave (void)
{
  LdTestServer *server;
  g_autofree char *admin = NULL;
  g_autofree char *doctor = NULL;
  g_autofree char *doctor_id = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *day;
  GtkWindow *dialog;

  ld_time_set_now (ld_test_clinic_at (8, 0));
  server = ld_test_server_new ();
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  doctor = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  ld_test_clinic_set_schedule (server, admin, doctor_id);

  gui = ld_test_gui_open (ld_test_server_get_uri (server));
  workspace = ld_test_doctor_sign_in (gui);
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.show-section", "s", "today"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_DOCTOR_TODAY_PAGE);
  ld_test_gui_click (ld_test_gui_wait_action (page, "today.take-leave"));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_LEAVE_DIALOG);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "No days of leave.");
  day = ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-day");

  /* A day that is no date: refused by the shared rule, nothing sent. */
  ld_test_gui_retype (day, "10/01/2030");
  ld_test_gui_enter (day);
  ld_test_gui_wait_text (day, "Type a date such as 2030-01-10.");
  g_assert_cmpuint (leave_days (server, admin, doctor_id), ==, 0);

  ld_test_gui_retype (ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-reason"), "Conference");
  ld_test_gui_retype (day, "2030-01-10");
  ld_test_gui_enter (day);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Leave taken for 2030-01-10.");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Days of leave: 2030-01-10");
  g_assert_cmpuint (leave_days (server, admin, doctor_id), ==, 1);
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "doctor-leave");

  /* Leave already: the server's refusal, beside the day. */
  ld_test_gui_enter (day);
  ld_test_gui_wait_text (day, "is leave already");
  g_assert_cmpuint (leave_days (server, admin, doctor_id), ==, 1);

  gtk_window_close (dialog);
  ld_test_gui_spin_idle ();
  ld_test_gui_close (gui);
  ld_test_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, FALSE, "/gui/doctor/leave/take", test_take_leave);
}
