/* ld-command.c: the commands a user runs, in one table, with one check
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table says who may run each command, how it goes over the wire and
 * whether the client may queue it offline; the server's permission table
 * takes these routes' rows from it, and the client's outbox its methods,
 * routes and "may it wait". ld_command_check() walks the same steps as the
 * server's handler, in the same order (role, signatory, the request's own
 * values, the record, its state), so the client refuses, before sending,
 * exactly what the server would, with the same error code.
 */

#define G_LOG_DOMAIN "ld-command"

#include "config.h"

#include <string.h>

#include "ld-command.h"

#include "ld-appointment-rules.h"
#include "ld-lab-state.h"
#include "ld-order-rules.h"
#include "ld-payment-rules.h"
#include "ld-refuse.h"
#include "ld-result-flow.h"
#include "ld-route-pattern.h"
#include "ld-sample-rules.h"
#include "ld-states.h"
#include "ld-time.h"

/* The most money one request may carry, as the server reads amounts. */
#define MAX_AMOUNT_PAISE G_GINT64_CONSTANT (100000000)

#define DESK      (LD_ROLE_RECEPTION | LD_ROLE_ADMIN)
#define BENCH     (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN)
#define BOOKERS   (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN)
#define WAITS     LD_COMMAND_FLAG_MAY_WAIT_OFFLINE
#define SIGNS     LD_COMMAND_FLAG_NEEDS_SIGNATORY
#define RETURNS   LD_COMMAND_FLAG_NEEDS_RETURNER
#define NOW_ONLY  LD_COMMAND_FLAG_NONE
#define CLINIC    "/api/v1/appointments/{id}"

/* In the order of LdCommandKind. Two commands may share a route (a
 * sample's custody events); they then share its roles too. */
