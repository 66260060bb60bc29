/* ld-store-orders.h: orders and payment attempts in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* Which orders a list holds; NULL and 0 members do not filter. Lists run
 * newest first; the cursor is the last order of the previous page. */
typedef struct
{
  const char *patient_id;
  const char *lab_state;
  const char *payment_state;
  gint64      from_us;
  gint64      until_us;
  gint64      after_created_us;
  const char *after_id;
  guint       limit;
} LdOrderFilter;

/* One line of the day's cash report. */
typedef struct
{
  char   *user_id;
  char   *username;
  char   *display_name;
  char   *method;
  gint64  payments;
  gint64  received_paise;
  gint64  refunds;
  gint64  refunded_paise;
} LdCashLine;

/* ld-store-orders.c */
gboolean   ld_store_orders_insert          (LdStore             *store,
                                            LdOrder             *order,
                                            gint64               created_us,
                                            gint64               expires_us,
                                            gint64               home_slot_us,
                                            GError             **error);
LdOrder   *ld_store_orders_get             (LdStore             *store,
                                            const char          *id,
                                            GError             **error);
GPtrArray *ld_store_orders_list            (LdStore             *store,
                                            const LdOrderFilter *filter,
                                            GError             **error);
gboolean   ld_store_orders_move            (LdStore             *store,
                                            LdOrder             *order,
                                            const char          *to_state,
                                            const char          *reason,
                                            GError             **error);
GStrv      ld_store_orders_due_to_expire   (LdStore             *store,
                                            gint64               now_us,
                                            guint                limit,
                                            GError             **error);
GPtrArray *ld_store_orders_home_visits     (LdStore             *store,
                                            gint64               until_us,
                                            GError             **error);

/* ld-store-payments.c */
gboolean   ld_store_payments_insert        (LdStore             *store,
                                            LdPayment           *payment,
                                            GError             **error);
LdPayment *ld_store_payments_get           (LdStore             *store,
                                            const char          *id,
                                            GError             **error);
LdPayment *ld_store_payments_find_gateway  (LdStore             *store,
                                            const char          *gateway_order_id,
                                            GError             **error);
gboolean   ld_store_payments_decide        (LdStore             *store,
                                            LdPayment           *payment,
                                            GError             **error);
GPtrArray *ld_store_payments_for_order     (LdStore             *store,
                                            const char          *order_id,
                                            GError             **error);
GPtrArray *ld_store_payments_cash_report   (LdStore             *store,
                                            gint64               from_us,
                                            gint64               until_us,
                                            GError             **error);
void       ld_cash_line_free               (LdCashLine          *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCashLine, ld_cash_line_free)

G_END_DECLS
