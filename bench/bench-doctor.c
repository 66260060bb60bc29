/* bench-doctor.c: a critical value reaching the doctor's window
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures (p50, p99, max); it is not a test. Real GTK under Xvfb,
 * the real server (in a thread, on loopback, a real SQLite file), the
 * doctor signed in to the real window with its real cache, feed and
 * events socket, as tests/test-gui-doctor-alerts.c runs them.
 *
 * Issue 15: an alert visible after the server records it, < 250 ms. Each
 * round takes a new order of potassium for the same patient through the
 * lab over HTTP (prescribed by the doctor, paid, collected, received,
 * 6.8 mmol/L entered), untimed, and waits until the doctor's cache holds
 * all of it. Then, after a pause of 100-300 ms (a person's, not a
 * frame's), sunita verifies the value over HTTP in another thread, which
 * records the critical alert; the doctor's main loop runs meanwhile, as
 * on another computer. Timed from her answer (the alert recorded) to the
 * after-paint of the first frame of the doctor's window with the banner
 * mapped and showing this alert (its order's number). Its parts, from
 * the same answer, taken from signals:
 *   - the cache's "changed" told for the write that brought the feed up
 *     to the verification (the server's head after it);
 *   - the banner made visible (notify::visible), which happens when the
 *     alerts list has the new row, before the row is read;
 *   - the banner set: its labels filled for this alert (the workspace's
 *     "notified", emitted right after);
 *   - drawn.
 * Frames drawn with the banner showing another alert's text are counted.
 * The doctor then acknowledges through the banner's button ("I have read
 * this value"), and the next round begins once the banner has gone.
 *
 * Run, from a release build:
 *   meson setup _build-release . --buildtype=release
 *   ninja -C _build-release data/ui/gschemas.compiled bench/bench-doctor
 *   xvfb-run -a -s "-screen 0 1280x900x24" _build-release/bench/bench-doctor
 * Options: --rounds N (24). GSK_RENDERER is cairo unless set, as in the
 * tests.
 */

#include "config.h"

#include <adwaita.h>

#include "bench-common.h"
#include "bench-desk.h"
#include "ld-test-client.h"
#include "ld-test-doctor.h"
#include "ld-test-gui.h"
#include "ld-test-lab.h"

#define ALERT_BUDGET_MS 250.0

static guint n_rounds = 24;

