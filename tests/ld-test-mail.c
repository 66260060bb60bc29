/* ld-test-mail.c: a real SMTP server for tests, and what it received
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ld-test-mail.h"
#include "ld-test-server.h"

#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)

GSubprocess *
ld_test_smtp_start (const char  *mail_dir,
                    char       **out_port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "ld-test-smtp.py", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
               g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  GSubprocess *smtp;

  /* Gone with the test, however it ends: it holds the test's stderr. */
  g_subprocess_launcher_set_child_setup (launcher, ld_test_die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  smtp = g_subprocess_launcher_spawn (launcher, &error, script, mail_dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (smtp));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "port "));
  *out_port = g_strdup (line + strlen ("port "));
  return smtp;
}

void
ld_test_smtp_stop (GSubprocess *smtp)
{
  g_subprocess_force_exit (smtp);
  g_subprocess_wait (smtp, NULL, NULL);
  g_object_unref (smtp);
}

/* g_ptr_array_sort () hands the comparison pointers to its elements. */
static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
ld_test_mail_list (const char *mail_dir)
{
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (files, g_build_filename (mail_dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  return files;
}

void
ld_test_mail_wait (const char *mail_dir,
                   guint       count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  for (;;)
    {
      g_autoptr(GPtrArray) files = ld_test_mail_list (mail_dir);

      if (files->len >= count)
        {
          g_assert_cmpuint (files->len, ==, count);
          return;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

JsonArray *
ld_test_mail_read_files (GPtrArray *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "ld-test-mail-read.py", NULL);
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, script);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (files, i));
  g_ptr_array_add (argv, NULL);
  process =
    g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

JsonArray *
ld_test_mail_read (const char *mail_dir)
{
  g_autoptr(GPtrArray) files = ld_test_mail_list (mail_dir);

  return ld_test_mail_read_files (files);
}
