/* test-gui-admin-analytics.c: the administrator reads the lab's figures
 * for a period and exports them, in the real window against the real
 * server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "common/ld-chart.h"
#include "ld-report-format.h"
#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-test-server.h"
#include "ui/admin/ld-admin-analytics-page.h"
#include "ui/admin/ld-admin-workspace.h"
#include "ui/admin/ld-figure-row.h"
#include "ui/ld-window.h"
#include "ld-context.h"
#include "ld-session.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *admin;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ld_order_fixture_setup (&fx->orders, data);
  fx->dir = g_dir_make_tmp ("ld-analytics-XXXXXX", &error);
  g_assert_no_error (error);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (LD_IS_ADMIN_WORKSPACE (fx->admin));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

#define SEEDED_ORDERS 5

static const char *
label_text (GtkWidget  *page,
            const char *name)
{
  GtkWidget *label = ld_test_gui_find_named (page, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
pay_ok (Fixture    *fx,
        const char *order_id,
        const char *json)
{
  g_autoptr(LdTestResponse) resp = ld_test_pay (&fx->orders, order_id, json);

  ld_test_assert_status (resp, 201);
}

/* Five orders today: one paid by card, one by UPI, one by cash and part
 * refunded, one whose online payment failed, one left unpaid. The card
 * and UPI orders' tests are released with every stage timed (ESR ten
 * minutes slower to release than HB), written in the database as the
 * lab would have. */
static void
seed (Fixture *fx)
{
  g_autofree char *card = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autofree char *upi = ld_test_create_order_ok (&fx->orders, "\"items\": [\"ESR\", \"HB\"]");
  g_autofree char *unpaid = ld_test_create_order_ok (&fx->orders, "\"items\": [\"ESR\"]");
  g_autofree char *cash = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autofree char *online = ld_test_create_order_ok (&fx->orders, "\"items\": [\"ESR\"]");
  g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%s/refunds", cash);
  g_autoptr(LdTestResponse) attempt = NULL;
  g_autoptr(LdTestResponse) failed = NULL;
  g_autoptr(LdTestResponse) refund = NULL;

  pay_ok (fx, card, "{\"method\": \"card\", \"reference\": \"T-1\"}");
  pay_ok (fx, upi, "{\"method\": \"upi\", \"reference\": \"U-1\"}");
  pay_ok (fx, cash, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  refund = ld_test_send_json (fx->orders.server, "POST", refund_path, fx->orders.desk,
                              "{\"method\": \"cash\", \"amount_paise\": 2000, \"reason\": \"x\"}");
  ld_test_assert_status (refund, 201);
  attempt = ld_test_pay (&fx->orders, online, "{\"method\": \"online\"}");
  ld_test_assert_status (attempt, 201);
  failed =
    ld_test_decide_payment (&fx->orders, ld_test_response_get_string (attempt, "payment.id"),
                            "{\"version\": 1, \"status\": \"failed\", \"failure_reason\": \"x\"}");
  ld_test_assert_status (failed, 200);

  ld_test_sql_exec (
    fx->orders.server,
    "INSERT INTO results (id, order_id, test_code, state, collected_us, received_us,"
    "                     entered_us, verified_us, released_us)"
    " SELECT 'gr-' || t.order_id || t.test_code, t.order_id, t.test_code, 'released',"
    "        o.created_us + 600000000, o.created_us + 1200000000,"
    "        o.created_us + 3000000000, o.created_us + 3600000000,"
    "        o.created_us + (CASE t.test_code WHEN 'ESR' THEN 80 ELSE 70 END) * 60000000"
    " FROM order_tests t JOIN orders o ON o.id = t.order_id"
    " WHERE o.id IN (SELECT order_id FROM payments WHERE method IN ('card', 'upi'))");
}

/* Whether the page's figures are scrolled to put @data at the top, trying
 * again as the page grows (a row just opened is laid out on a frame). */
static gboolean
scrolled_to (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  /* The viewport's child moves as it scrolls; its own top is the page's. */
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t at;
  double target;

  if (!gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &at))
    return FALSE;
  target = MIN (at.y - 40,
                gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, at.y - 40);
  return at.y - 40 <=
           gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) &&
         ABS (gtk_adjustment_get_value (adjustment) - target) < 1;
}

static void
scroll_to (GtkWidget *widget)
{
  ld_test_gui_spin_until (scrolled_to, widget, "the figures scrolled");
  ld_test_gui_spin_idle ();
}

/* Sums @column of @rows by @key, into a table of key → sum. */
static GHashTable *
sum_by (JsonArray  *rows,
        const char *key,
        const char *column)
{
  GHashTable *sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *name = json_object_get_string_member (row, key);
      gint64 *sum = g_hash_table_lookup (sums, name);

      if (sum == NULL)
        {
          sum = g_new0 (gint64, 1);
          g_hash_table_insert (sums, g_strdup (name), sum);
        }
      *sum += json_object_get_int_member (row, column);
    }
  return sums;
}

