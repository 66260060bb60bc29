/* test-gui-desk-booking.c: the desk names the order's referring doctor,
 * a doctor of the lab or an outside one, in the real window against the
 * real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clerk types part of a name in the booking page's referring doctor
 * row, the lab's doctors with that name are listed under it, and one is
 * chosen; the order names that doctor user, the order page and the
 * receipt the desk prints say who. A chosen name edited becomes an
 * outside doctor's typed name again. Each outcome is checked on the
 * server as well as on screen and on paper (pdftotext).
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-orders.h"
#include "ld-test-reports.h"
#include "ui/desk/ld-booking-page.h"
#include "ui/desk/ld-order-page.h"
#include "ui/desk/ld-payment-dialog.h"

#define LAB_DOCTOR "Dr. Arjun Mehta"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
  char           *doctor_id;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(LdTestResponse) doctors = NULL;
  JsonArray *items;

  ld_order_fixture_setup (&fx->orders, data);
  doctors = ld_test_get (fx->orders.server, "/api/v1/doctors", fx->orders.desk);
  ld_test_assert_status (doctors, 200);
  items = json_object_get_array_member (ld_test_response_object (doctors), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  fx->doctor_id =
    g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_clear_pointer (&fx->doctor_id, g_free);
  ld_order_fixture_teardown (&fx->orders, data);
}

static GtkWidget *
page_child (GtkWidget  *page,
            const char *id)
{
  return ld_test_gui_child (page, LD_TYPE_BOOKING_PAGE, id);
}

static gboolean
list_has_rows (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

/* The booking page for Asha Rao, with HB in the cart. */
static GtkWidget *
open_booking (Fixture *fx)
{
  GtkWidget *page;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.book", "s", fx->orders.patient_id));
  page = ld_test_gui_wait_type (fx->desk, LD_TYPE_BOOKING_PAGE);
  ld_test_gui_spin_until (list_has_rows, page_child (page, "catalog_list"), "the catalogue");
  entry = page_child (page, "catalog_entry");
  ld_test_gui_type (entry, "HB");
  ld_test_gui_enter (entry);
  g_assert_nonnull (ld_test_gui_find_named (page_child (page, "cart_list"), "cart-HB"));
  return page;
}

static void
retype (GtkWidget  *editable,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), "");
  ld_test_gui_type (editable, text);
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* The whole of @data is inside the visible part of its scrolled window. */
static gboolean
is_scrolled_into_view (gpointer data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (data, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (data, scrolled, &bounds) || bounds.size.height <= 0)
    return FALSE;
  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* Books the page's order; returns the id of the order page that opens,
 * with its payment dialog closed unpaid. */
static char *
book (Fixture   *fx,
      GtkWidget *page)
{
  GtkWindow *dialog;
  GtkWidget *order_page;
  char *order_id = NULL;

  g_assert_true (gtk_widget_activate_action (page, "booking.book", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PAYMENT_DIALOG);
  order_page = ld_test_gui_wait_type (fx->desk, LD_TYPE_ORDER_PAGE);
  g_object_get (order_page, "order-id", &order_id, NULL);
  gtk_window_close (dialog);
  ld_test_gui_spin_idle ();
  return order_id;
}

static JsonObject *
server_order (Fixture    *fx,
              const char *order_id)
{
  g_autoptr(LdTestResponse) resp = ld_test_get_order (&fx->orders, order_id);

  ld_test_assert_status (resp, 200);
  return json_object_ref (json_object_get_object_member (ld_test_response_object (resp), "order"));
}

static gboolean
pdf_is_whole (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (data, &contents, &length, NULL))
    return FALSE;
  return length > 6 && g_strstr_len (contents + length - 7, 7, "%%EOF") != NULL;
}

/* The receipt the desk saves (Ctrl+Shift+S) for the order page on top,
 * read back as text. */
static char *
desk_receipt (Fixture    *fx,
              const char *number)
{
  GtkWidget *order_page = ld_test_gui_find_type (fx->desk, LD_TYPE_ORDER_PAGE);
  g_autofree char *name = g_strdup_printf ("receipt-%s.pdf", number);
  g_autofree char *path = g_build_filename (g_get_home_dir (), name, NULL);

  g_unlink (path);
  g_assert_true (gtk_widget_activate_action (order_page, "order.save-receipt", NULL));
  ld_test_gui_spin_until (pdf_is_whole, path, "the receipt saved");
  return ld_test_pdf_text (path, 0);
}

/* A few letters of the name list the lab's doctor; Enter on the match
 * chooses him, and the order, its page and its receipt name him. */
static void
test_lab_doctor_chosen (Fixture       *fx,
                        gconstpointer  data)
{
  GtkWidget *page = open_booking (fx);
  GtkWidget *doctor_row = page_child (page, "doctor_row");
  GtkWidget *matches = page_child (page, "doctor_matches");
  GtkWidget *kind = page_child (page, "doctor_kind_label");
  g_autofree char *row_name = g_strdup_printf ("doctor-%s", fx->doctor_id);
  g_autofree char *order_id = NULL;
  g_autofree char *receipt = NULL;
  g_autoptr(JsonObject) order = NULL;
  GtkWidget *match;

  retype (doctor_row, "meh");
  ld_test_gui_spin_until (is_visible, matches, "the lab's doctors listed under the name");
  /* Below the fold of the page at first: it scrolls them into view. */
  ld_test_gui_spin_until (is_scrolled_into_view, matches, "the lab's doctors scrolled into view");
  match = ld_test_gui_find_named (matches, row_name);
  g_assert_nonnull (match);
  ld_test_gui_wait_text (match, LAB_DOCTOR);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kind)), ==, "Outside doctor, printed as typed");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-booking-doctor-matches");

  /* Enter on the match, as after Down from the name. */
  gtk_widget_grab_focus (match);
  g_signal_emit_by_name (match, "activate");
  ld_test_gui_spin_idle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (doctor_row)), ==, LAB_DOCTOR);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kind)), ==, "Doctor of this lab");
  g_assert_false (gtk_widget_get_visible (matches));
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-booking-doctor");

  order_id = book (fx, page);
  order = server_order (fx, order_id);
  g_assert_cmpstr (json_object_get_string_member (order, "doctor_id"), ==, fx->doctor_id);
  g_assert_cmpstr (json_object_get_string_member (order, "doctor_name"), ==, LAB_DOCTOR);
  g_assert_true (json_object_get_null_member (order, "referring_doctor_name"));

  ld_test_gui_wait_text (ld_test_gui_find_type (fx->desk, LD_TYPE_ORDER_PAGE),
                         "Referred by " LAB_DOCTOR);
  receipt = desk_receipt (fx, json_object_get_string_member (order, "number"));
  ld_test_assert_contains (receipt, "Requested by");
  ld_test_assert_contains (receipt, LAB_DOCTOR);
}

