/* ld-api-analytics.c: the lab's figures for a period, as JSON and as CSV
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-analytics"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-time.h"
#include "../service/ld-read-pool.h"
#include "../store/ld-store-analytics.h"

/* The longest period a report covers, in days. */
#define PERIOD_MAX_DAYS 366

#define CSV_SUFFIX ".csv"

typedef struct
{
  /* Paused while the read runs. */
  LdHttpRequest *req;
  GDate      from;
  GArray    *day_starts;
  /* The one section asked for as CSV, or all of them as JSON. */
  gboolean   csv;
  LdAnalyticsSection section;
  char      *from_text;
  char      *to_text;
  char      *body;
} Analytics;

static void
analytics_free (Analytics *analytics)
{
  g_clear_pointer (&analytics->day_starts, g_array_unref);
  g_free (analytics->from_text);
  g_free (analytics->to_text);
  g_free (analytics->body);
  g_free (analytics);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Analytics, analytics_free)

/**
 * ld_api_query_get_period:
 * @req: a request with `from` and `to` in its query
 * @out_from: (out): the first day
 * @out_to: (out): the last day
 * @out_from_us: (out): the first day's local midnight
 * @out_until_us: (out): the local midnight after the last day
 * @error: return location for a %LD_API_ERROR
 *
 * Both days are required, the lab's local days, both included, `to` not
 * before `from` and at most a year (366 days) after it.
 *
 * Returns: %TRUE if the period is good
 */
gboolean
ld_api_query_get_period (LdHttpRequest  *req,
                         GDate          *out_from,
                         GDate          *out_to,
                         gint64         *out_from_us,
                         gint64         *out_until_us,
                         GError        **error)
{
  gint64 first_until_us = 0, last_from_us = 0;

  if (!ld_api_query_get_day (req, "from", TRUE, out_from_us, &first_until_us, error) ||
      !ld_api_query_get_day (req, "to", TRUE, &last_from_us, out_until_us, error))
    return FALSE;

  if (last_from_us < *out_from_us)
    {
      ld_api_refuse_query (error, "to", "is before from");
      return FALSE;
    }
  /* A day is 23 to 25 hours where clocks change. */
  if ((*out_until_us - *out_from_us) / G_TIME_SPAN_HOUR > PERIOD_MAX_DAYS * 24 + 1)
    {
      ld_api_refuse_query (error, "to", "is more than a year after from");
      return FALSE;
    }

  ld_time_parse_date (ld_http_request_get_query (req, "from"), out_from);
  ld_time_parse_date (ld_http_request_get_query (req, "to"), out_to);
  return TRUE;
}

static void
write_table (JsonBuilder            *builder,
             const LdAnalyticsTable *table)
{
  guint n_rows = ld_analytics_table_get_n_rows (table);

  json_builder_set_member_name (builder, table->name);
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_rows; r++)
    {
      json_builder_begin_object (builder);
      for (guint c = 0; c < table->n_columns; c++)
        {
          const LdCell *cell = ld_analytics_table_get_cell (table, r, c);

          json_builder_set_member_name (builder, table->columns[c]);
          if (cell->kind == LD_CELL_INT)
            json_builder_add_int_value (builder, cell->number);
          else if (cell->kind == LD_CELL_TEXT)
            json_builder_add_string_value (builder, cell->text);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* On a reader thread, with its own connection: a year of a busy lab is a
 * few hundred milliseconds of reading, which must not hold every other
 * request on the server's thread. */
static gboolean
read_analytics (LdStore   *store,
                gpointer   data,
                GError   **error)
{
  Analytics *analytics = data;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  tables = ld_store_analytics_read (store, &analytics->from, analytics->day_starts, error);
  if (tables == NULL)
    return FALSE;

  if (analytics->csv)
    {
      analytics->body = ld_analytics_table_to_csv (g_ptr_array_index (tables, analytics->section));
      return TRUE;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "from", analytics->from_text);
  ld_json_builder_add_string (builder, "to", analytics->to_text);
  ld_json_builder_add_string (builder, "percentile", "nearest-rank");
  for (guint i = 0; i < tables->len; i++)
    write_table (builder, g_ptr_array_index (tables, i));
  json_builder_end_object (builder);
  analytics->body = ld_json_builder_to_string (builder);
  return TRUE;
}

static void
answer_analytics (gpointer      data,
                  const GError *error)
{
  Analytics *analytics = data;
  LdHttpRequest *req = analytics->req;

  if (error != NULL)
    ld_http_respond_error (req, error, NULL);
  else
    ld_http_respond_text (req, SOUP_STATUS_OK,
                          analytics->csv ? "text/csv; charset=utf-8; header=present"
                                         : "application/json",
                          g_steal_pointer (&analytics->body));
  ld_http_request_resume (req);
}

static gboolean
start_analytics (LdHttpRequest  *req,
                 Analytics      *owned,
                 GError        **error)
{
  static const char * const known[] = { "from", "to", NULL };
  g_autoptr(Analytics) analytics = owned;
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  GDate to;
  gint64 from_us, until_us;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_api_query_get_period (req, &analytics->from, &to, &from_us, &until_us, error))
    return FALSE;

  analytics->day_starts = ld_analytics_day_starts (&analytics->from, &to, zone);
  analytics->from_text = g_strdup (ld_http_request_get_query (req, "from"));
  analytics->to_text = g_strdup (ld_http_request_get_query (req, "to"));
  analytics->req = req;
  ld_http_request_pause (req);
  ld_read_pool_run (req->read_pool, read_analytics, answer_analytics,
                    g_steal_pointer (&analytics), (GDestroyNotify) analytics_free);
  return TRUE;
}

/* GET /api/v1/analytics?from=2026-01-01&to=2026-12-31 */
static gboolean
get_analytics (LdHttpRequest  *req,
               GError        **error)
{
  return start_analytics (req, g_new0 (Analytics, 1), error);
}

/* GET /api/v1/analytics/revenue.csv?from=…&to=… */
static gboolean
get_analytics_csv (LdHttpRequest  *req,
                   GError        **error)
{
  g_autoptr(Analytics) analytics = g_new0 (Analytics, 1);
  const char *file = ld_http_request_get_param (req, "file");
  g_autofree char *name = NULL;

  if (g_str_has_suffix (file, CSV_SUFFIX))
    name = g_strndup (file, strlen (file) - strlen (CSV_SUFFIX));
  if (name == NULL || !ld_analytics_section_from_string (name, &analytics->section))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           "There is no such section of the analytics.");
      return FALSE;
    }

  analytics->csv = TRUE;
  return start_analytics (req, g_steal_pointer (&analytics), error);
}

void
ld_api_analytics_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/analytics", get_analytics);
  ld_router_add (router, "GET", "/api/v1/analytics/{file}", get_analytics_csv);
}
