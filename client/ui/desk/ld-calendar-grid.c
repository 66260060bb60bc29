/* ld-calendar-grid.c: the calendar's columns of slots, drawn in one widget
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One column per doctor (the day view) or per day (a doctor's week), each
 * on its doctor's own slot grid (the shared ld_schedule_day_slots()), on
 * one axis of the time of day, as GNOME Calendar's week view lays its
 * days. Everything is drawn by this one widget with reused Pango layouts,
 * not a child widget per slot: twenty doctors of forty slots each are
 * 800 slots, and a widget each would cost more to build than to draw
 * (bench/bench-calendar.c). The keyboard moves a cursor over the slots;
 * the cursor's slot in words ("Dr Rao, 10:30, booked: Anjali Desai") is
 * the widget's accessible label, so a screen reader says it as it moves.
 */

#define G_LOG_DOMAIN "ld-calendar-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-appointment-text.h"
#include "common/ld-order-text.h"
#include "ld-calendar-grid.h"

/* Sizes, in pixels. */
#define GUTTER_WIDTH 64
#define HEADER_HEIGHT 52
#define COLUMN_MIN_WIDTH 160
#define PIXELS_PER_MINUTE 2.8
#define CELL_INSET 2

typedef struct
{
  gint64               start_us;
  int                  start_min;
  int                  end_min;
  LdCalendarSlotState  state;
  LdAppointment       *appointment;
  /* What the cell says: "10:30 Anjali Desai\nBooked". */
  char                *text;
  /* Its text laid out at @layout_width, kept between frames: a redraw
   * (the cursor moved) shapes no text again. */
  PangoLayout         *layout;
  int                  layout_width;
} Cell;

typedef struct
{
  LdCalendarColumn *column;
  char             *title;
  char             *subtitle;
  GArray           *cells;
  /* The cells the cursor visits, by index into @cells. */
  GArray           *slots;
} Column;

struct _LdCalendarGrid
{
  GtkWidget       parent_instance;

  LdCalendarData *data;
  gboolean        week;
  GArray         *columns;
  int             axis_start;
  int             axis_end;
  /* The cursor: a column, and an index into its slots (-1: none). */
  guint           cursor_column;
  int             cursor_slot;
  /* The cursor's time of day, kept across a column with no slot. */
  int             cursor_minute;
};

G_DEFINE_FINAL_TYPE (LdCalendarGrid, ld_calendar_grid, GTK_TYPE_WIDGET)

