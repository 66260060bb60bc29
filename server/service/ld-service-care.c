/* ld-service-care.c: need-to-know, for services that read clinical records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same check ld_api_care_check() makes for a request, made inside a
 * service's transaction from the permission the endpoint was admitted by,
 * so that the refusal comes where it always came: after the record is
 * found, before anything about it is read or audited.
 */

#define G_LOG_DOMAIN "ld-service-care"

#include "config.h"

#include "ld-service-care.h"
#include "ld-care-access.h"
#include "ld-time.h"
#include "../store/ld-store.h"

/**
 * ld_service_care_check:
 * @ctx: the read's context, with its actor; inside its transaction
 * @permission: the permission the actor was admitted by
 * @patient_id: the patient the records are about
 * @error: return location for a #GError; %LD_API_ERROR_FORBIDDEN when a
 *   doctor is not the patient's and holds no open grant
 *
 * Lets through an actor @permission admits by a role other than doctor,
 * and a doctor who has ordered for the patient or broken the glass for
 * them within break_glass_minutes.
 *
 * Returns: %TRUE if the actor may read them
 */
gboolean
ld_service_care_check (LdServiceContext    *ctx,
                       const LdPermission  *permission,
                       const char          *patient_id,
                       GError             **error)
{
  gboolean theirs = FALSE;

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, FALSE);
  g_return_val_if_fail (permission != NULL && patient_id != NULL, FALSE);

  if (ld_care_access_reads_freely (ld_user_get_roles (ctx->actor), permission))
    return TRUE;

  return ld_store_care_is_their_patient (ctx->store, ld_user_get_id (ctx->actor), patient_id,
                                         ld_time_now (), &theirs, error) &&
         ld_care_access_decide (theirs, error);
}
