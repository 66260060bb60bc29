/* ld-api-lab.c: who works on an order, the worklist, and doctors' lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-lab"

#include "config.h"

#include "ld-api.h"
#include "ld-service-lab.h"
#include "ld-service-orders.h"
#include "ld-api-common.h"
#include "ld-time.h"
#include "ld-order-rules.h"
#include "ld-states.h"

#define DEFAULT_PAGE 25
#define MAX_PAGE 100

/* Answers the order as the lab service assigned it. */
static gboolean
respond_assigned (LdHttpRequest  *req,
                  LdOrder        *saved)
{
  g_autoptr(LdOrder) owned = saved;

  if (owned == NULL)
    return FALSE;

  ld_api_order_respond (req, SOUP_STATUS_OK, owned);
  return TRUE;
}

/* POST /api/v1/orders/{id}/claim: "assign to me", for an unassigned order. */
static gboolean
claim_order (LdHttpRequest  *req,
             GError        **error)
{
  if (!ld_http_request_read_empty (req, error))
    return FALSE;

  return respond_assigned (req, ld_service_assign_order (ld_http_request_get_service (req),
                                                         ld_http_request_get_param (req, "id"),
                                                         ld_user_get_id (req->user), FALSE,
                                                         error));
}

/* POST /api/v1/orders/{id}/assign: an admin gives the order to a technician. */
static gboolean
assign_order (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autofree char *technician_id = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_string (reader, "technician_id", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY,
                             &technician_id);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  return respond_assigned (req, ld_service_assign_order (ld_http_request_get_service (req),
                                                         ld_http_request_get_param (req, "id"),
                                                         technician_id, TRUE, error));
}

static gboolean
query_get_tab (LdHttpRequest  *req,
               LdWorklistTab  *out_tab,
               GError        **error)
{
  const char *name = ld_http_request_get_query (req, "tab");

  if (name == NULL)
    {
      *out_tab = LD_WORKLIST_READY;
      return TRUE;
    }
  if (!ld_worklist_tab_from_string (name, out_tab))
    {
      ld_api_refuse_query (error, "tab",
                           "must be ready, cod, processing, completed, failed or recollection");
      return FALSE;
    }

  return TRUE;
}

static int
priority_rank (const char *priority)
{
  return g_str_equal (priority, "stat") ? 0 : g_str_equal (priority, "urgent") ? 1 : 2;
}

/* The cursor after an order in a worklist: its priority, time and id. */
static char *
worklist_cursor (gconstpointer item)
{
  const LdOrder *order = item;
  g_autofree char *tail = ld_api_order_cursor (order);

  return g_strdup_printf ("%d_%s", priority_rank (order->priority), tail);
}

static gboolean
parse_worklist_cursor (const char        *cursor,
                       LdWorklistFilter  *filter)
{
  if (cursor[0] < '0' || cursor[0] > '2' || cursor[1] != '_')
    return FALSE;

  filter->after_rank = cursor[0] - '0';
  return ld_api_parse_order_cursor (cursor + 2, &filter->after_created_us, &filter->after_id);
}

/* GET /api/v1/worklist?tab=…&technician_id=…&priority=…&date=…&limit=…&after=… */
static gboolean
get_worklist (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { "tab",   "technician_id", "priority", "date",
                                        "limit", "after",         NULL };
  LdWorklistFilter          filter = {
             0,
  };
  gint64 counts[LD_WORKLIST_N_TABS];
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *after = ld_http_request_get_query (req, "after");
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error) ||
      !query_get_tab (req, &filter.tab, error) ||
      !ld_api_query_get_day (req, "date", FALSE, &filter.from_us, &filter.until_us, error))
    return FALSE;

  filter.technician_id = ld_http_request_get_query (req, "technician_id");
  filter.priority = ld_http_request_get_query (req, "priority");
  if (filter.priority != NULL &&
      !g_strv_contains (ld_state_names (LD_TYPE_PRIORITY), filter.priority))
    {
      ld_api_refuse_query (error, "priority", "must be routine, urgent or stat");
      return FALSE;
    }
  if (after != NULL && !parse_worklist_cursor (after, &filter))
    {
      ld_api_refuse_query (error, "after", "is not a cursor this server gave");
      return FALSE;
    }
  filter.limit = limit + 1;

  orders =
    ld_service_lab_worklist (ld_http_request_get_service (req), &filter, limit, counts, error);
  if (orders == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "tab", ld_worklist_tab_to_string (filter.tab));
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < LD_WORKLIST_N_TABS; i++)
    ld_json_builder_add_int (builder, ld_worklist_tab_to_string (i), counts[i]);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < MIN (orders->len, limit); i++)
    ld_order_to_json (g_ptr_array_index (orders, i), builder);
  json_builder_end_array (builder);
  if (orders->len > limit)
    {
      g_autofree char *next = worklist_cursor (g_ptr_array_index (orders, limit - 1));

      ld_json_builder_add_string (builder, "next", next);
    }
  else
    ld_json_builder_add_string (builder, "next", NULL);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/technicians/me/workload */