/* The sections once only in CSV: orders by payment state and method,
 * revenue by method, turnaround per test, each against the server's
 * answer @resp. */
static void
check_money_and_tests (GtkWidget      *page,
                       LdTestResponse *resp)
{
  JsonArray *payment_rows =
    json_object_get_array_member (ld_test_response_object (resp), "orders_by_payment");
  JsonArray *revenue_rows =
    json_object_get_array_member (ld_test_response_object (resp), "revenue");
  JsonArray *test_rows =
    json_object_get_array_member (ld_test_response_object (resp), "turnaround_tests");
  g_autoptr(GHashTable) by_state = sum_by (payment_rows, "payment_state", "orders");
  g_autoptr(GHashTable) by_method = sum_by (payment_rows, "method", "orders");
  g_autoptr(GHashTable) net_by_method = sum_by (revenue_rows, "method", "net_paise");
  LdChart *chart =
    LD_CHART (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "payment_chart"));
  GHashTableIter iter;
  gpointer key, value;
  gint64 charted = 0;
  guint n_released = 0;

  /* The five stories end in four states (two paid, part refunded, failed,
   * not paid) by five methods (one order never tried). */
  g_assert_cmpuint (g_hash_table_size (by_state), ==, 4);
  g_assert_cmpuint (g_hash_table_size (by_method), ==, 5);
  g_hash_table_iter_init (&iter, by_state);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strdup_printf ("payment-state-%s", (char *) key);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) value);

      g_assert_cmpstr (label_text (page, name), ==, number);
    }
  for (guint i = 0; i < ld_chart_get_n_points (chart, 0); i++)
    {
      LdChartPoint point;

      g_assert_true (ld_chart_get_point (chart, 0, i, &point));
      charted += (gint64) point.y;
    }
  g_assert_cmpint (charted, ==, SEEDED_ORDERS);

  g_hash_table_iter_init (&iter, by_method);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strdup_printf ("payment-method-%s", (char *) key);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) value);

      g_assert_cmpstr (label_text (page, name), ==, number);
    }

  g_assert_cmpuint (g_hash_table_size (net_by_method), ==, 3);
  g_hash_table_iter_init (&iter, net_by_method);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strdup_printf ("revenue-method-%s", (char *) key);
      g_autofree char *rupees = ld_report_format_rupees (*(gint64 *) value);

      g_assert_cmpstr (label_text (page, name), ==, rupees);
    }

  /* Two tests, six stages each, every figure as the server's minutes,
   * read as a person does: each test's row opened on its stages. */
  g_assert_cmpuint (json_array_get_length (test_rows), ==, 12);
  g_assert_null (ld_test_gui_find_named (page, "turnaround-test-HB-ordered_released"));
  {
    GtkListBox *tests =
      GTK_LIST_BOX (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "tests_list"));
    GtkListBoxRow *test_row;

    /* Each test's row opened as a person does (Enter, Space or a click
     * activates it); its six stages come under it, so the next test's
     * row is seven further on. */
    for (guint i = 0; (test_row = gtk_list_box_get_row_at_index (tests, i)) != NULL; i += 7)
      {
        ld_test_gui_click (GTK_WIDGET (test_row));
        g_assert_true (ld_figure_row_get_expanded (LD_FIGURE_ROW (test_row)));
      }
  }
  for (guint i = 0; i < json_array_get_length (test_rows); i++)
    {
      JsonObject      *row = json_array_get_object_element (test_rows, i);
      g_autofree char *name =
        g_strdup_printf ("turnaround-test-%s-%s", json_object_get_string_member (row, "test_code"),
                         json_object_get_string_member (row, "stage"));
      g_autofree char *expected = NULL;

      if (json_object_get_null_member (row, "median_minutes"))
        expected = g_strdup ("no results");
      else
        {
          expected = g_strdup_printf ("median %" G_GINT64_FORMAT " min · 90th percentile %"
                                      G_GINT64_FORMAT " min",
                                      json_object_get_int_member (row, "median_minutes"),
                                      json_object_get_int_member (row, "p90_minutes"));
          n_released +=
            g_str_equal (json_object_get_string_member (row, "stage"), "ordered_released");
        }
      g_assert_cmpstr (label_text (page, name), ==, expected);
    }
  g_assert_cmpuint (n_released, ==, 2);
  g_assert_cmpstr (label_text (page, "turnaround-test-ESR-ordered_released"), ==,
                   "median 80 min · 90th percentile 80 min");
}

