/* ld-admin-analytics-page.c: the lab's figures for a period
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET …/analytics for the period typed (the last 30 days at
 * first), drawn as the server counted it: orders by lab state as bars
 * with their numbers beside, the net revenue of each day as bars with
 * the period's total, orders by payment state and method and revenue by
 * method (ld-admin-analytics-money.c), turnaround per stage and per test,
 * workload per person and the rates, each in words and numbers. Export saves one section's CSV as
 * the server wrote it, byte for byte, for the period shown.
 */

#define G_LOG_DOMAIN "ld-admin-analytics-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "common/ld-error-text.h"
#include "ld-admin-analytics-page-private.h"
#include "ld-admin-call.h"
#include "ld-figure-row.h"
#include "ld-report-format.h"
#include "ld-states.h"
#include "ld-time.h"
#include "store/ld-api-client.h"

G_DEFINE_FINAL_TYPE (LdAdminAnalyticsPage, ld_admin_analytics_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The server's names with the words shown for them. */
static const struct
{
  const char *name;
  const char *title;
} sections[] = {
  { "orders_by_lab_state", N_("Orders by lab state") },
    { "orders_by_payment", N_("Orders by payment") },
      { "revenue", N_("Revenue by day and method") },
        { "turnaround_stages", N_("Turnaround per stage") },
          { "turnaround_tests", N_("Turnaround per test") },
            { "workload", N_("Workload per person") },
              { "rates", N_("Rates") },
            };

/* Indexed by the state; its wire name is ld-states.c's. */
static const char * const lab_states[] = {
  [LD_LAB_STATE_ORDERED] = N_("Ordered"),
  [LD_LAB_STATE_COLLECTED] = N_("Collected"),
  [LD_LAB_STATE_IN_PROCESS] = N_("In process"),
  [LD_LAB_STATE_RESULTED] = N_("Resulted"),
  [LD_LAB_STATE_VERIFIED] = N_("Verified"),
  [LD_LAB_STATE_REPORTED] = N_("Reported"),
  [LD_LAB_STATE_CANCELLED] = N_("Cancelled"),
  [LD_LAB_STATE_EXPIRED] = N_("Expired"),
};

static const struct
{
  const char *name;
  const char *title;
} stages[] = {
  { "ordered_collected", N_("Ordered to collected") },
    { "collected_received", N_("Collected to received") },
      { "received_resulted", N_("Received to resulted") },
        { "resulted_verified", N_("Resulted to verified") },
          { "verified_released", N_("Verified to released") },
            { "ordered_released", N_("Ordered to released, in all") },
          };

static const struct
{
  const char *name;
  const char *title;
  const char *what;
} rates[] = {
  { "completion", N_("Completion"), N_("orders reported of orders made") },
    { "rejection", N_("Rejection"), N_("samples rejected of samples collected") },
      { "recollection", N_("Recollection"), N_("samples collected again of samples collected") },
        { "amendment", N_("Amendment"), N_("results amended of results released") },
          { "critical_value", N_("Critical values"),
                                  N_("results flagged critical of results entered") },
          };

static const char *
state_title (const char *name)
{
  LdLabState state = ld_lab_state_parse (name);

  if (state != LD_LAB_STATE_UNKNOWN)
    return _(lab_states[state]);
  return name ? name : "—";
}

const char *
ld_admin_analytics_stage_title (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (stages); i++)
    if (g_str_equal (stages[i].name, name))
      return _(stages[i].title);
  return name ? name : "—";
}

/* A row with its title and subtitle, and its figure at the end in a
 * label named @name, which is how tests and people find it. */
GtkWidget *
ld_admin_analytics_figure_row (const char *title,
                               const char *subtitle,
                               const char *figure,
                               const char *name)
{
  GtkWidget *row = ld_figure_row_new ();

  ld_figure_row_set (LD_FIGURE_ROW (row), title, subtitle, figure, name);
  return row;
}

/**
 * ld_admin_analytics_fill_begin:
 * @fill: (out caller-allocates): the filling
 * @list: the list to fill
 *
 * Starts putting a new answer's rows in @list. The rows already there
 * are reused, their texts changed: a new period then costs GTK the
 * labels' new text, not new rows to style and measure, which was most
 * of drawing the dashboard (bench-analytics-draw).
 */
