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
 * the shared range, and nothing is sent; corrected, with a diagnosis and
 * its ICD-10 code (no code list loaded: none offered, the code taken as
 * typed), the draft is saved; tests are prescribed from it (the order names the visit on the
 * server) and the visit lists them, with the value once the lab has
 * verified it; the follow-up date offers the doctor's free slots and
 * one is booked; then it is signed (read-only after), amended with a
 * reason (refused without one), the amendment shown with what the visit
 * said before, and the visit finished. Her earlier visit of the morning
 * is listed below and shown read-only when chosen. Each step is checked
 * on the server.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-clinic.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-time.h"
#include "ui/doctor/ld-doctor-today-page.h"
#include "ui/doctor/ld-prescribe-page.h"
#include "ui/doctor/ld-visit-form.h"

typedef struct
{
  /* The lab's roles, on the server it owns. */
  LdLab        *lab;
  LdTestServer *server;
  char         *desk;
  char         *admin;
  char         *doctor;
  char         *doctor_id;
  char         *patient_id;
  LdTestGui    *gui;
  GtkWidget    *workspace;
} Clinic;

static void
clinic_setup (Clinic        *clinic,
              gconstpointer  data)
{
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) patient = NULL;

  ld_time_set_now (ld_test_clinic_at (8, 0));
  clinic->lab = ld_lab_new ();
  clinic->server = clinic->lab->server;
  clinic->desk = ld_test_login (clinic->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  clinic->admin = ld_test_login (clinic->server, "admin", LD_TEST_ADMIN_PASSWORD);
  clinic->doctor = ld_test_login (clinic->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (clinic->server, "/api/v1/sessions/current", clinic->doctor);
  ld_test_assert_status (me, 200);
  clinic->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  ld_test_clinic_set_schedule (clinic->server, clinic->admin, clinic->doctor_id);
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
  clinic->server = NULL;
  g_clear_pointer (&clinic->lab, ld_lab_free);
  g_free (clinic->desk);
  g_free (clinic->admin);
  g_free (clinic->doctor);
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

static gboolean
is_laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_height (widget) > 0;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Picks a test in the prescribing page, as the doctor types its code. */
static void
add_code (GtkWidget  *page,
          const char *code)
{
  GtkWidget *entry = ld_test_gui_child (page, LD_TYPE_PRESCRIBE_PAGE, "catalog_entry");
  g_autofree char *row = g_strdup_printf ("catalog-%s", code);
  g_autofree char *line = g_strdup_printf ("cart-%s", code);

  ld_test_gui_type (entry, code);
  ld_test_gui_wait_named (page, row);
  ld_test_gui_enter (entry);
  ld_test_gui_wait_named (page, line);
}

/* The order the doctor prescribed for her, as the desk reads it. */
static char *
dup_order_id (Clinic *clinic)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders?patient_id=%s", clinic->patient_id);
  g_autoptr(LdTestResponse) orders = ld_test_get (clinic->server, path, clinic->desk);
  JsonArray *items;

  ld_test_assert_status (orders, 200);
  items = json_object_get_array_member (ld_test_response_object (orders), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

/* The lab takes the order in and verifies its haemoglobin. */
static void
verify_haemoglobin (Clinic     *clinic,
                    const char *order_id)
{
  LdLab *lab = clinic->lab;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;

  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  ld_lab_receive_all (lab, order_id);
  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);
}

/* POST @action on appointment @id with @body, asserting success. */
static void
send_ok (Clinic     *clinic,
         const char *method,
         const char *id,
         const char *action,
         const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s/%s", id, action);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (clinic->server, method, path, clinic->doctor, body);

  ld_test_assert_status (resp, 200);
}

/* Her visit of 09:00, written, signed and finished through the API. */
static char *
see_earlier (Clinic *clinic)
{
  char *id = ld_test_clinic_check_in (clinic->server, clinic->desk, clinic->patient_id,
                                      clinic->doctor_id, ld_test_clinic_at (9, 0));

  send_ok (clinic, "POST", id, "start", "{\"version\": 2}");
  send_ok (clinic, "PUT", id, "visit",
           "{\"complaint\": \"Dry cough\", \"diagnosis\": \"Acute bronchitis\"}");
  send_ok (clinic, "POST", id, "visit/sign", "{\"version\": 1}");
  send_ok (clinic, "POST", id, "finish", "{\"version\": 3}");
  return id;
}

/* A week after the fixed morning, as the follow-up is typed. */
static char *
dup_next_week (void)
{
  g_autoptr(GDateTime) now =
               g_date_time_new_from_unix_local (ld_test_clinic_at (12, 0) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, 7);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
test_visit (Clinic        *clinic,
            gconstpointer  data)
{
  g_autofree char *earlier = see_earlier (clinic);
  g_autofree char *earlier_row = g_strdup_printf ("previous-visit-%s", earlier);
  g_autofree char *id = ld_test_clinic_check_in (clinic->server, clinic->desk, clinic->patient_id,
                                                 clinic->doctor_id, ld_test_clinic_at (10, 30));
  g_autofree char *row_name = g_strdup_printf ("appointment-%s", id);
  g_autofree char *next_week = dup_next_week ();
  g_autofree char *follow_up_sql = NULL;
  GtkWidget *page;
  GtkWidget *form;
  GtkWidget *slot;
  GtkWidget *previous;
  GtkWidget *icd10;
  GtkWidget *row;
  GtkWidget *temperature;
  GtkWidget *prescribe;
  GtkWidget *tests;
  g_autofree char *order_id = NULL;

  /* Alt+4: today, with her in the queue by her token. */
  g_assert_true (
    gtk_widget_activate_action (clinic->workspace, "doctor.show-section", "s", "today"));
  page = ld_test_gui_wait_type (clinic->workspace, LD_TYPE_DOCTOR_TODAY_PAGE);
  form = ld_test_gui_wait_type (page, LD_TYPE_VISIT_FORM);
  row = ld_test_gui_wait_named (page, row_name);
  ld_test_gui_wait_text (page, "Token 2");
  gtk_widget_grab_focus (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));

  /* Ctrl+Return calls her in; the doctor writes once the page shows her
   * visit open, as a person waits for the form. */
  press (page, "today.start");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'with_doctor'", 1);
  ld_test_gui_wait_text (page, "With you now: write the visit.");
  ld_test_gui_screenshot (GTK_WIDGET (gtk_widget_get_root (page)), "doctor-today");
  g_assert_true (gtk_editable_get_editable (
    GTK_EDITABLE (ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "complaint_entry"))));

  /* An impossible temperature is refused beside its field; nothing is sent. */
  ld_test_gui_type (ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "complaint_entry"),
                    "Fever for three days");
  temperature = ld_test_gui_wait_named (page, "vital-temperature");
  ld_test_gui_type (temperature, "60");
  press (form, "visit.save");
  ld_test_gui_wait_text (page, "must be from 25 to 45 °C");
  g_assert_true (gtk_widget_has_css_class (temperature, "error"));
  g_assert_false (gtk_widget_has_css_class (ld_test_gui_wait_named (page, "vital-pulse"), "error"));
  g_assert_cmpint (ld_test_server_query_int (clinic->server, "SELECT COUNT(*) FROM visits"), ==, 1);

  /* Corrected, with the pressure and a diagnosis, saved as a draft (Ctrl+S). */
  ld_test_gui_retype (temperature, "38.4");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-bp_systolic"), "128");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-bp_diastolic"), "84");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-weight"), "64.5");
  ld_test_gui_type (ld_test_gui_wait_named (page, "vital-height"), "160");
  ld_test_gui_wait_text (page, "BMI: 25.2 kg/m²");
  ld_test_gui_type (ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "diagnosis_entry"),
                    "Viral fever");
  /* The code field offers the lab's ICD-10 codes; this server has none
   * loaded, so it says so, offers nothing, and takes the code as typed. */
  icd10 = ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "icd10_entry");
  ld_test_gui_type (icd10, "B34.9");
  ld_test_gui_wait_tooltip (icd10, "No ICD-10 list is loaded");
  g_assert_false (gtk_widget_get_mapped (ld_test_gui_find_named (icd10, "icd10-matches")));
  press (form, "visit.save");
  wait_count (clinic,
              "SELECT COUNT(*) FROM visits WHERE diagnosis = 'Viral fever'"
              " AND icd10 = 'B34.9' AND temperature = 38.4 AND signed_us IS NULL",
              1);
  ld_test_gui_wait_text (page, "Draft, not signed yet.");
  tests = ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "tests_view");
  ld_test_gui_wait_text (page, "No tests prescribed at this visit yet.");

  /* Ctrl+T: tests prescribed from the visit belong to it. */
  press (form, "visit.prescribe");
  prescribe = ld_test_gui_wait_type (clinic->workspace, LD_TYPE_PRESCRIBE_PAGE);
  add_code (prescribe, "HB");
  g_assert_true (gtk_widget_activate_action (prescribe, "prescribe.send", NULL));
  wait_count (clinic,
              "SELECT COUNT(*) FROM orders o JOIN visits v ON v.id = o.visit_id"
              " WHERE v.diagnosis = 'Viral fever' AND o.doctor_id = v.doctor_id",
              1);

  /* Back on the visit, its order shows with the test, and the value
   * once the lab has verified it. */
  ld_test_gui_spin_until (is_mapped, page, "the visit again");
  ld_test_gui_wait_text (ld_test_gui_wait_named (page, "visit-orders"), " · HB");
  order_id = dup_order_id (clinic);
  verify_haemoglobin (clinic, order_id);
  ld_test_gui_wait_text (tests, "13.1");
  /* Scrolled down to the visit's tests, as the doctor reads them. */
  ld_test_gui_spin_until (is_laid_out, tests, "the visit's results laid out");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (tests, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
  }
  ld_test_gui_screenshot (page, "doctor-visit");

  /* Her earlier visit of the morning is listed; chosen, it shows read-only. */
  previous = ld_test_gui_wait_named (form, earlier_row);
  ld_test_gui_wait_text (previous, "Acute bronchitis");
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (previous)),
                           GTK_LIST_BOX_ROW (previous));
  ld_test_gui_wait_text (ld_test_gui_wait_named (form, "previous-visit"),
                         "Diagnosis: Acute bronchitis");
  wait_count (clinic,
              "SELECT COUNT(*) FROM audit_events WHERE action = 'patient.visits'"
              " AND username = 'doctor'",
              1);

  /* A follow-up in a week (Ctrl+B): her doctor's free slots from that
   * day, and the first, chosen with Enter, is booked on the server. */
  ld_test_gui_type (ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "follow_up_entry"), next_week);
  press (form, "visit.book-follow-up");
  slot = ld_test_gui_wait_named (form, "follow-up-slot-0");
  gtk_widget_grab_focus (slot);
  g_assert_true (gtk_widget_activate (slot));
  follow_up_sql = g_strdup_printf ("SELECT COUNT(*) FROM appointments a JOIN users u"
                                   " ON u.id = a.booked_by WHERE a.day = '%s'"
                                   " AND a.state = 'booked' AND u.username = 'doctor'",
                                   next_week);
  wait_count (clinic, follow_up_sql, 1);
  ld_test_gui_wait_text (ld_test_gui_wait_named (form, "follow-up-booked"), "Follow-up booked");
  g_free (follow_up_sql);
  follow_up_sql = g_strdup_printf ("SELECT COUNT(*) FROM visits WHERE follow_up = '%s'", next_week);
  press (form, "visit.save");
  wait_count (clinic, follow_up_sql, 1);

  /* Signed (Ctrl+Shift+S): kept on the server, read-only here. */
  press (form, "visit.sign");
  wait_count (clinic, "SELECT COUNT(*) FROM visits WHERE signed_us IS NOT NULL", 2);
  ld_test_gui_wait_text (page, "Signed: it can only be amended, with a reason.");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (temperature)));

  /* Amended (Ctrl+E): without a reason nothing is sent; with one, the
   * server keeps what it said, and the visit shows the amendment. */
  press (form, "visit.amend");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (temperature)));
  ld_test_gui_retype (ld_test_gui_child (form, LD_TYPE_VISIT_FORM, "diagnosis_entry"),
                      "Dengue fever");
  press (form, "visit.save");
  ld_test_gui_wait_text (form, "Say why the visit is amended.");
  g_assert_cmpint (ld_test_server_query_int (clinic->server,
                                             "SELECT COUNT(*) FROM visit_amendments"),
                   ==, 0);
  ld_test_gui_type (ld_test_gui_wait_named (form, "amend-reason"), "NS1 antigen positive");
  press (form, "visit.save");
  wait_count (clinic,
              "SELECT COUNT(*) FROM visit_amendments m JOIN visits v ON v.id = m.visit_id"
              " WHERE m.reason = 'NS1 antigen positive' AND v.diagnosis = 'Dengue fever'"
              " AND v.signed_us IS NOT NULL",
              1);
  ld_test_gui_wait_text (ld_test_gui_wait_named (form, "visit-amendments"),
                         "Diagnosis was “Viral fever”");
  ld_test_gui_wait_text (ld_test_gui_wait_named (form, "visit-amendments"),
                         "NS1 antigen positive");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (temperature)));
  /* At the top of the visit, her earlier visit and the amendment. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (temperature, GTK_TYPE_SCROLLED_WINDOW);

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              0);
  }
  ld_test_gui_screenshot (GTK_WIDGET (gtk_widget_get_root (page)), "doctor-visit-amended");

  /* Ctrl+Shift+F: done. */
  press (page, "today.finish");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'done'", 2);
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
