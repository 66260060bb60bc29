/* ld-test-sms.c: tools/sms-standin, started for a test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stand-in SMS gateway on a free loopback port: it records each
 * request it gets as one JSON line in a file and answers as it was told.
 */

#include "config.h"

#include <unistd.h>

#include "ld-test-server.h"
#include "ld-test-sms.h"

/**
 * ld_test_sms_start:
 * @record: the file each request is recorded in, one JSON line each
 * @answer: (nullable): the stand-in's --answer ("500:1"), or %NULL to
 *   accept every message
 * @out_port: (out): its port
 *
 * Starts the stand-in, wanting %LD_TEST_SMS_KEY in a header; it ends with
 * the test, however the test ends.
 *
 * Returns: (transfer full): the stand-in's process
 */
GSubprocess *
ld_test_sms_start (const char  *record,
                   const char  *answer,
                   char       **out_port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "tools", "sms-standin",
                                                   NULL);
  g_autoptr(GSubprocessLauncher) launcher =
               g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *standin;

  g_subprocess_launcher_set_child_setup (launcher, ld_test_die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  standin = g_subprocess_launcher_spawn (launcher, &error, script, "--port", "0", "--record",
                                         record, "--key", LD_TEST_SMS_KEY,
                                         answer != NULL ? "--answer" : NULL, answer, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (standin));
  *out_port = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_port);
  return standin;
}

void
ld_test_sms_stop (GSubprocess *standin)
{
  if (standin == NULL)
    return;
  g_subprocess_force_exit (standin);
  g_subprocess_wait (standin, NULL, NULL);
  g_object_unref (standin);
}

/**
 * ld_test_sms_read:
 * @record: the stand-in's record
 *
 * Returns: (transfer full): the requests it has recorded, each a whole
 *   line; empty before the first
 */
JsonArray *
ld_test_sms_read (const char *record)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *requests = json_array_new ();

  if (!g_file_get_contents (record, &text, NULL, NULL))
    return requests;
  lines = g_strsplit (text, "\n", -1);
  /* The last piece is after the last newline: not yet a whole line. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      json_array_add_element (requests, json_node_copy (json_parser_get_root (parser)));
    }
  return requests;
}
