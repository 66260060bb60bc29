/* bench-client.c: the desktop client's moments, as a person sees them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures (p50, p99, max) with the budget of ../shared/CLIENT.md §5
 * beside each; it is not a test. Real GTK widgets under Xvfb, the real
 * server (in a thread, on loopback), the real cache (encrypted):
 *
 * 1. Start to the sign-in window: the real `labdesk` binary spawned N
 *    times (20), each a new process, with LABDESK_BENCH_MARKS set: the
 *    client then prints the monotonic clock at its window's first frame
 *    drawn (frame clock after-paint; see client/ld-application.c). Once
 *    with no GSK_RENDERER (the client then asks OpenGL which renderer it
 *    is and draws with Cairo on a software one: client/ld-renderer.c),
 *    once with GSK_RENDERER=gl (what GTK 4.8 picks by itself; under Xvfb
 *    Mesa's software llvmpipe), once with GSK_RENDERER=cairo.
 * 2. Sign-in to a usable desk, online, cache warm: the server holds
 *    100,000 patients with their feed changes; a first sign-in syncs
 *    them (its time is printed too), then N (10) sign-ins as reception,
 *    each from activating login.sign-in to a frame drawn with the desk's
 *    search entry focused. (The desk shows no list before a query; the
 *    first list drawn is moment 3's first key.)
 * 3. A key typed in search, over 1,000,000 cached patients: the cache is
 *    filled to that many with bench-patients.c (the cache's own record
 *    code), then several hundred keys of realistic queries, Latin and
 *    Devanagari, are typed letter by letter; see bench-client-search.c.
 * 4. Scrolling the list of a query matching about 100,000 of them (the
 *    phone prefix 98000 of the server's patients).
 * 5. Another desk's change: a patient registered over HTTP by another
 *    session, until its row is drawn in this window's open list.
 * 6. Memory: a new process (this program, --memory-child) signs in to the
 *    1,000,000-patient cache, types a few queries and scrolls; its VmRSS
 *    and VmHWM from /proc/self/status.
 * (A barcode scanned to the record open, < 150 ms, is not measured yet:
 * the window's search-and-scan entry reached main while this was
 * written. It would type an MRN into bench_desk_search_entry() with
 * Enter and wait for the patient's page drawn.)
 *
 * Run, from a release build (a few minutes; filling the cache is most):
 *   meson setup _build-rel . --buildtype=release && ninja -C _build-rel
 *   xvfb-run -a -s "-screen 0 1280x900x24" _build-rel/bench/bench-client
 * Options: --patients N (1000000), --desk-patients N (100000), --starts N
 * (20), --sign-ins N (10), --keys N (400), --frames N (360 per scroll),
 * --rounds N (20 live changes), --keep DIR (keeps the server's database and
 * the filled cache there, and a later run with the same DIR uses them,
 * skipping the seeding, the first sync and the fill), --only LIST (the
 * moments to measure, e.g. 3,5; with a kept DIR that skips minutes),
 * --no-cursor-blink (GtkSettings' gtk-cursor-blink off: see moment 3).
 * GSK_RENDERER is cairo in this process unless set, as in the tests; the
 * figures say which.
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "bench-client.h"
#include "bench-common.h"
#include "bench-patients.h"
#include "ld-test-client.h"

static guint n_patients = 1000000;
static guint n_desk_patients = 100000;
static guint n_starts = 20;
static guint n_sign_ins = 10;
static guint n_keys = 400;
static guint n_frames = 360;
static guint n_rounds = 20;
static char *memory_child;
static char *keep_dir;
static char *only;
static gboolean no_cursor_blink;

/* clang-format off */
static const GOptionEntry options[] = {
  { "patients", 0, 0, G_OPTION_ARG_INT, &n_patients, "Patients in the cache (1000000)", "N" },
  { "desk-patients", 0, 0, G_OPTION_ARG_INT, &n_desk_patients,
    "Patients on the server, synced (100000)", "N" },
  { "starts", 0, 0, G_OPTION_ARG_INT, &n_starts, "Starts of the binary per renderer (20)", "N" },
  { "sign-ins", 0, 0, G_OPTION_ARG_INT, &n_sign_ins, "Warm sign-ins (10)", "N" },
  { "keys", 0, 0, G_OPTION_ARG_INT, &n_keys, "Keys typed in search (400)", "N" },
  { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames per scroll (360)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Live changes (20)", "N" },
  { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep_dir,
    "Keep the server's database and the filled cache in DIR; use them if there", "DIR" },
  { "only", 0, 0, G_OPTION_ARG_STRING, &only,
    "Measure only these moments, e.g. 3,5 (all)", "LIST" },
  { "no-cursor-blink", 0, 0, G_OPTION_ARG_NONE, &no_cursor_blink,
    "Turn the text cursor's blink off (GtkSettings), as a person may", NULL },
  { "memory-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &memory_child,
    "Sign in to URI and print the memory", "URI" },
  { NULL }
};
/* clang-format on */

/* The phone numbers of the server's patients (tests/ld-test-client.c)
 * all start with this; the generated ones rarely do. */
#define SCROLL_QUERY "98000"

/* 1. Start to the sign-in window. */

/* Spawns the client; returns the ms from the spawn to its first frame,
 * and the CPU time it had used by then in @out_cpu_ms. */
static double
start_once (const char *renderer,
            double     *out_cpu_ms)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 mark = 0;
  gint64 started;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LABDESK_BENCH_MARKS", "1", TRUE);
  if (renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, LABDESK_CLIENT_PATH,
                                         "--server", "http://127.0.0.1:1", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  while (mark == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("labdesk ended before its first frame");
      if (g_str_has_prefix (line, "labdesk-bench-mark first-frame "))
        mark = g_ascii_strtoll (line + strlen ("labdesk-bench-mark first-frame "), NULL, 10);
    }
  *out_cpu_ms = bench_cpu_ms (g_subprocess_get_identifier (process));
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  return (mark - started) / 1000.0;
}

static void
bench_start (void)
{
  static const struct
  {
    const char *renderer;
    const char *what;
  } runs[] = {
    { NULL, "  no GSK_RENDERER: Labdesk's choice (Cairo on llvmpipe, ld-renderer.c)" },
    { "gl", "  GSK_RENDERER=gl (GTK's own choice: GL, here Mesa's llvmpipe)" },
    { "cairo", "  GSK_RENDERER=cairo" },
  };

  g_print ("1. start to the sign-in window drawn (%u processes each; budget < %.0f ms):\n",
           n_starts, BENCH_START_BUDGET_MS);
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autofree double *ms = g_new0 (double, n_starts);
      g_autofree double *cpu = g_new0 (double, n_starts);
      BenchFigures f;

      for (guint i = 0; i < n_starts; i++)
        ms[i] = start_once (runs[r].renderer, &cpu[i]);
      bench_report (runs[r].what, ms, n_starts);
      bench_report ("    CPU time its threads used by then", cpu, n_starts);
      f = bench_figures (ms, n_starts);
      bench_print_budget ("p99 ms", f.p99, BENCH_START_BUDGET_MS);
    }
}

