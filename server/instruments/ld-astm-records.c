/* ld-astm-records.c: ASTM E1394 (CLSI LIS2-A2) records, in and out
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In: one message, H … L, already joined from its frames, becomes an
 * LdInstrumentMessage. The H record names the delimiters (field, repeat,
 * component, escape: "H|\^&" by custom); fields are split on them before
 * escapes (&F& &S& &R& &E& &Xhh& and the highlighting &H& &N&) are
 * decoded, so an escaped delimiter stays text. Field n of a record is the
 * n-th counted from its type, as the standard numbers them (R-4 is the
 * value).
 *
 * Out: the host's answer to a query, H, then P and O (the ordered tests
 * as repeats of O-5) per accession known, then L.
 */

#define G_LOG_DOMAIN "ld-astm"

#include "config.h"

#include "ld-astm-records.h"

#include <string.h>

typedef struct
{
  char field;
  char repeat;
  char component;
  char escape;
} Delimiters;

LdAstmAnswer *
ld_astm_answer_new (const char *accession,
                    GPtrArray  *orders)
{
  LdAstmAnswer *answer;

  g_return_val_if_fail (accession != NULL, NULL);

  answer = g_new0 (LdAstmAnswer, 1);
  answer->accession = g_strdup (accession);
  answer->orders = orders != NULL ? g_ptr_array_ref (orders) : NULL;
  return answer;
}

void
ld_astm_answer_free (LdAstmAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->accession);
  g_clear_pointer (&answer->orders, g_ptr_array_unref);
  g_free (answer);
}

static gboolean
is_delimiter_char (char c)
{
  return g_ascii_isprint (c) && !g_ascii_isalnum (c) && c != ' ';
}

/* Decodes the escape sequences of one component's raw text. */
static char *
decode (const char       *raw,
        const Delimiters *d)
{
  GString *out = g_string_new (NULL);

  for (const char *p = raw; *p != '\0'; p++)
    {
      const char *end;
      gsize       length;

      if (*p != d->escape || (end = strchr (p + 1, d->escape)) == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      length = end - (p + 1);
      if (length == 1 && p[1] == 'F')
        g_string_append_c (out, d->field);
      else if (length == 1 && p[1] == 'S')
        g_string_append_c (out, d->component);
      else if (length == 1 && p[1] == 'R')
        g_string_append_c (out, d->repeat);
      else if (length == 1 && p[1] == 'E')
        g_string_append_c (out, d->escape);
      else if (length == 1 && (p[1] == 'H' || p[1] == 'N'))
        ; /* highlighting on and off: no text */
      else if (length >= 3 && length % 2 == 1 && p[1] == 'X')
        {
          gboolean hex = TRUE;

          for (gsize i = 2; i <= length; i++)
            hex = hex && g_ascii_isxdigit (p[i]);
          if (!hex)
            {
              g_string_append_len (out, p, length + 2);
              p = end;
              continue;
            }
          for (gsize i = 2; i < length; i += 2)
            {
              char c = g_ascii_xdigit_value (p[i]) << 4 | g_ascii_xdigit_value (p[i + 1]);

              /* A NUL or a control character would only cut or corrupt
               * the text further on. */
              g_string_append_c (out, g_ascii_iscntrl (c) ? ' ' : c);
            }
        }
      else
        {
          /* Not a sequence this side knows: kept as sent. */
          g_string_append_len (out, p, length + 2);
        }
      p = end;
    }
  return g_string_free (out, FALSE);
}

/* Field @n (1-based, as the standard counts) of a split record, or "". */
static const char *
field (char      **fields,
       guint       n)
{
  g_assert (n >= 1);
  return n <= g_strv_length (fields) ? fields[n - 1] : "";
}

/* Component @n (1-based) of the first repeat of @raw, decoded; NULL when
 * empty. */
static char *
component (const char       *raw,
           guint             n,
           const Delimiters *d)
{
  char             seps[2] = { d->repeat, '\0' };
  char             comps[2] = { d->component, '\0' };
  g_auto (GStrv) repeats = g_strsplit (raw, seps, 2);
  g_auto (GStrv) parts = NULL;

  if (repeats[0] == NULL)
    return NULL;
  parts = g_strsplit (repeats[0], comps, -1);
  if (n > g_strv_length (parts) || parts[n - 1][0] == '\0')
    return NULL;
  return decode (parts[n - 1], d);
}

/* A whole field, decoded, as sent; NULL when empty. */
static char *
whole (const char       *raw,
       const Delimiters *d)
{
  return raw[0] != '\0' ? decode (raw, d) : NULL;
}

static char *
test_code (const char       *raw,
           const Delimiters *d)
{
  char            comps[2] = { d->component, '\0' };
  char            seps[2] = { d->repeat, '\0' };
  g_auto (GStrv) repeats = g_strsplit (raw, seps, 2);
  g_auto (GStrv) parts = NULL;
  char           *code;

  /* The universal test id is ^^^code: the fourth component is the
   * manufacturer's code. An analyzer that sends the code alone, or in an
   * earlier component, is taken at its last non-empty component. */
  if ((code = component (raw, 4, d)) != NULL || repeats[0] == NULL)
    return code;
  parts = g_strsplit (repeats[0], comps, -1);
  for (guint i = g_strv_length (parts); i > 0; i--)
    if (parts[i - 1][0] != '\0')
      return decode (parts[i - 1], d);
  return NULL;
}

static gboolean
read_delimiters (const char *header,
                 Delimiters *d,
                 GError    **error)
{
  if (header[0] != 'H' || strlen (header) < 5)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The message does not begin with a header (H) record.");
      return FALSE;
    }
  d->field = header[1];
  d->repeat = header[2];
  d->component = header[3];
  d->escape = header[4];
  if (!is_delimiter_char (d->field) || !is_delimiter_char (d->repeat) ||
      !is_delimiter_char (d->component) || !is_delimiter_char (d->escape) ||
      d->field == d->repeat || d->field == d->component || d->field == d->escape ||
      d->repeat == d->component || d->repeat == d->escape || d->component == d->escape ||
      (header[5] != '\0' && header[5] != d->field))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The header record does not define four distinct delimiters.");
      return FALSE;
    }
  return TRUE;
}

