/* bench-desk.c: the real window, driven as a person would, for bench-client
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As tests/test-gui-login.c drives it: the real LdContext and LdWindow,
 * text set in the entries a person sees, actions by their names. What a
 * person sees is on screen only once a frame has drawn it, so every
 * moment ends at the window's frame clock's after-paint: the first one at
 * which the state looked for holds (nothing changes between a frame's
 * paint and its after-paint).
 */

#include "config.h"

#include "bench-common.h"
#include "bench-desk.h"
#include "ld-test-client.h"
#include "ui/desk/ld-patient-search-page.h"
#include "ui/ld-home-page.h"
#include "ui/ld-login-page.h"

double
bench_ms_since (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / 1000.0;
}

/**
 * bench_cpu_ms:
 * @pid: a process id, or "self"
 *
 * Returns: the time the process's threads have run on a CPU so far, in
 *   ms (threads already gone not counted): what work costs whatever the
 *   machine's load
 */
double
bench_cpu_ms (const char *pid)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%s/task", pid);
  g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
  const char *task;
  gint64 ns = 0;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks, task, "schedstat", NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        ns += g_ascii_strtoll (text, NULL, 10);
    }
  return ns / 1e6;
}

/* As the tests run the window: the build's schemas, settings in memory,
 * GSK_RENDERER cairo unless set. */
void
bench_desk_set_env (const char *schema_dir)
{
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

static gboolean
time_is_up (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, as the time between a person's actions.
 * The loop is woken at that very time: otherwise the first wakeup after
 * it is mostly a frame (a focused entry's cursor keeps the frame clock
 * ticking), and what the caller does next, a key typed, would always
 * fall just after a frame and wait a whole frame interval for the next,
 * where a person's key falls anywhere between two frames. */
void
bench_spin_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  g_autoptr(GSource) wake = g_timeout_source_new (ms);

  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, NULL);
  ld_test_wait_until (time_is_up, &until, ms + 60000, "the time to pass");
  g_source_destroy (wake);
}

typedef struct
{
  BenchCondition condition;
  gpointer       data;
  gint64         drawn_at;
} Drawn;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Drawn         *drawn)
{
  if (drawn->drawn_at == 0 && drawn->condition (drawn->data))
    drawn->drawn_at = g_get_monotonic_time ();
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
was_drawn (gpointer data)
{
  return ((Drawn *) data)->drawn_at != 0;
}

/**
 * bench_desk_wait_drawn:
 *
 * Runs the main loop until a frame of the window has been drawn with
 * @condition holding.
 *
 * Returns: when that frame ended (after-paint), on the monotonic clock
 */
gint64
bench_desk_wait_drawn (BenchDesk      *desk,
                       BenchCondition  condition,
                       gpointer        data,
                       guint           timeout_ms,
                       const char     *what)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (desk->window));
  Drawn drawn = { condition, data, 0 };
  gulong id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint_cb),
                                      &drawn);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Wakes the blocking iteration to look at the state and the clock. */
  g_autoptr(GSource) tick = g_timeout_source_new (10);

  g_source_set_callback (tick, tick_cb, NULL, NULL);
  g_source_attach (tick, NULL);
  while (!was_drawn (&drawn))
    {
      gint64 held_since = 0;

      /* Held for 200 ms with no frame: the state was drawn in a frame
       * before this wait began, or GTK saw nothing to redraw. Ask for one
       * frame; the report counts them. */
      while (!was_drawn (&drawn) && g_get_monotonic_time () < deadline)
        {
          if (!condition (data))
            held_since = 0;
          else if (held_since == 0)
            held_since = g_get_monotonic_time ();
          else if (g_get_monotonic_time () - held_since > 200000)
            break;
          g_main_context_iteration (NULL, TRUE);
        }
      if (!was_drawn (&drawn) && g_get_monotonic_time () >= deadline)
        {
          GtkWidget *error_label =
            ld_test_gui_child (desk->login_page, LD_TYPE_LOGIN_PAGE, "error_label");
          GtkStack *stack =
            GTK_STACK (ld_test_gui_child (GTK_WIDGET (desk->window), LD_TYPE_WINDOW, "stack"));
          GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (desk->window));

          g_error ("timed out after %u ms waiting for %s (signed in: %s, page: %s, focus: %s,"
                   " sign-in message: “%s”)", timeout_ms, what,
                   ld_context_get_session (desk->context) ? "yes" : "no",
                   gtk_stack_get_visible_child_name (stack),
                   focus ? G_OBJECT_TYPE_NAME (focus) : "none",
                   gtk_label_get_text (GTK_LABEL (error_label)));
        }
      if (!was_drawn (&drawn))
        {
          desk->n_forced_frames++;
          gtk_widget_queue_draw (GTK_WIDGET (desk->window));
        }
    }
  g_source_destroy (tick);
  g_signal_handler_disconnect (clock, id);
  return drawn.drawn_at;
}

