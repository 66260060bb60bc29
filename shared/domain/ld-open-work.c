/* ld-open-work.c: a technician's open work, as the server writes it and the client reads it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The technician's load and their orders late against turnaround are
 * reads of the moment (the turnaround clock is the server's). One writer
 * and one reader per answer, so the two ends cannot drift apart; the
 * orders themselves go through the order's own writer and reader.
 */

#define G_LOG_DOMAIN "ld-open-work"

#include "config.h"

#include "ld-open-work.h"

#include "ld-command-records.h"

/**
 * ld_workload_to_json:
 * @load: the technician's load
 * @builder: where the object is written
 *
 * Writes @load as GET /api/v1/technicians/me/workload answers it.
 */
void
ld_workload_to_json (const LdWorkload *load,
                     JsonBuilder      *builder)
{
  g_return_if_fail (load != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "assigned", load->assigned);
  ld_json_builder_add_int (builder, "pending", load->pending);
  ld_json_builder_add_int (builder, "processing", load->processing);
  ld_json_builder_add_int (builder, "completed_today", load->completed_today);
  ld_json_builder_add_int (builder, "collection_overdue", load->overdue_collection);
  json_builder_end_object (builder);
}

/**
 * ld_workload_read:
 * @load: the load to fill in
 * @reader: the answer of GET /api/v1/technicians/me/workload
 *
 * Reads what ld_workload_to_json() writes; every count is required, and
 * each problem is a field error on @reader.
 */
void
ld_workload_read (LdWorkload   *load,
                  LdJsonReader *reader)
{
  g_return_if_fail (load != NULL && reader != NULL);

  ld_json_reader_get_int (reader, "assigned", LD_JSON_REQUIRED, &load->assigned);
  ld_json_reader_get_int (reader, "pending", LD_JSON_REQUIRED, &load->pending);
  ld_json_reader_get_int (reader, "processing", LD_JSON_REQUIRED, &load->processing);
  ld_json_reader_get_int (reader, "completed_today", LD_JSON_REQUIRED, &load->completed_today);
  ld_json_reader_get_int (reader, "collection_overdue", LD_JSON_REQUIRED,
                          &load->overdue_collection);
}

/**
 * ld_late_test_new:
 * @code: the test's code
 * @name: (nullable): its name
 * @turnaround_hours: its turnaround from collection
 * @collected_at: (nullable): when its sample was collected, RFC 3339
 * @due_at: (nullable): when its result was due, RFC 3339
 *
 * Returns: (transfer full): a late test
 */
LdLateTest *
ld_late_test_new (const char *code,
                  const char *name,
                  gint64      turnaround_hours,
                  const char *collected_at,
                  const char *due_at)
{
  LdLateTest *test = g_new0 (LdLateTest, 1);

  test->code = g_strdup (code);
  test->name = g_strdup (name);
  test->turnaround_hours = turnaround_hours;
  test->collected_at = g_strdup (collected_at);
  test->due_at = g_strdup (due_at);
  return test;
}

/**
 * ld_late_test_free:
 * @test: (nullable): a late test
 */
void
ld_late_test_free (LdLateTest *test)
{
  if (test == NULL)
    return;
  g_free (test->code);
  g_free (test->name);
  g_free (test->collected_at);
  g_free (test->due_at);
  g_free (test);
}

/**
 * ld_late_order_new:
 * @order: (transfer full): the order
 *
 * Returns: (transfer full): @order with no late test yet
 */
LdLateOrder *
ld_late_order_new (LdOrder *order)
{
  LdLateOrder *late;

  g_return_val_if_fail (order != NULL, NULL);

  late = g_new0 (LdLateOrder, 1);
  late->order = order;
  late->late_tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_late_test_free);
  return late;
}

/**
 * ld_late_order_free:
 * @late: (nullable): a late order
 */
void
ld_late_order_free (LdLateOrder *late)
{
  if (late == NULL)
    return;
  g_clear_pointer (&late->order, ld_order_free);
  g_clear_pointer (&late->late_tests, g_ptr_array_unref);
  g_free (late);
}

/**
 * ld_late_order_to_json:
 * @late: a late order
 * @builder: where the object is written
 *
 * Writes one item of GET /api/v1/technicians/me/late: "order" (as
 * ld_order_to_json() writes it) and "late_tests".
 */
void
ld_late_order_to_json (const LdLateOrder *late,
                       JsonBuilder       *builder)
{
  g_return_if_fail (late != NULL && late->order != NULL && builder != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order");
  ld_order_to_json (late->order, builder);
  json_builder_set_member_name (builder, "late_tests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < late->late_tests->len; i++)
    {
      const LdLateTest *test = g_ptr_array_index (late->late_tests, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "code", test->code);
      ld_json_builder_add_string (builder, "name", test->name);
      ld_json_builder_add_int (builder, "turnaround_hours", test->turnaround_hours);
      ld_json_builder_add_string (builder, "collected_at", test->collected_at);
      ld_json_builder_add_string (builder, "due_at", test->due_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static LdLateTest *
read_late_test (LdJsonReader *reader)
{
  g_autoptr(LdLateTest) test = g_new0 (LdLateTest, 1);

  ld_json_reader_get_string (reader, "code", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY, &test->code);
  ld_json_reader_get_string (reader, "name", LD_JSON_NULLABLE, &test->name);
  ld_json_reader_get_int (reader, "turnaround_hours", LD_JSON_REQUIRED, &test->turnaround_hours);
  ld_json_reader_get_string (reader, "collected_at", LD_JSON_NULLABLE, &test->collected_at);
  ld_json_reader_get_string (reader, "due_at", LD_JSON_REQUIRED, &test->due_at);
  return g_steal_pointer (&test);
}

/**
 * ld_late_order_read:
 * @reader: one item of GET /api/v1/technicians/me/late
 *
 * Reads what ld_late_order_to_json() writes: the order through the
 * order's own reader (ld_command_read_order()), and each late test, whose
 * problems are field errors on @reader ("late_tests[0].due_at").
 *
 * Returns: (transfer full) (nullable): the late order, or %NULL when the
 *   item has no order with an id (a field error on @reader)
 */
LdLateOrder *
ld_late_order_read (LdJsonReader *reader)
{
  g_autoptr(LdLateOrder) late = NULL;
  g_autoptr(LdOrder) order = NULL;
  JsonNode *node;

  g_return_val_if_fail (reader != NULL, NULL);

  node = ld_json_reader_get_node (reader, "order", LD_JSON_REQUIRED);
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    ld_json_reader_add_error (reader, "order", "must be an object");
  else if (node != NULL)
    order = ld_command_read_order (json_node_get_object (node));
  if (order != NULL && order->id == NULL)
    {
      ld_json_reader_add_error (reader, "order.id", "is required");
      g_clear_pointer (&order, ld_order_free);
    }

  node = ld_json_reader_get_node (reader, "late_tests", LD_JSON_REQUIRED);
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    {
      ld_json_reader_add_error (reader, "late_tests", "must be an array");
      node = NULL;
    }
  if (order == NULL)
    return NULL;

  late = ld_late_order_new (g_steal_pointer (&order));
  for (guint i = 0; node != NULL && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      g_autofree char *name = g_strdup_printf ("late_tests[%u]", i);
      LdJsonReader *child;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ld_json_reader_add_error (reader, name, "must be an object");
          continue;
        }
      child = ld_json_reader_new (json_node_get_object (element));
      g_ptr_array_add (late->late_tests, read_late_test (child));
      ld_json_reader_end_object (reader, name, child);
    }
  return g_steal_pointer (&late);
}