enum
{
  ACTIVATE,
  CURSOR_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
column_clear (Column *column)
{
  for (guint i = 0; i < column->cells->len; i++)
    {
      g_free (g_array_index (column->cells, Cell, i).text);
      g_clear_object (&g_array_index (column->cells, Cell, i).layout);
    }
  g_clear_pointer (&column->cells, g_array_unref);
  g_clear_pointer (&column->slots, g_array_unref);
  g_clear_pointer (&column->title, g_free);
  g_clear_pointer (&column->subtitle, g_free);
}

/**
 * ld_calendar_slot_state_text:
 *
 * Returns: (transfer none): the state in words, as a slot shows it
 */
const char *
ld_calendar_slot_state_text (LdCalendarSlotState state)
{
  switch (state)
    {
    case LD_CALENDAR_SLOT_FREE:
      return C_("slot", "Free");
    case LD_CALENDAR_SLOT_BOOKED:
      return ld_appointment_text_state (LD_APPOINTMENT_STATE_BOOKED);
    case LD_CALENDAR_SLOT_CHECKED_IN:
      return ld_appointment_text_state (LD_APPOINTMENT_STATE_CHECKED_IN);
    case LD_CALENDAR_SLOT_WITH_DOCTOR:
      return ld_appointment_text_state (LD_APPOINTMENT_STATE_WITH_DOCTOR);
    case LD_CALENDAR_SLOT_DONE:
      return ld_appointment_text_state (LD_APPOINTMENT_STATE_DONE);
    case LD_CALENDAR_SLOT_LEAVE:
      return _("On leave");
    case LD_CALENDAR_SLOT_BREAK:
      return _("Break");
    default:
      return "";
    }
}

static LdCalendarSlotState
state_of (const LdAppointment *appointment)
{
  if (appointment == NULL)
    return LD_CALENDAR_SLOT_FREE;
  switch (appointment->state)
    {
    case LD_APPOINTMENT_STATE_CHECKED_IN:
      return LD_CALENDAR_SLOT_CHECKED_IN;
    case LD_APPOINTMENT_STATE_WITH_DOCTOR:
      return LD_CALENDAR_SLOT_WITH_DOCTOR;
    case LD_APPOINTMENT_STATE_DONE:
      return LD_CALENDAR_SLOT_DONE;
    default:
      return LD_CALENDAR_SLOT_BOOKED;
    }
}

static int
minute_of_day (gint64 time_us)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

/* The working hours of @column's weekday; end 0 on a day off. */
static LdSpan
hours_of (const LdCalendarColumn *column)
{
  LdSpan none = { 0, 0 };
  gint64 midnight_us = 0;
  g_autoptr(GDateTime) date = NULL;

  if (!ld_schedule_parse_day (column->day, &midnight_us))
    return none;
  date = g_date_time_new_from_unix_local (midnight_us / G_USEC_PER_SEC);
  return column->schedule->hours[g_date_time_get_day_of_week (date) - 1];
}

static void
add_cell (Column              *column,
          gint64               start_us,
          int                  start_min,
          int                  end_min,
          LdCalendarSlotState  state,
          LdAppointment       *appointment,
          char                *text)
{
  Cell cell = { start_us, start_min, end_min, state, appointment, text, NULL, 0 };

  g_array_append_val (column->cells, cell);
}

static void
build_column (LdCalendarGrid   *self,
              LdCalendarColumn *source,
              Column           *column)
{
  LdSpan hours = hours_of (source);
  g_autoptr(GArray) starts = NULL;
  int slot_minutes = source->schedule->slot_minutes;

  column->column = source;
  column->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  column->slots = g_array_new (FALSE, FALSE, sizeof (guint));
  if (self->week)
    {
      gint64 midnight_us = 0;
      g_autoptr(GDateTime) date = NULL;

      ld_schedule_parse_day (source->day, &midnight_us);
      date = g_date_time_new_from_unix_local (midnight_us / G_USEC_PER_SEC);
      /* Translators: a day of the week's heading, in strftime() form: "Thu 26 Nov". */
      column->title = g_date_time_format (date, _("%a %d %b"));
      column->subtitle = g_strdup (source->doctor_name);
    }
  else
    {
      column->title = g_strdup (source->doctor_name);
      column->subtitle = g_strdup (source->schedule->room != NULL ? source->schedule->room : "");
    }

  if (hours.end_min > hours.start_min)
    {
      self->axis_start = MIN (self->axis_start, hours.start_min);
      self->axis_end = MAX (self->axis_end, hours.end_min);
    }
  if (ld_schedule_is_on_leave (source->schedule, source->day) || hours.end_min <= hours.start_min)
    {
      add_cell (column, 0, hours.start_min, hours.end_min, LD_CALENDAR_SLOT_LEAVE, NULL,
                g_strdup (hours.end_min > hours.start_min ? _("On leave") : _("No hours")));
      return;
    }

  for (guint i = 0; i < source->schedule->breaks->len; i++)
    {
      LdSpan span = g_array_index (source->schedule->breaks, LdSpan, i);
      int start = MAX (span.start_min, hours.start_min);
      int end = MIN (span.end_min, hours.end_min);

      if (end > start)
        add_cell (column, 0, start, end, LD_CALENDAR_SLOT_BREAK, NULL, g_strdup (_("Break")));
    }

  starts = ld_schedule_day_slots (source->schedule, source->day);
  for (guint i = 0; starts != NULL && i < starts->len; i++)
    {
      gint64 start_us = g_array_index (starts, gint64, i);
      LdAppointment *appointment = ld_calendar_column_find (source, start_us);
      LdCalendarSlotState state = state_of (appointment);
      int start_min = minute_of_day (start_us);
      g_autofree char *clock = ld_order_text_clock (start_us);
      guint index = column->cells->len;
      char *text;

      if (appointment != NULL)
        text = g_strdup_printf ("%s %s\n%s", clock, appointment->patient_name ?: "",
                                ld_calendar_slot_state_text (state));
      else
        text = g_strdup_printf ("%s %s", clock, ld_calendar_slot_state_text (state));
      add_cell (column, start_us, start_min, start_min + slot_minutes, state, appointment, text);
      g_array_append_val (column->slots, index);
    }
}

static Column *
get_column (LdCalendarGrid *self,
            guint           index)
{
  return index < self->columns->len ? &g_array_index (self->columns, Column, index) : NULL;
}

static Cell *
cursor_cell (LdCalendarGrid *self)
{
  Column *column = get_column (self, self->cursor_column);

  if (column == NULL || self->cursor_slot < 0 || (guint) self->cursor_slot >= column->slots->len)
    return NULL;
  return &g_array_index (column->cells, Cell,
                         g_array_index (column->slots, guint, self->cursor_slot));
}

static double
column_width (LdCalendarGrid *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint n = MAX (1, self->columns->len);

  return MAX ((double) COLUMN_MIN_WIDTH, (double) (width - GUTTER_WIDTH) / n);
}

static graphene_rect_t
cell_rect (LdCalendarGrid *self,
           guint           column,
           const Cell     *cell)
{
  double width = column_width (self);
  graphene_rect_t rect;

  graphene_rect_init (&rect, GUTTER_WIDTH + column * width + CELL_INSET,
                      HEADER_HEIGHT + (cell->start_min - self->axis_start) * PIXELS_PER_MINUTE +
                        CELL_INSET,
                      width - 2 * CELL_INSET,
                      (cell->end_min - cell->start_min) * PIXELS_PER_MINUTE - 2 * CELL_INSET);
  return rect;
}

static void
update_accessible (LdCalendarGrid *self)
{
  g_autofree char *text = ld_calendar_grid_describe_cursor (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : _("Calendar"), -1);
}

/* Scrolls the cursor's slot into view, when the grid scrolls. */
static void
show_cursor (LdCalendarGrid *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  Cell *cell = cursor_cell (self);
  graphene_rect_t rect;

  if (scrolled == NULL || cell == NULL)
    return;
  rect = cell_rect (self, self->cursor_column, cell);
  gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                             rect.origin.y - HEADER_HEIGHT,
                             rect.origin.y + rect.size.height + CELL_INSET);
  gtk_adjustment_clamp_page (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                             rect.origin.x - GUTTER_WIDTH, rect.origin.x + rect.size.width);
}

