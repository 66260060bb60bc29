/* ld-appointment.c: an appointment and its visit record, as the API shows them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-appointment"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ld-appointment.h"
#include "ld-appointment-private.h"
#include "ld-error.h"
#include "ld-schedule.h"
#include "ld-time.h"
#include "ld-visit-amendment.h"

/**
 * ld_appointment_new:
 *
 * Returns: (transfer full): an empty appointment, booked
 */
LdAppointment *
ld_appointment_new (void)
{
  LdAppointment *appointment = g_new0 (LdAppointment, 1);

  appointment->state = LD_APPOINTMENT_STATE_BOOKED;
  return appointment;
}

/**
 * ld_appointment_free:
 * @appointment: (nullable): an appointment
 */
void
ld_appointment_free (LdAppointment *appointment)
{
  if (appointment == NULL)
    return;

  g_free (appointment->id);
  g_free (appointment->doctor_id);
  g_free (appointment->doctor_name);
  g_free (appointment->patient_id);
  g_free (appointment->patient_name);
  g_free (appointment->day);
  g_free (appointment->note);
  g_free (appointment->cancel_reason);
  g_free (appointment->booked_by);
  g_free (appointment);
}

/* A time as the API writes it, null for 0. */
void
ld_appointment_add_time (JsonBuilder *builder,
                         const char  *name,
                         gint64       time_us)
{
  g_autofree char *text = time_us != 0 ? ld_time_format_rfc3339 (time_us) : NULL;

  ld_json_builder_add_string (builder, name, text);
}

/**
 * ld_appointment_to_json:
 * @appointment: an appointment
 * @builder: a builder, where a value goes
 *
 * Writes the appointment as the API shows it (docs/api.md, "Visits and
 * appointments").
 */
void
ld_appointment_to_json (const LdAppointment *appointment,
                        JsonBuilder         *builder)
{
  g_return_if_fail (appointment != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", appointment->id);
  ld_json_builder_add_string (builder, "doctor_id", appointment->doctor_id);
  ld_json_builder_add_string (builder, "doctor_name", appointment->doctor_name);
  ld_json_builder_add_string (builder, "patient_id", appointment->patient_id);
  ld_json_builder_add_string (builder, "patient_name", appointment->patient_name);
  ld_json_builder_add_string (builder, "day", appointment->day);
  ld_appointment_add_time (builder, "start", appointment->slot_us);
  ld_json_builder_add_bool (builder, "walk_in", appointment->slot_us == 0);
  ld_json_builder_add_bool (builder, "overbooked", appointment->overbooked);
  ld_json_builder_add_string (builder, "state",
                              ld_appointment_state_to_string (appointment->state));
  json_builder_set_member_name (builder, "token");
  if (appointment->token > 0)
    json_builder_add_int_value (builder, appointment->token);
  else
    json_builder_add_null_value (builder);
  ld_json_builder_add_string (builder, "note", appointment->note);
  ld_json_builder_add_string (builder, "cancel_reason", appointment->cancel_reason);
  ld_json_builder_add_string (builder, "booked_by", appointment->booked_by);
  ld_appointment_add_time (builder, "booked_at", appointment->booked_us);
  ld_appointment_add_time (builder, "checked_in_at", appointment->checked_in_us);
  ld_appointment_add_time (builder, "started_at", appointment->started_us);
  ld_appointment_add_time (builder, "done_at", appointment->done_us);
  ld_json_builder_add_int (builder, "version", appointment->version);
  json_builder_end_object (builder);
}

/**
 * ld_appointment_to_node:
 * @appointment: an appointment
 *
 * Returns: (transfer full): the appointment as the API shows it
 */
JsonNode *
ld_appointment_to_node (const LdAppointment *appointment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_appointment_to_json (appointment, builder);
  return json_builder_get_root (builder);
}

/**
 * ld_appointment_copy:
 * @appointment: an appointment
 *
 * A copy that owns its strings: written and read again in its wire form,
 * so that a member added to the type is copied without a line here.
 *
 * Returns: (transfer full): the copy
 */
LdAppointment *
ld_appointment_copy (const LdAppointment *appointment)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (appointment != NULL, NULL);

  node = ld_appointment_to_node (appointment);
  return ld_appointment_read_object (json_node_get_object (node));
}

