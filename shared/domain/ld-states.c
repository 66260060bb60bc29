/* ld-states.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each state's wire name (what the API, the database and the cache say)
 * is written here once, as the nick of its GEnumValue: the server's store
 * and JSON, the client's typed items and their properties all read it
 * from the enum's type.
 */

#define G_LOG_DOMAIN "ld-states"

#include "config.h"

#include "ld-states.h"

G_DEFINE_ENUM_TYPE (LdLabState, ld_lab_state,
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_ORDERED, "ordered"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_COLLECTED, "collected"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_IN_PROCESS, "in_process"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_RESULTED, "resulted"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_VERIFIED, "verified"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_REPORTED, "reported"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (LD_LAB_STATE_EXPIRED, "expired"))

G_DEFINE_ENUM_TYPE (LdPaymentState, ld_payment_state,
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_PAID, "paid"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_COD_PENDING, "cod_pending"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_EXPIRED, "expired"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_REFUNDED, "refunded"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATE_PARTLY_REFUNDED, "partly_refunded"))

G_DEFINE_ENUM_TYPE (LdPaymentMethod, ld_payment_method,
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_METHOD_CASH, "cash"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_METHOD_CARD, "card"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_METHOD_UPI, "upi"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_METHOD_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_METHOD_COD, "cod"))

G_DEFINE_ENUM_TYPE (LdPaymentStatus, ld_payment_status,
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATUS_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATUS_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_STATUS_VOIDED, "voided"))

G_DEFINE_ENUM_TYPE (LdPaymentKind, ld_payment_kind,
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_KIND_PAYMENT, "payment"),
  G_DEFINE_ENUM_VALUE (LD_PAYMENT_KIND_REFUND, "refund"))

G_DEFINE_ENUM_TYPE (LdPriority, ld_priority,
  G_DEFINE_ENUM_VALUE (LD_PRIORITY_ROUTINE, "routine"),
  G_DEFINE_ENUM_VALUE (LD_PRIORITY_URGENT, "urgent"),
  G_DEFINE_ENUM_VALUE (LD_PRIORITY_STAT, "stat"))

