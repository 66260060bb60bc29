/* test-client-kill.c: a client killed while sending its outbox sends
 * nothing twice
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ld-client-helper queues registrations, then sends them; it is killed
 * (SIGKILL: no clean shutdown, the cache's WAL left as it is) once the
 * server has some of them, and run again. The server must end with each
 * registration exactly once, in the order made: an item sent just before
 * the kill is sent again with its Idempotency-Key and answered from the
 * server's memory of it.
 */

#include "config.h"

#include <signal.h>

#include "ld-test-client.h"

#define N_QUEUED 200
#define KILL_AFTER 40

typedef struct
{
  LdTestServer *server;
  char         *tmp;
  char         *cache_dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->server = ld_test_server_new ();
  fx->tmp = g_dir_make_tmp ("labdesk-kill-XXXXXX", &error);
  g_assert_no_error (error);
  fx->cache_dir = g_build_filename (fx->tmp, "cache", NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->cache_dir);
  ld_test_server_free (fx->server);
}

static GSubprocess *
run_helper (Fixture     *fx,
            const char  *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *helper = g_getenv ("LD_CLIENT_HELPER");
  const char *arg;
  GSubprocess *process;
  va_list args;

  g_assert_nonnull (helper);
  g_ptr_array_add (argv, (gpointer) helper);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process =
    g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  return process;
}

static void
assert_exits_ok (GSubprocess *process,
                 const char  *last_line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, last_line));
}

static gint64
killed_count (Fixture *fx)
{
  return ld_test_server_query_int (fx->server,
                                   "SELECT count (*) FROM patients WHERE name LIKE 'Killed %'");
}

static void
test_killed_while_sending (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GSubprocess) queue = NULL;
  g_autoptr(GSubprocess) sending = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *n = g_strdup_printf ("%d", N_QUEUED);
  const char *uri = ld_test_server_get_uri (fx->server);
  gint64 deadline;
  gint64 at_kill;

  queue = run_helper (fx, "queue", n, uri, fx->cache_dir, NULL);
  assert_exits_ok (queue, "queued 200");
  g_assert_cmpint (killed_count (fx), ==, 0);

  sending = run_helper (fx, "send", uri, fx->cache_dir, NULL);
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (killed_count (fx) < KILL_AFTER)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  g_subprocess_send_signal (sending, SIGKILL);
  g_subprocess_wait (sending, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (sending));
  at_kill = killed_count (fx);
  g_test_message ("killed with %" G_GINT64_FORMAT " of %d sent", at_kill, N_QUEUED);
  g_assert_cmpint (at_kill, <, N_QUEUED);

  again = run_helper (fx, "send", uri, fx->cache_dir, NULL);
  assert_exits_ok (again, "empty");

  /* Each once, in the order made. */
  g_assert_cmpint (killed_count (fx), ==, N_QUEUED);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count (DISTINCT name) FROM patients"
                                             " WHERE name LIKE 'Killed %'"), ==, N_QUEUED);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count (*) FROM patients a JOIN patients b"
                                             " ON a.name LIKE 'Killed %' AND b.name LIKE 'Killed %'"
                                             " AND a.mrn < b.mrn AND a.name > b.name"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client/outbox/killed-while-sending-sends-nothing-twice", Fixture, NULL,
              fixture_setup, test_killed_while_sending, fixture_teardown);

  return g_test_run ();
}