static void
add_queries (LdInstrumentMessage *message,
             const char          *raw,
             const Delimiters    *d)
{
  char            seps[2] = { d->repeat, '\0' };
  g_auto (GStrv) ranges = g_strsplit (raw, seps, -1);

  /* Q-3 is "patient id ^ specimen id ^ …": the specimen id is the
   * accession; an analyzer that sends one bare id means the specimen. */
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      char *accession = component (ranges[i], 2, d);

      if (accession == NULL)
        accession = component (ranges[i], 1, d);
      if (accession != NULL)
        g_ptr_array_add (message->queries, accession);
    }
}

/**
 * ld_astm_records_parse:
 * @records: (element-type utf8): one message's records, H first and L last,
 *   without their CR
 *
 * Returns: (transfer full): the message, or NULL with a
 *   %G_IO_ERROR_INVALID_DATA error saying what was wrong.
 */
LdInstrumentMessage *
ld_astm_records_parse (GPtrArray *records,
                       GError   **error)
{
  g_autoptr (LdInstrumentMessage) message = NULL;
  g_autofree char     *accession = NULL;
  LdInstrumentResult  *result = NULL;
  char                 seps[2] = { 0 };
  Delimiters           d;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (records->len < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A message needs at least a header and a terminator record.");
      return NULL;
    }
  if (!read_delimiters (g_ptr_array_index (records, 0), &d, error))
    return NULL;
  seps[0] = d.field;
  message = ld_instrument_message_new ();

  for (guint i = 0; i < records->len; i++)
    {
      const char     *record = g_ptr_array_index (records, i);
      g_auto (GStrv) f = g_strsplit (record, seps, -1);
      char            type = record[0];
      gboolean        last = i + 1 == records->len;

      if (f[0] == NULL || strlen (f[0]) != 1 || (i == 0) != (type == 'H') ||
          (type == 'L') != last)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Record %u is out of place: a message is H, then P, O, R, C, Q "
                       "records, then L.",
                       i + 1);
          return NULL;
        }
      switch (type)
        {
        case 'H':
          message->message_id = whole (field (f, 3), &d);
          message->sender = component (field (f, 5), 1, &d);
          break;
        case 'P':
          g_clear_pointer (&accession, g_free);
          result = NULL;
          break;
        case 'O':
          g_free (accession);
          accession = component (field (f, 3), 1, &d);
          /* Some analyzers put the sample's id only in O-4. */
          if (accession == NULL)
            accession = component (field (f, 4), 1, &d);
          if (accession == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Order record %u has no specimen id.", i + 1);
              return NULL;
            }
          result = NULL;
          break;
        case 'R':
          if (accession == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Result record %u comes before any order record.", i + 1);
              return NULL;
            }
          result = ld_instrument_result_new ();
          g_ptr_array_add (message->results, result);
          result->accession = g_strdup (accession);
          result->instrument_code = test_code (field (f, 3), &d);
          result->value = whole (field (f, 4), &d);
          result->units = whole (field (f, 5), &d);
          result->reference_range = whole (field (f, 6), &d);
          result->flags = whole (field (f, 7), &d);
          result->status = whole (field (f, 9), &d);
          result->observed_at = whole (field (f, 13), &d);
          if (result->instrument_code == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Result record %u names no test.", i + 1);
              return NULL;
            }
          break;
        case 'C':
          /* A comment on a result; comments on the patient or the order
           * have no place in a draft result. */
          if (result != NULL)
            {
              char            comps[2] = { d.component, '\0' };
              g_auto (GStrv) parts = g_strsplit (field (f, 4), comps, -1);
              g_autoptr (GString) text = g_string_new (result->comment);

              for (guint k = 0; parts[k] != NULL; k++)
                {
                  g_autofree char *part = decode (parts[k], &d);

                  if (part[0] == '\0')
                    continue;
                  if (text->len > 0)
                    g_string_append_c (text, k == 0 ? '\n' : ' ');
                  g_string_append (text, part);
                }
              g_free (result->comment);
              result->comment = text->len > 0 ? g_strdup (text->str) : NULL;
            }
          break;
        case 'Q':
          add_queries (message, field (f, 3), &d);
          break;
        case 'M': /* manufacturer's own records */
        case 'S': /* scientific records */
        case 'L':
          break;
        default:
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Record %u has an unknown type.", i + 1);
          return NULL;
        }
    }

  if (message->message_id == NULL)
    {
      g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      for (guint i = 0; i < records->len; i++)
        {
          const char *record = g_ptr_array_index (records, i);

          g_checksum_update (sum, (const guchar *) record, strlen (record));
          g_checksum_update (sum, (const guchar *) "\r", 1);
        }
      message->message_id = g_strdup (g_checksum_get_string (sum));
    }
  return g_steal_pointer (&message);
}

