/* ld-service-visits.c: the visit record the doctor writes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The appointment's own doctor writes its visit while the patient is
 * with them (or after, until signed); a signed visit is amended as a
 * released result is: the text it had is kept, the reason given, the
 * change audited. The patient's earlier visits are read, need-to-know
 * and audited, beside the one being written.
 */

#define G_LOG_DOMAIN "ld-service-visits"

#include "config.h"

#include "ld-service-visits.h"
#include "ld-service-appointments.h"
#include "ld-service-care.h"
#include "ld-service-icd10.h"
#include "ld-refuse.h"
#include "ld-time.h"

/* Clinical notes: the doctors of the patient and the administrator. */
#define VISIT_READERS (LD_ROLE_DOCTOR | LD_ROLE_ADMIN)

typedef struct
{
  const char        *appointment_id;
  const LdVisitBody *body;
  gint64             version;
  LdVisit           *saved;
} VisitChange;

static gboolean
publish_visit (LdServiceContext  *ctx,
               const LdVisit     *visit,
               GError           **error)
{
  g_autoptr(LdVisit) saved = ld_store_visits_get (ctx->store, visit->appointment_id, error);
  g_autoptr(JsonNode) record = NULL;

  if (saved == NULL)
    return FALSE;
  record = ld_visit_to_node (saved);
  return ld_service_record_change_kept (ctx, "visit", saved->id, VISIT_READERS, NULL,
                                        saved->doctor_id, record, error);
}