static gboolean
shows_period (gpointer data)
{
  gpointer *args = data;
  GtkWidget *label = ld_test_gui_child (args[0], LD_TYPE_ADMIN_ANALYTICS_PAGE, "period_label");

  return strstr (gtk_label_get_text (GTK_LABEL (label)), args[1]) != NULL &&
         ld_test_gui_find_named (args[0], "rate-completion") != NULL;
}

/* Types the period @day to @day, as a person does, and waits for its figures. */
static void
show_day (GtkWidget  *page,
          const char *day)
{
  gpointer args[2] = { page, (gpointer) day };

  ld_test_gui_retype (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "from_entry"), day);
  ld_test_gui_retype (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "to_entry"), day);
  ld_test_gui_enter (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "to_entry"));
  ld_test_gui_spin_until (shows_period, args, "the figures shown");
}

/* The list @name holds one row, saying @title. */
static void
assert_only_row (GtkWidget  *page,
                 const char *name,
                 const char *title)
{
  GtkListBox *list = GTK_LIST_BOX (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, name));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
}

static gboolean
says_saved (gpointer data)
{
  GtkWidget *label = ld_test_gui_child (data, LD_TYPE_ADMIN_ANALYTICS_PAGE, "status_label");

  return g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Saved to ");
}

static void
export_and_compare (Fixture    *fx,
                    GtkWidget  *page,
                    const char *section,
                    const char *period)
{
  g_autofree char *base = g_strdup_printf ("%s.csv", section);
  g_autofree char *path = g_build_filename (fx->dir, base, NULL);
  g_autofree char *server_path = g_strdup_printf ("/api/v1/analytics/%s.csv?%s", section, period);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LdTestResponse) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  gsize length;

  /* What the chooser's Save does with the file chosen. Opening GTK's own
   * save dialog here leaves a GFileInfo of its folder listing to
   * LeakSanitizer, so the test starts from the file chosen. */
  ld_admin_analytics_page_export (LD_ADMIN_ANALYTICS_PAGE (page), section, file);
  ld_test_gui_spin_until (says_saved, page, "the CSV saved");

  csv = ld_test_get (fx->orders.server, server_path, fx->orders.admin);
  ld_test_assert_status (csv, 200);
  g_file_get_contents (path, &saved, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpmem (saved, length, csv->body, csv->length);
}

/* As tests/test-gui-admin.c checks every administration screen. */
/* Today's figures as the page shows them, against the server's answer
 * for the same period, read over HTTP. */