static gboolean
always (gpointer data)
{
  return TRUE;
}

/* The window shown and drawn, at the sign-in page. */
BenchDesk *
bench_desk_new (const char *server_uri)
{
  BenchDesk *desk = g_new0 (BenchDesk, 1);

  desk->gui = ld_test_gui_open (server_uri);
  desk->context = desk->gui->context;
  desk->window = desk->gui->window;
  desk->login_page = ld_test_gui_child (GTK_WIDGET (desk->window), LD_TYPE_WINDOW, "login_page");
  while (gtk_widget_get_frame_clock (GTK_WIDGET (desk->window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  bench_desk_wait_drawn (desk, always, NULL, 60000, "the window's first frame");
  return desk;
}

static gboolean
object_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
bench_desk_free (BenchDesk *desk)
{
  if (ld_context_get_session (desk->context) != NULL)
    bench_desk_sign_out (desk);
  ld_test_gui_close (desk->gui);
  g_free (desk);
}

static GtkWidget *
search_page (BenchDesk *desk)
{
  GtkWidget *home = ld_test_gui_child (GTK_WIDGET (desk->window), LD_TYPE_WINDOW, "home_page");
  GtkStack *workspaces = GTK_STACK (ld_test_gui_child (home, LD_TYPE_HOME_PAGE, "workspaces"));
  GtkWidget *bin = gtk_stack_get_child_by_name (workspaces, "front-desk");
  GtkWidget *workspace = bin ? adw_bin_get_child (ADW_BIN (bin)) : NULL;

  return workspace ? ld_test_gui_find_type (workspace, LD_TYPE_PATIENT_SEARCH_PAGE) : NULL;
}

/* The window's search entry: what is typed anywhere goes there. */
GtkWidget *
bench_desk_search_entry (BenchDesk *desk)
{
  return ld_test_gui_child (GTK_WIDGET (desk->window), LD_TYPE_WINDOW, "search_entry");
}

/**
 * bench_desk_search_child:
 * @name: a template id of the desk's patient search page
 *
 * Returns: (transfer none): the widget, of the page made for the
 *   session now signed in
 */
GtkWidget *
bench_desk_search_child (BenchDesk  *desk,
                         const char *name)
{
  GtkWidget *page = search_page (desk);

  g_assert_true (LD_IS_PATIENT_SEARCH_PAGE (page));
  return ld_test_gui_child (page, LD_TYPE_PATIENT_SEARCH_PAGE, name);
}

/* Signed in, the home page shown and the window's search entry focused
 * over the desk: what is typed now finds patients. */
gboolean
bench_desk_is_usable (gpointer data)
{
  BenchDesk *desk = data;
  GtkStack  *stack =
    GTK_STACK (ld_test_gui_child (GTK_WIDGET (desk->window), LD_TYPE_WINDOW, "stack"));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (desk->window));
  GtkWidget *entry = bench_desk_search_entry (desk);
  GtkWidget *page;

  if (ld_context_get_session (desk->context) == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (stack), "home") != 0 || focus == NULL ||
      !gtk_widget_get_mapped (entry) || (focus != entry && !gtk_widget_is_ancestor (focus, entry)))
    return FALSE;
  page = search_page (desk);
  return page != NULL && gtk_widget_get_mapped (page);
}

/**
 * bench_desk_sign_in:
 *
 * Signs in from the sign-in page.
 *
 * Returns: milliseconds from the action to the desk usable and drawn
 */
double
bench_desk_sign_in (BenchDesk  *desk,
                    const char *username,
                    const char *password)
{
  GtkWidget *username_row =
    ld_test_gui_child (desk->login_page, LD_TYPE_LOGIN_PAGE, "username_row");
  GtkWidget *password_row =
    ld_test_gui_child (desk->login_page, LD_TYPE_LOGIN_PAGE, "password_row");
  gint64 started;
  gint64 drawn;

  gtk_editable_set_text (GTK_EDITABLE (username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  started = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (desk->login_page, "login.sign-in", NULL));
  drawn = bench_desk_wait_drawn (desk, bench_desk_is_usable, desk, 120000, "a usable desk");
  return (drawn - started) / 1000.0;
}

/* Signs out and waits until the session's cache has been closed and let
 * go, so the next sign-in opens it afresh. */
void
bench_desk_sign_out (BenchDesk *desk)
{
  gpointer cache = bench_desk_get_cache (desk);

  g_object_add_weak_pointer (G_OBJECT (cache), &cache);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (desk->window), "win.sign-out", NULL));
  ld_test_wait_until (object_is_gone, &cache, 60000, "the signed-out cache to be let go");
}

