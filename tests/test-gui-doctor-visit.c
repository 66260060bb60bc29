/* test-gui-doctor-visit.c: the doctor calls the patient in and writes the visit
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb, on a Wednesday
 * morning the server's clock is fixed to. The desk has booked and checked
 * the patient in (through the API); the doctor opens Today (Alt+4), sees
 * her with her token, starts the visit, types the complaint and vitals;
 * an impossible temperature is refused in words under its field, with
 * the shared range, and nothing is sent; corrected, with a diagnosis, the draft is
 * saved, then signed (read-only after), and the visit finished: each step
 * checked on the server.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-time.h"
#include "ui/doctor/ld-doctor-today-page.h"

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
  char         *patient_id;
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

  clinic->patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
  clinic->gui = ld_test_gui_open (ld_test_server_get_uri (clinic->server));
  ld_test_gui_sign_in (clinic->gui, "doctor", LD_TEST_DOCTOR_PASSWORD);
  clinic->workspace = ld_test_gui_workspace (clinic->gui, "doctor");
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
  g_free (clinic->patient_id);
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

/* The desk books 10:30 and checks her in, through the API. */
static char *
book_and_check_in (Clinic *clinic)
{
  g_autofree char *start = ld_time_format_rfc3339 (at (10, 30));
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                     clinic->patient_id, clinic->doctor_id, start);
  g_autoptr(LdTestResponse) booked =
               ld_test_send_json (clinic->server, "POST", "/api/v1/appointments", clinic->desk,
                                  body);
  g_autoptr(LdTestResponse) checked = NULL;
  g_autofree char *path = NULL;

  ld_test_assert_status (booked, 201);
  path = g_strdup_printf ("/api/v1/appointments/%s/check-in",
                          ld_test_response_get_string (booked, "appointment.id"));
  checked = ld_test_send_json (clinic->server, "POST", path, clinic->desk, "{\"version\": 1}");
  ld_test_assert_status (checked, 200);
  return g_strdup (ld_test_response_get_string (booked, "appointment.id"));
}

static void
test_visit (Clinic        *clinic,
            gconstpointer  data)
{
  g_autofree char *id = book_and_check_in (clinic);
  g_autofree char *row_name = g_strdup_printf ("appointment-%s", id);
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *temperature;

  /* Alt+4: today, with her in the queue by her token. */
  g_assert_true (
    gtk_widget_activate_action (clinic->workspace, "doctor.show-section", "s", "today"));
  page = ld_test_gui_wait_type (clinic->workspace, LD_TYPE_DOCTOR_TODAY_PAGE);
  row = ld_test_gui_wait_named (page, row_name);
  ld_test_gui_wait_text (page, "Token 1");
  gtk_widget_grab_focus (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));

  /* Ctrl+Return calls her in. */
  press (page, "today.start");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'with_doctor'", 1);

  /* An impossible temperature is refused beside its field; nothing is sent. */
  ld_test_gui_type (ld_test_gui_child (page, LD_TYPE_DOCTOR_TODAY_PAGE, "complaint_entry"),
                    "Fever for three days");
  temperature = ld_test_gui_wait_named (page, "vital-temperature");
  ld_test_gui_type (temperature, "60");
  press (page, "today.save");
  ld_test_gui_wait_text (page, "must be from 25 to 45 °C");
  g_assert_true (gtk_widget_has_css_class (temperature, "error"));
  g_assert_false (gtk_widget_has_css_class (ld_test_gui_wait_named (page, "vital-pulse"), "error"));
  g_assert_cmpint (ld_test_server_query_int (clinic->server, "SELECT COUNT(*) FROM visits"), ==, 0);

  /* Corrected, with the pressure and a diagnosis, saved as a draft (Ctrl+S). */
  ld_test_gui_retype (temperature, "38.4");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-bp_systolic"), "128");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-bp_diastolic"), "84");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-weight"), "64.5");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-height"), "160");
  ld_test_gui_wait_text (page, "BMI: 25.2 kg/m²");
  ld_test_gui_type (ld_test_gui_child (page, LD_TYPE_DOCTOR_TODAY_PAGE, "diagnosis_entry"),
                    "Viral fever");
  press (page, "today.save");
  wait_count (clinic,
              "SELECT COUNT(*) FROM visits WHERE diagnosis = 'Viral fever'"
              " AND temperature = 38.4 AND signed_us IS NULL",
              1);
  ld_test_gui_wait_text (page, "Draft, not signed yet.");

  /* Signed (Ctrl+Shift+S): kept on the server, read-only here. */
  press (page, "today.sign");
  wait_count (clinic, "SELECT COUNT(*) FROM visits WHERE signed_us IS NOT NULL", 1);
  ld_test_gui_wait_text (page, "Signed: the visit can no longer be changed here.");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (temperature)));
  ld_test_gui_screenshot (page, "doctor-today-visit");

  /* Ctrl+Shift+F: done. */
  press (page, "today.finish");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'done'", 1);
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/doctor/visit/start-write-sign-finish", Clinic, NULL, clinic_setup,
              test_visit, clinic_teardown);

  return g_test_run ();
}
