/* ld-service-web-review.c: the desk settles web registrations parked for it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A registration on the patient pages that looks like a patient already
 * registered is kept, linked to its account and parked
 * (ld-service-web-link.c). The desk lists them, each beside the records it
 * resembles by the desk's own likely-duplicate rule
 * (ld_store_patients_find_duplicates()), and says either "different
 * people" (the flag is cleared) or "the same person": then the parked
 * record is merged into the existing one in one transaction (its rows
 * move, it is kept, marked merged, out of search), audited as
 * `patient.merge` and put in the change feed.
 */

#define G_LOG_DOMAIN "ld-service"

#include "config.h"

#include "ld-service-patients.h"
#include "ld-service-web-review.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-web.h"

void
ld_web_review_item_free (LdWebReviewItem *item)
{
  if (item == NULL)
    return;
  g_clear_object (&item->patient);
  g_clear_pointer (&item->accounts, g_ptr_array_unref);
  g_clear_pointer (&item->resembles, g_ptr_array_unref);
  g_free (item);
}

typedef struct
{
  GPtrArray *items;
} List;

/* Every record the list shows is read as a patient is: audited. */
static gboolean
audit_read (LdServiceContext  *ctx,
            LdPatient         *patient,
            GError           **error)
{
  return ld_service_audit (ctx, "patient.read", "patient", ld_patient_get_id (patient),
                           "web registration review", error);
}

static gboolean
list_parked (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  List *list = data;
  g_autoptr(GPtrArray) ids = ld_store_web_review_parked (ctx->store, error);

  if (ids == NULL)
    return FALSE;
  g_clear_pointer (&list->items, g_ptr_array_unref);
  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_web_review_item_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(LdWebReviewItem) item = g_new0 (LdWebReviewItem, 1);

      item->patient = ld_store_patients_get (ctx->store, ids->pdata[i], error);
      if (item->patient == NULL || !audit_read (ctx, item->patient, error))
        return FALSE;
      item->accounts = ld_store_web_patient_accounts (ctx->store, ids->pdata[i], error);
      if (item->accounts == NULL)
        return FALSE;
      item->resembles = ld_store_patients_find_duplicates (ctx->store, item->patient, error);
      if (item->resembles == NULL)
        return FALSE;
      for (guint j = 0; j < item->resembles->len; j++)
        if (!audit_read (ctx, item->resembles->pdata[j], error))
          return FALSE;
      g_ptr_array_add (list->items, g_steal_pointer (&item));
    }
  return TRUE;
}

/**
 * ld_service_web_review_list:
 * @ctx: the desk's service context
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type LdWebReviewItem) (nullable): the
 *   parked registrations, oldest first, each with what it resembles
 */
GPtrArray *
ld_service_web_review_list (LdServiceContext  *ctx,
                            GError           **error)
{
  List list = { NULL };

  g_return_val_if_fail (ctx != NULL, NULL);

  if (!ld_service_run (ctx, list_parked, &list, error))
    {
      g_clear_pointer (&list.items, g_ptr_array_unref);
      return NULL;
    }
  return list.items;
}

typedef struct
{
  const char            *patient_id;
  const LdWebReviewBody *review;
} Resolve;

static gboolean
refuse_target (const char  *message,
               const char  *field_message,
               GError     **error)
{
  GError *refusal = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, message);

  ld_api_error_set_field (refusal, "patient_id", field_message);
  g_propagate_error (error, refusal);
  return FALSE;
}

/* The existing record the parked one joins: a patient, another one, not
 * itself merged away. */
static gboolean
check_target (LdServiceContext  *ctx,
              const char        *patient_id,
              const char        *into_id,
              GError           **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *merged_into = NULL;
  gboolean parked;

  if (g_str_equal (patient_id, into_id))
    return refuse_target ("A record cannot be merged into itself.", "is the parked record itself",
                          error);
  if (!ld_store_web_review_state (ctx->store, into_id, &parked, &merged_into, &local))
    {
      if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        return refuse_target ("There is no patient with this id.", "is not a patient", error);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (merged_into != NULL)
    return refuse_target ("This record was itself merged into another.",
                          "was merged into another record", error);
  return TRUE;
}

static gboolean
merge (LdServiceContext  *ctx,
       const char        *patient_id,
       const char        *into_id,
       GError           **error)
{
  g_autoptr(GPtrArray) order_ids = NULL;
  g_autoptr(LdPatient) merged = NULL;
  g_autoptr(LdPatient) into = NULL;
  g_autofree char *detail = g_strconcat ("into ", into_id, NULL);

  if (!ld_store_web_review_merge (ctx->store, patient_id, into_id, &order_ids, error) ||
      !ld_service_audit (ctx, "patient.merge", "patient", patient_id, detail, error))
    return FALSE;

  merged = ld_store_patients_get (ctx->store, patient_id, error);
  into = ld_store_patients_get (ctx->store, into_id, error);
  if (merged == NULL || into == NULL ||
      !ld_service_patients_record_change (ctx, merged, into_id, error) ||
      !ld_service_patients_record_change (ctx, into, NULL, error))
    return FALSE;

  /* Each order now names the existing patient: the desk and the lab
   * follow orders in the feed. */
  for (guint i = 0; i < order_ids->len; i++)
    {
      g_autoptr(LdOrder) order = ld_store_orders_get (ctx->store, order_ids->pdata[i], error);
      g_autoptr(JsonNode) record = NULL;

      if (order == NULL)
        return FALSE;
      record = ld_order_to_node (order);
      if (!ld_service_record_change (ctx, "order", order->id, LD_ROLE_ALL, record, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
resolve (LdServiceContext  *ctx,
         gpointer           data,
         GError           **error)
{
  Resolve *run = data;
  g_autofree char *merged_into = NULL;
  gboolean parked;

  if (!ld_store_web_review_state (ctx->store, run->patient_id, &parked, &merged_into, error))
    return FALSE;
  if (!parked || merged_into != NULL)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "This registration is not waiting for the desk's review.");
      return FALSE;
    }

  if (!run->review->same)
    return ld_store_web_review_clear (ctx->store, run->patient_id, error) &&
           ld_service_audit (ctx, "web.review", "patient", run->patient_id, "different people",
                             error);

  return check_target (ctx, run->patient_id, run->review->patient_id, error) &&
         merge (ctx, run->patient_id, run->review->patient_id, error);
}

/**
 * ld_service_web_review_resolve:
 * @ctx: the desk's service context
 * @patient_id: the parked record
 * @review: the desk's decision
 * @error: return location for a #GError: %LD_STORE_ERROR_NOT_FOUND for an
 *   unknown @patient_id, %LD_API_ERROR_CONFLICT when it is not parked,
 *   %LD_API_ERROR_VALIDATION_FAILED (field `patient_id`) for a record it
 *   cannot join
 *
 * Settles a parked web registration in one transaction; a refusal
 * changes nothing.
 *
 * Returns: %TRUE once settled
 */
gboolean
ld_service_web_review_resolve (LdServiceContext       *ctx,
                               const char             *patient_id,
                               const LdWebReviewBody  *review,
                               GError                **error)
{
  Resolve run = { patient_id, review };

  g_return_val_if_fail (ctx != NULL && patient_id != NULL && review != NULL, FALSE);
  g_return_val_if_fail (!review->same || review->patient_id != NULL, FALSE);

  return ld_service_run (ctx, resolve, &run, error);
}
