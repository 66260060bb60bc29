/* test-gui-desk-money.c: the front desk books, takes money, refunds and
 * prints receipts in the real window, against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each story types into the entries a person sees and activates the
 * actions their keys and buttons trigger, then checks the outcome on the
 * server (the order as an administrator GETs it) as well as on screen.
 * Receipts are saved as PDFs through the page's file chooser and read
 * back with pdftotext.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ld-test-gui.h"
#include "ld-test-orders.h"
#include "ui/desk/ld-booking-page.h"
#include "ui/desk/ld-order-page.h"
#include "ui/desk/ld-payment-dialog.h"
#include "ui/desk/ld-refund-dialog.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->dir = g_strdup (g_get_home_dir ());
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_clear_pointer (&fx->dir, g_free);
  ld_order_fixture_teardown (&fx->orders, data);
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *id)
{
  return ld_test_gui_child (widget, type, id);
}

/* The order as the server has it, read by an administrator. */
static JsonObject *
server_order (Fixture    *fx,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->orders.server, path, fx->orders.admin);
  JsonObject *object;

  ld_test_assert_status (resp, 200);
  object = json_object_get_object_member (ld_test_response_object (resp), "order");
  return json_object_ref (object);
}

static JsonObject *
last_payment (JsonObject *order)
{
  JsonArray *payments = json_object_get_array_member (order, "payments");
  guint n = json_array_get_length (payments);

  g_assert_cmpuint (n, >, 0);
  return json_array_get_object_element (payments, n - 1);
}

static gboolean
list_has_rows (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

static gboolean
window_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Presses Enter in @widget (or clicks it) and waits until @window, the
 * dialog that act closes, is gone; watched from before the act, which
 * may close it at once. */
static void
act_until_closed (GtkWindow *window,
                  GtkWidget *widget,
                  gboolean   enter)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  if (enter)
    ld_test_gui_enter (widget);
  else
    ld_test_gui_click (widget);
  ld_test_gui_spin_until (window_is_gone, &pointer, "the dialog to close");
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A screenshot of what @widget shows once its window has painted it:
 * a dialog just presented or just changed has nothing to draw before. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  if (g_getenv ("LD_SCREENSHOT_DIR") == NULL)
    return;
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  ld_test_gui_spin_until (flag_is_set, &painted, "a painted frame");
  g_signal_handler_disconnect (clock, id);
  ld_test_gui_screenshot (widget, name);
}

static void
type_into (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), "");
  ld_test_gui_type (editable, text);
}

/* The catalogue search: a code typed, Enter adds the highlighted item. */
static void
add_to_cart (GtkWidget  *page,
             const char *code)
{
  GtkWidget *entry = child (page, LD_TYPE_BOOKING_PAGE, "catalog_entry");
  GtkWidget *cart = child (page, LD_TYPE_BOOKING_PAGE, "cart_list");
  g_autofree char *row_name = g_strdup_printf ("cart-%s", code);

  type_into (entry, code);
  ld_test_gui_enter (entry);
  g_assert_nonnull (ld_test_gui_find_named (cart, row_name));
}

typedef struct
{
  const char *path;
  char       *text;
} PdfWait;

static gboolean
pdf_is_readable (gpointer data)
{
  PdfWait *wait = data;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", wait->path, "-", NULL };

  if (!g_file_test (wait->path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL) || strstr (out, "Total") == NULL)
    return FALSE;
  wait->text = g_steal_pointer (&out);
  return TRUE;
}

/* Saves the order page's receipt as a person does (Ctrl+Shift+S: into
 * the Documents folder, here the test's own home) and reads it back. */
static char *
save_receipt (Fixture    *fx,
              GtkWidget  *order_page,
              const char *number)
{
  g_autofree char *name = g_strdup_printf ("receipt-%s.pdf", number);
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  PdfWait wait = { path, NULL };

  g_unlink (path);
  g_assert_true (gtk_widget_activate_action (order_page, "order.save-receipt", NULL));
  ld_test_gui_spin_until (pdf_is_readable, &wait, "the receipt PDF");
  return wait.text;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("\"%s\" not found in:\n%s", needle, haystack);
}