static void
cursor_changed (LdCalendarGrid *self)
{
  Cell *cell = cursor_cell (self);

  if (cell != NULL)
    self->cursor_minute = cell->start_min;
  update_accessible (self);
  show_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals [CURSOR_CHANGED], 0);
}

/* The slot of @column nearest to @minute, or -1 when it has none. */
static int
nearest_slot (Column *column,
              int     minute)
{
  int best = -1;
  int best_distance = G_MAXINT;

  for (guint i = 0; i < column->slots->len; i++)
    {
      Cell *cell = &g_array_index (column->cells, Cell, g_array_index (column->slots, guint, i));
      int   distance = minute < cell->start_min  ? cell->start_min - minute
                       : minute >= cell->end_min ? minute - cell->end_min + 1
                                                 : 0;

      if (distance < best_distance)
        {
          best = (int) i;
          best_distance = distance;
        }
    }
  return best;
}

/* Cairo and Pango. */

static void
append_text (GtkSnapshot          *snapshot,
             PangoLayout          *layout,
             const char           *text,
             double                x,
             double                y,
             double                width,
             int                   max_lines,
             const GdkRGBA        *color)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_height (layout, -max_lines);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static GdkRGBA
state_color (LdCalendarSlotState state,
             const GdkRGBA      *fg)
{
  switch (state)
    {
    case LD_CALENDAR_SLOT_BOOKED:
      return (GdkRGBA){ 0.21f, 0.52f, 0.89f, 0.25f };
    case LD_CALENDAR_SLOT_CHECKED_IN:
      return (GdkRGBA){ 0.96f, 0.47f, 0.0f, 0.30f };
    case LD_CALENDAR_SLOT_WITH_DOCTOR:
      return (GdkRGBA){ 0.57f, 0.25f, 0.66f, 0.28f };
    case LD_CALENDAR_SLOT_DONE:
      return (GdkRGBA){ 0.15f, 0.64f, 0.41f, 0.25f };
    case LD_CALENDAR_SLOT_LEAVE:
      return (GdkRGBA){ fg->red, fg->green, fg->blue, 0.14f };
    case LD_CALENDAR_SLOT_BREAK:
      return (GdkRGBA){ fg->red, fg->green, fg->blue, 0.08f };
    case LD_CALENDAR_SLOT_FREE:
    default:
      return (GdkRGBA){ fg->red, fg->green, fg->blue, 0.04f };
    }
}

