/* ld-calendar-print.c: a doctor's day list and a patient's token slip, on paper
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are drawn here with Cairo and Pango from what the calendar holds,
 * and printed through the desk's one GtkPrintOperation runner
 * (client/print/ld-print-operation.c): the print dialog, or a PDF written
 * straight away for "Save as PDF" and the tests. The slip is the size of
 * a receipt roll, as Indian clinics hand the token on a strip of paper.
 */

#define G_LOG_DOMAIN "ld-calendar-print"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "common/ld-appointment-text.h"
#include "common/ld-order-text.h"
#include "ld-calendar-print.h"
#include "ld-print-operation-private.h"

/* A4 portrait and an 80 mm roll, in points. */
#define A4_WIDTH 595.0
#define A4_HEIGHT 842.0
#define ROLL_WIDTH 226.8
#define ROLL_HEIGHT 260.0
#define MARGIN 48.0
#define ROW_HEIGHT 18.0
#define ROWS_TOP 112.0

typedef struct
{
  char *title;
  char *subtitle;
  /* Four strings a row: time, token, patient, state. */
  GPtrArray *cells;
  guint rows_per_page;
} DayList;

typedef struct
{
  char *token;
  char *doctor;
  char *room;
  char *time;
  char *patient;
  char *day;
} Slip;

static void
day_list_free (DayList *list)
{
  g_free (list->title);
  g_free (list->subtitle);
  g_ptr_array_unref (list->cells);
  g_free (list);
}

static void
slip_free (Slip *slip)
{
  g_free (slip->token);
  g_free (slip->doctor);
  g_free (slip->room);
  g_free (slip->time);
  g_free (slip->patient);
  g_free (slip->day);
  g_free (slip);
}

static void
show_text (cairo_t    *cr,
           const char *text,
           const char *font,
           double      x,
           double      y,
           double      width,
           PangoAlignment alignment)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_day (const char *day)
{
  gint64 midnight_us = 0;
  g_autoptr(GDateTime) date = NULL;

  if (!ld_schedule_parse_day (day, &midnight_us))
    return g_strdup (day);
  date = g_date_time_new_from_unix_local (midnight_us / G_USEC_PER_SEC);
  /* Translators: the day printed on a day list and a token slip, in strftime() form. */
  return g_date_time_format (date, _("%A %d %B %Y"));
}

static void
day_page_size (gpointer  data,
               int       page,
               double   *width,
               double   *height)
{
  *width = A4_WIDTH;
  *height = A4_HEIGHT;
}

static void
day_draw_page (gpointer  data,
               cairo_t  *cr,
               int       page)
{
  DayList *list = data;
  double columns[] = { MARGIN, MARGIN + 60, MARGIN + 120, MARGIN + 380 };
  double widths[] = { 56, 56, 256, A4_WIDTH - MARGIN - columns[3] };
  const char *headings[] = { C_("day list", "Time"), C_("day list", "Token"),
                             C_("day list", "Patient"), C_("day list", "State") };
  guint n_rows = list->cells->len / 4;
  guint first = (guint) page * list->rows_per_page;
  double y = ROWS_TOP;

  cairo_set_source_rgb (cr, 0, 0, 0);
  show_text (cr, list->title, "Sans Bold 16", MARGIN, MARGIN, A4_WIDTH - 2 * MARGIN,
             PANGO_ALIGN_LEFT);
  show_text (cr, list->subtitle, "Sans 10", MARGIN, MARGIN + 24, A4_WIDTH - 2 * MARGIN,
             PANGO_ALIGN_LEFT);
  for (guint c = 0; c < 4; c++)
    show_text (cr, headings[c], "Sans Bold 10", columns[c], y, widths[c], PANGO_ALIGN_LEFT);
  y += ROW_HEIGHT;
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, y - 2);
  cairo_line_to (cr, A4_WIDTH - MARGIN, y - 2);
  cairo_stroke (cr);
  if (n_rows == 0)
    show_text (cr, _("No appointments."), "Sans 10", MARGIN, y, A4_WIDTH - 2 * MARGIN,
                      PANGO_ALIGN_LEFT);
  for (guint r = first; r < n_rows && r < first + list->rows_per_page; r++)
    {
      for (guint c = 0; c < 4; c++)
        show_text (cr, g_ptr_array_index (list->cells, r * 4 + c), "Sans 10", columns[c], y,
                   widths[c], PANGO_ALIGN_LEFT);
      y += ROW_HEIGHT;
    }
}

static int
compare_by_time (gconstpointer a,
                 gconstpointer b)
{
  const LdAppointment *first = *(LdAppointment **) a;
  const LdAppointment *second = *(LdAppointment **) b;
  /* Walk-ins (no slot) after the booked slots, by their token. */
  gint64 one = first->slot_us != 0 ? first->slot_us : G_MAXINT64 - 1000000 + first->token;
  gint64 two = second->slot_us != 0 ? second->slot_us : G_MAXINT64 - 1000000 + second->token;

  return one < two ? -1 : one > two;
}

/**
 * ld_calendar_print_day_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @column: one doctor's day
 * @export_pdf_path: (nullable): a PDF to write instead of the print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled
 * @user_data: for @callback
 *
 * Prints the doctor's day: each appointment's time, token, patient and
 * state, in order of time, walk-ins last. @column is copied at once.
 */
