/* test-gui-one-door.c: the screens offer only what the server allows
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30: each page asks the session (the shared checks the server
 * runs too) which of its steps this user may take on this record, so no
 * button is offered that can only fail. In the real window, against the
 * real server: a technician who is not an authorised signatory opens an
 * order whose results are all verified and sees no Release, and Ctrl+R
 * releases nothing; the signatory sees Release, presses it, and the
 * server holds the report released. At the desk, on an order paid and
 * partly refunded, the refund dialog takes no more than what is left,
 * and the server's figures do not move; an order not paid offers no
 * refund at all.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-report-format.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-window.h"
#include "store/ld-outbox.h"
#include "ui/desk/ld-desk-workspace.h"
#include "ui/desk/ld-order-page.h"
#include "ui/desk/ld-refund-dialog.h"
#include "ui/ld-home-page.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-verify-page.h"

#define PATIENT "{\"name\": \"Lakshmi Menon\", \"sex\": \"female\", \"age_years\": 58}"

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* An order whose one result one technician entered and another
 * verified, over HTTP: all it waits for is its release. */
static char *
order_verified (LdLab *lab)
{
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);
  return g_steal_pointer (&order_id);
}

static char *
dup_lab_state (LdLab      *lab,
               const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->admin);

  ld_test_assert_status (order, 200);
  return g_strdup (ld_test_response_get_string (order, "order.lab_state"));
}

/* What the scanner does: the number typed anywhere and Enter. */
static void
scan (LdTestGui  *gui,
      const char *text)
{
  GtkWidget *search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW,
                                         "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  ld_test_gui_type (search, text);
  ld_test_gui_enter (search);
}

/* Signed in at the bench, the order scanned and its verification opened
 * (Ctrl+Shift+V on the order's page). */
static GtkWidget *
open_verify_page (LdTestGui  *gui,
                  const char *username,
                  const char *password,
                  const char *number)
{
  GtkWidget *workspace;
  GtkWidget *order_page;

  ld_test_gui_sign_in (gui, username, password);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  g_assert_true (LD_IS_LAB_WORKSPACE (workspace));
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "completed", "Completed 1");
  scan (gui, number);
  order_page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_action (order_page, "lab-order.verify");
  g_assert_true (gtk_widget_activate_action (order_page, "lab-order.verify", NULL));
  return ld_test_gui_wait_type (workspace, LD_TYPE_VERIFY_PAGE);
}

/* (a) Ravi, a technician but no signatory: every result verified, and
 * no Release anywhere on the page; its shortcut does nothing. */
static void
test_technician_sees_no_release (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *order_id = order_verified (lab);
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *texts = NULL;
  g_autofree char *state = NULL;
  LdTestGui *gui;
  GtkWidget *page;

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  page = open_verify_page (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD, number);
  ld_test_gui_wait_text (page, "Haemoglobin (HB)");
  ld_test_gui_wait_text (page, "Results verified");
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-technician");

  /* Nothing wired to the release is shown, and no button says it. */
  g_assert_null (ld_test_gui_find_action (page, "verify.release"));
  g_assert_null (ld_test_gui_find_button (page, "_Release Report"));
  texts = ld_test_gui_label_texts (page);
  g_assert_null (strstr (texts, "Release Report"));

  /* Ctrl+R, as the hand that knows the shortcut presses it: refused
   * here, so no request leaves and the server's order stays verified. */
  gtk_widget_activate_action (page, "verify.release", NULL);
  ld_test_gui_spin_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (ld_outbox_get_entries (
                      ld_session_get_outbox (ld_context_get_session (gui->context)))),
                    ==, 0);
  state = dup_lab_state (lab, order_id);
  g_assert_cmpstr (state, ==, "verified");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* (b) Dr. Kavita Rao, the authorised signatory: Release is there; she
 * presses it and the server holds the report released. */
