/* ld-order-text.c: an order's states, method and priority in words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every screen words an order the same way: the desk's pages and lists
 * and the lab's worklist. States are said in words, never by colour
 * alone; an unknown state (a newer server's) is shown as the server
 * names it rather than hidden.
 */

#define G_LOG_DOMAIN "ld-order-text"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-json.h"
#include "store/ld-record.h"
#include "ld-order-text.h"

typedef struct
{
  const char *key;
  const char *text;
} Words;

/* clang-format off */
static const Words payment_states[] = {
  { "pending", N_("Not paid") },
  { "failed", N_("Payment failed") },
  { "cod_pending", N_("Cash on collection") },
  { "paid", N_("Paid") },
  { "partly_refunded", N_("Paid, part refunded") },
  { "refunded", N_("Refunded") },
  { "cancelled", N_("Cancelled") },
  { "expired", N_("Expired unpaid") },
};
/* clang-format on */

/* clang-format off */
static const Words lab_states[] = {
  { "ordered", N_("Awaiting collection") },
  { "collected", N_("Sample collected") },
  { "in_process", N_("In the lab") },
  { "resulted", N_("Results entered") },
  { "verified", N_("Results verified") },
  { "reported", N_("Report released") },
  { "cancelled", N_("Cancelled") },
  { "expired", N_("Expired") },
};
/* clang-format on */

/* clang-format off */
static const Words methods[] = {
  { "cash", N_("Cash") },
  { "card", N_("Card") },
  { "upi", N_("UPI") },
  { "online", N_("Online") },
  { "cod", N_("Cash on collection") },
};
/* clang-format on */

/* clang-format off */
static const Words sample_states[] = {
  { "collected", N_("Collected") },
  { "received", N_("Received in the lab") },
  { "recollection_requested", N_("Rejected; a new sample is wanted") },
  { "rejected", N_("Rejected") },
  { "stored", N_("Stored") },
  { "disposed", N_("Disposed") },
};
/* clang-format on */

/* What happened to a sample, as its custody timeline says it. */
/* clang-format off */
static const Words custody_events[] = {
  { "collected", N_("Collected") },
  { "received", N_("Received in the lab") },
  { "rejected", N_("Rejected") },
  { "recollection_requested", N_("New sample asked for") },
  { "stored", N_("Stored") },
  { "disposed", N_("Disposed") },
};
/* clang-format on */

/* clang-format off */
static const Words priorities[] = {
  { "stat", N_("STAT") },
  { "urgent", N_("Urgent") },
  { "routine", N_("Routine") },
};
/* clang-format on */

static const char *
lookup (const Words *words,
        guint        n_words,
        const char  *key)
{
  for (guint i = 0; key != NULL && i < n_words; i++)
    if (g_str_equal (words[i].key, key))
      return _(words[i].text);
  return key != NULL ? key : "";
}

#define LOOKUP(table, key) lookup (table, G_N_ELEMENTS (table), key)

/* Returns: (transfer none): the payment state in words */
const char *
ld_order_text_payment_state (const char *state)
{
  return LOOKUP (payment_states, state);
}

/* Returns: (transfer none): the lab state in words */
const char *
ld_order_text_lab_state (const char *state)
{
  return LOOKUP (lab_states, state);
}

/* Returns: (transfer none): a payment method in words */
const char *
ld_order_text_method (const char *method)
{
  return LOOKUP (methods, method);
}

/* Returns: (transfer none): a sample's custody state in words */
const char *
ld_order_text_sample_state (const char *state)
{
  return LOOKUP (sample_states, state);
}

/* Returns: (transfer none): a sample's custody event in words */
const char *
ld_order_text_custody_event (const char *event)
{
  return LOOKUP (custody_events, event);
}

/* Returns: (transfer none): an order's priority in words */
const char *
ld_order_text_priority (const char *priority)
{
  return LOOKUP (priorities, priority);
}

/**
 * ld_order_text_priority_at:
 * @position: the item chosen in a priority combo row
 * @out_priority: (out): the priority it stands for
 *
 * The rows list Routine, Urgent and STAT, in that order
 * (data/ui/desk/ld-booking-page.ui, data/ui/doctor/ld-prescribe-page.ui).
 *
 * Returns: whether @position is one of them
 */
gboolean
ld_order_text_priority_at (guint       position,
                           LdPriority *out_priority)
{
  static const LdPriority rows[] = { LD_PRIORITY_ROUTINE, LD_PRIORITY_URGENT, LD_PRIORITY_STAT };

  g_return_val_if_fail (out_priority != NULL, FALSE);

  if (position >= G_N_ELEMENTS (rows))
    return FALSE;
  *out_priority = rows[position];
  return TRUE;
}

/* Returns: (transfer full): a day and time in the local zone, "23 Nov 14:05";
 * "" for a time that does not parse */
char *
ld_order_text_day_clock (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Translators: a day and a time of day, in strftime() form. */
  return local ? g_date_time_format (local, _("%-d %b %H:%M")) : g_strdup ("");
}

/* Returns: (transfer full): a time of day in the local zone, "14:05" */
char *
ld_order_text_clock (gint64 utc_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Translators: a time of day in the lists, in strftime() form. */
  return local ? g_date_time_format (local, _("%H:%M")) : g_strdup ("");
}

/* Returns: (transfer full): the title of @order (ld_order_text_title()) */
char *
ld_order_dup_title (JsonObject *order)
{
  return ld_order_text_title (ld_record_get_number (order));
}

/* Returns: (transfer full): "Order O2611-000001" for the order numbered
 * @number, or how an order made here offline is called until the server
 * numbers it (@number %NULL) */
char *
ld_order_text_title (const char *number)
{
  /* Waiting to be sent, or refused and waiting for the desk: the page's
   * details say which. */
  if (number == NULL)
    return g_strdup (_("New order (not yet on the server)"));
  /* Translators: %s is an order number such as O2611-000001. */
  return g_strdup_printf (_("Order %s"), number);
}
