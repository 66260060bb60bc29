/* test-gui-desk-walk-in.c: walk-ins at the desk, and check-ins kept while offline
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 33, in the real window against the real server binary over a
 * demo database, on the real clock (the doctor works all day, every
 * day). Online, the desk finds a patient, keeps the doctor shown and
 * queues her as a walk-in (Ctrl+J): the server holds one walk-in checked
 * in with token 1, and the desk says the token. Then the server goes:
 * the desk checks a booked patient in and queues a walk-in, both shown
 * at once in the queue as waiting for the server, nothing on it yet;
 * back, both are on the server, each once, with their tokens, and the
 * queue shows them.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-client.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ui/desk/ld-appointments-page.h"

#define SCHEDULE                                                                              \
  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\", \"slot_minutes\": 5,"         \
  " \"hours\": {\"mon\": \"00:00-23:55\", \"tue\": \"00:00-23:55\", \"wed\": \"00:00-23:55\"," \
  "             \"thu\": \"00:00-23:55\", \"fri\": \"00:00-23:55\", \"sat\": \"00:00-23:55\"," \
  "             \"sun\": \"00:00-23:55\"}}"

typedef struct
{
  char         *tmpdir;
  char         *db_path;
  LdTestServer *server;
  LdTestGui    *gui;
  char         *desk;
  char         *doctor_id;
} Fixture;

static char *
register_patient (Fixture    *fx,
                  const char *name)
{
  g_autofree char *body =
    g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"age_years\": 40}", name);
  g_autoptr(LdTestResponse) patient =
               ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->desk, body);

  ld_test_assert_status (patient, 201);
  return g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *doctor = NULL;
  g_autofree char *path = NULL;

  fx->tmpdir = g_dir_make_tmp ("labdesk-walk-in-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  ld_test_create_demo (fx->db_path);
  fx->server = ld_test_server_spawn (fx->db_path, NULL);
  admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (fx->server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  fx->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", fx->doctor_id);
  schedule = ld_test_send_json (fx->server, "PUT", path, admin, SCHEDULE);
  ld_test_assert_status (schedule, 200);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->server));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_clear_pointer (&fx->server, ld_test_server_free);
  ld_test_remove_tree (fx->tmpdir);
  g_free (fx->db_path);
  g_free (fx->tmpdir);
  g_free (fx->desk);
  g_free (fx->doctor_id);
}

typedef struct
{
  const char *db_path;
  const char *sql;
  gint64      want;
} Count;

static gboolean
counted (gpointer data)
{
  Count *count = data;

  return ld_test_query_int (count->db_path, count->sql) == count->want;
}

static void
wait_count (Fixture    *fx,
            const char *sql,
            gint64      want)
{
  Count count = { fx->db_path, sql, want };

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

/* Types a name in the patient search and takes the first found (Enter). */
static void
pick_patient (GtkWidget  *page,
              const char *name)
{
  GtkWidget *entry = ld_test_gui_child (page, LD_TYPE_APPOINTMENTS_PAGE, "patient_entry");

  ld_test_gui_retype (entry, name);
  ld_test_gui_wait_text (page, name);
  ld_test_gui_enter (entry);
}

static GtkWidget *
open_page (Fixture *fx)
{
  GtkWidget *workspace;
  GtkWidget *page;

  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  workspace = ld_test_gui_workspace (fx->gui, "front-desk");
  ld_test_gui_wait_status (fx->gui, "Online");
  g_assert_true (gtk_widget_activate_action (workspace, "desk.show-section", "s",
                                             "appointments"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_APPOINTMENTS_PAGE);
  ld_test_gui_wait_text (page, "Nobody is waiting.");
  return page;
}

typedef struct
{
  GtkWidget  *page;
  const char *text;
  guint       want;
} Times;

static gboolean
shown_times (gpointer data)
{
  Times *times = data;
  g_autofree char *texts = ld_test_gui_label_texts (times->page);
  guint n = 0;

  for (const char *p = strstr (texts, times->text); p != NULL; p = strstr (p + 1, times->text))
    n++;
  return n == times->want;
}

/* @text shows exactly @want times on @page. */
static void
wait_times (GtkWidget  *page,
            const char *text,
            guint       want)
{
  Times times = { page, text, want };

  ld_test_gui_spin_until (shown_times, &times, text);
}

static void
test_walk_in_online (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *bina = register_patient (fx, "Bina Das");
  GtkWidget *page = open_page (fx);

  pick_patient (page, "Bina Das");
  press (page, "appointments.walk-in");
  wait_count (fx,
              "SELECT count (*) FROM appointments WHERE slot_us IS NULL"
              " AND state = 'checked_in' AND token = 1",
              1);
  ld_test_gui_wait_text (GTK_WIDGET (gtk_widget_get_root (page)), "Token 1 for Bina Das.");
  ld_test_gui_wait_text (page, "Token 1");
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count (*) FROM appointments"), ==, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count (*) FROM audit_events"
                                                   " WHERE action = 'appointment.walk_in'"),
                   ==, 1);
}