/* clang-format off */
static const LdCommandInfo commands[] = {
  { LD_COMMAND_PAYMENT_TAKE, "payment.take", "POST", "/api/v1/orders/{id}/payments", DESK, WAITS,
    "take payments" },
  { LD_COMMAND_PAYMENT_REFUND, "payment.refund", "POST", "/api/v1/orders/{id}/refunds", DESK,
    NOW_ONLY, "give refunds" },
  { LD_COMMAND_ORDER_CANCEL, "order.cancel", "POST", "/api/v1/orders/{id}/cancel", DESK, NOW_ONLY,
    "cancel orders" },
  { LD_COMMAND_SAMPLE_COLLECT, "sample.collect", "POST", "/api/v1/orders/{id}/collect", BENCH,
    NOW_ONLY, "collect samples" },
  { LD_COMMAND_SAMPLE_RECEIVE, "sample.receive", "POST", "/api/v1/samples/{id}/custody", BENCH,
    NOW_ONLY, "receive samples" },
  { LD_COMMAND_SAMPLE_REJECT, "sample.reject", "POST", "/api/v1/samples/{id}/custody", BENCH,
    NOW_ONLY, "reject samples" },
  { LD_COMMAND_RESULT_SAVE, "result.save", "POST", "/api/v1/orders/{id}/results",
    LD_ROLE_TECHNICIAN, WAITS, "enter results" },
  { LD_COMMAND_RESULT_CANCEL, "result.cancel", "POST", "/api/v1/results/{id}/cancel",
    LD_ROLE_TECHNICIAN, NOW_ONLY, "cancel a test" },
  { LD_COMMAND_RESULT_RETURN, "result.return", "POST", "/api/v1/results/{id}/return", BENCH,
    RETURNS, "send a result back" },
  { LD_COMMAND_RESULT_VERIFY, "result.verify", "POST", "/api/v1/orders/{id}/verify",
    LD_ROLE_TECHNICIAN, NOW_ONLY, "verify results" },
  { LD_COMMAND_REPORT_RELEASE, "report.release", "POST", "/api/v1/orders/{id}/release", BENCH,
    SIGNS, "release reports" },
  { LD_COMMAND_RESULT_AMEND, "result.amend", "POST", "/api/v1/orders/{id}/amendments", BENCH, SIGNS,
    "amend released reports" },
  { LD_COMMAND_ALERT_ACKNOWLEDGE, "alert.acknowledge", "POST", "/api/v1/alerts/{id}/acknowledge",
    LD_ROLE_DOCTOR | LD_ROLE_ADMIN, NOW_ONLY, "acknowledge alerts" },
  { LD_COMMAND_PATIENT_REGISTER, "patient.register", "POST", "/api/v1/patients", BOOKERS, WAITS,
    "register patients" },
  { LD_COMMAND_PATIENT_UPDATE, "patient.update", "PATCH", "/api/v1/patients/{id}", BOOKERS, WAITS,
    "change patients' details" },
  { LD_COMMAND_ORDER_BOOK, "order.book", "POST", "/api/v1/orders", BOOKERS, WAITS, "book tests" },
  { LD_COMMAND_SAMPLE_STORE, "sample.store", "POST", "/api/v1/samples/{id}/custody", BENCH,
    NOW_ONLY, "store samples" },
  { LD_COMMAND_SAMPLE_DISPOSE, "sample.dispose", "POST", "/api/v1/samples/{id}/custody", BENCH,
    NOW_ONLY, "dispose of samples" },
  /* Issue 33: who moves an appointment, and whose, is ld-appointment-rules.c's; a booking needs
   * the server to say the slot is free, so it never waits; a check-in (and a walk-in, below)
   * takes no slot, so the desk keeps it offline and the server gives the token when it comes. */
  { LD_COMMAND_APPOINTMENT_BOOK, "appointment.book", "POST", "/api/v1/appointments",
    DESK | LD_ROLE_DOCTOR, NOW_ONLY, "book appointments" },
  { LD_COMMAND_APPOINTMENT_RESCHEDULE, "appointment.reschedule", "POST", CLINIC "/reschedule",
    DESK, NOW_ONLY, "reschedule appointments" },
  { LD_COMMAND_APPOINTMENT_CANCEL, "appointment.cancel", "POST", CLINIC "/cancel", DESK,
    NOW_ONLY, "cancel appointments" },
  { LD_COMMAND_APPOINTMENT_CHECK_IN, "appointment.check_in", "POST", CLINIC "/check-in", DESK,
    WAITS, "check patients in" },
  { LD_COMMAND_APPOINTMENT_START, "appointment.start", "POST", CLINIC "/start",
    LD_ROLE_DOCTOR | LD_ROLE_ADMIN, NOW_ONLY, "start consultations" },
  { LD_COMMAND_APPOINTMENT_FINISH, "appointment.finish", "POST", CLINIC "/finish",
    LD_ROLE_DOCTOR | LD_ROLE_ADMIN, NOW_ONLY, "finish consultations" },
  { LD_COMMAND_APPOINTMENT_NO_SHOW, "appointment.no_show", "POST", CLINIC "/no-show", DESK,
    NOW_ONLY, "mark no-shows" },
  { LD_COMMAND_VISIT_SAVE, "visit.save", "PUT", CLINIC "/visit", LD_ROLE_DOCTOR, NOW_ONLY,
    "write visit notes" },
  { LD_COMMAND_VISIT_SIGN, "visit.sign", "POST", CLINIC "/visit/sign", LD_ROLE_DOCTOR,
    NOW_ONLY, "sign visit notes" },
  /* Issue 34: what an analyzer sent for no known sample or test; the
   * server checks the sample and test named, so it never waits. */
  { LD_COMMAND_UNMATCHED_RESOLVE, "unmatched.resolve", "POST",
    "/api/v1/unmatched-results/{id}/resolve", BENCH, NOW_ONLY, "resolve unmatched results" },
  /* Issue 32: a merge cannot be undone, so it never waits offline. */
  { LD_COMMAND_WEB_REVIEW_RESOLVE, "web_registration.resolve", "POST",
    "/api/v1/web-registrations/{id}/resolve", DESK, NOW_ONLY, "settle web registrations" },
  /* Issue 33: a booking's route with "walk_in": true and no slot; the route's roles are the
   * booking's, the walk-in's own rule (the desk only) ld_appointment_check()'s. */
  { LD_COMMAND_APPOINTMENT_WALK_IN, "appointment.walk_in", "POST", "/api/v1/appointments",
    DESK | LD_ROLE_DOCTOR, WAITS, "queue walk-ins" },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (commands) == LD_COMMAND_N);

