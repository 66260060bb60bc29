/* ld-service-patients.c: registering, reading and editing patients
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every read of a patient is audited, as every write is; every role
 * reads patients, so every role follows their changes in the feed.
 */

#define G_LOG_DOMAIN "ld-service-patients"

#include "config.h"

#include "ld-service-patients.h"
#include "ld-service-notify.h"

/**
 * ld_service_patients_record_change:
 * @ctx: the change, inside ld_service_run()
 * @patient: the patient as they now are
 * @merged_into: (nullable): the record @patient was merged into, if it was
 * @error: return location for a #GError
 *
 * Puts the patient in the change feed, for every role; a merged record
 * carries `merged_into`, so that a desk drops it from its search.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_patients_record_change (LdServiceContext  *ctx,
                                   LdPatient         *patient,
                                   const char        *merged_into,
                                   GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) record = NULL;

  g_return_val_if_fail (ctx != NULL && patient != NULL, FALSE);

  ld_patient_to_json (patient, builder);
  record = json_builder_get_root (builder);
  if (merged_into != NULL)
    json_object_set_string_member (json_node_get_object (record), "merged_into", merged_into);
  return ld_service_record_change (ctx, "patient", ld_patient_get_id (patient), LD_ROLE_ALL,
                                   record, error);
}

static gboolean
record_patient_change (LdServiceContext  *ctx,
                       LdPatient         *patient,
                       GError           **error)
{
  return ld_service_patients_record_change (ctx, patient, NULL, error);
}

/**
 * ld_service_patients_register_in:
 * @ctx: who registers, inside ld_service_run()
 * @patient: the patient, with their id
 * @duplicates: what a likely duplicate does to the registration
 * @out_duplicates: (out) (transfer full) (optional): the likely
 *   duplicates found (none with %LD_SERVICE_DUPLICATES_ALLOW)
 * @error: return location for a #GError; %LD_API_ERROR_CONFLICT for a
 *   likely duplicate refused, or a taken id
 *
 * The one registration, with the one likely-duplicate check
 * (ld_store_patients_find_duplicates()), for the desk and the patient
 * pages alike.
 *
 * Returns: %TRUE once registered, audited and in the feed
 */
gboolean
ld_service_patients_register_in (LdServiceContext     *ctx,
                                 LdPatient            *patient,
                                 LdServiceDuplicates   duplicates,
                                 GPtrArray           **out_duplicates,
                                 GError              **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) insert_error = NULL;
  const char *detail = NULL;

  g_return_val_if_fail (ctx != NULL && patient != NULL, FALSE);

  if (duplicates != LD_SERVICE_DUPLICATES_ALLOW)
    {
      found = ld_store_patients_find_duplicates (ctx->store, patient, error);
      if (found == NULL)
        return FALSE;
    }
  else
    found = g_ptr_array_new_with_free_func (g_object_unref);
  if (out_duplicates != NULL)
    *out_duplicates = g_ptr_array_ref (found);
  if (found->len > 0 && duplicates == LD_SERVICE_DUPLICATES_REFUSE)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "This patient may already be registered.");
      return FALSE;
    }
  if (duplicates == LD_SERVICE_DUPLICATES_ALLOW)
    detail = "registered despite likely duplicates";
  else if (found->len > 0)
    detail = "parked for the desk's review: a likely duplicate";

  if (!ld_store_patients_insert (ctx->store, patient,
                                 ctx->actor ? ld_user_get_id (ctx->actor) : NULL, &insert_error))
    return ld_service_error_taken (insert_error, "id",
                                   "A patient with this id is already registered.", error);

  return ld_service_audit (ctx, "patient.create", "patient", ld_patient_get_id (patient), detail,
                           error) &&
         record_patient_change (ctx, patient, error);
}

typedef struct
{
  LdPatient  *patient;
  gboolean    allow_duplicate;
  GPtrArray  *duplicates;
} Register;

static gboolean
register_patient (LdServiceContext  *ctx,
                  gpointer           data,
                  GError           **error)
{
  Register *reg = data;
  g_autoptr(GPtrArray) duplicates = NULL;

  g_clear_pointer (&reg->duplicates, g_ptr_array_unref);
  if (ld_service_patients_register_in (ctx, reg->patient,
                                       reg->allow_duplicate ? LD_SERVICE_DUPLICATES_ALLOW
                                                            : LD_SERVICE_DUPLICATES_REFUSE,
                                       &duplicates, error))
    return TRUE;
  /* The likely duplicates go back only with the refusal they caused. */
  if (duplicates != NULL && duplicates->len > 0)
    reg->duplicates = g_steal_pointer (&duplicates);
  return FALSE;
}

/**
 * ld_service_register_patient:
 * @ctx: who registers
 * @patient: the patient as the desk entered them, with their id
 * @allow_duplicate: register even when the patient looks registered already
 * @out_duplicates: (out) (transfer full) (optional): the likely duplicates,
 *   when the registration is refused for them
 * @error: return location for a #GError; %LD_API_ERROR_CONFLICT for
 *   likely duplicates (with @out_duplicates set) or a taken id
 *
 * Returns: %TRUE once registered, audited and in the feed
 */
