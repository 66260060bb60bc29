/* ld-command.h: the commands a user runs, in one table, with one check
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-alert.h"
#include "ld-appointment.h"
#include "ld-error.h"
#include "ld-order.h"
#include "ld-result.h"
#include "ld-role.h"
#include "ld-sample.h"

G_BEGIN_DECLS

/**
 * LdCommandKind:
 * @LD_COMMAND_PAYMENT_TAKE: take the amount due for an order
 * @LD_COMMAND_PAYMENT_REFUND: give money back for an order
 * @LD_COMMAND_ORDER_CANCEL: cancel an order not yet collected
 * @LD_COMMAND_SAMPLE_COLLECT: collect an order's samples
 * @LD_COMMAND_SAMPLE_RECEIVE: receive a sample in the lab
 * @LD_COMMAND_SAMPLE_REJECT: reject a sample (recollect or cancel its tests)
 * @LD_COMMAND_RESULT_SAVE: save (or submit) a result's value
 * @LD_COMMAND_RESULT_CANCEL: cancel a test the lab cannot do
 * @LD_COMMAND_RESULT_RETURN: send a verified result back for re-entry
 * @LD_COMMAND_RESULT_VERIFY: verify an entered result
 * @LD_COMMAND_REPORT_RELEASE: release an order's report
 * @LD_COMMAND_RESULT_AMEND: amend a released result
 * @LD_COMMAND_ALERT_ACKNOWLEDGE: acknowledge a critical alert
 * @LD_COMMAND_PATIENT_REGISTER: register a patient
 * @LD_COMMAND_PATIENT_UPDATE: change a patient's details
 * @LD_COMMAND_ORDER_BOOK: book tests, an order
 * @LD_COMMAND_SAMPLE_STORE: put a received sample away (where)
 * @LD_COMMAND_SAMPLE_DISPOSE: throw a sample away
 * @LD_COMMAND_APPOINTMENT_BOOK: book a doctor's slot for a patient
 * @LD_COMMAND_APPOINTMENT_RESCHEDULE: move a booking to another slot
 * @LD_COMMAND_APPOINTMENT_CANCEL: cancel an appointment, with a reason
 * @LD_COMMAND_APPOINTMENT_CHECK_IN: check a patient in (a token)
 * @LD_COMMAND_APPOINTMENT_START: the doctor calls the patient in
 * @LD_COMMAND_APPOINTMENT_FINISH: the doctor is done with the patient
 * @LD_COMMAND_APPOINTMENT_NO_SHOW: mark a booking nobody came to
 * @LD_COMMAND_VISIT_SAVE: write (or amend) the visit's record
 * @LD_COMMAND_VISIT_SIGN: sign the visit's record
 * @LD_COMMAND_UNMATCHED_RESOLVE: attach an analyzer's unmatched result to
 *   a sample's test, or discard it
 * @LD_COMMAND_WEB_REVIEW_RESOLVE: settle a registration from the patient
 *   pages parked as a likely duplicate (the same person, merged; or not)
 * @LD_COMMAND_APPOINTMENT_WALK_IN: queue a patient without a slot, checked
 *   in at once with a token (the booking's route, "walk_in": true)
 *
 * Every command a user runs against a record. The client asks
 * ld_command_check() before offering it; the server's router takes the
 * command's roles from the same table (ld_permissions_lookup()).
 */
typedef enum
{
  LD_COMMAND_PAYMENT_TAKE,
  LD_COMMAND_PAYMENT_REFUND,
  LD_COMMAND_ORDER_CANCEL,
  LD_COMMAND_SAMPLE_COLLECT,
  LD_COMMAND_SAMPLE_RECEIVE,
  LD_COMMAND_SAMPLE_REJECT,
  LD_COMMAND_RESULT_SAVE,
  LD_COMMAND_RESULT_CANCEL,
  LD_COMMAND_RESULT_RETURN,
  LD_COMMAND_RESULT_VERIFY,
  LD_COMMAND_REPORT_RELEASE,
  LD_COMMAND_RESULT_AMEND,
  LD_COMMAND_ALERT_ACKNOWLEDGE,
  LD_COMMAND_PATIENT_REGISTER,
  LD_COMMAND_PATIENT_UPDATE,
  LD_COMMAND_ORDER_BOOK,
  LD_COMMAND_SAMPLE_STORE,
  LD_COMMAND_SAMPLE_DISPOSE,
  LD_COMMAND_APPOINTMENT_BOOK,
  LD_COMMAND_APPOINTMENT_RESCHEDULE,
  LD_COMMAND_APPOINTMENT_CANCEL,
  LD_COMMAND_APPOINTMENT_CHECK_IN,
  LD_COMMAND_APPOINTMENT_START,
  LD_COMMAND_APPOINTMENT_FINISH,
  LD_COMMAND_APPOINTMENT_NO_SHOW,
  LD_COMMAND_VISIT_SAVE,
  LD_COMMAND_VISIT_SIGN,
  LD_COMMAND_UNMATCHED_RESOLVE,
  LD_COMMAND_WEB_REVIEW_RESOLVE,
  LD_COMMAND_APPOINTMENT_WALK_IN,
} LdCommandKind;

