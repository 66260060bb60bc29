/* bench-proc.c: what server processes spend, read from /proc and strace
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's /metrics counts requests, not commits or syncs, so the
 * syncs a flow costs are counted from outside, with strace, only when a
 * bench is asked to: a traced process is slower, and the figures of that
 * run are not its speed.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-proc.h"

/* The fields of /proc/PID/stat after the command's closing parenthesis:
 * [0] is the state (field 3), so field N is [N - 3]. */
static char **
read_stat_file (const char *path)
{
  g_autofree char *text = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return NULL;
  return g_strsplit (g_strstrip ((char *) end + 1), " ", -1);
}

static char **
read_stat (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);

  return read_stat_file (path);
}

/* User and system time (fields 14 and 15), in milliseconds. */
static double
stat_cpu_ms (char **fields)
{
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 /
         sysconf (_SC_CLK_TCK);
}

/* The time a thread has waited, runnable, for a core
 * (/proc/PID/task/TID/schedstat's second field, nanoseconds), in
 * milliseconds; -1 without scheduler statistics in the kernel. */
static double
waited_ms (const char *schedstat_path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents (schedstat_path, &text, NULL, NULL) ||
      g_strv_length (fields = g_strsplit (g_strstrip (text), " ", -1)) < 2)
    return -1;
  return g_ascii_strtod (fields[1], NULL) / 1e6;
}

double
bench_proc_cpu_ms (GPid     pid,
                   gboolean children)
{
  g_auto(GStrv) fields = read_stat (pid);

  if (fields == NULL || g_strv_length (fields) < 15)
    return -1;
  /* cutime 16 and cstime 17, two fields on: the reaped children's. */
  return stat_cpu_ms (fields) + (children ? stat_cpu_ms (fields + 2) : 0);
}

GPid
bench_proc_parent (GPid pid)
{
  g_auto(GStrv) fields = read_stat (pid);

  return fields != NULL && g_strv_length (fields) > 1 ? (GPid) atoi (fields[1]) : 0;
}

GArray *
bench_proc_children (GPid parent)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      GPid pid = (GPid) atoi (name);

      if (pid > 0 && bench_proc_parent (pid) == parent)
        g_array_append_val (pids, pid);
    }
  return pids;
}

double
bench_proc_tree_cpu_ms (GPid parent)
{
  g_autoptr(GArray) children = bench_proc_children (parent);
  double ms = bench_proc_cpu_ms (parent, TRUE);

  for (guint i = 0; i < children->len; i++)
    {
      double child = bench_proc_cpu_ms (g_array_index (children, GPid, i), FALSE);

      /* One that ended just now is in the parent's count next time. */
      if (child > 0)
        ms += child;
    }
  return ms;
}

GHashTable *
bench_proc_threads_cpu_ms (GPid pid)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_strdup_printf ("%s/%s/comm", tasks, tid);
      g_autofree char *stat_path = g_strdup_printf ("%s/%s/stat", tasks, tid);
      g_autofree char *schedstat_path = g_strdup_printf ("%s/%s/schedstat", tasks, tid);
      g_autofree char *name = NULL;
      double waited;
      g_auto(GStrv) fields = NULL;
      BenchThreadsCpu *cpu;

      /* A thread that ended between the listing and the read is skipped. */
      if (!g_file_get_contents (comm_path, &name, NULL, NULL) ||
          (fields = read_stat_file (stat_path)) == NULL || g_strv_length (fields) < 13)
        continue;
      g_strstrip (name);
      if ((cpu = g_hash_table_lookup (by_name, name)) == NULL)
        {
          cpu = g_new0 (BenchThreadsCpu, 1);
          g_hash_table_insert (by_name, g_strdup (name), cpu);
        }
      cpu->n_threads++;
      cpu->ms += stat_cpu_ms (fields);
      waited = waited_ms (schedstat_path);
      cpu->waited_ms = waited < 0 || cpu->waited_ms < 0 ? -1 : cpu->waited_ms + waited;
    }
  return by_name;
}

typedef struct
{
  const char *name;
  guint       n_threads;
  double      ms;
  double      waited_ms;
} ThreadShare;

static int
busiest_first (gconstpointer a,
               gconstpointer b)
{
  double x = ((const ThreadShare *) a)->ms, y = ((const ThreadShare *) b)->ms;

  return (x < y) - (x > y);
}

