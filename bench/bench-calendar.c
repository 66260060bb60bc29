/* bench-calendar.c: the desk's day of twenty doctors drawn
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Run in a release build under Xvfb:
 *   meson setup _build-release . --buildtype=release
 *   ninja -C _build-release bench/bench-calendar
 *   xvfb-run -a -s "-screen 0 1280x900x24" _build-release/bench/bench-calendar
 *
 * The calendar's day view (client/ui/desk/ld-calendar-grid.c) of 20
 * doctors, each with 40 slots of 15 minutes from 09:00 to 19:00, every
 * slot booked and in one of the four states an appointment shows: the
 * data in memory, as after it is read (or cached). Each of 200 draws hands
 * the grid the day again (its cells rebuilt), lays it out at its natural
 * size, and builds its render node (the widget's snapshot, every slot's
 * text laid out by Pango): what a new day read, or a booking elsewhere,
 * costs before GSK paints. Then 200 redraws of the same day (the cursor
 * moved, the window exposed), which reuse each slot's laid-out text.
 * Budget < 50 ms for a day already read (issue 33).
 */

#include "config.h"

#include <time.h>

#include <adwaita.h>

#include "bench-common.h"
#include "ui/desk/ld-calendar-grid.h"

#define N_DOCTORS 20
#define N_SLOTS 40
#define N_RUNS 200
#define BUDGET_MS 50

static const char * const first_names[] = { "Kavita", "Suresh", "Arjun", "Meera",  "Ravi",
                                            "Anita",  "Vikram", "Priya", "Sanjay", "Lakshmi" };
static const char * const last_names[] = { "Rao",   "Iyer",  "Mehta", "Nair",  "Sharma",
                                           "Desai", "Reddy", "Khan",  "Gupta", "Menon" };

static LdCalendarData *
make_day (const char *day)
{
  LdCalendarData *data = ld_calendar_data_new ();
  gint64 midnight_us = 0;
  gint64 state = 0;

  g_assert_true (ld_schedule_parse_day (day, &midnight_us));
  for (guint d = 0; d < N_DOCTORS; d++)
    {
      LdSchedule *schedule = ld_schedule_new ();
      g_autofree char *id = g_strdup_printf ("doctor-%02u", d);
      g_autofree char *name =
        g_strdup_printf ("Dr %s %s", first_names[d % 10], last_names[(d * 3 + 1) % 10]);
      LdCalendarColumn *column;
      g_autoptr(GArray) slots = NULL;

      schedule->doctor_id = g_strdup (id);
      schedule->room = g_strdup_printf ("Room %u", d + 1);
      schedule->slot_minutes = 15;
      for (guint w = 0; w < 7; w++)
        schedule->hours[w] = (LdSpan){ 9 * 60, 19 * 60 };
      g_ptr_array_add (data->schedules, schedule);
      column = ld_calendar_data_add_column (data, id, name, day, schedule);
      slots = ld_schedule_day_slots (schedule, day);
      g_assert_cmpuint (slots->len, ==, N_SLOTS);
      for (guint s = 0; s < slots->len; s++)
        {
          LdAppointment *appointment = ld_appointment_new ();

          appointment->id = g_strdup_printf ("%s-%u", id, s);
          appointment->doctor_id = g_strdup (id);
          appointment->patient_id = g_strdup_printf ("patient-%u-%u", d, s);
          appointment->patient_name =
            g_strdup_printf ("%s %s", first_names[(s + d) % 10], last_names[(s * 7 + d) % 10]);
          appointment->day = g_strdup (day);
          appointment->slot_us = g_array_index (slots, gint64, s);
          appointment->state = (LdAppointmentState) (state++ % 4);
          appointment->token = appointment->state != LD_APPOINTMENT_STATE_BOOKED ? s + 1 : 0;
          g_ptr_array_add (column->appointments, appointment);
        }
    }
  return data;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Sets @data (when not %NULL), lays the grid out and builds its render
 * node; returns the wall time, and the process's CPU time in @cpu. */
static double
draw_once (GtkWidget      *grid,
           LdCalendarData *data,
           double         *cpu)
{
  gint64 start = g_get_monotonic_time ();
  double start_cpu = cpu_ms ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = 0;
  int height = 0;

  if (data != NULL)
    ld_calendar_grid_set_data (LD_CALENDAR_GRID (grid), data, FALSE);
  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (grid, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  gtk_widget_allocate (grid, width, height, -1, NULL);
  /* The widget's own snapshot, as GTK calls it for a frame. */
  GTK_WIDGET_GET_CLASS (grid)->snapshot (grid, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  *cpu = cpu_ms () - start_cpu;
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdCalendarData) data = NULL;
  GtkWidget *window;
  GtkWidget *grid;
  double ms[N_RUNS], cpu[N_RUNS], redraw[N_RUNS], redraw_cpu[N_RUNS];
  double warm;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  gtk_init ();
  adw_init ();
  bench_print_load ("before");

  data = make_day ("2030-01-09");
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  grid = ld_calendar_grid_new ();
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (grid))
    g_main_context_iteration (NULL, TRUE);

  /* One draw to warm the font caches, as the desk's first day did. */
  draw_once (grid, data, &warm);
  for (guint i = 0; i < N_RUNS; i++)
    ms[i] = draw_once (grid, data, &cpu[i]);
  /* A redraw of the same day (the cursor moved, the window exposed). */
  for (guint i = 0; i < N_RUNS; i++)
    redraw[i] = draw_once (grid, NULL, &redraw_cpu[i]);

  g_print ("The calendar's day: %d doctors x %d appointments:\n", N_DOCTORS, N_SLOTS);
  bench_report ("  day set, laid out, render node built (ms)", ms, N_RUNS);
  bench_report ("  the same, CPU time of the process (ms)", cpu, N_RUNS);
  bench_report ("  redrawn: laid out, render node built (ms)", redraw, N_RUNS);
  bench_report ("  the same, CPU time of the process (ms)", redraw_cpu, N_RUNS);
  {
    BenchFigures f = bench_figures (ms, N_RUNS);
    BenchFigures r = bench_figures (redraw, N_RUNS);

    /* The budget is for a day already read (cached): a redraw. */
    bench_print_budget ("p99 of a redraw (ms)", r.p99, BUDGET_MS);
    bench_print_budget ("p99 of a new day set and drawn (ms)", f.p99, BUDGET_MS);
  }
  bench_print_load ("after");
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
