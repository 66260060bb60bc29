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
add_optional_amount (LdJsonOut *out,
                     const char  *name,
                     gint64       paise)
{
  if (paise >= 0)
    ld_json_out_int (out, name, paise);
  else
    ld_json_out_null (out, name);
}

void
ld_payment_write_json (const LdPayment *payment,
                    LdJsonOut *out)
{
  g_return_if_fail (payment != NULL);

  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "id", payment->id);
  ld_json_out_string (out, "order_id", payment->order_id);
  ld_json_out_string (out, "kind", payment->kind);
  ld_json_out_string (out, "method", payment->method);
  ld_json_out_string (out, "status", payment->status);
  ld_json_out_int (out, "amount_paise", payment->amount_paise);
  add_optional_amount (out, "tendered_paise", payment->tendered_paise);
  add_optional_amount (out, "change_paise", payment->change_paise);
  ld_json_out_string (out, "reference", payment->reference);
  ld_json_out_string (out, "gateway_order_id", payment->gateway_order_id);
  ld_json_out_string (out, "failure_reason", payment->failure_reason);
  ld_json_out_string (out, "reason", payment->reason);
  ld_json_out_string (out, "taken_by", payment->taken_by);
  ld_json_out_string (out, "decided_by", payment->decided_by);
  ld_json_out_string (out, "created_at", payment->created_at);
  ld_json_out_string (out, "decided_at", payment->decided_at);
  ld_json_out_int (out, "version", payment->version);
  ld_json_out_end_object (out);
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
  g_free (order->interpretation);
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
  copy->interpretation = g_strdup (order->interpretation);
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
 * ld_order_write_items:
 * @out: a writer, inside an object
 * @items: (element-type LdOrderItem): an order's items
 *
 * Adds the "items" member as an order's JSON has it.
 */
static void
ld_order_write_items (LdJsonOut *out,
                        GPtrArray   *items)
{
  ld_json_out_begin_array (out, "items");
  for (guint i = 0; i < items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (items, i);

      ld_json_out_begin_object (out, NULL);
      ld_json_out_string (out, "kind", item->kind);
      ld_json_out_string (out, "code", item->code);
      ld_json_out_string (out, "name", item->name);
      ld_json_out_int (out, "list_price_paise", item->list_price_paise);
      ld_json_out_int (out, "charged_paise", item->charged_paise);
      ld_json_out_string (out, "covered_by", item->covered_by);
      ld_json_out_end_object (out);
    }
  ld_json_out_end_array (out);
}

/**
 * ld_order_write_tests:
 * @out: a writer, inside an object
 * @tests: (element-type LdOrderTest): an order's tests
 *
 * Adds the "tests" member as an order's JSON has it.
 */
static void
ld_order_write_tests (LdJsonOut *out,
                        GPtrArray   *tests)
{
  ld_json_out_begin_array (out, "tests");
  for (guint i = 0; i < tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (tests, i);

      ld_json_out_begin_object (out, NULL);
      ld_json_out_string (out, "code", test->code);
      ld_json_out_string (out, "name", test->name);
      ld_json_out_string (out, "specimen", test->specimen);
      ld_json_out_string (out, "container", test->container);
      ld_json_out_string (out, "item_code", test->item_code);
      ld_json_out_end_object (out);
    }
  ld_json_out_end_array (out);
}

static void
add_discount (LdJsonOut *out,
              const LdOrder *order)
{
  if (order->discount_kind == NULL)
    {
      ld_json_out_null (out, "discount");
      return;
    }

  ld_json_out_begin_object (out, "discount");
  ld_json_out_string (out, "kind", order->discount_kind);
  ld_json_out_int (out, "value", order->discount_value);
  ld_json_out_string (out, "reason", order->discount_reason);
  ld_json_out_end_object (out);
}

static void
add_home_visit (LdJsonOut *out,
                const LdOrder *order)
{
  if (order->home_address == NULL)
    {
      ld_json_out_null (out, "home_visit");
      return;
    }

  ld_json_out_begin_object (out, "home_visit");
  ld_json_out_string (out, "address", order->home_address);
  ld_json_out_string (out, "slot_start", order->home_slot_start);
  ld_json_out_string (out, "slot_end", order->home_slot_end);
  ld_json_out_end_object (out);
}

/**
 * ld_order_write_patient:
 * @out: a writer inside an object
 * @id: the patient's id
 * @mrn: (nullable): their MRN
 * @name: (nullable): their name
 *
 * Writes the member `"patient": {"id", "mrn", "name"}` as an order names
 * its patient, for every answer that names one beside an order.
 */
static void
ld_order_write_patient (LdJsonOut *out,
                             const char  *id,
                             const char  *mrn,
                             const char  *name)
{
  ld_json_out_begin_object (out, "patient");
  ld_json_out_string (out, "id", id);
  ld_json_out_string (out, "mrn", mrn);
  ld_json_out_string (out, "name", name);
  ld_json_out_end_object (out);
}

