/* ld-api-orders.c: making, listing, reading and cancelling orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order holds a patient's name, so reading one is audited like reading
 * the patient; a list is audited with its count, never its filters' text.
 */

#define G_LOG_DOMAIN "ld-api-orders"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-identifier.h"
#include "ld-desk-day.h"
#include "ld-json.h"
#include "ld-time.h"
#include "ld-care-access.h"
#include "ld-order-rules.h"
#include "ld-pricing.h"
#include "ld-service-orders.h"

#define DEFAULT_PAGE 25
#define MAX_PAGE 100
#define MAX_NOTES_CHARS 2000
#define MAX_REASON_CHARS 500
#define MAX_ADDRESS_CHARS 500

static const char * const priorities[] = { "routine", "urgent", "stat", NULL };
static const char * const lab_states[] = {
  "ordered", "collected", "in_process", "resulted", "verified", "reported", "cancelled", "expired", NULL
};
static const char * const payment_states[] = {
  "pending", "paid", "failed", "cod_pending", "cancelled", "expired", "refunded", "partly_refunded", NULL
};

static void
read_choice (LdJsonReader       *reader,
             const char         *name,
             const char * const *choices,
             const char         *fallback,
             char              **out_value)
{
  g_autofree char *value = NULL;

  if (ld_json_reader_get_string (reader, name, LD_JSON_OPTIONAL, &value) &&
      !g_strv_contains (choices, value))
    {
      g_autofree char *list = g_strjoinv (", ", (GStrv) choices);
      g_autofree char *message = g_strdup_printf ("must be one of %s", list);

      ld_json_reader_add_error (reader, name, message);
      return;
    }

  *out_value = value ? g_steal_pointer (&value) : g_strdup (fallback);
}

/* What the body asks for, before the catalogue and the money are looked at. */
typedef struct
{
  char           *id;
  char           *patient_id;
  GStrv           codes;
  char           *doctor_id;
  LdDiscountKind  discount_kind;
  gint64          discount_value;
  char           *discount_reason;
  gint64          home_slot_start_us;
  gint64          home_slot_end_us;
} OrderRequest;