static void
ld_calendar_grid_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LdCalendarGrid *self = LD_CALENDAR_GRID (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoLayout) bold = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  double width = column_width (self);
  double full_width = GUTTER_WIDTH + width * self->columns->len;
  gboolean focused = gtk_widget_has_focus (widget);
  gint64 now = g_get_real_time ();
  GdkRGBA fg;
  GdkRGBA line;
  GdkRGBA dim;
  GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1.0f };
  Cell *cursor = cursor_cell (self);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  line = (GdkRGBA){ fg.red, fg.green, fg.blue, 0.12f };
  dim = (GdkRGBA){ fg.red, fg.green, fg.blue, 0.55f };
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_ellipsize (bold, PANGO_ELLIPSIZE_END);
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (bold, attrs);

  /* The hours, down the gutter and across the columns. */
  for (int minute = (self->axis_start + 59) / 60 * 60; minute <= self->axis_end; minute += 60)
    {
      double y = HEADER_HEIGHT + (minute - self->axis_start) * PIXELS_PER_MINUTE;
      char clock[16];

      g_snprintf (clock, sizeof clock, "%02d:%02d", minute / 60, minute % 60);
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH, y, full_width, 1));
      append_text (snapshot, layout, clock, 6, y - 8, GUTTER_WIDTH - 12, 1, &dim);
    }

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *column = get_column (self, c);
      double x = GUTTER_WIDTH + c * width;

      append_text (snapshot, bold, column->title, x + 6, 6, width - 12, 1, &fg);
      append_text (snapshot, layout, column->subtitle, x + 6, 26, width - 12, 1, &dim);
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (x, 0, 1, HEADER_HEIGHT +
                                                      (self->axis_end - self->axis_start) *
                                                        PIXELS_PER_MINUTE));
      for (guint i = 0; i < column->cells->len; i++)
        {
          Cell *cell = &g_array_index (column->cells, Cell, i);
          graphene_rect_t rect = cell_rect (self, c, cell);
          GdkRGBA fill = state_color (cell->state, &fg);
          gboolean past = cell->state == LD_CALENDAR_SLOT_FREE && cell->start_us < now;
          int lines = MAX (1, (int) (rect.size.height / 15));

          if (rect.size.height <= 0)
            continue;
          gtk_snapshot_append_color (snapshot, &fill, &rect);
          if (cell->appointment != NULL)
            {
              GdkRGBA bar = { fill.red, fill.green, fill.blue, 1.0f };

              gtk_snapshot_append_color (snapshot, &bar,
                                         &GRAPHENE_RECT_INIT (rect.origin.x, rect.origin.y, 3,
                                                              rect.size.height));
            }
          if (cell->layout == NULL || cell->layout_width != (int) rect.size.width)
            {
              g_clear_object (&cell->layout);
              cell->layout = gtk_widget_create_pango_layout (widget, cell->text);
              cell->layout_width = (int) rect.size.width;
              pango_layout_set_ellipsize (cell->layout, PANGO_ELLIPSIZE_END);
              pango_layout_set_width (cell->layout, (int) ((rect.size.width - 10) * PANGO_SCALE));
              pango_layout_set_height (cell->layout, -lines);
            }
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (rect.origin.x + 6, rect.origin.y + 2));
          gtk_snapshot_append_layout (snapshot, cell->layout, past ? &dim : &fg);
          gtk_snapshot_restore (snapshot);
        }
    }

  if (cursor != NULL)
    {
      graphene_rect_t rect = cell_rect (self, self->cursor_column, cursor);
      GskRoundedRect outline;
      GdkRGBA color = focused ? accent : dim;
      float border = focused ? 2 : 1;

      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]){ border, border, border, border },
                                  (GdkRGBA[4]){ color, color, color, color });
    }
}

