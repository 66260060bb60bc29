/* bench-sync.c: the client's cache: first sync, search, live changes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test.
 *
 * 1. First sync: the real server (in a thread, on loopback) holds N orders
 *    (100,000) written through its store API; a client signs in and reads
 *    the whole feed into a new encrypted cache. Time and rows per second.
 * 2. Search: 1,000,000 generated patients go into a cache database, once
 *    encrypted (the cache's VFS) and once plain, through the cache's own
 *    record code; then keystroke-sized searches (two to four letters, two
 *    words, a phone prefix, an MRN prefix) read their first page of 25 in
 *    name order, as a list does on the reader's thread. p50 and p99 per
 *    query, for both, so the cost of encryption shows.
 * 3. Live change: a second client registers a patient; the time until the
 *    first client's cache has it, through the events socket.
 * 4. Page cost: GET /api/v1/changes?limit=1000 over the whole seeded feed,
 *    page after page: the time and bytes of one page (the server cuts a
 *    page at 256 KiB of records).
 *
 * Budgets (from the issue): search p99 under 5 ms; a live change in
 * another client's cache under 250 ms.
 *
 * Run, from a release build:
 *   meson setup _build-bench --buildtype=release
 *   ninja -C _build-bench bench/bench-sync && _build-bench/bench/bench-sync
 * Options: --orders N (100000), --patients N (1000000), --queries N (2000),
 * --rounds N (50 live changes), --search-only.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "bench-common.h"
#include "bench-patients.h"
#include "ld-cache-private.h"
#include "ld-cache-resources.h"
#include "ld-cache-view.h"
#include "ld-sqlite-crypt.h"
#include "ld-test-client.h"

#define SEARCH_PAGE 25
#define FILL_BATCH 10000
#define SEARCH_BUDGET_MS 5.0
#define LIVE_BUDGET_MS 250.0

static guint n_orders = 100000;
static guint n_patients = 1000000;
static guint n_queries = 2000;
static guint n_rounds = 50;
static gboolean search_only;

/* clang-format off */
static const GOptionEntry options[] = {
  { "orders", 0, 0, G_OPTION_ARG_INT, &n_orders, "Orders to sync first (100000)", "N" },
  { "patients", 0, 0, G_OPTION_ARG_INT, &n_patients, "Patients to search (1000000)", "N" },
  { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Searches per kind (2000)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Live changes (50)", "N" },
  { "search-only", 0, 0, G_OPTION_ARG_NONE, &search_only, "Only the search figures", NULL },
  { NULL }
};
/* clang-format on */

static double
elapsed_ms (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / 1000.0;
}

/* 1. The first sync. */

static void
bench_first_sync (LdTestServer *server,
                  const char   *data_dir)
{
  g_autofree char *dir = g_build_filename (data_dir, "first-sync", NULL);
  g_autoptr(LdTestClient) client = NULL;
  gint64 head;
  gint64 started;
  double seconds;

  g_print ("seeding %u orders (and %u patients) in the server...\n", n_orders, n_orders / 50 + 1);
  started = g_get_monotonic_time ();
  ld_test_seed (server, n_orders / 50 + 1, n_orders);
  head = ld_test_server_head (server);
  g_print ("  seeded in %.1f s; the feed holds %" G_GINT64_FORMAT " changes\n",
           elapsed_ms (started) / 1000, head);

  started = g_get_monotonic_time ();
  client = ld_test_client_new (ld_test_server_get_uri (server), "reception",
                               LD_TEST_RECEPTION_PASSWORD, dir);
  ld_test_client_wait_seq (client, head, 3600 * 1000);
  seconds = elapsed_ms (started) / 1000;
  g_print ("first sync: %" G_GINT64_FORMAT " changes (%u orders) in %.1f s: %.0f rows/s"
           " (sign-in and Argon2id included)\n", head, n_orders, seconds, head / seconds);
}

/* 4. What one page of the feed costs the server, page after page. */

static void
bench_pages (LdTestServer *server)
{
  g_autofree char *token = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 head = ld_test_server_head (server);
  gint64 since = 0;
  gsize bytes = 0;
  gsize most = 0;
  guint n_changes = 0;

  while (since < head)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
      gint64 started = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) page = ld_test_get (server, path, token);
      double took = elapsed_ms (started);

      g_assert_cmpuint (page->status, ==, 200);
      g_array_append_val (ms, took);
      bytes += strlen (page->body);
      most = MAX (most, strlen (page->body));
      n_changes += json_array_get_length (
        json_object_get_array_member (ld_test_response_object (page), "changes"));
      since = ld_test_response_get_int (page, "next");
    }

  g_print ("feed pages (limit 1000): %u pages, %u changes, %.0f changes and %.0f KiB a page on"
           " average, %.0f KiB at most\n", ms->len, n_changes, (double) n_changes / ms->len,
           bytes / 1024.0 / ms->len, most / 1024.0);
  bench_report ("one page of the feed, limit 1000", (double *) ms->data, ms->len);
}