static void
order_request_clear (OrderRequest *request)
{
  g_free (request->id);
  g_free (request->patient_id);
  g_strfreev (request->codes);
  g_free (request->doctor_id);
  g_free (request->discount_reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrderRequest, order_request_clear)

static void
read_discount (LdJsonReader *reader,
               OrderRequest *request)
{
  LdJsonReader *discount = ld_json_reader_get_object (reader, "discount", LD_JSON_NULLABLE);
  g_autofree char *kind = NULL;

  if (discount == NULL)
    return;

  if (ld_json_reader_get_string (discount, "kind", LD_JSON_REQUIRED, &kind))
    {
      if (g_str_equal (kind, "amount"))
        request->discount_kind = LD_DISCOUNT_AMOUNT;
      else if (g_str_equal (kind, "percent"))
        request->discount_kind = LD_DISCOUNT_PERCENT;
      else
        ld_json_reader_add_error (discount, "kind", "must be amount or percent");
    }
  ld_json_reader_get_int (discount, "value", LD_JSON_REQUIRED, &request->discount_value);
  ld_api_order_read_text (discount, "reason", LD_JSON_REQUIRED, MAX_REASON_CHARS,
                          &request->discount_reason);
  ld_json_reader_end_object (reader, "discount", discount);
}

static void
read_slot_time (LdJsonReader *visit,
                const char   *name,
                gint64       *out_us)
{
  g_autofree char *text = NULL;

  if (ld_json_reader_get_string (visit, name, LD_JSON_REQUIRED, &text) &&
      !ld_time_parse_rfc3339 (text, out_us))
    ld_json_reader_add_error (visit, name, "must be a time such as 2026-11-23T09:00:00+05:30");
}

static void
read_home_visit (LdJsonReader *reader,
                 LdOrder      *order,
                 OrderRequest *request)
{
  gboolean home = g_strcmp0 (order->collection, "home") == 0;
  LdJsonReader *visit = ld_json_reader_get_object (reader, "home_visit",
                                                   home ? LD_JSON_REQUIRED : LD_JSON_NULLABLE);

  if (visit == NULL)
    return;

  if (!home)
    ld_json_reader_add_error (visit, "address", "is only for a home collection");
  ld_api_order_read_text (visit, "address", LD_JSON_REQUIRED, MAX_ADDRESS_CHARS, &order->home_address);
  read_slot_time (visit, "slot_start", &request->home_slot_start_us);
  read_slot_time (visit, "slot_end", &request->home_slot_end_us);
  ld_json_reader_end_object (reader, "home_visit", visit);
}

/* An outside doctor's name, as the desk typed it from the slip. Whether
 * the order also names a doctor user is checked once that is known. */
static void
read_referring_doctor (LdJsonReader *reader,
                       LdOrder      *order)
{
  g_autofree char *name = NULL;
  const char *problem;

  if (!ld_json_reader_get_string (reader, "referring_doctor_name", LD_JSON_NULLABLE, &name))
    return;

  problem = ld_order_check_referring_doctor (NULL, name);
  if (problem != NULL)
    ld_json_reader_add_error (reader, "referring_doctor_name", problem);
  else
    order->referring_doctor_name = g_strstrip (g_steal_pointer (&name));
}

static void
read_order_request (LdJsonReader *reader,
                    LdOrder      *order,
                    OrderRequest *request)
{
  if (ld_json_reader_get_string (reader, "id", LD_JSON_OPTIONAL, &request->id) &&
      !g_uuid_string_is_valid (request->id))
    ld_json_reader_add_error (reader, "id", "must be a UUID");
  ld_json_reader_get_string (reader, "patient_id", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY,
                             &request->patient_id);
  if (ld_json_reader_get_strv (reader, "items", LD_JSON_REQUIRED, &request->codes))
    {
      guint n = g_strv_length (request->codes);

      if (n == 0 || n > LD_ORDER_MAX_ITEMS)
        ld_json_reader_add_error (reader, "items", "must name 1 to 50 tests or panels");
      for (guint i = 0; i < n; i++)
        if (g_strv_contains ((const char * const *) request->codes + i + 1, request->codes[i]))
          ld_json_reader_add_error (reader, "items", "names the same code twice");
    }
  read_choice (reader, "priority", priorities, "routine", &order->priority);
  read_choice (reader, "collection", (const char * const[]) { "lab", "home", NULL }, "lab",
               &order->collection);
  ld_api_order_read_text (reader, "clinical_notes", LD_JSON_NULLABLE, MAX_NOTES_CHARS,
                          &order->clinical_notes);
  ld_json_reader_get_string (reader, "doctor_id", LD_JSON_NULLABLE, &request->doctor_id);
  read_referring_doctor (reader, order);
  read_discount (reader, request);
  read_home_visit (reader, order, request);
}

static LdCatalogTest *
find_test (const char *code,
           gpointer    user_data)
{
  return ld_store_catalog_get_test (((LdHttpRequest *) user_data)->store, code, NULL);
}

static LdCatalogPanel *
find_panel (const char *code,
            gpointer    user_data)
{
  return ld_store_catalog_get_panel (((LdHttpRequest *) user_data)->store, code, NULL);
}

/* Finds every cart code in the catalogue; problems go to @reader's "items". */
static void
resolve_cart (LdCart        *cart,
              LdHttpRequest *req,
              GStrv          codes,
              LdJsonReader  *reader)
{
  ld_cart_init (cart, find_test, find_panel, req);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *message = ld_cart_add (cart, codes[i]);

      if (message != NULL)
        ld_json_reader_add_error (reader, "items", message);
    }
}

