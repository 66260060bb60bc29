/* test-gui-desk-day.c: the front desk's day: what is owed, who to visit,
 * and the cash in the drawer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A day is made over HTTP on the real server (orders pending, failed
 * online, cash on collection, paid in cash and by card with a part
 * refund, home visits overdue, today and tomorrow); the receptionist
 * signs in to the real window and goes through the desk's sections by
 * the actions their shortcuts trigger, reading labels as a person would.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-report-format.h"
#include "ld-test-desk-day.h"
#include "ld-test-gui.h"
#include "ui/desk/ld-payment-dialog.h"
#include "ld-test-http.h"
#include "ld-test-reports.h"
#include "ui/desk/ld-cash-report-page.h"
#include "ui/common/ld-page-stack.h"
#include "ui/desk/ld-desk-workspace.h"

typedef struct
{
  LdTestServer *server;
  char         *desk;
  char         *admin;
  /* The orders of the day, by what happened to them. */
  char         *pending;
  char         *failed;
  char         *cod;
  char         *cash;
  char         *card;
  char         *tomorrow;
  char         *today;
  char         *overdue;
} Day;

static void
make_day (Day *day)
{
  g_autofree char *asha = NULL;
  g_autofree char *vikram = NULL;
  g_autofree char *meera = NULL;
  gint64 now_us = g_get_real_time ();

  day->server = ld_test_server_new ();
  day->desk = ld_test_login (day->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  day->admin = ld_test_login (day->server, "admin", LD_TEST_ADMIN_PASSWORD);
  asha = ld_test_desk_patient (day->server, day->desk, "Asha Rao", "9876543210");
  vikram = ld_test_desk_patient (day->server, day->desk, "Vikram Singh", "9822012345");
  meera = ld_test_desk_patient (day->server, day->desk, "Meera Iyer", "9811198111");

  day->pending = ld_test_desk_order (day->server, day->desk, asha, "\"items\": [\"HB\"]");
  day->failed = ld_test_desk_order (day->server, day->desk, vikram, "\"items\": [\"CBC\"]");
  day->cod = ld_test_desk_order (day->server, day->desk, meera, "\"items\": [\"HB\"]");
  day->cash = ld_test_desk_order (day->server, day->desk, asha, "\"items\": [\"CBC\"]");
  day->card = ld_test_desk_order (day->server, day->desk, vikram, "\"items\": [\"HB\"]");
  day->tomorrow = ld_test_desk_home_order (day->server, day->desk, meera, "12 MG Road, Pune");
  day->today = ld_test_desk_home_order (day->server, day->desk, asha, "4 Lake View, Pune");
  day->overdue = ld_test_desk_home_order (day->server, day->desk, vikram, "7 Hill Street, Pune");

  ld_test_desk_fail_online (day->server, day->desk, day->failed);
  ld_test_desk_pay (day->server, day->desk, day->cod, "{\"method\": \"cod\"}");
  ld_test_desk_pay (day->server, day->desk, day->cash,
                    "{\"method\": \"cash\", \"tendered_paise\": 100000}");
  ld_test_desk_refund (
    day->server, day->desk, day->cash,
    "{\"method\": \"cash\", \"amount_paise\": 5000, \"reason\": \"ESR not done\"}");
  ld_test_desk_pay (day->server, day->admin, day->card,
                    "{\"method\": \"card\", \"reference\": \"CARD-4411\"}");

  /* Time passes: one visit's slot is on now, another's has ended; each is
   * then promised cash on collection, which puts the slot in the feed. */
  ld_test_desk_move_slot (day->server, day->today, now_us - G_TIME_SPAN_HOUR,
                          now_us + G_TIME_SPAN_HOUR);
  ld_test_desk_move_slot (day->server, day->overdue, now_us - 3 * G_TIME_SPAN_HOUR,
                          now_us - G_TIME_SPAN_HOUR);
  ld_test_desk_pay (day->server, day->desk, day->today, "{\"method\": \"cod\"}");
  ld_test_desk_pay (day->server, day->desk, day->overdue, "{\"method\": \"cod\"}");
}

static void
day_free (Day *day)
{
  g_free (day->desk);
  g_free (day->admin);
  g_free (day->pending);
  g_free (day->failed);
  g_free (day->cod);
  g_free (day->cash);
  g_free (day->card);
  g_free (day->tomorrow);
  g_free (day->today);
  g_free (day->overdue);
  g_clear_pointer (&day->server, ld_test_server_free);
}

static gint64
balance_of (Day        *day,
            const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (day->server, path, day->desk);

  ld_test_assert_status (order, 200);
  return ld_test_response_get_int (order, "order.balance_paise");
}

/* What the six orders of the day that owe money owe, together. */
static gint64
owed_today (Day *day)
{
  const char *owing[] = { day->pending, day->failed, day->cod, day->tomorrow, day->today,
                          day->overdue };
  gint64 owed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (owing); i++)
    owed += balance_of (day, owing[i]);
  return owed;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelWait;

static gboolean
label_says (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (wait->widget)), wait->text) == 0;
}