static void
set_discount_limit (Fixture *fx,
                    gint64   percent)
{
  g_autoptr(LdTestResponse) settings =
               ld_test_get (fx->orders.server, "/api/v1/settings", fx->orders.admin);
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) patched = NULL;

  ld_test_assert_status (settings, 200);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT
                          ", \"discount_max_percent\": %" G_GINT64_FORMAT "}",
                          ld_test_response_get_int (settings, "version"), percent);
  patched =
    ld_test_send_json (fx->orders.server, "PATCH", "/api/v1/settings", fx->orders.admin, body);
  ld_test_assert_status (patched, 200);
}

static gboolean
outbox_is_empty (gpointer data)
{
  return g_list_model_get_n_items (ld_outbox_get_entries (data)) == 0;
}

static gboolean
order_page_says_paid (gpointer data)
{
  GtkLabel *label = GTK_LABEL (child (data, LD_TYPE_ORDER_PAGE, "payment_state_label"));

  return g_strcmp0 (gtk_label_get_text (label), "Paid") == 0;
}

/* Book CBC and HB (HB inside CBC: charged once, said in the cart), a
 * discount above the limit refused at the field by the shared rule and
 * then by the server (whose limit the administrator lowered today), home
 * collection with a slot; pay cash with change; receipt; part refund;
 * receipt again adds up. */