G_DEFINE_ENUM_TYPE (LdResultState, ld_result_state,
  G_DEFINE_ENUM_VALUE (LD_RESULT_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LD_RESULT_STATE_ENTERED, "entered"),
  G_DEFINE_ENUM_VALUE (LD_RESULT_STATE_VERIFIED, "verified"),
  G_DEFINE_ENUM_VALUE (LD_RESULT_STATE_RELEASED, "released"),
  G_DEFINE_ENUM_VALUE (LD_RESULT_STATE_AMENDED, "amended"),
  G_DEFINE_ENUM_VALUE (LD_RESULT_STATE_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (LdSampleState, ld_sample_state,
  G_DEFINE_ENUM_VALUE (LD_SAMPLE_STATE_COLLECTED, "collected"),
  G_DEFINE_ENUM_VALUE (LD_SAMPLE_STATE_RECEIVED, "received"),
  G_DEFINE_ENUM_VALUE (LD_SAMPLE_STATE_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (LD_SAMPLE_STATE_RECOLLECTION_REQUESTED, "recollection_requested"),
  G_DEFINE_ENUM_VALUE (LD_SAMPLE_STATE_STORED, "stored"),
  G_DEFINE_ENUM_VALUE (LD_SAMPLE_STATE_DISPOSED, "disposed"))

G_DEFINE_ENUM_TYPE (LdAppointmentState, ld_appointment_state,
  G_DEFINE_ENUM_VALUE (LD_APPOINTMENT_STATE_BOOKED, "booked"),
  G_DEFINE_ENUM_VALUE (LD_APPOINTMENT_STATE_CHECKED_IN, "checked_in"),
  G_DEFINE_ENUM_VALUE (LD_APPOINTMENT_STATE_WITH_DOCTOR, "with_doctor"),
  G_DEFINE_ENUM_VALUE (LD_APPOINTMENT_STATE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (LD_APPOINTMENT_STATE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (LD_APPOINTMENT_STATE_NO_SHOW, "no_show"))

/* The class of a static enum type lives as long as the program; the
 * first caller's reference keeps it. */
static GEnumClass *
enum_class (GType enum_type)
{
  gpointer klass = g_type_class_peek (enum_type);

  return klass != NULL ? klass : g_type_class_ref (enum_type);
}

/**
 * ld_state_to_string:
 * @enum_type: one of the enum types of this file
 * @value: a value of it
 *
 * Returns: (transfer none): its wire name, or %NULL for a value the type
 *   does not have (a programmer's error)
 */
const char *
ld_state_to_string (GType enum_type,
                    int   value)
{
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  found = g_enum_get_value (enum_class (enum_type), value);
  g_return_val_if_fail (found != NULL, NULL);
  return found->value_nick;
}

/**
 * ld_state_from_string:
 * @enum_type: one of the enum types of this file
 * @text: (nullable): a wire name
 * @out_value: (out): its value
 *
 * Returns: %TRUE if @text names a value of @enum_type
 */
gboolean
ld_state_from_string (GType       enum_type,
                      const char *text,
                      int        *out_value)
{
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  found = g_enum_get_value_by_nick (enum_class (enum_type), text);
  if (found == NULL)
    return FALSE;
  *out_value = found->value;
  return TRUE;
}

/**
 * ld_state_list_names:
 * @enum_type: one of the enum types of this file
 *
 * Returns: (transfer full): "a, b or c", for a message naming what a
 *   field may be
 */
char *
ld_state_list_names (GType enum_type)
{
  GEnumClass *klass;
  GString *list = g_string_new (NULL);

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  klass = enum_class (enum_type);
  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (list, i + 1 == klass->n_values ? " or " : ", ");
      g_string_append (list, klass->values[i].value_nick);
    }
  return g_string_free (list, FALSE);
}

/**
 * ld_state_names:
 * @enum_type: one of the enum types of this file
 *
 * Every wire name of @enum_type, in the enum's order, for the callers
 * that walk them all (validation, tests over every combination).
 *
 * Returns: (transfer none) (array zero-terminated=1): the names, kept for
 *   the life of the program
 */
const char * const *
ld_state_names (GType enum_type)
{
  static GHashTable *lists;
  G_LOCK_DEFINE_STATIC (lists);
  const char **names;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  G_LOCK (lists);
  if (lists == NULL)
    lists = g_hash_table_new (NULL, NULL);
  names = g_hash_table_lookup (lists, GSIZE_TO_POINTER (enum_type));
  if (names == NULL)
    {
      GEnumClass *klass = enum_class (enum_type);

      names = g_new0 (const char *, klass->n_values + 1);
      for (guint i = 0; i < klass->n_values; i++)
        names[i] = klass->values[i].value_nick;
      g_hash_table_insert (lists, GSIZE_TO_POINTER (enum_type), names);
    }
  G_UNLOCK (lists);

  return names;
}

#define DEFINE_FROM_STRING(Type, name, TYPE)                \
  gboolean name##_from_string (const char *text, Type *out) \
  {                                                         \
    int value;                                              \
                                                            \
    g_return_val_if_fail (out != NULL, FALSE);              \
    if (!ld_state_from_string (TYPE, text, &value))         \
      return FALSE;                                         \
    *out = (Type) value;                                    \
    return TRUE;                                            \
  }

DEFINE_FROM_STRING (LdLabState, ld_lab_state, LD_TYPE_LAB_STATE)
DEFINE_FROM_STRING (LdPaymentState, ld_payment_state, LD_TYPE_PAYMENT_STATE)
DEFINE_FROM_STRING (LdPaymentMethod, ld_payment_method, LD_TYPE_PAYMENT_METHOD)
DEFINE_FROM_STRING (LdPaymentStatus, ld_payment_status, LD_TYPE_PAYMENT_STATUS)
DEFINE_FROM_STRING (LdPaymentKind, ld_payment_kind, LD_TYPE_PAYMENT_KIND)
DEFINE_FROM_STRING (LdPriority, ld_priority, LD_TYPE_PRIORITY)
DEFINE_FROM_STRING (LdResultState, ld_result_state, LD_TYPE_RESULT_STATE)
DEFINE_FROM_STRING (LdSampleState, ld_sample_state, LD_TYPE_SAMPLE_STATE)
DEFINE_FROM_STRING (LdAppointmentState, ld_appointment_state, LD_TYPE_APPOINTMENT_STATE)

/* The typed readers: a state field is parsed once, at the comparison, and
 * compared as its enum; the wire name comes back only from the table above. */
#define DEFINE_PARSE(Type, name, TYPE, UNKNOWN) \
  Type name##_parse (const char *wire)          \
  {                                             \
    Type state;                                 \
                                                \
    if (!name##_from_string (wire, &state))     \
      return UNKNOWN;                           \
    return state;                               \
  }                                             \
                                                \
  const char *name##_wire (Type state)          \
  {                                             \
    return ld_state_to_string (TYPE, state);    \
  }

/**
 * ld_lab_state_parse:
 * @wire: (nullable): an order's `lab_state`
 *
 * Returns: its state, or %LD_LAB_STATE_UNKNOWN for %NULL or a name that is
 *   not one (the same holds for the other `_parse` functions below)
 */
/**
 * ld_lab_state_wire:
 * @state: a lab state, not %LD_LAB_STATE_UNKNOWN
 *
 * Returns: (transfer none): its wire name (the same holds for the other
 *   `_wire` functions below)
 */
DEFINE_PARSE (LdLabState, ld_lab_state, LD_TYPE_LAB_STATE, LD_LAB_STATE_UNKNOWN)
DEFINE_PARSE (LdPaymentState, ld_payment_state, LD_TYPE_PAYMENT_STATE, LD_PAYMENT_STATE_UNKNOWN)
DEFINE_PARSE (LdResultState, ld_result_state, LD_TYPE_RESULT_STATE, LD_RESULT_STATE_UNKNOWN)
DEFINE_PARSE (LdSampleState, ld_sample_state, LD_TYPE_SAMPLE_STATE, LD_SAMPLE_STATE_UNKNOWN)
DEFINE_PARSE (LdAppointmentState,
              ld_appointment_state,
              LD_TYPE_APPOINTMENT_STATE,
              LD_APPOINTMENT_STATE_UNKNOWN)