static void
wait_label (GtkWidget  *label,
            const char *text)
{
  LabelWait wait = { label, text };
  g_autofree char *what = g_strdup_printf ("the label to say \"%s\"", text);

  ld_test_gui_spin_until (label_says, &wait, what);
}

/* The desk's page-opening actions, heard where the workspace has not
 * installed them (the order page and payment dialog are other screens'). */
typedef struct
{
  char *open_order;
  char *take_payment;
} Heard;

static void
on_heard_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  Heard *heard = user_data;
  char **slot = g_str_equal (g_action_get_name (G_ACTION (action)), "open-order") ?
                &heard->open_order : &heard->take_payment;

  g_free (*slot);
  *slot = g_variant_dup_string (parameter, NULL);
}

static void
listen_desk (GtkWidget *window,
             Heard     *heard)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  const char *names[] = { "open-order", "take-payment" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (names[i], G_VARIANT_TYPE_STRING);

      g_signal_connect (action, "activate", G_CALLBACK (on_heard_cb), heard);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  gtk_widget_insert_action_group (window, "desk", G_ACTION_GROUP (group));
}

/* The order asked for reached the desk: heard, or its page opened. */
static void
assert_opened (GtkWidget  *workspace,
               const char *heard,
               const char *prefix,
               const char *id)
{
  GtkWidget *top = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (workspace));
  g_autofree char *key = g_strdup_printf ("%s:%s", prefix, id);

  if (top != NULL)
    g_assert_cmpstr (ld_page_stack_get_page_key (top), ==, key);
  else
    g_assert_cmpstr (heard, ==, id);
}

static GtkWidget *
section (GtkWidget  *workspace,
         const char *name)
{
  GtkStack *sections =
    GTK_STACK (ld_test_gui_child (workspace, LD_TYPE_DESK_WORKSPACE, "sections"));

  g_assert_true (gtk_widget_activate_action (workspace, "desk.show-section", "s", name));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sections), ==, name);
  return gtk_stack_get_visible_child (sections);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("\"%s\" not found in:\n%s", needle, haystack);
}

/* Every row of the page's lists is filled. */
static gboolean
visits_loaded (gpointer data)
{
  g_autofree char *texts = ld_test_gui_label_texts (data);

  return strstr (texts, "Loading") == NULL;
}

