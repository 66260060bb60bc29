/* test-gui-desk-notify.c: the desk sees what was e-mailed and resends one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb. An order for a
 * patient with an e-mail address has its messages; the sender's outcome
 * (one taken by the mail server at a known time, one refused with
 * "mailbox full") is set behind the server as the sender records it
 * (tests/test-notify-mail.c drives the real sender). The desk opens the
 * order and reads "E-mailed 10:42" and "E-mail failed: …", presses Resend
 * on the failed one, and the server has a new message, waiting, that
 * names the one it copies; the page says it is on its way.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-orders.h"
#include "ui/desk/ld-order-notifications.h"
#include "ui/desk/ld-order-page.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

static gboolean
resent_on_server (gpointer data)
{
  Fixture *fx = data;

  return ld_test_server_query_int (fx->orders.server,
                                   "SELECT COUNT(*) FROM notifications WHERE state = 'waiting'"
                                   " AND resent_from IS NOT NULL") == 1;
}

typedef struct
{
  GtkWidget  *root;
  const char *row_name;
  gboolean    pressed;
} Press;

/* Presses the Resend of the row named so, once it shows one. */
static gboolean
press_resend (gpointer data)
{
  Press *press = data;
  GtkWidget *row = ld_test_gui_find_named (press->root, press->row_name);
  GtkWidget *button = row ? ld_test_gui_find_action (row, "notifications.resend") : NULL;

  if (button == NULL || !gtk_widget_get_mapped (button) || !gtk_widget_is_sensitive (button))
    return FALSE;
  g_assert_true (gtk_widget_activate_action (button, "notifications.resend", "s",
                                             press->row_name));
  press->pressed = TRUE;
  return TRUE;
}

static void
test_desk_sees_and_resends (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) paid = NULL;
  g_autoptr(LdTestResponse) listed = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_local (2026, 11, 26, 10, 42, 0);
  g_autofree char *path = NULL;
  const char *failed_id = NULL;
  JsonArray *items;
  Press press = { NULL, NULL, FALSE };
  g_autofree char *body = NULL;
  g_autofree char *sent = NULL;
  GtkWidget *order_page;

  patient = ld_test_send_json (fx->orders.server, "POST", "/api/v1/patients", fx->orders.desk,
                               "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 34,"
                               " \"email\": \"asha@example.com\"}");
  ld_test_assert_status (patient, 201);
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"GLUF\"]}",
                          ld_test_response_get_string (patient, "patient.id"));
  order = ld_test_send_json (fx->orders.server, "POST", "/api/v1/orders", fx->orders.desk, body);
  ld_test_assert_status (order, 201);
  paid = ld_test_pay (&fx->orders, ld_test_response_get_string (order, "order.id"),
                      "{\"method\": \"cash\", \"tendered_paise\": 100000}");
  ld_test_assert_status (paid, 201);

  /* The confirmation went at 10:42 today; the receipt met a full mailbox. */
  sent = g_strdup_printf (
    "UPDATE notifications SET state = 'sent', attempts = 1, sent_us = %" G_GINT64_FORMAT
    " WHERE template = 'order-confirmed'",
    g_date_time_to_unix (at) * G_USEC_PER_SEC);
  ld_test_sql_exec (fx->orders.server, sent);
  ld_test_sql_exec (fx->orders.server,
                    "UPDATE notifications SET state = 'given_up', attempts = 1,"
                    " last_error = '552 5.2.2 Mailbox full' WHERE template = 'payment-received'");

  gtk_widget_activate_action (fx->desk, "desk.open-order", "s",
                              ld_test_response_get_string (order, "order.id"));
  order_page = ld_test_gui_wait_type (fx->desk, LD_TYPE_ORDER_PAGE);
  ld_test_gui_wait_text (order_page, "E-mailed 10:42");
  ld_test_gui_wait_text (order_page, "E-mail failed: 552 5.2.2 Mailbox full");
  ld_test_gui_wait_text (order_page, "Payment received");
  ld_test_gui_screenshot (ld_test_gui_find_type (order_page, LD_TYPE_ORDER_NOTIFICATIONS),
                          "desk-order-notifications");

  /* The failed one's row, and its Resend. */
  path = g_strdup_printf ("/api/v1/orders/%s/notifications",
                          ld_test_response_get_string (order, "order.id"));
  listed = ld_test_get (fx->orders.server, path, fx->orders.admin);
  ld_test_assert_status (listed, 200);
  items = json_object_get_array_member (ld_test_response_object (listed), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "template"), "payment-received"))
        failed_id = json_object_get_string_member (item, "id");
    }
  g_assert_nonnull (failed_id);
  /* Found afresh each time: a read of the list may replace its rows. */
  press.root = order_page;
  press.row_name = failed_id;
  ld_test_gui_spin_until (press_resend, &press, "the failed message's Resend");
  ld_test_gui_spin_until (resent_on_server, fx, "the resent message on the server");
  ld_test_gui_wait_text (order_page, "E-mail on its way");
  ld_test_gui_wait_text (order_page, "Sent again");
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server,
                                             "SELECT COUNT(*) FROM audit_events"
                                             " WHERE action = 'notification.resend'"),
                   ==, 1);
  ld_test_gui_screenshot (ld_test_gui_find_type (order_page, LD_TYPE_ORDER_NOTIFICATIONS),
                          "desk-order-resent");
}

int
main (int    argc,
      char **argv)
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/notifications/sees-and-resends", Fixture, NULL, fixture_setup,
              test_desk_sees_and_resends, fixture_teardown);

  return g_test_run ();
}
