/* ld-history-page.c: a patient's cumulative results and trend charts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests down, in the report's department order, under their department's
 * heading; the dates they were collected across, newest first, so the
 * latest values stand next to the test's name and older ones are a
 * horizontal scroll away. A value out of its interval is set apart in
 * bold with its flag in words; an amended value is shown corrected, and
 * says so. Enter on a test draws its trend below: every numeric value
 * over time, the reference band as it was for the patient on each date
 * (the interval copied into each result when it was entered, so a band
 * that changed with age steps where it changed), the critical values
 * marked.
 *
 * The results come from the cache (ld-cache-view-history.c): the feed
 * has already brought every result this doctor may read, so the page
 * opens at once and offline. When the cache holds none (a patient seen
 * before this cache existed, or during the first sync), the page asks
 * the server, online, for the patient's results, a page at a time, and
 * says that what it shows is not kept offline; the cache's own results
 * take their place as soon as the feed brings any. The server refuses a
 * patient this doctor has not ordered for (need-to-know): the page says
 * so in words and offers to break the glass, on a stated reason
 * (ld-break-glass-dialog.c); the grant's end is shown, and the patient's
 * records come through the feed, which follows the grant. Each row's values are one label laid out on
 * tab stops rather than a label per cell: five years of monthly panels
 * (some 2,000 values) are then a few dozen widgets, well inside the
 * 100 ms a page may take.
 */

#define G_LOG_DOMAIN "ld-history-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-break-glass-dialog.h"
#include "ld-cache-view-history.h"
#include "ld-doctor-calls.h"
#include "ld-catalog.h"
#include "ld-error.h"
#include "ld-history-page.h"
#include "ld-report-format.h"
#include "ld-time.h"

#define NAME_WIDTH 220
#define CELL_GAP 24
/* The names' rows and the values' rows, side by side in two lists, keep
 * one height each. */
#define HEADING_HEIGHT 40
#define ROW_HEIGHT 52
/* The fallback's pages: the most the server gives at once. */
#define SERVER_PAGE 200
/* The fallback stops after this many results, newest first: ten
 * requests at most, and a table of a size the page lays out in its time
 * (five years of monthly panels are some 2,000 values, see above). The
 * oldest of a longer history are left out, as the fallback's old read of
 * the latest 100 orders left older orders out. */
#define SERVER_MAX_RESULTS 2000

struct _LdHistoryPage
{
  AdwBin         parent_instance;

  LdSession     *session;
  char          *patient_id;
  GCancellable  *cancellable;
  LdHistory     *history;
  char          *trend_test;
  gboolean       loaded;
  /* A read is under way; another is wanted when it ends. */
  gboolean       reading;
  gboolean       stale;
  gboolean       have_patient;
  char          *patient_text;
  /* The fallback: the table holds the server's results, not the cache's. */
  gboolean       asked_server;
  gboolean       from_server;
  LdHistoryResults *server_results;
  /* The server refused: not this doctor's patient. */
  gboolean       forbidden;
  gboolean       breaking;
  /* The server's refusal of the last try, in words. */
  char          *refusal;

  GtkLabel      *title;
  GtkLabel      *subtitle;
  GtkLabel      *grant_label;
  GtkLabel      *server_note;
  GtkLabel      *glass_status;
  GtkWidget     *glass_button;
  GtkStack      *content_stack;
  GtkLabel      *dates_label;
  GtkListBox    *rows;
  GtkListBox    *value_rows;
  GtkBox        *trend_box;
  GtkLabel      *trend_title;
  LdChart       *chart;
};

