/* ld-care-access.c: need-to-know, the rule of who reads a patient's results
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 15. A doctor reads the clinical records (orders, samples,
 * results, reports, alerts) of their own patients: those of the orders
 * that name them as `doctor_id`, which a doctor's own prescription always
 * does. Anyone else's they read only after breaking the glass for that
 * patient, with a reason, for `break_glass_minutes`. A patient's record
 * itself (demographics) stays open to every doctor: they prescribe for
 * new patients. Alerts go to their order's doctor alone, glass or not.
 *
 * Other roles keep what the permission table gives them: a user who
 * reaches an endpoint through a role other than doctor reads freely. The
 * handlers (ld_api_care_check()) and the change feed
 * (ld_store_changes_list()) both decide through the functions below.
 */

#define G_LOG_DOMAIN "ld-care-access"

#include "config.h"

#include "ld-care-access.h"

#include "ld-error.h"

/**
 * ld_care_access_free_roles:
 * @roles: a reader's roles
 *
 * Returns: the roles of @roles that read a record of their kind whoever
 *   the patient is: all but doctor
 */
LdRole
ld_care_access_free_roles (LdRole roles)
{
  return roles & ~LD_ROLE_DOCTOR;
}

/**
 * ld_care_access_kept_roles:
 * @roles: a reader's roles
 *
 * Returns: the roles of @roles that read a patient's clinical records only
 *   when the patient is theirs: doctor
 */
LdRole
ld_care_access_kept_roles (LdRole roles)
{
  return roles & LD_ROLE_DOCTOR;
}

/**
 * ld_care_access_reads_freely:
 * @roles: the signed-in user's roles
 * @permission: the endpoint's row of the permission table
 *
 * Returns: %TRUE if a role of @roles other than doctor lets the user call
 *   the endpoint, so that whose patient it is does not matter
 */
gboolean
ld_care_access_reads_freely (LdRole              roles,
                             const LdPermission *permission)
{
  g_return_val_if_fail (permission != NULL, FALSE);

  return (ld_care_access_free_roles (roles) & permission->roles) != 0;
}

/**
 * ld_care_access_decide:
 * @is_their_patient: whether the doctor has ordered for the patient, or
 *   holds an open break-the-glass grant for them
 * @error: return location for an %LD_API_ERROR (FORBIDDEN)
 *
 * Returns: %TRUE if a doctor may read the patient's clinical records
 */
gboolean
ld_care_access_decide (gboolean   is_their_patient,
                       GError   **error)
{
  if (is_their_patient)
    return TRUE;

  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                       "You are not this patient's doctor. Break the glass to read their results.");
  return FALSE;
}

static const char *
get_string_member (JsonNode   *record,
                   const char *name)
{
  JsonNode *member;

  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return NULL;
  member = json_object_get_member (json_node_get_object (record), name);
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

/**
 * ld_care_access_scope_of:
 * @entity: a change's kind of record, such as "result"
 * @entity_id: the record's id
 * @record: (nullable): the record as the API shows it
 * @out_scope: (out): to whom among doctors it goes
 *
 * Orders, samples, results, reports and alerts are about the patient of
 * an order; an alert is for its order's doctor alone. A record of those
 * kinds that names no order goes to no doctor ("" never matches one).
 */
void
ld_care_access_scope_of (const char  *entity,
                         const char  *entity_id,
                         JsonNode    *record,
                         LdCareScope *out_scope)
{
  static const char * const of_an_order[] = { "result", "sample", "report", "alert", NULL };
  const char *doctor_id;

  g_return_if_fail (entity != NULL && out_scope != NULL);

  out_scope->order_id = NULL;
  out_scope->doctor_id = NULL;
  if (g_str_equal (entity, "order"))
    out_scope->order_id = entity_id;
  else if (g_strv_contains (of_an_order, entity))
    out_scope->order_id = get_string_member (record, "order_id");
  else
    return;

  if (out_scope->order_id == NULL)
    out_scope->order_id = "";
  if (g_str_equal (entity, "alert"))
    {
      doctor_id = get_string_member (record, "doctor_id");
      out_scope->doctor_id = doctor_id != NULL ? doctor_id : "";
    }
}
