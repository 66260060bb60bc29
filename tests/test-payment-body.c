/* test-payment-body.c: a payment or refund the desk writes is the one the
 * server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk writes the body with ld_payment_body_write(), the server reads
 * it with ld_payment_body_read(); the same file spells both. Each method's
 * body is written and read back whole, and each thing the server refuses
 * is refused naming its member.
 */

#include "config.h"

#include "ld-error.h"
#include "ld-payment-body.h"

#define ID "6f1c1d52-8a53-4a7c-9d3e-5b0f6f0b4a11"

static JsonObject *
written (void (*write) (JsonBuilder *, const LdPayment *),
         const LdPayment *payment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  write (builder, payment);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static LdPayment *
read_back (void (*read) (LdJsonReader *, LdPayment *),
           JsonObject *body,
           GError    **error)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(LdPayment) payment = ld_payment_new ();

  read (reader, payment);
  if (!ld_json_reader_finish (reader, error))
    return NULL;
  return g_steal_pointer (&payment);
}

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (text, -1, NULL);

  g_assert_nonnull (object);
  return g_steal_pointer (&object);
}

static void
test_each_method_round_trip (void)
{
  static const struct
  {
    const char *method;
    gint64      amount_paise;
    gint64      tendered_paise;
    const char *reference;
  } cases[] = {
    { "cash", -1, 50000, NULL },    { "cash", 27000, 30000, NULL },
    { "card", -1, -1, "TXN-0042" }, { "upi", -1, -1, "UPI/431234567890" },
    { "online", -1, -1, NULL },     { "cod", -1, -1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LdPayment sent = { .id = (char *) ID, .method = (char *) cases[i].method,
                         .amount_paise = cases[i].amount_paise,
                         .tendered_paise = cases[i].tendered_paise,
                         .reference = (char *) cases[i].reference };
      g_autoptr(JsonObject) body = written (ld_payment_body_write, &sent);
      g_autoptr(GError) error = NULL;
      g_autoptr(LdPayment) read = read_back (ld_payment_body_read, body, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (read->id, ==, ID);
      g_assert_cmpstr (read->method, ==, cases[i].method);
      g_assert_cmpint (read->amount_paise, ==, cases[i].amount_paise);
      g_assert_cmpint (read->tendered_paise, ==, cases[i].tendered_paise);
      g_assert_cmpstr (read->reference, ==, cases[i].reference);
    }
}

/* What the desk keeps of a form that is not its method's is not sent. */
static void
test_other_methods_members_not_written (void)
{
  LdPayment card = { .method = (char *) "card", .amount_paise = -1, .tendered_paise = 50000,
                     .reference = (char *) "TXN-7" };
  LdPayment online = { .method = (char *) "online", .amount_paise = -1, .tendered_paise = 50000,
                       .reference = (char *) "TXN-7" };
  g_autoptr(JsonObject) card_body = written (ld_payment_body_write, &card);
  g_autoptr(JsonObject) online_body = written (ld_payment_body_write, &online);

  g_assert_false (json_object_has_member (card_body, "tendered_paise"));
  g_assert_true (json_object_has_member (card_body, "reference"));
  g_assert_cmpuint (json_object_get_size (online_body), ==, 1);
}

static void
assert_refused (void (*read) (LdJsonReader *, LdPayment *),
                const char *text,
                const char *field)
{
  g_autoptr(JsonObject) body = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPayment) payment = read_back (read, body, &error);
  GHashTable *fields;

  g_assert_null (payment);
  g_assert_nonnull (error);
  fields = ld_api_error_get_fields (error);
  if (fields == NULL || !g_hash_table_contains (fields, field))
    g_error ("%s: expected a refusal naming %s, got: %s", text, field, error->message);
}

static void
test_refusals_name_the_member (void)
{
  assert_refused (ld_payment_body_read, "{\"method\": \"cheque\"}", "method");
  assert_refused (ld_payment_body_read, "{\"method\": \"cash\"}", "tendered_paise");
  assert_refused (ld_payment_body_read, "{\"method\": \"cash\", \"tendered_paise\": 0}",
                  "tendered_paise");
  assert_refused (ld_payment_body_read,
                  "{\"method\": \"cash\", \"tendered_paise\": 100000001}", "tendered_paise");
  assert_refused (ld_payment_body_read, "{\"method\": \"card\", \"tendered_paise\": 500}",
                  "tendered_paise");
  assert_refused (ld_payment_body_read, "{\"method\": \"upi\"}", "reference");
  assert_refused (ld_payment_body_read, "{\"method\": \"upi\", \"reference\": \"   \"}",
                  "reference");
  assert_refused (ld_payment_body_read, "{\"method\": \"online\", \"reference\": \"x\"}",
                  "reference");
  assert_refused (ld_payment_body_read, "{\"method\": \"cod\", \"id\": \"not-a-uuid\"}", "id");
  assert_refused (ld_payment_body_read, "{\"method\": \"cod\", \"tip_paise\": 10}", "tip_paise");
  assert_refused (ld_refund_body_read,
                  "{\"method\": \"cod\", \"amount_paise\": 100, "
                  "\"reason\": \"x\"}",
                  "method");
  assert_refused (ld_refund_body_read, "{\"method\": \"cash\", \"amount_paise\": 100}", "reason");
  assert_refused (ld_refund_body_read, "{\"method\": \"cash\", \"reason\": \"x\"}", "amount_paise");
}

static void
test_refund_round_trip (void)
{
  LdPayment sent = { .method = (char *) "upi", .amount_paise = 12000,
                     .reason = (char *) "Test not done", .reference = (char *) "UPI/77" };
  LdPayment without = { .method = (char *) "cash", .amount_paise = 500,
                        .reason = (char *) "Overcharged", .reference = (char *) "" };
  g_autoptr(JsonObject) body = written (ld_refund_body_write, &sent);
  g_autoptr(JsonObject) cash_body = written (ld_refund_body_write, &without);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPayment) read = read_back (ld_refund_body_read, body, &error);
  g_autoptr(LdPayment) cash = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (read->method, ==, "upi");
  g_assert_cmpint (read->amount_paise, ==, 12000);
  g_assert_cmpstr (read->reason, ==, "Test not done");
  g_assert_cmpstr (read->reference, ==, "UPI/77");

  /* An empty reference is none: not sent, so not refused as blank. */
  g_assert_false (json_object_has_member (cash_body, "reference"));
  cash = read_back (ld_refund_body_read, cash_body, &error);
  g_assert_no_error (error);
  g_assert_null (cash->reference);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payment-body/each-method-round-trip", test_each_method_round_trip);
  g_test_add_func ("/payment-body/other-methods-members-not-written",
                   test_other_methods_members_not_written);
  g_test_add_func ("/payment-body/refusals-name-the-member", test_refusals_name_the_member);
  g_test_add_func ("/payment-body/refund-round-trip", test_refund_round_trip);

  return g_test_run ();
}