static void
test_book_pay_refund (Fixture       *fx,
                      gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *catalog_list;
  GtkWidget *discount_value;
  GtkWidget *order_page;
  GtkWindow *dialog;
  GtkWidget *tendered;
  g_autofree char *order_id = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *reprint = NULL;
  g_autofree char *row_texts = NULL;
  g_autoptr(JsonObject) order = NULL;
  g_autoptr(JsonObject) refunded = NULL;
  g_autoptr(LdTestResponse) none = NULL;
  g_autofree char *orders_path = NULL;
  JsonObject *payment;
  JsonArray *items;

  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.book", "s", fx->orders.patient_id));
  page = ld_test_gui_wait_type (fx->desk, LD_TYPE_BOOKING_PAGE);
  catalog_list = child (page, LD_TYPE_BOOKING_PAGE, "catalog_list");
  ld_test_gui_spin_until (list_has_rows, catalog_list, "the catalogue");
  /* The page priced with the lab's 20 % when it opened; while the clerk
   * books, the administrator lowers it to 5 %, and the server decides. */
  set_discount_limit (fx, 5);

  add_to_cart (page, "CBC");
  add_to_cart (page, "HB");
  row_texts = ld_test_gui_label_texts (ld_test_gui_find_named (page, "cart-HB"));
  assert_contains (row_texts, "included in Complete blood count, not charged again");
  assert_contains (row_texts, "₹0.00");

  /* 25 % is above the shared rule's limit: refused as it is typed. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                child (page, LD_TYPE_BOOKING_PAGE, "discount_kind_row")),
                              1);
  discount_value = child (page, LD_TYPE_BOOKING_PAGE, "discount_value_row");
  type_into (discount_value, "25");
  ld_test_gui_wait_text (discount_value, "is above the limit the administrator has set");
  gtk_widget_activate_action (page, "booking.book", NULL);
  ld_test_gui_spin_idle ();
  g_assert_null (ld_test_gui_find_type (fx->desk, LD_TYPE_ORDER_PAGE));

  /* 10 % passes here; the server, with today's 5 %, refuses it. */
  type_into (discount_value, "10");
  g_clear_pointer (&row_texts, g_free);
  row_texts = ld_test_gui_label_texts (discount_value);
  g_assert_null (strstr (row_texts, "above the limit"));
  type_into (child (page, LD_TYPE_BOOKING_PAGE, "discount_reason_row"), "staff family");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (
                                           child (page, LD_TYPE_BOOKING_PAGE, "home_row")),
                                         TRUE);
  type_into (child (page, LD_TYPE_BOOKING_PAGE, "address_row"), "12 MG Road, Bengaluru");
  type_into (child (page, LD_TYPE_BOOKING_PAGE, "doctor_row"), "Dr. Meera Kulkarni");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (page, LD_TYPE_BOOKING_PAGE, "slot_time_row")),
                              1);
  ld_test_gui_spin_idle ();
  /* The tax is the lab's, from the settings the page reads from the
   * cache on a read of its own, after the catalogue's: until then the
   * page prices with the defaults, which charge none. */
  ld_test_gui_wait_text (page, "Tax ₹20.00");
  /* 350.00 − 10 % + 99.00 home collection + 20.00 tax. */
  g_assert_cmpstr (gtk_label_get_text (
                     GTK_LABEL (child (page, LD_TYPE_BOOKING_PAGE, "total_label"))),
                   ==, "₹434.00");
  screenshot (GTK_WIDGET (fx->gui->window), "desk-booking");

  g_assert_true (gtk_widget_activate_action (page, "booking.book", NULL));
  ld_test_gui_wait_text (discount_value, "is above the limit the administrator has set");
  orders_path = g_strdup_printf ("/api/v1/orders?patient_id=%s", fx->orders.patient_id);
  none = ld_test_get (fx->orders.server, orders_path, fx->orders.admin);
  ld_test_assert_status (none, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (none), "items")),
                    ==, 0);

  /* Fixed to 5 %, booked again: the order page opens with the payment. */
  type_into (discount_value, "5");
  g_assert_true (gtk_widget_activate_action (page, "booking.book", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PAYMENT_DIALOG);
  order_page = ld_test_gui_wait_type (fx->desk, LD_TYPE_ORDER_PAGE);
  g_object_get (order_page, "order-id", &order_id, NULL);

  order = server_order (fx, order_id);
  g_assert_cmpint (json_object_get_int_member (order, "subtotal_paise"), ==, 35000);
  g_assert_cmpint (json_object_get_int_member (order, "discount_paise"), ==, 1750);
  g_assert_cmpint (json_object_get_int_member (order, "home_fee_paise"), ==, 9900);
  g_assert_cmpint (json_object_get_int_member (order, "total_paise"), ==, 45150);
  g_assert_cmpstr (json_object_get_string_member (order, "collection"), ==, "home");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order,
                                                                                 "home_visit"),
                                                  "address"),
                   ==, "12 MG Road, Bengaluru");
  g_assert_cmpstr (json_object_get_string_member (order, "referring_doctor_name"), ==,
                   "Dr. Meera Kulkarni");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "discount"),
                                                  "reason"), ==, "staff family");
  items = json_object_get_array_member (order, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1),
                                                  "covered_by"), ==, "CBC");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1),
                                               "charged_paise"), ==, 0);

  /* Cash: ₹500 for ₹451.50; the change as typed, Enter takes it. */
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "₹451.50");
  tendered = child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "tendered_row");
  type_into (tendered, "400");
  ld_test_gui_wait_text (tendered, "is less than the amount due");
  type_into (tendered, "500");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (
                     child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "change_label"))),
                   ==, "₹48.50");
  screenshot (GTK_WIDGET (dialog), "desk-payment-cash");
  act_until_closed (dialog, tendered, TRUE);
  ld_test_gui_spin_until (order_page_says_paid, order_page, "the order page to say Paid");
  /* The page says Paid as soon as the cash is taken here; the server has
   * it once the outbox has sent it. */
  ld_test_gui_spin_until (outbox_is_empty,
                          ld_session_get_outbox (ld_context_get_session (fx->gui->context)),
                          "the payment to reach the server");

  g_clear_pointer (&order, json_object_unref);
  order = server_order (fx, order_id);
  g_assert_cmpstr (json_object_get_string_member (order, "payment_state"), ==, "paid");
  payment = last_payment (order);
  g_assert_cmpstr (json_object_get_string_member (payment, "method"), ==, "cash");
  g_assert_cmpint (json_object_get_int_member (payment, "tendered_paise"), ==, 50000);
  g_assert_cmpint (json_object_get_int_member (payment, "change_paise"), ==, 4850);
  ld_test_gui_wait_text (order_page, "tendered ₹500.00, change ₹48.50");
  ld_test_gui_wait_text (order_page, "Referred by Dr. Meera Kulkarni");
  screenshot (GTK_WIDGET (fx->gui->window), "desk-order");

  receipt = save_receipt (fx, order_page, json_object_get_string_member (order, "number"));
  assert_contains (receipt, "451.50");
  assert_contains (receipt, "500.00");

  /* A part refund: more than was paid is refused as typed. */
  g_assert_true (gtk_widget_activate_action (order_page, "order.refund", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_REFUND_DIALOG);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "at most ₹451.50 can be given back");
  type_into (child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "amount_row"), "451.51");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "is more than was paid");
  type_into (child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "amount_row"), "100");
  type_into (child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "reason_row"), "HB not needed");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "This gives back ₹100.00");
  screenshot (GTK_WIDGET (dialog), "desk-refund");
  act_until_closed (dialog, child (GTK_WIDGET (dialog), LD_TYPE_REFUND_DIALOG, "reason_row"),
                    TRUE);

  refunded = server_order (fx, order_id);
  g_assert_cmpint (json_object_get_int_member (refunded, "refunded_paise"), ==, 10000);
  g_assert_cmpstr (json_object_get_string_member (refunded, "payment_state"), ==,
                   "partly_refunded");
  payment = last_payment (refunded);
  g_assert_cmpstr (json_object_get_string_member (payment, "kind"), ==, "refund");
  g_assert_cmpstr (json_object_get_string_member (payment, "reason"), ==, "HB not needed");

  ld_test_gui_wait_text (order_page, "Reason: HB not needed");
  reprint = save_receipt (fx, order_page, json_object_get_string_member (order, "number"));
  assert_contains (reprint, "HB not needed");
  assert_contains (reprint, "100.00");
  assert_contains (reprint, "351.50");
}