G_DEFINE_FINAL_TYPE (LdHistoryPage, ld_history_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_PATIENT_ID,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
format_date (gint64 utc_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  /* Translators: a column's date in a patient's cumulative results, as
   * strftime() takes it: 5 Mar 2026. */
  return g_date_time_format (local, _("%-d %b %Y"));
}

/* A flag in lower-case words, "" when within the interval. */
static char *
dup_flag_words (const char *flag)
{
  return g_utf8_strdown (ld_report_flag_to_string (ld_report_flag_from_string (flag)), -1);
}

/* What a cell says: the value, its flag in words when it is out of its
 * interval, "corrected" after an amendment. */
static char *
dup_cell_text (const LdHistoryValue *value)
{
  g_autofree char *flag = dup_flag_words (value->flag);

  if (*flag != '\0' && value->old_value != NULL)
    /* Translators: a cell of the cumulative results: value, flag, and that it was amended. */
    return g_strdup_printf (_("%s %s (corrected)"), value->value, flag);
  if (value->old_value != NULL)
    /* Translators: a cell of the cumulative results: an amended value. */
    return g_strdup_printf (_("%s (corrected)"), value->value);
  if (*flag != '\0')
    /* Translators: a cell of the cumulative results: value and flag. */
    return g_strdup_printf (_("%s %s"), value->value, flag);
  return g_strdup (value->value);
}

static gboolean
is_abnormal (const LdHistoryValue *value)
{
  return ld_report_flag_is_abnormal (ld_report_flag_from_string (value->flag));
}

/* Layout */

static PangoTabArray *
new_tabs (guint n_columns,
          int   column_width)
{
  PangoTabArray *tabs = pango_tab_array_new (n_columns, TRUE);

  for (guint i = 0; i < n_columns; i++)
    pango_tab_array_set_tab (tabs, i, PANGO_TAB_LEFT, (int) i * column_width);
  return tabs;
}

static char **
dup_column_titles (LdHistoryPage *self)
{
  GArray *times = self->history->times_us;
  char **titles = g_new0 (char *, times->len + 1);

  for (guint i = 0; i < times->len; i++)
    titles[i] = format_date (g_array_index (times, gint64, i));
  /* Two collections on one day: their times tell them apart. */
  for (guint i = 0; i + 1 < times->len; i++)
    if (g_str_equal (titles[i], titles[i + 1]) ||
        (i > 0 && g_strcmp0 (titles[i], titles[i - 1]) == 0))
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (
          g_array_index (times, gint64, i) / G_USEC_PER_SEC);
        g_autoptr(GDateTime) local = g_date_time_to_local (utc);
        g_autofree char *time = g_date_time_format (local, "%H:%M");
        char *both = g_strdup_printf ("%s %s", titles[i], time);

        g_free (titles[i]);
        titles[i] = both;
      }
  return titles;
}

static GtkWidget *
new_heading_row (const char *department)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label =
    gtk_label_new (department != NULL ? _(ld_department_get_title (department)) : "");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_size_request (label, -1, HEADING_HEIGHT - 16);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static GtkWidget *
