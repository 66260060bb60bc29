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
#include "ld-states.h"
#include "ld-booking-body.h"
#include "ld-service-booking.h"
#include "ld-service-orders.h"

#define DEFAULT_PAGE 25
#define MAX_PAGE 100
#define MAX_REASON_CHARS 500


/* POST /api/v1/orders */
static gboolean
create_order (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdOrder) saved = NULL;
  g_auto(LdBookingRequest) request = { NULL };

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_booking_body_read (reader, order, &request);
  if (!ld_json_reader_finish (reader, error) ||
      (saved = ld_service_book_order (ld_http_request_get_service (req), order, &request, error)) ==
        NULL)
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
  static const char * const known[] = { "patient_id", "lab_state", "payment_state", "date", "limit",
                                        "after",      NULL };
  LdOrderFilter             filter = {
                NULL,
  };
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error) ||
      !query_get_choice (req, "lab_state", ld_state_names (LD_TYPE_LAB_STATE), &filter.lab_state,
                         error) ||
      !query_get_choice (req, "payment_state", ld_state_names (LD_TYPE_PAYMENT_STATE),
                         &filter.payment_state, error) ||
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
  g_autoptr(LdOrder) order = NULL;

  order =
    ld_service_read_order (ld_http_request_get_service (req),
                           ld_permissions_lookup (req->method, req->route), id, number, error);
  if (order == NULL)
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
  if (ld_identifier_parse (ld_http_request_get_param (req, "number"), &number) !=
      LD_IDENTIFIER_ORDER)
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
  ld_json_reader_get_text (reader, "reason", LD_JSON_REQUIRED, MAX_REASON_CHARS, &reason);
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
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
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

  orders = ld_service_home_visits (ld_http_request_get_service (req), until_us, error);
  if (orders == NULL)
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