LdCache *
bench_desk_get_cache (BenchDesk *desk)
{
  LdSession *session = ld_context_get_session (desk->context);

  g_assert_nonnull (session);
  return ld_session_get_cache (session);
}

/* Scrolling, one frame at a time. */

typedef struct
{
  GtkAdjustment  *adjustment;
  double          step;
  guint           n_frames;
  guint           n_ticks;
  gint64          frame_started;
  gint64          last_frame_time;
  GArray         *work_ms;
  GArray         *interval_ms;
  BenchCondition  loading;
  gpointer        data;
  guint           n_loading_frames;
} Scroll;

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Scroll *scroll = data;
  double top = gtk_adjustment_get_upper (scroll->adjustment) -
               gtk_adjustment_get_page_size (scroll->adjustment);
  double value = gtk_adjustment_get_value (scroll->adjustment);

  if (scroll->n_ticks++ >= scroll->n_frames)
    return G_SOURCE_REMOVE;
  /* The frame's update phase: the first of this frame's work. */
  scroll->frame_started = g_get_monotonic_time ();
  gtk_adjustment_set_value (scroll->adjustment, MIN (value + scroll->step, top));
  return G_SOURCE_CONTINUE;
}

static void
on_scroll_after_paint_cb (GdkFrameClock *clock,
                          Scroll        *scroll)
{
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);
  GdkFrameTimings *timings = gdk_frame_clock_get_timings (clock, counter);
  gint64 frame_time = timings ? gdk_frame_timings_get_frame_time (timings) : 0;
  double ms = bench_ms_since (scroll->frame_started);

  if (scroll->frame_started == 0)
    return;
  scroll->frame_started = 0;
  g_array_append_val (scroll->work_ms, ms);
  if (scroll->last_frame_time != 0 && frame_time != 0)
    {
      double interval = (frame_time - scroll->last_frame_time) / 1000.0;

      g_array_append_val (scroll->interval_ms, interval);
    }
  scroll->last_frame_time = frame_time;
  if (scroll->loading (scroll->data))
    scroll->n_loading_frames++;
}

static gboolean
scroll_is_done (gpointer data)
{
  Scroll *scroll = data;

  return scroll->n_ticks > scroll->n_frames;
}

/**
 * bench_desk_scroll:
 * @view: a list view in the window
 * @what: the scroll's name in the report
 * @step: pixels a frame, or 0 for the whole list in @n_frames
 * @shown: the list at its top drawn as it should be
 * @loading: whether a row in view still shows "Loading…"
 * @data: for @shown and @loading
 *
 * Moves @view's vertical adjustment once per frame from the top, each
 * frame in its update phase; prints each frame's work (its update phase
 * to after-paint) and the interval between frames (GdkFrameTimings), and
 * how many frames showed a row still loading.
 *
 * Returns: the work per frame
 */
BenchFigures
bench_desk_scroll (BenchDesk      *desk,
                   GtkScrollable  *view,
                   const char     *what,
                   double          step,
                   guint           n_frames,
                   BenchCondition  shown,
                   BenchCondition  loading,
                   gpointer        data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (desk->window));
  Scroll scroll = { gtk_scrollable_get_vadjustment (view), step, n_frames, 0, 0, 0,
                    g_array_new (FALSE, FALSE, sizeof (double)),
                    g_array_new (FALSE, FALSE, sizeof (double)), loading, data, 0 };
  gulong paint_id;
  double cpu;
  BenchFigures work;
  g_autofree char *intervals = g_strdup_printf ("  %s: interval between frames", what);
  g_autofree char *works = g_strdup_printf ("  %s: work per frame", what);

  if (scroll.step == 0)
    scroll.step = (gtk_adjustment_get_upper (scroll.adjustment) -
                   gtk_adjustment_get_page_size (scroll.adjustment)) / n_frames;
  gtk_adjustment_set_value (scroll.adjustment, 0);
  bench_desk_wait_drawn (desk, shown, data, 60000, "the list's top");
  bench_spin_for (200);

  paint_id =
    g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_scroll_after_paint_cb), &scroll);
  cpu = bench_cpu_ms ("self");
  gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_tick_cb, &scroll, NULL);
  ld_test_wait_until (scroll_is_done, &scroll, 600000, "the scrolling");
  cpu = bench_cpu_ms ("self") - cpu;
  g_signal_handler_disconnect (clock, paint_id);

  g_print ("  %s, %.0f px a frame, %u frames: %u frames (%.1f%%) showed a row \"Loading…\"\n",
           what, scroll.step, n_frames, scroll.n_loading_frames,
           100.0 * scroll.n_loading_frames / MAX (1, scroll.work_ms->len));
  bench_report (works, (double *) scroll.work_ms->data, scroll.work_ms->len);
  bench_report (intervals, (double *) scroll.interval_ms->data, scroll.interval_ms->len);
  g_print ("  %s: CPU time of the whole process per frame: %.1f ms\n", what,
           cpu / MAX (1, scroll.work_ms->len));
  work = bench_figures ((double *) scroll.work_ms->data, scroll.work_ms->len);
  g_array_unref (scroll.work_ms);
  g_array_unref (scroll.interval_ms);
  return work;
}