/* The ordering doctor named by the desk must be an active doctor. */
static void
check_doctor (LdHttpRequest *req,
              const char    *doctor_id,
              LdJsonReader  *reader)
{
  g_autoptr(LdUser) doctor = NULL;

  if (doctor_id == NULL)
    return;

  doctor = ld_store_users_get (req->store, doctor_id, NULL);
  if (doctor == NULL || ld_user_get_disabled (doctor) ||
      !(ld_user_get_roles (doctor) & LD_ROLE_DOCTOR))
    ld_json_reader_add_error (reader, "doctor_id", "is not an active doctor");
}

static void
check_patient (LdHttpRequest *req,
               LdOrder       *order,
               LdJsonReader  *reader)
{
  g_autoptr(LdPatient) patient = NULL;

  if (order->patient_id == NULL)
    return;

  patient = ld_store_patients_get (req->store, order->patient_id, NULL);
  if (patient == NULL)
    ld_json_reader_add_error (reader, "patient_id", "is not a registered patient");
}

/* Prices the cart and fills in the order's money; a discount over the
 * limit is recorded on @reader. */
static void
price_order (LdHttpRequest      *req,
             LdCart             *cart,
             const OrderRequest *request,
             const LdSettings   *settings,
             LdOrder            *order,
             LdJsonReader       *reader)
{
  LdOrderMoney money;
  const char *problem;

  problem = ld_pricing_price_order ((const LdCartEntry *) cart->entries->data, cart->entries->len,
                                    cart->tests_by_code, request->discount_kind,
                                    request->discount_value, g_str_equal (order->collection, "home"),
                                    settings, order->items, order->tests, &money);
  if (problem != NULL)
    ld_json_reader_add_error (reader, "discount.value", problem);
  if (request->discount_kind != LD_DISCOUNT_NONE)
    {
      order->discount_kind = g_strdup (request->discount_kind == LD_DISCOUNT_AMOUNT ? "amount" : "percent");
      order->discount_value = request->discount_value;
      order->discount_reason = g_strdup (request->discount_reason);
    }

  order->subtotal_paise = money.subtotal;
  order->discount_paise = money.discount;
  order->home_fee_paise = money.home_fee;
  order->tax_paise = money.tax;
  order->total_paise = money.total;
}

/* POST /api/v1/orders */
static gboolean
create_order (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(JsonObject) nothing = json_object_new ();
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GError) insert_error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_auto(OrderRequest) request = { NULL, };
  g_auto(LdCart) cart = { NULL, };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *detail = NULL;
  const LdSettings *settings;
  gint64 now_us = ld_time_now ();
  LdRole roles = ld_user_get_roles (req->user);

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  read_order_request (reader, order, &request);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error) ||
      (settings = ld_http_request_get_settings (req, error)) == NULL)
    return FALSE;

  order->id = request.id ? g_strdup (request.id) : g_uuid_string_random ();
  order->patient_id = g_strdup (request.patient_id);
  order->created_by = g_strdup (ld_user_get_id (req->user));
  /* A doctor's own order is a prescription; the desk books for a doctor. */
  if ((roles & LD_ROLE_DOCTOR) && !(roles & (LD_ROLE_RECEPTION | LD_ROLE_ADMIN)))
    {
      order->source = g_strdup ("doctor");
      order->doctor_id = g_strdup (ld_user_get_id (req->user));
    }
  else
    {
      order->source = g_strdup ("desk");
      order->doctor_id = g_strdup (request.doctor_id);
    }

  /* What the body means, checked against the database: errors of their own. */
  g_clear_pointer (&reader, ld_json_reader_free);
  reader = ld_json_reader_new (nothing);
  check_patient (req, order, reader);
  check_doctor (req, request.doctor_id, reader);
  if (order->referring_doctor_name != NULL)
    {
      const char *problem = ld_order_check_referring_doctor (order->doctor_id,
                                                             order->referring_doctor_name);

      if (problem != NULL)
        ld_json_reader_add_error (reader, "referring_doctor_name", problem);
    }
  resolve_cart (&cart, req, request.codes, reader);
  if (order->home_address != NULL)
    {
      const char *problem = ld_order_check_home_slot (request.home_slot_start_us,
                                                      request.home_slot_end_us, now_us, zone);

      if (problem != NULL)
        ld_json_reader_add_error (reader, "home_visit.slot_start", problem);
      order->home_slot_start = ld_time_format_rfc3339 (request.home_slot_start_us);
      order->home_slot_end = ld_time_format_rfc3339 (request.home_slot_end_us);
    }
  price_order (req, &cart, &request, settings, order, reader);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_store_orders_insert (req->store, order, now_us,
                               now_us + settings->order_expiry_hours * G_TIME_SPAN_HOUR,
                               order->home_address ? request.home_slot_start_us : 0,
                               &insert_error))
    return ld_http_error_taken (insert_error, "id", "An order with this id already exists.", error);

  detail = g_strdup_printf ("%s, total %" G_GINT64_FORMAT " paise", order->number, order->total_paise);
  saved = ld_service_order_changed (ld_http_request_get_service (req), order->id, "order.create", detail, error);
  if (saved == NULL || !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_api_order_respond (req, SOUP_STATUS_CREATED, saved);
  return TRUE;
}

