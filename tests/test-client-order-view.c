/* test-client-order-view.c: the order as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared reader (ld_command_read_order()) gives back what the server
 * wrote (ld_order_to_json()), and reads an order made here offline as
 * not priced. The item (LdOrderView) notifies the properties that a
 * fresh copy changes, and only those. Followed through a real session
 * against the real server, it shows the order as the server has it, and
 * a payment taken at another desk arrives as notifications.
 */

#include "config.h"

#include "ld-command-records.h"
#include "ld-json.h"
#include "ld-session.h"
#include "store/ld-cache-record.h"
#include "ld-test-client.h"
#include "store/ld-order-follow.h"
#include "store/ld-order-view.h"

/* A temporary directory per test. */
typedef LdTestTmpdir Fixture;
#define fixture_setup ld_test_tmpdir_setup
#define fixture_teardown ld_test_tmpdir_teardown

static LdOrder *
build_order (void)
{
  LdOrder *order = ld_order_new ();
  LdOrderItem *panel = ld_order_item_new ("panel", "LFT", "Liver panel", 90000);
  LdOrderItem *covered = ld_order_item_new ("test", "ALT", "ALT", 20000);
  LdPayment *cash = ld_payment_new ();
  LdPayment *card = ld_payment_new ();

  order->id = g_strdup ("ord-1");
  order->number = g_strdup ("O2611-000007");
  order->patient_id = g_strdup ("pat-1");
  order->patient_mrn = g_strdup ("MRN-0001");
  order->patient_name = g_strdup ("Asha Rao");
  order->source = g_strdup ("desk");
  order->channel = g_strdup ("web");
  order->referring_doctor_name = g_strdup ("Dr. Mehta");
  order->priority = g_strdup ("stat");
  order->clinical_notes = g_strdup ("fasting");
  order->collection = g_strdup ("home");
  order->home_address = g_strdup ("12 MG Road");
  order->home_slot_start = g_strdup ("2026-11-26T04:30:00Z");
  order->home_slot_end = g_strdup ("2026-11-26T05:00:00Z");
  covered->charged_paise = 0;
  covered->covered_by = g_strdup ("LFT");
  g_ptr_array_add (order->items, panel);
  g_ptr_array_add (order->items, covered);
  g_ptr_array_add (order->tests, ld_order_test_new ("ALT", "ALT", "serum", "SST", "LFT"));
  order->subtotal_paise = 110000;
  order->discount_kind = g_strdup ("percent");
  order->discount_value = 10;
  order->discount_reason = g_strdup ("senior citizen");
  order->discount_paise = 9000;
  order->home_fee_paise = 15000;
  order->tax_paise = 0;
  order->total_paise = 96000;
  order->paid_paise = 50000;
  order->refunded_paise = 0;
  order->payment_state = g_strdup ("partly_paid");
  order->lab_state = g_strdup ("ordered");
  order->created_at = g_strdup ("2026-11-25T10:00:00Z");
  order->version = 3;
  cash->id = g_strdup ("pay-1");
  cash->kind = g_strdup ("payment");
  cash->method = g_strdup ("cash");
  cash->status = g_strdup ("succeeded");
  cash->amount_paise = 50000;
  cash->tendered_paise = 50000;
  cash->change_paise = 0;
  card->id = g_strdup ("pay-2");
  card->kind = g_strdup ("payment");
  card->method = g_strdup ("card");
  card->status = g_strdup ("failed");
  card->amount_paise = 46000;
  card->failure_reason = g_strdup ("declined");
  g_ptr_array_add (order->payments, cash);
  g_ptr_array_add (order->payments, card);
  return order;
}

/* @order as the client reads what the server wrote of it. */
static LdOrder *
read_back (const LdOrder *order)
{
  g_autoptr(JsonNode) node = ld_order_to_node (order);

  return ld_command_read_order (json_node_get_object (node));
}

static LdOrder *
read_back_built (void)
{
  g_autoptr(LdOrder) built = build_order ();

  return read_back (built);
}

