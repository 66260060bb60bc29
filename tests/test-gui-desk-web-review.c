/* test-gui-desk-web-review.c: the desk settles web registrations by keyboard
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb. Two patients
 * registered on the patient pages look like patients already registered
 * and are parked (as POST /my/register leaves them; tests/test-web-patient.c
 * drives that page). The desk goes to Web Registrations by its shortcut's
 * action (Alt+6), Tabs from the first record's "Different people" to its
 * "Same person: join", presses Enter, confirms the join in the dialog by
 * keyboard too, and the server has merged the record: its order names the
 * existing patient, it is marked merged and audited. Then "Different
 * people" for the second leaves it a record of its own, and the page says
 * nothing waits.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ld-test-gui.h"
#include "ld-test-lab.h"
#include "ld-test-orders.h"
#include "ui/desk/ld-web-review-page.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
  char           *known_id;
  char           *parked_id;
  char           *second_known_id;
  char           *second_parked_id;
  char           *order_id;
} Fixture;

static char *
register_patient (Fixture    *fx,
                  const char *json)
{
  g_autoptr(LdTestResponse) patient =
               ld_test_send_json (fx->orders.server, "POST", "/api/v1/patients", fx->orders.desk,
                                  json);

  ld_test_assert_status (patient, 201);
  return g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *order_json = NULL;
  g_autoptr(LdTestResponse) order = NULL;

  ld_order_fixture_setup (&fx->orders, data);
  fx->known_id =
    register_patient (fx, "{\"name\": \"Meera Joshi\", \"sex\": \"female\","
                          " \"date_of_birth\": \"1990-05-12\"}");
  fx->parked_id =
    register_patient (fx, "{\"name\": \"Joshi Meera\", \"sex\": \"female\","
                          " \"date_of_birth\": \"1990-05-12\", \"allow_duplicate\": true}");
  ld_test_park_web_registration (fx->orders.server, fx->parked_id, "meera@example.com");
  order_json = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"GLUF\"]}", fx->parked_id);
  order =
    ld_test_send_json (fx->orders.server, "POST", "/api/v1/orders", fx->orders.desk, order_json);
  ld_test_assert_status (order, 201);
  fx->order_id = g_strdup (ld_test_response_get_string (order, "order.id"));
  fx->second_known_id =
    register_patient (fx, "{\"name\": \"Kabir Sethi\", \"sex\": \"male\", \"age_years\": 8,"
                          " \"phone\": \"9123400022\"}");
  fx->second_parked_id =
    register_patient (fx, "{\"name\": \"Kabir S\", \"sex\": \"male\", \"age_years\": 8,"
                          " \"phone\": \"+91 91234 00022\", \"allow_duplicate\": true}");
  ld_test_park_web_registration (fx->orders.server, fx->second_parked_id, "sethi@example.com");

  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_free (fx->known_id);
  g_free (fx->parked_id);
  g_free (fx->second_known_id);
  g_free (fx->second_parked_id);
  g_free (fx->order_id);
  ld_order_fixture_teardown (&fx->orders, data);
}

static gint64
query (Fixture    *fx,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static gint64
query (Fixture    *fx,
       const char *format,
       ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return ld_test_server_query_int (fx->orders.server, sql);
}

static gboolean
merged_on_server (gpointer data)
{
  Fixture *fx = data;

  return query (fx, "SELECT count(*) FROM patients WHERE id = '%s' AND merged_into IS NOT NULL",
                fx->parked_id) == 1;
}

static gboolean
kept_apart_on_server (gpointer data)
{
  Fixture *fx = data;

  return query (fx, "SELECT count(*) FROM web_account_patients WHERE patient_id = '%s'"
                    " AND needs_review = 0",
                fx->second_parked_id) == 1;
}

static GtkWidget *
focus_of (Fixture *fx)
{
  return gtk_root_get_focus (GTK_ROOT (fx->gui->window));
}

/* Tab, as a person presses it, until the focus is on a button that runs
 * @action; at most a dozen presses. */