void
ld_admin_analytics_fill_begin (LdAnalyticsFill *fill,
                               GtkListBox      *list)
{
  fill->list = list;
  fill->n_rows = 0;
}

/**
 * ld_admin_analytics_fill_row:
 * @fill: the filling
 *
 * Puts the next figure row, as ld_admin_analytics_figure_row() makes it.
 */
void
ld_admin_analytics_fill_row (LdAnalyticsFill *fill,
                             const char      *title,
                             const char      *subtitle,
                             const char      *figure,
                             const char      *name)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (fill->list, fill->n_rows);

  if (row != NULL && LD_IS_FIGURE_ROW (row) && !ld_figure_row_get_expandable (LD_FIGURE_ROW (row)))
    ld_figure_row_set (LD_FIGURE_ROW (row), title, subtitle, figure, name);
  else
    {
      if (row != NULL)
        gtk_list_box_remove (fill->list, GTK_WIDGET (row));
      gtk_list_box_insert (fill->list,
                           ld_admin_analytics_figure_row (title, subtitle, figure, name),
                           fill->n_rows);
    }
  fill->n_rows++;
}

/**
 * ld_admin_analytics_fill_end:
 * @fill: the filling
 *
 * Removes the rows the new answer did not put.
 */
void
ld_admin_analytics_fill_end (LdAnalyticsFill *fill)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (fill->list, fill->n_rows)) != NULL)
    gtk_list_box_remove (fill->list, GTK_WIDGET (row));
}

/* Returns: (transfer full): how many results a turnaround row is over,
 *   in words */
char *
ld_admin_analytics_dup_over_results (const LdAnalyticsTurnaroundRow *row)
{
  g_autofree char *number = NULL;
  gint64 results = row->results;

  number = ld_report_format_count (results);
  /* Translators: how many results a turnaround figure is over. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "over %s result", "over %s results",
                                       (gulong) results), number);
}

/* Returns: (transfer full): a turnaround row's median and 90th percentile
 *   in words, or that there were no results to time */
char *
ld_admin_analytics_dup_minutes (const LdAnalyticsTurnaroundRow *row)
{
  gint64 median = row->median_minutes;
  gint64 p90 = row->p90_minutes;

  if (row->has_minutes)
    /* Translators: a stage's turnaround in minutes: median, then 90th percentile. */
    return g_strdup_printf (_("median %d min · 90th percentile %d min"),
                               (int) CLAMP (median, 0, G_MAXINT), (int) CLAMP (p90, 0, G_MAXINT));
  return g_strdup (_("no results"));
}

/* A count axis is labelled at whole numbers only: a tick at 0.4 orders
 * would read as 0. */
char *
ld_admin_analytics_format_count (double   value,
                                 gpointer user_data)
{
  if (fabs (value - round (value)) > 1e-6)
    return g_strdup ("");
  return ld_report_format_count ((gint64) round (value));
}

char *
ld_admin_analytics_format_rupees (double   value,
                                  gpointer user_data)
{
  return ld_report_format_rupees ((gint64) value);
}

static char *
format_day (const GDate *date)
{
  char text[64];

  /* Translators: a day under the revenue chart (strftime for a date). */
  if (g_date_strftime (text, sizeof text, _("%d %b"), date) == 0)
    return g_strdup ("");
  return g_strdup (text);
}

static void
show_states (LdAdminAnalyticsPage *self,
             GArray               *rows)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (LdChartPoint));
  LdAnalyticsFill fill;

  ld_admin_analytics_fill_begin (&fill, self->states_list);
  ld_chart_clear (self->states_chart);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsStateRow *row = &g_array_index (rows, LdAnalyticsStateRow, i);
      const char *state = row->lab_state;
      g_autofree char *figure = NULL;
      g_autofree char *name = NULL;
      LdChartPoint point = { 0 };
      gint64 orders = row->orders;

      if (state == NULL)
        continue;
      figure = ld_report_format_count (orders);
      name = g_strdup_printf ("lab-state-%s", state);
      ld_admin_analytics_fill_row (&fill, state_title (state), NULL, figure, name);
      point.x = names->len;
      point.y = orders;
      g_array_append_val (points, point);
      g_ptr_array_add (names, (gpointer) state_title (state));
    }
  ld_admin_analytics_fill_end (&fill);
  g_ptr_array_add (names, NULL);
  ld_chart_set_categories (self->states_chart, (const char * const *) names->pdata);
  ld_chart_add_series (self->states_chart, _("Orders"), (LdChartPoint *) points->data,
                                              points->len);
}