static void
ld_calendar_grid_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  LdCalendarGrid *self = LD_CALENDAR_GRID (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = GUTTER_WIDTH + COLUMN_MIN_WIDTH * MAX (1, self->columns->len);
  else
    *minimum = *natural =
      HEADER_HEIGHT + (int) ((self->axis_end - self->axis_start) * PIXELS_PER_MINUTE) + 8;
}

/* Keys and clicks. */

static gboolean
move_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  int columns = 0;
  int slots = 0;

  g_variant_get (args, "(ii)", &columns, &slots);
  ld_calendar_grid_move_cursor (LD_CALENDAR_GRID (widget), columns, slots);
  return TRUE;
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               LdCalendarGrid  *self)
{
  double width = column_width (self);
  int c = (int) ((x - GUTTER_WIDTH) / width);
  int minute = self->axis_start + (int) ((y - HEADER_HEIGHT) / PIXELS_PER_MINUTE);
  Column *column;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (x < GUTTER_WIDTH || y < HEADER_HEIGHT || (column = get_column (self, (guint) c)) == NULL)
    return;
  self->cursor_column = (guint) c;
  self->cursor_slot = nearest_slot (column, minute);
  cursor_changed (self);
  if (n_press == 2)
    g_signal_emit (self, signals [ACTIVATE], 0);
}

static void
on_focus_cb (LdCalendarGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ld_calendar_grid_dispose (GObject *object)
{
  LdCalendarGrid *self = LD_CALENDAR_GRID (object);

  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->data, ld_calendar_data_unref);

  G_OBJECT_CLASS (ld_calendar_grid_parent_class)->dispose (object);
}

static void
add_move (GtkWidgetClass *widget_class,
          guint           key,
          int             columns,
          int             slots)
{
  gtk_widget_class_add_binding (widget_class, key, 0, move_cb, "(ii)", columns, slots);
}

static void
ld_calendar_grid_class_init (LdCalendarGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_calendar_grid_dispose;
  widget_class->snapshot = ld_calendar_grid_snapshot;
  widget_class->measure = ld_calendar_grid_measure;

  /**
   * LdCalendarGrid::activate:
   *
   * Enter, or a double click, on the cursor's slot.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);
  /**
   * LdCalendarGrid::cursor-changed:
   *
   * The cursor moved, or the slot under it changed.
   */
  signals [CURSOR_CHANGED] = g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           0);

  add_move (widget_class, GDK_KEY_Up, 0, -1);
  add_move (widget_class, GDK_KEY_KP_Up, 0, -1);
  add_move (widget_class, GDK_KEY_Down, 0, 1);
  add_move (widget_class, GDK_KEY_KP_Down, 0, 1);
  add_move (widget_class, GDK_KEY_Left, -1, 0);
  add_move (widget_class, GDK_KEY_KP_Left, -1, 0);
  add_move (widget_class, GDK_KEY_Right, 1, 0);
  add_move (widget_class, GDK_KEY_KP_Right, 1, 0);
  add_move (widget_class, GDK_KEY_Page_Up, 0, -4);
  add_move (widget_class, GDK_KEY_Page_Down, 0, 4);
  add_move (widget_class, GDK_KEY_Home, 0, -1000);
  add_move (widget_class, GDK_KEY_End, 0, 1000);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Return, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_KP_Enter, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_space, 0, "activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "calendar-grid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
ld_calendar_grid_init (LdCalendarGrid *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify) column_clear);
  self->axis_start = 9 * 60;
  self->axis_end = 17 * 60;
  self->cursor_slot = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (self, "notify::has-focus", G_CALLBACK (on_focus_cb), self);
  update_accessible (self);
}

/**
 * ld_calendar_grid_new:
 *
 * Returns: (transfer full): an empty calendar
 */
