/* test-gui-desk-offline.c: the front desk's day goes on with the server
 * away, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is the real binary over a demo database; the test stops it
 * mid-day and starts it again on the same database and port, as a power
 * cut at the server would. With it away the desk registers a patient,
 * books their tests and takes their cash: each shows as waiting, counted
 * in the header. Back, the client sends them on its own, and the server
 * has each exactly once (read by an administrator over HTTP), also after
 * a second reconnection. Work the server refuses is corrected from the
 * header's list and sent again; an edit another desk overtook while this
 * one was offline is resolved from the same list, with the server's
 * values shown beside the desk's.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-client.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ui/common/ld-outbox-edit-dialog.h"
#include "ui/common/ld-status-indicator.h"
#include "ui/desk/ld-booking-page.h"
#include "ui/desk/ld-desk-workspace.h"
#include "ui/desk/ld-order-page.h"
#include "ui/common/ld-patient-dialog.h"
#include "ui/common/ld-patient-form.h"
#include "ui/desk/ld-patient-page.h"
#include "ui/desk/ld-payment-dialog.h"

typedef struct
{
  char         *tmpdir;
  char         *db_path;
  LdTestServer *server;
  LdTestGui    *gui;
  GtkWidget    *desk;
} Fixture;

/* A demo database served by the real binary, which the test can stop
 * and start again on the same port. */
static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->tmpdir = g_dir_make_tmp ("labdesk-offline-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  ld_test_create_demo (fx->db_path);
  fx->server = ld_test_server_spawn (fx->db_path, NULL);
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
}

static void
sign_in (Fixture *fx)
{
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
  g_assert_true (LD_IS_DESK_WORKSPACE (fx->desk));
  ld_test_gui_wait_status (fx->gui, "Online");
}

/* The server goes away; the header says so. */
static void
stop_server (Fixture *fx)
{
  g_clear_pointer (&fx->server, ld_test_server_free);
  ld_test_gui_wait_status (fx->gui, "Offline");
}

/* The same server on the same database and port again. */
static void
start_server (Fixture *fx)
{
  const char *uri = ld_api_client_get_base_uri (ld_context_get_api_client (fx->gui->context));

  g_assert_null (fx->server);
  fx->server = ld_test_server_restart (fx->db_path, uri);
}

/* An administrator's request, on whichever server is serving now. */
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

static JsonArray *
admin_list (Fixture    *fx,
            const char *path)
{
  g_autoptr(LdTestResponse) resp = admin_request (fx->server, "GET", path, NULL);

  ld_test_assert_status (resp, 200);
  return json_array_ref (json_object_get_array_member (ld_test_response_object (resp), "items"));
}

static JsonObject *
admin_get (Fixture    *fx,
           const char *path,
           const char *member)
{
  g_autoptr(LdTestResponse) resp = admin_request (fx->server, "GET", path, NULL);

  ld_test_assert_status (resp, 200);
  return json_object_ref (json_object_get_object_member (ld_test_response_object (resp), member));
}

static char *
register_over_http (Fixture    *fx,
                    const char *json)
{
  g_autoptr(LdTestResponse) resp = admin_request (fx->server, "POST", "/api/v1/patients", json);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *id)
{
  return ld_test_gui_child (widget, type, id);
}

static gboolean
object_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Presses Enter in @widget and waits until @window, which that closes,
 * is gone; watched from before, as it may close at once. */
static void
enter_until_closed (GtkWindow *window,
                    GtkWidget *widget)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  ld_test_gui_enter (widget);
  ld_test_gui_spin_until (object_is_gone, &pointer, "the dialog to close");
}

static GtkWidget *
form_row (GtkWindow  *dialog,
          const char *row)
{
  return child (child (GTK_WIDGET (dialog), LD_TYPE_PATIENT_DIALOG, "form"), LD_TYPE_PATIENT_FORM,
                row);
}

static gboolean
top_is (gpointer data)
{
  gpointer *args = data;
  GtkWidget *top = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (args[0]));

  return top != NULL && G_TYPE_CHECK_INSTANCE_TYPE (top, GPOINTER_TO_SIZE (args[1]));
}

