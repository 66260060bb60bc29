/* bench-proc.h: what server processes spend, read from /proc and strace
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* CPU milliseconds (user and system) @pid has used; with @children, those
 * of its children it has reaped too. -1 when it is gone. */
double       bench_proc_cpu_ms        (GPid        pid,
                                       gboolean    children);
/* @parent and every process it runs now (a PostgreSQL server and its
 * backends): its own and its reaped children's CPU, and the living
 * children's. */
double       bench_proc_tree_cpu_ms   (GPid        parent);
GPid         bench_proc_parent        (GPid        pid);
/* The processes @parent runs now. */
GArray      *bench_proc_children      (GPid        parent);

typedef struct
{
  double ms;
  double waited_ms;  /* runnable, waiting for a core; -1 when unknown */
  guint  n_threads;
} BenchThreadsCpu;

/* CPU milliseconds of @pid's living threads, and the milliseconds they
 * waited for a core (/proc/PID/task/TID/schedstat), summed by thread
 * name (/proc/PID/task/TID/comm): char * to a BenchThreadsCpu * (the
 * main thread is named as the program). Empty when @pid is gone. */
GHashTable  *bench_proc_threads_cpu_ms (GPid       pid);
/* Prints each thread name's share of a core over @seconds, and its share
 * spent waiting for one, from two bench_proc_threads_cpu_ms() taken that
 * far apart, busiest first. */
void         bench_proc_print_threads  (GHashTable *before,
                                        GHashTable *after,
                                        double      seconds);

/* The machine's CPU time in clock ticks, all cores (/proc/stat): what was
 * spent, idle (and waiting for the disk), and stolen by the host. */
typedef struct
{
  double busy;
  double idle;
  double stolen;
} BenchMachineTicks;

BenchMachineTicks bench_machine_ticks (void);

typedef struct _BenchSyncCount BenchSyncCount;

/* Attaches `strace -f -c -e trace=fsync,fdatasync` to @pids. */
BenchSyncCount *
bench_sync_count_start (const GPid *pids, guint n_pids, const char *output_path, GError **error);
/* Detaches; the fsync and fdatasync calls made since the start, or -1
 * when strace said nothing (it could not attach). Frees @self. */
gint64          bench_sync_count_stop  (BenchSyncCount *self);

G_END_DECLS
