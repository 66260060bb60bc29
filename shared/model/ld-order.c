/* ld-order.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-order"

#include "config.h"

#include "ld-json.h"
#include "ld-order.h"
#include "ld-states.h"

LdOrderItem *
ld_order_item_new (const char *kind,
                   const char *code,
                   const char *name,
                   gint64      list_price_paise)
{
  LdOrderItem *item = g_new0 (LdOrderItem, 1);

  item->kind = g_strdup (kind);
  item->code = g_strdup (code);
  item->name = g_strdup (name);
  item->list_price_paise = list_price_paise;
  item->charged_paise = list_price_paise;
  return item;
}

void
ld_order_item_free (LdOrderItem *item)
{
  if (item == NULL)
    return;

  g_free (item->kind);
  g_free (item->code);
  g_free (item->name);
  g_free (item->covered_by);
  g_free (item);
}

LdOrderTest *
ld_order_test_new (const char *code,
                   const char *name,
                   const char *specimen,
                   const char *container,
                   const char *item_code)
{
  LdOrderTest *test = g_new0 (LdOrderTest, 1);

  test->code = g_strdup (code);
  test->name = g_strdup (name);
  test->specimen = g_strdup (specimen);
  test->container = g_strdup (container);
  test->item_code = g_strdup (item_code);
  return test;
}

void
ld_order_test_free (LdOrderTest *test)
{
  if (test == NULL)
    return;

  g_free (test->code);
  g_free (test->name);
  g_free (test->specimen);
  g_free (test->container);
  g_free (test->item_code);
  g_free (test);
}

LdPayment *
ld_payment_new (void)
{
  LdPayment *payment = g_new0 (LdPayment, 1);

  payment->tendered_paise = -1;
  payment->change_paise = -1;
  payment->version = 1;
  return payment;
}

void
ld_payment_free (LdPayment *payment)
{
  if (payment == NULL)
    return;

  g_free (payment->id);
  g_free (payment->order_id);
  g_free (payment->kind);
  g_free (payment->method);
  g_free (payment->status);
  g_free (payment->reference);
  g_free (payment->gateway_order_id);
  g_free (payment->failure_reason);
  g_free (payment->reason);
  g_free (payment->taken_by);
  g_free (payment->decided_by);
  g_free (payment->created_at);
  g_free (payment->decided_at);
  g_free (payment);
}

static void
add_optional_amount (JsonBuilder *builder,
                     const char  *name,
                     gint64       paise)
{
  json_builder_set_member_name (builder, name);
  if (paise >= 0)
    json_builder_add_int_value (builder, paise);
  else
    json_builder_add_null_value (builder);
}

void
ld_payment_to_json (const LdPayment *payment,
                    JsonBuilder     *builder)
{
  g_return_if_fail (payment != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", payment->id);
  ld_json_builder_add_string (builder, "order_id", payment->order_id);
  ld_json_builder_add_string (builder, "kind", payment->kind);
  ld_json_builder_add_string (builder, "method", payment->method);
  ld_json_builder_add_string (builder, "status", payment->status);
  ld_json_builder_add_int (builder, "amount_paise", payment->amount_paise);
  add_optional_amount (builder, "tendered_paise", payment->tendered_paise);
  add_optional_amount (builder, "change_paise", payment->change_paise);
  ld_json_builder_add_string (builder, "reference", payment->reference);
  ld_json_builder_add_string (builder, "gateway_order_id", payment->gateway_order_id);
  ld_json_builder_add_string (builder, "failure_reason", payment->failure_reason);
  ld_json_builder_add_string (builder, "reason", payment->reason);
  ld_json_builder_add_string (builder, "taken_by", payment->taken_by);
  ld_json_builder_add_string (builder, "decided_by", payment->decided_by);
  ld_json_builder_add_string (builder, "created_at", payment->created_at);
  ld_json_builder_add_string (builder, "decided_at", payment->decided_at);
  ld_json_builder_add_int (builder, "version", payment->version);
  json_builder_end_object (builder);
}

LdOrder *
ld_order_new (void)
{
  LdOrder *order = g_new0 (LdOrder, 1);

  order->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_item_free);
  order->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_test_free);
  order->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_payment_free);
  order->priced = TRUE;
  order->version = 1;
  return order;
}

void
ld_order_free (LdOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->id);
  g_free (order->number);
  g_free (order->patient_id);
  g_free (order->patient_mrn);
  g_free (order->patient_name);
  g_free (order->patient_phone);
  g_free (order->source);
  g_free (order->channel);
  g_free (order->doctor_id);
  g_free (order->referring_doctor_name);
  g_free (order->visit_id);
  g_free (order->doctor_name);
  g_free (order->priority);
  g_free (order->clinical_notes);
  g_free (order->collection);
  g_free (order->home_address);
  g_free (order->home_slot_start);
  g_free (order->home_slot_end);
  g_free (order->discount_kind);
  g_free (order->discount_reason);
  g_free (order->payment_state);
  g_free (order->lab_state);
  g_free (order->cancel_reason);
  g_free (order->expires_at);
  g_free (order->created_by);
  g_free (order->created_at);
  g_free (order->updated_at);
  g_free (order->technician_id);
  g_clear_pointer (&order->items, g_ptr_array_unref);
  g_clear_pointer (&order->tests, g_ptr_array_unref);
  g_clear_pointer (&order->payments, g_ptr_array_unref);
  g_free (order);
}

/* GCopyFunc()s for g_ptr_array_copy(). */
static gpointer
copy_payment (gconstpointer data,
              gpointer      user_data)
{
  const LdPayment *payment = data;
  LdPayment *copy = g_memdup2 (payment, sizeof *payment);

  copy->id = g_strdup (payment->id);
  copy->order_id = g_strdup (payment->order_id);
  copy->kind = g_strdup (payment->kind);
  copy->method = g_strdup (payment->method);
  copy->status = g_strdup (payment->status);
  copy->reference = g_strdup (payment->reference);
  copy->gateway_order_id = g_strdup (payment->gateway_order_id);
  copy->failure_reason = g_strdup (payment->failure_reason);
  copy->reason = g_strdup (payment->reason);
  copy->taken_by = g_strdup (payment->taken_by);
  copy->decided_by = g_strdup (payment->decided_by);
  copy->created_at = g_strdup (payment->created_at);
  copy->decided_at = g_strdup (payment->decided_at);
  return copy;
}

