/* ld-order.h: an order, what it holds, and its payment attempts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json-out.h"

G_BEGIN_DECLS

/* The longest outside referring doctor's name, in characters. */
#define LD_ORDER_REFERRING_DOCTOR_MAX_CHARS 120

/**
 * LdOrderItem:
 *
 * One line of an order as it was priced: a test or a panel with the
 * catalogue price of the day and what was charged for it. A test already
 * covered by a panel of the same order is charged nothing and names that
 * panel in @covered_by.
 */
typedef struct
{
  char   *kind;
  char   *code;
  char   *name;
  gint64  list_price_paise;
  gint64  charged_paise;
  char   *covered_by;
} LdOrderItem;

/* A test to perform, once per order, and the item that brought it. */
typedef struct
{
  char *code;
  char *name;
  char *specimen;
  char *container;
  char *item_code;
} LdOrderTest;

/**
 * LdPayment:
 *
 * One attempt to take or give back money. @tendered_paise and
 * @change_paise are -1 except for cash.
 */
typedef struct
{
  char   *id;
  char   *order_id;
  char   *kind;
  char   *method;
  char   *status;
  gint64  amount_paise;
  gint64  tendered_paise;
  gint64  change_paise;
  char   *reference;
  char   *gateway_order_id;
  char   *failure_reason;
  char   *reason;
  char   *taken_by;
  char   *decided_by;
  char   *created_at;
  char   *decided_at;
  gint64  version;
} LdPayment;

typedef struct
{
  char      *id;
  char      *number;
  char      *patient_id;
  char      *patient_mrn;
  char      *patient_name;
  /* The patient's phone, when the record carries it (the client's home
   * visit rows); NULL otherwise. Never written. */
  char      *patient_phone;
  char      *source;
  /* Where it was booked: "desk" (the desk or a doctor) or "web" (the patient's page). */
  char      *channel;
  char      *doctor_id;
  char      *referring_doctor_name;
  /* The visit the tests were prescribed during (issue 33), or NULL. */
  char      *visit_id;
  /* The doctor user's display name, for the receipt; read only. */
  char      *doctor_name;
  /* The pathologist's report-wide interpretation (issue 18), read with the
   * order on the server; answers carry it beside the order, never in it. */
  char      *interpretation;
  char      *priority;
  char      *clinical_notes;
  char      *collection;
  char      *home_address;
  char      *home_slot_start;
  char      *home_slot_end;
  gint64     subtotal_paise;
  char      *discount_kind;
  gint64     discount_value;
  char      *discount_reason;
  gint64     discount_paise;
  gint64     home_fee_paise;
  gint64     tax_paise;
  gint64     total_paise;
  gint64     paid_paise;
  gint64     refunded_paise;
  /* FALSE for an order made at a desk offline and not yet priced by the
   * server: its amounts then read 0 and mean nothing. */
  gboolean   priced;
  gboolean   online_pending;
  char      *payment_state;
  char      *lab_state;
  char      *cancel_reason;
  char      *expires_at;
  char      *created_by;
  char      *created_at;
  char      *updated_at;
  char      *technician_id;
  /* Paid or promised cash for over a day, and still not collected. */
  gboolean   collection_overdue;
  /* A sample was rejected and a new one is wanted (the recollection tab). */
  gboolean   awaiting_recollection;
  gint64     created_us;
  /* The deadline for money, as @expires_at; 0 when it waits for none. */
  gint64     expires_us;
  gint64     version;
  GPtrArray *items;
  GPtrArray *tests;
  GPtrArray *payments;
} LdOrder;

LdOrderItem *
ld_order_item_new (const char *kind, const char *code, const char *name, gint64 list_price_paise);
void         ld_order_item_free (LdOrderItem *item);
LdOrderTest *ld_order_test_new (const char *code,
                                const char *name,
                                const char *specimen,
                                const char *container,
                                const char *item_code);
void         ld_order_test_free (LdOrderTest *test);

LdPayment   *ld_payment_new          (void);
void         ld_payment_free         (LdPayment         *payment);
void         ld_payment_write_json   (const LdPayment   *payment,
                                      LdJsonOut         *out);
void         ld_payment_to_json      (const LdPayment   *payment,
                                      JsonBuilder       *builder);

#define LD_TYPE_ORDER (ld_order_get_type ())

GType        ld_order_get_type       (void) G_GNUC_CONST;
LdOrder     *ld_order_new            (void);
LdOrder     *ld_order_copy           (const LdOrder     *order);
void         ld_order_free           (LdOrder           *order);
gint64       ld_order_get_balance    (const LdOrder     *order);
gboolean     ld_order_is_open        (const LdOrder     *order);
const char  *ld_order_check_referring_doctor
                                     (const char        *doctor_id,
                                      const char        *name);
gboolean     ld_order_payment_lets_collect
                                     (const char        *payment_state);
void         ld_order_write_json     (const LdOrder     *order,
                                      LdJsonOut         *out);
void         ld_order_to_json        (const LdOrder     *order,
                                      JsonBuilder       *builder);
void         ld_order_items_to_json  (JsonBuilder       *builder,
                                      GPtrArray         *items);
void         ld_order_tests_to_json  (JsonBuilder       *builder,
                                      GPtrArray         *tests);
JsonNode    *ld_order_to_node        (const LdOrder     *order);
void         ld_order_money_to_json  (const LdOrder     *order,
                                      JsonBuilder       *builder);
void         ld_order_add_patient_member
                                     (JsonBuilder       *builder,
                                      const char        *id,
                                      const char        *mrn,
                                      const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdOrderItem, ld_order_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdOrderTest, ld_order_test_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdPayment, ld_payment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdOrder, ld_order_free)

G_END_DECLS
