/* ld-service-orders.c: an order changed, assigned, cancelled or expired
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever changed an order (a payment, a cancel, a collection, a
 * release), the same follows: the change is audited, an order that has
 * just become collectable goes to a technician, and the order as it now
 * is goes to the change feed. That sequence lives here once, for every
 * handler and for the expiry sweep.
 */

#define G_LOG_DOMAIN "ld-service-orders"

#include "config.h"

#include "ld-service-orders.h"
#include "ld-service-care.h"
#include "ld-order-rules.h"
#include "ld-states.h"
#include "../domain/ld-assignment.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store.h"

static gboolean
is_collectable (const LdOrder *order)
{
  return ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_ORDERED &&
         ld_order_payment_lets_collect (order->payment_state);
}

/**
 * ld_service_lab_assign_if_collectable:
 * @ctx: the change's context, inside its transaction
 * @order: the order as it now is; it shows its technician once assigned
 * @error: return location for a #GError
 *
 * An order that has just become collectable (paid, or cash on collection
 * promised) goes at once to the active technician with the least open
 * work (see ld_assignment_choose()); with no technician active it waits,
 * unassigned, for someone to claim it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_lab_assign_if_collectable (LdServiceContext  *ctx,
                                      LdOrder           *order,
                                      GError           **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree LdTechnicianLoad *loads = NULL;
  const LdTechnicianLoad *chosen;

  g_return_val_if_fail (ctx != NULL && order != NULL, FALSE);

  if (order->technician_id != NULL || !is_collectable (order))
    return TRUE;

  rows = ld_store_lab_technician_loads (ctx->store, error);
  if (rows == NULL)
    return FALSE;

  loads = g_new0 (LdTechnicianLoad, MAX (rows->len, 1));
  for (guint i = 0; i < rows->len; i++)
    loads[i] = ((LdTechnicianLoadRow *) g_ptr_array_index (rows, i))->load;
  chosen = ld_assignment_choose (loads, rows->len);
  if (chosen == NULL)
    return ld_store_lab_mark_collectable (ctx->store, order->id, error);

  return ld_store_lab_assign (ctx->store, order, chosen->user_id, NULL, error) &&
         ld_service_audit_as (ctx, NULL, "system", "order.assign", "order", order->id,
                              chosen->user_id, error);
}

/**
 * ld_service_order_changed:
 * @ctx: the change's context, inside its transaction
 * @order_id: the order
 * @action: what the audit trail calls the change, such as "order.cancel"
 * @detail: (nullable): a short note for the audit trail, without patient data
 * @error: return location for a #GError
 *
 * Audits a change to an order as the context's actor, assigns it if it
 * has just become collectable, and puts the order, as it now is, in the
 * change feed.
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_order_changed (LdServiceContext  *ctx,
                          const char        *order_id,
                          const char        *action,
                          const char        *detail,
                          GError           **error)
{
  g_autoptr(LdOrder) order = NULL;
  LdJsonOut record;

  g_return_val_if_fail (ctx != NULL && order_id != NULL && action != NULL, NULL);

  order = ld_store_orders_get (ctx->store, order_id, error);
  if (order == NULL ||
      !ld_service_audit (ctx, action, "order", order_id, detail, error) ||
      /* A payment may have made it collectable: it goes to a technician now. */
      !ld_service_lab_assign_if_collectable (ctx, order, error))
    return NULL;

  /* The desk, doctors and the lab all follow orders; a doctor, those of
   * the order's patient (ld_care_access_scope_of()). */
  ld_json_out_init_text (&record);
  ld_order_write_json (order, &record);
  if (!ld_service_record_text_change (ctx, "order", order_id, LD_ROLE_ALL, order_id, NULL,
                                      ld_json_out_end_text (&record), error))
    return NULL;

  return g_steal_pointer (&order);
}

typedef struct
{
  const char *order_id;
  gint64      version;
  const char *reason;
  LdOrder    *saved;
  LdOrder    *current;
} CancelOrder;

