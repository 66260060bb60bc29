/* ld-icd10-file.c: an ICD-10 code list read from a CSV or tab-separated file
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator imports the lab's list from a file (no list ships):
 * two columns, code and title, in UTF-8, separated by commas (fields in
 * double quotes may hold commas, quotes doubled, and line breaks, as RFC
 * 4180 has it) or by tabs when the first line has a tab. A first line
 * whose first field is not a code is a header. Columns after the title
 * are left out. Each line is checked by the rules the server applies, so
 * a bad line is named with its number before anything is sent.
 */

#define G_LOG_DOMAIN "ld-icd10-file"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ld-icd10-file.h"

#include "ld-appointment.h"

typedef struct
{
  const char *p;
  const char *end;
  char        separator;
  guint       line;
} Reader;

typedef enum
{
  RECORD_FAILED = -1,
  RECORD_END    = 0,
  RECORD_READ   = 1,
} RecordStep;

/* Reads one record's fields into @fields. */
static RecordStep
read_record (Reader     *reader,
             GPtrArray  *fields,
             GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  guint start_line = reader->line;

  g_ptr_array_set_size (fields, 0);
  if (reader->p >= reader->end)
    return RECORD_END;

  while (reader->p < reader->end)
    {
      char c = *reader->p;

      if (c == '"' && field->len == 0)
        {
          /* A quoted field, to its closing quote. */
          reader->p++;
          for (;;)
            {
              if (reader->p >= reader->end)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* Translators: %u is a line number of the file. */
                               _("Line %u: a quoted field is not closed."), start_line);
                  return RECORD_FAILED;
                }
              if (*reader->p == '"' && reader->p + 1 < reader->end && reader->p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  reader->p += 2;
                }
              else if (*reader->p == '"')
                {
                  reader->p++;
                  break;
                }
              else
                {
                  if (*reader->p == '\n')
                    reader->line++;
                  g_string_append_c (field, *reader->p++);
                }
            }
          continue;
        }
      reader->p++;
      if (c == reader->separator)
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\n')
        {
          reader->line++;
          break;
        }
      else if (c != '\r')
        g_string_append_c (field, c);
    }

  g_ptr_array_add (fields, g_strdup (field->str));
  return RECORD_READ;
}

static gboolean
record_is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (g_ptr_array_index (fields, i)));

      if (*text != '\0')
        return FALSE;
    }
  return TRUE;
}

/* One line's code and title, or FALSE with @error naming @line. */
static LdIcd10Code *
read_line (GPtrArray   *fields,
           guint        line,
           GError     **error)
{
  g_autofree char *code = NULL;
  g_autofree char *title = NULL;

  if (fields->len < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %u is a line number of the file. */
                   _("Line %u: a code and a title are needed, separated by a comma or a tab."),
                      line);
      return NULL;
    }
  code = g_strstrip (g_ascii_strup (g_ptr_array_index (fields, 0), -1));
  title = g_strstrip (g_strdup (g_ptr_array_index (fields, 1)));
  if (!ld_icd10_code_is_valid (code))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %u is a line number, %s what the file has there. */
                   _("Line %u: “%s” is not an ICD-10 code such as E11.9."), line, code);
      return NULL;
    }
  if (*title == '\0' || g_utf8_strlen (title, -1) > LD_ICD10_MAX_TITLE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %u is a line number, %d the longest a title may be. */
                   _("Line %u: the title must have 1 to %d characters."), line,
                      LD_ICD10_MAX_TITLE);
      return NULL;
    }
  return ld_icd10_code_new (code, title);
}

/**
 * ld_icd10_file_parse:
 * @data: the file's contents
 * @length: their length in bytes
 * @error: return location for a #GError (%G_IO_ERROR_INVALID_DATA), whose
 *   message, for the administrator, names the first bad line
 *
 * Returns: (transfer full) (element-type LdIcd10Code) (nullable): the
 *   codes, in the file's order
 */