static void
test_owing (void)
{
  Day day = {
    NULL,
  };
  LdTestGui       *gui;
  GtkWidget       *workspace;
  GtkWidget       *owing;
  GtkWidget       *visits;
  GtkWidget       *summary;
  GtkWidget       *view;
  g_autofree char *due = NULL;
  g_autofree char *want = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *after = NULL;
  Heard            heard = {
               NULL,
  };
  gint64 owed;

  make_day (&day);
  owed = owed_today (&day);

  gui = ld_test_gui_open (ld_test_server_get_uri (day.server));
  listen_desk (GTK_WIDGET (gui->window), &heard);
  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "front-desk");

  /* Alt+2. */
  owing = section (workspace, "owing");
  summary = ld_test_gui_find_named (owing, "owing-summary");
  due = ld_report_format_rupees (owed);
  want = g_strdup_printf ("6 orders owing · %s due", due);
  wait_label (summary, want);

  /* Failed first, then the oldest; states in words. */
  texts = ld_test_gui_label_texts (owing);
  assert_contains (texts, "Payment failed");
  assert_contains (texts, "Cash on collection");
  assert_contains (texts, "Not paid");
  assert_contains (texts, "Home collection");
  g_assert_true (strstr (texts, "Vikram Singh") < strstr (texts, "Asha Rao"));
  g_assert_true (strstr (texts, "Payment failed") < strstr (texts, "Not paid"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "desk-owing");

  /* Enter on the first row opens its order: the failed one. */
  view = ld_test_gui_find_type (owing, GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_activate_action (view, "list.activate-item", "u", 0));
  assert_opened (workspace, heard.open_order, "order", day.failed);
  ld_desk_workspace_back (LD_DESK_WORKSPACE (workspace));

  /* Ctrl+M takes its payment: the payment dialog, on the failed order's
   * recovery. */
  g_assert_true (gtk_widget_activate_action (owing, "owing.take-payment", NULL));
  {
    GtkWindow *dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_PAYMENT_DIALOG);

    ld_test_gui_spin_until (visits_loaded, dialog, "the payment dialog's order");
    ld_test_gui_wait_text (GTK_WIDGET (dialog), "The last online payment failed");
    gtk_window_destroy (dialog);
  }

  /* Another desk takes the pending order's money: it leaves the list. */
  ld_test_desk_pay (day.server, day.admin, day.pending,
                    "{\"method\": \"cash\", \"tendered_paise\": 100000}");
  g_free (due);
  g_free (want);
  due =
    ld_report_format_rupees (owed - ld_test_desk_order_total (day.server, day.desk, day.pending));
  want = g_strdup_printf ("5 orders owing · %s due", due);
  wait_label (summary, want);

  /* Alt+3: who to visit, grouped, with what the one who goes needs. */
  visits = section (workspace, "visits");
  wait_label (ld_test_gui_find_named (visits, "visits-overdue-heading"), "Overdue (1)");
  wait_label (ld_test_gui_find_named (visits, "visits-today-heading"), "Today (1)");
  wait_label (ld_test_gui_find_named (visits, "visits-upcoming-heading"), "Coming Days (1)");
  ld_test_gui_spin_until (visits_loaded, visits, "the visits' rows");
  g_free (texts);
  texts = ld_test_gui_label_texts (visits);
  assert_contains (texts, "7 Hill Street, Pune");
  assert_contains (texts, "4 Lake View, Pune");
  assert_contains (texts, "12 MG Road, Pune");
  assert_contains (texts, "Vikram Singh");
  assert_contains (texts, "98220");
  assert_contains (texts, "Haemoglobin");
  g_assert_true (strstr (texts, "Overdue (1)") < strstr (texts, "7 Hill Street"));
  g_assert_true (strstr (texts, "7 Hill Street") < strstr (texts, "Today (1)"));
  g_assert_true (strstr (texts, "Today (1)") < strstr (texts, "4 Lake View"));
  g_assert_true (strstr (texts, "4 Lake View") < strstr (texts, "Coming Days (1)"));
  g_assert_true (strstr (texts, "Coming Days (1)") < strstr (texts, "12 MG Road"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "desk-visits");

  /* Enter on the overdue visit opens its order. */
  g_clear_pointer (&heard.open_order, g_free);
  view = ld_test_gui_find_type (visits, GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_activate_action (view, "list.activate-item", "u", 0));
  assert_opened (workspace, heard.open_order, "order", day.overdue);
  ld_desk_workspace_back (LD_DESK_WORKSPACE (workspace));

  ld_test_gui_close (gui);
  g_free (heard.open_order);
  g_free (heard.take_payment);
  day_free (&day);
}

/* The PDF is whole: GTK has finished writing it. */
static gboolean
pdf_written (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* The end marker is in the last bytes; binary streams before it hold NULs. */
  return g_file_get_contents (data, &contents, &length, NULL) && length > 32 &&
         g_strstr_len (contents + length - 32, 32, "%%EOF") != NULL;
}

/* The page's Print button is live: its report is here. */
static gboolean
print_enabled (gpointer data)
{
  GtkWidget *button = ld_test_gui_find_action (data, "cash.print");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static JsonObject *
total_of (JsonArray  *totals,
          const char *key,
          const char *value)
{
  for (guint i = 0; i < json_array_get_length (totals); i++)
    {
      JsonObject *total = json_array_get_object_element (totals, i);

      if (g_strcmp0 (json_object_get_string_member (total, key), value) == 0)
        return total;
    }
  g_error ("no total for %s", value);
}

/* The money of the day in the server's words, as the desk must show it. */
typedef struct
{
  gint64 net;
  gint64 method_net[3];
  guint  n_entries;
} Counted;

static void
count_cash (Day     *day,
            Counted *counted)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/cash?date=%s", date);
  g_autoptr(LdTestResponse) cash = ld_test_get (day->server, path, day->desk);
  JsonObject *root;
  JsonArray *totals;
  const char *methods[] = { "cash", "card", "upi" };
  gint64 sum = 0;

  ld_test_assert_status (cash, 200);
  root = ld_test_response_object (cash);
  totals = json_object_get_array_member (root, "totals");
  counted->n_entries = json_array_get_length (json_object_get_array_member (root, "entries"));
  counted->net = 0;
  for (guint i = 0; i < json_array_get_length (totals); i++)
    counted->net +=
      json_object_get_int_member (json_array_get_object_element (totals, i), "net_paise");
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    counted->method_net[i] =
      json_object_get_int_member (total_of (totals, "method", methods[i]), "net_paise");
  /* The users' totals count the same money. */
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (root, "users")); i++)
    sum += json_object_get_int_member (
      json_array_get_object_element (json_object_get_array_member (root, "users"), i), "net_paise");
  g_assert_cmpint (sum, ==, counted->net);
}