static gboolean
cancel_order (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  CancelOrder *cancel = data;
  g_autoptr(LdOrder) order = ld_store_orders_get (ctx->store, cancel->order_id, error);

  if (order == NULL)
    return FALSE;
  if (order->version != cancel->version)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s has changed since you saw it.", order->number);
      cancel->current = g_steal_pointer (&order);
      return FALSE;
    }

  if (!ld_order_check_cancel (order, error) ||
      !ld_store_orders_move (ctx->store, order, ld_lab_state_wire (LD_LAB_STATE_CANCELLED),
                             cancel->reason, error))
    return FALSE;

  cancel->saved = ld_service_order_changed (ctx, order->id, "order.cancel", order->number, error);
  return cancel->saved != NULL;
}

/**
 * ld_service_cancel_order:
 * @ctx: who cancels
 * @order_id: the order
 * @version: the version the actor saw
 * @reason: why, as the desk typed it
 * @out_current: (out) (optional) (transfer full): on a stale @version,
 *   the order as it is now
 * @error: return location for a #GError
 *
 * Cancels an open order in its own transaction.
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_cancel_order (LdServiceContext  *ctx,
                         const char        *order_id,
                         gint64             version,
                         const char        *reason,
                         LdOrder          **out_current,
                         GError           **error)
{
  CancelOrder cancel = { order_id, version, reason, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && order_id != NULL && reason != NULL, NULL);

  if (!ld_service_run (ctx, cancel_order, &cancel, error))
    {
      g_clear_pointer (&cancel.saved, ld_order_free);
      if (out_current != NULL)
        *out_current = g_steal_pointer (&cancel.current);
      g_clear_pointer (&cancel.current, ld_order_free);
      return NULL;
    }

  return cancel.saved;
}

typedef struct
{
  const char *order_id;
  const char *technician_id;
  gboolean    reassigning;
  LdOrder    *saved;
} AssignOrder;

static gboolean
assign_order (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  AssignOrder *assign = data;
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GError) assign_error = NULL;

  g_clear_pointer (&assign->saved, ld_order_free);

  /* An admin gives it to someone: they must be an active technician. */
  if (assign->reassigning)
    {
      g_autoptr(LdUser) technician = ld_store_users_get (ctx->store, assign->technician_id, NULL);

      if (technician == NULL || ld_user_get_disabled (technician) ||
          !(ld_user_get_roles (technician) & LD_ROLE_TECHNICIAN))
        {
          GError *local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                               "Please choose an active technician.");
          ld_api_error_set_field (local, "technician_id", "is not an active technician");
          g_propagate_error (error, local);
          return FALSE;
        }
    }

  order = ld_store_orders_get (ctx->store, assign->order_id, error);
  if (order == NULL)
    return FALSE;

  if (!ld_order_is_open (order) || ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_REPORTED)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s is %s; nobody works on it now.", order->number, order->lab_state);
      return FALSE;
    }

  if (!ld_store_lab_assign (ctx->store, order, assign->technician_id,
                            assign->reassigning ? order->technician_id : NULL, &assign_error))
    {
      if (g_error_matches (assign_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        {
          g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                       "Order %s is already assigned.", order->number);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&assign_error));
      return FALSE;
    }

  assign->saved = ld_service_order_changed (ctx, order->id,
                                            assign->reassigning ? "order.reassign" : "order.claim",
                                            assign->technician_id, error);
  return assign->saved != NULL;
}