static void
test_signatory_releases (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *order_id = order_verified (lab);
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *pdf =
    g_build_filename (ld_test_server_get_tmpdir (lab->server), "one-door-report.pdf", NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/reports", order_id);
  g_autofree char *state = NULL;
  g_autoptr(LdTestResponse) reports = NULL;
  LdTestGui *gui;
  GtkWidget *page;
  GtkWidget *release;
  JsonArray *items;

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  page = open_verify_page (gui, "pathologist", LD_TEST_PATHOLOGIST_PASSWORD, number);
  ld_verify_page_set_export_path (LD_VERIFY_PAGE (page), pdf);
  ld_test_gui_wait_text (page, "Haemoglobin (HB)");
  release = ld_test_gui_wait_action (page, "verify.release");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (release)), ==, "_Release Report");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-signatory");

  ld_test_gui_click (release);
  ld_test_gui_spin_until (file_exists, pdf, "the released report");
  ld_test_gui_wait_text (page, "Report saved.");

  /* On the server: released, with the report kept. */
  state = dup_lab_state (lab, order_id);
  g_assert_cmpstr (state, ==, "reported");
  reports = ld_test_get (lab->server, path, lab->admin);
  ld_test_assert_status (reports, 200);
  items = json_object_get_array_member (ld_test_response_object (reports), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "released_by"), ==, lab->signatory_id);

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

/* Paid and refunded, as the server has them now. */
typedef struct
{
  gint64 paid;
  gint64 refunded;
} Money;

static Money
server_money (LdLab      *lab,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->admin);

  ld_test_assert_status (order, 200);
  return (Money){ ld_test_response_get_int (order, "order.paid_paise"),
                  ld_test_response_get_int (order, "order.refunded_paise") };
}

static char *
create_order (LdLab      *lab,
              const char *patient_id)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\", \"ESR\"]}", patient_id);
  g_autoptr(LdTestResponse) created = ld_lab_post (lab, lab->desk, "/api/v1/orders", body);

  ld_test_assert_status (created, 201);
  return g_strdup (ld_test_response_get_string (created, "order.id"));
}

static gboolean
order_page_on_top (gpointer data)
{
  return LD_IS_ORDER_PAGE (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (data)));
}

static GtkWidget *
open_order (LdTestGui  *gui,
            GtkWidget  *desk,
            LdLab      *lab,
            const char *order_id)
{
  g_autofree char *number = ld_test_order_number (lab, order_id);
  GtkWidget *page;

  scan (gui, number);
  ld_test_gui_spin_until (order_page_on_top, desk, "the scanned order's page");
  page = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (desk));
  ld_test_gui_wait_text (page, number);
  return page;
}

static GtkWindow *
find_refund_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GtkWindow) top = g_list_model_get_item (tops, i);

      if (LD_IS_REFUND_DIALOG (top) && gtk_widget_get_visible (GTK_WIDGET (top)))
        return top;
    }
  return NULL;
}

static gboolean
refund_dialog_gone (gpointer data)
{
  return find_refund_dialog () == NULL;
}

static char *
dup_rupees_typed (gint64 paise)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", paise / 100, (int) (paise % 100));
}

/* (c) The desk: an order paid and partly refunded offers a refund of at
 * most what is left, and the dialog does not take a paisa more; an
 * order not paid offers none. */