GtkWidget *
ld_calendar_grid_new (void)
{
  return g_object_new (LD_TYPE_CALENDAR_GRID, NULL);
}

/**
 * ld_calendar_grid_set_data:
 * @data: what to show; the grid keeps a reference
 * @week: %TRUE when the columns are one doctor's days (headed by the
 *   day), %FALSE when they are one day's doctors (headed by the doctor)
 *
 * Shows @data. The cursor stays on the same doctor, day and time when
 * they are still shown.
 */
void
ld_calendar_grid_set_data (LdCalendarGrid *self,
                           LdCalendarData *data,
                           gboolean        week)
{
  g_autofree char *doctor_id = NULL;
  g_autofree char *day = NULL;
  gint64 slot_us = 0;
  const LdCalendarColumn *cursor;

  g_return_if_fail (LD_IS_CALENDAR_GRID (self));
  g_return_if_fail (data != NULL);

  cursor = ld_calendar_grid_get_cursor (self, &slot_us, NULL);
  if (cursor != NULL)
    {
      doctor_id = g_strdup (cursor->doctor_id);
      day = g_strdup (cursor->day);
    }
  g_array_set_size (self->columns, 0);
  ld_calendar_data_ref (data);
  g_clear_pointer (&self->data, ld_calendar_data_unref);
  self->data = data;
  self->week = week;
  self->axis_start = 24 * 60;
  self->axis_end = 0;
  g_array_set_size (self->columns, data->columns->len);
  for (guint i = 0; i < data->columns->len; i++)
    build_column (self, g_ptr_array_index (data->columns, i), get_column (self, i));
  if (self->axis_end <= self->axis_start)
    {
      self->axis_start = 9 * 60;
      self->axis_end = 17 * 60;
    }
  for (guint i = 0; i < self->columns->len; i++)
    {
      /* A day off's cell spans the whole axis. */
      Column *column = get_column (self, i);
      Cell *first = column->cells->len > 0 ? &g_array_index (column->cells, Cell, 0) : NULL;

      if (first != NULL && first->state == LD_CALENDAR_SLOT_LEAVE && first->end_min == 0)
        {
          first->start_min = self->axis_start;
          first->end_min = self->axis_end;
        }
    }

  self->cursor_column = 0;
  self->cursor_slot = self->columns->len > 0 ? nearest_slot (get_column (self, 0), 0) : -1;
  if (doctor_id != NULL)
    ld_calendar_grid_set_cursor (self, doctor_id, week ? NULL : day, slot_us);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  update_accessible (self);
  g_signal_emit (self, signals [CURSOR_CHANGED], 0);
}

/**
 * ld_calendar_grid_get_data:
 *
 * Returns: (transfer none) (nullable): what the grid shows
 */
LdCalendarData *
ld_calendar_grid_get_data (LdCalendarGrid *self)
{
  g_return_val_if_fail (LD_IS_CALENDAR_GRID (self), NULL);

  return self->data;
}

/**
 * ld_calendar_grid_get_cursor:
 * @slot_us: (out) (optional): the cursor's slot; 0 when the column has none
 * @appointment: (out) (optional) (transfer none): the appointment holding
 *   it, or %NULL for a free slot
 *
 * Returns: (transfer none) (nullable): the cursor's column, or %NULL when
 *   the grid is empty
 */
const LdCalendarColumn *
ld_calendar_grid_get_cursor (LdCalendarGrid  *self,
                             gint64          *slot_us,
                             LdAppointment  **appointment)
{
  Column *column;
  Cell *cell;

  g_return_val_if_fail (LD_IS_CALENDAR_GRID (self), NULL);

  column = get_column (self, self->cursor_column);
  cell = cursor_cell (self);
  if (slot_us != NULL)
    *slot_us = cell != NULL ? cell->start_us : 0;
  if (appointment != NULL)
    *appointment = cell != NULL ? cell->appointment : NULL;
  return column != NULL ? column->column : NULL;
}

/**
 * ld_calendar_grid_set_cursor:
 * @doctor_id: the doctor
 * @day: (nullable): the day, or %NULL for any
 * @slot_us: a slot's start, or 0 for the column's first
 *
 * Returns: %TRUE when the cursor moved there
 */