/* The page the desk shows on top, once it is of @type. */
static GtkWidget *
wait_top (Fixture *fx,
          GType    type)
{
  gpointer args[] = { fx->desk, GSIZE_TO_POINTER (type) };

  ld_test_gui_spin_until (top_is, args, g_type_name (type));
  return ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk));
}

static gboolean
editable_holds (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (gtk_editable_get_text (args[0]), args[1]) == 0;
}

/* The form holds the record once it is read: typing starts then. */
static void
wait_editable (GtkWidget  *editable,
               const char *text)
{
  gpointer args[] = { editable, (gpointer) text };

  ld_test_gui_spin_until (editable_holds, args, "the form filled in");
}

static gboolean
list_has_rows (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

/* Ctrl+B on the patient's page; the catalogue code typed and Enter adds
 * it to the cart. */
static GtkWidget *
open_booking (Fixture   *fx,
              GtkWidget *patient_page,
              const char *code)
{
  GtkWidget *page;
  GtkWidget *entry;
  g_autofree char *row_name = g_strdup_printf ("cart-%s", code);

  g_assert_true (gtk_widget_activate_action (patient_page, "patient-page.book", NULL));
  page = wait_top (fx, LD_TYPE_BOOKING_PAGE);
  ld_test_gui_spin_until (list_has_rows, child (page, LD_TYPE_BOOKING_PAGE, "catalog_list"),
                          "the catalogue");
  entry = child (page, LD_TYPE_BOOKING_PAGE, "catalog_entry");
  ld_test_gui_retype (entry, code);
  ld_test_gui_enter (entry);
  g_assert_nonnull (
    ld_test_gui_find_named (child (page, LD_TYPE_BOOKING_PAGE, "cart_list"), row_name));
  return page;
}

static gboolean
label_lacks (gpointer data)
{
  gpointer *args = data;
  g_autofree char *texts = ld_test_gui_label_texts (args[0]);

  return strstr (texts, args[1]) == NULL;
}

/* Waits until no visible label under @root says @text any more. */
static void
wait_text_gone (GtkWidget  *root,
                const char *text)
{
  gpointer args[] = { root, (gpointer) text };
  g_autofree char *what = g_strdup_printf ("\"%s\" gone from the screen", text);

  ld_test_gui_spin_until (label_lacks, args, what);
}

/* What a person reads in the header's list (Ctrl+Shift+O). */
static GtkWidget *
open_outbox_list (Fixture *fx)
{
  GtkWidget *bin = child (GTK_WIDGET (fx->gui->window), LD_TYPE_WINDOW, "status_bin");
  GtkWidget *popover =
    child (adw_bin_get_child (ADW_BIN (bin)), LD_TYPE_STATUS_INDICATOR, "popover");

  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (fx->gui->window), "win.show-outbox", NULL));
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, popover, "the list shown");
  return popover;
}

/* The list's one refused item, opened with its Correct button. */
static GtkWindow *
correct_refused (Fixture    *fx,
                 const char *what,
                 const char *screenshot)
{
  GtkWidget *popover = open_outbox_list (fx);
  GtkWidget *correct;

  ld_test_gui_wait_text (popover, what);
  ld_test_gui_wait_text (popover, "refused");
  if (screenshot != NULL)
    ld_test_gui_screenshot (popover, screenshot);
  correct = ld_test_gui_find_button (popover, "_Correct…");
  g_assert_nonnull (correct);
  ld_test_gui_click (correct);
  return ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_OUTBOX_EDIT_DIALOG);
}

static guint
count_items (Fixture    *fx,
             const char *path)
{
  g_autoptr(JsonArray) items = admin_list (fx, path);

  return json_array_get_length (items);
}

