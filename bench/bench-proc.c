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
#include <unistd.h>

#include "bench-proc.h"

/* The fields of /proc/PID/stat after the command's closing parenthesis:
 * [0] is the state (field 3), so field N is [N - 3]. */
static char **
read_stat (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return NULL;
  return g_strsplit (g_strstrip ((char *) end + 1), " ", -1);
}

double
bench_proc_cpu_ms (GPid     pid,
                   gboolean children)
{
  g_auto(GStrv) fields = read_stat (pid);
  double ticks;

  if (fields == NULL || g_strv_length (fields) < 15)
    return -1;
  /* utime 14, stime 15, cutime 16, cstime 17. */
  ticks = g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL);
  if (children)
    ticks += g_ascii_strtod (fields[13], NULL) + g_ascii_strtod (fields[14], NULL);
  return ticks * 1000.0 / sysconf (_SC_CLK_TCK);
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
