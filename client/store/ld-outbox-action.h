/* ld-outbox-action.h: what the outbox can do for the desk and the bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ld-command.h"

G_BEGIN_DECLS

/**
 * LdOutboxAction:
 * @LD_OUTBOX_ACTION_PATIENT_REGISTER: register a patient (may wait)
 * @LD_OUTBOX_ACTION_PATIENT_UPDATE: change a patient's details (may wait)
 * @LD_OUTBOX_ACTION_ORDER_CREATE: book tests, an order (may wait)
 * @LD_OUTBOX_ACTION_PAYMENT_CASH: cash taken for an order, with
 *   `tendered_paise` (may wait: the money is in the drawer)
 * @LD_OUTBOX_ACTION_PAYMENT_CARD: card or UPI (`method` "card" or "upi")
 *   with the terminal's `reference`: the terminal already took the money,
 *   so it may wait
 * @LD_OUTBOX_ACTION_ORDER_CANCEL: cancel an order (needs the server)
 * @LD_OUTBOX_ACTION_PAYMENT_REFUND: give money back (needs the server)
 * @LD_OUTBOX_ACTION_RESULT_SAVE: result drafts or values (may wait)
 * @LD_OUTBOX_ACTION_RESULT_VERIFY: verify results (needs the server)
 * @LD_OUTBOX_ACTION_REPORT_RELEASE: release a report (needs the server)
 * @LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN: check a booked patient in, with
 *   the appointment's `id` and `version` (may wait: the server gives the
 *   token when it comes)
 * @LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN: queue a walk-in, `patient_id` and
 *   `doctor_id` (may wait; it shows on the patient)
 *
 * One kind of action sent through the outbox (ld_outbox_submit_async()).
 */
typedef enum
{
  LD_OUTBOX_ACTION_PATIENT_REGISTER,
  LD_OUTBOX_ACTION_PATIENT_UPDATE,
  LD_OUTBOX_ACTION_ORDER_CREATE,
  LD_OUTBOX_ACTION_PAYMENT_CASH,
  LD_OUTBOX_ACTION_PAYMENT_CARD,
  LD_OUTBOX_ACTION_ORDER_CANCEL,
  LD_OUTBOX_ACTION_PAYMENT_REFUND,
  LD_OUTBOX_ACTION_RESULT_SAVE,
  LD_OUTBOX_ACTION_RESULT_VERIFY,
  LD_OUTBOX_ACTION_REPORT_RELEASE,
  LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN,
  LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN,
} LdOutboxAction;

#define LD_OUTBOX_ACTION_LAST LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN

#define LD_TYPE_OUTBOX_ACTION (ld_outbox_action_get_type ())

GType        ld_outbox_action_get_type  (void) G_GNUC_CONST;
const char  *ld_outbox_action_describe  (LdOutboxAction  action);
gboolean     ld_outbox_action_may_wait  (LdOutboxAction  action);
LdCommandKind ld_outbox_action_get_command (LdOutboxAction action);

G_END_DECLS