/* The patient, their order and their payment, each on the server once. */
static void
assert_day_on_server_once (Fixture    *fx,
                           const char *patient_id,
                           const char *order_id)
{
  g_autofree char *orders_path = g_strdup_printf ("/api/v1/orders?patient_id=%s", patient_id);
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(JsonObject) order = NULL;
  JsonArray *payments;
  JsonObject *payment;

  g_assert_cmpuint (count_items (fx, "/api/v1/patients?q=neha%20offline"), ==, 1);
  g_assert_cmpuint (count_items (fx, orders_path), ==, 1);
  order = admin_get (fx, order_path, "order");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "patient"),
                                                  "id"), ==, patient_id);
  g_assert_cmpstr (json_object_get_string_member (order, "payment_state"), ==, "paid");
  payments = json_object_get_array_member (order, "payments");
  g_assert_cmpuint (json_array_get_length (payments), ==, 1);
  payment = json_array_get_object_element (payments, 0);
  g_assert_cmpstr (json_object_get_string_member (payment, "method"), ==, "cash");
  g_assert_cmpint (json_object_get_int_member (payment, "amount_paise"), ==,
                   json_object_get_int_member (order, "total_paise"));
  g_assert_cmpint (json_object_get_int_member (payment, "tendered_paise"), ==, 50000);
  g_assert_cmpint (json_object_get_int_member (payment, "change_paise"), ==,
                   50000 - json_object_get_int_member (order, "total_paise"));
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count(*) FROM payments"), ==, 1);
}

/* Mid-day the server goes: the desk registers Neha, books CBC for her
 * and takes ₹500 in cash, each kept here and marked waiting; the server
 * comes back and has each once, and a second reconnection sends nothing
 * again. */
static void
test_day_goes_on_offline (Fixture       *fx,
                          gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *patient_page;
  GtkWidget *order_page;
  GtkWidget *tendered;
  g_autofree char *patient_id = NULL;
  g_autofree char *order_id = NULL;

  sign_in (fx);
  stop_server (fx);

  /* Ctrl+N: a new patient, typed as a person types. */
  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.register", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PATIENT_DIALOG);
  ld_test_gui_type (form_row (dialog, "name_row"), "Neha Offline");
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row (dialog, "sex_row")), 1);
  ld_test_gui_type (form_row (dialog, "age_row"), "34");
  ld_test_gui_type (form_row (dialog, "phone_row"), "98450 12121");
  enter_until_closed (dialog, form_row (dialog, "phone_row"));

  patient_page = wait_top (fx, LD_TYPE_PATIENT_PAGE);
  patient_id = g_strdup (ld_patient_page_get_patient_id (LD_PATIENT_PAGE (patient_page)));
  ld_test_gui_wait_text (patient_page, "Neha Offline");
  ld_test_gui_wait_text (patient_page, "Waiting to be sent");
  ld_test_gui_wait_status (fx->gui, "Offline · 1 waiting");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-offline-patient");

  /* Ctrl+B: CBC booked for her; the order page opens with the payment. */
  open_booking (fx, patient_page, "CBC");
  g_assert_true (
    gtk_widget_activate_action (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk)),
                                "booking.book", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PAYMENT_DIALOG);
  order_page = wait_top (fx, LD_TYPE_ORDER_PAGE);
  g_object_get (order_page, "order-id", &order_id, NULL);
  ld_test_gui_wait_text (order_page, "waiting to be sent");
  ld_test_gui_wait_status (fx->gui, "Offline · 2 waiting");

  /* Cash: ₹500 tendered, the change said as it is typed; Enter takes it
   * once the dialog has read the order (its own read of the cache, not
   * the order page's), as a person waits for Take Payment. */
  tendered = child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "tendered_row");
  ld_test_gui_retype (tendered, "500");
  ld_test_gui_wait_action (GTK_WIDGET (dialog), "payment.take");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (
                     child (GTK_WIDGET (dialog), LD_TYPE_PAYMENT_DIALOG, "change_label"))),
                   !=, "");
  enter_until_closed (dialog, tendered);
  ld_test_gui_wait_status (fx->gui, "Offline · 3 waiting");
  ld_test_gui_wait_text (order_page, "waiting to be sent");
  ld_test_gui_wait_text (order_page, "tendered ₹500.00");
  /* Paid here in full: nothing is left to take, sent or not. */
  g_assert_false (gtk_widget_is_sensitive (child (order_page, LD_TYPE_ORDER_PAGE, "pay_button")));
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-offline-order");
  {
    GtkWidget *popover = open_outbox_list (fx);

    ld_test_gui_wait_text (popover, "Register a patient: Neha Offline");
    ld_test_gui_wait_text (popover, "Book tests: Neha Offline");
    ld_test_gui_screenshot (popover, "desk-offline-list");
    gtk_popover_popdown (GTK_POPOVER (popover));
  }
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT count(*) FROM patients"), ==, 0);

  /* Back: sent on its own, in order, and said. */
  start_server (fx);
  ld_test_gui_wait_status (fx->gui, "Online");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window), "Sent: ");
  wait_text_gone (order_page, "waiting to be sent");
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, order_page,
                          "the order page still shown");
  assert_day_on_server_once (fx, patient_id, order_id);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
    g_autoptr(JsonObject) order = admin_get (fx, path, "order");

    /* The page follows the server: the number it gave comes in. */
    ld_test_gui_wait_text (order_page, json_object_get_string_member (order, "number"));
  }
  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.open-patient", "s", patient_id));
  patient_page = wait_top (fx, LD_TYPE_PATIENT_PAGE);
  ld_test_gui_wait_text (patient_page, "Neha Offline");
  wait_text_gone (patient_page, "Waiting to be sent");

  /* A second cut and reconnection sends nothing twice. */
  stop_server (fx);
  start_server (fx);
  ld_test_gui_wait_status (fx->gui, "Online");
  assert_day_on_server_once (fx, patient_id, order_id);
}