static gpointer
copy_item (gconstpointer data,
           gpointer      user_data)
{
  const LdOrderItem *item = data;
  LdOrderItem       *copy =
    ld_order_item_new (item->kind, item->code, item->name, item->list_price_paise);

  copy->charged_paise = item->charged_paise;
  copy->covered_by = g_strdup (item->covered_by);
  return copy;
}

static gpointer
copy_test (gconstpointer data,
           gpointer      user_data)
{
  const LdOrderTest *test = data;

  return ld_order_test_new (test->code, test->name, test->specimen, test->container,
                            test->item_code);
}

/**
 * ld_order_copy:
 * @order: an order
 *
 * A deep copy, for #LD_TYPE_ORDER (a list row's #LdCacheRecord:order).
 *
 * Returns: (transfer full): the copy
 */
LdOrder *
ld_order_copy (const LdOrder *order)
{
  LdOrder *copy;

  g_return_val_if_fail (order != NULL, NULL);

  copy = g_memdup2 (order, sizeof *order);
  copy->id = g_strdup (order->id);
  copy->number = g_strdup (order->number);
  copy->patient_id = g_strdup (order->patient_id);
  copy->patient_mrn = g_strdup (order->patient_mrn);
  copy->patient_name = g_strdup (order->patient_name);
  copy->patient_phone = g_strdup (order->patient_phone);
  copy->source = g_strdup (order->source);
  copy->channel = g_strdup (order->channel);
  copy->doctor_id = g_strdup (order->doctor_id);
  copy->referring_doctor_name = g_strdup (order->referring_doctor_name);
  copy->visit_id = g_strdup (order->visit_id);
  copy->doctor_name = g_strdup (order->doctor_name);
  copy->priority = g_strdup (order->priority);
  copy->clinical_notes = g_strdup (order->clinical_notes);
  copy->collection = g_strdup (order->collection);
  copy->home_address = g_strdup (order->home_address);
  copy->home_slot_start = g_strdup (order->home_slot_start);
  copy->home_slot_end = g_strdup (order->home_slot_end);
  copy->discount_kind = g_strdup (order->discount_kind);
  copy->discount_reason = g_strdup (order->discount_reason);
  copy->payment_state = g_strdup (order->payment_state);
  copy->lab_state = g_strdup (order->lab_state);
  copy->cancel_reason = g_strdup (order->cancel_reason);
  copy->expires_at = g_strdup (order->expires_at);
  copy->created_by = g_strdup (order->created_by);
  copy->created_at = g_strdup (order->created_at);
  copy->updated_at = g_strdup (order->updated_at);
  copy->technician_id = g_strdup (order->technician_id);
  copy->items = g_ptr_array_copy (order->items, copy_item, NULL);
  g_ptr_array_set_free_func (copy->items, (GDestroyNotify) ld_order_item_free);
  copy->tests = g_ptr_array_copy (order->tests, copy_test, NULL);
  g_ptr_array_set_free_func (copy->tests, (GDestroyNotify) ld_order_test_free);
  copy->payments =
    g_ptr_array_copy (order->payments, copy_payment, NULL);
  g_ptr_array_set_free_func (copy->payments, (GDestroyNotify) ld_payment_free);
  return copy;
}

