/* test-gui-doctor-one-door.c: "I have read this value" only while the
 * server would take it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30, for the doctor: the critical-value banner asks the session
 * (the shared check the server runs too) whether this doctor may
 * acknowledge the alert it shows. In the real window, against the real
 * server: a critical potassium of the doctor's patient is verified (over
 * HTTP); the doctor sees the banner with its button offered, while a
 * technician's acknowledgement is refused by the server (403). The doctor
 * presses Ctrl+Shift+A: the server records it, the banner goes and the
 * action is no longer offered, so pressing it again sends nothing; the
 * server refuses a second acknowledgement (409).
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-doctor.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* The doctor's alerts on the server, all of them. */
static JsonObject *
dup_first_alert (LdLab *lab)
{
  g_autoptr(LdTestResponse) all =
               ld_test_get (lab->server, "/api/v1/doctors/me/alerts?state=all", lab->doctor);
  JsonArray *items;

  ld_test_assert_status (all, 200);
  items = json_object_get_array_member (ld_test_response_object (all), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

static LdTestResponse *
acknowledge (LdLab      *lab,
             const char *token,
             JsonObject *alert)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/alerts/%s/acknowledge", json_object_get_string_member (alert, "id"));
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                                           json_object_get_int_member (alert, "version"));

  return ld_lab_post (lab, token, path, body);
}

static gboolean
alert_acknowledged (gpointer data)
{
  g_autoptr(JsonObject) alert = dup_first_alert (data);
  JsonNode *at = json_object_get_member (alert, "acknowledged_at");

  return at != NULL && !JSON_NODE_HOLDS_NULL (at);
}

static void
test_acknowledge_once (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, LD_TEST_DOCTOR_PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\"]");
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) by_technician = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(JsonObject) alert = NULL;
  g_autoptr(JsonObject) read = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *banner;
  GtkWidget *button;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "K", "6.8", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "K", NULL);
  ld_test_assert_status (verified, 200);
  alert = dup_first_alert (lab);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  workspace = ld_test_doctor_sign_in (gui);
  banner = ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_banner");
  button = ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_button");

  /* The doctor's own patient, not yet read: offered. */
  ld_test_gui_wait_text (banner, "Potassium 6.8 mmol/L: Critical high");
  ld_test_gui_wait_action (workspace, "doctor.acknowledge-alert");
  g_assert_true (gtk_widget_get_visible (button));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-doctor-alert");

  /* Another role may not: the server says so, and nothing changes. */
  by_technician = acknowledge (lab, lab->technician, alert);
  ld_test_assert_error (by_technician, 403, "forbidden");

  /* Ctrl+Shift+A: read. The server holds it; the banner and its button go. */
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.acknowledge-alert", NULL));
  ld_test_gui_spin_until (alert_acknowledged, lab, "the acknowledgement on the server");
  ld_test_gui_spin_until (is_hidden, banner, "the banner to go");
  g_assert_false (gtk_widget_is_sensitive (button));
  read = dup_first_alert (lab);
  g_assert_cmpstr (json_object_get_string_member (read, "acknowledged_by"), ==, lab->doctor_id);

  /* Pressed again: not offered, so nothing is sent; the server would
   * refuse it anyway, the alert being read already. */
  gtk_widget_activate_action (workspace, "doctor.acknowledge-alert", NULL);
  ld_test_gui_spin_idle ();
  {
    g_autoptr(JsonObject) after = dup_first_alert (lab);

    g_assert_cmpint (json_object_get_int_member (after, "version"), ==,
                     json_object_get_int_member (read, "version"));
  }
  again = acknowledge (lab, lab->doctor, read);
  ld_test_assert_error (again, 409, "conflict");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, FALSE, "/gui/doctor/one-door/acknowledge-once",
                              test_acknowledge_once);
}
