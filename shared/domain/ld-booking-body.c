/* ld-booking-body.c: the body of a booking (POST /api/v1/orders), one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's cart and the doctor's prescription write it, the server
 * reads it: one reader and one writer, so the two cannot drift.
 */

#include "config.h"

#include "ld-booking-body.h"

#include "ld-order-rules.h"
#include "ld-states.h"
#include "ld-time.h"

/**
 * ld_booking_request_clear:
 * @request: a booking request
 *
 * Frees what @request holds.
 */
void
ld_booking_request_clear (LdBookingRequest *request)
{
  g_free (request->id);
  g_free (request->patient_id);
  g_strfreev (request->codes);
  g_free (request->doctor_id);
  g_free (request->discount_reason);
}

static void
read_choice (LdJsonReader       *reader,
             const char         *name,
             const char * const *choices,
             const char         *fallback,
             char              **out_value)
{
  g_autofree char *value = NULL;

  if (ld_json_reader_get_string (reader, name, LD_JSON_OPTIONAL, &value) &&
      !g_strv_contains (choices, value))
    {
      g_autofree char *list = g_strjoinv (", ", (GStrv) choices);
      g_autofree char *message = g_strdup_printf ("must be one of %s", list);

      ld_json_reader_add_error (reader, name, message);
      return;
    }

  *out_value = value ? g_steal_pointer (&value) : g_strdup (fallback);
}

static void
read_discount (LdJsonReader *reader,
               LdBookingRequest *request)
{
  LdJsonReader *discount = ld_json_reader_get_object (reader, "discount", LD_JSON_NULLABLE);
  g_autofree char *kind = NULL;

  if (discount == NULL)
    return;

  if (ld_json_reader_get_string (discount, "kind", LD_JSON_REQUIRED, &kind))
    {
      if (g_str_equal (kind, "amount"))
        request->discount_kind = LD_DISCOUNT_AMOUNT;
      else if (g_str_equal (kind, "percent"))
        request->discount_kind = LD_DISCOUNT_PERCENT;
      else
        ld_json_reader_add_error (discount, "kind", "must be amount or percent");
    }
  ld_json_reader_get_int (discount, "value", LD_JSON_REQUIRED, &request->discount_value);
  ld_json_reader_get_text (discount, "reason", LD_JSON_REQUIRED, LD_BOOKING_MAX_REASON_CHARS,
                           &request->discount_reason);
  ld_json_reader_end_object (reader, "discount", discount);
}

static void
read_slot_time (LdJsonReader *visit,
                const char   *name,
                gint64       *out_us)
{
  g_autofree char *text = NULL;

  if (ld_json_reader_get_string (visit, name, LD_JSON_REQUIRED, &text) &&
      !ld_time_parse_rfc3339 (text, out_us))
    ld_json_reader_add_error (visit, name, "must be a time such as 2026-11-23T09:00:00+05:30");
}

static void
read_home_visit (LdJsonReader *reader,
                 LdOrder      *order,
                 LdBookingRequest *request)
{
  gboolean      home = g_strcmp0 (order->collection, "home") == 0;
  LdJsonReader *visit =
    ld_json_reader_get_object (reader, "home_visit", home ? LD_JSON_REQUIRED : LD_JSON_NULLABLE);

  if (visit == NULL)
    return;

  if (!home)
    ld_json_reader_add_error (visit, "address", "is only for a home collection");
  ld_json_reader_get_text (visit, "address", LD_JSON_REQUIRED, LD_BOOKING_MAX_ADDRESS_CHARS,
                           &order->home_address);
  read_slot_time (visit, "slot_start", &request->home_slot_start_us);
  read_slot_time (visit, "slot_end", &request->home_slot_end_us);
  ld_json_reader_end_object (reader, "home_visit", visit);
}

/* An outside doctor's name, as the desk typed it from the slip. Whether
 * the order also names a doctor user is checked once that is known. */
static void
read_referring_doctor (LdJsonReader *reader,
                       LdOrder      *order)
{
  g_autofree char *name = NULL;
  const char *problem;

  if (!ld_json_reader_get_string (reader, "referring_doctor_name", LD_JSON_NULLABLE, &name))
    return;

  problem = ld_order_check_referring_doctor (NULL, name);
  if (problem != NULL)
    ld_json_reader_add_error (reader, "referring_doctor_name", problem);
  else
    order->referring_doctor_name = g_strstrip (g_steal_pointer (&name));
}

/**
 * ld_booking_body_read:
 * @reader: the body of POST /api/v1/orders
 * @order: (inout): the order, given what the body says of it
 * @request: (inout): what else the booking asks for
 *
 * Reads a booking as the server takes it; refusals are added to @reader.
 */
