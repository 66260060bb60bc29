/* test-read-pool.c: reads on worker threads, answered on the server's (ld-read-pool.c)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A read's answer comes back either through its source on the main
 * context or, sooner, when the server calls ld_read_pool_answer_ready()
 * before a request; whichever comes first answers it, the other must
 * not answer it again, and the job is freed once. Real reader threads on
 * a real database; ASan sees a double free or a use after it.
 */

#include "config.h"

#include "ld-test-server.h"
#include "service/ld-read-pool.h"
#include "store/ld-store.h"

typedef struct
{
  char    *dir;
  char    *path;
  LdStore *store;
} Fixture;

/* One job's life, counted on the test's thread. */
typedef struct
{
  guint     answered;
  guint     freed;
  gboolean  read_ok;
} Counts;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-read-pool-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_true (g_main_context_acquire (g_main_context_default ()));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_main_context_release (g_main_context_default ());
  g_clear_pointer (&fx->store, ld_store_close);
  ld_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

/* On a reader thread: a real read on its own connection. */
static gboolean
read_ping (LdStore   *store,
           gpointer   data,
           GError   **error)
{
  Counts *counts = data;

  counts->read_ok = ld_store_ping (store, error);
  return counts->read_ok;
}

static void
on_read_done (gpointer      data,
              const GError *error)
{
  Counts *counts = data;

  g_assert_no_error ((GError *) error);
  counts->answered++;
}

static void
count_freed (gpointer data)
{
  Counts *counts = data;

  counts->freed++;
}

/* Iterates the main context until @counts' job is freed (10 s at most). */
static void
wait_freed (Counts *counts)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (counts->freed == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (counts->freed, ==, 1);
}

/* As the server between requests: the answer goes on without a main loop
 * iteration, and the job's source later frees it without answering it a
 * second time. */
static void
test_answered_before_its_source (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(LdReadPool) pool = ld_read_pool_new (fx->path, 1);
  Counts counts = { 0 };
  guint answered = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  ld_read_pool_run (pool, read_ping, on_read_done, &counts, count_freed);
  while (answered == 0 && g_get_monotonic_time () < deadline)
    {
      answered = ld_read_pool_answer_ready (pool);
      if (answered == 0)
        g_usleep (1000);
    }

  g_assert_cmpuint (answered, ==, 1);
  g_assert_true (counts.read_ok);
  g_assert_cmpuint (counts.answered, ==, 1);
  g_assert_cmpuint (counts.freed, ==, 0);

  wait_freed (&counts);
  g_assert_cmpuint (counts.answered, ==, 1);
  g_assert_cmpuint (ld_read_pool_answer_ready (pool), ==, 0);
}

/* Nobody calls ld_read_pool_answer_ready(): the source answers alone, and
 * a later call finds nothing left to answer. */
static void
test_answered_by_its_source (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(LdReadPool) pool = ld_read_pool_new (fx->path, 1);
  Counts counts = { 0 };

  ld_read_pool_run (pool, read_ping, on_read_done, &counts, count_freed);
  wait_freed (&counts);

  g_assert_true (counts.read_ok);
  g_assert_cmpuint (counts.answered, ==, 1);
  g_assert_cmpuint (ld_read_pool_answer_ready (pool), ==, 0);
}

/* Many reads on two threads, answered both ways as they come: each is
 * answered once and freed once. */
static void
test_each_answered_once (Fixture       *fx,
                         gconstpointer  data)
{
  const guint n_reads = 200;
  g_autoptr(LdReadPool) pool = ld_read_pool_new (fx->path, 2);
  g_autofree Counts *counts = g_new0 (Counts, n_reads);
  gint64 deadline;
  guint freed = 0;

  for (guint i = 0; i < n_reads; i++)
    ld_read_pool_run (pool, read_ping, on_read_done, &counts[i], count_freed);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (freed < n_reads && g_get_monotonic_time () < deadline)
    {
      ld_read_pool_answer_ready (pool);
      g_main_context_iteration (NULL, FALSE);
      freed = 0;
      for (guint i = 0; i < n_reads; i++)
        freed += counts[i].freed;
    }

  for (guint i = 0; i < n_reads; i++)
    {
      g_assert_true (counts[i].read_ok);
      g_assert_cmpuint (counts[i].answered, ==, 1);
      g_assert_cmpuint (counts[i].freed, ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/read-pool/answered-before-its-source", Fixture, NULL, fixture_setup,
              test_answered_before_its_source, fixture_teardown);
  g_test_add ("/server/read-pool/answered-by-its-source", Fixture, NULL, fixture_setup,
              test_answered_by_its_source, fixture_teardown);
  g_test_add ("/server/read-pool/each-answered-once", Fixture, NULL, fixture_setup,
              test_each_answered_once, fixture_teardown);

  return g_test_run ();
}