/* The appointment, if the actor may write its visit now. */
static LdAppointment *
open_appointment (LdServiceContext  *ctx,
                  const char        *appointment_id,
                  GError           **error)
{
  g_autoptr(LdAppointment) appointment =
               ld_store_appointments_get (ctx->store, appointment_id, error);
  LdActor actor;

  if (appointment == NULL)
    return NULL;
  ld_service_actor_of (ctx, &actor);
  if (!ld_appointment_check (LD_APPOINTMENT_WRITE_VISIT, &actor, appointment->state,
                             appointment->doctor_id, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

static gboolean
write_visit (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  VisitChange *change = data;
  const LdVisitBody *body = change->body;
  g_autoptr(LdAppointment) appointment = NULL;
  g_autoptr(LdVisit) visit = NULL;
  g_autoptr(GError) local = NULL;
  const char *action = "visit.write";

  g_clear_pointer (&change->saved, ld_visit_free);
  appointment = open_appointment (ctx, change->appointment_id, error);
  if (appointment == NULL)
    return FALSE;

  visit = ld_store_visits_get (ctx->store, appointment->id, &local);
  if (visit == NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Once the lab has a code list a new code must be in it; a code the
   * visit had before stays, though a newer list dropped it. */
  if (body->icd10 != NULL && (visit == NULL || g_strcmp0 (visit->icd10, body->icd10) != 0) &&
      !ld_service_icd10_check_code (ctx->store, body->icd10, error))
    return FALSE;

  if (visit == NULL)
    {
      if (body->version != 0)
        return ld_refuse (error, LD_API_ERROR_CONFLICT,
                          "No visit is written yet: send it without a version.");
      visit = ld_visit_new ();
      visit->appointment_id = g_strdup (appointment->id);
      visit->patient_id = g_strdup (appointment->patient_id);
      visit->doctor_id = g_strdup (appointment->doctor_id);
      ld_visit_apply_body (visit, body);
      if (!ld_store_visits_insert (ctx->store, visit, error))
        return FALSE;
    }
  else
    {
      gint64 read_version = visit->version;

      if (body->version != visit->version)
        return ld_refuse (error, LD_API_ERROR_CONFLICT,
                          "The visit has changed since you read it (version %" G_GINT64_FORMAT
                          ", now %" G_GINT64_FORMAT "): read it again.", body->version,
                          visit->version);
      if (visit->signed_us != 0)
        {
          if (body->reason == NULL)
            return ld_refuse_field (error, "reason", "is required to amend a signed visit",
                                    "This visit is signed: say why it is amended.");
          if (!ld_store_visits_add_amendment (ctx->store, visit, body->reason,
                                              ld_user_get_id (ctx->actor), ld_time_now (),
                                              error))
            return FALSE;
          /* The amendment is signed by who made it, as it is made. */
          g_free (visit->signed_by);
          visit->signed_by = g_strdup (ld_user_get_id (ctx->actor));
          visit->signed_us = ld_time_now ();
          action = "visit.amend";
        }
      else if (body->reason != NULL)
        return ld_refuse_field (error, "reason", "is only for amending a signed visit",
                                "This visit is not signed: there is nothing to amend.");
      ld_visit_apply_body (visit, body);
      if (!ld_store_visits_update (ctx->store, visit, read_version, error))
        return FALSE;
    }

  if (!ld_service_audit (ctx, action, "visit", visit->id, body->reason, error) ||
      !publish_visit (ctx, visit, error))
    return FALSE;
  change->saved = ld_store_visits_get (ctx->store, appointment->id, error);
  return change->saved != NULL;
}

/**
 * ld_service_write_visit:
 * @ctx: the appointment's doctor
 * @appointment_id: the appointment
 * @body: what they wrote (the whole record)
 * @error: return location for a #GError: FORBIDDEN for another doctor's
 *   patient, CONFLICT for a patient not with the doctor yet or a stale
 *   version, VALIDATION_FAILED for an amendment without a reason
 *
 * Writes the visit, or amends a signed one (keeping its text).
 *
 * Returns: (transfer full) (nullable): the visit as it now is
 */
LdVisit *
ld_service_write_visit (LdServiceContext   *ctx,
                        const char         *appointment_id,
                        const LdVisitBody  *body,
                        GError            **error)
{
  VisitChange change = { appointment_id, body, 0, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && appointment_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!ld_service_run (ctx, write_visit, &change, error))
    {
      g_clear_pointer (&change.saved, ld_visit_free);
      return NULL;
    }
  return change.saved;
}

static gboolean
sign_visit (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  VisitChange *change = data;
  g_autoptr(LdAppointment) appointment = NULL;
  g_autoptr(LdVisit) visit = NULL;
  g_autoptr(GError) local = NULL;

  g_clear_pointer (&change->saved, ld_visit_free);
  appointment = open_appointment (ctx, change->appointment_id, error);
  if (appointment == NULL)
    return FALSE;
  visit = ld_store_visits_get (ctx->store, appointment->id, &local);
  if (visit == NULL && g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    return ld_refuse (error, LD_API_ERROR_CONFLICT, "Write the visit before signing it.");
  if (visit == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (visit->signed_us != 0)
    return ld_refuse (error, LD_API_ERROR_CONFLICT, "This visit is signed already.");
  if (change->version != visit->version)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "The visit has changed since you read it (version %" G_GINT64_FORMAT
                      ", now %" G_GINT64_FORMAT "): read it again.", change->version,
                      visit->version);

  visit->signed_by = g_strdup (ld_user_get_id (ctx->actor));
  visit->signed_us = ld_time_now ();
  if (!ld_store_visits_update (ctx->store, visit, change->version, error) ||
      !ld_service_audit (ctx, "visit.sign", "visit", visit->id, NULL, error) ||
      !publish_visit (ctx, visit, error))
    return FALSE;
  change->saved = ld_store_visits_get (ctx->store, appointment->id, error);
  return change->saved != NULL;
}

/**
 * ld_service_sign_visit:
 * @ctx: the appointment's doctor
 * @appointment_id: the appointment
 * @version: the visit's version as read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the signed visit
 */
LdVisit *
ld_service_sign_visit (LdServiceContext  *ctx,
                       const char        *appointment_id,
                       gint64             version,
                       GError           **error)
{
  VisitChange change = { appointment_id, NULL, version, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && appointment_id != NULL, NULL);

  if (!ld_service_run (ctx, sign_visit, &change, error))
    {
      g_clear_pointer (&change.saved, ld_visit_free);
      return NULL;
    }
  return change.saved;
}

/**
 * ld_visit_seen_free:
 * @seen: (transfer full): a visit with its appointment
 */
void
ld_visit_seen_free (LdVisitSeen *seen)
{
  if (seen == NULL)
    return;
  g_clear_pointer (&seen->appointment, ld_appointment_free);
  g_clear_pointer (&seen->visit, ld_visit_free);
  g_free (seen);
}

typedef struct
{
  const LdPermission *permission;
  const char         *patient_id;
  guint               limit;
  GPtrArray          *visits;
} PatientVisits;

static gboolean
read_patient_visits (LdServiceContext  *ctx,
                     gpointer           data,
                     GError           **error)
{
  PatientVisits *read = data;
  g_autoptr(LdPatient) patient = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *detail = NULL;

  g_clear_pointer (&read->visits, g_ptr_array_unref);
  patient = ld_store_patients_get (ctx->store, read->patient_id, error);
  if (patient == NULL ||
      !ld_service_care_check (ctx, read->permission, ld_patient_get_id (patient), error))
    return FALSE;
  ids = ld_store_visits_of_patient (ctx->store, ld_patient_get_id (patient), read->limit, error);
  if (ids == NULL)
    return FALSE;

  read->visits = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_visit_seen_free);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      LdVisitSeen *seen = g_new0 (LdVisitSeen, 1);

      g_ptr_array_add (read->visits, seen);
      seen->appointment = ld_store_appointments_get (ctx->store, ids[i], error);
      if (seen->appointment == NULL ||
          (seen->visit = ld_store_visits_get (ctx->store, ids[i], error)) == NULL)
        return FALSE;
    }
  detail = g_strdup_printf ("%u shown", read->visits->len);
  return ld_service_audit (ctx, "patient.visits", "patient", ld_patient_get_id (patient), detail,
                           error);
}

/**
 * ld_service_patient_visits:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @patient_id: the patient
 * @limit: how many at most
 * @error: return location for a #GError: NOT_FOUND for no such patient,
 *   FORBIDDEN for a doctor who is not the patient's
 *
 * The patient's visits, the latest first, each with its appointment (its
 * day, time and doctor); audited as "patient.visits".
 *
 * Returns: (transfer container) (element-type LdVisitSeen) (nullable): the visits
 */
GPtrArray *
ld_service_patient_visits (LdServiceContext    *ctx,
                           const LdPermission  *permission,
                           const char          *patient_id,
                           guint                limit,
                           GError             **error)
{
  PatientVisits read = { permission, patient_id, limit, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && patient_id != NULL, NULL);

  if (!ld_service_run (ctx, read_patient_visits, &read, error))
    {
      g_clear_pointer (&read.visits, g_ptr_array_unref);
      return NULL;
    }
  return read.visits;
}