/**
 * ld_command_get_info:
 * @kind: a command
 *
 * Returns: (transfer none): its row of the command table
 */
const LdCommandInfo *
ld_command_get_info (LdCommandKind kind)
{
  g_return_val_if_fail ((guint) kind < LD_COMMAND_N, NULL);
  g_assert (commands[kind].kind == kind);

  return &commands[kind];
}

/**
 * ld_command_lookup:
 * @method: an HTTP method
 * @pattern: a route pattern as registered
 *
 * Returns: (transfer none) (nullable): the first command of that route,
 *   or %NULL if no command goes there
 */
const LdCommandInfo *
ld_command_lookup (const char *method,
                   const char *pattern)
{
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (pattern != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].method, method) && g_str_equal (commands[i].pattern, pattern))
      return &commands[i];

  return NULL;
}

static gboolean check_actor (const LdCommandInfo  *info,
                             const LdActor        *actor,
                             GError              **error);

/**
 * ld_command_check_request:
 * @method: a request's method
 * @path: its path, with or without a query
 * @actor: who sends it
 * @error: return location for an %LD_API_ERROR
 *
 * What the server's router and handler would first decide of a request:
 * when it runs a command of the table (its method and route), whether
 * @actor may run that command at all (ld_command_check_actor()). A route
 * several commands share is allowed when one of them allows it; a
 * request that runs no command is left to the server.
 *
 * Returns: %TRUE unless @actor may run none of the commands it runs
 */
gboolean
ld_command_check_request (const char     *method,
                          const char     *path,
                          const LdActor  *actor,
                          GError        **error)
{
  g_autofree char *bare = NULL;
  GError *first = NULL;
  gboolean matched = FALSE;

  g_return_val_if_fail (method != NULL && path != NULL && actor != NULL, FALSE);

  bare = g_strndup (path, strcspn (path, "?#"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      GError *refusal = NULL;

      if (!g_str_equal (commands[i].method, method) ||
          !ld_route_pattern_match (commands[i].pattern, bare, NULL))
        continue;
      matched = TRUE;
      if (check_actor (&commands[i], actor, &refusal))
        {
          g_clear_error (&first);
          return TRUE;
        }
      if (first == NULL)
        first = refusal;
      else
        g_error_free (refusal);
    }
  if (!matched)
    return TRUE;
  g_propagate_error (error, first);
  return FALSE;
}

/**
 * ld_command_find:
 * @name: a command's name, "payment.take"
 *
 * Returns: (transfer none) (nullable): its row, or %NULL
 */
const LdCommandInfo *
ld_command_find (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

/**
 * ld_command_allows_role:
 * @kind: a command
 * @roles: a user's roles
 *
 * Returns: %TRUE if one of @roles may run @kind (the router's check;
 *   the signatory is ld_command_check()'s)
 */
gboolean
ld_command_allows_role (LdCommandKind kind,
                        LdRole        roles)
{
  g_return_val_if_fail ((guint) kind < LD_COMMAND_N, FALSE);

  return (commands[kind].roles & roles) != 0;
}

/**
 * ld_command_may_wait:
 * @kind: a command
 *
 * Returns: whether the client may queue @kind while the server is away
 */
gboolean
ld_command_may_wait (LdCommandKind kind)
{
  g_return_val_if_fail ((guint) kind < LD_COMMAND_N, FALSE);

  return (commands[kind].flags & LD_COMMAND_FLAG_MAY_WAIT_OFFLINE) != 0;
}

/* The record the command is about; the server answers 404 without it. */
static gboolean
need (gconstpointer   record,
      const char     *what,
      GError        **error)
{
  if (record != NULL)
    return TRUE;

  return ld_refuse (error, LD_API_ERROR_NOT_FOUND, "No such %s.", what);
}

/* Who may run the command at all: the router's roles, then the handler's
 * signatory (before it reads the request). */
static gboolean
check_actor (const LdCommandInfo  *info,
             const LdActor        *actor,
             GError              **error)
{
  if ((info->roles & actor->roles) == 0)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN, "Your role does not allow this.");

  if ((info->flags & LD_COMMAND_FLAG_NEEDS_SIGNATORY) != 0 && !actor->is_signatory)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN, "Only an authorised signatory can %s.",
                      info->doing);

  if ((info->flags & LD_COMMAND_FLAG_NEEDS_RETURNER) != 0 &&
      (actor->roles & LD_ROLE_TECHNICIAN) == 0 && !actor->is_signatory)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN,
                      "Only a technician or an authorised signatory can send a result back.");

  return TRUE;
}