typedef struct
{
  LdCache *cache;
  gint64   head;
} Synced;

static gboolean
is_synced (gpointer data)
{
  Synced *synced = data;

  return ld_cache_get_last_seq (synced->cache) >= synced->head;
}

/**
 * bench_wait_synced:
 * @cache: a signed-in window's cache
 * @server: its server
 *
 * Waits until @cache holds everything @server has written so far.
 */
void
bench_wait_synced (LdCache      *cache,
                   LdTestServer *server,
                   guint         timeout_ms,
                   const char   *what)
{
  Synced synced = { cache, ld_test_server_head (server) };

  ld_test_wait_until (is_synced, &synced, timeout_ms, what);
}

typedef struct
{
  gint64 typed_at;
  gint64 drawn_at;
} Echo;

static void
on_echo_after_paint_cb (GdkFrameClock *clock,
                        Echo          *echo)
{
  if (echo->typed_at != 0 && echo->drawn_at == 0)
    echo->drawn_at = g_get_monotonic_time ();
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
echo_is_drawn (gpointer data)
{
  return ((Echo *) data)->drawn_at != 0;
}

/**
 * bench_echo_floor:
 * @n_keys: keys to type
 *
 * The floor under every "key to drawn" figure: the same keystrokes, at a
 * person's pace (40-120 ms apart), typed into a plain GtkEntry in a small
 * window of its own, with no Labdesk code behind it; each timed from the
 * text inserted to the end of the first frame after it. While a focused
 * entry's caret blinks, GTK 4.8 fades it with a tick callback, so the
 * frame clock ticks at the display's rate and a key waits for the next
 * tick (up to 16.7 ms at 60 Hz) whatever the work behind it.
 *
 * Returns: the figures, in ms
 */
BenchFigures
bench_echo_floor (guint n_keys)
{
  g_autofree double *ms = g_new0 (double, n_keys);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *entry = gtk_entry_new ();
  GdkFrameClock *clock;
  Echo echo = { 0, 0 };
  gulong paint_id;

  gtk_window_set_title (GTK_WINDOW (window), "Echo");
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 60);
  gtk_window_set_child (GTK_WINDOW (window), entry);
  gtk_window_present (GTK_WINDOW (window));
  ld_test_wait_until (is_mapped, entry, 30000, "the echo window");
  gtk_widget_grab_focus (entry);
  clock = gtk_widget_get_frame_clock (window);
  paint_id =
    g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_echo_after_paint_cb), &echo);
  bench_spin_for (200);
  for (guint n = 0; n < n_keys; n++)
    {
      int position;

      if (n % 8 == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (entry), "");
          bench_spin_for (g_random_int_range (100, 200));
        }
      position = gtk_editable_get_position (GTK_EDITABLE (entry));
      echo.drawn_at = 0;
      echo.typed_at = g_get_monotonic_time ();
      gtk_editable_insert_text (GTK_EDITABLE (entry), "7", 1, &position);
      gtk_editable_set_position (GTK_EDITABLE (entry), position);
      ld_test_wait_until (echo_is_drawn, &echo, 30000, "a key's echo drawn");
      ms[n] = (echo.drawn_at - echo.typed_at) / 1000.0;
      echo.typed_at = 0;
      bench_spin_for (g_random_int_range (40, 120));
    }
  g_signal_handler_disconnect (clock, paint_id);
  gtk_window_destroy (GTK_WINDOW (window));
  bench_report ("  floor: the same keys in a plain GtkEntry, no Labdesk code", ms, n_keys);
  return bench_figures (ms, n_keys);
}