/* A whole number, 0 when missing or of another type. */
gint64
ld_appointment_read_int (JsonObject *object,
                         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
             json_node_get_value_type (node) == G_TYPE_INT64
           ? json_node_get_int (node)
           : 0;
}

/* An RFC 3339 time, 0 when missing or not one. */
gint64
ld_appointment_read_time (JsonObject *object,
                          const char *name)
{
  gint64 time_us = 0;
  const char *text = ld_json_object_get_string (object, name);

  if (text == NULL || !ld_time_parse_rfc3339 (text, &time_us))
    return 0;
  return time_us;
}

/**
 * ld_appointment_read_object:
 * @object: an appointment as the API shows it (ld_appointment_to_json())
 *
 * Reads it back, leniently, as the client reads the server's records: a
 * member missing or of the wrong type stays empty (0, %NULL), and an
 * unknown state reads as booked.
 *
 * Returns: (transfer full): the appointment
 */
LdAppointment *
ld_appointment_read_object (JsonObject *object)
{
  LdAppointment *appointment = ld_appointment_new ();
  JsonNode *overbooked;

  g_return_val_if_fail (object != NULL, appointment);

  appointment->id = g_strdup (ld_json_object_get_string (object, "id"));
  appointment->doctor_id = g_strdup (ld_json_object_get_string (object, "doctor_id"));
  appointment->doctor_name = g_strdup (ld_json_object_get_string (object, "doctor_name"));
  appointment->patient_id = g_strdup (ld_json_object_get_string (object, "patient_id"));
  appointment->patient_name = g_strdup (ld_json_object_get_string (object, "patient_name"));
  appointment->day = g_strdup (ld_json_object_get_string (object, "day"));
  appointment->slot_us = ld_appointment_read_time (object, "start");
  overbooked = json_object_get_member (object, "overbooked");
  appointment->overbooked = overbooked != NULL && JSON_NODE_HOLDS_VALUE (overbooked) &&
                            json_node_get_value_type (overbooked) == G_TYPE_BOOLEAN &&
                            json_node_get_boolean (overbooked);
  if (!ld_appointment_state_from_string (ld_json_object_get_string (object, "state"),
                                         &appointment->state))
    appointment->state = LD_APPOINTMENT_STATE_BOOKED;
  appointment->token = ld_appointment_read_int (object, "token");
  appointment->note = g_strdup (ld_json_object_get_string (object, "note"));
  appointment->cancel_reason = g_strdup (ld_json_object_get_string (object, "cancel_reason"));
  appointment->booked_by = g_strdup (ld_json_object_get_string (object, "booked_by"));
  appointment->booked_us = ld_appointment_read_time (object, "booked_at");
  appointment->checked_in_us = ld_appointment_read_time (object, "checked_in_at");
  appointment->started_us = ld_appointment_read_time (object, "started_at");
  appointment->done_us = ld_appointment_read_time (object, "done_at");
  appointment->version = ld_appointment_read_int (object, "version");
  return appointment;
}

/**
 * ld_visit_new:
 *
 * Returns: (transfer full): an empty visit, no vitals taken
 */
LdVisit *
ld_visit_new (void)
{
  LdVisit *visit = g_new0 (LdVisit, 1);

  ld_vitals_init (&visit->vitals);
  visit->amendments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_visit_amendment_free);
  return visit;
}

/**
 * ld_visit_free:
 * @visit: (nullable): a visit
 */
void
ld_visit_free (LdVisit *visit)
{
  if (visit == NULL)
    return;

  g_free (visit->id);
  g_free (visit->appointment_id);
  g_free (visit->patient_id);
  g_free (visit->doctor_id);
  g_free (visit->complaint);
  g_free (visit->findings);
  g_free (visit->diagnosis);
  g_free (visit->icd10);
  g_free (visit->advice);
  g_free (visit->follow_up);
  g_free (visit->signed_by);
  g_ptr_array_unref (visit->amendments);
  g_free (visit);
}

/**
 * ld_visit_to_json:
 * @visit: a visit
 * @builder: a builder, where a value goes
 *
 * Writes the visit as the API shows it, vitals with their units and BMI,
 * and its amendments.
 */
