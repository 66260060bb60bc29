/* test-gui-live-queue.c: the queues follow the desk, untouched
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb, on a Wednesday
 * morning the server's clock is fixed to. The queues are the cache's,
 * kept by the change feed: no click, no reload.
 *
 * The doctor has Today open and touches nothing; another desk checks a
 * patient in through the API, and her row comes into the queue with her
 * token; a walk-in who comes earlier than her slot goes above her; her
 * cancelled appointment leaves it.
 *
 * A desk has Appointments open; another desk checks a patient in, and
 * she is in this desk's queue with her token. Offline, the page says so
 * and keeps the day it had.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-clinic.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-context.h"
#include "ld-time.h"
#include "ui/desk/ld-appointments-page.h"
#include "ui/doctor/ld-doctor-today-page.h"

typedef struct
{
  LdTestServer *server;
  char         *desk;
  char         *doctor_id;
  LdTestGui    *gui;
} Clinic;

static void
clinic_setup (Clinic        *clinic,
              gconstpointer  data)
{
  g_autofree char *admin = NULL;
  g_autofree char *doctor = NULL;
  g_autoptr(LdTestResponse) me = NULL;

  ld_time_set_now (ld_test_clinic_at (9, 0));
  clinic->server = ld_test_server_new ();
  clinic->desk = ld_test_login (clinic->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  admin = ld_test_login (clinic->server, "admin", LD_TEST_ADMIN_PASSWORD);
  doctor = ld_test_login (clinic->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (clinic->server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  clinic->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  ld_test_clinic_set_schedule (clinic->server, admin, clinic->doctor_id);

  clinic->gui = ld_test_gui_open (ld_test_server_get_uri (clinic->server));
}

static void
clinic_teardown (Clinic        *clinic,
                 gconstpointer  data)
{
  ld_test_gui_close (clinic->gui);
  ld_test_server_free (clinic->server);
  g_free (clinic->desk);
  g_free (clinic->doctor_id);
  ld_time_set_now (0);
}

static char *
add_patient (Clinic     *clinic,
             const char *name)
{
  g_autofree char *body =
    g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"age_years\": 30}", name);
  g_autoptr(LdTestResponse) patient =
               ld_test_send_json (clinic->server, "POST", "/api/v1/patients", clinic->desk, body);

  ld_test_assert_status (patient, 201);
  return g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

typedef struct
{
  GtkWidget  *page;
  const char *name;
} Row;

static gboolean
row_gone (gpointer data)
{
  Row *row = data;

  return ld_test_gui_find_named (row->page, row->name) == NULL;
}

/* Where the row stands in the queue's list, from the top. */
static guint
row_index (GtkWidget *row)
{
  guint index = 0;

  while ((row = gtk_widget_get_prev_sibling (row)) != NULL)
    index++;
  return index;
}

static void
test_queue_follows_desk (Clinic        *clinic,
                         gconstpointer  data)
{
  g_autofree char *asha = add_patient (clinic, "Asha Kulkarni");
  g_autofree char *bina = add_patient (clinic, "Bina Rao");
  g_autofree char *asha_at = NULL;
  g_autofree char *asha_row = NULL;
  g_autofree char *bina_row = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) walked = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  GtkWidget *workspace;
  GtkWidget *page;
  Row gone;

  ld_test_gui_sign_in (clinic->gui, "doctor", LD_TEST_DOCTOR_PASSWORD);
  workspace = ld_test_gui_workspace (clinic->gui, "doctor");
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.show-section", "s", "today"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_DOCTOR_TODAY_PAGE);
  ld_test_gui_wait_text (page, "No patients booked for today.");

  /* The desk checks Asha in for 10:30: she is in the queue, untouched. */
  asha_at = ld_test_clinic_check_in (clinic->server, clinic->desk, asha, clinic->doctor_id,
                                     ld_test_clinic_at (10, 30));
  asha_row = g_strdup_printf ("appointment-%s", asha_at);
  ld_test_gui_wait_named (page, asha_row);
  ld_test_gui_wait_text (page, "Token 1");
  ld_test_gui_wait_text (page, "Asha Kulkarni");

  /* Bina walks in at 9:40, before Asha's time: she is seen first. */
  ld_time_set_now (ld_test_clinic_at (9, 40));
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"walk_in\": true}",
                          bina, clinic->doctor_id);
  walked = ld_test_send_json (clinic->server, "POST", "/api/v1/appointments", clinic->desk, body);
  ld_test_assert_status (walked, 201);
  bina_row =
    g_strdup_printf ("appointment-%s", ld_test_response_get_string (walked, "appointment.id"));
  ld_test_gui_wait_named (page, bina_row);
  ld_test_gui_wait_text (page, "Token 2");
  g_assert_cmpuint (row_index (ld_test_gui_find_named (page, bina_row)), <,
                    row_index (ld_test_gui_find_named (page, asha_row)));
  ld_test_gui_screenshot (GTK_WIDGET (gtk_widget_get_root (page)), "doctor-queue");

  /* Asha's appointment is cancelled at the desk: her row goes. */
  path = g_strdup_printf ("/api/v1/appointments/%s/cancel", asha_at);
  cancelled = ld_test_send_json (clinic->server, "POST", path, clinic->desk,
                                 "{\"version\": 2, \"reason\": \"Had to leave\"}");
  ld_test_assert_status (cancelled, 200);
  gone.page = page;
  gone.name = asha_row;
  ld_test_gui_spin_until (row_gone, &gone, "the cancelled appointment leaves the queue");
  g_assert_nonnull (ld_test_gui_find_named (page, bina_row));
}

static void
test_desk_queue_live_and_offline (Clinic        *clinic,
                                  gconstpointer  data)
{
  g_autofree char *asha = add_patient (clinic, "Asha Kulkarni");
  g_autofree char *asha_at = NULL;
  LdApiClient *api;
  GtkWidget *workspace;
  GtkWidget *page;

  ld_test_gui_sign_in (clinic->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  workspace = ld_test_gui_workspace (clinic->gui, "front-desk");
  g_assert_true (gtk_widget_activate_action (workspace, "desk.show-section", "s", "appointments"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_APPOINTMENTS_PAGE);
  ld_test_gui_wait_named (page, "slot-10:30");
  ld_test_gui_wait_text (page, "Nobody is waiting.");

  /* Another desk checks Asha in: she waits in this desk's queue. */
  asha_at = ld_test_clinic_check_in (clinic->server, clinic->desk, asha, clinic->doctor_id,
                                     ld_test_clinic_at (10, 30));
  ld_test_gui_wait_text (page, "Token 1");
  ld_test_gui_wait_text (page, "Asha Kulkarni");

  /* Offline: said on the page, and the day stays as it was. */
  api = ld_context_get_api_client (clinic->gui->context);
  ld_api_client_set_online (api, FALSE);
  ld_test_gui_wait_text (page, "Offline: the day as this computer last heard of it.");
  ld_test_gui_wait_text (page, "Token 1");
  ld_test_gui_wait_text (page, "Asha Kulkarni");
  g_assert_nonnull (ld_test_gui_find_named (page, "slot-10:30"));
  ld_api_client_set_online (api, TRUE);
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/doctor/queue/follows-desk-without-a-click", Clinic, NULL, clinic_setup,
              test_queue_follows_desk, clinic_teardown);
  g_test_add ("/gui/desk/queue/live-and-offline", Clinic, NULL, clinic_setup,
              test_desk_queue_live_and_offline, clinic_teardown);

  return g_test_run ();
}