/* 2. Search over a million patients. */

static GPtrArray *
fill_patients (LdSqlite *db,
               GRand    *rand)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint done = 0; done < n_patients; done += FILL_BATCH)
    {
      g_auto(LdSqliteTransaction) txn = { NULL };

      ld_sqlite_transaction_begin (&txn, db, &error);
      g_assert_no_error (error);
      bench_patients_write (db, rand, done, MIN (FILL_BATCH, n_patients - done), names, &error);
      g_assert_no_error (error);
      ld_sqlite_transaction_commit (&txn, &error);
      g_assert_no_error (error);
    }
  return names;
}

static LdSqlite *
open_search_db (const char *path,
                gboolean    encrypted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) schema = NULL;
  LdSqlite *db;

  (void) ld_cache_get_resource ();
  schema =
    g_resources_lookup_data ("/org/labdesk/Labdesk/cache/migrations/0001-cache.sql", 0, &error);
  g_assert_no_error (error);

  if (encrypted)
    {
      guint8 key[LD_SQLITE_CRYPT_KEY_BYTES];

      g_assert_true (ld_sqlite_crypt_register (&error));
      for (guint i = 0; i < sizeof key; i++)
        key[i] = g_random_int_range (0, 256);
      ld_sqlite_crypt_set_key (path, key);
      db = ld_sqlite_open_full (path, LD_SQLITE_OPEN_DEFAULT, LD_SQLITE_CRYPT_VFS,
                                LD_SQLITE_CRYPT_RESERVE_BYTES, &error);
    }
  else
    db = ld_sqlite_open (path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* As the cache's reader opens its connection. */
  ld_sqlite_exec (db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536", &error);
  g_assert_no_error (error);
  ld_sqlite_exec (db, g_bytes_get_data (schema, NULL), &error);
  g_assert_no_error (error);
  return db;
}

typedef enum
{
  KIND_TWO_LETTERS,
  KIND_THREE_FOUR,
  KIND_TWO_WORDS,
  KIND_PHONE,
  KIND_MRN,
  N_KINDS
} QueryKind;

/* clang-format off */
static const char * const kind_names[N_KINDS] = {
  "name, 2 letters (\"ku\")",
  "name, 3-4 letters (\"pri\")",
  "name, two words (\"pri sha\")",
  "phone, 5 digits",
  "MRN prefix (\"P0001\")",
};
/* clang-format on */

static char *
make_query (QueryKind  kind,
            GRand     *rand,
            GPtrArray *names)
{
  const char *name = g_ptr_array_index (names, g_rand_int_range (rand, 0, names->len));
  g_auto(GStrv) words = g_strsplit (name, " ", 2);
  guint first = g_rand_int_range (rand, 0, 2);

  switch (kind)
    {
    case KIND_TWO_LETTERS:
      return g_utf8_substring (words[first], 0, 2);
    case KIND_THREE_FOUR:
      return g_utf8_substring (words[first], 0, g_rand_int_range (rand, 3, 5));
    case KIND_TWO_WORDS:
      {
        g_autofree char *a = g_utf8_substring (words[0], 0, 3);
        g_autofree char *b = g_utf8_substring (words[1], 0, g_rand_int_range (rand, 1, 4));

        return g_strdup_printf ("%s %s", a, b);
      }
    case KIND_PHONE:
      return g_strdup_printf ("9%04u", g_rand_int_range (rand, 0, 10000));
    case KIND_MRN:
    default:
      return g_strdup_printf ("P%05u", g_rand_int_range (rand, 0, n_patients / 10 + 1));
    }
}

static void
run_searches (LdSqlite   *db,
              GPtrArray  *names,
              const char *label)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *all = g_new0 (double, n_queries *N_KINDS);
  guint              n_all = 0;

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_autofree double *ms = g_new0 (double, n_queries);
      g_autofree char *what = g_strdup_printf ("  %s: %s", label, kind_names[kind]);

      for (guint i = 0; i < n_queries; i++)
        {
          g_autofree char *query = make_query (kind, rand, names);
          g_autoptr(GError) error = NULL;
          g_autoptr(LdCacheView) view = ld_cache_view_new_patient_search (query, &error);
          g_autoptr(GPtrArray) rows = NULL;
          gint64 started;

          g_assert_no_error (error);
          started = g_get_monotonic_time ();
          ld_sqlite_exec (db, "BEGIN", NULL);
          rows = ld_cache_view_read_page (view, db, NULL, 0, SEARCH_PAGE, &error);
          ld_sqlite_exec (db, "COMMIT", NULL);
          ms[i] = elapsed_ms (started);
          g_assert_no_error (error);
          all[n_all++] = ms[i];
        }
      bench_report (what, ms, n_queries);
    }

  {
    g_autofree char *what = g_strdup_printf ("  %s: all kinds", label);
    BenchFigures f = bench_figures (all, n_all);

    bench_report (what, all, n_all);
    g_print ("  %s: budget p99 < %.0f ms: %s\n", label, SEARCH_BUDGET_MS,
             f.p99 < SEARCH_BUDGET_MS ? "met" : "NOT MET");
  }
}