static GtkWidget *
tab_to (Fixture    *fx,
        const char *action)
{
  for (guint i = 0; i < 12; i++)
    {
      GtkWidget *focus = focus_of (fx);

      if (GTK_IS_ACTIONABLE (focus) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), action) == 0)
        return focus;
      gtk_widget_child_focus (GTK_WIDGET (fx->gui->window), GTK_DIR_TAB_FORWARD);
      ld_test_gui_spin_idle ();
    }
  g_error ("no button for %s within a dozen Tabs", action);
  return NULL;
}

typedef struct
{
  GtkWidget *page;
  gboolean   enabled;
} Ready;

static gboolean
page_ready (gpointer data)
{
  Ready *ready = data;

  return ld_test_gui_find_action (ready->page, "web-review.distinct") != NULL &&
         gtk_widget_is_sensitive (ld_test_gui_find_action (ready->page, "web-review.distinct"));
}

static void
test_join_and_keep_apart (Fixture       *fx,
                          gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *button;
  GtkWindow *dialog;
  GtkWidget *join;
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", fx->order_id);
  g_autoptr(LdTestResponse) order = NULL;
  Ready ready = { NULL, FALSE };
  g_autofree char *tooltip = NULL;

  /* Alt+6: the desk's Web Registrations. */
  g_assert_true (
    gtk_widget_activate_action (fx->desk, "desk.show-section", "s", "web-registrations"));
  page = ld_test_gui_wait_type (fx->desk, LD_TYPE_WEB_REVIEW_PAGE);
  ld_test_gui_wait_text (page, "2 registrations waiting");
  ld_test_gui_wait_text (page, "Registered on the web: Joshi Meera · P");
  ld_test_gui_wait_text (page, "Female, 36 years");
  ready.page = page;
  ld_test_gui_spin_until (page_ready, &ready, "the page's actions");
  ld_test_gui_screenshot (page, "desk-web-review");

  /* Into the list, then Tab to the join beside Meera Joshi's record. */
  g_assert_true (gtk_widget_grab_focus (page));
  button = tab_to (fx, "web-review.join");
  tooltip = g_strdup (gtk_widget_get_tooltip_text (button));
  g_assert_nonnull (strstr (tooltip, "Same person as Meera Joshi"));
  g_assert_true (gtk_widget_activate (button));

  /* It cannot be undone: asked first, Cancel by default; Tab to Join, Enter. */
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), ADW_TYPE_MESSAGE_DIALOG);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "This cannot be undone.");
  join = ld_test_gui_find_button (GTK_WIDGET (dialog), "_Join Records");
  g_assert_nonnull (join);
  for (guint i = 0; i < 6 && gtk_root_get_focus (GTK_ROOT (dialog)) != join; i++)
    gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == join);
  g_assert_true (gtk_widget_activate (join));
  ld_test_gui_spin_until (merged_on_server, fx, "the merge on the server");

  /* The order names the existing record; the merge is audited with both ids. */
  order = ld_test_get (fx->orders.server, order_path, fx->orders.desk);
  ld_test_assert_status (order, 200);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.patient.id"), ==, fx->known_id);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM audit_events WHERE action = 'patient.merge'"
                              " AND entity_id = '%s'",
                          fx->parked_id),
                   ==, 1);

  /* The page asks again: Kabir's record waits alone; Different people, by Enter. */
  ld_test_gui_wait_text (page, "1 registration waiting");
  ld_test_gui_wait_text (page, "Registered on the web: Kabir S · P");
  ld_test_gui_spin_until (page_ready, &ready, "the page's actions again");
  g_assert_true (gtk_widget_grab_focus (page));
  button = tab_to (fx, "web-review.distinct");
  g_assert_true (gtk_widget_activate (button));
  ld_test_gui_spin_until (kept_apart_on_server, fx, "the flag cleared on the server");
  ld_test_gui_wait_text (page, "Nothing to Review");
  g_assert_cmpint (query (fx, "SELECT count(*) FROM patients WHERE id = '%s'"
                              " AND merged_into IS NULL",
                          fx->second_parked_id),
                   ==, 1);
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/web-review/join-and-keep-apart", Fixture, NULL, fixture_setup,
              test_join_and_keep_apart, fixture_teardown);

  return g_test_run ();
}