/* The lab doctor's exact name and Enter choose him; edited afterwards,
 * it is an outside doctor's name, sent and printed as typed. */
static void
test_chosen_name_edited (Fixture       *fx,
                         gconstpointer  data)
{
  GtkWidget *page = open_booking (fx);
  GtkWidget *doctor_row = page_child (page, "doctor_row");
  GtkWidget *kind = page_child (page, "doctor_kind_label");
  g_autofree char *order_id = NULL;
  g_autofree char *receipt = NULL;
  g_autoptr(JsonObject) order = NULL;

  retype (doctor_row, "dr. arjun mehta");
  ld_test_gui_spin_until (is_visible, page_child (page, "doctor_matches"),
                          "the lab's doctor listed");
  ld_test_gui_enter (doctor_row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kind)), ==, "Doctor of this lab");

  ld_test_gui_type (doctor_row, " (Pune)");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kind)), ==, "Outside doctor, printed as typed");

  order_id = book (fx, page);
  order = server_order (fx, order_id);
  g_assert_true (json_object_get_null_member (order, "doctor_id"));
  g_assert_cmpstr (json_object_get_string_member (order, "referring_doctor_name"), ==,
                   LAB_DOCTOR " (Pune)");

  ld_test_gui_wait_text (ld_test_gui_find_type (fx->desk, LD_TYPE_ORDER_PAGE),
                         "Referred by " LAB_DOCTOR " (Pune)");
  receipt = desk_receipt (fx, json_object_get_string_member (order, "number"));
  ld_test_assert_contains (receipt, LAB_DOCTOR " (Pune)");
}

/* A name the server would refuse is said at the row as it is typed, and
 * the order is not sent. */
static void
test_bad_name_refused_at_row (Fixture       *fx,
                              gconstpointer  data)
{
  GtkWidget *page = open_booking (fx);
  GtkWidget *doctor_row = page_child (page, "doctor_row");
  g_autofree char *long_name = g_strnfill (121, 'a');
  g_autofree char *orders_path =
    g_strdup_printf ("/api/v1/orders?patient_id=%s", fx->orders.patient_id);
  g_autoptr(LdTestResponse) none = NULL;

  retype (doctor_row, long_name);
  ld_test_gui_wait_text (doctor_row, "must be at most 120 characters long");
  gtk_widget_activate_action (page, "booking.book", NULL);
  ld_test_gui_spin_idle ();
  g_assert_null (ld_test_gui_find_type (fx->desk, LD_TYPE_ORDER_PAGE));
  none = ld_test_get (fx->orders.server, orders_path, fx->orders.admin);
  ld_test_assert_status (none, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (none), "items")),
                    ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/booking/lab-doctor-chosen", Fixture, NULL, fixture_setup,
              test_lab_doctor_chosen, fixture_teardown);
  g_test_add ("/gui/desk/booking/chosen-name-edited", Fixture, NULL, fixture_setup,
              test_chosen_name_edited, fixture_teardown);
  g_test_add ("/gui/desk/booking/bad-name-refused-at-row", Fixture, NULL, fixture_setup,
              test_bad_name_refused_at_row, fixture_teardown);

  return g_test_run ();
}
