/* ld-metrics.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-metrics"

#include "config.h"

#include "ld-metrics.h"

/* Labels are the route pattern, never the path, so no identifier (and so
 * no patient) ever reaches a metric, and the series stay few. */
static const double bucket_bounds[] = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };
#define N_BUCKETS G_N_ELEMENTS (bucket_bounds)

typedef struct
{
  char    *method;
  char    *route;
  guint64  buckets[N_BUCKETS];
  guint64  count;
  double   sum;
  /* status → count */
  GTree   *statuses;
} RouteSeries;

struct _LdMetrics
{
  /* "METHOD route" → RouteSeries, sorted so the output is stable */
  GTree *series;
};

static void
route_series_free (RouteSeries *series)
{
  g_free (series->method);
  g_free (series->route);
  g_tree_unref (series->statuses);
  g_free (series);
}

static gint
compare_uint (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint ua = GPOINTER_TO_UINT (a), ub = GPOINTER_TO_UINT (b);

  return ua < ub ? -1 : ua > ub;
}

LdMetrics *
ld_metrics_new (void)
{
  LdMetrics *metrics = g_new0 (LdMetrics, 1);

  metrics->series = g_tree_new_full ((GCompareDataFunc) g_strcmp0, NULL, g_free,
                                     (GDestroyNotify) route_series_free);
  return metrics;
}

void
ld_metrics_free (LdMetrics *metrics)
{
  if (metrics == NULL)
    return;

  g_clear_pointer (&metrics->series, g_tree_unref);
  g_free (metrics);
}

void
ld_metrics_observe (LdMetrics  *metrics,
                    const char *method,
                    const char *route,
                    guint       status,
                    double      seconds)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, route);
  RouteSeries *series = g_tree_lookup (metrics->series, key);
  guint64 status_count;

  if (series == NULL)
    {
      series = g_new0 (RouteSeries, 1);
      series->method = g_strdup (method);
      series->route = g_strdup (route);
      series->statuses = g_tree_new_full (compare_uint, NULL, NULL, g_free);
      g_tree_insert (metrics->series, g_steal_pointer (&key), series);
    }

  for (guint i = 0; i < N_BUCKETS; i++)
    if (seconds <= bucket_bounds[i])
      series->buckets[i]++;
  series->count++;
  series->sum += seconds;

  status_count = 0;
  if (g_tree_lookup (series->statuses, GUINT_TO_POINTER (status)) != NULL)
    status_count = *(guint64 *) g_tree_lookup (series->statuses, GUINT_TO_POINTER (status));
  g_tree_replace (series->statuses, GUINT_TO_POINTER (status),
                  g_memdup2 (&(guint64){ status_count + 1 }, sizeof (guint64)));
}

typedef struct
{
  GString     *out;
  RouteSeries *series;
} RenderContext;

static gboolean
render_status (gpointer key,
               gpointer value,
               gpointer user_data)
{
  RenderContext *ctx = user_data;

  g_string_append_printf (
    ctx->out,
    "labdesk_http_requests_total{method=\"%s\",route=\"%s\",status=\"%u\"} %" G_GUINT64_FORMAT "\n",
    ctx->series->method, ctx->series->route, GPOINTER_TO_UINT (key), *(guint64 *) value);
  return FALSE;
}

static gboolean
render_requests (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  RenderContext ctx = { user_data, value };

  g_tree_foreach (ctx.series->statuses, render_status, &ctx);
  return FALSE;
}

static gboolean
render_histogram (gpointer key,
                  gpointer value,
                  gpointer user_data)
{
  GString *out = user_data;
  RouteSeries *series = value;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < N_BUCKETS; i++)
    g_string_append_printf (
      out,
      "labdesk_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
      "le=\"%s\"} %" G_GUINT64_FORMAT "\n",
      series->method, series->route, g_ascii_dtostr (number, sizeof number, bucket_bounds[i]),
      series->buckets[i]);
  g_string_append_printf (out,
                          "labdesk_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                          "le=\"+Inf\"} %" G_GUINT64_FORMAT "\n",
                          series->method, series->route, series->count);
  g_string_append_printf (
    out, "labdesk_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %s\n",
    series->method, series->route, g_ascii_dtostr (number, sizeof number, series->sum));
  g_string_append_printf (
    out,
    "labdesk_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %" G_GUINT64_FORMAT
    "\n",
    series->method, series->route, series->count);
  return FALSE;
}

/**
 * ld_metrics_render:
 * @metrics: the counters
 *
 * Returns: (transfer full): Prometheus text exposition format
 */
char *
ld_metrics_render (LdMetrics *metrics)
{
  GString *out = g_string_new (NULL);

  g_string_append (
    out, "# HELP labdesk_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE labdesk_http_requests_total counter\n");
  g_tree_foreach (metrics->series, render_requests, out);
  g_string_append (out,
                   "# HELP labdesk_http_request_duration_seconds Time to handle a request.\n"
                   "# TYPE labdesk_http_request_duration_seconds histogram\n");
  g_tree_foreach (metrics->series, render_histogram, out);

  return g_string_free (out, FALSE);
}