void
ld_booking_body_read (LdJsonReader     *reader,
                      LdOrder          *order,
                      LdBookingRequest *request)
{
  if (ld_json_reader_get_string (reader, "id", LD_JSON_OPTIONAL, &request->id) &&
      !g_uuid_string_is_valid (request->id))
    ld_json_reader_add_error (reader, "id", "must be a UUID");
  ld_json_reader_get_string (reader, "patient_id", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY,
                             &request->patient_id);
  if (ld_json_reader_get_strv (reader, "items", LD_JSON_REQUIRED, &request->codes))
    {
      guint n = g_strv_length (request->codes);

      if (n == 0 || n > LD_ORDER_MAX_ITEMS)
        ld_json_reader_add_error (reader, "items", "must name 1 to 50 tests or panels");
      for (guint i = 0; i < n; i++)
        if (g_strv_contains ((const char * const *) request->codes + i + 1, request->codes[i]))
          ld_json_reader_add_error (reader, "items", "names the same code twice");
    }
  read_choice (reader, "priority", ld_state_names (LD_TYPE_PRIORITY), "routine", &order->priority);
  read_choice (reader, "collection", (const char * const[]){ "lab", "home", NULL }, "lab",
               &order->collection);
  ld_json_reader_get_text (reader, "clinical_notes", LD_JSON_NULLABLE, LD_BOOKING_MAX_NOTES_CHARS,
                           &order->clinical_notes);
  ld_json_reader_get_string (reader, "doctor_id", LD_JSON_NULLABLE, &request->doctor_id);
  read_referring_doctor (reader, order);
  ld_json_reader_get_string (reader, "visit_id", LD_JSON_NULLABLE, &order->visit_id);
  read_discount (reader, request);
  read_home_visit (reader, order, request);
}

/* A slot's time as the body carries it; null when none was chosen (0),
 * for the server to ask for it. */
static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       unix_usec)
{
  g_autofree char *text = unix_usec != 0 ? ld_time_format_rfc3339 (unix_usec) : NULL;

  ld_json_builder_add_string (builder, name, text);
}

/**
 * ld_booking_body_write:
 * @builder: a builder, inside the body's object
 * @order: the order's priority (%NULL or routine is not sent: it is the
 *   server's default; a prescription names it), collection, clinical
 *   notes, referring doctor and home address
 * @request: the id, patient, codes, doctor, discount and home slot
 *
 * Writes the body ld_booking_body_read() reads.
 */
void
ld_booking_body_write (JsonBuilder            *builder,
                       const LdOrder          *order,
                       const LdBookingRequest *request)
{
  gboolean home = g_strcmp0 (order->collection, "home") == 0;

  ld_json_builder_add_string (builder, "id", request->id);
  ld_json_builder_add_string (builder, "patient_id", request->patient_id);
  if (request->doctor_id != NULL)
    ld_json_builder_add_string (builder, "doctor_id", request->doctor_id);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; request->codes != NULL && request->codes[i] != NULL; i++)
    json_builder_add_string_value (builder, request->codes[i]);
  json_builder_end_array (builder);
  if (order->priority != NULL)
    ld_json_builder_add_string (builder, "priority", order->priority);
  if (order->visit_id != NULL)
    ld_json_builder_add_string (builder, "visit_id", order->visit_id);
  if (order->clinical_notes != NULL && *order->clinical_notes != '\0')
    ld_json_builder_add_string (builder, "clinical_notes", order->clinical_notes);

  if (request->discount_kind != LD_DISCOUNT_NONE)
    {
      json_builder_set_member_name (builder, "discount");
      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "kind",
                                  request->discount_kind == LD_DISCOUNT_PERCENT ? "percent"
                                                                                : "amount");
      ld_json_builder_add_int (builder, "value", request->discount_value);
      ld_json_builder_add_string (builder, "reason", request->discount_reason);
      json_builder_end_object (builder);
    }

  if (request->doctor_id == NULL && order->referring_doctor_name != NULL &&
      *order->referring_doctor_name != '\0')
    ld_json_builder_add_string (builder, "referring_doctor_name", order->referring_doctor_name);

  if (home)
    {
      ld_json_builder_add_string (builder, "collection", "home");
      json_builder_set_member_name (builder, "home_visit");
      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "address", order->home_address);
      add_time (builder, "slot_start", request->home_slot_start_us);
      add_time (builder, "slot_end", request->home_slot_end_us);
      json_builder_end_object (builder);
    }
}
