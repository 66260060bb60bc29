/* bench-desk.h: the real window, driven as a person would, for bench-client
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bench-common.h"
#include "ld-test-gui.h"

G_BEGIN_DECLS

typedef gboolean (*BenchCondition) (gpointer data);

typedef struct
{
  LdTestGui *gui;
  LdContext *context;
  LdWindow  *window;
  GtkWidget *login_page;
  /* Frames asked for by bench_desk_wait_drawn() because the state held
   * and no frame came; each one is said in the report. */
  guint      n_forced_frames;
} BenchDesk;

void       bench_desk_set_env         (const char     *schema_dir);
double     bench_ms_since             (gint64          since_us);
double     bench_cpu_ms               (const char     *pid);
void       bench_spin_for             (guint           ms);

BenchDesk *bench_desk_new             (const char     *server_uri);
void       bench_desk_free            (BenchDesk      *desk);
gint64     bench_desk_wait_drawn      (BenchDesk      *desk,
                                       BenchCondition  condition,
                                       gpointer        data,
                                       guint           timeout_ms,
                                       const char     *what);
gboolean   bench_desk_is_usable       (gpointer        desk);
double     bench_desk_sign_in         (BenchDesk      *desk,
                                       const char     *username,
                                       const char     *password);
void       bench_desk_sign_out        (BenchDesk      *desk);
LdCache   *bench_desk_get_cache       (BenchDesk      *desk);
void       bench_wait_synced          (LdCache        *cache,
                                       LdTestServer   *server,
                                       guint           timeout_ms,
                                       const char     *what);
GtkWidget *bench_desk_search_entry    (BenchDesk      *desk);
GtkWidget *bench_desk_search_child    (BenchDesk      *desk,
                                       const char     *name);
BenchFigures bench_desk_scroll        (BenchDesk      *desk,
                                       GtkScrollable  *view,
                                       const char     *what,
                                       double          step,
                                       guint           n_frames,
                                       BenchCondition  shown,
                                       BenchCondition  loading,
                                       gpointer        data);
BenchFigures bench_echo_floor         (guint           n_keys);

G_END_DECLS