void
bench_proc_print_threads (GHashTable *before,
                          GHashTable *after,
                          double      seconds)
{
  g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (ThreadShare));
  GHashTableIter iter;
  gpointer name, now;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &name, &now))
    {
      const BenchThreadsCpu *cpu = now;
      const BenchThreadsCpu *was = g_hash_table_lookup (before, name);
      gboolean waits_known = was != NULL && was->waited_ms >= 0 && cpu->waited_ms >= 0;
      ThreadShare share = { name, cpu->n_threads, cpu->ms - (was != NULL ? was->ms : 0),
                            waits_known ? cpu->waited_ms - was->waited_ms : -1 };

      /* Threads of a moment (a GLib worker) are not worth a column. */
      if (share.ms / (seconds * 10.0) >= 0.5)
        g_array_append_val (shares, share);
    }
  g_array_sort (shares, busiest_first);
  for (guint i = 0; i < shares->len; i++)
    {
      const ThreadShare *share = &g_array_index (shares, ThreadShare, i);

      g_print ("%s%s", i == 0 ? "" : ", ", share->name);
      if (share->n_threads > 1)
        g_print (" (%u)", share->n_threads);
      g_print (" %.0f %%", share->ms / (seconds * 10.0));
      if (share->waited_ms >= 0)
        g_print (" (+%.0f %% waiting for a core)", share->waited_ms / (seconds * 10.0));
    }
  g_print ("\n");
}

BenchMachineTicks
bench_machine_ticks (void)
{
  BenchMachineTicks ticks = { 0, 0, 0 };
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  char *eol;

  /* "cpu  user nice system idle iowait irq softirq steal guest guest_nice";
   * guest time is already in user and nice. */
  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL) || !g_str_has_prefix (text, "cpu "))
    return ticks;
  if ((eol = strchr (text, '\n')) != NULL)
    *eol = '\0';
  fields = g_strsplit_set (text + 4, " ", -1);
  for (guint i = 0, column = 0; fields[i] != NULL; i++)
    {
      double value;

      if (*fields[i] == '\0')
        continue;
      value = g_ascii_strtod (fields[i], NULL);
      if (column == 3 || column == 4)
        ticks.idle += value;
      else if (column == 7)
        ticks.stolen += value;
      else if (column < 7)
        ticks.busy += value;
      column++;
    }
  return ticks;
}

struct _BenchSyncCount
{
  GSubprocess *strace;
  char        *output_path;
};

BenchSyncCount *
bench_sync_count_start (const GPid  *pids,
                        guint        n_pids,
                        const char  *output_path,
                        GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  BenchSyncCount *self;
  GSubprocess *strace;

  g_ptr_array_add (argv, g_strdup ("strace"));
  g_ptr_array_add (argv, g_strdup ("-f"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("-e"));
  g_ptr_array_add (argv, g_strdup ("trace=fsync,fdatasync"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup (output_path));
  for (guint i = 0; i < n_pids; i++)
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", (int) pids[i]));
    }
  g_ptr_array_add (argv, NULL);

  strace = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              error);
  if (strace == NULL)
    return NULL;
  self = g_new0 (BenchSyncCount, 1);
  self->strace = strace;
  self->output_path = g_strdup (output_path);
  return self;
}

gint64
bench_sync_count_stop (BenchSyncCount *self)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 calls = -1;

  g_subprocess_send_signal (self->strace, SIGINT);
  g_subprocess_wait (self->strace, NULL, NULL);
  if (g_file_get_contents (self->output_path, &text, NULL, NULL))
    lines = g_strsplit (text, "\n", -1);
  /* "% time  seconds  usecs/call  calls  errors syscall": the errors
   * column is empty when there are none. */
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      const char *syscall;

      for (guint w = 0; words[w] != NULL; w++)
        if (*words[w] != '\0')
          g_ptr_array_add (columns, words[w]);
      if (columns->len < 5)
        continue;
      if (calls < 0)
        calls = 0;
      syscall = g_ptr_array_index (columns, columns->len - 1);
      if (g_str_equal (syscall, "fsync") || g_str_equal (syscall, "fdatasync"))
        calls += g_ascii_strtoll (g_ptr_array_index (columns, 3), NULL, 10);
    }

  g_object_unref (self->strace);
  g_free (self->output_path);
  g_free (self);
  return calls;
}