/* What the server writes, the client reads back the same. */
static void
test_read_round_trip (void)
{
  g_autoptr(LdOrder) order = build_order ();
  g_autoptr(LdOrder) read = read_back (order);
  const LdOrderItem *covered;
  const LdOrderTest *test;
  const LdPayment *cash, *card;

  g_assert_cmpstr (read->id, ==, "ord-1");
  g_assert_cmpstr (read->number, ==, "O2611-000007");
  g_assert_cmpstr (read->patient_mrn, ==, "MRN-0001");
  g_assert_cmpstr (read->patient_name, ==, "Asha Rao");
  g_assert_cmpstr (read->referring_doctor_name, ==, "Dr. Mehta");
  g_assert_null (read->doctor_name);
  g_assert_cmpstr (read->priority, ==, "stat");
  /* Booked by the patient on the patient pages: the desk shows it. */
  g_assert_cmpstr (read->channel, ==, "web");
  g_assert_cmpstr (read->collection, ==, "home");
  g_assert_cmpstr (read->home_address, ==, "12 MG Road");
  g_assert_cmpstr (read->home_slot_start, ==, "2026-11-26T04:30:00Z");
  g_assert_cmpuint (read->items->len, ==, 2);
  covered = g_ptr_array_index (read->items, 1);
  g_assert_cmpstr (covered->kind, ==, "test");
  g_assert_cmpstr (covered->code, ==, "ALT");
  g_assert_cmpint (covered->list_price_paise, ==, 20000);
  g_assert_cmpint (covered->charged_paise, ==, 0);
  g_assert_cmpstr (covered->covered_by, ==, "LFT");
  g_assert_cmpuint (read->tests->len, ==, 1);
  test = g_ptr_array_index (read->tests, 0);
  g_assert_cmpstr (test->container, ==, "SST");
  g_assert_cmpstr (test->item_code, ==, "LFT");
  g_assert_true (read->priced);
  g_assert_cmpint (read->subtotal_paise, ==, 110000);
  g_assert_cmpstr (read->discount_reason, ==, "senior citizen");
  g_assert_cmpint (read->discount_value, ==, 10);
  g_assert_cmpint (read->discount_paise, ==, 9000);
  g_assert_cmpint (read->home_fee_paise, ==, 15000);
  g_assert_cmpint (read->total_paise, ==, 96000);
  g_assert_cmpint (read->paid_paise, ==, 50000);
  g_assert_cmpint (ld_order_get_balance (read), ==, 46000);
  g_assert_cmpstr (read->payment_state, ==, "partly_paid");
  g_assert_cmpint (read->created_us, >, 0);
  g_assert_cmpint (read->version, ==, 3);
  g_assert_cmpuint (read->payments->len, ==, 2);
  cash = g_ptr_array_index (read->payments, 0);
  card = g_ptr_array_index (read->payments, 1);
  g_assert_cmpint (cash->tendered_paise, ==, 50000);
  g_assert_cmpint (cash->change_paise, ==, 0);
  /* Not cash: no tendered amount, not 0. */
  g_assert_cmpint (card->tendered_paise, ==, -1);
  g_assert_cmpint (card->change_paise, ==, -1);
  g_assert_cmpstr (card->failure_reason, ==, "declined");
}

/* An order booked here offline: the codes booked, no money yet. */
static void
test_read_made_offline (void)
{
  g_autoptr(JsonObject) object =
               ld_json_parse_object ("{\"id\": \"ord-2\", \"number\": null,"
                                     " \"patient\": {\"id\": \"pat-1\", \"name\": \"Asha Rao\"},"
                                     " \"items\": [\"HB\", \"LFT\"], \"total_paise\": null,"
                                     " \"paid_paise\": 0, \"payments\": []}",
                                     -1, NULL);
  g_autoptr(LdOrder) read = ld_command_read_order (object);
  const LdOrderItem *item;

  g_assert_null (read->number);
  g_assert_false (read->priced);
  g_assert_cmpint (read->total_paise, ==, 0);
  g_assert_cmpuint (read->items->len, ==, 2);
  item = g_ptr_array_index (read->items, 1);
  g_assert_cmpstr (item->code, ==, "LFT");
  g_assert_null (item->kind);
  g_assert_null (item->name);
  g_assert_null (read->patient_mrn);
}

/* The patient's phone is read when the record carries it (the cache's
 * home-visit rows); missing, null, of another type, or with no patient
 * object, it reads NULL, without a critical. */
