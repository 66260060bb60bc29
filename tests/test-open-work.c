/* test-open-work.c: a technician's open work as the server writes it is what the client reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/technicians/me/workload and …/late are written with
 * ld_workload_to_json() and ld_late_order_to_json() and read with
 * ld_workload_read() and ld_late_order_read(); one file spells both. Each
 * answer is written and read back whole, and a broken one is refused
 * naming what is wrong.
 */

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-open-work.h"

/* @text as the object a reader reads. */
static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = ld_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

static JsonObject *
built_object (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_workload_round_trip (void)
{
  LdWorkload load = { 7, 3, 2, 11, 1 };
  LdWorkload read = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  ld_workload_to_json (&load, builder);
  object = built_object (builder);
  /* The wire names docs/api.md gives. */
  g_assert_cmpint (json_object_get_int_member (object, "collection_overdue"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "completed_today"), ==, 11);

  reader = ld_json_reader_new (object);
  ld_workload_read (&read, reader);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&read, sizeof read, &load, sizeof load);
}

static void
assert_workload_refused (const char *text,
                         const char *field)
{
  g_autoptr(JsonObject) object = parse (text);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(GError) error = NULL;
  LdWorkload read = { 0 };

  ld_workload_read (&read, reader);
  g_assert_false (ld_json_reader_finish (reader, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_workload_refused (void)
{
  /* A count missing, and one of the wrong type. */
  assert_workload_refused ("{\"assigned\": 1, \"pending\": 1, \"processing\": 0,"
                           " \"completed_today\": 0}",
                           "collection_overdue");
  assert_workload_refused ("{\"assigned\": \"1\", \"pending\": 1, \"processing\": 0,"
                           " \"completed_today\": 0, \"collection_overdue\": 0}",
                           "assigned");
}

static void
test_late_order_round_trip (void)
{
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdLateOrder) late = NULL;
  g_autoptr(LdLateOrder) read = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const LdLateTest *test;

  order->id = g_strdup ("0b6e4f4e-order");
  order->number = g_strdup ("LD-2026-000042");
  order->patient_id = g_strdup ("patient-1");
  order->patient_name = g_strdup ("Asha Verma");
  order->priority = g_strdup ("urgent");
  late = ld_late_order_new (g_steal_pointer (&order));
  g_ptr_array_add (late->late_tests,
                   ld_late_test_new ("GLUF", "Glucose, fasting", 4, "2026-11-23T08:02:00Z",
                                     "2026-11-23T12:02:00Z"));
  g_ptr_array_add (late->late_tests,
                   ld_late_test_new ("HB", NULL, 6, NULL, "2026-11-23T14:02:00Z"));

  ld_late_order_to_json (late, builder);
  object = built_object (builder);
  reader = ld_json_reader_new (object);
  read = ld_late_order_read (reader);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_nonnull (read);

  g_assert_cmpstr (read->order->id, ==, "0b6e4f4e-order");
  g_assert_cmpstr (read->order->number, ==, "LD-2026-000042");
  g_assert_cmpstr (read->order->patient_name, ==, "Asha Verma");
  g_assert_cmpstr (read->order->priority, ==, "urgent");
  g_assert_cmpuint (read->late_tests->len, ==, 2);
  test = g_ptr_array_index (read->late_tests, 0);
  g_assert_cmpstr (test->code, ==, "GLUF");
  g_assert_cmpstr (test->name, ==, "Glucose, fasting");
  g_assert_cmpint (test->turnaround_hours, ==, 4);
  g_assert_cmpstr (test->collected_at, ==, "2026-11-23T08:02:00Z");
  g_assert_cmpstr (test->due_at, ==, "2026-11-23T12:02:00Z");
  test = g_ptr_array_index (read->late_tests, 1);
  g_assert_cmpstr (test->code, ==, "HB");
  g_assert_null (test->name);
  g_assert_null (test->collected_at);
  g_assert_cmpint (test->turnaround_hours, ==, 6);
}

static void
assert_late_order_refused (const char *text,
                           const char *field)
{
  g_autoptr(JsonObject) object = parse (text);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(LdLateOrder) read = ld_late_order_read (reader);
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_json_reader_finish (reader, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_late_order_refused (void)
{
  assert_late_order_refused ("{\"late_tests\": []}", "order");
  assert_late_order_refused ("{\"order\": [], \"late_tests\": []}", "order");
  assert_late_order_refused ("{\"order\": {\"number\": \"LD-1\"}, \"late_tests\": []}",
                             "order.id");
  assert_late_order_refused ("{\"order\": {\"id\": \"o\"}, \"late_tests\": {}}", "late_tests");
  assert_late_order_refused ("{\"order\": {\"id\": \"o\"}, \"late_tests\": [1]}",
                             "late_tests[0]");
  assert_late_order_refused ("{\"order\": {\"id\": \"o\"},"
                             " \"late_tests\": [{\"code\": \"GLUF\", \"turnaround_hours\": 4}]}",
                             "late_tests[0].due_at");
  /* A member the writer does not write. */
  assert_late_order_refused ("{\"order\": {\"id\": \"o\"}, \"late_tests\": [], \"extra\": 1}",
                             "extra");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/open-work/workload-round-trip", test_workload_round_trip);
  g_test_add_func ("/shared/open-work/workload-refused", test_workload_refused);
  g_test_add_func ("/shared/open-work/late-order-round-trip", test_late_order_round_trip);
  g_test_add_func ("/shared/open-work/late-order-refused", test_late_order_refused);

  return g_test_run ();
}
