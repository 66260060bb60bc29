/* test-gui-admin-schedules.c: the administrator sets a doctor's working
 * week and a day of leave, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "common/ld-leave-dialog.h"
#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ld-time.h"
#include "ui/admin/ld-admin-schedule-page.h"
#include "ui/admin/ld-admin-workspace.h"
#include "ui/ld-window.h"

typedef struct
{
  LdTestServer *server;
  char         *admin_token;
  char         *doctor_id;
  char         *doctor_name;
  LdTestGui    *gui;
  GtkWidget    *admin;
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  g_autofree char *doctor = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(GDateTime) morning = g_date_time_new_local (2030, 1, 9, 8, 0, 0);

  /* Wednesday 9 January 2030, so that the day of leave is ahead. */
  ld_time_set_now (g_date_time_to_unix (morning) * G_USEC_PER_SEC);
  fx->server = ld_test_server_new ();
  fx->admin_token = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (fx->server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  fx->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  fx->doctor_name = g_strdup (ld_test_response_get_string (me, "user.display_name"));
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (LD_IS_ADMIN_WORKSPACE (fx->admin));
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_clear_pointer (&fx->admin_token, g_free);
  g_clear_pointer (&fx->doctor_id, g_free);
  g_clear_pointer (&fx->doctor_name, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static LdTestResponse *
server_schedule (Fixture *fx)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/doctors/%s/schedule", fx->doctor_id);

  return ld_test_get (fx->server, path, fx->admin_token);
}

typedef struct
{
  GtkListBox *list;
  const char *title;
  GtkWidget  *found;
} FindRow;

static gboolean
row_listed (gpointer data)
{
  FindRow *find = data;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (find->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), find->title) == 0)
      find->found = row;
  return find->found != NULL;
}

static gboolean
save_enabled (gpointer data)
{
  return gtk_widget_is_sensitive (ld_test_gui_find_action (data, "schedule.save"));
}

static gboolean
leave_listed (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(LdTestResponse) schedule = server_schedule (fx);
  JsonArray *leave;

  ld_test_assert_status (schedule, 200);
  leave =
    json_object_get_array_member (json_object_get_object_member (ld_test_response_object (schedule),
                                                                 "schedule"),
                                  "leave");
  return json_array_get_length (leave) == 1 &&
         g_strcmp0 (json_array_get_string_element (leave, 0), "2030-01-10") == 0;
}

/* The administrator opens Schedules (Alt+9), chooses the doctor, who has
 * no schedule yet, and types the week. A bad Saturday span is refused
 * beside Saturday with nothing sent; corrected, the week is saved and the
 * server has the Saturday hours and the break. A day of leave is added
 * through Add Leave…; the same day again is refused beside the day. */
static void
test_set_week (Fixture       *fx,
               gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *list;
  FindRow find = { NULL };
  GtkWindow *dialog;
  g_autoptr(LdTestResponse) none = NULL;
  g_autoptr(LdTestResponse) saved = NULL;

  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "schedules"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_SCHEDULE_PAGE);
  list = ld_test_gui_wait_named (page, "schedule-doctors");
  find.list = GTK_LIST_BOX (list);
  find.title = fx->doctor_name;
  ld_test_gui_spin_until (row_listed, &find, "the doctor listed");
  gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (find.found));
  ld_test_gui_wait_text (page, "No schedule yet");
  ld_test_gui_spin_until (save_enabled, page, "Save offered");
  ld_test_a11y_assert_named (page, "the schedules");

  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-speciality"), "General medicine");
  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-room"), "Room 3");
  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-slot"), "15");
  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-mon"), "09:00-17:00");
  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-sat"), "9-13");
  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-breaks"), "13:00-14:00");

  /* Ctrl+S's action: refused beside Saturday by the shared rule, not sent. */
  g_assert_true (gtk_widget_activate_action (page, "schedule.save", NULL));
  ld_test_gui_wait_text (ld_test_gui_find_named (page, "schedule-sat"),
                         "must be a time span like 09:00-17:00");
  ld_test_gui_wait_text (page, "nothing was sent");
  g_assert_true (gtk_widget_has_css_class (ld_test_gui_find_named (page, "schedule-sat"), "error"));
  g_assert_false (
    gtk_widget_has_css_class (ld_test_gui_find_named (page, "schedule-mon"), "error"));
  none = server_schedule (fx);
  ld_test_assert_status (none, 404);

  ld_test_gui_retype (ld_test_gui_find_named (page, "schedule-sat"), "09:00-13:00");
  g_assert_true (gtk_widget_activate_action (page, "schedule.save", NULL));
  ld_test_gui_wait_text (page, "Schedule saved.");
  g_assert_false (
    gtk_widget_has_css_class (ld_test_gui_find_named (page, "schedule-sat"), "error"));
  saved = server_schedule (fx);
  ld_test_assert_status (saved, 200);
  g_assert_cmpstr (ld_test_response_get_string (saved, "schedule.hours.sat"), ==, "09:00-13:00");
  g_assert_cmpstr (ld_test_response_get_string (saved, "schedule.hours.mon"), ==, "09:00-17:00");
  g_assert_cmpstr (ld_test_response_get_string (saved, "schedule.room"), ==, "Room 3");
  g_assert_cmpint (ld_test_response_get_int (saved, "schedule.slot_minutes"), ==, 15);
  {
    JsonArray *breaks =
      json_object_get_array_member (json_object_get_object_member (ld_test_response_object (saved),
                                                                   "schedule"),
                                    "breaks");

    g_assert_cmpint (json_array_get_length (breaks), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (breaks, 0), ==, "13:00-14:00");
  }

  /* A day of leave, typed and sent with Enter. */
  ld_test_gui_click (ld_test_gui_find_action (page, "schedule.add-leave"));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_LEAVE_DIALOG);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "No days of leave.");
  ld_test_a11y_assert_named (GTK_WIDGET (dialog), "the leave dialog");
  ld_test_gui_retype (ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-reason"), "Conference");
  ld_test_gui_retype (ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-day"), "2030-01-10");
  ld_test_gui_enter (ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-day"));
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Leave taken for 2030-01-10.");
  g_assert_true (leave_listed (fx));
  ld_test_gui_wait_text (page, "2030-01-10");

  /* The same day again: the server's refusal beside the day. */
  ld_test_gui_enter (ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-day"));
  ld_test_gui_wait_text (ld_test_gui_find_named (GTK_WIDGET (dialog), "leave-day"),
                         "is leave already");
  g_assert_true (leave_listed (fx));
  gtk_window_close (dialog);
  ld_test_gui_spin_idle ();

  gtk_widget_grab_focus (ld_test_gui_find_named (page, "schedule-sat"));
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-schedules");
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's in-process accessibility context, so that the names a screen
   * reader would be given can be read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/schedules/set-week", Fixture, NULL, setup, test_set_week, teardown);

  return g_test_run ();
}
