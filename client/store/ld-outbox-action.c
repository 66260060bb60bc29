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

#include <string.h>

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
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_REPORT_RELEASE, "report-release"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN, "appointment-check-in"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN, "appointment-walk-in"))

/* The method, path and "may wait" that rows_init() fills in. */
#define FROM_TABLE NULL, NULL, FALSE

/* In the order of LdOutboxAction. How each is sent, and whether it may
 * wait, is the command table's (rows_init()). */
/* clang-format off */
static LdOutboxKind kinds[] = {
  { LD_OUTBOX_ACTION_PATIENT_REGISTER, "patient.register", LD_COMMAND_PATIENT_REGISTER, NULL,
    "patient", "id", NULL, "patient", TRUE, N_("Register a patient"), NULL, FROM_TABLE },
  { LD_OUTBOX_ACTION_PATIENT_UPDATE, "patient.update", LD_COMMAND_PATIENT_UPDATE, "id",
    "patient", "id", "id", "patient", FALSE, N_("Change a patient's details"), NULL, FROM_TABLE },
  { LD_OUTBOX_ACTION_ORDER_CREATE, "order.create", LD_COMMAND_ORDER_BOOK, NULL,
    "order", "id", "patient_id", "order", TRUE, N_("Book tests"), NULL, FROM_TABLE },
  { LD_OUTBOX_ACTION_PAYMENT_CASH, "payment.cash", LD_COMMAND_PAYMENT_TAKE, "order_id",
    "order", "order_id", "order_id", "order", FALSE, N_("Take cash"), NULL, FROM_TABLE },
  /* The same request as cash, with "method" card or upi and the
   * terminal's "reference" (docs/api.md). */
  { LD_OUTBOX_ACTION_PAYMENT_CARD, "payment.card", LD_COMMAND_PAYMENT_TAKE, "order_id",
    "order", "order_id", "order_id", "order", FALSE, N_("Take a card or UPI payment"), NULL, FROM_TABLE },
  { LD_OUTBOX_ACTION_ORDER_CANCEL, "order.cancel", LD_COMMAND_ORDER_CANCEL, "id",
    "order", "id", "id", "order", FALSE, N_("Cancel an order"),
    N_("Cancelling an order needs the server, which cannot be reached now."), FROM_TABLE },
  { LD_OUTBOX_ACTION_PAYMENT_REFUND, "payment.refund", LD_COMMAND_PAYMENT_REFUND, "order_id",
    "order", "order_id", NULL, "order", FALSE, N_("Give a refund"),
    N_("Refunds need the server, which cannot be reached now."), FROM_TABLE },
  /* Drafts and submitted values of an order's results; each names the
   * version it was typed over, so a stale one comes back as a conflict. */
  { LD_OUTBOX_ACTION_RESULT_SAVE, "result.save", LD_COMMAND_RESULT_SAVE, "order_id",
    "order", "order_id", "order_id", "order", FALSE, N_("Save results"), NULL, FROM_TABLE },
  { LD_OUTBOX_ACTION_RESULT_VERIFY, "result.verify", LD_COMMAND_RESULT_VERIFY, "order_id",
    "order", "order_id", NULL, "order", FALSE, N_("Verify results"),
    N_("Verifying a result needs the server, which cannot be reached now."), FROM_TABLE },
  { LD_OUTBOX_ACTION_REPORT_RELEASE, "report.release", LD_COMMAND_REPORT_RELEASE, "order_id",
    "order", "order_id", NULL, "order", FALSE, N_("Release a report"),
    N_("Releasing a report needs the server, which cannot be reached now."), FROM_TABLE },
  /* Issue 33: a check-in names the version it was made over, so one of an
   * appointment cancelled meanwhile comes back refused (409). A walk-in
   * makes an appointment the server numbers, so it shows on its patient
   * (who may be registered here first) and its answer is left to the
   * change feed. */
  { LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN, "appointment.check_in", LD_COMMAND_APPOINTMENT_CHECK_IN,
    "id", "appointment", "id", NULL, "appointment", FALSE, N_("Check a patient in"), NULL,
    FROM_TABLE },
  { LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN, "appointment.walk_in", LD_COMMAND_APPOINTMENT_WALK_IN,
    NULL, "patient", "patient_id", "patient_id", NULL, FALSE, N_("Queue a walk-in"), NULL,
    FROM_TABLE },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == LD_OUTBOX_ACTION_LAST + 1);

/* The command's route with its {id} named as the action's parameter:
 * "/api/v1/orders/{id}/payments" becomes "/api/v1/orders/{order_id}/payments". */
static const char *
path_of (const LdCommandInfo *info,
         const char          *param)
{
  g_autoptr(GString) path = g_string_new (info->pattern);

  if (param != NULL)
    {
      g_autofree char *named = g_strdup_printf ("{%s}", param);

      g_assert (strstr (info->pattern, "{id}") != NULL);
      g_string_replace (path, "{id}", named, 1);
    }

  return g_intern_string (path->str);
}

static void
rows_init (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const LdCommandInfo *info = ld_command_get_info (kinds[i].command);

      kinds[i].method = info->method;
      kinds[i].path = path_of (info, kinds[i].param);
      kinds[i].may_wait = ld_command_may_wait (kinds[i].command);
    }

  g_once_init_leave (&done, 1);
}

const LdOutboxKind *
ld_outbox_kind_get (LdOutboxAction action)
{
  g_assert ((guint) action < G_N_ELEMENTS (kinds));
  g_assert (kinds[action].action == action);

  rows_init ();
  return &kinds[action];
}

/* The row of a stored item's kind; NULL for one this version does not
 * know. */
const LdOutboxKind *
ld_outbox_kind_find (const char *kind)
{
  rows_init ();
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

  return ld_outbox_kind_get (action)->may_wait;
}

/**
 * ld_outbox_action_get_command:
 * @action: an action
 *
 * Returns: the command @action runs (shared/domain/ld-command.c)
 */
LdCommandKind
ld_outbox_action_get_command (LdOutboxAction action)
{
  g_return_val_if_fail ((guint) action <= LD_OUTBOX_ACTION_LAST, LD_COMMAND_N);

  return ld_outbox_kind_get (action)->command;
}