static void
test_offline_check_in_and_walk_in (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *asha = register_patient (fx, "Asha Iyer");
  g_autofree char *chitra = register_patient (fx, "Chitra Nair");
  g_autofree char *path = g_strdup_printf ("/api/v1/slots?doctor_id=%s&limit=1", fx->doctor_id);
  g_autoptr(LdTestResponse) slots = ld_test_get (fx->server, path, fx->desk);
  g_autoptr(LdTestResponse) booked = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *body = NULL;
  g_autofree char *slot_name = NULL;
  const char *start_text;
  const char *uri;
  GtkWidget *page;
  GtkWidget *row;

  ld_test_assert_status (slots, 200);
  start_text = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (slots->json),
                                                                 "items"),
                                   0),
    "start");
  start = g_date_time_new_from_iso8601 (start_text, NULL);
  g_assert_nonnull (start);
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (start);

    if (g_date_time_get_day_of_year (local) != g_date_time_get_day_of_year (now))
      {
        g_test_skip ("no free slot left today");
        return;
      }
    slot_name = g_date_time_format (local, "slot-%H:%M");
  }
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                          asha, fx->doctor_id, start_text);
  booked = ld_test_send_json (fx->server, "POST", "/api/v1/appointments", fx->desk, body);
  ld_test_assert_status (booked, 201);

  page = open_page (fx);
  ld_test_gui_wait_text (page, "Asha Iyer");

  /* The server goes away. */
  uri = ld_api_client_get_base_uri (ld_context_get_api_client (fx->gui->context));
  g_clear_pointer (&fx->server, ld_test_server_free);
  ld_test_gui_wait_status (fx->gui, "Offline");

  /* Asha checked in, Chitra walked in: both wait, shown at once. */
  row = ld_test_gui_wait_named (page, slot_name);
  gtk_widget_grab_focus (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  ld_test_gui_spin_idle ();
  press (page, "appointments.check-in");
  wait_times (page, "waiting for the server", 1);
  pick_patient (page, "Chitra Nair");
  press (page, "appointments.walk-in");
  wait_times (page, "waiting for the server", 2);
  ld_test_gui_wait_text (page, "Chitra Nair");
  g_assert_cmpint (ld_test_query_int (fx->db_path,
                                      "SELECT count (*) FROM appointments WHERE token IS NOT NULL"),
                   ==, 0);
  ld_test_gui_screenshot (page, "desk-walk-in-offline");

  /* Back: both sent, each once, with their tokens. */
  fx->server = ld_test_server_restart (fx->db_path, uri);
  ld_test_gui_wait_status (fx->gui, "Online");
  wait_count (fx, "SELECT count (*) FROM appointments WHERE state = 'checked_in'", 2);
  wait_times (page, "waiting for the server", 0);
  ld_test_gui_wait_text (page, "Token 2");
  g_assert_cmpint (ld_test_query_int (fx->db_path,
                                      "SELECT count (*) FROM appointments WHERE token IN (1, 2)"),
                   ==, 2);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count (*) FROM appointments"), ==, 2);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count (*) FROM audit_events"
                                                   " WHERE action = 'appointment.walk_in'"),
                   ==, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count (*) FROM audit_events"
                                                   " WHERE action = 'appointment.check_in'"),
                   ==, 1);
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);
  g_test_add ("/gui/desk/walk-in/online", Fixture, NULL, fixture_setup, test_walk_in_online,
              fixture_teardown);
  g_test_add ("/gui/desk/walk-in/offline-check-in-and-walk-in", Fixture, NULL, fixture_setup,
              test_offline_check_in_and_walk_in, fixture_teardown);
  return g_test_run ();
}