/* Booked offline with a discount today's limit does not allow: back
 * online it is refused; the desk corrects the discount from the list
 * and the server has the order once. */
static void
test_refused_booking_corrected (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *patient_id = register_over_http (fx, "{\"name\": \"Arjun Mehta\", \"sex\":"
                                                        " \"male\", \"age_years\": 47}");
  g_autofree char *orders_path = g_strdup_printf ("/api/v1/orders?patient_id=%s", patient_id);
  g_autoptr(JsonArray) orders = NULL;
  GtkWidget *patient_page;
  GtkWidget *booking;
  GtkWidget *order_page;
  GtkWindow *dialog;
  GtkWidget *value_row;
  JsonObject *order;

  sign_in (fx);
  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.open-patient", "s", patient_id));
  patient_page = wait_top (fx, LD_TYPE_PATIENT_PAGE);
  ld_test_gui_wait_text (patient_page, "Arjun Mehta");
  stop_server (fx);

  /* While this desk is offline, the administrator (through a server on
   * another port, which this desk does not know) lowers the discount
   * limit from 20 % to 5 %: the desk's cache still says 20 %. */
  {
    g_autoptr(LdTestServer) other = ld_test_server_spawn (fx->db_path, NULL);
    g_autoptr(LdTestResponse) settings = admin_request (other, "GET", "/api/v1/settings", NULL);
    g_autoptr(LdTestResponse) patched = NULL;
    g_autofree char *body = NULL;

    ld_test_assert_status (settings, 200);
    body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"discount_max_percent\": 5}",
                            ld_test_response_get_int (settings, "version"));
    patched = admin_request (other, "PATCH", "/api/v1/settings", body);
    ld_test_assert_status (patched, 200);
  }

  booking = open_booking (fx, patient_page, "CBC");
  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                child (booking, LD_TYPE_BOOKING_PAGE, "discount_kind_row")),
                              1);
  ld_test_gui_retype (child (booking, LD_TYPE_BOOKING_PAGE, "discount_value_row"), "10");
  ld_test_gui_retype (child (booking, LD_TYPE_BOOKING_PAGE, "discount_reason_row"), "staff family");
  g_assert_true (gtk_widget_activate_action (booking, "booking.book", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PAYMENT_DIALOG);
  gtk_window_close (dialog);
  order_page = wait_top (fx, LD_TYPE_ORDER_PAGE);
  ld_test_gui_wait_status (fx->gui, "Offline · 1 waiting");

  start_server (fx);
  ld_test_gui_wait_status (fx->gui, "Online · 1 refused");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window), "The server refused: ");
  /* The order page says it waits for the desk now, not for the server. */
  ld_test_gui_wait_text (order_page, "refused by the server: see the outbox");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-offline-order-refused");
  g_assert_cmpuint (count_items (fx, orders_path), ==, 0);

  dialog = correct_refused (fx, "Arjun Mehta", "desk-offline-refused");
  value_row = ld_test_gui_find_named (GTK_WIDGET (dialog), "discount.value");
  g_assert_nonnull (value_row);
  ld_test_gui_wait_text (value_row, "above the limit");
  ld_test_gui_wait_text (GTK_WIDGET (dialog),
                         "Each detail the server would not take is marked below.");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-offline-correct");
  ld_test_gui_retype (value_row, "5");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "outbox-edit.send", NULL));
  ld_test_gui_wait_status (fx->gui, "Online");
  wait_text_gone (order_page, "refused by the server");

  orders = admin_list (fx, orders_path);
  g_assert_cmpuint (json_array_get_length (orders), ==, 1);
  order = json_array_get_object_element (orders, 0);
  g_assert_cmpint (json_object_get_int_member (order, "discount_paise") * 20, ==,
                   json_object_get_int_member (order, "subtotal_paise"));
}