void
ld_visit_to_json (const LdVisit *visit,
                  JsonBuilder   *builder)
{
  g_return_if_fail (visit != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", visit->id);
  ld_json_builder_add_string (builder, "appointment_id", visit->appointment_id);
  ld_json_builder_add_string (builder, "patient_id", visit->patient_id);
  ld_json_builder_add_string (builder, "doctor_id", visit->doctor_id);
  ld_json_builder_add_string (builder, "complaint", visit->complaint);
  json_builder_set_member_name (builder, "vitals");
  ld_vitals_to_json (&visit->vitals, builder);
  ld_json_builder_add_string (builder, "findings", visit->findings);
  ld_json_builder_add_string (builder, "diagnosis", visit->diagnosis);
  ld_json_builder_add_string (builder, "icd10", visit->icd10);
  ld_json_builder_add_string (builder, "advice", visit->advice);
  ld_json_builder_add_string (builder, "follow_up", visit->follow_up);
  ld_json_builder_add_bool (builder, "signed", visit->signed_us != 0);
  ld_json_builder_add_string (builder, "signed_by", visit->signed_by);
  ld_appointment_add_time (builder, "signed_at", visit->signed_us);
  ld_appointment_add_time (builder, "created_at", visit->created_us);
  ld_appointment_add_time (builder, "updated_at", visit->updated_us);
  ld_json_builder_add_int (builder, "version", visit->version);
  json_builder_set_member_name (builder, "amendments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < visit->amendments->len; i++)
    ld_visit_amendment_to_json (g_ptr_array_index (visit->amendments, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * ld_visit_to_node:
 * @visit: a visit
 *
 * Returns: (transfer full): the visit as the API shows it
 */
JsonNode *
ld_visit_to_node (const LdVisit *visit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_visit_to_json (visit, builder);
  return json_builder_get_root (builder);
}

/* A member read as a number, NAN when absent, null or not a number. */
static double
read_number (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return NAN;
}

/**
 * ld_visit_read_object:
 * @object: a visit as the API shows it (ld_visit_to_json())
 *
 * Reads it back, leniently, as ld_appointment_read_object() does, each
 * amendment with ld_visit_amendment_read_object().
 *
 * Returns: (transfer full): the visit
 */
LdVisit *
ld_visit_read_object (JsonObject *object)
{
  LdVisit *visit = ld_visit_new ();
  JsonNode *vitals;
  JsonNode *amendments;

  g_return_val_if_fail (object != NULL, visit);

  visit->id = g_strdup (ld_json_object_get_string (object, "id"));
  visit->appointment_id = g_strdup (ld_json_object_get_string (object, "appointment_id"));
  visit->patient_id = g_strdup (ld_json_object_get_string (object, "patient_id"));
  visit->doctor_id = g_strdup (ld_json_object_get_string (object, "doctor_id"));
  visit->complaint = g_strdup (ld_json_object_get_string (object, "complaint"));
  vitals = json_object_get_member (object, "vitals");
  for (guint i = 0; i < LD_VITAL_N; i++)
    visit->vitals.values[i] =
      read_number (vitals != NULL && JSON_NODE_HOLDS_OBJECT (vitals) ? json_node_get_object (vitals)
                                                                     : NULL,
                   ld_vital_get_name (i));
  visit->findings = g_strdup (ld_json_object_get_string (object, "findings"));
  visit->diagnosis = g_strdup (ld_json_object_get_string (object, "diagnosis"));
  visit->icd10 = g_strdup (ld_json_object_get_string (object, "icd10"));
  visit->advice = g_strdup (ld_json_object_get_string (object, "advice"));
  visit->follow_up = g_strdup (ld_json_object_get_string (object, "follow_up"));
  visit->signed_by = g_strdup (ld_json_object_get_string (object, "signed_by"));
  visit->signed_us = ld_appointment_read_time (object, "signed_at");
  visit->created_us = ld_appointment_read_time (object, "created_at");
  visit->updated_us = ld_appointment_read_time (object, "updated_at");
  visit->version = ld_appointment_read_int (object, "version");
  amendments = json_object_get_member (object, "amendments");
  if (amendments != NULL && JSON_NODE_HOLDS_ARRAY (amendments))
    {
      JsonArray *array = json_node_get_array (amendments);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *amendment = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (amendment))
            g_ptr_array_add (visit->amendments,
                             ld_visit_amendment_read_object (json_node_get_object (amendment)));
        }
    }
  return visit;
}

/**
 * ld_visit_get_text:
 * @visit: a visit
 * @field: one of its texts
 *
 * Returns: (transfer none) (nullable): the text of @visit that @field names
 */
const char *
ld_visit_get_text (const LdVisit *visit,
                   LdVisitField   field)
{
  g_return_val_if_fail (visit != NULL, NULL);

  switch (field)
    {
    case LD_VISIT_FIELD_COMPLAINT:
      return visit->complaint;
    case LD_VISIT_FIELD_FINDINGS:
      return visit->findings;
    case LD_VISIT_FIELD_DIAGNOSIS:
      return visit->diagnosis;
    case LD_VISIT_FIELD_ICD10:
      return visit->icd10;
    case LD_VISIT_FIELD_ADVICE:
      return visit->advice;
    case LD_VISIT_FIELD_FOLLOW_UP:
      return visit->follow_up;
    case LD_VISIT_FIELD_N:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ld_visit_field_get_member:
 * @field: one of a visit's texts
 *
 * Returns: (transfer none): its name in the API, such as "diagnosis"
 */
const char *
ld_visit_field_get_member (LdVisitField field)
{
  static const char * const members[] = {
    "complaint", "findings", "diagnosis", "icd10", "advice", "follow_up",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (members) == LD_VISIT_FIELD_N);
  g_return_val_if_fail (field < LD_VISIT_FIELD_N, NULL);

  return members[field];
}

/**
 * ld_visit_body_to_json:
 * @body: what the doctor wrote
 * @builder: a builder, where a value goes
 *
 * Writes the body of PUT /api/v1/appointments/{id}/visit, as
 * ld_visit_body_read() reads it: the version when there is one, each
 * text given, and the vitals taken.
 */
void
ld_visit_body_to_json (const LdVisitBody *body,
                       JsonBuilder       *builder)
{
  g_return_if_fail (body != NULL && builder != NULL);

  json_builder_begin_object (builder);
  if (body->version > 0)
    ld_json_builder_add_int (builder, "version", body->version);
  if (body->complaint != NULL)
    ld_json_builder_add_string (builder, "complaint", body->complaint);
  json_builder_set_member_name (builder, "vitals");
  json_builder_begin_object (builder);
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      double value = body->vitals.values[i];

      if (isnan (value))
        continue;
      json_builder_set_member_name (builder, ld_vital_get_name (i));
      if (ld_vital_is_whole (i))
        json_builder_add_int_value (builder, (gint64) value);
      else
        json_builder_add_double_value (builder, value);
    }
  json_builder_end_object (builder);
  if (body->findings != NULL)
    ld_json_builder_add_string (builder, "findings", body->findings);
  if (body->diagnosis != NULL)
    ld_json_builder_add_string (builder, "diagnosis", body->diagnosis);
  if (body->icd10 != NULL)
    ld_json_builder_add_string (builder, "icd10", body->icd10);
  if (body->advice != NULL)
    ld_json_builder_add_string (builder, "advice", body->advice);
  if (body->follow_up != NULL)
    ld_json_builder_add_string (builder, "follow_up", body->follow_up);
  if (body->reason != NULL)
    ld_json_builder_add_string (builder, "reason", body->reason);
  json_builder_end_object (builder);
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/**
 * ld_visit_apply_body:
 * @visit: a visit
 * @body: what the doctor wrote
 *
 * Puts the body's text and vitals on @visit: the body is the whole
 * record, so a member left out is cleared.
 */
void
ld_visit_apply_body (LdVisit           *visit,
                     const LdVisitBody *body)
{
  g_return_if_fail (visit != NULL && body != NULL);

  replace (&visit->complaint, body->complaint);
  visit->vitals = body->vitals;
  replace (&visit->findings, body->findings);
  replace (&visit->diagnosis, body->diagnosis);
  replace (&visit->icd10, body->icd10);
  replace (&visit->advice, body->advice);
  replace (&visit->follow_up, body->follow_up);
}

/**
 * ld_icd10_code_is_valid:
 * @code: a code as typed
 *
 * An ICD-10 code's shape: a letter, two digits, and an optional dot with
 * one to four more ("J45", "E11.9"). Whether the code exists is the
 * code list's to say; none ships with Debian.
 *
 * Returns: %TRUE if @code has the shape of an ICD-10 code
 */
gboolean
ld_icd10_code_is_valid (const char *code)
{
  gsize len;

  g_return_val_if_fail (code != NULL, FALSE);

  len = strlen (code);
  if (len < 3 || !g_ascii_isupper (code[0]) || !g_ascii_isdigit (code[1]) ||
      !(g_ascii_isdigit (code[2]) || g_ascii_isupper (code[2])))
    return FALSE;
  if (len == 3)
    return TRUE;
  if (code[3] != '.' || len < 5 || len > 8)
    return FALSE;
  for (gsize i = 4; i < len; i++)
    if (!g_ascii_isdigit (code[i]) && !g_ascii_isupper (code[i]))
      return FALSE;
  return TRUE;
}

/**
 * ld_visit_body_read:
 * @reader: the body of PUT /api/v1/appointments/{id}/visit
 * @body: (out caller-allocates): what it says
 *
 * Reads "version" (0 or absent for a first write), "complaint",
 * "vitals" (ld_vitals_read(), their ranges checked too, field errors
 * named "vitals.temperature"), "findings", "diagnosis", "icd10" (its
 * shape), "advice", "follow_up" (a date) and "reason" (for an amendment).
 */
void
ld_visit_body_read (LdJsonReader *reader,
                    LdVisitBody  *body)
{
  g_autoptr(LdJsonReader) vitals = NULL;
  gint64 midnight;

  g_return_if_fail (reader != NULL && body != NULL);

  memset (body, 0, sizeof *body);
  ld_vitals_init (&body->vitals);
  if (ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &body->version) &&
      body->version < 0)
    ld_json_reader_add_error (reader, "version", "must not be negative");
  ld_json_reader_get_text (reader, "complaint", LD_JSON_NULLABLE, LD_VISIT_TEXT_MAX,
                           &body->complaint);
  vitals = ld_json_reader_get_object (reader, "vitals", LD_JSON_NULLABLE);
  if (vitals != NULL)
    {
      g_autoptr(GError) range = NULL;

      ld_vitals_read (&body->vitals, vitals);
      if (!ld_vitals_check (&body->vitals, &range))
        {
          GHashTable *fields = ld_api_error_get_fields (range);
          GHashTableIter iter;
          gpointer name, problem;

          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &name, &problem))
            ld_json_reader_add_error (vitals, name, problem);
        }
      ld_json_reader_end_object (reader, "vitals", g_steal_pointer (&vitals));
    }
  ld_json_reader_get_text (reader, "findings", LD_JSON_NULLABLE, LD_VISIT_TEXT_MAX,
                           &body->findings);
  ld_json_reader_get_text (reader, "diagnosis", LD_JSON_NULLABLE, LD_VISIT_TEXT_MAX,
                           &body->diagnosis);
  if (ld_json_reader_get_string (reader, "icd10", LD_JSON_NULLABLE, &body->icd10) &&
      body->icd10 != NULL && !ld_icd10_code_is_valid (body->icd10))
    ld_json_reader_add_error (reader, "icd10", "must be an ICD-10 code such as E11.9");
  ld_json_reader_get_text (reader, "advice", LD_JSON_NULLABLE, LD_VISIT_TEXT_MAX, &body->advice);
  if (ld_json_reader_get_string (reader, "follow_up", LD_JSON_NULLABLE, &body->follow_up) &&
      body->follow_up != NULL && !ld_schedule_parse_day (body->follow_up, &midnight))
    ld_json_reader_add_error (reader, "follow_up", "must be a date such as 2026-12-15");
  ld_json_reader_get_text (reader, "reason", LD_JSON_NULLABLE, 500, &body->reason);
}

/**
 * ld_visit_body_clear:
 * @body: a body read by ld_visit_body_read()
 */
void
ld_visit_body_clear (LdVisitBody *body)
{
  g_clear_pointer (&body->complaint, g_free);
  g_clear_pointer (&body->findings, g_free);
  g_clear_pointer (&body->diagnosis, g_free);
  g_clear_pointer (&body->icd10, g_free);
  g_clear_pointer (&body->advice, g_free);
  g_clear_pointer (&body->follow_up, g_free);
  g_clear_pointer (&body->reason, g_free);
}
