/* test-http-thread.c: work handed between the main thread and libsoup's
 * (ld-http-thread.c)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests reach the main thread in the order they arrived and answers go
 * back in the order they were set; work waited for has run when the wait
 * ends; work still in a mailbox when the thread ends is dropped with its
 * data freed (ASan sees a leak or a double free). Real threads, no server:
 * the server's own use is what every tests/test-api-*.c exercises.
 */

#include "config.h"

#include "http/ld-http-thread.h"

#define N_LETTERS 2000

typedef struct
{
  LdHttpThread *http;
  GMainContext *main_context;
  /* Appended to on the HTTP thread, or on the main one. */
  GArray       *seen_on_io;
  GArray       *seen_on_main;
  GThread      *io_thread;
  gboolean      wrong_thread;
  /* Letters are freed on both threads. */
  gint          freed;
} Fixture;

typedef struct
{
  Fixture *fx;
  guint    n;
} Letter;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->main_context = g_main_context_new ();
  g_main_context_push_thread_default (fx->main_context);
  fx->http = ld_http_thread_new ();
  fx->seen_on_io = g_array_new (FALSE, FALSE, sizeof (guint));
  fx->seen_on_main = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->http, ld_http_thread_free);
  g_main_context_pop_thread_default (fx->main_context);
  g_main_context_unref (fx->main_context);
  g_array_unref (fx->seen_on_io);
  g_array_unref (fx->seen_on_main);
}

static void
letter_free (Letter *letter)
{
  g_atomic_int_inc (&letter->fx->freed);
  g_free (letter);
}

static Letter *
letter_new (Fixture *fx,
            guint    n)
{
  Letter *letter = g_new (Letter, 1);

  letter->fx = fx;
  letter->n = n;
  return letter;
}

/* On the main thread: what came back. */
static void
seen_on_main_cb (gpointer data)
{
  Letter *letter = data;

  if (!g_main_context_is_owner (letter->fx->main_context))
    letter->fx->wrong_thread = TRUE;
  g_array_append_val (letter->fx->seen_on_main, letter->n);
}

/* On the HTTP thread: note it, and send it back, as a request goes. */
static void
seen_on_io_cb (gpointer data)
{
  Letter *letter = data;
  Fixture *fx = letter->fx;

  if (g_thread_self () == fx->io_thread || fx->io_thread == NULL)
    fx->io_thread = g_thread_self ();
  else
    fx->wrong_thread = TRUE;
  if (!g_main_context_is_owner (ld_http_thread_get_context (fx->http)))
    fx->wrong_thread = TRUE;
  g_array_append_val (fx->seen_on_io, letter->n);
  ld_http_thread_to_main (fx->http, seen_on_main_cb, letter_new (fx, letter->n),
                          (GDestroyNotify) letter_free);
}

static void
test_in_order_both_ways (Fixture       *fx,
                         gconstpointer  data)
{
  gint64 deadline;

  ld_http_thread_start (fx->http);
  for (guint i = 0; i < N_LETTERS; i++)
    ld_http_thread_to_io (fx->http, seen_on_io_cb, letter_new (fx, i),
                          (GDestroyNotify) letter_free);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (fx->seen_on_main->len < N_LETTERS && g_get_monotonic_time () < deadline)
    g_main_context_iteration (fx->main_context, TRUE);

  g_assert_cmpuint (fx->seen_on_main->len, ==, N_LETTERS);
  g_assert_cmpuint (fx->seen_on_io->len, ==, N_LETTERS);
  for (guint i = 0; i < N_LETTERS; i++)
    {
      g_assert_cmpuint (g_array_index (fx->seen_on_io, guint, i), ==, i);
      g_assert_cmpuint (g_array_index (fx->seen_on_main, guint, i), ==, i);
    }
  g_assert_false (fx->wrong_thread);
  g_assert_nonnull (fx->io_thread);
  g_assert_true (fx->io_thread != g_thread_self ());
  /* The HTTP thread frees its last letter after sending it on. */
  ld_http_thread_free (fx->http);
  fx->http = NULL;
  g_assert_cmpint (fx->freed, ==, 2 * N_LETTERS);
}

static void
note_io_thread_cb (gpointer data)
{
  Fixture *fx = data;

  /* Slow enough that a wait which did not wait would be seen. */
  g_usleep (20 * 1000);
  fx->io_thread = g_thread_self ();
  if (!g_main_context_is_owner (ld_http_thread_get_context (fx->http)))
    fx->wrong_thread = TRUE;
}

static void
test_run_on_io_waits (Fixture       *fx,
                      gconstpointer  data)
{
  /* Before the thread starts, here, on the HTTP thread's context. */
  ld_http_thread_run_on_io (fx->http, note_io_thread_cb, fx);
  g_assert_true (fx->io_thread == g_thread_self ());
  g_assert_false (fx->wrong_thread);

  ld_http_thread_start (fx->http);
  fx->io_thread = NULL;
  ld_http_thread_run_on_io (fx->http, note_io_thread_cb, fx);
  g_assert_nonnull (fx->io_thread);
  g_assert_true (fx->io_thread != g_thread_self ());
  g_assert_false (fx->wrong_thread);
}

static void
test_dropped_at_the_end (Fixture       *fx,
                         gconstpointer  data)
{
  ld_http_thread_start (fx->http);

  /* Work for the main thread, which never turns its loop again. */
  for (guint i = 0; i < 10; i++)
    ld_http_thread_to_main (fx->http, seen_on_main_cb, letter_new (fx, i),
                            (GDestroyNotify) letter_free);
  /* Work for the HTTP thread, before the end's: it runs, and sends as
   * much to the main thread again. */
  for (guint i = 0; i < 10; i++)
    ld_http_thread_to_io (fx->http, seen_on_io_cb, letter_new (fx, i),
                          (GDestroyNotify) letter_free);

  /* Not g_clear_pointer(), which clears fx->http before the free, while
   * the HTTP thread's last letters still use it. */
  ld_http_thread_free (fx->http);
  fx->http = NULL;

  g_assert_cmpuint (fx->seen_on_io->len, ==, 10);
  g_assert_cmpuint (fx->seen_on_main->len, ==, 0);
  g_assert_cmpint (fx->freed, ==, 30);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/http-thread/in-order-both-ways", Fixture, NULL, fixture_setup,
              test_in_order_both_ways, fixture_teardown);
  g_test_add ("/server/http-thread/run-on-io-waits", Fixture, NULL, fixture_setup,
              test_run_on_io_waits, fixture_teardown);
  g_test_add ("/server/http-thread/dropped-at-the-end", Fixture, NULL, fixture_setup,
              test_dropped_at_the_end, fixture_teardown);

  return g_test_run ();
}