/**
 * ld_service_assign_order:
 * @ctx: who assigns
 * @order_id: an open order
 * @technician_id: who is to work on it
 * @reassigning: %FALSE to claim an unassigned order, %TRUE for an admin
 *   to give it (whoever has it now) to an active technician
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_assign_order (LdServiceContext  *ctx,
                         const char        *order_id,
                         const char        *technician_id,
                         gboolean           reassigning,
                         GError           **error)
{
  AssignOrder assign = { order_id, technician_id, reassigning, NULL };

  g_return_val_if_fail (ctx != NULL && order_id != NULL && technician_id != NULL, NULL);

  if (!ld_service_run (ctx, assign_order, &assign, error))
    {
      g_clear_pointer (&assign.saved, ld_order_free);
      return NULL;
    }

  return assign.saved;
}

/**
 * ld_service_expire_order:
 * @ctx: the system, inside the sweep's transaction
 * @order_id: an order past its deadline
 * @error: return location for a #GError
 *
 * Expires one order, audited as the context's actor (the system) with
 * the order's number, and puts it in the change feed.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_expire_order (LdServiceContext  *ctx,
                         const char        *order_id,
                         GError           **error)
{
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdOrder) saved = NULL;

  g_return_val_if_fail (ctx != NULL && order_id != NULL, FALSE);

  order = ld_store_orders_get (ctx->store, order_id, error);
  if (order == NULL ||
      !ld_store_orders_move (ctx->store, order, ld_lab_state_wire (LD_LAB_STATE_EXPIRED), NULL,
                             error))
    return FALSE;

  /* Read again: its payment state now says expired too. An expired
   * order is never collectable, so nobody is assigned. */
  saved = ld_service_order_changed (ctx, order_id, "order.expire", order->number, error);
  return saved != NULL;
}

typedef struct
{
  const LdPermission *permission;
  const char         *order_id;
  const char         *number;
  LdOrder            *order;
} ReadOrder;

static gboolean
read_order (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  ReadOrder *read = data;

  g_clear_pointer (&read->order, ld_order_free);
  read->order = read->order_id != NULL
                  ? ld_store_orders_get (ctx->store, read->order_id, error)
                  : ld_store_orders_find_number (ctx->store, read->number, error);
  return read->order != NULL &&
         ld_service_care_check (ctx, read->permission, read->order->patient_id, error) &&
         ld_service_audit (ctx, "order.read", "order", read->order->id, NULL, error);
}

/**
 * ld_service_read_order:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @order_id: (nullable): the order's id
 * @number: (nullable): else its number, such as O2611-000123
 * @error: return location for a #GError
 *
 * Reads one order, audited as a read of the patient's data; a doctor
 * reads only their own patients' (ld_service_care_check()).
 *
 * Returns: (transfer full) (nullable): the order
 */
LdOrder *
ld_service_read_order (LdServiceContext    *ctx,
                       const LdPermission  *permission,
                       const char          *order_id,
                       const char          *number,
                       GError             **error)
{
  ReadOrder read = { permission, order_id, number, NULL };

  g_return_val_if_fail (ctx != NULL && (order_id != NULL || number != NULL), NULL);

  if (!ld_service_run (ctx, read_order, &read, error))
    {
      g_clear_pointer (&read.order, ld_order_free);
      return NULL;
    }
  return read.order;
}

typedef struct
{
  gint64     until_us;
  GPtrArray *orders;
} HomeVisits;

static gboolean
read_home_visits (LdServiceContext  *ctx,
                  gpointer           data,
                  GError           **error)
{
  HomeVisits *visits = data;
  g_autofree char *detail = NULL;

  g_clear_pointer (&visits->orders, g_ptr_array_unref);
  visits->orders = ld_store_orders_home_visits (ctx->store, visits->until_us, error);
  if (visits->orders == NULL)
    return FALSE;

  detail = g_strdup_printf ("%u listed", visits->orders->len);
  return ld_service_audit (ctx, "order.home_visits", "order", NULL, detail, error);
}

/**
 * ld_service_home_visits:
 * @ctx: who reads
 * @until_us: the end of the last day listed
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type LdOrder) (nullable): the
 *   open home visits whose slot starts before @until_us, in slot order
 */
GPtrArray *
ld_service_home_visits (LdServiceContext  *ctx,
                        gint64             until_us,
                        GError           **error)
{
  HomeVisits visits = { until_us, NULL };

  g_return_val_if_fail (ctx != NULL, NULL);

  if (!ld_service_run (ctx, read_home_visits, &visits, error))
    {
      g_clear_pointer (&visits.orders, g_ptr_array_unref);
      return NULL;
    }
  return visits.orders;
}