/* 2. Sign-in, cache warm. */

static void
bench_sign_in (BenchDesk    *desk,
               LdTestServer *server,
               gboolean      kept)
{
  g_autofree double *ms = g_new0 (double, n_sign_ins);
  gint64 started = g_get_monotonic_time ();
  double first;
  BenchFigures f;

  g_print ("2. sign-in to a usable desk, online, cache warm (budget < %.0f ms):\n",
           BENCH_SIGN_IN_BUDGET_MS);
  if (kept)
    g_print ("  (the cache of an earlier run, %u patients)\n", n_patients);
  else
    {
      first = bench_desk_sign_in (desk, "reception", LD_TEST_RECEPTION_PASSWORD);
      bench_wait_synced (bench_desk_get_cache (desk), server, 3600 * 1000, "the first sync");
      g_print ("  first sign-in (new cache): usable in %.0f ms; %" G_GINT64_FORMAT
               " changes synced in %.1f s\n", first, ld_test_server_head (server),
               bench_ms_since (started) / 1000);
      bench_desk_sign_out (desk);
    }

  for (guint i = 0; i < n_sign_ins; i++)
    {
      bench_spin_for (300);
      ms[i] = bench_desk_sign_in (desk, "reception", LD_TEST_RECEPTION_PASSWORD);
      bench_wait_synced (bench_desk_get_cache (desk), server, 60000, "the sync after sign-in");
      bench_desk_sign_out (desk);
    }
  bench_report ("  sign-in to the search entry focused, drawn", ms, n_sign_ins);
  f = bench_figures (ms, n_sign_ins);
  bench_print_budget ("max ms", f.max, BENCH_SIGN_IN_BUDGET_MS);
}

