/* fuzz-replay.c: runs a fuzz target over its corpus without libFuzzer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main test build uses gcc, which has no libFuzzer; this main() feeds
 * every file of the directories (or files) it is given to the target once,
 * so every seed and every input a fuzzing run kept is checked in the
 * ordinary suite, under ASan and UBSan. Prints TAP, a case per file.
 */

#include "config.h"

#include <gio/gio.h>

#include "fuzz-target.h"

static void
run_file (const char *path,
          guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size;

  if (!g_file_get_contents (path, &data, &size, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  g_print ("ok %u %s\n", ++*count, path);
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (path, name, NULL));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint count = 0;

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  if (files->len == 0)
    g_error ("no inputs to replay");

  g_print ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    run_file (g_ptr_array_index (files, i), &count);

  return 0;
}
