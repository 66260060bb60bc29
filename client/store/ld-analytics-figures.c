/* ld-analytics-figures.c: the lab's figures for a period, as GET /api/v1/analytics counts them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard draws these rows as they come; a member missing or of
 * the wrong type reads as zero (or "not timed"), so that one odd row does
 * not cost the administrator the rest of the figures.
 */

#define G_LOG_DOMAIN "ld-analytics-figures"

#include "config.h"

#include "ld-analytics-figures.h"
#include "ld-json.h"

static JsonNode *
get_node (JsonObject *object,
          const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;
}

/* A member as a whole number; FALSE (and 0) when missing, null or not one. */
static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *out_value)
{
  JsonNode *node = get_node (object, name);

  *out_value = 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_value = json_node_get_int (node);
  return TRUE;
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  return g_strdup (ld_json_object_get_string (object, name));
}

static void
clear_state_row (LdAnalyticsStateRow *row)
{
  g_free (row->lab_state);
}

static void
clear_payment_row (LdAnalyticsPaymentRow *row)
{
  g_free (row->payment_state);
  g_free (row->method);
}

static void
clear_revenue_row (LdAnalyticsRevenueRow *row)
{
  g_free (row->date);
  g_free (row->method);
}

static void
clear_turnaround_row (LdAnalyticsTurnaroundRow *row)
{
  g_free (row->test_code);
  g_free (row->stage);
}

static void
clear_workload_row (LdAnalyticsWorkloadRow *row)
{
  g_free (row->username);
  g_free (row->display_name);
}

static void
clear_rate_row (LdAnalyticsRateRow *row)
{
  g_free (row->rate);
}

static void
read_state_row (JsonObject *object,
                gpointer    out)
{
  LdAnalyticsStateRow *row = out;

  row->lab_state = dup_string (object, "lab_state");
  get_int (object, "orders", &row->orders);
}

static void
read_payment_row (JsonObject *object,
                  gpointer    out)
{
  LdAnalyticsPaymentRow *row = out;

  row->payment_state = dup_string (object, "payment_state");
  row->method = dup_string (object, "method");
  get_int (object, "orders", &row->orders);
}

static void
read_revenue_row (JsonObject *object,
                  gpointer    out)
{
  LdAnalyticsRevenueRow *row = out;

  row->date = dup_string (object, "date");
  row->method = dup_string (object, "method");
  get_int (object, "payments", &row->payments);
  get_int (object, "received_paise", &row->received_paise);
  get_int (object, "refunds", &row->refunds);
  get_int (object, "refunded_paise", &row->refunded_paise);
  get_int (object, "net_paise", &row->net_paise);
}

static void
read_turnaround_row (JsonObject *object,
                     gpointer    out)
{
  LdAnalyticsTurnaroundRow *row = out;

  row->test_code = dup_string (object, "test_code");
  row->stage = dup_string (object, "stage");
  get_int (object, "results", &row->results);
  row->has_minutes = get_int (object, "median_minutes", &row->median_minutes) &&
                     get_int (object, "p90_minutes", &row->p90_minutes);
}

static void
read_workload_row (JsonObject *object,
                   gpointer    out)
{
  LdAnalyticsWorkloadRow *row = out;

  row->username = dup_string (object, "username");
  row->display_name = dup_string (object, "display_name");
  get_int (object, "collected", &row->collected);
  get_int (object, "entered", &row->entered);
  get_int (object, "verified", &row->verified);
  get_int (object, "released", &row->released);
}

static void
read_rate_row (JsonObject *object,
               gpointer    out)
{
  LdAnalyticsRateRow *row = out;

  row->rate = dup_string (object, "rate");
  get_int (object, "numerator", &row->numerator);
  get_int (object, "denominator", &row->denominator);
  row->has_rate_bp = get_int (object, "rate_bp", &row->rate_bp);
}

/* The section @name's object rows, each read by @read into a zeroed
 * element of @size bytes; a section missing reads as empty. */
static GArray *
read_rows (JsonObject     *object,
           const char     *name,
           gsize           size,
           void          (*read) (JsonObject *object,
                                  gpointer    out),
           GDestroyNotify  clear)
{
  GArray *rows = g_array_sized_new (FALSE, TRUE, size, 0);
  JsonNode *node = get_node (object, name);
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  g_array_set_clear_func (rows, clear);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      g_array_set_size (rows, rows->len + 1);
      read (json_node_get_object (element), rows->data + (rows->len - 1) * size);
    }
  return rows;
}

/**
 * ld_analytics_figures_new_from_json:
 * @object: the answer of GET /api/v1/analytics
 * @error: return location for a %G_IO_ERROR
 *
 * Returns: (transfer full) (nullable): the figures; %NULL with @error
 *   when the answer names no period
 */
LdAnalyticsFigures *
ld_analytics_figures_new_from_json (JsonObject  *object,
                            GError     **error)
{
  LdAnalyticsFigures *analytics;
  const char *from;
  const char *to;

  g_return_val_if_fail (object != NULL, NULL);

  from = ld_json_object_get_string (object, "from");
  to = ld_json_object_get_string (object, "to");
  if (from == NULL || to == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }

  analytics = g_new0 (LdAnalyticsFigures, 1);
  analytics->from = g_strdup (from);
  analytics->to = g_strdup (to);
  analytics->states = read_rows (object, "orders_by_lab_state", sizeof (LdAnalyticsStateRow),
                                 read_state_row, (GDestroyNotify) clear_state_row);
  analytics->payments = read_rows (object, "orders_by_payment", sizeof (LdAnalyticsPaymentRow),
                                   read_payment_row, (GDestroyNotify) clear_payment_row);
  analytics->revenue = read_rows (object, "revenue", sizeof (LdAnalyticsRevenueRow),
                                  read_revenue_row, (GDestroyNotify) clear_revenue_row);
  analytics->turnaround_stages =
    read_rows (object, "turnaround_stages", sizeof (LdAnalyticsTurnaroundRow), read_turnaround_row,
               (GDestroyNotify) clear_turnaround_row);
  analytics->turnaround_tests =
    read_rows (object, "turnaround_tests", sizeof (LdAnalyticsTurnaroundRow), read_turnaround_row,
               (GDestroyNotify) clear_turnaround_row);
  analytics->workload = read_rows (object, "workload", sizeof (LdAnalyticsWorkloadRow),
                                   read_workload_row, (GDestroyNotify) clear_workload_row);
  analytics->rates = read_rows (object, "rates", sizeof (LdAnalyticsRateRow), read_rate_row,
                                (GDestroyNotify) clear_rate_row);
  return analytics;
}

void
ld_analytics_figures_free (LdAnalyticsFigures *analytics)
{
  if (analytics == NULL)
    return;
  g_free (analytics->from);
  g_free (analytics->to);
  g_clear_pointer (&analytics->states, g_array_unref);
  g_clear_pointer (&analytics->payments, g_array_unref);
  g_clear_pointer (&analytics->revenue, g_array_unref);
  g_clear_pointer (&analytics->turnaround_stages, g_array_unref);
  g_clear_pointer (&analytics->turnaround_tests, g_array_unref);
  g_clear_pointer (&analytics->workload, g_array_unref);
  g_clear_pointer (&analytics->rates, g_array_unref);
  g_free (analytics);
}