static void
test_read_patient_phone (void)
{
  static const struct
  {
    const char *json;
    const char *phone;
  } cases[] = {
    { "{\"patient\": {\"id\": \"pat-1\", \"phone\": \"+91 98450 12345\"}}", "+91 98450 12345" },
    { "{\"patient\": {\"id\": \"pat-1\"}}", NULL },
    { "{\"patient\": {\"id\": \"pat-1\", \"phone\": null}}", NULL },
    { "{\"patient\": {\"id\": \"pat-1\", \"phone\": 9845012345}}", NULL },
    { "{\"patient\": {\"id\": \"pat-1\", \"phone\": [\"+91\"]}}", NULL },
    { "{\"patient\": \"pat-1\"}", NULL },
    { "{}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = ld_json_parse_object (cases[i].json, -1, NULL);
      g_autoptr(LdOrder) read = ld_command_read_order (object);

      g_assert_cmpstr (read->patient_phone, ==, cases[i].phone);
    }
}

/* The server never writes the phone: the wire form stays as it was. */
static void
test_phone_not_written (void)
{
  g_autoptr(LdOrder) order = build_order ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *patient;

  order->patient_phone = g_strdup ("+91 98450 12345");
  node = ld_order_to_node (order);
  patient = json_object_get_object_member (json_node_get_object (node), "patient");
  g_assert_false (json_object_has_member (patient, "phone"));
  g_assert_cmpuint (json_object_get_size (patient), ==, 3);
}

/* A copy (the boxed type's) is deep and writes the same record. */
static void
test_order_copy (void)
{
  g_autoptr(LdOrder) order = build_order ();
  g_autoptr(LdOrder) copy = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(JsonNode) copied = NULL;

  order->patient_phone = g_strdup ("+91 98450 12345");
  copy = g_boxed_copy (LD_TYPE_ORDER, order);
  g_assert_true (copy != order);
  g_assert_true (copy->number != order->number);
  g_assert_true (copy->items != order->items);
  g_assert_true (g_ptr_array_index (copy->payments, 0) != g_ptr_array_index (order->payments, 0));
  g_assert_cmpstr (copy->patient_phone, ==, "+91 98450 12345");
  written = ld_order_to_node (order);
  g_clear_pointer (&order, ld_order_free);
  copied = ld_order_to_node (copy);
  g_assert_true (json_node_equal (written, copied));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A row's "order" follows its record: notified when filled with another
 * record or unloaded, not when the same record comes again. */
static void
test_record_order_property (void)
{
  g_autoptr(LdCacheRecord) record = ld_cache_record_new ("order");
  g_autoptr(LdOrder) built = build_order ();
  g_autoptr(JsonNode) node = ld_order_to_node (built);
  g_autofree char *first = json_to_string (node, FALSE);
  g_autofree char *second = NULL;
  guint notified = 0;
  LdOrder *order = NULL;

  g_signal_connect (record, "notify::order", G_CALLBACK (count_notify_cb), &notified);
  g_object_get (record, "order", &order, NULL);
  g_assert_null (order);

  ld_cache_record_fill (record, "ord-1", first, NULL, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (record, "order", &order, NULL);
  g_assert_cmpstr (order->number, ==, "O2611-000007");
  g_assert_cmpint (ld_order_get_balance (order), ==, 46000);
  g_clear_pointer (&order, ld_order_free);

  ld_cache_record_fill (record, "ord-1", first, NULL, NULL);
  g_assert_cmpuint (notified, ==, 1);

  built->paid_paise = built->total_paise;
  json_node_unref (node);
  node = ld_order_to_node (built);
  second = json_to_string (node, FALSE);
  ld_cache_record_fill (record, "ord-1", second, NULL, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (ld_order_get_balance (ld_cache_record_get_order (record)), ==, 0);

  ld_cache_record_unload (record);
  g_assert_cmpuint (notified, ==, 3);
  g_object_get (record, "order", &order, NULL);
  g_assert_null (order);
}

/* And "patient", for a row of patients. */
static void
test_record_patient_property (void)
{
  g_autoptr(LdCacheRecord) record = ld_cache_record_new ("patient");
  g_autoptr(LdPatient) patient = NULL;
  guint notified = 0;

  g_signal_connect (record, "notify::patient", G_CALLBACK (count_notify_cb), &notified);
  ld_cache_record_fill (record, "pat-1",
                        "{\"id\": \"pat-1\", \"mrn\": \"MRN-0001\", \"name\": \"Asha Rao\","
                        " \"sex\": \"female\", \"age_years\": 40, \"version\": 1}",
                        NULL, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (record, "patient", &patient, NULL);
  g_assert_cmpstr (ld_patient_get_name (patient), ==, "Asha Rao");
  g_assert_cmpstr (ld_patient_get_mrn (patient), ==, "MRN-0001");
  ld_cache_record_unload (record);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (ld_cache_record_get_patient (record));
}

/* The names of the properties notified, in a string, and the refreshes. */
typedef struct
{
  GString *notified;
  guint    refreshed;
} Seen;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Seen       *seen)
{
  g_string_append_printf (seen->notified, "%s%s", seen->notified->len ? " " : "", pspec->name);
}

static void
on_refreshed_cb (LdOrderView *view,
                 Seen        *seen)
{
  seen->refreshed++;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names notified, sorted: a frozen object's notifications come in no
 * set order. */
static char *
dup_notified (Seen *seen)
{
  g_auto(GStrv) names = g_strsplit (seen->notified->str, " ", -1);

  if (seen->notified->len == 0)
    return g_strdup ("");
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return g_strjoinv (" ", names);
}

static void
forget (Seen *seen)
{
  g_string_truncate (seen->notified, 0);
  seen->refreshed = 0;
}

static void
test_view_notifies_changes (void)
{
  g_autoptr(LdOrderView) view = ld_order_view_new ();
  Seen seen = { g_string_new (NULL), 0 };
  LdOrder *order;
  g_autofree char *number = NULL;
  g_autofree char *notified = NULL;
  gint64 balance = 0;

  g_signal_connect (view, "notify", G_CALLBACK (on_notify_cb), &seen);
  g_signal_connect (view, "refreshed", G_CALLBACK (on_refreshed_cb), &seen);

  /* Nothing known before the first copy. */
  g_assert_false (ld_order_view_get_loaded (view));
  g_assert_null (ld_order_view_get_order (view));
  g_assert_cmpint (ld_order_view_get_total_paise (view), ==, -1);
  g_assert_cmpint (ld_order_view_get_balance_paise (view), ==, -1);

  ld_order_view_set_order (view, read_back_built ());
  g_assert_cmpuint (seen.refreshed, ==, 1);
  notified = dup_notified (&seen);
  g_assert_cmpstr (notified, ==,
                   "balance-paise channel id lab-state loaded number paid-paise patient-mrn"
                   " patient-name payment-state priced priority refunded-paise sent"
                   " total-paise version");
  g_object_get (view, "number", &number, "balance-paise", &balance, NULL);
  g_assert_cmpstr (number, ==, "O2611-000007");
  g_assert_cmpint (balance, ==, 46000);
  g_assert_cmpstr (ld_order_view_get_order (view)->home_address, ==, "12 MG Road");

  /* The same copy again: refreshed, nothing notified. */
  forget (&seen);
  ld_order_view_set_order (view, read_back_built ());
  g_assert_cmpuint (seen.refreshed, ==, 1);
  g_assert_cmpstr (seen.notified->str, ==, "");

  /* Paid in full at another desk: the money and the state move. */
  forget (&seen);
  order = build_order ();
  order->paid_paise = 96000;
  g_free (order->payment_state);
  order->payment_state = g_strdup ("paid");
  order->version = 4;
  ld_order_view_set_order (view, read_back (order));
  ld_order_free (order);
  g_free (notified);
  notified = dup_notified (&seen);
  g_assert_cmpstr (notified, ==, "balance-paise paid-paise payment-state version");
  g_assert_cmpint (ld_order_view_get_balance_paise (view), ==, 0);
  g_assert_cmpstr (ld_order_view_get_payment_state (view), ==, "paid");

  /* The outbox's word, notified once per change. */
  forget (&seen);
  ld_order_view_set_pending (view, "rejected");
  ld_order_view_set_pending (view, "rejected");
  g_assert_cmpstr (seen.notified->str, ==, "pending");
  g_assert_cmpstr (ld_order_view_get_pending (view), ==, "rejected");
  g_assert_cmpuint (seen.refreshed, ==, 0);

  g_string_free (seen.notified, TRUE);
  g_assert_finalize_object (g_steal_pointer (&view));
}

static LdSession *
sign_in (LdApiClient *api)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  LdSession *session;

  ld_session_sign_in_async (api, "reception", LD_TEST_RECEPTION_PASSWORD, NULL,
                            ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  session = ld_session_sign_in_finish (result, &error);
  g_assert_no_error (error);
  return session;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
view_is_loaded (gpointer view)
{
  return ld_order_view_get_loaded (view);
}

static gboolean
view_is_paid (gpointer view)
{
  return g_strcmp0 (ld_order_view_get_payment_state (view), "paid") == 0;
}

/* Followed in a real session: the order as the server has it, then a
 * payment taken at another desk, notified through the feed. */
static void
test_follow_hands_out_item (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autoptr(LdApiClient) api = ld_api_client_new (ld_test_server_get_uri (server));
  g_autofree char *desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) made = NULL;
  g_autoptr(LdTestResponse) paid = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  LdOrderFollow *follow;
  LdOrderView *view;
  LdSession *session;
  gpointer weak;
  Seen seen = { g_string_new (NULL), 0 };
  gint64 total;

  patient = ld_test_send_json (server, "POST", "/api/v1/patients", desk,
                               "{\"name\": \"Ishaan Verma\", \"sex\": \"male\","
                               " \"age_years\": 40}");
  ld_test_assert_status (patient, 201);
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}",
                          ld_test_response_get_string (patient, "patient.id"));
  made = ld_test_send_json (server, "POST", "/api/v1/orders", desk, body);
  ld_test_assert_status (made, 201);
  total = ld_test_response_get_int (made, "order.total_paise");
  g_assert_cmpint (total, >, 0);

  session = sign_in (api);
  follow = ld_order_follow_new (session, ld_test_response_get_string (made, "order.id"));
  view = ld_order_follow_get_view (follow);
  ld_test_wait_until (view_is_loaded, view, 60000, "the order to be read from the cache");
  g_assert_cmpstr (ld_order_view_get_number (view), ==,
                   ld_test_response_get_string (made, "order.number"));
  g_assert_cmpstr (ld_order_view_get_patient_name (view), ==, "Ishaan Verma");
  g_assert_true (ld_order_view_get_sent (view));
  g_assert_cmpstr (ld_order_view_get_channel (view), ==, "desk");
  g_assert_true (ld_order_view_get_priced (view));
  g_assert_cmpint (ld_order_view_get_total_paise (view), ==, total);
  g_assert_cmpint (ld_order_view_get_balance_paise (view), ==, total);
  g_assert_cmpint (ld_order_view_get_paid_paise (view), ==, 0);
  g_assert_null (ld_order_view_get_pending (view));
  g_assert_cmpuint (ld_order_view_get_order (view)->items->len, ==, 1);

  /* Paid at another desk: the feed brings it, the item says it. */
  g_signal_connect (view, "notify", G_CALLBACK (on_notify_cb), &seen);
  path =
    g_strdup_printf ("/api/v1/orders/%s/payments", ld_test_response_get_string (made, "order.id"));
  paid = ld_test_send_json (server, "POST", path, desk,
                            "{\"method\": \"cash\", \"tendered_paise\": 500000}");
  ld_test_assert_status (paid, 201);
  ld_test_wait_until (view_is_paid, view, 60000, "the payment to reach the item");
  g_assert_cmpint (ld_order_view_get_paid_paise (view), ==, total);
  g_assert_cmpint (ld_order_view_get_balance_paise (view), ==, 0);
  g_assert_nonnull (strstr (seen.notified->str, "payment-state"));
  g_assert_nonnull (strstr (seen.notified->str, "balance-paise"));
  g_assert_null (strstr (seen.notified->str, "number"));
  g_assert_cmpuint (ld_order_view_get_order (view)->payments->len, ==, 1);
  g_signal_handlers_disconnect_by_data (view, &seen);
  g_string_free (seen.notified, TRUE);

  g_object_unref (follow);
  ld_session_close (session);
  weak = session;
  g_object_add_weak_pointer (G_OBJECT (session), &weak);
  g_object_unref (session);
  ld_test_wait_until (is_gone, &weak, 30000, "the session to be finalized");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-order-view-XXXXXX", NULL);
  int status;

  /* The session's cache goes under the user's data directory. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add_func ("/shared/order-read/round-trip", test_read_round_trip);
  g_test_add_func ("/shared/order-read/made-offline", test_read_made_offline);
  g_test_add_func ("/shared/order-read/patient-phone", test_read_patient_phone);
  g_test_add_func ("/shared/order-read/phone-not-written", test_phone_not_written);
  g_test_add_func ("/shared/order-copy", test_order_copy);
  g_test_add_func ("/client/cache-record/order-property", test_record_order_property);
  g_test_add_func ("/client/cache-record/patient-property", test_record_patient_property);
  g_test_add_func ("/client/order-view/notifies-changes", test_view_notifies_changes);
  g_test_add ("/client/order-view/follow-hands-out-item", Fixture, NULL, fixture_setup,
              test_follow_hands_out_item, fixture_teardown);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