G_DEFINE_BOXED_TYPE (LdOrder, ld_order, ld_order_copy, ld_order_free)

/* What is still to be paid; never negative. A refund gives money back
 * for work the lab will not do, so it does not make anything due again. */
gint64
ld_order_get_balance (const LdOrder *order)
{
  g_return_val_if_fail (order != NULL, 0);

  return MAX (0, order->total_paise - order->paid_paise);
}

/**
 * ld_order_payment_lets_collect:
 * @payment_state: (nullable): an order's payment state
 *
 * Samples are taken once the order is paid for, or cash on collection is
 * promised (the cash is taken at collection). A part refund before
 * collection gives back money for work the lab will not do; what remains
 * is paid for, so the order is still collected. A full refund is not.
 *
 * Returns: %TRUE if an order in @payment_state may be collected
 */
gboolean
ld_order_payment_lets_collect (const char *payment_state)
{
  switch (ld_payment_state_parse (payment_state))
    {
    case LD_PAYMENT_STATE_PAID:
    case LD_PAYMENT_STATE_PARTLY_REFUNDED:
    case LD_PAYMENT_STATE_COD_PENDING:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Neither cancelled nor expired. */
gboolean
ld_order_is_open (const LdOrder *order)
{
  LdLabState state;

  g_return_val_if_fail (order != NULL, FALSE);

  state = ld_lab_state_parse (order->lab_state);
  return state != LD_LAB_STATE_CANCELLED && state != LD_LAB_STATE_EXPIRED;
}

/**
 * ld_order_check_referring_doctor:
 * @doctor_id: (nullable): the doctor user the order names, if any
 * @name: (nullable): an outside referring doctor's name, as typed
 *
 * The rule for an order's referring doctor, which the desk's form checks
 * as the name is typed and the server checks again: an order names at
 * most one, a doctor user or a typed name, never both (a doctor's own
 * prescription names that doctor). A name is one line of at most
 * %LD_ORDER_REFERRING_DOCTOR_MAX_CHARS characters, not counting spaces at
 * either end (which are not kept), and not blank.
 *
 * Returns: (nullable): what is wrong with @name, as the server words it
 *   for the field `referring_doctor_name`, or %NULL when it may be kept
 */
const char *
ld_order_check_referring_doctor (const char *doctor_id,
                                 const char *name)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL)
    return NULL;

  if (doctor_id != NULL)
    return "must not be given with doctor_id: an order names one referring doctor";

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return "must not be empty";
  if (!g_utf8_validate (trimmed, -1, NULL))
    return "must be text";
  if ((gsize) g_utf8_strlen (trimmed, -1) > LD_ORDER_REFERRING_DOCTOR_MAX_CHARS)
    return "must be at most " G_STRINGIFY (LD_ORDER_REFERRING_DOCTOR_MAX_CHARS) " characters long";
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return "must be one line, without control characters";

  return NULL;
}

