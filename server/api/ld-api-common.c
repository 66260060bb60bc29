/* ld-api-common.c: what several handlers share (reading, answering, paging)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No handler calls into another handler's file (issue 30): what more
 * than one of them needs to read a body, answer an order or page a list
 * lives here, and what they need to change records lives in the service
 * layer (server/service/). This file registers no routes.
 */

#define G_LOG_DOMAIN "ld-api"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-permissions.h"
#include "ld-service-access.h"
#include "ld-service-care.h"
#include "ld-time.h"

void
ld_api_order_respond (LdHttpRequest *req,
                      guint          status,
                      const LdOrder *order)
{
  LdJsonOut out;

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_name (&out, "order");
  ld_order_write_json (order, &out);
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, status, "application/json", ld_json_out_end_text (&out));
}

/* The cursor after an order: when it was made and its id. */
char *
ld_api_order_cursor (gconstpointer item)
{
  const LdOrder *order = item;

  return g_strdup_printf ("%" G_GINT64_FORMAT "_%s", order->created_us, order->id);
}

gboolean
ld_api_parse_order_cursor (const char  *cursor,
                    gint64      *out_created_us,
                    const char **out_id)
{
  const char *sep = strchr (cursor, '_');
  g_autofree char *number = sep ? g_strndup (cursor, sep - cursor) : NULL;
  guint64 created_us;

  if (number == NULL ||
      !g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT64, &created_us, NULL) ||
      !g_uuid_string_is_valid (sep + 1))
    return FALSE;

  *out_created_us = created_us;
  *out_id = sep + 1;
  return TRUE;
}

void
ld_api_refuse_query (GError     **error,
                     const char  *name,
                     const char  *problem)
{
  GError *local =
    g_error_new (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, "Please check: %s.", name);

  ld_api_error_set_field (local, name, problem);
  g_propagate_error (error, local);
}

/**
 * ld_api_parse_day:
 * @text: (nullable): a date such as "2026-11-22"
 * @zone: the lab's time zone
 * @out_from_us: (out): the start of that day in @zone
 * @out_until_us: (out): the start of the next
 *
 * Returns: %TRUE when @text is a date
 */
gboolean
ld_api_parse_day (const char *text,
                  GTimeZone  *zone,
                  gint64     *out_from_us,
                  gint64     *out_until_us)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;
  GDate date;

  if (!ld_time_parse_date (text, &date))
    return FALSE;

  day = g_date_time_new (zone, g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date), 0, 0, 0);
  if (day == NULL)
    return FALSE;
  next = g_date_time_add_days (day, 1);
  *out_from_us = g_date_time_to_unix (day) * G_USEC_PER_SEC;
  *out_until_us = g_date_time_to_unix (next) * G_USEC_PER_SEC;
  return TRUE;
}

gboolean
ld_api_query_get_day (LdHttpRequest  *req,
                      const char     *name,
                      gboolean        required,
                      gint64         *out_from_us,
                      gint64         *out_until_us,
                      GError        **error)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  const char *text = ld_http_request_get_query (req, name);

  if (text == NULL && !required)
    return TRUE;

  if (!ld_api_parse_day (text, zone, out_from_us, out_until_us))
    {
      ld_api_refuse_query (error, name, "must be a date such as 2026-11-22");
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_api_order_page:
 * @req: a list request whose other query parameters are read
 * @filter: which orders; the page (`after`, @limit) is filled in here
 * @limit: the page size the client asked for
 * @list: reads the orders @filter selects from the store
 * @action: what the audit trail calls the read, such as "order.list"
 * @write_item: writes one order of the page
 * @error: return location for a #GError
 *
 * Answers a page of orders after the `after` cursor, read in one
 * transaction with its audit event, which counts the orders shown
 * (never the filters' text).
 *
 * Returns: %TRUE when answered
 */
typedef struct
{
  LdOrderFilter   *filter;
  guint            limit;
  LdOrderListFunc  list;
  GPtrArray       *orders;
} OrderPage;

static gboolean
read_order_page (LdStore        *store,
                 gpointer        data,
                 LdAuditedRead  *audited,
                 GError        **error)
{
  OrderPage *page = data;

  g_clear_pointer (&page->orders, g_ptr_array_unref);
  page->orders = page->list (store, page->filter, error);
  if (page->orders == NULL)
    return FALSE;

  audited->detail = g_strdup_printf ("%u shown", MIN (page->orders->len, page->limit));
  return TRUE;
}

gboolean
ld_api_order_page (LdHttpRequest    *req,
                   LdOrderFilter    *filter,
                   guint             limit,
                   LdOrderListFunc   list,
                   const char       *action,
                   LdJsonWriteFunc   write_item,
                   GError          **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  OrderPage page = { filter, limit, list, NULL };
  const char *after = ld_http_request_get_query (req, "after");
  gboolean read;

  if (after != NULL &&
      !ld_api_parse_order_cursor (after, &filter->after_created_us, &filter->after_id))
    {
      ld_api_refuse_query (error, "after", "is not a cursor this server gave");
      return FALSE;
    }
  filter->limit = limit + 1;

  read = ld_service_read_audited (ld_http_request_get_service (req), action, "order",
                                  read_order_page, &page, error);
  orders = g_steal_pointer (&page.orders);
  if (!read)
    return FALSE;

  ld_http_respond_page (req, orders, limit, write_item, ld_api_order_cursor);
  return TRUE;
}

/**
 * ld_api_order_respond_stale:
 * @req: a request
 * @order: the order as it is now
 *
 * Answers 409 with the order as it is, for a client that saw an older
 * version: it shows the desk the current state to act on again.
 */
void
ld_api_order_respond_stale (LdHttpRequest *req,
                            const LdOrder *order)
{
  g_autoptr(GError) stale = g_error_new (LD_API_ERROR, LD_API_ERROR_CONFLICT,
                                          "Order %s has changed since you saw it.", order->number);
  g_autoptr(JsonNode) current = ld_order_to_node (order);

  ld_http_respond_error (req, stale, current);
}

/**
 * ld_api_care_check:
 * @req: a read of a patient's clinical records, inside its transaction
 * @patient_id: the patient the records are about
 * @error: return location for a #GError; %LD_API_ERROR_FORBIDDEN when a
 *   doctor is not the patient's and holds no open grant
 *
 * Lets through a user the endpoint admits by a role other than doctor,
 * and a doctor who has ordered for the patient or broken the glass for
 * them within break_glass_minutes.
 *
 * Returns: %TRUE if the user may read them
 */
gboolean
ld_api_care_check (LdHttpRequest  *req,
                   const char     *patient_id,
                   GError        **error)
{
  const LdPermission *permission = ld_permissions_lookup (req->method, req->route);

  g_return_val_if_fail (req->user != NULL && permission != NULL, FALSE);

  return ld_service_care_check (ld_http_request_get_service (req), permission, patient_id, error);
}
