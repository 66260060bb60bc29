/* ld-sample-body.c: the bodies of collection and custody, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bench writes these bodies (collecting an order's samples, then
 * receiving, rejecting, storing and disposing of each); the server reads
 * them. Both go through this file, so a member the bench sends is the
 * member the server reads. The wire is described in docs/api.md,
 * "Samples".
 */

#define G_LOG_DOMAIN "ld-sample-body"

#include "config.h"

#include "ld-sample-body.h"

#include "ld-payment-body.h"
#include "ld-states.h"

static const char * const custody_events[] = { "received", "rejected", "stored", "disposed", NULL };

/* A member a person typed, left out when empty. */
static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  if (value != NULL && *value != '\0')
    ld_json_builder_add_string (builder, name, value);
}

static gboolean
is_rejection (const char *event)
{
  return ld_sample_state_parse (event) == LD_SAMPLE_STATE_REJECTED;
}

/**
 * ld_collect_body_write:
 * @builder: a builder inside an object
 * @collect: the collection: @location and @note when not empty, and the
 *   @payment taken with it when there is one
 */
void
ld_collect_body_write (JsonBuilder         *builder,
                       const LdCollectBody *collect)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (collect != NULL);

  add_text (builder, "location", collect->location);
  add_text (builder, "note", collect->note);
  if (collect->payment != NULL)
    {
      json_builder_set_member_name (builder, "payment");
      json_builder_begin_object (builder);
      ld_payment_body_write (builder, collect->payment);
      json_builder_end_object (builder);
    }
}

/**
 * ld_collect_body_read:
 * @reader: a collection's body
 * @collect: receives what was read; problems go to @reader
 *
 * A payment at collection is cash, card or UPI: the patient is there.
 */
void
ld_collect_body_read (LdJsonReader  *reader,
                      LdCollectBody *collect)
{
  LdJsonReader *payment_reader;

  g_return_if_fail (reader != NULL && collect != NULL);

  ld_json_reader_get_text (reader, "location", LD_JSON_NULLABLE, LD_SAMPLE_MAX_LOCATION_CHARS,
                           &collect->location);
  ld_json_reader_get_text (reader, "note", LD_JSON_NULLABLE, LD_SAMPLE_MAX_NOTE_CHARS,
                           &collect->note);
  payment_reader = ld_json_reader_get_object (reader, "payment", LD_JSON_NULLABLE);
  if (payment_reader == NULL)
    return;

  g_clear_pointer (&collect->payment, ld_payment_free);
  collect->payment = ld_payment_new ();
  ld_payment_body_read (payment_reader, collect->payment);
  if (g_strcmp0 (collect->payment->method, "online") == 0 ||
      g_strcmp0 (collect->payment->method, "cod") == 0)
    ld_json_reader_add_error (payment_reader, "method", "must be cash, card or UPI at collection");
  ld_json_reader_end_object (reader, "payment", payment_reader);
}

void
ld_collect_body_clear (LdCollectBody *collect)
{
  g_clear_pointer (&collect->location, g_free);
  g_clear_pointer (&collect->note, g_free);
  g_clear_pointer (&collect->payment, ld_payment_free);
}

/**
 * ld_custody_body_write:
 * @builder: a builder inside an object
 * @custody: the step: @version and @event; @location and @note when not
 *   empty; for a rejection its @reason and @recollect
 */
void
ld_custody_body_write (JsonBuilder         *builder,
                       const LdCustodyBody *custody)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (custody != NULL && custody->event != NULL);

  ld_json_builder_add_int (builder, "version", custody->version);
  ld_json_builder_add_string (builder, "event", custody->event);
  add_text (builder, "location", custody->location);
  add_text (builder, "note", custody->note);
  if (is_rejection (custody->event))
    {
      ld_json_builder_add_string (builder, "reason", custody->reason ? custody->reason : "");
      ld_json_builder_add_bool (builder, "recollect", custody->recollect);
    }
}

/**
 * ld_custody_body_read:
 * @reader: a custody step's body
 * @custody: receives what was read; problems go to @reader
 *
 * A rejection says why and what becomes of the tests (a new sample, or
 * none); any other step says neither.
 */
void
ld_custody_body_read (LdJsonReader  *reader,
                      LdCustodyBody *custody)
{
  gboolean rejecting;

  g_return_if_fail (reader != NULL && custody != NULL);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &custody->version);
  if (ld_json_reader_get_string (reader, "event", LD_JSON_REQUIRED, &custody->event) &&
      !g_strv_contains (custody_events, custody->event))
    ld_json_reader_add_error (reader, "event", "must be received, rejected, stored or disposed");
  ld_json_reader_get_text (reader, "location", LD_JSON_NULLABLE, LD_SAMPLE_MAX_LOCATION_CHARS,
                           &custody->location);
  ld_json_reader_get_text (reader, "note", LD_JSON_NULLABLE, LD_SAMPLE_MAX_NOTE_CHARS,
                           &custody->note);
  rejecting = is_rejection (custody->event);
  ld_json_reader_get_text (reader, "reason", rejecting ? LD_JSON_REQUIRED : LD_JSON_NULLABLE,
                           LD_SAMPLE_MAX_NOTE_CHARS, &custody->reason);
  if (custody->reason != NULL && !rejecting)
    ld_json_reader_add_error (reader, "reason", "is only for a rejection");
  if (ld_json_reader_get_bool (reader, "recollect",
                               rejecting ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                               &custody->recollect) &&
      !rejecting)
    ld_json_reader_add_error (reader, "recollect", "is only for a rejection");
}

void
ld_custody_body_clear (LdCustodyBody *custody)
{
  g_clear_pointer (&custody->event, g_free);
  g_clear_pointer (&custody->location, g_free);
  g_clear_pointer (&custody->note, g_free);
  g_clear_pointer (&custody->reason, g_free);
}
