/* ld-test-log.c: library debug messages in tests only when asked for
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib's test harness (g_test_init()) writes every debug message of
 * every library into the test's log, G_MESSAGES_DEBUG or not: libsoup's
 * websocket frame by frame, GIO's socket client step by step, some ten
 * thousand lines for one test. Here they go as outside a test: only the
 * domains G_MESSAGES_DEBUG names ("all" for every one).
 */

#include "config.h"

#include "ld-test-log.h"

static GLogFunc harness_handler;

static void
log_cb (const char     *domain,
        GLogLevelFlags  level,
        const char     *message,
        gpointer        data)
{
  if ((level & G_LOG_LEVEL_DEBUG) != 0 && g_log_writer_default_would_drop (level, domain))
    return;
  harness_handler (domain, level, message, data);
}

/**
 * ld_test_log_quiet:
 *
 * Leaves out the debug messages G_MESSAGES_DEBUG does not ask for; the
 * others go to the harness as before. Call after g_test_init(); the
 * fixtures do (the test server's start, ld_test_gui_init()). Once is
 * enough; more calls do nothing.
 */
void
ld_test_log_quiet (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  harness_handler = g_log_set_default_handler (log_cb, NULL);
  g_once_init_leave (&done, 1);
}