/* Net revenue of each day of the period, days without money at zero. */
static void
show_revenue (LdAdminAnalyticsPage *self,
              GArray               *rows,
              const GDate          *from,
              const GDate          *to)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (LdChartPoint));
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *total_text = NULL;
  g_autofree char *sentence = NULL;
  gint64 total = 0;
  gint64 received = 0;
  gint64 refunded = 0;
  GDate day = *from;

  ld_chart_clear (self->revenue_chart);
  while (g_date_compare (&day, to) <= 0)
    {
      char iso[16];
      LdChartPoint point = { 0 };

      g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", g_date_get_year (&day),
                  g_date_get_month (&day), g_date_get_day (&day));
      point.x = days->len;
      g_hash_table_insert (index, g_strdup (iso), GUINT_TO_POINTER (days->len));
      g_array_append_val (points, point);
      g_ptr_array_add (days, format_day (&day));
      g_date_add_days (&day, 1);
    }
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsRevenueRow *row = &g_array_index (rows, LdAnalyticsRevenueRow, i);
      const char *date = row->date;
      gpointer at;
      gint64 net = row->net_paise;
      gint64 in = row->received_paise;
      gint64 out = row->refunded_paise;

      if (date == NULL)
        continue;
      total += net;
      received += in;
      refunded += out;
      if (g_hash_table_lookup_extended (index, date, NULL, &at))
        g_array_index (points, LdChartPoint, GPOINTER_TO_UINT (at)).y += net;
    }
  g_ptr_array_add (days, NULL);
  ld_chart_set_categories (self->revenue_chart, (const char * const *) days->pdata);
  ld_chart_add_series (self->revenue_chart, _("Net revenue"), (LdChartPoint *) points->data,
                                               points->len);

  total_text = ld_report_format_rupees (total);
  {
    g_autofree char *in_text = ld_report_format_rupees (received);
    g_autofree char *out_text = ld_report_format_rupees (refunded);

    /* Translators: the revenue of the period: net total, money in, refunds. */
    sentence = g_strdup_printf (_("Net revenue %s: %s received, %s refunded"), total_text, in_text,
                                   out_text);
  }
  gtk_label_set_text (self->revenue_total, sentence);
}

static void
show_turnaround (LdAdminAnalyticsPage *self,
                 GArray               *rows)
{
  LdAnalyticsFill fill;

  ld_admin_analytics_fill_begin (&fill, self->turnaround_list);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsTurnaroundRow *row = &g_array_index (rows, LdAnalyticsTurnaroundRow, i);
      const char *stage = row->stage;
      g_autofree char *figure = NULL;
      g_autofree char *count = NULL;
      g_autofree char *name = NULL;

      if (stage == NULL)
        continue;
      count = ld_admin_analytics_dup_over_results (row);
      figure = ld_admin_analytics_dup_minutes (row);
      name = g_strdup_printf ("turnaround-%s", stage);
      ld_admin_analytics_fill_row (&fill, ld_admin_analytics_stage_title (stage), count, figure,
                                   name);
    }
  ld_admin_analytics_fill_end (&fill);
}

