/* ld-chart-a11y.c: LdChart in words, for screen readers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The accessible description says the series in words and the value
 * text says the point at the cursor (a slider's, so it is announced).
 */

#define G_LOG_DOMAIN "ld-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ld-chart-private.h"

void
ld_chart_update_accessible (LdChart *self)
{
  g_autofree char *summary = ld_chart_dup_summary (self);
  g_autofree char *cursor = ld_chart_dup_cursor_text (self);
  guint            n = ld_chart_count_stops (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title != NULL
                                    ? self->title
                                    : _("Chart"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                         GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                         GTK_ACCESSIBLE_PROPERTY_VALUE_MAX,
                                         (double) (n > 0 ? n - 1 : 0),
                                         GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                         (double) MAX (self->cursor, 0),
                                         GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                         cursor != NULL ? cursor : summary, -1);
}

static char *
dup_value_text (LdChart            *self,
                const LdChartPoint *p)
{
  g_autofree char *value = ld_chart_format_point_y (self, p->y);

  if (self->unit != NULL && p->note != NULL)
    /* Translators: a value, its unit and its flag: "11.2 g/dL, low". */
    return g_strdup_printf (_("%s %s, %s"), value, self->unit, p->note);
  if (self->unit != NULL)
    /* Translators: a value and its unit: "11.2 g/dL". */
    return g_strdup_printf (_("%s %s"), value, self->unit);
  if (p->note != NULL)
    /* Translators: a value and its flag: "11.2, low". */
    return g_strdup_printf (_("%s, %s"), value, p->note);
  return g_steal_pointer (&value);
}

/**
 * ld_chart_dup_cursor_text:
 *
 * Returns: (transfer full) (nullable): what the cursor's point says
 *   ("5 Mar 2026: 11.2 g/dL, low"), or NULL with no cursor
 */
char *
ld_chart_dup_cursor_text (LdChart *self)
{
  g_autofree char *x_text = NULL;
  g_autoptr(GString) values = g_string_new (NULL);

  g_return_val_if_fail (LD_IS_CHART (self), NULL);

  if (self->cursor < 0)
    return NULL;
  if (self->kind == LD_CHART_LINE)
    {
      LdChartPoint     p;
      g_autofree char *value = NULL;

      if (!ld_chart_get_point (self, 0, self->cursor, &p))
        return NULL;
      x_text = ld_chart_format_x (self, p.x, TRUE);
      value = dup_value_text (self, &p);
      /* Translators: a chart's point at the cursor: its date (or category) and value. */
      return g_strdup_printf (_("%s: %s"), x_text, value);
    }

  x_text = ld_chart_format_x (self, self->cursor, TRUE);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->points->len; i++)
        {
          LdChartPoint    *p = &g_array_index (series->points, LdChartPoint, i);
          g_autofree char *value = NULL;

          if (lround (p->x) != self->cursor)
            continue;
          value = dup_value_text (self, p);
          if (values->len > 0)
            g_string_append (values, "; ");
          if (self->series->len > 1 && series->name != NULL)
            /* Translators: one series' value in a bar chart: "Cash 1,200.00". */
            g_string_append_printf (values, _("%s %s"), series->name, value);
          else
            g_string_append (values, value);
        }
    }
  return g_strdup_printf (_("%s: %s"), x_text, values->str);
}

