/* ld-outbox-action.c: what the outbox can do for the desk and the bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per action: how to send it (method and a path whose {names}
 * come from the action's parameters, the rest being the body), which
 * record it shows on, whether it may wait for the server, and the short
 * phrase the outbox's list shows for it.
 */

#define G_LOG_DOMAIN "ld-outbox-action"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-outbox-action-private.h"

G_DEFINE_ENUM_TYPE (LdOutboxAction, ld_outbox_action,
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_PATIENT_REGISTER, "patient-register"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_PATIENT_UPDATE, "patient-update"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_ORDER_CREATE, "order-create"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_PAYMENT_CASH, "payment-cash"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_PAYMENT_CARD, "payment-card"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_ORDER_CANCEL, "order-cancel"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_PAYMENT_REFUND, "payment-refund"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_RESULT_SAVE, "result-save"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_RESULT_VERIFY, "result-verify"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_REPORT_RELEASE, "report-release"))

/* In the order of LdOutboxAction. */
static const LdOutboxKind kinds[] = {
  { LD_OUTBOX_ACTION_PATIENT_REGISTER, "patient.register", "POST", "/api/v1/patients",
    "patient", "id", NULL, "patient", TRUE, TRUE, N_("Register a patient"), NULL },
  { LD_OUTBOX_ACTION_PATIENT_UPDATE, "patient.update", "PATCH", "/api/v1/patients/{id}",
    "patient", "id", "id", "patient", TRUE, FALSE, N_("Change a patient's details"), NULL },
  { LD_OUTBOX_ACTION_ORDER_CREATE, "order.create", "POST", "/api/v1/orders",
    "order", "id", "patient_id", "order", TRUE, TRUE, N_("Book tests"), NULL },
  { LD_OUTBOX_ACTION_PAYMENT_CASH, "payment.cash", "POST", "/api/v1/orders/{order_id}/payments",
    "order", "order_id", "order_id", "order", TRUE, FALSE, N_("Take cash"), NULL },
  /* The same request as cash, with "method" card or upi and the
   * terminal's "reference" (docs/api.md). */
  { LD_OUTBOX_ACTION_PAYMENT_CARD, "payment.card", "POST", "/api/v1/orders/{order_id}/payments",
    "order", "order_id", "order_id", "order", TRUE, FALSE, N_("Take a card or UPI payment"),
    NULL },
  { LD_OUTBOX_ACTION_ORDER_CANCEL, "order.cancel", "POST", "/api/v1/orders/{id}/cancel",
    "order", "id", "id", "order", FALSE, FALSE, N_("Cancel an order"),
    N_("Cancelling an order needs the server, which cannot be reached now.") },
  { LD_OUTBOX_ACTION_PAYMENT_REFUND, "payment.refund", "POST", "/api/v1/orders/{order_id}/refunds",
    "order", "order_id", NULL, "order", FALSE, FALSE, N_("Give a refund"),
    N_("Refunds need the server, which cannot be reached now.") },
  /* Drafts and submitted values of an order's results; each names the
   * version it was typed over, so a stale one comes back as a conflict. */
  { LD_OUTBOX_ACTION_RESULT_SAVE, "result.save", "POST", "/api/v1/orders/{order_id}/results",
    "order", "order_id", "order_id", "order", TRUE, FALSE, N_("Save results"), NULL },
  { LD_OUTBOX_ACTION_RESULT_VERIFY, "result.verify", "POST", "/api/v1/orders/{order_id}/verify",
    "order", "order_id", NULL, "order", FALSE, FALSE, N_("Verify results"),
    N_("Verifying a result needs the server, which cannot be reached now.") },
  { LD_OUTBOX_ACTION_REPORT_RELEASE, "report.release", "POST", "/api/v1/orders/{order_id}/release",
    "order", "order_id", NULL, "order", FALSE, FALSE, N_("Release a report"),
    N_("Releasing a report needs the server, which cannot be reached now.") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == LD_OUTBOX_ACTION_LAST + 1);

const LdOutboxKind *
ld_outbox_kind_get (LdOutboxAction action)
{
  g_assert ((guint) action < G_N_ELEMENTS (kinds));
  g_assert (kinds[action].action == action);

  return &kinds[action];
}

/* The row of a stored item's kind; NULL for one this version does not
 * know. */
const LdOutboxKind *
ld_outbox_kind_find (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return &kinds[i];
  return NULL;
}

/**
 * ld_outbox_action_describe:
 * @action: an action
 *
 * Returns: a short translated phrase for @action ("Register a patient",
 *   "Book tests", "Take cash", …)
 */
const char *
ld_outbox_action_describe (LdOutboxAction action)
{
  g_return_val_if_fail ((guint) action <= LD_OUTBOX_ACTION_LAST, NULL);

  return _(kinds[action].description);
}

/**
 * ld_outbox_action_may_wait:
 * @action: an action
 *
 * Returns: whether @action is queued while the server is away (else it
 *   needs the server at once)
 */
gboolean
ld_outbox_action_may_wait (LdOutboxAction action)
{
  g_return_val_if_fail ((guint) action <= LD_OUTBOX_ACTION_LAST, FALSE);

  return kinds[action].may_wait;
}