/**
 * ld_command_check_actor:
 * @kind: a command
 * @actor: who would run it
 * @error: return location for an %LD_API_ERROR
 *
 * The part of ld_command_check() that needs no record: whether @actor may
 * run @kind at all (roles, signatory).
 *
 * Returns: %TRUE if @actor may
 */
gboolean
ld_command_check_actor (LdCommandKind   kind,
                        const LdActor  *actor,
                        GError        **error)
{
  g_return_val_if_fail ((guint) kind < LD_COMMAND_N, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  return check_actor (&commands[kind], actor, error);
}

static gboolean
check_amount (gint64    amount_paise,
              GError  **error)
{
  if (amount_paise > 0 && amount_paise <= MAX_AMOUNT_PAISE)
    return TRUE;

  return ld_refuse_field (error, "amount_paise",
                          "must be a positive amount in paise, at most 10,00,000.00",
                          "The amount is not acceptable.");
}

/* A payment is for exactly what is due (0 asks for that); one taken
 * with a collection may keep a promise of cash on collection. */
static gboolean
check_payment (const LdCommandTarget  *target,
               gboolean                at_collection,
               gint64                  now_us,
               GError                **error)
{
  const LdOrder *order = target->order;
  gint64 amount_paise = target->amount_paise > 0 ? target->amount_paise : -1;
  gint64 tendered_paise = target->tendered_paise > 0 ? target->tendered_paise : -1;

  if (!ld_order_check_payable (order, now_us, error))
    return FALSE;
  if (at_collection)
    return ld_payment_check_collection (order, target->method, amount_paise, tendered_paise,
                                        error);
  return ld_payment_check_attempt (order, target->method, amount_paise, tendered_paise, error);
}

/* The samples asked for again and not yet replaced: what a second
 * collection takes. */
static gboolean
has_sample_to_collect_again (GPtrArray *samples)
{
  for (guint i = 0; samples != NULL && i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);
      gboolean replaced = FALSE;

      if (ld_sample_state_parse (sample->state) != LD_SAMPLE_STATE_RECOLLECTION_REQUESTED)
        continue;
      for (guint j = 0; j < samples->len && !replaced; j++)
        replaced =
          g_strcmp0 (((const LdSample *) g_ptr_array_index (samples, j))->replaces_sample_id,
                     sample->id) == 0;
      if (!replaced)
        return TRUE;
    }

  return FALSE;
}

/* As the server's collection: the lab state, then the money (a first
 * collection needs it paid, or cash on collection with the payment
 * taken now), then something to collect. */
static gboolean
check_collect (const LdCommandTarget  *target,
               gint64                  now_us,
               GError                **error)
{
  const LdOrder *order = target->order;
  gboolean first = ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_ORDERED;
  gboolean cod = ld_payment_state_parse (order->payment_state) == LD_PAYMENT_STATE_COD_PENDING;

  if ((first || !ld_order_is_open (order)) &&
      !ld_lab_state_check_move (order, ld_lab_state_wire (LD_LAB_STATE_COLLECTED), error))
    return FALSE;

  if (first && !ld_order_payment_lets_collect (order->payment_state))
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "Order %s is not paid (%s); take the payment first.",
                      order->number, order->payment_state);
  if ((first || target->with_payment) && !(first && cod == target->with_payment))
    return ld_refuse_field (error, "payment",
                            cod ? "is required for cash on collection" : "is not due",
                            cod ? "This order is paid in cash at collection: record the payment."
                                : "This order needs no payment now.");

  if (target->with_payment && !check_payment (target, TRUE, now_us, error))
    return FALSE;

  if (!first && target->samples != NULL && !has_sample_to_collect_again (target->samples))
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "Order %s is %s and has no sample to collect again.",
                      order->number, order->lab_state);

  return TRUE;
}

