/* ld-payment-body.c: the bodies of a payment and a refund, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk writes these bodies (sent at once, or queued in its outbox and
 * shown from there before the server has them); the server reads them.
 * Both go through this file, so a member the desk sends is the member
 * the server reads, and what a queued payment shows is what the server
 * will take. The wire is described in docs/api.md, "Payments".
 */

#define G_LOG_DOMAIN "ld-payment-body"

#include "config.h"

#include "ld-payment-body.h"

#define MAX_AMOUNT_PAISE    G_GINT64_CONSTANT (100000000)

static const char * const payment_methods[] = { "cash", "card", "upi", "online", "cod", NULL };
static const char * const refund_methods[] = { "cash", "card", "upi", "online", NULL };

static gboolean
is_cash (const char *method)
{
  return g_strcmp0 (method, "cash") == 0;
}

/* Card and UPI carry the terminal's reference. */
static gboolean
takes_reference (const char *method)
{
  return g_strcmp0 (method, "card") == 0 || g_strcmp0 (method, "upi") == 0;
}

static void
read_method (LdJsonReader       *reader,
             const char * const *methods,
             char              **out_method)
{
  g_autofree char *method = NULL;

  if (!ld_json_reader_get_string (reader, "method", LD_JSON_REQUIRED, &method))
    return;

  if (!g_strv_contains (methods, method))
    {
      g_autofree char *list = g_strjoinv (", ", (GStrv) methods);
      g_autofree char *message = g_strdup_printf ("must be one of %s", list);

      ld_json_reader_add_error (reader, "method", message);
      return;
    }

  *out_method = g_steal_pointer (&method);
}

/* The client's own id for the attempt, so a queued one keeps its id. */
static void
read_client_id (LdJsonReader *reader,
                LdPayment    *payment)
{
  if (ld_json_reader_get_string (reader, "id", LD_JSON_OPTIONAL, &payment->id) &&
      !g_uuid_string_is_valid (payment->id))
    ld_json_reader_add_error (reader, "id", "must be a UUID");
}

/* A positive amount of money, below the absurd. */
static void
read_amount (LdJsonReader *reader,
             const char   *name,
             LdJsonFlags   flags,
             gint64       *out_paise)
{
  if (ld_json_reader_get_int (reader, name, flags, out_paise) &&
      (*out_paise <= 0 || *out_paise > MAX_AMOUNT_PAISE))
    ld_json_reader_add_error (reader, name,
                              "must be a positive amount in paise, at most 10,00,000.00");
}

/* A member this kind of request does not take: named, not ignored. */
static void
refuse_member (LdJsonReader *reader,
               const char   *name,
               const char   *message)
{
  if (ld_json_reader_get_node (reader, name, LD_JSON_NULLABLE) != NULL)
    ld_json_reader_add_error (reader, name, message);
}

/**
 * ld_payment_body_write:
 * @builder: a builder inside an object
 * @payment: the attempt: its @method; @id when queued; @amount_paise when
 *   positive (otherwise the whole amount due); @tendered_paise for cash;
 *   @reference for card and UPI
 *
 * Writes the members of a payment's body (POST
 * /api/v1/orders/{id}/payments, and the "payment" of a collection).
 */
void
ld_payment_body_write (JsonBuilder     *builder,
                       const LdPayment *payment)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (payment != NULL && payment->method != NULL);

  if (payment->id != NULL)
    ld_json_builder_add_string (builder, "id", payment->id);
  ld_json_builder_add_string (builder, "method", payment->method);
  if (payment->amount_paise > 0)
    ld_json_builder_add_int (builder, "amount_paise", payment->amount_paise);
  if (is_cash (payment->method))
    ld_json_builder_add_int (builder, "tendered_paise", payment->tendered_paise);
  else if (takes_reference (payment->method) && payment->reference != NULL)
    ld_json_builder_add_string (builder, "reference", payment->reference);
}

/**
 * ld_payment_body_read:
 * @reader: a payment's body
 * @payment: receives what was read (@amount_paise -1 when absent);
 *   problems go to @reader
 *
 * Reads what the method needs: cash its tender, card and UPI the
 * terminal's reference; online and cash on collection nothing more.
 */
void
ld_payment_body_read (LdJsonReader *reader,
                      LdPayment    *payment)
{
  g_return_if_fail (reader != NULL && payment != NULL);

  read_client_id (reader, payment);
  read_method (reader, payment_methods, &payment->method);
  payment->amount_paise = -1;
  read_amount (reader, "amount_paise", LD_JSON_OPTIONAL, &payment->amount_paise);

  if (is_cash (payment->method))
    read_amount (reader, "tendered_paise", LD_JSON_REQUIRED, &payment->tendered_paise);
  else
    refuse_member (reader, "tendered_paise", "is only for cash");

  if (takes_reference (payment->method))
    ld_json_reader_get_text (reader, "reference", LD_JSON_REQUIRED, LD_PAYMENT_MAX_REFERENCE_CHARS,
                             &payment->reference);
  else
    refuse_member (reader, "reference", "is only for card and UPI payments");
}

/**
 * ld_refund_body_write:
 * @builder: a builder inside an object
 * @refund: the refund: @method, @amount_paise, @reason; @id when queued;
 *   @reference when there is one
 *
 * Writes the members of a refund's body (POST /api/v1/orders/{id}/refunds).
 */
void
ld_refund_body_write (JsonBuilder     *builder,
                      const LdPayment *refund)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (refund != NULL && refund->method != NULL);

  if (refund->id != NULL)
    ld_json_builder_add_string (builder, "id", refund->id);
  ld_json_builder_add_string (builder, "method", refund->method);
  ld_json_builder_add_int (builder, "amount_paise", refund->amount_paise);
  ld_json_builder_add_string (builder, "reason", refund->reason);
  if (refund->reference != NULL && *refund->reference != '\0')
    ld_json_builder_add_string (builder, "reference", refund->reference);
}

/**
 * ld_refund_body_read:
 * @reader: a refund's body
 * @refund: receives what was read; problems go to @reader
 */
void
ld_refund_body_read (LdJsonReader *reader,
                     LdPayment    *refund)
{
  g_return_if_fail (reader != NULL && refund != NULL);

  read_client_id (reader, refund);
  read_method (reader, refund_methods, &refund->method);
  read_amount (reader, "amount_paise", LD_JSON_REQUIRED, &refund->amount_paise);
  ld_json_reader_get_text (reader, "reason", LD_JSON_REQUIRED, LD_PAYMENT_MAX_REASON_CHARS,
                           &refund->reason);
  ld_json_reader_get_text (reader, "reference", LD_JSON_OPTIONAL, LD_PAYMENT_MAX_REFERENCE_CHARS,
                           &refund->reference);
}