void
ld_calendar_print_day_async (GtkWindow              *parent,
                             const LdCalendarColumn *column,
                             const char             *export_pdf_path,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  DayList *list = g_new0 (DayList, 1);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *day = NULL;
  LdPrintPages pages = { 0 };

  g_return_if_fail (column != NULL);

  day = format_day (column->day);
  list->title = g_strdup (column->doctor_name);
  /* Translators: under the doctor's name on the printed day list: the room and the day. */
  list->subtitle =
    column->schedule->room != NULL ? g_strdup_printf (_("%s · %s"), column->schedule->room, day)
                                   : g_strdup (day);
  list->cells = g_ptr_array_new_with_free_func (g_free);
  list->rows_per_page = (guint) ((A4_HEIGHT - ROWS_TOP - MARGIN - ROW_HEIGHT) / ROW_HEIGHT);
  for (guint i = 0; i < column->appointments->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (column->appointments, i));
  g_ptr_array_sort (sorted, compare_by_time);
  for (guint i = 0; i < sorted->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (sorted, i);

      g_ptr_array_add (list->cells, appointment->slot_us != 0
                                      ? ld_order_text_clock (appointment->slot_us)
                                      : g_strdup (C_("day list", "Walk-in")));
      g_ptr_array_add (list->cells, appointment->token > 0
                                      ? g_strdup_printf ("%" G_GINT64_FORMAT, appointment->token)
                                      : g_strdup ("—"));
      g_ptr_array_add (list->cells, g_strdup (appointment->patient_name ?: ""));
      g_ptr_array_add (list->cells, g_strdup (ld_appointment_text_state (appointment->state)));
    }

  /* Translators: the print job of a doctor's day list. */
  pages.title = _("Day list");
  pages.n_pages = MAX (1, (sorted->len + list->rows_per_page - 1) / list->rows_per_page);
  pages.width = A4_WIDTH;
  pages.height = A4_HEIGHT;
  pages.kind = "day-list";
  pages.page_size = day_page_size;
  pages.draw_page = day_draw_page;
  pages.data = list;
  pages.destroy = (GDestroyNotify) day_list_free;
  ld_print_pages_async (parent, &pages, export_pdf_path, cancellable, callback, user_data,
                        ld_calendar_print_day_async);
}

static void
slip_page_size (gpointer  data,
                int       page,
                double   *width,
                double   *height)
{
  *width = ROLL_WIDTH;
  *height = ROLL_HEIGHT;
}

static void
slip_draw_page (gpointer  data,
                cairo_t  *cr,
                int       page)
{
  Slip *slip = data;
  double width = ROLL_WIDTH - 24;

  cairo_set_source_rgb (cr, 0, 0, 0);
  show_text (cr, C_("token slip", "Token"), "Sans 12", 12, 12, width, PANGO_ALIGN_CENTER);
  show_text (cr, slip->token, "Sans Bold 48", 12, 30, width, PANGO_ALIGN_CENTER);
  show_text (cr, slip->doctor, "Sans Bold 12", 12, 104, width, PANGO_ALIGN_CENTER);
  show_text (cr, slip->room, "Sans 11", 12, 124, width, PANGO_ALIGN_CENTER);
  show_text (cr, slip->time, "Sans 11", 12, 144, width, PANGO_ALIGN_CENTER);
  show_text (cr, slip->patient, "Sans 10", 12, 172, width, PANGO_ALIGN_CENTER);
  show_text (cr, slip->day, "Sans 9", 12, 192, width, PANGO_ALIGN_CENTER);
}

/**
 * ld_calendar_print_token_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @column: the doctor's day the appointment is in
 * @appointment: a checked-in appointment, with its token
 * @export_pdf_path: (nullable): a PDF to write instead of the print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled
 * @user_data: for @callback
 *
 * Prints the patient's token slip: the token, the doctor, the room and the
 * time. Both are copied at once.
 */
void
ld_calendar_print_token_async (GtkWindow              *parent,
                               const LdCalendarColumn *column,
                               const LdAppointment    *appointment,
                               const char             *export_pdf_path,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  Slip *slip = g_new0 (Slip, 1);
  g_autofree char *clock = NULL;
  LdPrintPages pages = { 0 };

  g_return_if_fail (column != NULL && appointment != NULL);

  clock = ld_order_text_clock (appointment->slot_us != 0 ? appointment->slot_us
                                                         : appointment->checked_in_us);
  slip->token = g_strdup_printf ("%" G_GINT64_FORMAT, appointment->token);
  slip->doctor = g_strdup (column->doctor_name);
  slip->room = g_strdup (column->schedule->room ?: "");
  /* Translators: the time on a token slip: the appointment's, or the walk-in's check-in. */
  slip->time = appointment->slot_us != 0 ? g_strdup_printf (_("Appointment at %s"), clock)
                                         : g_strdup_printf (_("Walk-in, checked in at %s"), clock);
  slip->patient = g_strdup (appointment->patient_name ?: "");
  slip->day = format_day (column->day);

  /* Translators: the print job of a patient's token slip. */
  pages.title = _("Token slip");
  pages.n_pages = 1;
  pages.width = ROLL_WIDTH;
  pages.height = ROLL_HEIGHT;
  pages.kind = "token-slip";
  pages.page_size = slip_page_size;
  pages.draw_page = slip_draw_page;
  pages.data = slip;
  pages.destroy = (GDestroyNotify) slip_free;
  ld_print_pages_async (parent, &pages, export_pdf_path, cancellable, callback, user_data,
                        ld_calendar_print_token_async);
}

/**
 * ld_calendar_print_finish:
 * @result: the result given to the callback of either print
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when the
 *   person closed the print dialog
 *
 * Returns: %TRUE when printed or exported
 */
gboolean
ld_calendar_print_finish (GAsyncResult  *result,
                          GError       **error)
{
  gpointer tag;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  tag = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (tag == ld_calendar_print_day_async || tag == ld_calendar_print_token_async,
                        FALSE);
  return ld_print_pages_finish (result, tag, error);
}