new_test_row (LdHistoryPage       *self,
              const LdHistoryTest *test,
              char               **titles,
              char               **cells,
              PangoTabArray       *tabs)
{
  GArray *times = self->history->times_us;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *value_row = gtk_list_box_row_new ();
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (test->name);
  GtkWidget *values = gtk_label_new (NULL);
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) spoken = g_string_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (names), name);
  if (test->unit != NULL)
    {
      GtkWidget *unit = gtk_label_new (test->unit);

      gtk_label_set_xalign (GTK_LABEL (unit), 0);
      gtk_widget_add_css_class (unit, "dim-label");
      gtk_widget_add_css_class (unit, "caption");
      gtk_box_append (GTK_BOX (names), unit);
    }
  gtk_widget_set_size_request (names, NAME_WIDTH, ROW_HEIGHT);
  gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (names, 12);
  gtk_widget_set_margin_end (names, 12);

  /* Translators: how a screen reader starts a test's row: its name and unit. */
  g_string_append_printf (spoken, _("%s, %s:"), test->name, test->unit != NULL ? test->unit : "");
  for (guint i = 0; i < times->len; i++)
    {
      const LdHistoryValue *value =
        ld_history_test_value_at (test, g_array_index (times, gint64, i));
      const char *text = cells[i];

      if (i > 0)
        g_string_append_c (markup, '\t');
      if (value == NULL)
        {
          g_string_append (markup, "–");
          continue;
        }
      {
        g_autofree char *escaped = g_markup_escape_text (text, -1);

        if (is_abnormal (value))
          g_string_append_printf (markup, "<b>%s</b>", escaped);
        else
          g_string_append (markup, escaped);
      }
      if (value->old_value != NULL)
        /* Translators: read after an amended value: what it was before. */
        g_string_append_printf (spoken, _(" %s: %s, was %s;"), titles[i], text, value->old_value);
      else
        g_string_append_printf (spoken, " %s: %s;", titles[i], text);
    }
  gtk_label_set_markup (GTK_LABEL (values), markup->str);
  gtk_label_set_xalign (GTK_LABEL (values), 0);
  gtk_label_set_tabs (GTK_LABEL (values), tabs);
  gtk_widget_add_css_class (values, "numeric");
  gtk_widget_set_size_request (values, -1, ROW_HEIGHT);
  gtk_widget_set_margin_start (values, 12);
  gtk_widget_set_margin_end (values, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (value_row), values);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (value_row), FALSE);
  gtk_widget_set_focusable (value_row, FALSE);
  /* Read with the test's row, whose accessible name holds every value. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (value_row), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  {
    g_autofree char *cells_name = g_strdup_printf ("cells-%s", test->code);

    gtk_widget_set_name (values, cells_name);
  }
  gtk_list_box_append (self->value_rows, value_row);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), names);
  gtk_widget_set_name (row, test->code);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken->str,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Enter shows its trend"), -1);
  return row;
}

static void
clear_rows (LdHistoryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_list_box_remove (self->rows, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->value_rows))) != NULL)
    gtk_list_box_remove (self->value_rows, child);
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
fill_table (LdHistoryPage *self)
{
  GArray *times = self->history->times_us;
  g_auto(GStrv) titles = dup_column_titles (self);
  g_autoptr(PangoLayout) measure = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autoptr(GPtrArray) all_cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(PangoTabArray) tabs = NULL;
  PangoAttrList *bold = pango_attr_list_new ();
  int widest = 0;
  gsize longest_cells = 0, longest_titles = 0;
  const char *department = NULL;

  /* One column width that no cell overflows: the longest texts (by
   * characters; digits are of one width in the numeric style) measured
   * in bold, the widest they are drawn. Measuring all 2,000 cost more
   * than drawing them. */
  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (measure, bold);
  pango_attr_list_unref (bold);
  for (guint t = 0; t < self->history->tests->len; t++)
    {
      LdHistoryTest *test = g_ptr_array_index (self->history->tests, t);
      char **cells = g_new0 (char *, times->len + 1);

      for (guint i = 0; i < times->len; i++)
        {
          const LdHistoryValue *value =
            ld_history_test_value_at (test, g_array_index (times, gint64, i));

          cells[i] = value != NULL ? dup_cell_text (value) : g_strdup ("–");
          longest_cells = MAX (longest_cells, strlen (cells[i]));
        }
      g_ptr_array_add (all_cells, cells);
    }
  for (guint i = 0; i < times->len; i++)
    longest_titles = MAX (longest_titles, strlen (titles[i]));
  for (guint i = 0; i < times->len; i++)
    if (strlen (titles[i]) + 2 >= longest_titles)
      widest = MAX (widest, text_width (measure, titles[i]));
  for (guint t = 0; t < all_cells->len; t++)
    {
      char **cells = g_ptr_array_index (all_cells, t);

      for (guint i = 0; cells[i] != NULL; i++)
        if (strlen (cells[i]) + 2 >= longest_cells)
          widest = MAX (widest, text_width (measure, cells[i]));
    }
  tabs = new_tabs (MAX (times->len, 1), widest + CELL_GAP);

  for (guint i = 0; i < times->len; i++)
    {
      if (i > 0)
        g_string_append_c (header, '\t');
      g_string_append (header, titles[i]);
    }
  gtk_label_set_text (self->dates_label, header->str);
  gtk_label_set_tabs (self->dates_label, tabs);
  /* Translators: the accessible name of the row of dates over the cumulative results. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dates_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dates collected, newest first"), -1);

  for (guint t = 0; t < self->history->tests->len; t++)
    {
      LdHistoryTest *test = g_ptr_array_index (self->history->tests, t);

      if (t == 0 || g_strcmp0 (department, test->department) != 0)
        {
          department = test->department;
          gtk_list_box_append (self->rows, new_heading_row (department));
          gtk_list_box_append (self->value_rows, new_heading_row (NULL));
        }
      gtk_list_box_append (self->rows, new_test_row (self, test, titles,
                                                     g_ptr_array_index (all_cells, t), tabs));
    }
}

/* The trend */

