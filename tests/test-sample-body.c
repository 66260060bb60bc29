/* test-sample-body.c: a collection or custody step the bench writes is
 * the one the server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bench writes with ld_collect_body_write() and
 * ld_custody_body_write(), the server reads with ld_collect_body_read()
 * and ld_custody_body_read(); the same file spells both. Each event is
 * written and read back whole, and each thing the server refuses is
 * refused naming its member.
 */

#include "config.h"

#include "ld-error.h"
#include "ld-sample-body.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (text, -1, NULL);

  g_assert_nonnull (object);
  return g_steal_pointer (&object);
}

static JsonObject *
written_custody (const LdCustodyBody *custody)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_custody_body_write (builder, custody);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
written_collect (const LdCollectBody *collect)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_collect_body_write (builder, collect);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static void
test_custody_round_trip (void)
{
  static const struct
  {
    const char *event;
    const char *location;
    const char *note;
    const char *reason;
    gboolean    recollect;
  } cases[] = {
    { "received", "Bench 2", NULL, NULL, FALSE },
    { "rejected", NULL, NULL, "Haemolysed", TRUE },
    { "rejected", NULL, "Phoned the ward", "Clotted", FALSE },
    { "stored", "Fridge B, rack 4", "Kept for repeat", NULL, FALSE },
    { "disposed", NULL, NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LdCustodyBody sent = { 4 + i, (char *) cases[i].event, (char *) cases[i].location,
                             (char *) cases[i].note, (char *) cases[i].reason,
                             cases[i].recollect };
      g_autoptr(JsonObject) body = written_custody (&sent);
      g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
      g_auto(LdCustodyBody) read = { 0 };
      g_autoptr(GError) error = NULL;

      ld_custody_body_read (reader, &read);
      g_assert_true (ld_json_reader_finish (reader, &error));
      g_assert_no_error (error);
      g_assert_cmpint (read.version, ==, sent.version);
      g_assert_cmpstr (read.event, ==, sent.event);
      g_assert_cmpstr (read.location, ==, sent.location);
      g_assert_cmpstr (read.note, ==, sent.note);
      g_assert_cmpstr (read.reason, ==, sent.reason);
      g_assert_cmpint (read.recollect, ==, sent.recollect);
    }
}

/* What the bench keeps of a form that is not its event's is not sent. */
static void
test_rejection_members_only_for_rejection (void)
{
  LdCustodyBody stored = { 2, (char *) "stored", (char *) "", NULL, (char *) "kept", TRUE };
  g_autoptr(JsonObject) body = written_custody (&stored);

  g_assert_false (json_object_has_member (body, "reason"));
  g_assert_false (json_object_has_member (body, "recollect"));
  g_assert_false (json_object_has_member (body, "location"));
  g_assert_cmpuint (json_object_get_size (body), ==, 2);
}

static void
test_collect_round_trip (void)
{
  LdPayment cash = { .method = (char *) "cash", .amount_paise = -1, .tendered_paise = 50000 };
  LdCollectBody with_cash = { (char *) "Home visit, Sector 14", (char *) "Fasting", &cash };
  LdCollectBody bare = { NULL, (char *) "", NULL };
  g_autoptr(JsonObject) body = written_collect (&with_cash);
  g_autoptr(JsonObject) bare_body = written_collect (&bare);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(LdJsonReader) bare_reader = ld_json_reader_new (bare_body);
  g_auto(LdCollectBody) read = { NULL };
  g_auto(LdCollectBody) bare_read = { NULL };

  ld_collect_body_read (reader, &read);
  g_assert_true (ld_json_reader_finish (reader, NULL));
  g_assert_cmpstr (read.location, ==, "Home visit, Sector 14");
  g_assert_cmpstr (read.note, ==, "Fasting");
  g_assert_nonnull (read.payment);
  g_assert_cmpstr (read.payment->method, ==, "cash");
  g_assert_cmpint (read.payment->tendered_paise, ==, 50000);

  g_assert_cmpuint (json_object_get_size (bare_body), ==, 0);
  ld_collect_body_read (bare_reader, &bare_read);
  g_assert_true (ld_json_reader_finish (bare_reader, NULL));
  g_assert_null (bare_read.location);
  g_assert_null (bare_read.payment);
}

static void
assert_custody_refused (const char *text,
                        const char *field)
{
  g_autoptr(JsonObject) body = parse (text);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_auto(LdCustodyBody) custody = { 0 };
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  ld_custody_body_read (reader, &custody);
  g_assert_false (ld_json_reader_finish (reader, &error));
  fields = ld_api_error_get_fields (error);
  if (fields == NULL || !g_hash_table_contains (fields, field))
    g_error ("%s: expected a refusal naming %s, got: %s", text, field, error->message);
}

static void
assert_collect_refused (const char *text,
                        const char *field)
{
  g_autoptr(JsonObject) body = parse (text);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_auto(LdCollectBody) collect = { NULL };
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  ld_collect_body_read (reader, &collect);
  g_assert_false (ld_json_reader_finish (reader, &error));
  fields = ld_api_error_get_fields (error);
  if (fields == NULL || !g_hash_table_contains (fields, field))
    g_error ("%s: expected a refusal naming %s, got: %s", text, field, error->message);
}

static void
test_refusals_name_the_member (void)
{
  g_autofree char *long_place = g_strnfill (LD_SAMPLE_MAX_LOCATION_CHARS + 1, 'p');
  g_autofree char *long_note = g_strnfill (LD_SAMPLE_MAX_NOTE_CHARS + 1, 'n');
  g_autofree char *place_body =
    g_strdup_printf ("{\"version\": 1, \"event\": \"stored\", \"location\": \"%s\"}", long_place);
  g_autofree char *note_body =
    g_strdup_printf ("{\"version\": 1, \"event\": \"stored\", \"note\": \"%s\"}", long_note);
  g_autofree char *collect_note_body = g_strdup_printf ("{\"note\": \"%s\"}", long_note);

  assert_custody_refused ("{\"event\": \"received\"}", "version");
  assert_custody_refused ("{\"version\": 1}", "event");
  assert_custody_refused ("{\"version\": 1, \"event\": \"lost\"}", "event");
  assert_custody_refused ("{\"version\": 1, \"event\": \"rejected\", \"recollect\": true}",
                          "reason");
  assert_custody_refused ("{\"version\": 1, \"event\": \"rejected\", \"reason\": \"  \","
                          " \"recollect\": true}",
                          "reason");
  assert_custody_refused ("{\"version\": 1, \"event\": \"rejected\", \"reason\": \"x\"}",
                          "recollect");
  assert_custody_refused ("{\"version\": 1, \"event\": \"received\", \"reason\": \"x\"}",
                          "reason");
  assert_custody_refused ("{\"version\": 1, \"event\": \"stored\", \"recollect\": false}",
                          "recollect");
  assert_custody_refused ("{\"version\": 1, \"event\": \"stored\", \"rack\": \"B\"}", "rack");
  assert_custody_refused (place_body, "location");
  assert_custody_refused (note_body, "note");

  assert_collect_refused ("{\"payment\": {\"method\": \"online\"}}", "payment.method");
  assert_collect_refused ("{\"payment\": {\"method\": \"cash\"}}", "payment.tendered_paise");
  assert_collect_refused ("{\"payment\": \"cash\"}", "payment");
  assert_collect_refused ("{\"location\": 4}", "location");
  assert_collect_refused (collect_note_body, "note");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sample-body/custody-round-trip", test_custody_round_trip);
  g_test_add_func ("/sample-body/rejection-members-only-for-rejection",
                   test_rejection_members_only_for_rejection);
  g_test_add_func ("/sample-body/collect-round-trip", test_collect_round_trip);
  g_test_add_func ("/sample-body/refusals-name-the-member", test_refusals_name_the_member);

  return g_test_run ();
}
