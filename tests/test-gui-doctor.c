/* test-gui-doctor.c: the doctor's workstation, in the real window against
 * the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A doctor finds a patient from the window's search, prescribes three
 * tests and a panel with a priority and clinical notes while the server
 * is away, and the prescription waits, shown in their orders; back, the
 * server has it exactly once, as the doctor's prescription with its
 * items, priority and notes. (Critical alerts: test-gui-doctor-alerts.c.)
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-client.h"
#include "ld-test-doctor.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-test-reports.h"
#include "ui/doctor/ld-doctor-order-page.h"
#include "ui/doctor/ld-doctor-workspace.h"
#include "ui/doctor/ld-prescribe-page.h"
#include "ui/ld-window.h"

#define PATIENT LD_TEST_DOCTOR_PATIENT
#define NOTES LD_TEST_DOCTOR_NOTES

static GtkWidget *
search_entry (LdTestGui *gui)
{
  return ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
}

static LdTestResponse *
admin_request (LdTestServer *server,
               const char   *method,
               const char   *path,
               const char   *body)
{
  g_autofree char *token = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);

  if (body == NULL)
    return ld_test_get (server, path, token);
  return ld_test_send_json (server, method, path, token, body);
}

/* Prescribing, offline then online. */

typedef struct
{
  LdTestServer *server;
  const char   *patient_id;
  guint         n_orders;
} OrderCount;

static JsonArray *
patient_orders (LdTestServer *server,
                const char   *patient_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders?patient_id=%s", patient_id);
  g_autoptr(LdTestResponse) resp = admin_request (server, "GET", path, NULL);

  ld_test_assert_status (resp, 200);
  return json_array_ref (json_object_get_array_member (ld_test_response_object (resp), "items"));
}

static gboolean
server_has_order (gpointer data)
{
  OrderCount *count = data;
  g_autoptr(JsonArray) orders = patient_orders (count->server, count->patient_id);

  count->n_orders = json_array_get_length (orders);
  return count->n_orders > 0;
}

static gboolean
nothing_waits (gpointer data)
{
  LdSession *session = ld_context_get_session (((LdTestGui *) data)->context);

  return ld_session_get_n_waiting (session) == 0 && !ld_session_get_sending (session);
}

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

static void
test_prescribe_offline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-doctor-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char *patient_id = NULL;
  g_autoptr(JsonArray) orders = NULL;
  LdTestServer *server;
  LdTestGui    *gui;
  GtkWidget    *workspace;
  GtkWidget    *page;
  GtkWidget    *orders_view;
  OrderCount    count = {
       NULL,
  };
  JsonObject      *order;
  JsonArray       *items;
  g_autofree char *uri = NULL;

  g_assert_no_error (error);
  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  {
    g_autoptr(LdTestResponse) resp = admin_request (server, "POST", "/api/v1/patients", PATIENT);

    ld_test_assert_status (resp, 201);
    patient_id = g_strdup (ld_test_response_get_string (resp, "patient.id"));
  }

  gui = ld_test_gui_open (ld_test_server_get_uri (server));
  workspace = ld_test_doctor_sign_in (gui);

  /* Every patient is found from the window's search; Enter prescribes. */
  ld_test_gui_type (search_entry (gui), "Farhan");
  ld_test_gui_wait_text (ld_test_gui_find_named (workspace, "doctor-patients"), "Farhan Qureshi");
  ld_test_gui_enter (search_entry (gui));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_PRESCRIBE_PAGE);
  ld_test_gui_wait_text (page, "for Farhan Qureshi");

  /* The server goes away; the doctor goes on. */
  uri = g_strdup (ld_api_client_get_base_uri (ld_context_get_api_client (gui->context)));
  g_clear_pointer (&server, ld_test_server_free);
  ld_test_gui_wait_status (gui, "Offline");

  add_code (page, "HB");
  add_code (page, "GLUF");
  add_code (page, "K");
  add_code (page, "LFT");
  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                ld_test_gui_child (page, LD_TYPE_PRESCRIBE_PAGE, "priority_row")),
                              2);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              ld_test_gui_child (page, LD_TYPE_PRESCRIBE_PAGE, "notes_view"))),
                            NOTES, -1);
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-prescribe");
  /* Ctrl+Return. */
  g_assert_true (gtk_widget_activate_action (page, "prescribe.send", NULL));

  /* Back on the doctor's orders, the prescription waits there. */
  orders_view = ld_test_gui_find_named (workspace, "doctor-orders");
  ld_test_gui_wait_text (orders_view, "Waiting to be sent · Farhan Qureshi");
  ld_test_gui_wait_text (orders_view, "STAT · HB, GLUF, K, LFT");
  ld_test_gui_wait_status (gui, "Offline · 1 waiting");

  /* Back: sent once, as the doctor's prescription. */
  server = ld_test_server_restart (db_path, uri);
  count.server = server;
  count.patient_id = patient_id;
  ld_test_gui_spin_until (server_has_order, &count, "the prescription on the server");
  ld_test_gui_spin_until (nothing_waits, gui, "the outbox to empty");
  ld_test_gui_wait_text (orders_view, "Payment: ");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-orders");

  /* The patient is one of the doctor's now (Alt+1, the search emptied). */
  gtk_editable_set_text (GTK_EDITABLE (search_entry (gui)), "");
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.show-section", "s", "patients"));
  ld_test_gui_wait_text (ld_test_gui_find_named (workspace, "doctor-patients"), "Farhan Qureshi");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-patients");

  orders = patient_orders (server, patient_id);
  g_assert_cmpuint (json_array_get_length (orders), ==, 1);
  order = json_array_get_object_element (orders, 0);
  g_assert_cmpstr (json_object_get_string_member (order, "source"), ==, "doctor");
  g_assert_cmpstr (json_object_get_string_member (order, "priority"), ==, "stat");
  g_assert_cmpstr (json_object_get_string_member (order, "clinical_notes"), ==, NOTES);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "patient"),
                                                  "id"), ==, patient_id);
  {
    g_autofree char *token = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);
    g_autoptr(LdTestResponse) me = ld_test_get (server, "/api/v1/sessions/current", token);

    g_assert_cmpstr (json_object_get_string_member (order, "doctor_id"), ==,
                     ld_test_response_get_string (me, "user.id"));
  }
  items = json_object_get_array_member (order, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const codes[] = { "HB", "GLUF", "K", "LFT" };
      gboolean                  found = FALSE;

      for (guint j = 0; j < json_array_get_length (items); j++)
        found |=
          g_str_equal (json_object_get_string_member (json_array_get_object_element (items, j),
                                                      "code"),
                       codes[i]);
      g_assert_true (found);
    }

  ld_test_gui_close (gui);
  ld_test_server_free (server);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, FALSE, "/gui/doctor/prescribe-offline",
                              test_prescribe_offline);
}