static void
append_series_summary (LdChart *self,
                       Series  *series,
                       GString *text)
{
  guint            n = series->points->len;
  guint            n_low = 0, n_high = 0, n_critical = 0;
  double           lo = INFINITY, hi = -INFINITY;
  g_autofree char *first = NULL, *last = NULL, *lo_text = NULL, *hi_text = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(GString) marks = g_string_new (NULL);

  if (n == 0)
    {
      g_string_append (text, _("no values"));
      return;
    }
  /* Categories are few: each is read with its value. */
  if (self->x_axis == LD_CHART_AXIS_CATEGORY)
    {
      for (guint i = 0; i < n; i++)
        {
          LdChartPoint    *p = &g_array_index (series->points, LdChartPoint, i);
          g_autofree char *category = ld_chart_format_x (self, p->x, TRUE);
          g_autofree char *value = dup_value_text (self, p);

          if (i > 0)
            g_string_append (text, ", ");
          /* Translators: a category and its value in a chart's description: "Collected: 30". */
          g_string_append_printf (text, _("%s: %s"), category, value);
        }
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);

      lo = MIN (lo, p->y);
      hi = MAX (hi, p->y);
      n_low += p->mark == LD_CHART_MARK_LOW;
      n_high += p->mark == LD_CHART_MARK_HIGH;
      n_critical += p->mark == LD_CHART_MARK_CRITICAL_LOW ||
                    p->mark == LD_CHART_MARK_CRITICAL_HIGH;
    }
  first = ld_chart_format_x (self, g_array_index (series->points, LdChartPoint, 0).x, TRUE);
  last = ld_chart_format_x (self, g_array_index (series->points, LdChartPoint, n - 1).x, TRUE);
  lo_text = ld_chart_format_point_y (self, lo);
  hi_text = ld_chart_format_point_y (self, hi);
  latest = dup_value_text (self, &g_array_index (series->points, LdChartPoint, n - 1));

  if (n == 1)
    /* Translators: a chart's only value: its date (or category) and the value. */
    g_string_append_printf (text, _("one value, %s: %s"), first, latest);
  else
    g_string_append_printf (
      text,
      /* Translators: a chart's series in words: "24 values from 3 Jan 2025
                             * to 5 Dec 2026, lowest 9.8, highest 14.1, latest 11.2 g/dL". */
      g_dngettext (GETTEXT_PACKAGE, "%u value from %s to %s, lowest %s, highest %s, latest %s",
                   "%u values from %s to %s, lowest %s, highest %s, latest %s", n),
      n, first, last, lo_text, hi_text, latest);
  if (n_low > 0)
    /* Translators: how many values of a chart are below the reference band. */
    g_string_append_printf (marks, g_dngettext (GETTEXT_PACKAGE, "%u low", "%u low", n_low), n_low);
  if (n_high > 0)
    {
      if (marks->len > 0)
        g_string_append (marks, ", ");
      /* Translators: how many values of a chart are above the reference band. */
      g_string_append_printf (marks, g_dngettext (GETTEXT_PACKAGE, "%u high", "%u high", n_high),
                              n_high);
    }
  if (n_critical > 0)
    {
      if (marks->len > 0)
        g_string_append (marks, ", ");
      /* Translators: how many values of a chart are critical. */
      g_string_append_printf (marks,
                              g_dngettext (GETTEXT_PACKAGE, "%u critical", "%u critical",
                                           n_critical),
                              n_critical);
    }
  if (marks->len > 0)
    g_string_append_printf (text, "; %s", marks->str);
}

/**
 * ld_chart_dup_summary:
 *
 * Returns: (transfer full): the chart in words, as its accessible
 *   description: "Haemoglobin, 24 values from 3 Jan 2025 to 5 Dec 2026,
 *   lowest 9.8, highest 14.1, latest 11.2 g/dL; 3 low, 1 critical.
 *   Reference band 12–15.5."
 */
char *
ld_chart_dup_summary (LdChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (LD_IS_CHART (self), NULL);

  if (self->title != NULL)
    g_string_append_printf (text, "%s, ", self->title);
  if (self->series->len == 0)
    g_string_append (text, _("no values"));
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      if (s > 0)
        g_string_append (text, ". ");
      if (self->series->len > 1 && series->name != NULL)
        g_string_append_printf (text, "%s: ", series->name);
      append_series_summary (self, series, text);
    }
  g_string_append (text, ".");
  if (self->band->len > 0)
    {
      LdChartBandStep *last = &g_array_index (self->band, LdChartBandStep, self->band->len - 1);
      g_autofree char *low = isnan (last->low) ? NULL : ld_chart_format_point_y (self, last->low);
      g_autofree char *high =
        isnan (last->high) ? NULL : ld_chart_format_point_y (self, last->high);

      if (low != NULL && high != NULL)
        /* Translators: a chart's reference band, latest limits: "Reference band 12–15.5." */
        g_string_append_printf (text, _(" Reference band %s–%s."), low, high);
      else if (high != NULL)
        /* Translators: a reference band with only an upper limit. */
        g_string_append_printf (text, _(" Reference band up to %s."), high);
      else if (low != NULL)
        /* Translators: a reference band with only a lower limit. */
        g_string_append_printf (text, _(" Reference band from %s."), low);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
