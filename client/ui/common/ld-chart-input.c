/* ld-chart-input.c: LdChart's keyboard and pointer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Left and Right (Home, End) and a click move the cursor from point to
 * point.
 */

#define G_LOG_DOMAIN "ld-chart"

#include "config.h"

#include <math.h>

#include "ld-chart-private.h"

/* chart.previous, chart.next, chart.first, chart.last (Left, Right, Home,
 * End): the cursor from point to point. */
static void
move_cursor (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdChart *self = LD_CHART (widget);
  int      n = (int) ld_chart_count_stops (self);
  int      cursor = self->cursor;

  if (n == 0)
    return;
  if (g_str_equal (action_name, "chart.previous"))
    cursor = cursor < 0 ? n - 1 : MAX (cursor - 1, 0);
  else if (g_str_equal (action_name, "chart.next"))
    cursor = cursor < 0 ? n - 1 : MIN (cursor + 1, n - 1);
  else if (g_str_equal (action_name, "chart.first"))
    cursor = 0;
  else
    cursor = n - 1;
  ld_chart_set_cursor (self, cursor);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            LdChart         *self)
{
  int    best = -1;
  double best_distance = INFINITY;

  ld_chart_ensure_layout (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  for (guint i = 0; i < ld_chart_count_stops (self); i++)
    {
      double px = ld_chart_stop_x (self, i);
      double d = fabs (ld_chart_x_to_px (self, px) - x);

      if (d < best_distance)
        {
          best_distance = d;
          best = (int) i;
        }
    }
  if (best >= 0)
    ld_chart_set_cursor (self, best);
}

/* The cursor's actions and their keys. */
void
ld_chart_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chart.previous", NULL, move_cursor);
  gtk_widget_class_install_action (widget_class, "chart.next", NULL, move_cursor);
  gtk_widget_class_install_action (widget_class, "chart.first", NULL, move_cursor);
  gtk_widget_class_install_action (widget_class, "chart.last", NULL, move_cursor);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "chart.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "chart.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "chart.last", NULL);
}

/* A click moves the cursor; the focus ring comes and goes with the focus. */
void
ld_chart_init_input (LdChart *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture         *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
