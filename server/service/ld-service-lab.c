/* ld-service-lab.c: the lab's worklist and doctors' lists, read and audited
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each list names patients, so each is read in one transaction with the
 * audit event that says it was read (ld_service_run()).
 */

#define G_LOG_DOMAIN "ld-service-lab"

#include "config.h"

#include "ld-service-lab.h"
#include "ld-patient.h"
#include "../store/ld-store.h"

typedef struct
{
  const LdWorklistFilter *filter;
  guint                   limit;
  gint64                 *counts;
  GPtrArray              *orders;
} Worklist;

static gboolean
read_worklist (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  Worklist *worklist = data;
  g_autofree char *detail = NULL;

  g_clear_pointer (&worklist->orders, g_ptr_array_unref);
  worklist->orders = ld_store_lab_worklist (ctx->store, worklist->filter, worklist->counts, error);
  if (worklist->orders == NULL)
    return FALSE;

  detail = g_strdup_printf ("%s, %u shown", ld_worklist_tab_to_string (worklist->filter->tab),
                            MIN (worklist->orders->len, worklist->limit));
  return ld_service_audit (ctx, "worklist.read", "order", NULL, detail, error);
}

/**
 * ld_service_lab_worklist:
 * @ctx: who reads
 * @filter: which orders, with its page (`limit` one more than @limit)
 * @limit: the page the reader asked for, which the audit counts
 * @out_counts: (array fixed-size=LD_WORKLIST_N_TABS) (out): each tab's count
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type LdOrder) (nullable): the orders
 */
GPtrArray *
ld_service_lab_worklist (LdServiceContext        *ctx,
                         const LdWorklistFilter  *filter,
                         guint                    limit,
                         gint64                  *out_counts,
                         GError                 **error)
{
  Worklist worklist = { filter, limit, out_counts, NULL };

  g_return_val_if_fail (ctx != NULL && filter != NULL && out_counts != NULL, NULL);

  if (!ld_service_run (ctx, read_worklist, &worklist, error))
    {
      g_clear_pointer (&worklist.orders, g_ptr_array_unref);
      return NULL;
    }
  return worklist.orders;
}

typedef struct
{
  gint64      after_created_us;
  const char *after_id;
  guint       limit;
  GPtrArray  *orders;
} DoctorOrders;

static gboolean
read_doctor_orders (LdServiceContext  *ctx,
                    gpointer           data,
                    GError           **error)
{
  DoctorOrders *read = data;

  g_clear_pointer (&read->orders, g_ptr_array_unref);
  read->orders =
    ld_store_lab_doctor_orders (ctx->store, ld_user_get_id (ctx->actor), read->after_created_us,
                                read->after_id, read->limit + 1, error);
  return read->orders != NULL &&
         ld_service_audit (ctx, "doctor.orders", "order", NULL, NULL, error);
}

/**
 * ld_service_lab_doctor_orders:
 * @ctx: the doctor who reads
 * @after_created_us: the page's cursor, or 0
 * @after_id: (nullable): the page's cursor
 * @limit: the page; one more order is read to tell whether there is a next
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type LdOrder) (nullable): the
 *   orders the doctor gave
 */
GPtrArray *
ld_service_lab_doctor_orders (LdServiceContext  *ctx,
                              gint64             after_created_us,
                              const char        *after_id,
                              guint              limit,
                              GError           **error)
{
  DoctorOrders read = { after_created_us, after_id, limit, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);

  if (!ld_service_run (ctx, read_doctor_orders, &read, error))
    {
      g_clear_pointer (&read.orders, g_ptr_array_unref);
      return NULL;
    }
  return read.orders;
}

static gboolean
read_doctor_patients (LdServiceContext  *ctx,
                      gpointer           data,
                      GError           **error)
{
  GPtrArray **patients = data;
  g_auto(GStrv) ids = NULL;

  g_clear_pointer (patients, g_ptr_array_unref);
  ids = ld_store_lab_doctor_patient_ids (ctx->store, ld_user_get_id (ctx->actor), error);
  if (ids == NULL)
    return FALSE;

  *patients = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      LdPatient *patient = ld_store_patients_get (ctx->store, ids[i], error);

      if (patient == NULL)
        return FALSE;
      g_ptr_array_add (*patients, patient);
    }

  return ld_service_audit (ctx, "doctor.patients", "patient", NULL, NULL, error);
}

/**
 * ld_service_lab_doctor_patients:
 * @ctx: the doctor who reads
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type LdPatient) (nullable): the
 *   patients the doctor has ordered for
 */
GPtrArray *
ld_service_lab_doctor_patients (LdServiceContext  *ctx,
                                GError           **error)
{
  GPtrArray *patients = NULL;

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);

  if (!ld_service_run (ctx, read_doctor_patients, &patients, error))
    {
      g_clear_pointer (&patients, g_ptr_array_unref);
      return NULL;
    }
  return patients;
}
