/* ld-test-gateway.c: tools/gateway-standin, started for a test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "ld-test-gateway.h"
#include "ld-test-server.h"

/**
 * ld_test_gateway_start:
 * @hold_webhooks: keep the webhooks until POST /standin/send-webhooks
 * @out_uri: (out): the stand-in's base URI, http://127.0.0.1:port
 *
 * Starts the Razorpay stand-in on a free loopback port, signing with
 * %LD_TEST_GATEWAY_KEY_SECRET and %LD_TEST_WEBHOOK_SECRET; it ends with
 * the test, however the test ends.
 *
 * Returns: (transfer full): the stand-in's process
 */
GSubprocess *
ld_test_gateway_start (gboolean   hold_webhooks,
                       char     **out_uri)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script =
    g_test_build_filename (G_TEST_DIST, "..", "tools", "gateway-standin", NULL);
  g_autoptr(GSubprocessLauncher) launcher =
               g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *standin;

  g_subprocess_launcher_set_child_setup (launcher, ld_test_die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  standin =
    g_subprocess_launcher_spawn (launcher, &error, script, "--port", "0", "--key-id",
                                 LD_TEST_GATEWAY_KEY_ID, "--key-secret", LD_TEST_GATEWAY_KEY_SECRET,
                                 "--webhook-secret", LD_TEST_WEBHOOK_SECRET,
                                 hold_webhooks ? "--hold-webhooks" : NULL, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (standin));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  *out_uri = g_strdup_printf ("http://127.0.0.1:%s", line);
  return standin;
}

void
ld_test_gateway_stop (GSubprocess *standin)
{
  if (standin == NULL)
    return;
  g_subprocess_force_exit (standin);
  g_subprocess_wait (standin, NULL, NULL);
  g_object_unref (standin);
}