/* Opens an order's object with what names it: id, number and patient. */
static void
begin_order (LdJsonOut *out,
             const LdOrder *order)
{
  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "id", order->id);
  ld_json_out_string (out, "number", order->number);
  ld_order_write_patient (out, order->patient_id, order->patient_mrn, order->patient_name);
}

void
ld_order_write_json (const LdOrder *order,
                  LdJsonOut *out)
{
  g_return_if_fail (order != NULL);

  begin_order (out, order);
  ld_json_out_string (out, "source", order->source);
  ld_json_out_string (out, "channel", order->channel);
  ld_json_out_string (out, "doctor_id", order->doctor_id);
  ld_json_out_string (out, "doctor_name", order->doctor_name);
  ld_json_out_string (out, "referring_doctor_name", order->referring_doctor_name);
  ld_json_out_string (out, "visit_id", order->visit_id);
  ld_json_out_string (out, "priority", order->priority);
  ld_json_out_string (out, "clinical_notes", order->clinical_notes);
  ld_json_out_string (out, "collection", order->collection);
  add_home_visit (out, order);
  ld_order_write_items (out, order->items);
  ld_order_write_tests (out, order->tests);
  ld_json_out_int (out, "subtotal_paise", order->subtotal_paise);
  add_discount (out, order);
  ld_json_out_int (out, "discount_paise", order->discount_paise);
  ld_json_out_int (out, "home_fee_paise", order->home_fee_paise);
  ld_json_out_int (out, "tax_paise", order->tax_paise);
  ld_json_out_int (out, "total_paise", order->total_paise);
  ld_json_out_int (out, "paid_paise", order->paid_paise);
  ld_json_out_int (out, "refunded_paise", order->refunded_paise);
  ld_json_out_int (out, "balance_paise", ld_order_get_balance (order));
  ld_json_out_string (out, "payment_state", order->payment_state);
  ld_json_out_bool (out, "online_payment_pending", order->online_pending);
  ld_json_out_string (out, "lab_state", order->lab_state);
  ld_json_out_string (out, "technician_id", order->technician_id);
  ld_json_out_bool (out, "collection_overdue", order->collection_overdue);
  ld_json_out_bool (out, "awaiting_recollection", order->awaiting_recollection);
  ld_json_out_string (out, "cancel_reason", order->cancel_reason);
  ld_json_out_string (out, "expires_at", order->expires_at);
  ld_json_out_string (out, "created_by", order->created_by);
  ld_json_out_string (out, "created_at", order->created_at);
  ld_json_out_string (out, "updated_at", order->updated_at);
  ld_json_out_int (out, "version", order->version);
  ld_json_out_begin_array (out, "payments");
  for (guint i = 0; i < order->payments->len; i++)
    ld_payment_write_json (g_ptr_array_index (order->payments, i), out);
  ld_json_out_end_array (out);
  ld_json_out_end_object (out);
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
 * ld_order_write_money_json:
 * @order: an order; its lines and payments are not used
 * @out: where to write
 *
 * Writes what the desk's list of orders still owing money shows of an
 * order: its number, patient, total, what was paid, the balance, payment
 * and lab states, when it was made, when it expires unpaid and its home
 * visit, with the members named as in ld_order_to_json().
 */
static void
ld_order_write_money_json (const LdOrder *order,
                        LdJsonOut *out)
{
  g_return_if_fail (order != NULL);

  begin_order (out, order);
  ld_json_out_int (out, "total_paise", order->total_paise);
  ld_json_out_int (out, "paid_paise", order->paid_paise);
  ld_json_out_int (out, "balance_paise", ld_order_get_balance (order));
  ld_json_out_string (out, "payment_state", order->payment_state);
  ld_json_out_bool (out, "online_payment_pending", order->online_pending);
  ld_json_out_string (out, "lab_state", order->lab_state);
  ld_json_out_string (out, "created_at", order->created_at);
  ld_json_out_string (out, "expires_at", order->expires_at);
  add_home_visit (out, order);
  ld_json_out_int (out, "version", order->version);
  ld_json_out_end_object (out);
}

/* The builder forms of the writers above, for a record inside a document
 * still built in a JsonBuilder. */
void
ld_payment_to_json (const LdPayment *payment,
                    JsonBuilder     *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_payment_write_json (payment, &out);
}

void
ld_order_to_json (const LdOrder *order,
                  JsonBuilder   *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_order_write_json (order, &out);
}

void
ld_order_money_to_json (const LdOrder *order,
                        JsonBuilder   *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_order_write_money_json (order, &out);
}

void
ld_order_items_to_json (JsonBuilder *builder,
                        GPtrArray   *items)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_order_write_items (&out, items);
}

void
ld_order_tests_to_json (JsonBuilder *builder,
                        GPtrArray   *tests)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_order_write_tests (&out, tests);
}

void
ld_order_add_patient_member (JsonBuilder *builder,
                             const char  *id,
                             const char  *mrn,
                             const char  *name)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_order_write_patient (&out, id, mrn, name);
}