static void
test_figures_and_export (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *period = g_strdup_printf ("from=%s&to=%s", today, today);
  g_autofree char *path = g_strdup_printf ("/api/v1/analytics?%s", period);
  g_autoptr(LdTestResponse) resp = NULL;
  gpointer args[2];
  GtkWidget *page;
  LdChart *states_chart;
  LdChart *revenue_chart;
  JsonArray *rows;
  gint64 orders_total = 0;
  gint64 net_total = 0;
  g_autofree char *net_text = NULL;

  seed (fx);
  /* The size the page must stay readable at. */
  gtk_window_set_default_size (GTK_WINDOW (fx->gui->window), 1280, 900);

  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "analytics"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_ANALYTICS_PAGE);
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "analytics.export")));

  /* A date that is no date is named at its field, and nothing is asked. */
  ld_test_gui_retype (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "from_entry"),
                      "yesterday");
  ld_test_gui_enter (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "from_entry"));
  g_assert_true (
    gtk_widget_has_css_class (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "from_entry"),
                              "error"));

  ld_test_gui_retype (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "from_entry"), today);
  ld_test_gui_retype (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "to_entry"), today);
  ld_test_gui_enter (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "to_entry"));
  args[0] = page;
  args[1] = today;
  ld_test_gui_spin_until (shows_period, args, "the figures shown");

  resp = ld_test_get (fx->orders.server, path, fx->orders.admin);
  ld_test_assert_status (resp, 200);

  /* Orders by lab state: each number in the list and each bar. */
  states_chart = LD_CHART (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "states_chart"));
  rows = json_object_get_array_member (ld_test_response_object (resp), "orders_by_lab_state");
  g_assert_cmpuint (json_array_get_length (rows), ==, 8);
  g_assert_cmpuint (ld_chart_get_n_series (states_chart), ==, 1);
  g_assert_cmpuint (ld_chart_get_n_points (states_chart, 0), ==, json_array_get_length (rows));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject      *row = json_array_get_object_element (rows, i);
      gint64           orders = json_object_get_int_member (row, "orders");
      g_autofree char *name =
        g_strdup_printf ("lab-state-%s", json_object_get_string_member (row, "lab_state"));
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, orders);
      LdChartPoint point;

      g_assert_cmpstr (label_text (page, name), ==, number);
      g_assert_true (ld_chart_get_point (states_chart, 0, i, &point));
      g_assert_cmpfloat (point.x, ==, i);
      g_assert_cmpfloat (point.y, ==, orders);
      orders_total += orders;
    }
  g_assert_cmpint (orders_total, ==, SEEDED_ORDERS);

  /* Revenue: today's net is the one bar, and the total says it. */
  revenue_chart =
    LD_CHART (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "revenue_chart"));
  rows = json_object_get_array_member (ld_test_response_object (resp), "revenue");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    net_total += json_object_get_int_member (json_array_get_object_element (rows, i), "net_paise");
  g_assert_cmpint (net_total, >, 0);
  g_assert_cmpuint (ld_chart_get_n_points (revenue_chart, 0), ==, 1);
  {
    LdChartPoint point;

    g_assert_true (ld_chart_get_point (revenue_chart, 0, 0, &point));
    g_assert_cmpfloat (point.y, ==, net_total);
  }
  net_text = ld_report_format_rupees (net_total);
  g_assert_nonnull (strstr (label_text (page, "revenue-total"), net_text));

  /* Rates: each in percent, as the server's basis points. */
  rows = json_object_get_array_member (ld_test_response_object (resp), "rates");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject      *row = json_array_get_object_element (rows, i);
      g_autofree char *name =
        g_strdup_printf ("rate-%s", json_object_get_string_member (row, "rate"));
      g_autofree char *expected = NULL;

      if (json_object_get_null_member (row, "rate_bp"))
        expected = g_strdup ("none to count");
      else
        {
          gint64 bp = json_object_get_int_member (row, "rate_bp");

          expected =
            g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT " %%", bp / 100, bp % 100);
        }
      g_assert_cmpstr (label_text (page, name), ==, expected);
    }

  check_money_and_tests (page, resp);

  ld_test_a11y_assert_named (fx->admin, "the analytics");
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-analytics");
  scroll_to (ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "payment_chart"));
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-analytics-payments");
  {
    GtkWidget *tests = ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "tests_list");
    GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (tests), 0));

    /* Left open by check_money_and_tests(). */
    g_assert_true (ld_figure_row_get_expanded (LD_FIGURE_ROW (first)));
    scroll_to (tests);
    ld_test_a11y_assert_named (fx->admin, "the analytics' turnaround per test");
    ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-analytics-tests");
  }

  /* Export: the bytes saved are the server's. */
  g_assert_true (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "analytics.export")));
  export_and_compare (fx, page, "revenue", period);
  export_and_compare (fx, page, "rates", period);

  /* Another period's answer reuses the rows: a day without work leaves
   * nothing of today's behind (the tests' rows were left open), and
   * today again is counted as before. */
  show_day (page, "2001-01-01");
  rows = json_object_get_array_member (ld_test_response_object (resp), "orders_by_lab_state");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject      *row = json_array_get_object_element (rows, i);
      g_autofree char *name =
        g_strdup_printf ("lab-state-%s", json_object_get_string_member (row, "lab_state"));

      g_assert_cmpstr (label_text (page, name), ==, "0");
    }
  assert_only_row (page, "workload_list", "Nobody collected, entered, verified or released");
  assert_only_row (page, "method_list", "No orders in the period");
  assert_only_row (page, "method_revenue_list", "No money moved in the period");
  assert_only_row (page, "tests_list", "No results in the period");
  g_assert_null (ld_test_gui_find_named (page, "turnaround-test-ESR-ordered_released"));
  show_day (page, today);
  g_assert_cmpstr (label_text (page, "rate-completion"), !=, "none to count");
  check_money_and_tests (page, resp);
}

static gboolean
session_offline (gpointer data)
{
  Fixture *fx = data;

  return !ld_session_get_online (ld_context_get_session (fx->gui->context));
}

/* With the server away, Show is off and the page says why. */
static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *offline;

  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "analytics"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_ANALYTICS_PAGE);
  g_assert_true (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "analytics.show")));

  g_clear_pointer (&fx->orders.server, ld_test_server_free);
  ld_test_gui_spin_until (session_offline, fx, "the session to see the server gone");
  ld_test_gui_spin_idle ();
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "analytics.show")));
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "analytics.export")));
  offline = ld_test_gui_child (page, LD_TYPE_ADMIN_ANALYTICS_PAGE, "offline_label");
  g_assert_true (gtk_widget_get_visible (offline));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (offline)), "Offline"));
}

int
main (int   argc,
      char *argv[])
{
  /* The in-memory accessibility backend, so that the names a screen
   * reader would read can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/analytics/figures-and-export", Fixture, NULL, fixture_setup,
              test_figures_and_export, fixture_teardown);
  g_test_add ("/gui/admin/analytics/offline", Fixture, NULL, fixture_setup, test_offline,
              fixture_teardown);

  return g_test_run ();
}