static gboolean
query_get_choice (LdHttpRequest       *req,
                  const char          *name,
                  const char * const  *choices,
                  const char         **out_value,
                  GError             **error)
{
  const char *value = ld_http_request_get_query (req, name);

  if (value != NULL && !g_strv_contains (choices, value))
    {
      ld_api_refuse_query (error, name, "is not a known state");
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* GET /api/v1/orders?patient_id=…&lab_state=…&payment_state=…&date=…&limit=…&after=… */
static gboolean
list_orders (LdHttpRequest  *req,
             GError        **error)
{
  static const char * const known[] = {
    "patient_id", "lab_state", "payment_state", "date", "limit", "after", NULL
  };
  LdOrderFilter filter = { NULL, };
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error) ||
      !query_get_choice (req, "lab_state", lab_states, &filter.lab_state, error) ||
      !query_get_choice (req, "payment_state", payment_states, &filter.payment_state, error) ||
      !ld_api_query_get_day (req, "date", FALSE, &filter.from_us, &filter.until_us, error))
    return FALSE;

  filter.patient_id = ld_http_request_get_query (req, "patient_id");
  /* Need-to-know: a doctor lists one of their own patients' orders. */
  if (filter.patient_id == NULL &&
      !ld_care_access_reads_freely (ld_user_get_roles (req->user),
                                    ld_permissions_lookup (req->method, req->route)))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                           "A doctor lists the orders of one of their patients (patient_id),"
                           " or their own at /api/v1/doctors/me/orders.");
      return FALSE;
    }
  if (filter.patient_id != NULL && !ld_api_care_check (req, filter.patient_id, error))
    return FALSE;
  return ld_api_order_page (req, &filter, limit, ld_store_orders_list, "order.list",
                            (LdJsonWriteFunc) ld_order_to_json, error);
}

/* Answers one order, read by id or by number, audited as a read of the
 * patient's data. */