static void
show_workload (LdAdminAnalyticsPage *self,
               GArray               *rows)
{
  LdAnalyticsFill fill;

  ld_admin_analytics_fill_begin (&fill, self->workload_list);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsWorkloadRow *row = &g_array_index (rows, LdAnalyticsWorkloadRow, i);
      const char *username = row->username;
      const char *display = row->display_name;
      g_autofree char *figure = NULL;
      g_autofree char *name = NULL;
      gint64 collected = row->collected;
      gint64 entered = row->entered;
      gint64 verified = row->verified;
      gint64 released = row->released;

      if (username == NULL)
        continue;
      {
        g_autofree char *n_collected = ld_report_format_count (collected);
        g_autofree char *n_entered = ld_report_format_count (entered);
        g_autofree char *n_verified = ld_report_format_count (verified);
        g_autofree char *n_released = ld_report_format_count (released);

        /* Translators: what one person did in the period; each %s is a count. */
        figure = g_strdup_printf (_("%s collected · %s entered · %s verified · %s released"),
                                     n_collected, n_entered, n_verified, n_released);
      }
      name = g_strdup_printf ("workload-%s", username);
      ld_admin_analytics_fill_row (&fill, display && *display ? display : username, username,
                                   figure, name);
    }
  if (fill.n_rows == 0)
    ld_admin_analytics_fill_row (&fill, _("Nobody collected, entered, verified or released"), NULL,
                                           "", NULL);
  ld_admin_analytics_fill_end (&fill);
}

static void
show_rates (LdAdminAnalyticsPage *self,
            GArray               *rows)
{
  LdAnalyticsFill fill;

  ld_admin_analytics_fill_begin (&fill, self->rates_list);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsRateRow *row = &g_array_index (rows, LdAnalyticsRateRow, i);
      const char *rate = row->rate;
      const char *title = rate;
      const char *what = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *figure = NULL;
      g_autofree char *name = NULL;
      gint64 numerator = row->numerator;
      gint64 denominator = row->denominator;

      if (rate == NULL)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (rates); j++)
        if (g_str_equal (rates[j].name, rate))
          {
            title = _(rates[j].title);
            what = _(rates[j].what);
          }
      {
        g_autofree char *n_of = ld_report_format_count (numerator);
        g_autofree char *n_in = ld_report_format_count (denominator);

        /* Translators: a rate's parts: numerator of denominator (counts), then what they count. */
        subtitle = g_strdup_printf (_("%s of %s (%s)"), n_of, n_in, what ? what : rate);
      }
      if (row->has_rate_bp)
        /* Translators: a rate in percent, from basis points. */
        figure = g_strdup_printf (_("%d.%02d %%"), (int) (row->rate_bp / 100),
                                     (int) (row->rate_bp % 100));
      else
        figure = g_strdup (_("none to count"));
      name = g_strdup_printf ("rate-%s", rate);
      ld_admin_analytics_fill_row (&fill, title, subtitle, figure, name);
    }
  ld_admin_analytics_fill_end (&fill);
}

static gboolean
read_date (GtkEntry *entry,
           GDate    *out_date)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (!ld_time_parse_date (text, out_date))
    {
      ld_field_error_set (GTK_WIDGET (entry), N_("must be a date such as 2026-11-23"));
      return FALSE;
    }
  ld_field_error_set (GTK_WIDGET (entry), NULL);
  return TRUE;
}

static char *
iso_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
update_actions (LdAdminAnalyticsPage *self)
{
  gboolean online = ld_session_get_online (self->session);

  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), !online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analytics.show", online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analytics.export",
                                 online && self->from != NULL && self->pending == 0);
}

static void
on_figures_cb (GtkWidget    *widget,
               LdApiClient  *client,
               GAsyncResult *result)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAnalyticsFigures) analytics = ld_admin_get_analytics_finish (client, result, &error);
  GDate from_date, to_date;

  if (self->stale > 0)
    {
      self->stale--;
      return;
    }
  self->pending = 0;
  if (analytics != NULL && ld_time_parse_date (analytics->from, &from_date) &&
      ld_time_parse_date (analytics->to, &to_date))
    ld_admin_analytics_page_show (self, analytics);
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      ld_admin_say_error (self->status_label, error);
      gtk_label_set_text (self->period_label, "");
    }
  update_actions (self);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (widget);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GDate from_date, to_date;
  gboolean good;

  good = read_date (self->from_entry, &from_date);
  good = read_date (self->to_entry, &to_date) && good;
  if (!good)
    return;
  from = iso_date (&from_date);
  to = iso_date (&to_date);
  if (self->pending > 0)
    self->stale += self->pending;
  self->pending = 1;
  gtk_label_set_text (self->period_label, _("Counting…"));
  update_actions (self);
  ld_admin_get_analytics_async (ld_session_get_api_client (self->session), from, to, NULL,
                                ld_admin_done_cb, ld_admin_hold (widget, on_figures_cb));
}