/* A rejection keeps no checked value and, asking for a new sample, needs
 * the order still in the lab. */
static gboolean
check_reject (const LdCommandTarget  *target,
              GError                **error)
{
  const char *to_state;

  if (!ld_sample_check_move (target->sample, ld_sample_state_wire (LD_SAMPLE_STATE_REJECTED),
                             &to_state, error))
    return FALSE;
  if (target->results != NULL && !ld_sample_check_reject (target->sample, target->results, error))
    return FALSE;
  if (target->recollect && target->order != NULL &&
      !ld_result_check_order_in_lab (target->order, "ask for a new sample", error))
    return FALSE;

  return TRUE;
}

/* No result the command counts was measured on a rejected sample. */
static gboolean
check_counted (const LdCommandTarget  *target,
               GPtrArray              *results,
               GError                **error)
{
  if (target->samples == NULL)
    return TRUE;

  for (guint i = 0; results != NULL && i < results->len; i++)
    if (!ld_sample_check_result_counts (g_ptr_array_index (results, i), target->samples, error))
      return FALSE;

  return TRUE;
}

static gboolean
check_save (const LdCommandTarget  *target,
            GError                **error)
{
  if (!ld_result_check_order_in_lab (target->order, "enter results", error) ||
      !need (target->result, "result", error) ||
      !ld_result_check_entry (target->result, error))
    return FALSE;

  if (target->samples != NULL &&
      ld_result_find_sample (target->samples, target->result->test_code, error) == NULL)
    return FALSE;

  return TRUE;
}

static gboolean
check_verify (const LdActor          *actor,
              const LdCommandTarget  *target,
              GError                **error)
{
  g_autoptr(GPtrArray) one = NULL;

  if (!ld_result_check_order_in_lab (target->order, "verify results", error) ||
      !need (target->result, "result", error))
    return FALSE;

  one = g_ptr_array_new ();
  g_ptr_array_add (one, (gpointer) target->result);
  return check_counted (target, one, error) &&
         ld_result_check_verify (target->result, actor->user_id, target->allow_self_verification,
                                 error);
}

static gboolean
check_release (const LdCommandTarget  *target,
               GError                **error)
{
  if (target->results != NULL &&
      (!check_counted (target, target->results, error) ||
       !ld_result_check_release (target->order, target->results, error)))
    return FALSE;

  return ld_lab_state_check_move (target->order, ld_lab_state_wire (LD_LAB_STATE_REPORTED), error);
}

static gboolean
check_acknowledge (const LdActor  *actor,
                   const LdAlert  *alert,
                   GError        **error)
{
  if (alert->doctor_id != NULL ? g_strcmp0 (alert->doctor_id, actor->user_id) != 0
                               : (actor->roles & LD_ROLE_ADMIN) == 0)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN, "%s",
                      alert->doctor_id != NULL
                        ? "This alert is for the doctor who ordered the test."
                        : "An administrator acknowledges an alert with no doctor.");
  if (alert->acknowledged_at != NULL)
    return ld_refuse (error, LD_API_ERROR_CONFLICT, "This alert is already acknowledged.");

  return TRUE;
}

