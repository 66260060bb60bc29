/* ld-order-view.h: one order as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ld-order.h"
#include "ld-record-view.h"

G_BEGIN_DECLS

#define LD_TYPE_ORDER_VIEW (ld_order_view_get_type ())

G_DECLARE_FINAL_TYPE (LdOrderView, ld_order_view, LD, ORDER_VIEW, LdRecordView)

LdOrderView   *ld_order_view_new                (void);
void           ld_order_view_set_order          (LdOrderView *self,
                                                 LdOrder     *order);
void           ld_order_view_set_pending        (LdOrderView *self,
                                                 const char  *pending);
const LdOrder *ld_order_view_get_order          (LdOrderView *self);
gboolean       ld_order_view_get_loaded         (LdOrderView *self);
const char    *ld_order_view_get_id             (LdOrderView *self);
const char    *ld_order_view_get_number         (LdOrderView *self);
gboolean       ld_order_view_get_sent           (LdOrderView *self);
const char    *ld_order_view_get_patient_name   (LdOrderView *self);
const char    *ld_order_view_get_patient_mrn    (LdOrderView *self);
const char    *ld_order_view_get_priority       (LdOrderView *self);
const char    *ld_order_view_get_payment_state  (LdOrderView *self);
const char    *ld_order_view_get_lab_state      (LdOrderView *self);
const char    *ld_order_view_get_cancel_reason  (LdOrderView *self);
const char    *ld_order_view_get_channel        (LdOrderView *self);
gboolean       ld_order_view_get_priced         (LdOrderView *self);
gint64         ld_order_view_get_total_paise    (LdOrderView *self);
gint64         ld_order_view_get_paid_paise     (LdOrderView *self);
gint64         ld_order_view_get_refunded_paise (LdOrderView *self);
gint64         ld_order_view_get_balance_paise  (LdOrderView *self);
gboolean       ld_order_view_get_online_pending (LdOrderView *self);
const char    *ld_order_view_get_pending        (LdOrderView *self);
gint64         ld_order_view_get_version        (LdOrderView *self);

G_END_DECLS