gboolean
ld_calendar_grid_set_cursor (LdCalendarGrid *self,
                             const char     *doctor_id,
                             const char     *day,
                             gint64          slot_us)
{
  g_return_val_if_fail (LD_IS_CALENDAR_GRID (self), FALSE);
  g_return_val_if_fail (doctor_id != NULL, FALSE);

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *column = get_column (self, c);

      if (!g_str_equal (column->column->doctor_id, doctor_id) ||
          (day != NULL && !g_str_equal (column->column->day, day)))
        continue;
      for (guint i = 0; i < column->slots->len; i++)
        {
          Cell *cell =
            &g_array_index (column->cells, Cell, g_array_index (column->slots, guint, i));

          if (slot_us != 0 && cell->start_us != slot_us)
            continue;
          self->cursor_column = c;
          self->cursor_slot = (int) i;
          cursor_changed (self);
          return TRUE;
        }
      if (slot_us == 0)
        {
          self->cursor_column = c;
          self->cursor_slot = -1;
          cursor_changed (self);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ld_calendar_grid_move_cursor:
 * @columns: columns to move right (negative: left)
 * @slots: slots to move down (negative: up); the cursor stops at the ends
 *
 * Moves the cursor as the arrow keys do. Across columns it keeps the time
 * of day as near as the next doctor's grid allows.
 */
void
ld_calendar_grid_move_cursor (LdCalendarGrid *self,
                              int             columns,
                              int             slots)
{
  Column *column;
  Cell *cell;

  g_return_if_fail (LD_IS_CALENDAR_GRID (self));

  if (self->columns->len == 0)
    return;
  cell = cursor_cell (self);
  if (columns != 0)
    {
      int minute = cell != NULL ? cell->start_min : self->cursor_minute;
      int target = CLAMP ((int) self->cursor_column + columns, 0, (int) self->columns->len - 1);

      self->cursor_column = (guint) target;
      self->cursor_slot = nearest_slot (get_column (self, self->cursor_column), minute);
    }
  column = get_column (self, self->cursor_column);
  if (slots != 0 && column->slots->len > 0)
    self->cursor_slot = CLAMP (self->cursor_slot + slots, 0, (int) column->slots->len - 1);
  cursor_changed (self);
}

/**
 * ld_calendar_grid_describe_cursor:
 *
 * The cursor's slot in words, as a screen reader says it: "Dr Rao,
 * 10:30, booked: Anjali Desai"; in a week, with the day.
 *
 * Returns: (transfer full) (nullable): the words, or %NULL when empty
 */
char *
ld_calendar_grid_describe_cursor (LdCalendarGrid *self)
{
  Column *column;
  Cell *cell;
  g_autofree char *clock = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (LD_IS_CALENDAR_GRID (self), NULL);

  column = get_column (self, self->cursor_column);
  if (column == NULL)
    return NULL;
  /* Translators: the doctor and the day of a slot in a week, said by a screen reader. */
  where = self->week ? g_strdup_printf (_("%s, %s"), column->column->doctor_name, column->title)
                     : g_strdup (column->column->doctor_name);
  cell = cursor_cell (self);
  if (cell == NULL)
    {
      const char *state = column->cells->len > 0
                            ? g_array_index (column->cells, Cell, 0).text
                            : ld_calendar_slot_state_text (LD_CALENDAR_SLOT_LEAVE);

      /* Translators: a doctor with no slot that day, and why ("On leave"). */
      return g_strdup_printf (_("%s: %s"), where, state);
    }
  clock = ld_order_text_clock (cell->start_us);
  if (cell->appointment != NULL)
    /* Translators: a booked slot, said by a screen reader: "Dr Rao, 10:30, Booked: Anjali
     * Desai". */
    return g_strdup_printf (_("%s, %s, %s: %s"), where, clock,
                               ld_calendar_slot_state_text (cell->state),
                               cell->appointment->patient_name ?: "");
  /* Translators: a free slot, said by a screen reader: "Dr Rao, 10:30, Free". */
  return g_strdup_printf (_("%s, %s, %s"), where, clock, ld_calendar_slot_state_text (cell->state));
}