static LdChartMark
mark_of (const char *flag)
{
  switch (ld_report_flag_from_string (flag))
    {
    case LD_REPORT_FLAG_LOW:
      return LD_CHART_MARK_LOW;
    case LD_REPORT_FLAG_HIGH:
      return LD_CHART_MARK_HIGH;
    case LD_REPORT_FLAG_CRITICAL_LOW:
      return LD_CHART_MARK_CRITICAL_LOW;
    case LD_REPORT_FLAG_CRITICAL_HIGH:
      return LD_CHART_MARK_CRITICAL_HIGH;
    case LD_REPORT_FLAG_NONE:
    case LD_REPORT_FLAG_ABNORMAL:
    case LD_REPORT_FLAG_NO_REFERENCE:
    default:
      return LD_CHART_MARK_NONE;
    }
}

static gboolean
same_limit (gboolean has_a, double a, gboolean has_b, double b)
{
  return has_a == has_b && (!has_a || a == b);
}

static void
show_trend (LdHistoryPage       *self,
            const LdHistoryTest *test)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (LdChartPoint));
  g_autoptr(GArray) band = g_array_new (FALSE, FALSE, sizeof (LdChartBandStep));
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  const LdHistoryValue *previous = NULL;

  /* Oldest first, as time runs on the chart. */
  for (guint i = test->values->len; i > 0; i--)
    {
      const LdHistoryValue *value = g_ptr_array_index (test->values, i - 1);
      g_autofree char *flag = NULL;
      LdChartPoint point = { 0 };
      char *note = NULL;

      if (!value->has_number)
        continue;
      flag = dup_flag_words (value->flag);
      if (value->old_value != NULL)
        note = *flag != '\0' ?
               /* Translators: a trend point's note: its flag, then that it was amended. */
               g_strdup_printf (_("%s, corrected from %s"), flag, value->old_value) :
               /* Translators: a trend point's note for an amended value. */
               g_strdup_printf (_("corrected from %s"), value->old_value);
      else if (*flag != '\0')
        note = g_steal_pointer (&flag);
      if (note != NULL)
        g_ptr_array_add (notes, note);
      point.x = value->collected_us / (double) G_USEC_PER_SEC;
      point.y = value->number;
      point.mark = mark_of (value->flag);
      point.note = note;
      g_array_append_val (points, point);

      /* The band of each date, one step wherever it changed. */
      if (previous == NULL ||
          !same_limit (previous->has_low, previous->low, value->has_low, value->low) ||
          !same_limit (previous->has_high, previous->high, value->has_high, value->high))
        {
          LdChartBandStep step = {
            previous == NULL ? -INFINITY : point.x,
            value->has_low ? value->low : NAN,
            value->has_high ? value->high : NAN,
          };

          g_array_append_val (band, step);
        }
      previous = value;
    }

  g_free (self->trend_test);
  self->trend_test = g_strdup (test->code);
  ld_chart_clear (self->chart);
  ld_chart_set_title (self->chart, test->name);
  ld_chart_set_unit (self->chart, test->unit);
  ld_chart_add_series (self->chart, test->name, (LdChartPoint *) points->data, points->len);
  ld_chart_set_band (self->chart, (LdChartBandStep *) band->data, band->len);
  if (test->unit != NULL)
    /* Translators: the heading over a test's trend chart: "Haemoglobin (g/dL) over time". */
    title = g_strdup_printf (_("%s (%s) over time"), test->name, test->unit);
  else
    /* Translators: the heading over a test's trend chart, for a test with no unit. */
    title = g_strdup_printf (_("%s over time"), test->name);
  gtk_label_set_text (self->trend_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->trend_box), TRUE);
}

