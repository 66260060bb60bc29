/* test-gui-desk-appointments.c: the desk books a doctor's slot and checks the patient in
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb, on a Wednesday
 * morning the server's clock is fixed to. The desk opens Appointments
 * (Alt+5), reads the doctor's day from the schedule, finds the patient by
 * typing her name and Enter, picks the 10:30 slot and books it (the
 * action Ctrl+B runs), then checks her in (Ctrl+I): the server holds one
 * booking with token 1, and the page shows her waiting with her token. A
 * second booking at 11:00 is cancelled through the dialog with a typed
 * reason, which the server keeps; its slot is free again. A second desk,
 * signed in on its own, sees the checked-in patient in its queue.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-time.h"
#include "ui/desk/ld-appointments-page.h"

#define SCHEDULE \
  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\", \"slot_minutes\": 15," \
  " \"hours\": {\"mon\": \"09:00-17:00\", \"tue\": \"09:00-17:00\", \"wed\": \"09:00-17:00\"," \
  "             \"thu\": \"09:00-17:00\", \"fri\": \"09:00-17:00\", \"sat\": \"09:00-13:00\"," \
  "             \"sun\": null}," \
  " \"breaks\": [\"13:00-14:00\"]}"

typedef struct
{
  LdTestServer *server;
  char         *desk;
  char         *admin;
  char         *doctor_id;
  LdTestGui    *gui;
  GtkWidget    *workspace;
} Clinic;

/* Wednesday 9 January 2030, local time. */
static gint64
at (int hour,
    int minute)
{
  g_autoptr(GDateTime) then = g_date_time_new_local (2030, 1, 9, hour, minute, 0);

  return g_date_time_to_unix (then) * G_USEC_PER_SEC;
}