static LdTestResponse *
send_gateway_event (Fixture    *fx,
                    const char *event,
                    const char *gateway_order_id,
                    gint64      amount)
{
  /* Razorpay's shape, signed as the gateway signs it (test-api-payments.c). */
  g_autofree char *body =
    g_strdup_printf ("{\"event\": \"%s\", \"payload\": {\"payment\": {\"entity\":"
                     " {\"id\": \"pay_desk1\", \"amount\": %" G_GINT64_FORMAT ","
                     " \"order_id\": \"%s\", \"status\": \"failed\","
                     " \"error_description\": \"card declined\"}}}}",
                     event, amount, gateway_order_id);
  g_autofree char *signature =
    g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) LD_TEST_WEBHOOK_SECRET,
                               strlen (LD_TEST_WEBHOOK_SECRET), body, -1);
  const char * const headers[] = { "X-Razorpay-Signature", signature, NULL };

  return ld_test_request_with_headers (fx->orders.server, "POST",
                                       "/api/v1/webhooks/payment-gateway", NULL,
                                       "application/json", body, -1, headers);
}

/* Opens @order_id as the scanner would, and its payment dialog. */
static GtkWindow *
open_payment (Fixture    *fx,
              const char *order_id,
              GtkWidget **out_page)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.open-order", "s", order_id));
  *out_page = ld_test_gui_wait_type (fx->desk, LD_TYPE_ORDER_PAGE);
  ld_test_gui_wait_text (*out_page, "Not paid");
  g_assert_true (gtk_widget_activate_action (*out_page, "order.take-payment", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PAYMENT_DIALOG);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Not paid");
  return dialog;
}

/* A card payment with the terminal's reference on one order; on another
 * an online payment the gateway fails, converted to cash on collection. */