/* The values' row beside the selected test is marked too. */
static void
on_row_selected (LdHistoryPage *self,
                 GtkListBoxRow *row)
{
  GtkListBoxRow *beside;

  /* The names' list still tells while the page is disposed. */
  if (self->value_rows == NULL)
    return;
  beside = row != NULL
             ? gtk_list_box_get_row_at_index (self->value_rows, gtk_list_box_row_get_index (row))
             : NULL;

  if (beside != NULL)
    gtk_list_box_select_row (self->value_rows, beside);
  else
    gtk_list_box_unselect_all (self->value_rows);
}

static void
on_row_activated (LdHistoryPage *self,
                  GtkListBoxRow *row)
{
  const char *code = gtk_widget_get_name (GTK_WIDGET (row));

  for (guint i = 0; self->history != NULL && i < self->history->tests->len; i++)
    {
      LdHistoryTest *test = g_ptr_array_index (self->history->tests, i);

      if (g_str_equal (test->code, code))
        {
          show_trend (self, test);
          /* Left and Right now walk the values; Shift+Tab goes back up. */
          gtk_widget_grab_focus (GTK_WIDGET (self->chart));
          return;
        }
    }
}

/* Loading */

static void read_history  (LdHistoryPage *self);
static void on_patient_cb (GObject       *source,
                           GAsyncResult  *result,
                           gpointer       user_data);

/* The table again, after the feed brought more: the row that was
 * selected and the trend drawn stay. */
static void
show_history (LdHistoryPage *self)
{
  GtkListBoxRow   *selected = gtk_list_box_get_selected_row (self->rows);
  g_autofree char *selected_code =
    selected != NULL ? g_strdup (gtk_widget_get_name (GTK_WIDGET (selected))) : NULL;
  gboolean had_focus = selected != NULL && gtk_widget_has_focus (GTK_WIDGET (selected));

  clear_rows (self);
  if (self->history == NULL || self->history->tests->len == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  fill_table (self);
  gtk_stack_set_visible_child_name (self->content_stack, "table");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->rows));
       row != NULL && selected_code != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), selected_code))
      {
        gtk_list_box_select_row (self->rows, GTK_LIST_BOX_ROW (row));
        if (had_focus)
          gtk_widget_grab_focus (row);
      }
  for (guint i = 0; self->trend_test != NULL && i < self->history->tests->len; i++)
    {
      LdHistoryTest *test = g_ptr_array_index (self->history->tests, i);
      int cursor = ld_chart_get_cursor (self->chart);

      if (g_str_equal (test->code, self->trend_test))
        {
          show_trend (self, test);
          ld_chart_set_cursor (self->chart, cursor);
        }
    }
}

static void
mark_loaded (LdHistoryPage *self)
{
  if (self->loaded)
    return;
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
set_history (LdHistoryPage *self,
             LdHistory     *history,
             gboolean       from_server)
{
  g_clear_pointer (&self->history, ld_history_free);
  self->history = history;
  self->from_server = from_server;
  gtk_widget_set_visible (GTK_WIDGET (self->server_note),
                          from_server && history != NULL && history->tests->len > 0);
  show_history (self);
  mark_loaded (self);
}

/* Breaking the glass needs the server at once: offline, the page says why
 * it cannot. */
static void
update_glass (LdHistoryPage *self)
{
  gboolean    online = ld_session_get_online (self->session);
  const char *status =
    !online ? _("Breaking the glass needs the server, and this computer is offline.")
            : self->refusal;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.break-glass",
                                 self->forbidden && online && !self->breaking);
  gtk_label_set_text (self->glass_status, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->glass_status), status != NULL);
}

