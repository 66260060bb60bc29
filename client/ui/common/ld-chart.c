/* ld-chart.c: one small chart of values over time or by category
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A doctor's trend of one test (a line through dated values over the
 * shaded reference band, points out of the band drawn with their own
 * shapes) and the administrator's figures (bars by category) are the same
 * small widget. It draws with Cairo inside a GtkSnapshot, in the theme's
 * named colours, so the light and the dark style both read.
 *
 * Nothing depends on colour: a low value is a triangle pointing down, a
 * high one a triangle pointing up, a critical one a larger diamond, and
 * the accessible description says the series in words. The chart takes
 * the focus; Left and Right (Home, End) move a cursor from point to point,
 * whose date and value are drawn above the plot and given to screen
 * readers as the chart's value text (a slider's, so it is announced).
 */

#define G_LOG_DOMAIN "ld-chart"

#include "config.h"

#include "ld-chart-private.h"

G_DEFINE_FINAL_TYPE (LdChart, ld_chart, GTK_TYPE_WIDGET)

static void
series_free (Series *series)
{
  for (guint i = 0; i < series->points->len; i++)
    g_free ((char *) g_array_index (series->points, LdChartPoint, i).note);
  g_array_unref (series->points);
  g_free (series->name);
  g_free (series);
}

static void
tick_clear (Tick *tick)
{
  g_free (tick->text);
}

static void
invalidate (LdChart *self)
{
  self->laid_out = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The points the cursor walks: the first series' points, or the
 * categories of a bar chart. */
guint
ld_chart_count_stops (LdChart *self)
{
  if (self->kind == LD_CHART_BARS)
    return self->categories != NULL ? g_strv_length (self->categories) : 0;
  if (self->series->len == 0)
    return 0;
  return ((Series *) g_ptr_array_index (self->series, 0))->points->len;
}

/* The x of the cursor's stop @i: a bar chart's category index, or the
 * first series' point's x. */
double
ld_chart_stop_x (LdChart *self,
                 guint    i)
{
  Series *first;

  if (self->kind == LD_CHART_BARS)
    return i;
  first = g_ptr_array_index (self->series, 0);
  return g_array_index (first->points, LdChartPoint, i).x;
}

static void
ld_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 140;
      *natural = 240;
    }
}

static void
ld_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  LD_CHART (widget)->laid_out = FALSE;
}

static void
data_changed (LdChart *self)
{
  if (self->cursor >= (int) ld_chart_count_stops (self))
    self->cursor = (int) ld_chart_count_stops (self) - 1;
  ld_chart_update_accessible (self);
  invalidate (self);
}

static gboolean
ld_chart_grab_focus (GtkWidget *widget)
{
  LdChart *self = LD_CHART (widget);

  if (!GTK_WIDGET_CLASS (ld_chart_parent_class)->grab_focus (widget))
    return FALSE;
  /* The newest value first: it is the one a doctor came to see. (On
   * grabbing rather than on focus-in, which an inactive window does not
   * get.) */
  if (self->cursor < 0 && ld_chart_count_stops (self) > 0)
    ld_chart_set_cursor (self, (int) ld_chart_count_stops (self) - 1);
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static void
ld_chart_dispose (GObject *object)
{
  LdChart *self = LD_CHART (object);

  if (self->x_format_destroy != NULL)
    g_clear_pointer (&self->x_format_data, self->x_format_destroy);
  if (self->y_format_destroy != NULL)
    g_clear_pointer (&self->y_format_data, self->y_format_destroy);
  self->x_format = self->y_format = NULL;
  G_OBJECT_CLASS (ld_chart_parent_class)->dispose (object);
}

static void
ld_chart_finalize (GObject *object)
{
  LdChart *self = LD_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  g_strfreev (self->categories);
  g_ptr_array_unref (self->series);
  g_array_unref (self->band);
  g_array_unref (self->x_ticks);
  g_array_unref (self->y_ticks);
  G_OBJECT_CLASS (ld_chart_parent_class)->finalize (object);
}

static void
ld_chart_class_init (LdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_chart_dispose;
  object_class->finalize = ld_chart_finalize;
  widget_class->snapshot = ld_chart_snapshot;
  widget_class->measure = ld_chart_measure;
  widget_class->size_allocate = ld_chart_size_allocate;
  widget_class->grab_focus = ld_chart_grab_focus;

  ld_chart_class_init_input (widget_class);

  gtk_widget_class_set_css_name (widget_class, "chart");
  /* A slider's value text is what a screen reader says when the cursor
   * moves (GTK 4.8 has no announcements of its own). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
ld_chart_init (LdChart *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->band = g_array_new (FALSE, FALSE, sizeof (LdChartBandStep));
  self->x_ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->x_ticks, (GDestroyNotify) tick_clear);
  self->y_ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->y_ticks, (GDestroyNotify) tick_clear);
  self->cursor = -1;
  self->x_axis = LD_CHART_AXIS_TIME;

  ld_chart_init_input (self);
  ld_chart_update_accessible (self);
}

/* Public API */

/**
 * ld_chart_new:
 *
 * Returns: (transfer floating): an empty line chart over time
 */
GtkWidget *
ld_chart_new (void)
{
  return g_object_new (LD_TYPE_CHART, NULL);
}

void
ld_chart_set_kind (LdChart     *self,
                   LdChartKind  kind)
{
  g_return_if_fail (LD_IS_CHART (self));

  self->kind = kind;
  if (kind == LD_CHART_BARS)
    self->x_axis = LD_CHART_AXIS_CATEGORY;
  data_changed (self);
}

void
ld_chart_set_x_axis (LdChart     *self,
                     LdChartAxis  axis)
{
  g_return_if_fail (LD_IS_CHART (self));
  g_return_if_fail (self->kind != LD_CHART_BARS || axis == LD_CHART_AXIS_CATEGORY);

  self->x_axis = axis;
  data_changed (self);
}

/**
 * ld_chart_set_title:
 * @title: (nullable): what the chart shows ("Haemoglobin"): its
 *   accessible name, and the start of its description
 */
void
ld_chart_set_title (LdChart    *self,
                    const char *title)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  data_changed (self);
}

/**
 * ld_chart_set_unit:
 * @unit: (nullable): the values' unit, shown above the y axis and read
 *   with every value
 */
void
ld_chart_set_unit (LdChart    *self,
                   const char *unit)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_free (self->unit);
  self->unit = g_strdup (unit != NULL && *unit != '\0' ? unit : NULL);
  data_changed (self);
}

