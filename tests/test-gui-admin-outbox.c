/* test-gui-admin-outbox.c: the administrator's outbox, filtered, retried, cancelled
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb. Two orders for a
 * patient with an e-mail address each have their confirmation; one met
 * an interrupted send (set behind the server as the sender records it).
 * The administrator opens the outbox (Alt+7), sees today's messages,
 * narrows to the failed one, retries it, and the server has it waiting
 * again; then cancels the other, and the server has it cancelled.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-orders.h"
#include "ui/admin/ld-admin-outbox-page.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *admin;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

static char *
book (Fixture    *fx,
      const char *patient_id)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"GLUF\"]}", patient_id);
  g_autoptr(LdTestResponse) order = ld_test_send_json (fx->orders.server, "POST", "/api/v1/orders",
                                                        fx->orders.desk, body);
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) listed = NULL;
  JsonArray *items;

  ld_test_assert_status (order, 201);
  path = g_strdup_printf ("/api/v1/orders/%s/notifications",
                          ld_test_response_get_string (order, "order.id"));
  listed = ld_test_get (fx->orders.server, path, fx->orders.admin);
  ld_test_assert_status (listed, 200);
  items = json_object_get_array_member (ld_test_response_object (listed), "items");
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

typedef struct
{
  GtkWidget  *root;
  const char *row_name;
  const char *action;
} Press;

/* Presses the button of the row named so, once it shows one: found afresh
 * each time, as a read of the list replaces its rows. */
static gboolean
press (gpointer data)
{
  Press *press = data;
  GtkWidget *row = ld_test_gui_find_named (press->root, press->row_name);
  GtkWidget *button = row ? ld_test_gui_find_action (row, press->action) : NULL;

  if (button == NULL || !gtk_widget_get_mapped (button) || !gtk_widget_is_sensitive (button))
    return FALSE;
  g_assert_true (gtk_widget_activate_action (button, press->action, "s", press->row_name));
  return TRUE;
}

typedef struct
{
  Fixture    *fx;
  const char *sql;
} Query;

static gboolean
server_says (gpointer data)
{
  Query *query = data;

  return ld_test_server_query_int (query->fx->orders.server, query->sql) == 1;
}

static void
test_retry_and_cancel (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(LdTestResponse) patient = NULL;
  g_autofree char *failed_id = NULL;
  g_autofree char *waiting_id = NULL;
  g_autofree char *fail = NULL;
  g_autofree char *retried_sql = NULL;
  g_autofree char *cancelled_sql = NULL;
  Press retry = { NULL, NULL, "outbox.retry" };
  Press cancel = { NULL, NULL, "outbox.cancel" };
  Query query = { fx, NULL };
  GtkWidget *page;

  patient = ld_test_send_json (fx->orders.server, "POST", "/api/v1/patients", fx->orders.desk,
                               "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 34,"
                               " \"email\": \"asha@example.com\"}");
  ld_test_assert_status (patient, 201);
  failed_id = book (fx, ld_test_response_get_string (patient, "patient.id"));
  waiting_id = book (fx, ld_test_response_get_string (patient, "patient.id"));
  fail = g_strdup_printf ("UPDATE notifications SET state = 'failed', attempts = 1, last_error ="
                          " 'interrupted while sending' WHERE id = '%s'", failed_id);
  ld_test_sql_exec (fx->orders.server, fail);

  /* Alt+7. */
  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "outbox"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_OUTBOX_PAGE);
  ld_test_gui_wait_text (page, "E-mail failed: interrupted while sending");
  ld_test_gui_wait_text (page, "E-mail on its way");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-outbox");

  /* Only the failed ones. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_gui_child (page, LD_TYPE_ADMIN_OUTBOX_PAGE,
                                                                "state_dropdown")), 3);
  retry.root = page;
  retry.row_name = failed_id;
  ld_test_gui_spin_until (press, &retry, "the failed message's Retry");
  retried_sql = g_strdup_printf ("SELECT COUNT(*) FROM notifications WHERE id = '%s'"
                                 " AND state = 'waiting'", failed_id);
  query.sql = retried_sql;
  ld_test_gui_spin_until (server_says, &query, "the message waiting again");

  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_gui_child (page, LD_TYPE_ADMIN_OUTBOX_PAGE,
                                                                "state_dropdown")), 0);
  cancel.root = page;
  cancel.row_name = waiting_id;
  ld_test_gui_spin_until (press, &cancel, "the waiting message's Cancel");
  cancelled_sql = g_strdup_printf ("SELECT COUNT(*) FROM notifications WHERE id = '%s'"
                                   " AND state = 'cancelled'", waiting_id);
  query.sql = cancelled_sql;
  ld_test_gui_spin_until (server_says, &query, "the message cancelled");
  ld_test_gui_wait_text (page, "E-mail cancelled");
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server,
                                             "SELECT COUNT(*) FROM audit_events WHERE action IN"
                                             " ('notification.retry', 'notification.cancel')"),
                   ==, 2);
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/outbox/retry-and-cancel", Fixture, NULL, fixture_setup,
              test_retry_and_cancel, fixture_teardown);

  return g_test_run ();
}