/* Edited offline while another desk changed the same patient: back
 * online the edit is refused as stale; the list shows the server's
 * value beside the desk's, the desk sends its own over it, and the
 * server keeps the other desk's change to another field. */
static void
test_stale_edit_resolved (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *id = register_over_http (fx, "{\"name\": \"Kiran Das\", \"sex\": \"female\","
                                                " \"age_years\": 38, \"address\": \"1 Old Road\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  g_autoptr(JsonObject) patient = NULL;
  GtkWidget *patient_page;
  GtkWindow *dialog;

  sign_in (fx);
  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.open-patient", "s", id));
  patient_page = wait_top (fx, LD_TYPE_PATIENT_PAGE);
  ld_test_gui_wait_text (patient_page, "1 Old Road");
  stop_server (fx);

  /* Ctrl+E: the address changed here, offline. */
  g_assert_true (gtk_widget_activate_action (patient_page, "patient-page.edit", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PATIENT_DIALOG);
  wait_editable (form_row (dialog, "address_row"), "1 Old Road");
  ld_test_gui_retype (form_row (dialog, "address_row"), "12 MG Road");
  enter_until_closed (dialog, form_row (dialog, "address_row"));
  ld_test_gui_wait_text (patient_page, "Waiting to be sent");
  ld_test_gui_wait_status (fx->gui, "Offline · 1 waiting");

  /* Meanwhile another desk reaches the server (on another port, which
   * this desk does not know) and changes the address and phone. */
  {
    g_autoptr(LdTestServer) other = ld_test_server_spawn (fx->db_path, NULL);
    g_autoptr(LdTestResponse) resp = admin_request (other, "PATCH", path,
                                                    "{\"version\": 1, \"address\": \"7 Lake Road\","
                                                    " \"phone\": \"98450 33333\"}");

    ld_test_assert_status (resp, 200);
  }

  start_server (fx);
  ld_test_gui_wait_status (fx->gui, "Online · 1 refused");
  ld_test_gui_wait_text (patient_page, "Refused by the server");

  dialog = correct_refused (fx, "Kiran Das", NULL);
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Now on the Server");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "7 Lake Road");
  g_assert_cmpstr (gtk_editable_get_text (
                     GTK_EDITABLE (ld_test_gui_find_named (GTK_WIDGET (dialog), "address"))),
                   ==, "12 MG Road");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-offline-conflict");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "outbox-edit.send", NULL));
  ld_test_gui_wait_status (fx->gui, "Online");

  patient = admin_get (fx, path, "patient");
  g_assert_cmpstr (json_object_get_string_member (patient, "address"), ==, "12 MG Road");
  g_assert_cmpstr (json_object_get_string_member (patient, "phone"), ==, "98450 33333");
  g_assert_cmpint (json_object_get_int_member (patient, "version"), ==, 3);
  ld_test_gui_wait_text (patient_page, "12 MG Road");
  ld_test_gui_wait_text (patient_page, "98450 33333");
  wait_text_gone (patient_page, "Refused by the server");
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/desk/offline/day-goes-on", test_day_goes_on_offline);
  ADD ("/gui/desk/offline/refused-booking-corrected", test_refused_booking_corrected);
  ADD ("/gui/desk/offline/stale-edit-resolved", test_stale_edit_resolved);
#undef ADD

  return g_test_run ();
}