static void
on_entry_activate_cb (LdAdminAnalyticsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "analytics.show", NULL);
}

typedef struct
{
  GWeakRef  page;
  GFile    *file;
  char     *section;
} Export;

static void
export_free (Export *export)
{
  g_weak_ref_clear (&export->page);
  g_clear_object (&export->file);
  g_free (export->section);
  g_free (export);
}

static void
say_export (LdAdminAnalyticsPage *self,
            const char           *text,
            gboolean              failed)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), failed ? "success" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), failed ? "error" : "success");
  ld_admin_say (self->status_label, text);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAdminAnalyticsPage) self = NULL;
  gboolean saved = g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);

  self = g_weak_ref_get (&export->page);
  if (self != NULL)
    {
      g_autofree char *where = g_file_get_parse_name (export->file);
      g_autofree char *text = NULL;

      if (saved)
        /* Translators: a CSV export was saved: the file's name and place. */
        text = g_strdup_printf (_("Saved to %s"), where);
      else
        /* Translators: a CSV export could not be saved: where, and why. */
        text = g_strdup_printf (_("Could not save %s: %s"), where, error->message);
      say_export (self, text, !saved);
    }
  export_free (export);
}

static void
on_csv_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes =
               ld_admin_get_analytics_csv_finish (LD_API_CLIENT (source), result, &error);
  g_autoptr(LdAdminAnalyticsPage) self = g_weak_ref_get (&export->page);

  if (self == NULL || bytes == NULL)
    {
      if (self != NULL)
        {
          g_autofree char *text = ld_error_text_describe (error);

          say_export (self, text, TRUE);
        }
      export_free (export);
      return;
    }
  g_file_replace_contents_bytes_async (export->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                       on_saved_cb, export);
}

static void
on_chooser_response_cb (LdAdminAnalyticsPage *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  const char *section = g_object_get_data (G_OBJECT (chooser), "ld-section");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && section != NULL)
    ld_admin_analytics_page_export (self, section, file);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (widget);
  guint selected = gtk_drop_down_get_selected (self->export_section);
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (selected >= G_N_ELEMENTS (sections) || self->from == NULL)
    return;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "ld-section", (gpointer) sections[selected].name);
  name = g_strdup_printf ("%s-%s-%s.csv", sections[selected].name, self->from, self->to);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ld_admin_analytics_page_dispose (GObject *object)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_ANALYTICS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);

  G_OBJECT_CLASS (ld_admin_analytics_page_parent_class)->dispose (object);
}

static void
ld_admin_analytics_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_analytics_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_analytics_page_constructed (GObject *object)
{
  LdAdminAnalyticsPage *self = LD_ADMIN_ANALYTICS_PAGE (object);

  G_OBJECT_CLASS (ld_admin_analytics_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ld_admin_analytics_page_class_init (LdAdminAnalyticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_analytics_page_constructed;
  object_class->dispose = ld_admin_analytics_page_dispose;
  object_class->get_property = ld_admin_analytics_page_get_property;
  object_class->set_property = ld_admin_analytics_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-analytics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, show_button);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, export_section);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, states_chart);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, states_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, revenue_chart);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, revenue_total);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, rates_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, turnaround_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, workload_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, payment_chart);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, payment_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, method_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, method_revenue_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAnalyticsPage, tests_list);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "analytics.show", NULL, show_action);
  gtk_widget_class_install_action (widget_class, "analytics.export", NULL, export_action);
}