static void
test_desk_refunds_at_most_paid (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *paid_id = create_order (lab, patient_id);
  g_autofree char *unpaid_id = create_order (lab, patient_id);
  g_autoptr(LdTestResponse) part = NULL;
  g_autofree char *left_text = NULL;
  g_autofree char *left_line = NULL;
  g_autofree char *over = NULL;
  g_autofree char *exact = NULL;
  LdOutbox *outbox;
  LdTestGui *gui;
  GtkWidget *desk;
  GtkWidget *page;
  GtkWidget *refund;
  GtkWidget *amount;
  GtkWidget *reason;
  GtkWidget *give;
  GtkWindow *dialog;
  Money before, after;
  gint64 left;

  /* Paid in full by card, then ₹20 of it given back: part is left. */
  ld_lab_pay (lab, paid_id);
  part = ld_lab_order_post (lab, lab->desk, paid_id, "refunds",
                            "{\"method\": \"cash\", \"amount_paise\": 2000,"
                            " \"reason\": \"ESR not done\"}");
  ld_test_assert_status (part, 201);
  before = server_money (lab, paid_id);
  g_assert_cmpint (before.refunded, ==, 2000);
  left = before.paid - before.refunded;
  g_assert_cmpint (left, >, 0);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  desk = ld_test_gui_workspace (gui, "front-desk");
  outbox = ld_session_get_outbox (ld_context_get_session (gui->context));

  /* Refund is offered on the paid order; the dialog says what is left. */
  page = open_order (gui, desk, lab, paid_id);
  ld_test_gui_wait_text (page, "Paid, part refunded");
  refund = ld_test_gui_wait_action (page, "desk.refund");
  ld_test_gui_click (refund);
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_REFUND_DIALOG);
  left_text = ld_report_format_rupees (left);
  left_line = g_strdup_printf ("at most %s can be given back", left_text);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), left_line);

  /* A paisa more than is left: refused as typed, and Enter (the
   * dialog's default, from the reason) gives nothing back. */
  amount = ld_test_gui_child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "amount_row");
  reason = ld_test_gui_child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "reason_row");
  give = ld_test_gui_child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "refund_button");
  over = dup_rupees_typed (left + 1);
  ld_test_gui_type (amount, over);
  ld_test_gui_type (reason, "Patient changed their mind");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "is more than was paid");
  g_assert_false (gtk_widget_is_sensitive (give));
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "one-door-refund-over");
  ld_test_gui_enter (reason);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "refund.give", NULL);
  ld_test_gui_spin_idle ();
  g_assert_true (find_refund_dialog () == dialog);
  g_assert_cmpuint (g_list_model_get_n_items (ld_outbox_get_entries (outbox)), ==, 0);
  after = server_money (lab, paid_id);
  g_assert_cmpint (after.paid, ==, before.paid);
  g_assert_cmpint (after.refunded, ==, before.refunded);

  /* Exactly what is left would go; the desk closes instead (Escape). */
  exact = dup_rupees_typed (left);
  ld_test_gui_retype (amount, exact);
  ld_test_gui_spin_idle ();
  g_assert_true (gtk_widget_is_sensitive (give));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ld_test_gui_spin_until (refund_dialog_gone, NULL, "the refund dialog to close");
  after = server_money (lab, paid_id);
  g_assert_cmpint (after.paid, ==, before.paid);
  g_assert_cmpint (after.refunded, ==, before.refunded);

  /* Nothing paid, nothing to give back: no refund is offered, and
   * Ctrl+Shift+R opens nothing. */
  g_assert_true (gtk_widget_activate_action (desk, "desk.back", NULL));
  page = open_order (gui, desk, lab, unpaid_id);
  ld_test_gui_wait_text (page, "Not paid");
  ld_test_gui_wait_action (page, "desk.take-payment");
  refund = ld_test_gui_find_action (page, "desk.refund");
  g_assert_true (refund == NULL || !gtk_widget_is_sensitive (refund));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "one-door-unpaid");
  gtk_widget_activate_action (page, "order.refund", NULL);
  ld_test_gui_spin_idle ();
  g_assert_null (find_refund_dialog ());
  after = server_money (lab, unpaid_id);
  g_assert_cmpint (after.paid, ==, 0);
  g_assert_cmpint (after.refunded, ==, 0);

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-one-door-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/one-door/technician-sees-no-release", test_technician_sees_no_release);
  g_test_add_func ("/gui/one-door/signatory-releases", test_signatory_releases);
  g_test_add_func ("/gui/one-door/desk-refunds-at-most-paid", test_desk_refunds_at_most_paid);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