/* 6. Memory, in a process of its own. */

static void
read_memory (const char *what)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 rss = 0;
  gint64 hwm = 0;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        rss = g_ascii_strtoll (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        hwm = g_ascii_strtoll (lines[i] + 6, NULL, 10);
    }
  g_print ("bench-memory %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", what, rss, hwm);
}

/* clang-format off */
static const char * const child_names[] = {
  "Priya Sharma", "Rahul Kumar", "Anjali Singh", "प्रिया शर्मा", "Mohammed Khan", "Lakshmi Iyer",
};
/* clang-format on */

static int
run_memory_child (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  BenchDesk *desk;

  for (guint i = 0; i < G_N_ELEMENTS (child_names); i++)
    g_ptr_array_add (names, (gpointer) child_names[i]);
  desk = bench_desk_new (memory_child);
  read_memory ("window");
  bench_desk_sign_in (desk, "reception", LD_TEST_RECEPTION_PASSWORD);
  bench_spin_for (1000);
  read_memory ("signed-in");
  {
    g_autoptr(BenchSearch) search = bench_search_new (desk);

    bench_search_type (search, names, 30, FALSE);
    bench_search_scroll (search, SCROLL_QUERY, 60);
  }
  bench_spin_for (1000);
  read_memory ("searched");
  bench_desk_free (desk);
  return 0;
}

static void
bench_memory (const char *server_uri)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/proc/self/exe",
                              "--memory-child", server_uri, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  g_print ("6. memory of a client process, %u patients cached (budget < %.0f MB resident):\n",
           n_patients, BENCH_MEMORY_BUDGET_MB);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char what[32];
      gint64 rss;
      gint64 hwm;

      if (sscanf (lines[i], "bench-memory %31s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                  what, &rss, &hwm) != 3)
        continue;
      g_print ("  %-12s VmRSS %6.1f MB   VmHWM %6.1f MB\n", what, rss / 1024.0, hwm / 1024.0);
      if (g_str_equal (what, "searched"))
        {
          bench_print_budget ("VmRSS MB", rss / 1024.0, BENCH_MEMORY_BUDGET_MB);
          bench_print_budget ("VmHWM MB", hwm / 1024.0, BENCH_MEMORY_BUDGET_MB);
        }
    }
}

/* --keep: what a later run needs of this one. The cache's directory is
 * named after the server's URI, whose port changes; it is moved to where
 * this run's client looks. */

static char *
kept_path (const char *name)
{
  return g_build_filename (keep_dir, name, NULL);
}

static LdTestServer *
use_kept (GPtrArray *names)
{
  g_autofree char *db_path = kept_path ("server.db");
  g_autofree char *names_path = kept_path ("names.txt");
  g_autofree char *uri_path = kept_path ("server-uri.txt");
  g_autofree char *text = NULL;
  g_autofree char *old_uri = NULL;
  g_autofree char *old_dir = NULL;
  g_autofree char *new_dir = NULL;
  g_autofree char *parent = NULL;
  g_auto(GStrv) lines = NULL;
  LdTestServer *server;

  if (!g_file_get_contents (names_path, &text, NULL, NULL) ||
      !g_file_get_contents (uri_path, &old_uri, NULL, NULL) ||
      !g_file_test (db_path, G_FILE_TEST_EXISTS))
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (names, g_strdup (lines[i]));
  server = ld_test_server_new_for_path (db_path);
  old_dir = ld_cache_dir_for (NULL, g_strstrip (old_uri), "reception");
  new_dir = ld_cache_dir_for (NULL, ld_test_server_get_uri (server), "reception");
  parent = g_path_get_dirname (new_dir);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_cmpint (g_rename (old_dir, new_dir), ==, 0);
  g_assert_true (g_file_set_contents (uri_path, ld_test_server_get_uri (server), -1, NULL));
  return server;
}