gboolean
ld_service_register_patient (LdServiceContext   *ctx,
                             LdPatient          *patient,
                             gboolean            allow_duplicate,
                             GPtrArray         **out_duplicates,
                             GError            **error)
{
  Register reg = { patient, allow_duplicate, NULL };
  gboolean ok;

  g_return_val_if_fail (ctx != NULL && patient != NULL, FALSE);

  ok = ld_service_run (ctx, register_patient, &reg, error);
  if (out_duplicates != NULL)
    *out_duplicates = g_steal_pointer (&reg.duplicates);
  g_clear_pointer (&reg.duplicates, g_ptr_array_unref);
  return ok;
}

typedef struct
{
  const char *patient_id;
  LdPatient  *patient;
} Read;

static gboolean
read_patient (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  Read *read = data;

  g_clear_object (&read->patient);
  read->patient = ld_store_patients_get (ctx->store, read->patient_id, error);
  return read->patient != NULL &&
         ld_service_audit (ctx, "patient.read", "patient", ld_patient_get_id (read->patient),
                           NULL, error);
}

/**
 * ld_service_read_patient:
 * @ctx: who reads; a signed-in user
 * @patient_id: the patient
 * @error: return location for a #GError
 *
 * Reads a patient, audited in the same transaction.
 *
 * Returns: (transfer full) (nullable): the patient
 */
LdPatient *
ld_service_read_patient (LdServiceContext  *ctx,
                         const char        *patient_id,
                         GError           **error)
{
  Read read = { patient_id, NULL };

  g_return_val_if_fail (ctx != NULL && patient_id != NULL, NULL);

  if (!ld_service_run (ctx, read_patient, &read, error))
    {
      g_clear_object (&read.patient);
      return NULL;
    }

  return read.patient;
}

typedef struct
{
  const char        *patient_id;
  LdServiceEditFunc  edit;
  gpointer           edit_data;
  const gint64      *version;
  LdPatient         *patient;
  LdPatient         *current;
} Edit;

static gboolean
edit_patient (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  Edit *edit = data;
  g_autoptr(GError) update_error = NULL;

  g_clear_object (&edit->patient);
  edit->patient = ld_store_patients_get (ctx->store, edit->patient_id, error);
  if (edit->patient == NULL || !edit->edit (ctx, edit->patient, edit->edit_data, error))
    return FALSE;

  if (!ld_store_patients_update (ctx->store, edit->patient, *edit->version, &update_error))
    {
      /* A stale version: the caller shows the patient as they are now. */
      if (g_error_matches (update_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        {
          g_clear_object (&edit->current);
          edit->current =
            ld_store_patients_get (ctx->store, ld_patient_get_id (edit->patient), error);
          if (edit->current == NULL)
            return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&update_error));
      return FALSE;
    }

  return ld_service_audit (ctx, "patient.update", "patient", ld_patient_get_id (edit->patient),
                           NULL, error) &&
         ld_service_notify_respect_consent (ctx, edit->patient, error) &&
         record_patient_change (ctx, edit->patient, error);
}

/**
 * ld_service_edit_patient:
 * @ctx: who edits
 * @patient_id: the patient
 * @edit: applies the asked changes to the patient read in the change
 * @edit_data: for @edit
 * @version: the version the editor saw; read once @edit has run
 * @out_current: (out) (transfer full) (optional): the patient as they are
 *   now, when @version is stale
 * @error: return location for a #GError; %LD_STORE_ERROR_CONFLICT for a
 *   stale version (with @out_current set)
 *
 * Returns: (transfer full) (nullable): the patient as saved
 */
LdPatient *
ld_service_edit_patient (LdServiceContext   *ctx,
                         const char         *patient_id,
                         LdServiceEditFunc   edit,
                         gpointer            edit_data,
                         const gint64       *version,
                         LdPatient         **out_current,
                         GError            **error)
{
  Edit run = { patient_id, edit, edit_data, version, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && patient_id != NULL && edit != NULL && version != NULL, NULL);

  if (!ld_service_run (ctx, edit_patient, &run, error))
    {
      g_clear_object (&run.patient);
      if (out_current != NULL)
        *out_current = g_steal_pointer (&run.current);
      g_clear_object (&run.current);
      return NULL;
    }

  g_clear_object (&run.current);
  return run.patient;
}

static const char *
query_kind_name (LdPatientQueryKind kind)
{
  switch (kind)
    {
    case LD_PATIENT_QUERY_NAME:
      return "name";
    case LD_PATIENT_QUERY_PHONE:
      return "phone";
    case LD_PATIENT_QUERY_MRN:
      return "mrn";
    case LD_PATIENT_QUERY_NATIONAL_ID:
    default:
      return "national_id";
    }
}

/**
 * ld_service_patients_audit_search:
 * @ctx: who searched
 * @batch: the server's batch of audited reads
 * @kind: what the query was taken for
 * @n_shown: how many patients the answer shows
 * @done: called once the event is written (or could not be)
 * @user_data: for @done
 *
 * A search shows patients' data: it is audited as "patient.search" with
 * how it searched and how many it showed (never the query itself, which
 * may be a name or a phone number). The answer waits for the event, which
 * is written with the others queued meanwhile (ld-audit-batch.c).
 */
void
ld_service_patients_audit_search (LdServiceContext     *ctx,
                                  LdAuditBatch         *batch,
                                  LdPatientQueryKind    kind,
                                  guint                 n_shown,
                                  LdAuditBatchDoneFunc  done,
                                  gpointer              user_data)
{
  g_autofree char *detail = g_strdup_printf ("by %s, %u shown", query_kind_name (kind), n_shown);

  ld_audit_batch_add (batch, ctx, "patient.search", "patient", NULL, detail, done, user_data);
}