/* clang-format off */
static const GOptionEntry options[] = {
  { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Critical values verified (24)", "N" },
  { NULL }
};
/* clang-format on */

typedef struct
{
  gint64 at;
  gint64 seq;
} Change;

typedef struct
{
  LdCache   *cache;
  GtkWidget *banner;
  GtkLabel  *detail;
  /* The number of the order whose alert is awaited. */
  char      *number;
  gint64     visible_at;
  gint64     set_at;
  gint64     drawn_at;
  guint      stale_frames;
  GArray    *changes;
} Round;

typedef struct
{
  LdLab  *lab;
  char   *order_id;
  char   *body;
  guint   status;
  gint64  sent_at;
  gint64  answered_at;
} Verify;

static gpointer
verify_value (gpointer data)
{
  Verify *verify = data;
  g_autoptr(LdTestResponse) resp = NULL;

  verify->sent_at = g_get_monotonic_time ();
  resp = ld_lab_send_body (verify->lab, verify->lab->sunita, verify->order_id, "verify",
                           g_steal_pointer (&verify->body));
  verify->answered_at = g_get_monotonic_time ();
  verify->status = resp->status;
  return NULL;
}

static gboolean
shows_this_alert (Round *round)
{
  return gtk_widget_get_mapped (round->banner) &&
         strstr (gtk_label_get_text (round->detail), round->number) != NULL;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Round         *round)
{
  if (round->drawn_at != 0 || !gtk_widget_get_mapped (round->banner))
    return;
  if (shows_this_alert (round))
    round->drawn_at = g_get_monotonic_time ();
  else
    round->stale_frames++;
}

static void
on_banner_visible_cb (GtkWidget  *banner,
                      GParamSpec *pspec,
                      Round      *round)
{
  if (round->visible_at == 0 && gtk_widget_get_visible (banner))
    round->visible_at = g_get_monotonic_time ();
}

static void
on_notified_cb (GtkWidget     *workspace,
                const char    *id,
                GNotification *notification,
                Round         *round)
{
  if (round->set_at == 0 && g_str_has_prefix (id, "alert-"))
    round->set_at = g_get_monotonic_time ();
}

static void
on_cache_changed_cb (LdCache  *cache,
                     gpointer  batch,
                     Round    *round)
{
  Change change = { g_get_monotonic_time (), ld_cache_get_last_seq (cache) };

  g_array_append_val (round->changes, change);
}

static gboolean
was_drawn (gpointer data)
{
  return ((Round *) data)->drawn_at != 0;
}

static gboolean
banner_is_gone (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static char *
order_number (LdLab      *lab,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->doctor);

  ld_test_assert_status (resp, 200);
  return g_strdup (ld_test_response_get_string (resp, "order.number"));
}

static double
ms_between (gint64 from,
            gint64 to)
{
  return to != 0 ? (to - from) / 1000.0 : -1;
}

static void
bench_alerts (LdLab      *lab,
              LdTestGui  *gui,
              GtkWidget  *workspace,
              const char *patient_id)
{
  LdCache *cache = ld_session_get_cache (ld_context_get_session (gui->context));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (gui->window));
  GtkWidget *banner = ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_banner");
  GtkWidget *button = ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_button");
  g_autofree double *total = g_new0 (double, n_rounds);
  g_autofree double *request = g_new0 (double, n_rounds);
  g_autofree double *cached = g_new0 (double, n_rounds);
  g_autofree double *visible = g_new0 (double, n_rounds);
  g_autofree double *set = g_new0 (double, n_rounds);
  g_autofree double *drawn = g_new0 (double, n_rounds);
  guint stale_frames = 0;
  guint stale_rounds = 0;
  BenchFigures f;

  g_assert_false (gtk_widget_get_visible (banner));
  for (guint i = 0; i < n_rounds; i++)
    {
      g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\"]");
      g_autoptr(LdTestResponse) entered = NULL;
      Round    round = { cache,
                         banner,
                         GTK_LABEL (
                           ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_detail")),
                         order_number (lab, order_id),
                         0,
                         0,
                         0,
                         0,
                         g_array_new (FALSE, FALSE, sizeof (Change)) };
      Verify   verify = { lab, order_id, NULL, 0, 0, 0 };
      gulong   ids[4];
      GThread *thread;
      gint64 head;
      gint64 cached_at = 0;

      entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "K", "6.8", NULL);
      ld_test_assert_status (entered, 200);
      verify.body = ld_lab_verify_body (lab, order_id, "K", NULL);
      bench_wait_synced (cache, lab->server, 60000, "the doctor's cache to catch up");
      bench_spin_for (g_random_int_range (100, 300));

      ids[0] =
        g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &round);
      ids[1] =
        g_signal_connect (banner, "notify::visible", G_CALLBACK (on_banner_visible_cb), &round);
      ids[2] = g_signal_connect (workspace, "notified", G_CALLBACK (on_notified_cb), &round);
      ids[3] = g_signal_connect (cache, "changed", G_CALLBACK (on_cache_changed_cb), &round);
      thread = g_thread_new ("sunita", verify_value, &verify);
      ld_test_wait_until (was_drawn, &round, 30000, "the critical alert drawn");
      g_thread_join (thread);
      g_signal_handler_disconnect (clock, ids[0]);
      g_signal_handler_disconnect (banner, ids[1]);
      g_signal_handler_disconnect (workspace, ids[2]);
      g_signal_handler_disconnect (cache, ids[3]);
      g_assert_cmpuint (verify.status, ==, 200);

      /* One transaction wrote the verification: the head now is its end. */
      head = ld_test_server_head (lab->server);
      for (guint c = 0; c < round.changes->len; c++)
        {
          Change *change = &g_array_index (round.changes, Change, c);

          if (change->seq >= head)
            {
              cached_at = change->at;
              break;
            }
        }
      total[i] = ms_between (verify.answered_at, round.drawn_at);
      request[i] = ms_between (verify.sent_at, verify.answered_at);
      cached[i] = ms_between (verify.answered_at, cached_at);
      visible[i] = ms_between (verify.answered_at, round.visible_at);
      set[i] = ms_between (verify.answered_at, round.set_at);
      drawn[i] = ms_between (round.set_at, round.drawn_at);
      stale_frames += round.stale_frames;
      stale_rounds += round.stale_frames > 0;
      g_print ("  round %2u: %6.1f ms (cache %6.1f, visible %6.1f, set %6.1f, drawn +%5.1f;"
               " request %5.1f)%s\n", i + 1, total[i], cached[i], visible[i], set[i], drawn[i],
               request[i], round.stale_frames ? " [another alert's text drawn first]" : "");

      /* Read: the banner's button, and the banner gone before the next. */
      ld_test_gui_click (button);
      ld_test_gui_spin_until (banner_is_gone, banner, "the banner to go");
      bench_wait_synced (cache, lab->server, 60000, "the doctor's cache to catch up");
      g_array_unref (round.changes);
      g_free (round.number);
    }

  g_print ("A critical value verified to its alert drawn in the doctor's window"
           " (%u rounds; budget < %.0f ms):\n", n_rounds, ALERT_BUDGET_MS);
  bench_report ("  answer to the banner drawn (ms)", total, n_rounds);
  bench_report ("    answer to the feed in the cache (ms)", cached, n_rounds);
  bench_report ("    answer to the banner visible (ms)", visible, n_rounds);
  bench_report ("    answer to the banner set (ms)", set, n_rounds);
  bench_report ("    banner set to drawn (ms)", drawn, n_rounds);
  bench_report ("  (the verification's request itself) (ms)", request, n_rounds);
  g_print ("  frames drawn with the banner showing another alert's text: %u, in %u rounds\n",
           stale_frames, stale_rounds);
  f = bench_figures (total, n_rounds);
  bench_print_budget ("p99 ms", f.p99, ALERT_BUDGET_MS);
  bench_print_budget ("max ms", f.max, ALERT_BUDGET_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_dir_make_tmp ("labdesk-bench-doctor-XXXXXX", NULL);
  g_autofree char *patient_id = NULL;
  GtkWidget *workspace;
  LdTestGui *gui;
  LdLab *lab;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_assert_cmpuint (n_rounds, >, 0);

  g_setenv ("GSETTINGS_SCHEMA_DIR", LABDESK_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* As the tests run: no accessibility bus to look for, and the doctor's
   * choices kept in a directory of this run's own. */
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  ld_test_gui_init (&argc, &argv);

  bench_print_load ("before");
  lab = ld_lab_new ();
  patient_id = ld_lab_new_patient (lab, LD_TEST_DOCTOR_PATIENT);
  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  gtk_window_set_default_size (GTK_WINDOW (gui->window), 1200, 820);
  workspace = ld_test_doctor_sign_in (gui);
  bench_alerts (lab, gui, workspace, patient_id);
  bench_print_load ("after");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  ld_test_remove_tree (config);
  return 0;
}