/**
 * ld_chart_set_categories:
 * @categories: (array zero-terminated=1) (nullable): the x axis's
 *   categories, in order; a point's x is its category's index
 */
void
ld_chart_set_categories (LdChart            *self,
                         const char * const *categories)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **) categories);
  data_changed (self);
}

/**
 * ld_chart_clear:
 *
 * Removes every series and the band; the cursor goes.
 */
void
ld_chart_clear (LdChart *self)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->band, 0);
  self->cursor = -1;
  data_changed (self);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const LdChartPoint *pa = a, *pb = b;

  return (pa->x > pb->x) - (pa->x < pb->x);
}

/**
 * ld_chart_add_series:
 * @name: the series' name, read in the description when there are several
 * @points: (array length=n_points): its points, in any order (kept sorted
 *   by x); copied
 *
 * Returns: the series' index
 */
guint
ld_chart_add_series (LdChart            *self,
                     const char         *name,
                     const LdChartPoint *points,
                     guint               n_points)
{
  Series *series;

  g_return_val_if_fail (LD_IS_CHART (self), 0);
  g_return_val_if_fail (points != NULL || n_points == 0, 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->points = g_array_sized_new (FALSE, FALSE, sizeof (LdChartPoint), n_points);
  for (guint i = 0; i < n_points; i++)
    {
      LdChartPoint p = points[i];

      if (!isfinite (p.x) || !isfinite (p.y))
        continue;
      p.note = g_strdup (p.note);
      g_array_append_val (series->points, p);
    }
  g_array_sort (series->points, compare_points);
  g_ptr_array_add (self->series, series);
  data_changed (self);
  return self->series->len - 1;
}

/**
 * ld_chart_set_band:
 * @steps: (array length=n_steps) (nullable): the reference band, by x in
 *   increasing order; copied
 */
void
ld_chart_set_band (LdChart               *self,
                   const LdChartBandStep *steps,
                   guint                  n_steps)
{
  g_return_if_fail (LD_IS_CHART (self));
  g_return_if_fail (steps != NULL || n_steps == 0);

  g_array_set_size (self->band, 0);
  if (n_steps > 0)
    g_array_append_vals (self->band, steps, n_steps);
  data_changed (self);
}

static void
set_format (LdChartFormatFunc *func_slot,
            gpointer          *data_slot,
            GDestroyNotify    *destroy_slot,
            LdChartFormatFunc  func,
            gpointer           data,
            GDestroyNotify     destroy)
{
  if (*destroy_slot != NULL)
    (*destroy_slot) (*data_slot);
  *func_slot = func;
  *data_slot = data;
  *destroy_slot = destroy;
}

/**
 * ld_chart_set_x_format:
 * @func: (nullable): text for an x value on the axis and at the cursor;
 *   NULL for the default (dates, numbers, category names)
 */
void
ld_chart_set_x_format (LdChart           *self,
                       LdChartFormatFunc  func,
                       gpointer           user_data,
                       GDestroyNotify     destroy)
{
  g_return_if_fail (LD_IS_CHART (self));

  set_format (&self->x_format, &self->x_format_data, &self->x_format_destroy,
              func, user_data, destroy);
  data_changed (self);
}

/**
 * ld_chart_set_y_format:
 * @func: (nullable): text for a value (money, say) on the axis and at the
 *   cursor; NULL for plain numbers
 */
void
ld_chart_set_y_format (LdChart           *self,
                       LdChartFormatFunc  func,
                       gpointer           user_data,
                       GDestroyNotify     destroy)
{
  g_return_if_fail (LD_IS_CHART (self));

  set_format (&self->y_format, &self->y_format_data, &self->y_format_destroy,
              func, user_data, destroy);
  data_changed (self);
}

guint
ld_chart_get_n_series (LdChart *self)
{
  g_return_val_if_fail (LD_IS_CHART (self), 0);

  return self->series->len;
}

guint
ld_chart_get_n_points (LdChart *self,
                       guint    series)
{
  g_return_val_if_fail (LD_IS_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return ((Series *) g_ptr_array_index (self->series, series))->points->len;
}

/**
 * ld_chart_get_point:
 * @out_point: (out): the point, sorted by x; its note belongs to the chart
 *
 * Returns: %TRUE if the series has a point at @index
 */
gboolean
ld_chart_get_point (LdChart      *self,
                    guint         series,
                    guint         index,
                    LdChartPoint *out_point)
{
  Series *s;

  g_return_val_if_fail (LD_IS_CHART (self), FALSE);
  g_return_val_if_fail (out_point != NULL, FALSE);

  if (series >= self->series->len)
    return FALSE;
  s = g_ptr_array_index (self->series, series);
  if (index >= s->points->len)
    return FALSE;
  *out_point = g_array_index (s->points, LdChartPoint, index);
  return TRUE;
}

/**
 * ld_chart_get_band:
 * @out_n_steps: (out): how many steps the band has
 *
 * Returns: (transfer none) (array length=out_n_steps): the band's steps
 */
const LdChartBandStep *
ld_chart_get_band (LdChart *self,
                   guint   *out_n_steps)
{
  g_return_val_if_fail (LD_IS_CHART (self), NULL);
  g_return_val_if_fail (out_n_steps != NULL, NULL);

  *out_n_steps = self->band->len;
  return (const LdChartBandStep *) (gpointer) self->band->data;
}

/**
 * ld_chart_get_cursor:
 *
 * Returns: the point (of the first series) or category at the cursor, or
 *   -1 when there is none
 */
int
ld_chart_get_cursor (LdChart *self)
{
  g_return_val_if_fail (LD_IS_CHART (self), -1);

  return self->cursor;
}

void
ld_chart_set_cursor (LdChart *self,
                     int      index)
{
  g_return_if_fail (LD_IS_CHART (self));

  index = CLAMP (index, -1, (int) ld_chart_count_stops (self) - 1);
  if (index == self->cursor)
    return;
  self->cursor = index;
  ld_chart_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}


/**
 * ld_chart_dup_y_ticks:
 *
 * Returns: (transfer full) (element-type double): the values of the y
 *   axis's ticks at the chart's present size, bottom up
 */
GArray *
ld_chart_dup_y_ticks (LdChart *self)
{
  GArray *values;

  g_return_val_if_fail (LD_IS_CHART (self), NULL);

  ld_chart_ensure_layout (self);
  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < self->y_ticks->len; i++)
    g_array_append_val (values, g_array_index (self->y_ticks, Tick, i).value);
  return values;
}

/**
 * ld_chart_value_to_pixel:
 * @out_px: (out): the x in the widget's coordinates
 * @out_py: (out): the y in the widget's coordinates
 *
 * Where a value is drawn at the chart's present size.
 *
 * Returns: %TRUE if the chart has a size
 */
gboolean
ld_chart_value_to_pixel (LdChart *self,
                         double   x,
                         double   y,
                         double  *out_px,
                         double  *out_py)
{
  g_return_val_if_fail (LD_IS_CHART (self), FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;
  ld_chart_ensure_layout (self);
  *out_px = ld_chart_x_to_px (self, x);
  *out_py = ld_chart_y_to_px (self, y);
  return TRUE;
}