static void
bench_search (const char *data_dir)
{
  static const gboolean modes[] = { TRUE, FALSE };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      gboolean encrypted = modes[m];
      const char *label = encrypted ? "encrypted" : "plain";
      g_autofree char *path = g_strdup_printf ("%s/search-%s.db", data_dir, label);
      g_autoptr(GRand) rand = g_rand_new_with_seed (42);
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(LdSqlite) db = open_search_db (path, encrypted);
      gint64 started = g_get_monotonic_time ();
      GStatBuf st;

      names = fill_patients (db, rand);
      ld_sqlite_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
      g_stat (path, &st);
      g_print ("%s cache: %u patients written in %.1f s (%.0f rows/s), file %.0f MiB\n", label,
               n_patients, elapsed_ms (started) / 1000,
               n_patients / (elapsed_ms (started) / 1000), st.st_size / 1048576.0);
      run_searches (db, names, label);
      if (encrypted)
        ld_sqlite_crypt_forget_key (path);
    }
}

/* 3. A change, from one client to another's cache. */

typedef struct
{
  gboolean changed;
} Heard;

static void
on_changed_cb (LdCache      *cache,
               LdCacheBatch *batch,
               Heard        *heard)
{
  heard->changed = TRUE;
}

static gboolean
heard_it (gpointer data)
{
  return ((Heard *) data)->changed;
}

static void
bench_live (LdTestServer *server,
            const char   *data_dir)
{
  g_autofree char *desk_dir = g_build_filename (data_dir, "live-desk", NULL);
  g_autofree char *doctor_dir = g_build_filename (data_dir, "live-doctor", NULL);
  g_autoptr(LdTestClient) desk = NULL;
  g_autoptr(LdTestClient) doctor = NULL;
  g_autofree double *ms = g_new0 (double, n_rounds);
  BenchFigures f;

  desk = ld_test_client_new (ld_test_server_get_uri (server), "reception",
                             LD_TEST_RECEPTION_PASSWORD, desk_dir);
  doctor = ld_test_client_new (ld_test_server_get_uri (server), "doctor",
                               LD_TEST_DOCTOR_PASSWORD, doctor_dir);
  ld_test_client_wait_seq (desk, ld_test_server_head (server), 3600 * 1000);
  ld_test_client_wait_seq (doctor, ld_test_server_head (server), 3600 * 1000);

  for (guint i = 0; i < n_rounds; i++)
    {
      g_autofree char *params = g_strdup_printf ("{\"name\": \"Live %u\", \"sex\": \"other\","
                                                 " \"age_years\": 30}", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      Heard heard = { FALSE };
      gulong id = g_signal_connect (desk->cache, "changed", G_CALLBACK (on_changed_cb), &heard);
      gint64 started = g_get_monotonic_time ();

      answer = ld_test_client_submit (doctor, LD_OUTBOX_ACTION_PATIENT_REGISTER, params, &error);
      g_assert_no_error (error);
      ld_test_wait_until (heard_it, &heard, 10000, "the desk's cache");
      ms[i] = elapsed_ms (started);
      g_signal_handler_disconnect (desk->cache, id);
      g_usleep (20000);
    }

  f = bench_figures (ms, n_rounds);
  bench_report ("live change, another client's cache", ms, n_rounds);
  g_print ("  budget < %.0f ms: %s\n", LIVE_BUDGET_MS, f.max < LIVE_BUDGET_MS ? "met" : "NOT MET");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the client cache's figures");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(LdTestServer) server = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  ld_test_client_use_own_context ();
  data_dir = g_dir_make_tmp ("labdesk-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);

  if (!search_only)
    {
      server = ld_test_server_new ();
      bench_first_sync (server, data_dir);
      bench_pages (server);
      bench_live (server, data_dir);
      g_clear_pointer (&server, ld_test_server_free);
    }
  bench_search (data_dir);

  ld_test_remove_tree (data_dir);
  return 0;
}