static gboolean
read_order (LdHttpRequest  *req,
            const char     *id,
            const char     *number,
            GError        **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;

  if (!ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  order = id != NULL ? ld_store_orders_get (req->store, id, error)
                     : ld_store_orders_find_number (req->store, number, error);
  if (order == NULL || !ld_api_care_check (req, order->patient_id, error) ||
      !ld_http_request_audit (req, "order.read", "order", order->id, NULL, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_api_order_respond (req, SOUP_STATUS_OK, order);
  return TRUE;
}

/* GET /api/v1/orders/{id} */
static gboolean
get_order (LdHttpRequest  *req,
           GError        **error)
{
  return read_order (req, ld_http_request_get_param (req, "id"), NULL, error);
}

/* GET /api/v1/orders/by-number/{number}: what a desk's scanner opens. */
static gboolean
get_order_by_number (LdHttpRequest  *req,
                     GError        **error)
{
  static const char * const known[] = { NULL };
  g_autofree char *number = NULL;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  /* Read as the desk's scanner reads it (ld-identifier.c): case and
   * spaces around it do not matter. */
  if (ld_identifier_parse (ld_http_request_get_param (req, "number"), &number) != LD_IDENTIFIER_ORDER)
    {
      ld_api_refuse_query (error, "number", "is not an order number such as O2611-000123");
      return FALSE;
    }

  return read_order (req, NULL, number, error);
}

/* POST /api/v1/orders/{id}/cancel */
static gboolean
cancel_order (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(LdOrder) current = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  gint64 version = 0;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_api_order_read_text (reader, "reason", LD_JSON_REQUIRED, MAX_REASON_CHARS, &reason);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_cancel_order (ld_http_request_get_service (req),
                                   ld_http_request_get_param (req, "id"), version, reason,
                                   &current, &local);
  if (saved == NULL && current != NULL)
    {
      /* A stale version: answered with the order as it is now. */
      ld_api_order_respond_stale (req, current);
      return TRUE;
    }
  if (saved == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  ld_api_order_respond (req, SOUP_STATUS_OK, saved);
  return TRUE;
}

/* The visits of one group, by the desk's own rule (ld-desk-day.c). */
static void
add_visits (JsonBuilder     *builder,
            const char      *name,
            GPtrArray       *orders,
            gint64           now_us,
            gint64           tomorrow_us,
            LdHomeVisitWhen  when)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < orders->len; i++)
    {
      const LdOrder *order = g_ptr_array_index (orders, i);
      gint64 start_us = 0, end_us = 0;

      ld_time_parse_rfc3339 (order->home_slot_start, &start_us);
      ld_time_parse_rfc3339 (order->home_slot_end, &end_us);
      if (ld_desk_home_visit_when (start_us, end_us, now_us, tomorrow_us) == when)
        ld_order_to_json (order, builder);
    }
  json_builder_end_array (builder);
}

/* GET /api/v1/home-visits?days=N: who to visit, in slot order. */
static gboolean
list_home_visits (LdHttpRequest  *req,
                  GError        **error)
{
  static const char * const known[] = { "days", NULL };
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *detail = NULL;
  const char *days_text = ld_http_request_get_query (req, "days");
  guint64 days = 7;
  gint64 now_us = ld_time_now ();
  gint64 tomorrow_us = ld_order_start_of_day (now_us, 1, zone);
  gint64 until_us;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  if (days_text != NULL && !g_ascii_string_to_unsigned (days_text, 10, 1, 31, &days, NULL))
    {
      ld_api_refuse_query (error, "days", "must be a whole number from 1 to 31");
      return FALSE;
    }
  until_us = ld_order_start_of_day (now_us, days + 1, zone);

  if (!ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;
  orders = ld_store_orders_home_visits (req->store, until_us, error);
  if (orders == NULL)
    return FALSE;
  detail = g_strdup_printf ("%u listed", orders->len);
  if (!ld_http_request_audit (req, "order.home_visits", "order", NULL, detail, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  /* The store lists only slots starting before until_us. */
  add_visits (builder, "overdue", orders, now_us, tomorrow_us, LD_HOME_VISIT_OVERDUE);
  add_visits (builder, "today", orders, now_us, tomorrow_us, LD_HOME_VISIT_TODAY);
  add_visits (builder, "upcoming", orders, now_us, tomorrow_us, LD_HOME_VISIT_UPCOMING);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_orders_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/orders", create_order);
  ld_router_add (router, "GET", "/api/v1/orders", list_orders);
  ld_router_add (router, "GET", "/api/v1/orders/{id}", get_order);
  ld_router_add (router, "GET", "/api/v1/orders/by-number/{number}", get_order_by_number);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/cancel", cancel_order);
  ld_router_add (router, "GET", "/api/v1/home-visits", list_home_visits);
}