static void
show_glass (LdHistoryPage *self)
{
  self->forbidden = TRUE;
  gtk_stack_set_visible_child_name (self->content_stack, "glass");
  update_glass (self);
  mark_loaded (self);
}

static void
on_server_history_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LdHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LdHistory *history = ld_cache_history_from_results_finish (LD_CACHE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The feed was quicker: the cache's own results stand. */
  if (self->history != NULL && self->history->tests->len > 0 && !self->from_server)
    {
      ld_history_free (history);
      return;
    }
  if (history == NULL)
    g_debug ("The server's results could not be laid out: %s", error->message);
  set_history (self, history, TRUE);
}

/* One fallback read, page after page: the page, and the results
 * gathered so far, which self->server_results names while this read is
 * the current one. */
typedef struct
{
  LdHistoryPage    *self;
  LdHistoryResults *results;
  guint             n_pages;
} ServerRead;

static void
server_read_free (ServerRead *read)
{
  g_clear_object (&read->self);
  g_clear_pointer (&read->results, ld_history_results_unref);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerRead, server_read_free)

static void on_server_page_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

/* Asks for the page after @after (the first when %NULL); @read is handed
 * to the callback. */
static void
request_server_page (ServerRead *read,
                     const char *after)
{
  LdHistoryPage *self = read->self;

  ld_doctor_patient_results_async (ld_session_get_api_client (self->session), self->patient_id,
                                   after, SERVER_PAGE, self->cancellable, on_server_page_cb,
                                   read);
}

/* The read is over: @read's results are laid out. */
static void
lay_out_server_results (ServerRead *read)
{
  LdHistoryPage *self = read->self;
  LdCache *cache = ld_session_get_cache (self->session);

  g_clear_pointer (&self->server_results, ld_history_results_unref);
  /* Signed out meanwhile: the session's cache is closed. */
  if (cache == NULL)
    return;
  ld_cache_history_from_gathered_async (cache, read->results, self->cancellable,
                                        on_server_history_cb, g_object_ref (self));
}

static void
on_server_page_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ServerRead) read = user_data;
  LdHistoryPage *self = read->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdResultsPage) page = NULL;
  const char *next = NULL;

  page = ld_doctor_patient_results_finish (LD_API_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Asked again meanwhile: that read answers. */
  if (self->server_results != read->results)
    return;
  if (page == NULL && read->n_pages == 0)
    {
      g_clear_pointer (&self->server_results, ld_history_results_unref);
      if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN))
        {
          show_glass (self);
          return;
        }
      if (error != NULL)
        g_debug ("A patient's results could not be read from the server: %s", error->message);
      set_history (self, NULL, FALSE);
      return;
    }
  if (page == NULL)
    /* A later page failed: the newer results already read are shown. */
    g_debug ("A patient's older results could not be read from the server: %s",
             error->message);
  else
    {
      if (read->n_pages == 0)
        {
          self->forbidden = FALSE;
          update_glass (self);
        }
      read->n_pages++;
      ld_history_results_add_page (read->results, page);
      next = page->next;
    }

  if (next != NULL && ld_history_results_get_n (read->results) < SERVER_MAX_RESULTS)
    {
      request_server_page (g_steal_pointer (&read), next);
      return;
    }
  if (next != NULL)
    g_debug ("A patient's results beyond the newest %u were left on the server.",
             ld_history_results_get_n (read->results));
  lay_out_server_results (read);
}

/* The fallback, once per page (and again after the glass is broken): the
 * patient's reported results, newest first, a page of the server's at a
 * time (GET …/patients/{id}/results with no test). */
static void
ask_server (LdHistoryPage *self)
{
  ServerRead *read = g_new0 (ServerRead, 1);

  self->asked_server = TRUE;
  g_clear_pointer (&self->server_results, ld_history_results_unref);
  self->server_results = ld_history_results_new ();
  read->self = g_object_ref (self);
  read->results = ld_history_results_ref (self->server_results);
  request_server_page (read, NULL);
}