/* Text for one of our fields with "|\^&" delimiters, escaped. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      switch (*p)
        {
        case '|':
          g_string_append (out, "&F&");
          break;
        case '\\':
          g_string_append (out, "&R&");
          break;
        case '^':
          g_string_append (out, "&S&");
          break;
        case '&':
          g_string_append (out, "&E&");
          break;
        default:
          g_string_append_c (out, g_ascii_iscntrl (*p) ? ' ' : *p);
        }
    }
}

static void
append_empty_fields (GString *out,
                     guint    count)
{
  for (guint i = 0; i < count; i++)
    g_string_append_c (out, '|');
}

/**
 * ld_astm_records_build_answer:
 * @answers: (element-type LdAstmAnswer): one per accession asked about
 * @now: the time the header carries
 *
 * Returns: (transfer full): the records, each ended by CR. The terminator
 *   says "F" (the query was processed) when any accession had tests
 *   ordered, else "I" (no information).
 */
char *
ld_astm_records_build_answer (GPtrArray *answers,
                              GDateTime *now)
{
  GString         *out = g_string_new ("H|\\^&|||Labdesk");
  g_autofree char *stamp = NULL;
  guint            patients = 0;

  g_return_val_if_fail (answers != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* H-12 processing id "P" (production), H-13 the version, H-14 the time. */
  stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  append_empty_fields (out, 7);
  g_string_append_printf (out, "P|LIS2-A2|%s\r", stamp);

  for (guint i = 0; i < answers->len; i++)
    {
      LdAstmAnswer *answer = g_ptr_array_index (answers, i);

      if (answer->orders == NULL || answer->orders->len == 0)
        continue;
      g_string_append_printf (out, "P|%u\rO|1|", ++patients);
      append_escaped (out, answer->accession);
      g_string_append (out, "||");
      for (guint k = 0; k < answer->orders->len; k++)
        {
          LdInstrumentOrder *order = g_ptr_array_index (answer->orders, k);

          if (k > 0)
            g_string_append_c (out, '\\');
          g_string_append (out, "^^^");
          append_escaped (out, order->instrument_code);
        }
      /* O-6 priority routine; O-12 action "N" (new tests for this
       * specimen); O-26 report type "O" (an order). */
      g_string_append (out, "|R");
      append_empty_fields (out, 6);
      g_string_append (out, "N");
      append_empty_fields (out, 14);
      g_string_append (out, "O\r");
    }
  g_string_append_printf (out, "L|1|%s\r", patients > 0 ? "F" : "I");
  return g_string_free (out, FALSE);
}
