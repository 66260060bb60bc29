/* ld-states.h: every state machine's states, and their wire names once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Each state enum below begins with an UNKNOWN of -1. It is no state and
 * has no wire name: it is what its _parse() gives for %NULL or a name the
 * wire does not have, so a comparison with a real state is FALSE, as a
 * string comparison was. */

/**
 * LdLabState:
 *
 * Where an order stands in the lab (DESIGN.md §3): ordered → collected →
 * in_process → resulted → verified → reported, or cancelled, or expired
 * unpaid. The wire name of each is its GEnumValue nick.
 */
typedef enum
{
  LD_LAB_STATE_UNKNOWN = -1,
  LD_LAB_STATE_ORDERED,
  LD_LAB_STATE_COLLECTED,
  LD_LAB_STATE_IN_PROCESS,
  LD_LAB_STATE_RESULTED,
  LD_LAB_STATE_VERIFIED,
  LD_LAB_STATE_REPORTED,
  LD_LAB_STATE_CANCELLED,
  LD_LAB_STATE_EXPIRED,
} LdLabState;

/**
 * LdPaymentState:
 *
 * An order's money, derived from its payment attempts (the store's
 * order_money view says how).
 */
typedef enum
{
  LD_PAYMENT_STATE_UNKNOWN = -1,
  LD_PAYMENT_STATE_PENDING,
  LD_PAYMENT_STATE_PAID,
  LD_PAYMENT_STATE_FAILED,
  LD_PAYMENT_STATE_COD_PENDING,
  LD_PAYMENT_STATE_CANCELLED,
  LD_PAYMENT_STATE_EXPIRED,
  LD_PAYMENT_STATE_REFUNDED,
  LD_PAYMENT_STATE_PARTLY_REFUNDED,
} LdPaymentState;

/* How money was taken or given back. */
typedef enum
{
  LD_PAYMENT_METHOD_CASH,
  LD_PAYMENT_METHOD_CARD,
  LD_PAYMENT_METHOD_UPI,
  LD_PAYMENT_METHOD_ONLINE,
  LD_PAYMENT_METHOD_COD,
} LdPaymentMethod;

/* One payment attempt's outcome. */
typedef enum
{
  LD_PAYMENT_STATUS_PENDING,
  LD_PAYMENT_STATUS_SUCCEEDED,
  LD_PAYMENT_STATUS_FAILED,
  LD_PAYMENT_STATUS_VOIDED,
} LdPaymentStatus;

/* Whether an attempt takes money or gives it back. */
typedef enum
{
  LD_PAYMENT_KIND_PAYMENT,
  LD_PAYMENT_KIND_REFUND,
} LdPaymentKind;

typedef enum
{
  LD_PRIORITY_ROUTINE,
  LD_PRIORITY_URGENT,
  LD_PRIORITY_STAT,
} LdPriority;

/**
 * LdResultState:
 *
 * A result is pending (no value, or a draft), entered, verified by a
 * second technician, released with the report, then only amended; or
 * cancelled before verification.
 */
typedef enum
{
  LD_RESULT_STATE_UNKNOWN = -1,
  LD_RESULT_STATE_PENDING,
  LD_RESULT_STATE_ENTERED,
  LD_RESULT_STATE_VERIFIED,
  LD_RESULT_STATE_RELEASED,
  LD_RESULT_STATE_AMENDED,
  LD_RESULT_STATE_CANCELLED,
} LdResultState;

/**
 * LdSampleState:
 *
 * Where a tube is. A custody event of the same name moves it there, so
 * the events share these names.
 */
typedef enum
{
  LD_SAMPLE_STATE_UNKNOWN = -1,
  LD_SAMPLE_STATE_COLLECTED,
  LD_SAMPLE_STATE_RECEIVED,
  LD_SAMPLE_STATE_REJECTED,
  LD_SAMPLE_STATE_RECOLLECTION_REQUESTED,
  LD_SAMPLE_STATE_STORED,
  LD_SAMPLE_STATE_DISPOSED,
} LdSampleState;

/**
 * LdAppointmentState:
 *
 * Where a patient's appointment with a doctor is: booked, checked in at
 * the desk (with a token), with the doctor, done; or cancelled (with a
 * reason), or a no-show. Its moves are ld-appointment-rules.c's.
 */
typedef enum
{
  LD_APPOINTMENT_STATE_UNKNOWN = -1,
  LD_APPOINTMENT_STATE_BOOKED,
  LD_APPOINTMENT_STATE_CHECKED_IN,
  LD_APPOINTMENT_STATE_WITH_DOCTOR,
  LD_APPOINTMENT_STATE_DONE,
  LD_APPOINTMENT_STATE_CANCELLED,
  LD_APPOINTMENT_STATE_NO_SHOW,
} LdAppointmentState;