GPtrArray *
ld_icd10_file_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_icd10_code_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  const char *first_end;
  Reader reader;
  gboolean first = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is not UTF-8 text."));
      return NULL;
    }
  reader.p = data;
  reader.end = data + length;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    reader.p += 3;
  first_end = memchr (reader.p, '\n', reader.end - reader.p);
  reader.separator =
    memchr (reader.p, '\t', (first_end ? first_end : reader.end) - reader.p) ? '\t' : ',';
  reader.line = 1;

  for (;;)
    {
      guint line = reader.line;
      RecordStep step = read_record (&reader, fields, error);
      LdIcd10Code *code;
      gpointer seen;

      if (step == RECORD_FAILED)
        return NULL;
      if (step == RECORD_END)
        break;
      if (record_is_blank (fields))
        continue;
      if (first)
        {
          g_autofree char *head = g_strstrip (g_ascii_strup (g_ptr_array_index (fields, 0), -1));

          first = FALSE;
          if (!ld_icd10_code_is_valid (head))
            continue;
        }
      if ((code = read_line (fields, line, error)) == NULL)
        return NULL;
      g_ptr_array_add (codes, code);
      if (codes->len > LD_ICD10_MAX_CODES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* Translators: %d is the most codes a list may have. */
                       _("The file has more than %d codes."), LD_ICD10_MAX_CODES);
          return NULL;
        }
      if (g_hash_table_lookup_extended (lines, code->code, NULL, &seen))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* Translators: %u are line numbers, %s an ICD-10 code. */
                       _("Line %u: %s is listed already, on line %u."), line, code->code,
                          GPOINTER_TO_UINT (seen));
          return NULL;
        }
      g_hash_table_insert (lines, code->code, GUINT_TO_POINTER (line));
    }

  if (codes->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file has no codes."));
      return NULL;
    }
  return g_steal_pointer (&codes);
}

/* Stops the read once the file is larger than a list can be. */
static gboolean
read_more_cb (const char *file_contents,
              goffset     file_size,
              gpointer    user_data)
{
  return file_size <= LD_ICD10_FILE_MAX_BYTES;
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes;
  gsize length = 0;
  const char *data = g_bytes_get_data (task_data, &length);

  if (g_task_return_error_if_cancelled (task))
    return;
  codes = ld_icd10_file_parse (data, length, &error);
  if (codes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, codes, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_contents_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  if (!g_file_load_partial_contents_finish (G_FILE (source), result, &data, &length, NULL,
                                            &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (length > LD_ICD10_FILE_MAX_BYTES)
    {
      g_free (data);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* Translators: %d is the largest file read, in MiB. */
                               _("The file is larger than %d MiB; a code list is smaller."),
                                  LD_ICD10_FILE_MAX_BYTES / (1024 * 1024));
      return;
    }
  g_task_set_task_data (task, g_bytes_new_take (data, length), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_in_thread);
}

/**
 * ld_icd10_file_load_async:
 * @file: the file the administrator chose
 * @cancellable: (nullable): cancels the read and the parse
 * @callback: called on the caller's thread-default main context
 * @user_data: for @callback
 *
 * Reads @file without blocking (a list may be several megabytes) and
 * parses it with ld_icd10_file_parse() on a worker thread, so that the
 * window stays live. Finish with ld_icd10_file_load_finish().
 */
void
ld_icd10_file_load_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_icd10_file_load_async);
  g_file_load_partial_contents_async (file, cancellable, read_more_cb, on_contents_loaded_cb,
                                      task);
}

/**
 * ld_icd10_file_load_finish:
 * @result: what ld_icd10_file_load_async() gave
 * @error: return location for a #GError: the file's read error (from
 *   GIO), %G_IO_ERROR_CANCELLED, or %G_IO_ERROR_INVALID_DATA whose
 *   message names the first bad line or says the file is too large
 *
 * Returns: (transfer full) (element-type LdIcd10Code) (nullable): the
 *   codes, in the file's order
 */
GPtrArray *
ld_icd10_file_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_icd10_file_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