/* The appointment's move a command is, for ld_appointment_check(). */
static LdAppointmentAction
appointment_action_of (LdCommandKind kind)
{
  switch (kind)
    {
    case LD_COMMAND_APPOINTMENT_BOOK:
      return LD_APPOINTMENT_BOOK;
    case LD_COMMAND_APPOINTMENT_RESCHEDULE:
      return LD_APPOINTMENT_RESCHEDULE;
    case LD_COMMAND_APPOINTMENT_CANCEL:
      return LD_APPOINTMENT_CANCEL;
    case LD_COMMAND_APPOINTMENT_CHECK_IN:
      return LD_APPOINTMENT_CHECK_IN;
    case LD_COMMAND_APPOINTMENT_START:
      return LD_APPOINTMENT_START;
    case LD_COMMAND_APPOINTMENT_FINISH:
      return LD_APPOINTMENT_FINISH;
    case LD_COMMAND_APPOINTMENT_NO_SHOW:
      return LD_APPOINTMENT_NO_SHOW;
    case LD_COMMAND_VISIT_SAVE:
    case LD_COMMAND_VISIT_SIGN:
      return LD_APPOINTMENT_WRITE_VISIT;
    default:
      g_assert_not_reached ();
    }
}

/* The custody event a sample's move sends: the event is named for the
 * state it moves the tube to. */
static const char *
custody_event_of (LdCommandKind kind)
{
  switch (kind)
    {
    case LD_COMMAND_SAMPLE_RECEIVE:
      return ld_sample_state_wire (LD_SAMPLE_STATE_RECEIVED);
    case LD_COMMAND_SAMPLE_REJECT:
      return ld_sample_state_wire (LD_SAMPLE_STATE_REJECTED);
    case LD_COMMAND_SAMPLE_STORE:
      return ld_sample_state_wire (LD_SAMPLE_STATE_STORED);
    case LD_COMMAND_SAMPLE_DISPOSE:
      return ld_sample_state_wire (LD_SAMPLE_STATE_DISPOSED);
    default:
      g_assert_not_reached ();
    }
}

/**
 * ld_command_check:
 * @kind: a command
 * @actor: who would run it
 * @target: (nullable): the records it is about
 * @error: return location for an %LD_API_ERROR
 *
 * Decides, as the server will, whether @actor may run @kind on @target
 * now: their roles (FORBIDDEN), a signatory where the command needs one
 * (FORBIDDEN), the amount asked for (VALIDATION_FAILED, naming
 * `amount_paise`), the record (NOT_FOUND when @target lacks it), then the
 * record's state (CONFLICT or GONE, the rules of shared/domain). What
 * only the server can know (a stale version, the body's other values, a
 * delta against the patient's history) is left to it. @target's @results
 * and @samples, when %NULL, skip the checks that read them.
 *
 * Returns: %TRUE if the server would accept it
 */
/* A record the client is still loading has no state yet: the check
 * treats it as not there rather than read a state it does not have. */
static gboolean
check_loaded (const LdCommandTarget  *target,
              GError                **error)
{
  if (target->order != NULL &&
      (target->order->lab_state == NULL || target->order->payment_state == NULL))
    return need (NULL, "order", error);
  if (target->result != NULL && target->result->state == NULL)
    return need (NULL, "result", error);
  if (target->sample != NULL && target->sample->state == NULL)
    return need (NULL, "sample", error);
  return TRUE;
}