static void
ld_admin_analytics_page_init (LdAdminAnalyticsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -29);
  g_autofree char *from = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_string_list_append (names, _(sections[i].title));
  gtk_drop_down_set_model (self->export_section, G_LIST_MODEL (names));
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  gtk_label_set_text (self->period_label, _("Type a period and press Enter to count its figures."));

  ld_chart_set_kind (self->states_chart, LD_CHART_BARS);
  ld_chart_set_x_axis (self->states_chart, LD_CHART_AXIS_CATEGORY);
  ld_chart_set_title (self->states_chart, _("Orders by lab state"));
  ld_chart_set_y_format (self->states_chart, ld_admin_analytics_format_count, NULL, NULL);
  ld_chart_set_kind (self->revenue_chart, LD_CHART_BARS);
  ld_chart_set_x_axis (self->revenue_chart, LD_CHART_AXIS_CATEGORY);
  ld_chart_set_title (self->revenue_chart, _("Net revenue by day"));
  ld_chart_set_y_format (self->revenue_chart, ld_admin_analytics_format_rupees, NULL, NULL);
  ld_chart_set_kind (self->payment_chart, LD_CHART_BARS);
  ld_chart_set_x_axis (self->payment_chart, LD_CHART_AXIS_CATEGORY);
  ld_chart_set_title (self->payment_chart, _("Orders by payment state"));
  ld_chart_set_y_format (self->payment_chart, ld_admin_analytics_format_count, NULL, NULL);
  g_signal_connect (self->tests_list, "row-activated",
                    G_CALLBACK (ld_admin_analytics_on_test_activated), NULL);
}

/**
 * ld_admin_analytics_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the analytics section
 */
GtkWidget *
ld_admin_analytics_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_ANALYTICS_PAGE, "session", session, NULL);
}

/**
 * ld_admin_analytics_page_export:
 * @self: the page, with a period shown
 * @section: a section's name as the server spells it, such as "rates"
 * @file: where to save the server's CSV
 *
 * What the Export button does once its file is chosen: the section's CSV
 * for the period shown, saved as the server sent it. The status line
 * says when it is saved, or why not.
 */
void
ld_admin_analytics_page_export (LdAdminAnalyticsPage *self,
                                const char           *section,
                                GFile                *file)
{
  Export *export;

  g_return_if_fail (LD_IS_ADMIN_ANALYTICS_PAGE (self));
  g_return_if_fail (section != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->from != NULL);

  export = g_new0 (Export, 1);
  g_weak_ref_init (&export->page, self);
  export->file = g_object_ref (file);
  export->section = g_strdup (section);
  ld_admin_say (self->status_label, NULL);
  ld_admin_get_analytics_csv_async (ld_session_get_api_client (self->session), section,
                                    self->from, self->to, self->cancellable, on_csv_cb, export);
}

/**
 * ld_admin_analytics_page_show:
 * @self: the page
 * @analytics: the figures of GET …/analytics, with a period of
 *   real dates
 *
 * Draws every section from @analytics: what the page does when the
 * server's answer arrives, and what bench-analytics-draw times.
 */
void
ld_admin_analytics_page_show (LdAdminAnalyticsPage *self,
                              const LdAnalyticsFigures    *analytics)
{
  g_autofree char *period = NULL;
  GDate from_date, to_date;
  gboolean dated;

  g_return_if_fail (LD_IS_ADMIN_ANALYTICS_PAGE (self));
  g_return_if_fail (analytics != NULL);

  dated = ld_time_parse_date (analytics->from, &from_date) &&
          ld_time_parse_date (analytics->to, &to_date);
  g_return_if_fail (dated);

  ld_admin_say (self->status_label, NULL);

  g_free (self->from);
  g_free (self->to);
  self->from = g_strdup (analytics->from);
  self->to = g_strdup (analytics->to);
  /* Translators: the period whose figures are shown, both days included. */
  period = g_strdup_printf (_("Figures from %s to %s, both days included, as the server "
                              "counted them"), analytics->from, analytics->to);
  gtk_label_set_text (self->period_label, period);

  show_states (self, analytics->states);
  show_revenue (self, analytics->revenue, &from_date, &to_date);
  ld_admin_analytics_show_payments (self, analytics->payments);
  ld_admin_analytics_show_methods (self, analytics->revenue);
  show_turnaround (self, analytics->turnaround_stages);
  ld_admin_analytics_show_tests (self, analytics->turnaround_tests);
  show_workload (self, analytics->workload);
  show_rates (self, analytics->rates);
  update_actions (self);
}