static void
on_history_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LdHistory *history = ld_cache_patient_history_finish (LD_CACHE (source), result, &error);

  if (history == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("A patient's history could not be read: %s", error->message);
    }
  self->reading = FALSE;
  if (history != NULL && history->tests->len > 0)
    {
      self->forbidden = FALSE;
      update_glass (self);
      set_history (self, history, FALSE);
    }
  else if (self->from_server || self->forbidden || (self->asked_server && !self->loaded))
    /* The server's table, the glass or the server's answer awaited stay. */
    ld_history_free (history);
  else if (!self->asked_server && ld_session_get_online (self->session))
    {
      ld_history_free (history);
      ask_server (self);
    }
  else
    set_history (self, history, FALSE);
  if (self->stale)
    read_history (self);
}

static void
read_history (LdHistoryPage *self)
{
  LdCache *cache = ld_session_get_cache (self->session);

  if (cache == NULL)
    return;
  if (self->reading)
    {
      self->stale = TRUE;
      return;
    }
  self->reading = TRUE;
  self->stale = FALSE;
  /* On a first sign-in the feed may bring the patient after the page opened. */
  if (!self->have_patient)
    ld_cache_get_record_async (cache, "patient", self->patient_id, self->cancellable,
                               on_patient_cb, g_object_ref (self));
  ld_cache_patient_history_async (cache, self->patient_id, self->cancellable,
                                  on_history_cb, g_object_ref (self));
}

/* Breaking the glass */

static void
on_glass_broken_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64   until_us = 0;
  gboolean broken =
    ld_doctor_break_glass_finish (LD_API_CLIENT (source), result, &until_us, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->breaking = FALSE;
  if (!broken)
    {
      g_free (self->refusal);
      self->refusal = ld_error_text_describe (error);
      update_glass (self);
      return;
    }
  if (until_us > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (until_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *clock = g_date_time_format (local, "%H:%M");
      g_autofree char *text = NULL;

      /* Translators: after breaking the glass: until when (14:35) this patient is open. */
      text = g_strdup_printf (_("Glass broken: open to you until %s"), clock);
      gtk_label_set_text (self->grant_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->grant_label), TRUE);
    }
  g_clear_pointer (&self->refusal, g_free);
  /* The feed brings the patient's records now; until it does, the server
   * answers for them. */
  self->forbidden = FALSE;
  self->asked_server = FALSE;
  self->from_server = FALSE;
  update_glass (self);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  ask_server (self);
  read_history (self);
}

static void
on_glass_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             gpointer          user_data)
{
  g_autoptr(LdHistoryPage) self = g_weak_ref_get (user_data);
  g_autofree char *reason = NULL;

  if (self == NULL || g_strcmp0 (response, "break") != 0 || !self->forbidden || self->breaking)
    return;
  reason = ld_break_glass_dialog_dup_reason (LD_BREAK_GLASS_DIALOG (dialog));
  self->breaking = TRUE;
  update_glass (self);
  ld_doctor_break_glass_async (ld_session_get_api_client (self->session), self->patient_id, reason,
                               self->cancellable, on_glass_broken_cb, g_object_ref (self));
}

static void
free_weak_ref (gpointer data,
               GClosure *closure)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
break_glass_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdHistoryPage *self = LD_HISTORY_PAGE (widget);
  GtkWidget *dialog;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  dialog = ld_break_glass_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                      self->patient_text != NULL ? self->patient_text : "");
  g_weak_ref_init (ref, self);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_glass_dialog_response_cb), ref,
                         free_weak_ref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Live: what the feed writes may be this patient's results. A history
 * is read in a few milliseconds (bench-history-view), so it is read
 * again whole rather than followed row by row. */
static void
on_cache_changed (LdHistoryPage *self)
{
  read_history (self);
}

