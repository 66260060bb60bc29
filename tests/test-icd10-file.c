/* test-icd10-file.c: reading an ICD-10 code list from a CSV or tab-separated file
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "store/ld-icd10-file.h"

static GPtrArray *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = ld_icd10_file_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (codes);
  return codes;
}

static void
assert_refused (const char *text,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = ld_icd10_file_parse (text, strlen (text), &error);

  g_assert_null (codes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, message);
}

static const char *
code_at (GPtrArray *codes,
         guint      i)
{
  return ((LdIcd10Code *) g_ptr_array_index (codes, i))->code;
}

static const char *
title_at (GPtrArray *codes,
          guint      i)
{
  return ((LdIcd10Code *) g_ptr_array_index (codes, i))->title;
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) codes =
               parse ("\xef\xbb\xbf" "code,title,chapter\r\n"
                      "A00.0,\"Cholera due to Vibrio cholerae 01, biovar cholerae\",1\r\n"
                      "\r\n"
                      " e11.9 , Type 2 diabetes mellitus without complications \r\n"
                      "I10,\"Essential \"\"primary\"\" hypertension\"\n"
                      "J11,\"Influenza,\nvirus not identified\"");

  g_assert_cmpuint (codes->len, ==, 4);
  g_assert_cmpstr (code_at (codes, 0), ==, "A00.0");
  g_assert_cmpstr (title_at (codes, 0), ==, "Cholera due to Vibrio cholerae 01, biovar cholerae");
  g_assert_cmpstr (code_at (codes, 1), ==, "E11.9");
  g_assert_cmpstr (title_at (codes, 1), ==, "Type 2 diabetes mellitus without complications");
  g_assert_cmpstr (title_at (codes, 2), ==, "Essential \"primary\" hypertension");
  g_assert_cmpstr (title_at (codes, 3), ==, "Influenza,\nvirus not identified");
}

static void
test_tab_separated (void)
{
  g_autoptr(GPtrArray) codes = parse ("A09\tDiarrhoea and gastroenteritis, infectious\n"
                                       "R50.9\tFever, unspecified\n");

  /* No header: the first line is a code. */
  g_assert_cmpuint (codes->len, ==, 2);
  g_assert_cmpstr (code_at (codes, 0), ==, "A09");
  g_assert_cmpstr (title_at (codes, 0), ==, "Diarrhoea and gastroenteritis, infectious");
  g_assert_cmpstr (title_at (codes, 1), ==, "Fever, unspecified");
}

static void
test_sample_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "icd10-sample.csv", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  codes = ld_icd10_file_parse (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 30);
}

static void
test_bad_lines (void)
{
  assert_refused ("code,title\nA00.0,Cholera\nE1,Short\n",
                  "Line 3: “E1” is not an ICD-10 code such as E11.9.");
  assert_refused ("A00.0,Cholera\nA00.9\n",
                  "Line 2: a code and a title are needed, separated by a comma or a tab.");
  assert_refused ("A00.0,Cholera\nA00.9,   \n", "Line 2: the title must have 1 to 255 characters.");
  assert_refused ("A00.0,Cholera\n\nA00.0,Again\n", "Line 3: A00.0 is listed already, on line 1.");
  assert_refused ("A00.0,Cholera\nA00.9,\"Not closed\n", "Line 2: a quoted field is not closed.");
  assert_refused ("A00.0,Chol\xe9ra\n", "The file is not UTF-8 text.");
  assert_refused ("code,title\n\n", "The file has no codes.");
  assert_refused ("", "The file has no codes.");
  {
    g_autofree char *title = g_strnfill (256, 'x');
    g_autofree char *text = g_strdup_printf ("A00.0,%s\n", title);

    assert_refused (text, "Line 1: the title must have 1 to 255 characters.");
  }
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i <= LD_ICD10_MAX_CODES; i++)
      g_string_append_printf (text, "%c%02u.%02u,Disease\n", 'A' + i / 10000, (i / 100) % 100,
                              i % 100);
    assert_refused (text->str, "The file has more than 100000 codes.");
  }
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  g_assert_null (source);
  *out_result = g_object_ref (result);
}

/* ld_icd10_file_load_async() of the file at @path, waited for. */
static GPtrArray *
load (const char    *path,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  ld_icd10_file_load_async (file, cancellable, on_loaded_cb, &result);
  /* The answer comes from the main context, never before the call returns. */
  g_assert_null (result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ld_icd10_file_load_finish (result, error);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, length, &error));
  g_assert_no_error (error);
  return path;
}

/* A file read off the main thread: its codes, its first bad line, GIO's
 * own error for a file that is not there, a file too large to be a list,
 * and a cancelled read, which hands back nothing. */
static void
test_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ld-icd10-file-XXXXXX", NULL);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *large = NULL;
  g_autofree char *big_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_nonnull (dir);
  good = write_file (dir, "good.csv", "code,title\nA00.0,Cholera\nE11.9,Type 2 diabetes\n", -1);
  bad = write_file (dir, "bad.csv", "code,title\nA00.0,Cholera\nE1,Too short\n", -1);
  missing = g_build_filename (dir, "missing.csv", NULL);

  codes = load (good, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (codes);
  g_assert_cmpuint (codes->len, ==, 2);
  g_assert_cmpstr (code_at (codes, 1), ==, "E11.9");
  g_assert_cmpstr (title_at (codes, 1), ==, "Type 2 diabetes");
  g_clear_pointer (&codes, g_ptr_array_unref);

  codes = load (bad, NULL, &error);
  g_assert_null (codes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "Line 3: “E1” is not an ICD-10 code such as E11.9.");
  g_clear_error (&error);

  codes = load (missing, NULL, &error);
  g_assert_null (codes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One byte past the limit: refused before it is parsed. */
  big_text = g_strnfill (LD_ICD10_FILE_MAX_BYTES + 1, 'x');
  memcpy (big_text, "A00.0,", strlen ("A00.0,"));
  large = write_file (dir, "large.csv", big_text, LD_ICD10_FILE_MAX_BYTES + 1);
  codes = load (large, NULL, &error);
  g_assert_null (codes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The file is larger than 16 MiB; a code list is smaller.");
  g_clear_error (&error);
  /* At the limit, it is read and parsed: its one title is too long. */
  g_assert_cmpint (truncate (large, LD_ICD10_FILE_MAX_BYTES), ==, 0);
  codes = load (large, NULL, &error);
  g_assert_null (codes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "Line 1: the title must have 1 to 255 characters.");
  g_clear_error (&error);

  /* Cancelled as the read starts, and after it has begun. */
  g_cancellable_cancel (cancellable);
  codes = load (good, cancellable, &error);
  g_assert_null (codes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autoptr(GCancellable) later = g_cancellable_new ();
    g_autoptr(GFile) file = g_file_new_for_path (good);
    g_autoptr(GAsyncResult) result = NULL;

    ld_icd10_file_load_async (file, later, on_loaded_cb, &result);
    g_cancellable_cancel (later);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    codes = ld_icd10_file_load_finish (result, &error);
    g_assert_null (codes);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  g_assert_cmpint (g_remove (good), ==, 0);
  g_assert_cmpint (g_remove (bad), ==, 0);
  g_assert_cmpint (g_remove (large), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/icd10-file/csv", test_csv);
  g_test_add_func ("/client/icd10-file/tab-separated", test_tab_separated);
  g_test_add_func ("/client/icd10-file/sample-file", test_sample_file);
  g_test_add_func ("/client/icd10-file/bad-lines", test_bad_lines);
  g_test_add_func ("/client/icd10-file/load", test_load);

  return g_test_run ();
}