gboolean
ld_command_check (LdCommandKind           kind,
                  const LdActor          *actor,
                  const LdCommandTarget  *target,
                  GError                **error)
{
  static const LdCommandTarget nothing = {
    NULL,
  };
  const LdCommandInfo *info;
  gint64 now_us;

  g_return_val_if_fail ((guint) kind < LD_COMMAND_N, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = &commands[kind];
  if (target == NULL)
    target = &nothing;
  now_us = target->now_us != 0 ? target->now_us : ld_time_now ();

  if (!check_actor (info, actor, error) || !check_loaded (target, error))
    return FALSE;

  switch (kind)
    {
    case LD_COMMAND_PAYMENT_TAKE:
      return (target->amount_paise == 0 || check_amount (target->amount_paise, error)) &&
             need (target->order, "order", error) &&
             check_payment (target, FALSE, now_us, error);

    case LD_COMMAND_PAYMENT_REFUND:
      return check_amount (target->amount_paise, error) &&
             need (target->order, "order", error) &&
             ld_order_check_refund (target->order, target->amount_paise, error);

    case LD_COMMAND_ORDER_CANCEL:
      return need (target->order, "order", error) &&
             ld_order_check_cancel (target->order, error);

    case LD_COMMAND_SAMPLE_COLLECT:
      return (!target->with_payment || target->amount_paise == 0 ||
              check_amount (target->amount_paise, error)) &&
             need (target->order, "order", error) &&
             check_collect (target, now_us, error);

    case LD_COMMAND_SAMPLE_RECEIVE:
    case LD_COMMAND_SAMPLE_STORE:
    case LD_COMMAND_SAMPLE_DISPOSE:
      {
        const char *to_state;

        return need (target->sample, "sample", error) &&
               ld_sample_check_move (target->sample, custody_event_of (kind), &to_state, error);
      }

    case LD_COMMAND_SAMPLE_REJECT:
      return need (target->sample, "sample", error) && check_reject (target, error);

    case LD_COMMAND_RESULT_SAVE:
      return need (target->order, "order", error) && check_save (target, error);

    case LD_COMMAND_RESULT_CANCEL:
      return need (target->result, "result", error) &&
             need (target->order, "order", error) &&
             ld_result_check_order_in_lab (target->order, "cancel a test", error) &&
             ld_result_check_cancel (target->result, error);

    case LD_COMMAND_RESULT_RETURN:
      return need (target->result, "result", error) &&
             need (target->order, "order", error) &&
             ld_result_check_return (target->order, target->result, error);

    case LD_COMMAND_RESULT_VERIFY:
      return need (target->order, "order", error) && check_verify (actor, target, error);

    case LD_COMMAND_REPORT_RELEASE:
      return need (target->order, "order", error) && check_release (target, error);

    case LD_COMMAND_RESULT_AMEND:
      return need (target->order, "order", error) &&
             need (target->result, "result", error) &&
             ld_result_check_amend (target->order, target->result, error);

    case LD_COMMAND_ALERT_ACKNOWLEDGE:
      return need (target->alert, "alert", error) &&
             check_acknowledge (actor, target->alert, error);

    case LD_COMMAND_PATIENT_REGISTER:
    case LD_COMMAND_ORDER_BOOK:
      return TRUE;

    case LD_COMMAND_PATIENT_UPDATE:
    case LD_COMMAND_WEB_REVIEW_RESOLVE:
      /* The patient's own values (whether the record is parked, which
       * record it joins) are the server's to judge. */
      return need (target->patient_id, "patient", error);

    case LD_COMMAND_APPOINTMENT_BOOK:
      /* The slot's validity needs the doctor's schedule and the day's bookings, and a doctor's
       * patient their care: the server's. The target, when given, is the booking meant. */
      return ld_appointment_check (LD_APPOINTMENT_BOOK, actor, LD_APPOINTMENT_STATE_BOOKED,
                                   target->appointment != NULL ? target->appointment->doctor_id
                                                               : NULL,
                                   error);

    case LD_COMMAND_APPOINTMENT_WALK_IN:
      return ld_appointment_check (LD_APPOINTMENT_WALK_IN, actor, LD_APPOINTMENT_STATE_BOOKED,
                                   NULL, error);

    case LD_COMMAND_APPOINTMENT_RESCHEDULE:
    case LD_COMMAND_APPOINTMENT_CANCEL:
    case LD_COMMAND_APPOINTMENT_CHECK_IN:
    case LD_COMMAND_APPOINTMENT_START:
    case LD_COMMAND_APPOINTMENT_FINISH:
    case LD_COMMAND_APPOINTMENT_NO_SHOW:
    case LD_COMMAND_VISIT_SAVE:
    case LD_COMMAND_VISIT_SIGN:
      return need (target->appointment, "appointment", error) &&
             ld_appointment_check (appointment_action_of (kind), actor, target->appointment->state,
                                   target->appointment->doctor_id, error);

    case LD_COMMAND_UNMATCHED_RESOLVE:
      return need (target->unmatched_id, "unmatched result", error) &&
             (!target->unmatched_resolved ||
              ld_refuse (error, LD_API_ERROR_CONFLICT, "This result has already been resolved."));

    default:
      g_assert_not_reached ();
    }
}