/* Copies the server's database (the server is idle) and notes the rest. */
static void
keep (LdTestServer *server,
      GPtrArray    *names)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *names_path = kept_path ("names.txt");
  g_autofree char *uri_path = kept_path ("server-uri.txt");
  g_autofree char *db_name = g_path_get_basename (ld_test_server_get_db_path (server));
  g_autoptr(GDir) dir = g_dir_open (ld_test_server_get_tmpdir (server), 0, NULL);
  const char *name;

  /* The database with its WAL and its audit head and key. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (ld_test_server_get_tmpdir (server), name, NULL);
      g_autofree char *kept_name = g_strconcat ("server.db", name + strlen (db_name), NULL);
      g_autofree char *to = kept_path (kept_name);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_str_has_prefix (name, db_name) && !g_str_has_suffix (name, "-shm") &&
          g_file_get_contents (from, &contents, &length, NULL))
        g_assert_true (
          g_file_set_contents_full (to, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (names, i));
  g_assert_true (g_file_set_contents (names_path, text->str, -1, NULL));
  g_assert_true (g_file_set_contents (uri_path, ld_test_server_get_uri (server), -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the desktop client's figures");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *data_home = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  LdTestServer *server;
  BenchDesk *desk;
  gboolean kept;
  gint64 started;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  bench_desk_set_env (LABDESK_SCHEMA_DIR);
  if (memory_child != NULL)
    {
      gtk_init ();
      adw_init ();
      return run_memory_child ();
    }

  if (keep_dir != NULL)
    {
      g_assert_cmpint (g_mkdir_with_parents (keep_dir, 0700), ==, 0);
      data_dir = g_strdup (keep_dir);
    }
  else
    data_dir = g_dir_make_tmp ("labdesk-bench-client-XXXXXX", &error);
  g_assert_no_error (error);
  /* The caches, where the client keeps them. */
  data_home = g_build_filename (data_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_print ("bench-client: GSK_RENDERER=%s in this process, session bus %s\n",
           g_getenv ("GSK_RENDERER"), g_getenv ("DBUS_SESSION_BUS_ADDRESS") ? "yes" : "no");
  bench_print_load ("at start");
  server = keep_dir ? use_kept (names) : NULL;
  kept = server != NULL;
  if (!kept)
    {
      server = ld_test_server_new ();
      started = g_get_monotonic_time ();
      ld_test_seed (server, n_desk_patients, 0);
      g_print ("(the server seeded with %u patients in %.1f s)\n", n_desk_patients,
               bench_ms_since (started) / 1000);
    }

  if (bench_measures (only, 1))
    {
      bench_start ();
      bench_print_load ("after 1");
    }

  gtk_init ();
  adw_init ();
  /* A focused entry's blinking cursor keeps the frame clock ticking at
   * the refresh rate, so a key waits for the next tick; without it a key
   * is drawn in a frame of its own at once. */
  if (no_cursor_blink)
    g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  desk = bench_desk_new (ld_test_server_get_uri (server));
  if (bench_measures (only, 2) || !kept)
    {
      bench_sign_in (desk, server, kept);
      bench_print_load ("after 2");
    }

  bench_desk_sign_in (desk, "reception", LD_TEST_RECEPTION_PASSWORD);
  if (!kept)
    {
      started = g_get_monotonic_time ();
      bench_patients_fill (bench_desk_get_cache (desk), rand, 0,
                           n_patients > n_desk_patients ? n_patients - n_desk_patients : 0, names);
      g_print ("(the cache filled to %u patients in %.1f s)\n", n_patients,
               bench_ms_since (started) / 1000);
      bench_print_load ("after filling");
      /* The fill outlasts the server's idle limit on sessions (30 minutes
       * by default) on a loaded machine; and a desk searches a cache its
       * sign-in opened. */
      bench_desk_sign_out (desk);
      bench_spin_for (300);
      bench_desk_sign_in (desk, "reception", LD_TEST_RECEPTION_PASSWORD);
    }
  {
    g_autoptr(BenchSearch) search = bench_search_new (desk);

    if (bench_measures (only, 3))
      {
        bench_search_type (search, names, n_keys, TRUE);
        bench_print_load ("after 3");
      }
    if (bench_measures (only, 4))
      {
        bench_search_scroll (search, SCROLL_QUERY, n_frames);
        bench_print_load ("after 4");
      }
    if (bench_measures (only, 5))
      {
        bench_search_live (search, server, n_rounds);
        bench_print_load ("after 5");
      }
  }
  bench_desk_sign_out (desk);

  if (bench_measures (only, 6))
    {
      bench_memory (ld_test_server_get_uri (server));
      bench_print_load ("after 6");
    }
  if (desk->n_forced_frames > 0)
    g_print ("(%u frames in all asked for by the bench: state held, no frame came)\n",
             desk->n_forced_frames);

  if (keep_dir != NULL && !kept)
    keep (server, names);
  bench_desk_free (desk);
  ld_test_server_free (server);
  if (keep_dir == NULL)
    ld_test_remove_tree (data_dir);
  return 0;
}