#define LD_COMMAND_LAST LD_COMMAND_APPOINTMENT_WALK_IN
#define LD_COMMAND_N    (LD_COMMAND_LAST + 1)

/**
 * LdCommandFlags:
 * @LD_COMMAND_FLAG_NONE: nothing more
 * @LD_COMMAND_FLAG_MAY_WAIT_OFFLINE: the client may queue it while the
 *   server is away (the outbox)
 * @LD_COMMAND_FLAG_NEEDS_SIGNATORY: only an authorised signatory
 *   (ld_permissions_check_signatory())
 * @LD_COMMAND_FLAG_NEEDS_RETURNER: only a technician or a signatory
 *   (ld_permissions_check_returner())
 */
typedef enum
{
  LD_COMMAND_FLAG_NONE             = 0,
  LD_COMMAND_FLAG_MAY_WAIT_OFFLINE = 1 << 0,
  LD_COMMAND_FLAG_NEEDS_SIGNATORY  = 1 << 1,
  LD_COMMAND_FLAG_NEEDS_RETURNER   = 1 << 2,
} LdCommandFlags;

/**
 * LdCommandInfo:
 * @kind: the command
 * @name: its name, "payment.take"
 * @method: the HTTP method
 * @pattern: the route, `{id}` naming the record
 * @roles: the roles allowed
 * @flags: #LdCommandFlags
 * @doing: what it does, for a refusal ("release reports")
 *
 * One row of the command table.
 */
typedef struct
{
  LdCommandKind   kind;
  const char     *name;
  const char     *method;
  const char     *pattern;
  LdRole          roles;
  LdCommandFlags  flags;
  const char     *doing;
} LdCommandInfo;

/**
 * LdActor:
 * @roles: the signed-in user's roles
 * @is_signatory: whether they may sign reports (ld_user_is_signatory())
 * @user_id: (nullable): their id, for the rules that look at who entered
 *   a result or whose an alert is
 *
 * Who runs a command.
 */
typedef struct
{
  LdRole       roles;
  gboolean     is_signatory;
  const char  *user_id;
} LdActor;

/**
 * LdCommandTarget:
 * @order: (nullable): the order, as last read
 * @result: (nullable): the result the command is about
 * @sample: (nullable): the sample the command is about
 * @alert: (nullable): the alert to acknowledge
 * @results: (nullable) (element-type LdResult): all the order's results
 *   (release, sample rejection)
 * @samples: (nullable) (element-type LdSample): all the order's samples
 *   (saving a value needs a received one; verification and release need
 *   none rejected under a counted result)
 * @amount_paise: a payment's amount (0: the amount due) or a refund's
 * @method: (nullable): a payment's method, when chosen (cash, card, upi,
 *   online, cod)
 * @tendered_paise: the cash handed over for a cash payment (0: none yet)
 * @with_payment: a collection that takes the payment as well
 * @recollect: a rejection that asks for a new sample
 * @allow_self_verification: the lab's setting of that name
 * @now_us: now, for deadlines; 0 means now
 * @patient_id: (nullable): the patient whose details change, or the
 *   parked web registration the desk settles
 * @appointment: (nullable): the appointment moved, or whose visit is
 *   written (ld_appointment_check() decides)
 * @unmatched_id: (nullable): the unmatched result to resolve
 * @unmatched_resolved: whether it is resolved already
 *
 * The records a command is about. A command that needs a record not
 * given is refused as not found, as the server would answer.
 */
typedef struct
{
  const LdOrder  *order;
  const LdResult *result;
  const LdSample *sample;
  const LdAlert  *alert;
  GPtrArray      *results;
  GPtrArray      *samples;
  gint64          amount_paise;
  const char     *method;
  gint64          tendered_paise;
  gboolean        with_payment;
  gboolean        recollect;
  gboolean        allow_self_verification;
  gint64          now_us;
  const char     *patient_id;
  const LdAppointment *appointment;
  const char     *unmatched_id;
  gboolean        unmatched_resolved;
} LdCommandTarget;

const LdCommandInfo *ld_command_get_info     (LdCommandKind           kind);
const LdCommandInfo *ld_command_lookup       (const char             *method,
                                              const char             *pattern);
const LdCommandInfo *ld_command_find         (const char             *name);
gboolean             ld_command_allows_role  (LdCommandKind           kind,
                                              LdRole                  roles);
gboolean             ld_command_may_wait     (LdCommandKind           kind);
gboolean             ld_command_check_request (const char            *method,
                                               const char            *path,
                                               const LdActor         *actor,
                                               GError               **error);
gboolean             ld_command_check_actor  (LdCommandKind           kind,
                                              const LdActor          *actor,
                                              GError                **error);
gboolean             ld_command_check        (LdCommandKind           kind,
                                              const LdActor          *actor,
                                              const LdCommandTarget  *target,
                                              GError                **error);

G_END_DECLS