/* Alt+4 shows every payment and refund and the day's net; Ctrl+Shift+P
 * prints it for the drawer, read back from the PDF. */
static void
test_cash_report (void)
{
  Day day = {
    NULL,
  };
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *cash;
  Counted    counted = {
       0,
  };
  g_autofree char *net = NULL;
  g_autofree char *want = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *printed = NULL;
  const char      *dir = g_getenv ("LD_SCREENSHOT_DIR");
  Heard            heard = {
               NULL,
  };
  GtkListBox *entries;

  make_day (&day);
  count_cash (&day, &counted);
  /* Cash in, a cash refund, a card payment, promises left out. */
  g_assert_cmpuint (counted.n_entries, ==, 3);

  gui = ld_test_gui_open (ld_test_server_get_uri (day.server));
  listen_desk (GTK_WIDGET (gui->window), &heard);
  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "front-desk");

  cash = section (workspace, "cash");
  net = ld_report_format_rupees (counted.net);
  want = g_strdup_printf ("Net for the day: %s", net);
  wait_label (ld_test_gui_find_named (cash, "cash-net"), want);
  texts = ld_test_gui_label_texts (cash);
  assert_contains (texts, "CARD-4411");
  assert_contains (texts, "Refund (Cash)");
  assert_contains (texts, "Reason: ESR not done");
  assert_contains (texts, "Priya Sharma");
  assert_contains (texts, "Asha Rao");
  assert_contains (texts, "Vikram Singh");
  g_assert_null (strstr (texts, "Meera Iyer"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "desk-cash-report");

  /* Enter on a payment (the row after the headings) opens its order. */
  entries = GTK_LIST_BOX (ld_test_gui_child (cash, LD_TYPE_CASH_REPORT_PAGE, "entries_list"));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (entries, 1))));
  assert_opened (workspace, heard.open_order, "order", day.cash);
  ld_desk_workspace_back (LD_DESK_WORKSPACE (workspace));
  section (workspace, "cash");
  /* Shown again, the report is read again: printed once it is here. */
  ld_test_gui_spin_until (print_enabled, cash, "the cash report read again");

  /* Ctrl+Shift+P, to a PDF rather than the printer. */
  pdf = g_build_filename (ld_test_server_get_tmpdir (day.server), "cash-report.pdf", NULL);
  ld_cash_report_page_set_export_path (LD_CASH_REPORT_PAGE (cash), pdf);
  g_assert_true (gtk_widget_activate_action (workspace, "desk.print-cash-report", NULL));
  ld_test_gui_spin_until (pdf_written, pdf, "the cash report's PDF");
  printed = ld_test_pdf_text (pdf, 0);
  assert_contains (printed, "Cash Report");
  assert_contains (printed, "CARD-4411");
  assert_contains (printed, "Reason: ESR not");
  assert_contains (printed, "Asha Rao");
  assert_contains (printed, "Totals by method");
  assert_contains (printed, "Totals by user");
  assert_contains (printed, "Printed by Priya Sharma");
  assert_contains (printed, "Page 1 of 1");
  assert_contains (printed, want);
  /* Per method, the server's nets; they add up to the day's. */
  g_assert_cmpint (counted.method_net[0] + counted.method_net[1] + counted.method_net[2], ==,
                   counted.net);
  for (guint i = 0; i < G_N_ELEMENTS (counted.method_net); i++)
    {
      const char *names[] = { "Cash", "Card", "UPI" };
      g_autofree char *amount = ld_report_format_money (counted.method_net[i]);
      g_autofree char *pattern =
        g_strdup_printf ("\\n *%s +[0-9]+ +[0-9]+ +[-0-9.,]+ +[-0-9.,]+ +%s\\n", names[i], amount);

      if (!g_regex_match_simple (pattern, printed, 0, 0))
        g_error ("no line for %s netting %s in:\n%s", names[i], amount, printed);
    }
  if (dir != NULL)
    {
      g_autofree char *png = ld_test_pdf_to_png (pdf, 1, 60);
      g_autofree char *target = g_build_filename (dir, "desk-cash-report-pdf.png", NULL);
      g_autoptr(GFile) from = g_file_new_for_path (png);
      g_autoptr(GFile) to = g_file_new_for_path (target);
      g_autoptr(GError) error = NULL;

      g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  /* The day before (Ctrl+Page Up): nothing changed hands; Ctrl+Home
   * comes back to today. */
  g_assert_true (gtk_widget_activate_action (cash, "cash.previous-day", NULL));
  wait_label (ld_test_gui_find_named (cash, "cash-net"), "Net for the day: \u20b90.00");
  g_assert_true (gtk_widget_activate_action (cash, "cash.today", NULL));
  wait_label (ld_test_gui_find_named (cash, "cash-net"), want);

  /* A day picked on the calendar. */
  {
    GtkCalendar *calendar =
      GTK_CALENDAR (ld_test_gui_child (cash, LD_TYPE_CASH_REPORT_PAGE, "calendar"));
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) week_ago = g_date_time_add_days (now, -7);
    g_autofree char *title = g_date_time_format (week_ago, "%A, %d %B %Y");

    gtk_calendar_select_day (calendar, week_ago);
    wait_label (ld_test_gui_find_named (cash, "cash-day"), title);
    wait_label (ld_test_gui_find_named (cash, "cash-net"), "Net for the day: \u20b90.00");
  }

  ld_test_gui_close (gui);
  g_free (heard.open_order);
  g_free (heard.take_payment);
  day_free (&day);
}