/**
 * ld_order_items_to_json:
 * @builder: a builder, inside an object
 * @items: (element-type LdOrderItem): an order's items
 *
 * Adds the "items" member as an order's JSON has it.
 */
void
ld_order_items_to_json (JsonBuilder *builder,
                        GPtrArray   *items)
{
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "kind", item->kind);
      ld_json_builder_add_string (builder, "code", item->code);
      ld_json_builder_add_string (builder, "name", item->name);
      ld_json_builder_add_int (builder, "list_price_paise", item->list_price_paise);
      ld_json_builder_add_int (builder, "charged_paise", item->charged_paise);
      ld_json_builder_add_string (builder, "covered_by", item->covered_by);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * ld_order_tests_to_json:
 * @builder: a builder, inside an object
 * @tests: (element-type LdOrderTest): an order's tests
 *
 * Adds the "tests" member as an order's JSON has it.
 */
void
ld_order_tests_to_json (JsonBuilder *builder,
                        GPtrArray   *tests)
{
  json_builder_set_member_name (builder, "tests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (tests, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "code", test->code);
      ld_json_builder_add_string (builder, "name", test->name);
      ld_json_builder_add_string (builder, "specimen", test->specimen);
      ld_json_builder_add_string (builder, "container", test->container);
      ld_json_builder_add_string (builder, "item_code", test->item_code);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_discount (JsonBuilder   *builder,
              const LdOrder *order)
{
  json_builder_set_member_name (builder, "discount");
  if (order->discount_kind == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "kind", order->discount_kind);
  ld_json_builder_add_int (builder, "value", order->discount_value);
  ld_json_builder_add_string (builder, "reason", order->discount_reason);
  json_builder_end_object (builder);
}

static void
add_home_visit (JsonBuilder   *builder,
                const LdOrder *order)
{
  json_builder_set_member_name (builder, "home_visit");
  if (order->home_address == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "address", order->home_address);
  ld_json_builder_add_string (builder, "slot_start", order->home_slot_start);
  ld_json_builder_add_string (builder, "slot_end", order->home_slot_end);
  json_builder_end_object (builder);
}

/**
 * ld_order_add_patient_member:
 * @builder: a builder inside an object
 * @id: the patient's id
 * @mrn: (nullable): their MRN
 * @name: (nullable): their name
 *
 * Writes the member `"patient": {"id", "mrn", "name"}` as an order names
 * its patient, for every answer that names one beside an order.
 */
void
ld_order_add_patient_member (JsonBuilder *builder,
                             const char  *id,
                             const char  *mrn,
                             const char  *name)
{
  json_builder_set_member_name (builder, "patient");
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", id);
  ld_json_builder_add_string (builder, "mrn", mrn);
  ld_json_builder_add_string (builder, "name", name);
  json_builder_end_object (builder);
}

/* Opens an order's object with what names it: id, number and patient. */
static void
begin_order (JsonBuilder   *builder,
             const LdOrder *order)
{
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", order->id);
  ld_json_builder_add_string (builder, "number", order->number);
  ld_order_add_patient_member (builder, order->patient_id, order->patient_mrn, order->patient_name);
}

void
ld_order_to_json (const LdOrder *order,
                  JsonBuilder   *builder)
{
  g_return_if_fail (order != NULL);

  begin_order (builder, order);
  ld_json_builder_add_string (builder, "source", order->source);
  ld_json_builder_add_string (builder, "channel", order->channel);
  ld_json_builder_add_string (builder, "doctor_id", order->doctor_id);
  ld_json_builder_add_string (builder, "doctor_name", order->doctor_name);
  ld_json_builder_add_string (builder, "referring_doctor_name", order->referring_doctor_name);
  ld_json_builder_add_string (builder, "visit_id", order->visit_id);
  ld_json_builder_add_string (builder, "priority", order->priority);
  ld_json_builder_add_string (builder, "clinical_notes", order->clinical_notes);
  ld_json_builder_add_string (builder, "collection", order->collection);
  add_home_visit (builder, order);
  ld_order_items_to_json (builder, order->items);
  ld_order_tests_to_json (builder, order->tests);
  ld_json_builder_add_int (builder, "subtotal_paise", order->subtotal_paise);
  add_discount (builder, order);
  ld_json_builder_add_int (builder, "discount_paise", order->discount_paise);
  ld_json_builder_add_int (builder, "home_fee_paise", order->home_fee_paise);
  ld_json_builder_add_int (builder, "tax_paise", order->tax_paise);
  ld_json_builder_add_int (builder, "total_paise", order->total_paise);
  ld_json_builder_add_int (builder, "paid_paise", order->paid_paise);
  ld_json_builder_add_int (builder, "refunded_paise", order->refunded_paise);
  ld_json_builder_add_int (builder, "balance_paise", ld_order_get_balance (order));
  ld_json_builder_add_string (builder, "payment_state", order->payment_state);
  ld_json_builder_add_bool (builder, "online_payment_pending", order->online_pending);
  ld_json_builder_add_string (builder, "lab_state", order->lab_state);
  ld_json_builder_add_string (builder, "technician_id", order->technician_id);
  ld_json_builder_add_bool (builder, "collection_overdue", order->collection_overdue);
  ld_json_builder_add_bool (builder, "awaiting_recollection", order->awaiting_recollection);
  ld_json_builder_add_string (builder, "cancel_reason", order->cancel_reason);
  ld_json_builder_add_string (builder, "expires_at", order->expires_at);
  ld_json_builder_add_string (builder, "created_by", order->created_by);
  ld_json_builder_add_string (builder, "created_at", order->created_at);
  ld_json_builder_add_string (builder, "updated_at", order->updated_at);
  ld_json_builder_add_int (builder, "version", order->version);
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < order->payments->len; i++)
    ld_payment_to_json (g_ptr_array_index (order->payments, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The order as a JSON object, as the API shows it. */
JsonNode *
ld_order_to_node (const LdOrder *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_order_to_json (order, builder);
  return json_builder_get_root (builder);
}

/**
 * ld_order_money_to_json:
 * @order: an order; its lines and payments are not used
 * @builder: where to write
 *
 * Writes what the desk's list of orders still owing money shows of an
 * order: its number, patient, total, what was paid, the balance, payment
 * and lab states, when it was made, when it expires unpaid and its home
 * visit, with the members named as in ld_order_to_json().
 */
void
ld_order_money_to_json (const LdOrder *order,
                        JsonBuilder   *builder)
{
  g_return_if_fail (order != NULL);

  begin_order (builder, order);
  ld_json_builder_add_int (builder, "total_paise", order->total_paise);
  ld_json_builder_add_int (builder, "paid_paise", order->paid_paise);
  ld_json_builder_add_int (builder, "balance_paise", ld_order_get_balance (order));
  ld_json_builder_add_string (builder, "payment_state", order->payment_state);
  ld_json_builder_add_bool (builder, "online_payment_pending", order->online_pending);
  ld_json_builder_add_string (builder, "lab_state", order->lab_state);
  ld_json_builder_add_string (builder, "created_at", order->created_at);
  ld_json_builder_add_string (builder, "expires_at", order->expires_at);
  add_home_visit (builder, order);
  ld_json_builder_add_int (builder, "version", order->version);
  json_builder_end_object (builder);
}
