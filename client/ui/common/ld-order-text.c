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

#include "ld-states.h"
#include "ld-order-text.h"

/* Each table is indexed by its enum, whose wire names live in ld-states.c. */

/* clang-format off */
static const char * const payment_states[] = {
  [LD_PAYMENT_STATE_PENDING] = N_("Not paid"),
  [LD_PAYMENT_STATE_FAILED] = N_("Payment failed"),
  [LD_PAYMENT_STATE_COD_PENDING] = N_("Cash on collection"),
  [LD_PAYMENT_STATE_PAID] = N_("Paid"),
  [LD_PAYMENT_STATE_PARTLY_REFUNDED] = N_("Paid, part refunded"),
  [LD_PAYMENT_STATE_REFUNDED] = N_("Refunded"),
  [LD_PAYMENT_STATE_CANCELLED] = N_("Cancelled"),
  [LD_PAYMENT_STATE_EXPIRED] = N_("Expired unpaid"),
};
/* clang-format on */

/* clang-format off */
static const char * const lab_states[] = {
  [LD_LAB_STATE_ORDERED] = N_("Awaiting collection"),
  [LD_LAB_STATE_COLLECTED] = N_("Sample collected"),
  [LD_LAB_STATE_IN_PROCESS] = N_("In the lab"),
  [LD_LAB_STATE_RESULTED] = N_("Results entered"),
  [LD_LAB_STATE_VERIFIED] = N_("Results verified"),
  [LD_LAB_STATE_REPORTED] = N_("Report released"),
  [LD_LAB_STATE_CANCELLED] = N_("Cancelled"),
  [LD_LAB_STATE_EXPIRED] = N_("Expired"),
};
/* clang-format on */

/* clang-format off */
static const char * const methods[] = {
  [LD_PAYMENT_METHOD_CASH] = N_("Cash"),
  [LD_PAYMENT_METHOD_CARD] = N_("Card"),
  [LD_PAYMENT_METHOD_UPI] = N_("UPI"),
  [LD_PAYMENT_METHOD_ONLINE] = N_("Online"),
  [LD_PAYMENT_METHOD_COD] = N_("Cash on collection"),
};
/* clang-format on */

/* clang-format off */
static const char * const sample_states[] = {
  [LD_SAMPLE_STATE_COLLECTED] = N_("Collected"),
  [LD_SAMPLE_STATE_RECEIVED] = N_("Received in the lab"),
  [LD_SAMPLE_STATE_RECOLLECTION_REQUESTED] = N_("Rejected; a new sample is wanted"),
  [LD_SAMPLE_STATE_REJECTED] = N_("Rejected"),
  [LD_SAMPLE_STATE_STORED] = N_("Stored"),
  [LD_SAMPLE_STATE_DISPOSED] = N_("Disposed"),
};
/* clang-format on */

/* What happened to a sample, as its custody timeline says it: an event
 * is named for the state it moves the sample to. */
/* clang-format off */
static const char * const custody_events[] = {
  [LD_SAMPLE_STATE_COLLECTED] = N_("Collected"),
  [LD_SAMPLE_STATE_RECEIVED] = N_("Received in the lab"),
  [LD_SAMPLE_STATE_REJECTED] = N_("Rejected"),
  [LD_SAMPLE_STATE_RECOLLECTION_REQUESTED] = N_("New sample asked for"),
  [LD_SAMPLE_STATE_STORED] = N_("Stored"),
  [LD_SAMPLE_STATE_DISPOSED] = N_("Disposed"),
};
/* clang-format on */

/* clang-format off */
static const char * const priorities[] = {
  [LD_PRIORITY_STAT] = N_("STAT"),
  [LD_PRIORITY_URGENT] = N_("Urgent"),
  [LD_PRIORITY_ROUTINE] = N_("Routine"),
};
/* clang-format on */

/* A name @type does not have (a newer server's) is shown as it is. */
static const char *
lookup (const char * const *words,
        guint               n_words,
        GType               type,
        const char         *key)
{
  int value;

  if (key == NULL)
    return "";
  if (ld_state_from_string (type, key, &value) && value >= 0 && (guint) value < n_words &&
      words[value] != NULL)
    return _(words[value]);
  return key;
}

#define LOOKUP(table, type, key) lookup (table, G_N_ELEMENTS (table), type, key)

/* Returns: (transfer none): the payment state in words */
const char *
ld_order_text_payment_state (const char *state)
{
  return LOOKUP (payment_states, LD_TYPE_PAYMENT_STATE, state);
}

/* Returns: (transfer none): the lab state in words */
const char *
ld_order_text_lab_state (const char *state)
{
  return LOOKUP (lab_states, LD_TYPE_LAB_STATE, state);
}

/* Returns: (transfer none): a payment method in words */
const char *
ld_order_text_method (const char *method)
{
  return LOOKUP (methods, LD_TYPE_PAYMENT_METHOD, method);
}

/* Returns: (transfer none): a sample's custody state in words */
const char *
ld_order_text_sample_state (const char *state)
{
  return LOOKUP (sample_states, LD_TYPE_SAMPLE_STATE, state);
}

/* Returns: (transfer none): a sample's custody event in words */
const char *
ld_order_text_custody_event (const char *event)
{
  return LOOKUP (custody_events, LD_TYPE_SAMPLE_STATE, event);
}

/* Returns: (transfer none): an order's priority in words */
const char *
ld_order_text_priority (const char *priority)
{
  return LOOKUP (priorities, LD_TYPE_PRIORITY, priority);
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
