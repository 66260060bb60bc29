/* bench-audit-head.c: what sealing the audit head costs a write
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. On a fresh database, p50/p90/p99 of:
 * 1. one write of the head file (ld_audit_seal_write_head(): fsync and
 *    rename), alone;
 * 2. a synced commit appending one audit event with a checkpointer, as the
 *    server runs (the head is written on the checkpointer's thread);
 * 3. the same without one, as the command line runs (head written inline).
 *
 * Run, from a release build:
 *   ninja -C _build-bench bench/bench-audit-head && _build-bench/bench/bench-audit-head
 */

#include "config.h"

#include <stdio.h>

#include "ld-test-server.h"
#include "store/ld-store.h"
#include "store/ld-store-private.h"

#define ROUNDS 300

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_figures (const char *what,
               double     *ms)
{
  qsort (ms, ROUNDS, sizeof *ms, compare_doubles);
  printf ("%-40s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms\n", what, ms[ROUNDS / 2],
          ms[ROUNDS * 9 / 10], ms[ROUNDS * 99 / 100]);
}

static void
time_commits (LdStore *store,
              double  *ms)
{
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      event->action = g_strdup ("bench.write");
      event->entity = g_strdup ("bench");
      if (!ld_store_transaction_begin (&txn, store, &error) ||
          !ld_store_audit_append (store, event, &error) ||
          !ld_store_transaction_commit (&txn, &error))
        g_error ("%s", error->message);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-bench-head-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *key = g_build_filename (dir, "alone.audit-key", NULL);
  g_autofree char *head = g_build_filename (dir, "alone.audit-head", NULL);
  g_autoptr(LdStore) store = ld_store_open (path, &error);
  g_autoptr(LdAuditSeal) alone = NULL;
  double ms[ROUNDS];

  if (store == NULL)
    g_error ("%s", error->message);
  /* A seal of its own: the store's head must not run ahead of its chain. */
  alone = ld_audit_seal_open (key, head, TRUE, &error);
  if (alone == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!ld_audit_seal_write_head (alone, i + 1, LD_AUDIT_GENESIS_HASH, &error))
        g_error ("%s", error->message);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  print_figures ("head write alone", ms);

  {
    g_autoptr(LdStoreCheckpointer) checkpointer = ld_store_checkpointer_new (store);

    time_commits (store, ms);
    print_figures ("commit + event, head on the thread", ms);
  }

  time_commits (store, ms);
  print_figures ("commit + event, head inline", ms);

  g_clear_pointer (&store, ld_store_close);
  ld_test_remove_tree (dir);
  return 0;
}