static void
on_patient_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdHistoryPage) self = user_data;
  g_autoptr(LdPatient) patient = ld_cache_get_patient_finish (LD_CACHE (source), result, NULL);
  const char *name;
  const char *mrn;
  g_autofree char *title = NULL;

  if (patient == NULL)
    return;
  name = ld_patient_get_name (patient) ?: "";
  mrn = ld_patient_get_mrn (patient) ?: "";
  self->have_patient = TRUE;
  g_free (self->patient_text);
  /* Translators: a patient in a sentence: name, then MRN. */
  self->patient_text = g_strdup_printf (_("%s (%s)"), name, mrn);
  /* Translators: the heading of a patient's cumulative results: their name. */
  title = g_strdup_printf (_("Cumulative results: %s"), name);
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->subtitle, mrn);
}

static void
ld_history_page_constructed (GObject *object)
{
  LdHistoryPage *self = LD_HISTORY_PAGE (object);
  LdCache *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_history_page_parent_class)->constructed (object);

  if (cache == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      self->loaded = TRUE;
      return;
    }
  g_signal_connect_object (cache, "changed", G_CALLBACK (on_cache_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_glass), self,
                           G_CONNECT_SWAPPED);
  update_glass (self);
  read_history (self);
}

static void
ld_history_page_dispose (GObject *object)
{
  LdHistoryPage *self = LD_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_HISTORY_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->history, ld_history_free);
  g_clear_pointer (&self->server_results, ld_history_results_unref);

  G_OBJECT_CLASS (ld_history_page_parent_class)->dispose (object);
}

static void
ld_history_page_finalize (GObject *object)
{
  LdHistoryPage *self = LD_HISTORY_PAGE (object);

  g_free (self->patient_id);
  g_free (self->patient_text);
  g_free (self->refusal);
  g_free (self->trend_test);
  G_OBJECT_CLASS (ld_history_page_parent_class)->finalize (object);
}

static void
ld_history_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdHistoryPage *self = LD_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_history_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdHistoryPage *self = LD_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PATIENT_ID:
      self->patient_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_history_page_class_init (LdHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_history_page_constructed;
  object_class->dispose = ld_history_page_dispose;
  object_class->finalize = ld_history_page_finalize;
  object_class->get_property = ld_history_page_get_property;
  object_class->set_property = ld_history_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/doctor/ld-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, title);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, grant_label);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, server_note);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, glass_status);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, glass_button);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, dates_label);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, rows);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, value_rows);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, trend_box);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, trend_title);
  gtk_widget_class_bind_template_child (widget_class, LdHistoryPage, chart);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);

  gtk_widget_class_install_action (widget_class, "history.break-glass", NULL, break_glass_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "history.break-glass", NULL);
}

static void
ld_history_page_init (LdHistoryPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_history_page_new:
 * @session: the signed-in session
 * @patient_id: the patient whose results are shown
 *
 * Returns: (transfer floating): the page, filling as the cache answers
 */
GtkWidget *
ld_history_page_new (LdSession  *session,
                     const char *patient_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  return g_object_new (LD_TYPE_HISTORY_PAGE, "session", session, "patient-id", patient_id, NULL);
}

/**
 * ld_history_page_get_loaded:
 *
 * Returns: %TRUE once the cache has answered and the table is built
 */
gboolean
ld_history_page_get_loaded (LdHistoryPage *self)
{
  g_return_val_if_fail (LD_IS_HISTORY_PAGE (self), FALSE);

  return self->loaded;
}

/**
 * ld_history_page_get_trend_test:
 *
 * Returns: (nullable): the code of the test whose trend is drawn
 */
const char *
ld_history_page_get_trend_test (LdHistoryPage *self)
{
  g_return_val_if_fail (LD_IS_HISTORY_PAGE (self), NULL);

  return self->trend_test;
}

/**
 * ld_history_page_get_chart:
 *
 * Returns: (transfer none): the trend chart
 */
LdChart *
ld_history_page_get_chart (LdHistoryPage *self)
{
  g_return_val_if_fail (LD_IS_HISTORY_PAGE (self), NULL);

  return self->chart;
}