#define LD_TYPE_LAB_STATE      (ld_lab_state_get_type ())
#define LD_TYPE_PAYMENT_STATE  (ld_payment_state_get_type ())
#define LD_TYPE_PAYMENT_METHOD (ld_payment_method_get_type ())
#define LD_TYPE_PAYMENT_STATUS (ld_payment_status_get_type ())
#define LD_TYPE_PAYMENT_KIND   (ld_payment_kind_get_type ())
#define LD_TYPE_PRIORITY       (ld_priority_get_type ())
#define LD_TYPE_RESULT_STATE   (ld_result_state_get_type ())
#define LD_TYPE_SAMPLE_STATE   (ld_sample_state_get_type ())
#define LD_TYPE_APPOINTMENT_STATE (ld_appointment_state_get_type ())

GType ld_lab_state_get_type      (void) G_GNUC_CONST;
GType ld_payment_state_get_type  (void) G_GNUC_CONST;
GType ld_payment_method_get_type (void) G_GNUC_CONST;
GType ld_payment_status_get_type (void) G_GNUC_CONST;
GType ld_payment_kind_get_type   (void) G_GNUC_CONST;
GType ld_priority_get_type       (void) G_GNUC_CONST;
GType ld_result_state_get_type   (void) G_GNUC_CONST;
GType ld_sample_state_get_type   (void) G_GNUC_CONST;
GType ld_appointment_state_get_type (void) G_GNUC_CONST;

const char *ld_state_to_string   (GType        enum_type,
                                  int          value);
gboolean    ld_state_from_string (GType        enum_type,
                                  const char  *text,
                                  int         *out_value);

#define ld_lab_state_to_string(s)      ld_state_to_string (LD_TYPE_LAB_STATE, (s))
#define ld_payment_state_to_string(s)  ld_state_to_string (LD_TYPE_PAYMENT_STATE, (s))
#define ld_payment_method_to_string(s) ld_state_to_string (LD_TYPE_PAYMENT_METHOD, (s))
#define ld_payment_status_to_string(s) ld_state_to_string (LD_TYPE_PAYMENT_STATUS, (s))
#define ld_payment_kind_to_string(s)   ld_state_to_string (LD_TYPE_PAYMENT_KIND, (s))
#define ld_priority_to_string(s)       ld_state_to_string (LD_TYPE_PRIORITY, (s))
#define ld_result_state_to_string(s)   ld_state_to_string (LD_TYPE_RESULT_STATE, (s))
#define ld_sample_state_to_string(s)   ld_state_to_string (LD_TYPE_SAMPLE_STATE, (s))
#define ld_appointment_state_to_string(s) ld_state_to_string (LD_TYPE_APPOINTMENT_STATE, (s))

gboolean ld_lab_state_from_string      (const char      *text,
                                        LdLabState      *out_state);
gboolean ld_payment_state_from_string  (const char      *text,
                                        LdPaymentState  *out_state);
gboolean ld_payment_method_from_string (const char      *text,
                                        LdPaymentMethod *out_method);
gboolean ld_payment_status_from_string (const char      *text,
                                        LdPaymentStatus *out_status);
gboolean ld_payment_kind_from_string   (const char      *text,
                                        LdPaymentKind   *out_kind);
gboolean ld_priority_from_string       (const char      *text,
                                        LdPriority      *out_priority);
gboolean ld_result_state_from_string   (const char      *text,
                                        LdResultState   *out_state);
gboolean ld_sample_state_from_string   (const char      *text,
                                        LdSampleState   *out_state);
gboolean ld_appointment_state_from_string (const char         *text,
                                           LdAppointmentState *out_state);

LdLabState         ld_lab_state_parse         (const char         *wire);
LdPaymentState     ld_payment_state_parse     (const char         *wire);
LdResultState      ld_result_state_parse      (const char         *wire);
LdSampleState      ld_sample_state_parse      (const char         *wire);
LdAppointmentState ld_appointment_state_parse (const char         *wire);

const char *ld_lab_state_wire         (LdLabState          state);
const char *ld_payment_state_wire     (LdPaymentState      state);
const char *ld_result_state_wire      (LdResultState       state);
const char *ld_sample_state_wire      (LdSampleState       state);
const char *ld_appointment_state_wire (LdAppointmentState  state);

char    *ld_state_list_names           (GType            enum_type);
const char * const *ld_state_names     (GType            enum_type);

G_END_DECLS