static void
test_card_and_failed_online (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *card_order = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autofree char *online_order = ld_test_create_order_ok (&fx->orders, "\"items\": [\"ESR\"]");
  g_autoptr(JsonObject) paid = NULL;
  g_autoptr(JsonObject) pending = NULL;
  g_autoptr(JsonObject) promised = NULL;
  g_autoptr(LdTestResponse) event = NULL;
  GtkWidget *page;
  GtkWindow *dialog;
  GtkWidget *take;
  JsonObject *payment;

  /* Card: the reference is required before Take Payment can be used. */
  dialog = open_payment (fx, card_order, &page);
  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "method_row")),
                              1);
  take = child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "take_button");
  ld_test_gui_spin_idle ();
  g_assert_false (gtk_widget_is_sensitive (take));
  type_into (child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "reference_row"), "TID-4411");
  act_until_closed (dialog, take, FALSE);
  ld_test_gui_wait_text (page, "reference TID-4411");
  /* Card payments wait in the outbox like cash: read once it is sent. */
  ld_test_gui_spin_until (outbox_is_empty,
                          ld_session_get_outbox (ld_context_get_session (fx->gui->context)),
                          "the card payment to reach the server");
  paid = server_order (fx, card_order);
  g_assert_cmpstr (json_object_get_string_member (paid, "payment_state"), ==, "paid");
  payment = last_payment (paid);
  g_assert_cmpstr (json_object_get_string_member (payment, "method"), ==, "card");
  g_assert_cmpstr (json_object_get_string_member (payment, "reference"), ==, "TID-4411");

  /* Escape: back to the desk's lists. */
  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.back", NULL));
  g_assert_null (ld_test_gui_find_type (fx->desk, LD_TYPE_ORDER_PAGE));

  /* Online: started here, failed at the gateway, followed live. */
  dialog = open_payment (fx, online_order, &page);
  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "method_row")),
                              3);
  take = child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "take_button");
  ld_test_gui_click (take);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Waiting for the patient to pay at the gateway");
  pending = server_order (fx, online_order);
  g_assert_true (json_object_get_boolean_member (pending, "online_payment_pending"));
  payment = last_payment (pending);
  event = send_gateway_event (fx, "payment.failed",
                              json_object_get_string_member (payment, "gateway_order_id"),
                              json_object_get_int_member (payment, "amount_paise"));
  ld_test_assert_status (event, 200);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "The last online payment failed");
  g_assert_true (gtk_widget_get_visible (
    child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "cancel_order_button")));
  screenshot (GTK_WIDGET (dialog), "desk-payment-failed");

  /* Converted to cash on collection. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "method_row")),
                              4);
  act_until_closed (dialog, take, FALSE);
  ld_test_gui_wait_text (page, "Cash on collection");
  ld_test_gui_spin_until (outbox_is_empty,
                          ld_session_get_outbox (ld_context_get_session (fx->gui->context)),
                          "the promise to reach the server");
  promised = server_order (fx, online_order);
  g_assert_cmpstr (json_object_get_string_member (promised, "payment_state"), ==, "cod_pending");
  g_assert_cmpstr (json_object_get_string_member (last_payment (promised), "method"), ==, "cod");
}

/* An unpaid order cancelled from its page: the button, the reason typed
 * into the dialog, its Cancel Order response; the order as the server has
 * it is cancelled with that reason, and the page says so. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *order_id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(JsonObject) order = NULL;
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *reason;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.open-order", "s", order_id));
  page = ld_test_gui_wait_type (fx->desk, LD_TYPE_ORDER_PAGE);
  ld_test_gui_wait_text (page, "Not paid");
  button = child (page, LD_TYPE_ORDER_PAGE, "cancel_button");
  g_assert_true (gtk_widget_get_sensitive (button));
  ld_test_gui_click (button);
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), ADW_TYPE_MESSAGE_DIALOG);
  /* No reason, no cancelling. */
  g_assert_false (
    adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel-order"));
  reason = ld_test_gui_find_named (GTK_WIDGET (dialog), "cancel-reason");
  g_assert_nonnull (reason);
  ld_test_gui_type (reason, "Patient left before collection");
  g_assert_true (
    adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel-order"));
  screenshot (GTK_WIDGET (dialog), "desk-cancel-order");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel-order");

  ld_test_gui_wait_text (page, "Cancelled: Patient left before collection");
  order = server_order (fx, order_id);
  g_assert_cmpstr (json_object_get_string_member (order, "lab_state"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (order, "cancel_reason"), ==,
                   "Patient left before collection");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("ld-desk-money-XXXXXX", NULL);
  const char *rm[] = { "rm", "-rf", home, NULL };
  int status;

  /* The desk saves receipts in the user's Documents folder, the home
   * folder when there is none: a home of the test's own, read before
   * GLib caches it. */
  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk-money/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/gui/desk-money/book-pay-refund", Fixture, NULL, fixture_setup,
              test_book_pay_refund, fixture_teardown);
  g_test_add ("/gui/desk-money/card-and-failed-online", Fixture, NULL, fixture_setup,
              test_card_and_failed_online, fixture_teardown);

  status = g_test_run ();
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  return status;
}
