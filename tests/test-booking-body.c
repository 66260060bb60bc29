/* test-booking-body.c: a booking the desk or a doctor writes is the one
 * the server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client writes POST /api/v1/orders with ld_booking_body_write(), the
 * server reads it with ld_booking_body_read(); one file spells both. A
 * desk's home collection with a discount and a doctor's prescription are
 * written and read back whole, and each thing the server refuses is
 * refused naming its member.
 */

#include "config.h"

#include "ld-booking-body.h"
#include "ld-error.h"

#define ORDER_ID   "6f1c1d52-8a53-4a7c-9d3e-5b0f6f0b4a11"
#define PATIENT_ID "0b9a44f3-2d41-4b8e-a1c7-3f5e9d2c8b60"

static JsonObject *
written (const LdOrder          *order,
         const LdBookingRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_booking_body_write (builder, order, request);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

/* Reads @body into @order and @request; the refusal, if any, in @error. */
static gboolean
read_back (JsonObject       *body,
           LdOrder          *order,
           LdBookingRequest *request,
           GError          **error)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);

  ld_booking_body_read (reader, order, request);
  return ld_json_reader_finish (reader, error);
}

static void
test_home_collection_round_trip (void)
{
  static const char * const codes[] = { "CBC", "LIPID", "TSH", NULL };
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdOrder) read = ld_order_new ();
  g_auto(LdBookingRequest) request = { NULL };
  g_auto(LdBookingRequest) got = { NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  request.id = g_strdup (ORDER_ID);
  request.patient_id = g_strdup (PATIENT_ID);
  request.codes = g_strdupv ((GStrv) codes);
  request.discount_kind = LD_DISCOUNT_PERCENT;
  request.discount_value = 10;
  request.discount_reason = g_strdup ("Senior citizen");
  request.home_slot_start_us = G_GINT64_CONSTANT (1795669200000000);
  request.home_slot_end_us = G_GINT64_CONSTANT (1795676400000000);
  order->priority = g_strdup ("urgent");
  order->collection = g_strdup ("home");
  order->home_address = g_strdup ("12 MG Road, Pune");
  order->referring_doctor_name = g_strdup ("Dr. Kavita Rao");

  body = written (order, &request);
  g_assert_true (read_back (body, read, &got, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got.id, ==, ORDER_ID);
  g_assert_cmpstr (got.patient_id, ==, PATIENT_ID);
  g_assert_cmpstrv (got.codes, codes);
  g_assert_cmpint (got.discount_kind, ==, LD_DISCOUNT_PERCENT);
  g_assert_cmpint (got.discount_value, ==, 10);
  g_assert_cmpstr (got.discount_reason, ==, "Senior citizen");
  g_assert_cmpint (got.home_slot_start_us, ==, request.home_slot_start_us);
  g_assert_cmpint (got.home_slot_end_us, ==, request.home_slot_end_us);
  g_assert_null (got.doctor_id);
  g_assert_cmpstr (read->priority, ==, "urgent");
  g_assert_cmpstr (read->collection, ==, "home");
  g_assert_cmpstr (read->home_address, ==, "12 MG Road, Pune");
  g_assert_cmpstr (read->referring_doctor_name, ==, "Dr. Kavita Rao");
}

/* A doctor's prescription names the doctor and always its priority; a
 * desk's routine order leaves priority to the server's default. */
static void
test_prescription_round_trip (void)
{
  static const char * const codes[] = { "HBA1C", NULL };
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdOrder) read = ld_order_new ();
  g_auto(LdBookingRequest) request = { NULL };
  g_auto(LdBookingRequest) got = { NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  request.id = g_strdup (ORDER_ID);
  request.patient_id = g_strdup (PATIENT_ID);
  request.codes = g_strdupv ((GStrv) codes);
  request.doctor_id = g_strdup ("3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99");
  order->priority = g_strdup ("routine");
  order->clinical_notes = g_strdup ("Known diabetic, review control");
  order->visit_id = g_strdup ("5d4c3b2a-1f0e-4d9c-8b7a-6e5f4d3c2b1a");
  order->referring_doctor_name = g_strdup ("never sent beside a doctor");

  body = written (order, &request);
  g_assert_false (json_object_has_member (body, "referring_doctor_name"));
  g_assert_false (json_object_has_member (body, "home_visit"));
  g_assert_true (read_back (body, read, &got, &error));
  g_assert_cmpstr (got.doctor_id, ==, request.doctor_id);
  g_assert_cmpstr (read->priority, ==, "routine");
  g_assert_cmpstr (read->collection, ==, "lab");
  g_assert_cmpstr (read->clinical_notes, ==, "Known diabetic, review control");
  g_assert_cmpstr (read->visit_id, ==, order->visit_id);
  g_assert_cmpint (got.discount_kind, ==, LD_DISCOUNT_NONE);

  g_clear_pointer (&order->priority, g_free);
  g_clear_pointer (&body, json_object_unref);
  body = written (order, &request);
  g_assert_false (json_object_has_member (body, "priority"));
}

static void
test_refusals_name_the_member (void)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"patient_id\":\"p\",\"items\":[]}", "items" },
    { "{\"patient_id\":\"p\",\"items\":[\"CBC\",\"CBC\"]}", "items" },
    { "{\"items\":[\"CBC\"]}", "patient_id" },
    { "{\"id\":\"not-a-uuid\",\"patient_id\":\"p\",\"items\":[\"CBC\"]}", "id" },
    { "{\"patient_id\":\"p\",\"items\":[\"CBC\"],\"priority\":\"soon\"}", "priority" },
    { "{\"patient_id\":\"p\",\"items\":[\"CBC\"],\"collection\":\"home\"}", "home_visit" },
    { "{\"patient_id\":\"p\",\"items\":[\"CBC\"],\"home_visit\":{\"address\":\"x\","
      "\"slot_start\":\"2026-12-01T09:00:00+05:30\",\"slot_end\":\"2026-12-01T11:00:00+05:30\"}}",
      "home_visit.address" },
    { "{\"patient_id\":\"p\",\"items\":[\"CBC\"],\"collection\":\"home\",\"home_visit\":"
      "{\"address\":\"x\",\"slot_start\":\"tomorrow\",\"slot_end\":\"2026-12-01T11:00:00Z\"}}",
      "home_visit.slot_start" },
    { "{\"patient_id\":\"p\",\"items\":[\"CBC\"],\"discount\":{\"kind\":\"gift\",\"value\":1,"
      "\"reason\":\"r\"}}", "discount.kind" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (cases[i].body, -1, NULL);
      g_autoptr(LdOrder) order = ld_order_new ();
      g_auto(LdBookingRequest) request = { NULL };
      g_autoptr(GError) error = NULL;
      GHashTable *fields;

      g_assert_nonnull (body);
      g_assert_false (read_back (body, order, &request, &error));
      g_assert_nonnull (error);
      fields = ld_api_error_get_fields (error);
      if (fields == NULL || !g_hash_table_contains (fields, cases[i].field))
        g_error ("%s: expected a refusal naming %s, got: %s", cases[i].body, cases[i].field,
                 error->message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/booking-body/home-collection-round-trip", test_home_collection_round_trip);
  g_test_add_func ("/booking-body/prescription-round-trip", test_prescription_round_trip);
  g_test_add_func ("/booking-body/refusals-name-the-member", test_refusals_name_the_member);
  return g_test_run ();
}