static void
clinic_setup (Clinic        *clinic,
              gconstpointer  data)
{
  g_autofree char *doctor = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autoptr(LdTestResponse) patient = NULL;

  ld_time_set_now (at (8, 0));
  clinic->server = ld_test_server_new ();
  clinic->desk = ld_test_login (clinic->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  clinic->admin = ld_test_login (clinic->server, "admin", LD_TEST_ADMIN_PASSWORD);
  doctor = ld_test_login (clinic->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (clinic->server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  clinic->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", clinic->doctor_id);
  schedule = ld_test_send_json (clinic->server, "PUT", path, clinic->admin, SCHEDULE);
  ld_test_assert_status (schedule, 200);
  patient = ld_test_send_json (clinic->server, "POST", "/api/v1/patients", clinic->desk,
                               "{\"name\": \"Anjali Desai\", \"sex\": \"female\","
                               " \"age_years\": 34, \"phone\": \"9876543210\"}");
  ld_test_assert_status (patient, 201);

  clinic->gui = ld_test_gui_open (ld_test_server_get_uri (clinic->server));
  ld_test_gui_sign_in (clinic->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  clinic->workspace = ld_test_gui_workspace (clinic->gui, "front-desk");
}

static void
clinic_teardown (Clinic        *clinic,
                 gconstpointer  data)
{
  ld_test_gui_close (clinic->gui);
  g_clear_pointer (&clinic->server, ld_test_server_free);
  g_free (clinic->desk);
  g_free (clinic->admin);
  g_free (clinic->doctor_id);
  ld_time_set_now (0);
}

typedef struct
{
  Clinic     *clinic;
  const char *sql;
  gint64      want;
} Count;

static gboolean
counted (gpointer data)
{
  Count *count = data;

  return ld_test_server_query_int (count->clinic->server, count->sql) == count->want;
}

static void
wait_count (Clinic     *clinic,
            const char *sql,
            gint64      want)
{
  Count count = { clinic, sql, want };

  ld_test_gui_spin_until (counted, &count, sql);
}

typedef struct
{
  GtkWidget  *page;
  const char *action;
} Enabled;

static gboolean
action_enabled (gpointer data)
{
  Enabled *enabled = data;
  GtkWidget *button = ld_test_gui_find_action (enabled->page, enabled->action);

  return button != NULL && gtk_widget_is_sensitive (button);
}

/* Runs the action its shortcut runs, once the page offers it. */
static void
press (GtkWidget  *page,
       const char *action)
{
  Enabled enabled = { page, action };

  ld_test_gui_spin_until (action_enabled, &enabled, action);
  g_assert_true (gtk_widget_activate_action (page, action, NULL));
  ld_test_gui_spin_idle ();
}

/* Chooses the slot at @clock, as a click on its row does. */
static void
choose_slot (GtkWidget  *page,
             const char *clock)
{
  g_autofree char *name = g_strdup_printf ("slot-%s", clock);
  GtkWidget *row = ld_test_gui_wait_named (page, name);

  gtk_widget_grab_focus (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  ld_test_gui_spin_idle ();
}

static GtkWidget *
open_page (GtkWidget *workspace)
{
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (workspace, "desk.show-section", "s",
                                             "appointments"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_APPOINTMENTS_PAGE);
  ld_test_gui_wait_named (page, "slot-09:00");
  return page;
}

static void
test_book_check_in_cancel (Clinic        *clinic,
                           gconstpointer  data)
{
  GtkWidget *page = open_page (clinic->workspace);
  GtkWidget *entry = ld_test_gui_child (page, LD_TYPE_APPOINTMENTS_PAGE, "patient_entry");
  GtkWindow *dialog;
  GtkWidget *reason;
  LdTestGui *second;
  GtkWidget *other;

  /* The day from the schedule: the lunch break has no slot. */
  ld_test_gui_wait_named (page, "slot-16:45");
  g_assert_null (ld_test_gui_find_named (page, "slot-13:00"));
  ld_test_gui_wait_text (page, "Nobody is waiting.");

  /* Find her, Enter, the slot, Ctrl+B. */
  ld_test_gui_type (entry, "Anjali");
  ld_test_gui_wait_text (page, "Anjali Desai");
  ld_test_gui_enter (entry);
  choose_slot (page, "10:30");
  press (page, "appointments.book");
  wait_count (clinic,
              "SELECT COUNT(*) FROM appointments WHERE state = 'booked' AND token IS NULL", 1);
  ld_test_gui_wait_text (page, "Booked");

  /* Ctrl+I: checked in with the day's first token. */
  choose_slot (page, "10:30");
  press (page, "appointments.check-in");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'checked_in' AND token = 1",
              1);
  ld_test_gui_wait_text (page, "Token 1");
  ld_test_gui_wait_text (page, "waiting 0 min");
  ld_test_gui_screenshot (page, "desk-appointments");

  /* A second booking, cancelled with a reason typed in the dialog. */
  choose_slot (page, "11:00");
  press (page, "appointments.book");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'booked'", 1);
  choose_slot (page, "11:00");
  press (page, "appointments.cancel");
  dialog =
    ld_test_gui_wait_dialog (GTK_WINDOW (gtk_widget_get_root (page)), ADW_TYPE_MESSAGE_DIALOG);
  reason = ld_test_gui_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  ld_test_gui_type (reason, "Patient travelling");
  ld_test_gui_enter (reason);
  wait_count (clinic,
              "SELECT COUNT(*) FROM appointments WHERE state = 'cancelled'"
              " AND cancel_reason = 'Patient travelling'",
              1);
  g_assert_cmpint (ld_test_server_query_int (clinic->server,
                                             "SELECT COUNT(*) FROM audit_events"
                                             " WHERE action = 'appointment.cancel'"),
                   ==, 1);
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, page, "the page again");

  /* A second desk sees her waiting. */
  second = ld_test_gui_open (ld_test_server_get_uri (clinic->server));
  ld_test_gui_sign_in (second, "reception", LD_TEST_RECEPTION_PASSWORD);
  other = open_page (ld_test_gui_workspace (second, "front-desk"));
  ld_test_gui_wait_text (other, "Token 1");
  ld_test_gui_wait_text (other, "Anjali Desai");
  ld_test_gui_close (second);
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/appointments/book-check-in-cancel", Clinic, NULL, clinic_setup,
              test_book_check_in_cancel, clinic_teardown);

  return g_test_run ();
}