static gboolean
get_workload (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdWorkload load;

  if (!ld_store_lab_workload (req->store, ld_user_get_id (req->user),
                              ld_order_start_of_day (g_get_real_time (), 0, zone), &load, error))
    return FALSE;

  ld_workload_to_json (&load, builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* When a test's result is due: its turnaround after the sample was
 * collected; 0 when the collection time does not parse. */
static gint64
due_us (const LdOpenTest *test)
{
  gint64 collected_us;

  if (!ld_time_parse_rfc3339 (test->collected_at, &collected_us))
    return 0;
  return collected_us + test->turnaround_hours * G_TIME_SPAN_HOUR;
}

typedef struct
{
  char      *order_id;
  gint64     first_due_us;
  GPtrArray *tests;
} LateOrder;

static void
late_order_free (LateOrder *late)
{
  g_free (late->order_id);
  g_ptr_array_unref (late->tests);
  g_free (late);
}

static int
compare_late (gconstpointer a,
              gconstpointer b)
{
  const LateOrder *x = *(LateOrder * const *) a;
  const LateOrder *y = *(LateOrder * const *) b;

  if (x->first_due_us != y->first_due_us)
    return x->first_due_us < y->first_due_us ? -1 : 1;
  return strcmp (x->order_id, y->order_id);
}

/* GET /api/v1/technicians/me/late: the signed-in technician's orders
 * with a test past its turnaround, the longest overdue first. */
static gboolean
get_late_work (LdHttpRequest  *req,
               GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func ((GDestroyNotify) late_order_free);
  gint64 now = ld_time_now ();

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  tests = ld_store_lab_open_tests (req->store, ld_user_get_id (req->user), error);
  if (tests == NULL)
    return FALSE;

  for (guint i = 0; i < tests->len; i++)
    {
      LdOpenTest *test = g_ptr_array_index (tests, i);
      gint64 due = due_us (test);
      LateOrder *order = late->len ? g_ptr_array_index (late, late->len - 1) : NULL;

      if (due == 0 || due >= now)
        continue;
      if (order == NULL || !g_str_equal (order->order_id, test->order_id))
        {
          order = g_new0 (LateOrder, 1);
          order->order_id = g_strdup (test->order_id);
          order->first_due_us = due;
          order->tests = g_ptr_array_new ();
          g_ptr_array_add (late, order);
        }
      order->first_due_us = MIN (order->first_due_us, due);
      g_ptr_array_add (order->tests, test);
    }
  g_ptr_array_sort (late, compare_late);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < late->len; i++)
    {
      LateOrder *order = g_ptr_array_index (late, i);
      LdOrder *read = ld_store_orders_get (req->store, order->order_id, error);
      g_autoptr(LdLateOrder) item = NULL;

      if (read == NULL)
        return FALSE;
      item = ld_late_order_new (read);
      for (guint j = 0; j < order->tests->len; j++)
        {
          LdOpenTest *test = g_ptr_array_index (order->tests, j);
          g_autofree char *due = ld_time_format_rfc3339 (due_us (test));

          g_ptr_array_add (item->late_tests,
                           ld_late_test_new (test->code, test->name, test->turnaround_hours,
                                             test->collected_at, due));
        }
      ld_late_order_to_json (item, builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/doctors/me/orders?limit=…&after=… */
static gboolean
get_doctor_orders (LdHttpRequest  *req,
                   GError        **error)
{
  static const char * const known[] = { "limit", "after", NULL };
  g_autoptr(GPtrArray) orders = NULL;
  const char *after = ld_http_request_get_query (req, "after");
  const char *after_id = NULL;
  gint64 after_created_us = 0;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error))
    return FALSE;
  if (after != NULL && !ld_api_parse_order_cursor (after, &after_created_us, &after_id))
    {
      ld_api_refuse_query (error, "after", "is not a cursor this server gave");
      return FALSE;
    }

  orders = ld_service_lab_doctor_orders (ld_http_request_get_service (req), after_created_us,
                                         after_id, limit, error);
  if (orders == NULL)
    return FALSE;

  ld_http_respond_page (req, orders, limit, (LdJsonWriteFunc) ld_order_to_json,
                        ld_api_order_cursor);
  return TRUE;
}

/* GET /api/v1/doctors/me/patients: the patients the doctor has ordered for. */
static gboolean
get_doctor_patients (LdHttpRequest  *req,
                     GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) patients = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (patients = ld_service_lab_doctor_patients (ld_http_request_get_service (req), error)) ==
        NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < patients->len; i++)
    ld_patient_to_json (g_ptr_array_index (patients, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_lab_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/orders/{id}/claim", claim_order);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/assign", assign_order);
  ld_router_add (router, "GET", "/api/v1/worklist", get_worklist);
  ld_router_add (router, "GET", "/api/v1/technicians/me/workload", get_workload);
  ld_router_add (router, "GET", "/api/v1/technicians/me/late", get_late_work);
  ld_router_add (router, "GET", "/api/v1/doctors/me/orders", get_doctor_orders);
  ld_router_add (router, "GET", "/api/v1/doctors/me/patients", get_doctor_patients);
}