static gboolean
object_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
shows_error (gpointer data)
{
  GtkStack *stack = GTK_STACK (ld_test_gui_child (data, LD_TYPE_CASH_REPORT_PAGE, "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0;
}

/* Signs out and waits until the session has let go. */
static void
sign_out (LdTestGui *gui)
{
  gpointer session = ld_context_get_session (gui->context);

  g_object_add_weak_pointer (G_OBJECT (session), &session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.sign-out", NULL));
  ld_test_gui_spin_until (object_is_gone, &session, "the session to be released");
}

/* The server is gone: the owing list still shows the day from the cache;
 * the cash report says plainly that it needs the server. */
static void
test_offline (void)
{
  Day day = {
    NULL,
  };
  LdTestGui       *gui;
  GtkWidget       *workspace;
  GtkWidget       *cash;
  AdwStatusPage   *error_page;
  g_autofree char *want = NULL;
  g_autofree char *due = NULL;

  make_day (&day);
  due = ld_report_format_rupees (owed_today (&day));
  want = g_strdup_printf ("6 orders owing · %s due", due);

  gui = ld_test_gui_open (ld_test_server_get_uri (day.server));
  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "front-desk");
  wait_label (ld_test_gui_find_named (section (workspace, "owing"), "owing-summary"), want);
  sign_out (gui);

  g_clear_pointer (&day.server, ld_test_server_free);
  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_assert_true (ld_session_get_signed_in_offline (ld_context_get_session (gui->context)));
  workspace = ld_test_gui_workspace (gui, "front-desk");
  wait_label (ld_test_gui_find_named (section (workspace, "owing"), "owing-summary"), want);

  cash = section (workspace, "cash");
  ld_test_gui_spin_until (shows_error, cash, "the cash report to say it needs the server");
  error_page = ADW_STATUS_PAGE (ld_test_gui_child (cash, LD_TYPE_CASH_REPORT_PAGE, "error_page"));
  g_assert_cmpstr (adw_status_page_get_title (error_page), ==, "The Cash Report Needs the Server");
  assert_contains (adw_status_page_get_description (error_page), "offline");
  /* F5 asks again, and says the same. */
  g_assert_true (gtk_widget_activate_action (cash, "cash.refresh", NULL));
  g_assert_true (shows_error (cash));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "desk-cash-report-offline");

  sign_out (gui);
  ld_test_gui_close (gui);
  day_free (&day);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-desk-day-XXXXXX", NULL);
  int status;

  /* The window keeps its cache in the user's data folder, named after the
   * server's address: a cache left there by another run on the same port
   * must not be this run's. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/desk-day/owing-and-visits", test_owing);
  g_test_add_func ("/gui/desk-day/cash-report", test_cash_report);
  g_test_add_func ("/gui/desk-day/offline", test_offline);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
