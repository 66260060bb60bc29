/* ld-hl7-parse.c: an HL7 v2 message's segments, and an ORU^R01's results
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The separators are the message's own: MSH-1 is the field separator
 * (the character after "MSH") and MSH-2 the component, repetition,
 * escape and subcomponent characters, in that order. Fields are kept as
 * sent and unescaped only when read, so a separator sent escaped (\F\,
 * \S\, \R\, \T\, \E\) never splits anything.
 */

#define G_LOG_DOMAIN "ld-hl7"

#include "config.h"

#include <string.h>

#include "ld-hl7.h"

G_DEFINE_QUARK (ld - hl7 - error - quark, ld_hl7_error)

typedef struct
{
  char  *name;
  GStrv  fields; /* fields[0] is the name; for MSH, fields[1] is MSH-2 */
} Segment;

struct _LdHl7Message
{
  char       field;
  char       component;
  char       repetition;
  char       escape;
  char       subcomponent;
  GPtrArray *segments;
};

static void
segment_free (Segment *segment)
{
  g_free (segment->name);
  g_strfreev (segment->fields);
  g_free (segment);
}

void
ld_hl7_message_free (LdHl7Message *message)
{
  if (message == NULL)
    return;

  g_ptr_array_unref (message->segments);
  g_free (message);
}

static gboolean
is_segment_name (const char *field)
{
  if (strlen (field) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (field[i]) && !g_ascii_isdigit (field[i]))
      return FALSE;
  return TRUE;
}

/**
 * ld_hl7_message_parse:
 * @text: the message, segments ended by CR (LF and CRLF are taken too)
 * @error: return location for an %LD_HL7_ERROR
 *
 * Returns: (transfer full) (nullable): its segments
 */
LdHl7Message *
ld_hl7_message_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(LdHl7Message) message = g_new0 (LdHl7Message, 1);
  g_auto(GStrv) lines = NULL;
  char separator[2] = { 0 };
  const char *encoding;
  gsize encoding_length;

  g_return_val_if_fail (text != NULL, NULL);

  message->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  if (!g_str_has_prefix (text, "MSH") || strlen (text) < 8)
    {
      g_set_error_literal (error, LD_HL7_ERROR, LD_HL7_ERROR_SEGMENT_SEQUENCE,
                           "The message does not begin with an MSH segment.");
      return NULL;
    }
  message->field = text[3];
  encoding = text + 4;
  encoding_length = strcspn (encoding, (const char[]){ message->field, '\r', '\n', '\0' });
  if (g_ascii_isalnum (message->field) || encoding_length < 4 || encoding_length > 5)
    {
      g_set_error_literal (error, LD_HL7_ERROR, LD_HL7_ERROR_REQUIRED_FIELD,
                           "MSH-1 and MSH-2 do not name the separators.");
      return NULL;
    }
  message->component = encoding[0];
  message->repetition = encoding[1];
  message->escape = encoding[2];
  message->subcomponent = encoding[3];

  separator[0] = message->field;
  lines = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      Segment *segment;

      if (lines[i][0] == '\0')
        continue;
      segment = g_new0 (Segment, 1);
      if (i == 0)
        {
          /* "MSH|^~\&|…": MSH-2 must not be split on its own characters. */
          g_auto(GStrv) rest = g_strsplit (lines[i] + 4, separator, -1);
          guint n = g_strv_length (rest);

          segment->fields = g_new0 (char *, n + 2);
          segment->fields[0] = g_strdup ("MSH");
          for (guint j = 0; j < n; j++)
            segment->fields[j + 1] = g_strdup (rest[j]);
        }
      else
        segment->fields = g_strsplit (lines[i], separator, -1);
      segment->name = g_strdup (segment->fields[0]);
      g_ptr_array_add (message->segments, segment);
      if (!is_segment_name (segment->name))
        {
          g_set_error (error, LD_HL7_ERROR, LD_HL7_ERROR_SEGMENT_SEQUENCE,
                       "Segment %u does not begin with a segment name.", i + 1);
          return NULL;
        }
    }

  return g_steal_pointer (&message);
}

/* The field as sent: for MSH, number n is fields[n - 1] (MSH-1 being
 * the separator itself); for the others fields[n]. */
static const char *
segment_field (const LdHl7Message *message,
               const Segment      *segment,
               guint               field)
{
  guint index = g_str_equal (segment->name, "MSH") ? field - 1 : field;

  if (field == 0 || index >= g_strv_length (segment->fields))
    return NULL;
  return segment->fields[index];
}

/**
 * ld_hl7_unescape:
 * @message: the message whose separators apply
 * @text: a field's, component's or subcomponent's text as sent
 * @length: its length, or -1
 *
 * Returns: (transfer full): the text with \F\ \S\ \T\ \R\ \E\, \.br\
 *   and \Xhh…\ undone; other escapes are dropped
 */
char *
ld_hl7_unescape (const LdHl7Message *message,
                 const char         *text,
                 gssize              length)
{
  GString *out = g_string_new (NULL);
  const char *end;

  if (length < 0)
    length = strlen (text);
  end = text + length;

  while (text < end)
    {
      const char *close;

      if (*text != message->escape)
        {
          g_string_append_c (out, *text++);
          continue;
        }
      close = memchr (text + 1, message->escape, end - text - 1);
      if (close == NULL)
        {
          g_string_append_len (out, text, end - text);
          break;
        }
      if (close - text == 2)
        switch (text[1])
          {
          case 'F': g_string_append_c (out, message->field); break;
          case 'S': g_string_append_c (out, message->component); break;
          case 'T': g_string_append_c (out, message->subcomponent); break;
          case 'R': g_string_append_c (out, message->repetition); break;
          case 'E': g_string_append_c (out, message->escape); break;
          default: break;
          }
      else if (close - text == 4 && strncmp (text + 1, ".br", 3) == 0)
        g_string_append_c (out, '\n');
      else if (text[1] == 'X')
        for (const char *hex = text + 2; hex + 1 < close; hex += 2)
          if (g_ascii_isxdigit (hex[0]) && g_ascii_isxdigit (hex[1]))
            g_string_append_c (out, (char) (g_ascii_xdigit_value (hex[0]) * 16 +
                                            g_ascii_xdigit_value (hex[1])));
      text = close + 1;
    }

  return g_string_free (out, FALSE);
}

/**
 * ld_hl7_escape:
 * @text: text to send in a field
 *
 * Returns: (transfer full): @text with the default separators (|^~\&)
 *   escaped, and line ends as \.br\
 */
char *
ld_hl7_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    switch (*p)
      {
      case '|': g_string_append (out, "\\F\\"); break;
      case '^': g_string_append (out, "\\S\\"); break;
      case '&': g_string_append (out, "\\T\\"); break;
      case '~': g_string_append (out, "\\R\\"); break;
      case '\\': g_string_append (out, "\\E\\"); break;
      case '\r':
      case '\n': g_string_append (out, "\\.br\\"); break;
      default: g_string_append_c (out, *p); break;
      }
  return g_string_free (out, FALSE);
}

/* The first repetition's @component (1-based; 0 for the whole field),
 * unescaped; NULL when empty. */
static char *
dup_from (const LdHl7Message *message,
          const char         *field,
          guint               component)
{
  const char *start = field;
  gsize length;

  if (field == NULL)
    return NULL;
  length = strcspn (start, (const char[]){ message->repetition, '\0' });
  if (component > 0)
    {
      for (guint i = 1; i < component; i++)
        {
          const char *next = memchr (start, message->component, length);

          if (next == NULL)
            return NULL;
          length -= next + 1 - start;
          start = next + 1;
        }
      length = strcspn (start, (const char[]){ message->component, message->repetition, '\0' });
      length = MIN (length, strcspn (start, (const char[]){ message->subcomponent, '\0' }));
    }
  if (length == 0)
    return NULL;
  return ld_hl7_unescape (message, start, length);
}

static const Segment *
find_segment (const LdHl7Message *message,
              const char         *name,
              guint               nth)
{
  for (guint i = 0; i < message->segments->len; i++)
    {
      const Segment *segment = g_ptr_array_index (message->segments, i);

      if (g_str_equal (segment->name, name) && nth-- == 0)
        return segment;
    }
  return NULL;
}

/**
 * ld_hl7_message_dup:
 * @message: a message
 * @segment: a segment's name, such as "MSH"
 * @nth: which of those segments, from 0
 * @field: the field's number, as the standard numbers it (MSH-9 is 9)
 * @component: the component, from 1; 0 for the whole first repetition
 *
 * Returns: (transfer full) (nullable): the value, unescaped; %NULL when
 *   absent or empty
 */
char *
ld_hl7_message_dup (const LdHl7Message *message,
                    const char         *segment,
                    guint               nth,
                    guint               field,
                    guint               component)
{
  const Segment *found;

  g_return_val_if_fail (message != NULL && segment != NULL, NULL);

  found = find_segment (message, segment, nth);
  return found ? dup_from (message, segment_field (message, found, field), component) : NULL;
}

/* Every repetition of a field's first component, joined by commas (OBX-8
 * may repeat: "H~A"). */
static char *
dup_repeated (const LdHl7Message *message,
              const char         *field)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) repetitions = NULL;
  char separator[2] = { message->repetition, '\0' };

  if (field == NULL || *field == '\0')
    return NULL;
  repetitions = g_strsplit (field, separator, -1);
  for (guint i = 0; repetitions[i] != NULL; i++)
    {
      char *part = dup_from (message, repetitions[i], 1);

      if (part != NULL)
        g_ptr_array_add (parts, part);
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (",", (char **) parts->pdata);
}

static gboolean
check_type (const LdHl7Message  *message,
            GError             **error)
{
  g_autofree char *type = ld_hl7_message_dup (message, "MSH", 0, 9, 1);
  g_autofree char *event = ld_hl7_message_dup (message, "MSH", 0, 9, 2);

  if (g_strcmp0 (type, "ORU") != 0)
    {
      g_set_error (error, LD_HL7_ERROR, LD_HL7_ERROR_UNSUPPORTED_MESSAGE,
                   "Message type %s is not supported here; send ORU^R01.", type ? type : "(none)");
      return FALSE;
    }
  if (g_strcmp0 (event, "R01") != 0)
    {
      g_set_error (error, LD_HL7_ERROR, LD_HL7_ERROR_UNSUPPORTED_EVENT,
                   "Trigger event %s is not supported here; send ORU^R01.",
                   event ? event : "(none)");
      return FALSE;
    }
  return TRUE;
}

/* The accession of an order group: SPM-2 when the group has a specimen,
 * else OBR-3 (the filler's number), else OBR-2 (the placer's). */
static char *
group_accession (const LdHl7Message *message,
                 guint               obr_index)
{
  const Segment *obr = g_ptr_array_index (message->segments, obr_index);
  char *accession;

  for (guint i = obr_index + 1; i < message->segments->len; i++)
    {
      const Segment *segment = g_ptr_array_index (message->segments, i);

      if (g_str_equal (segment->name, "OBR"))
        break;
      if (g_str_equal (segment->name, "SPM") &&
          (accession = dup_from (message, segment_field (message, segment, 2), 1)) != NULL)
        return accession;
    }
  if ((accession = dup_from (message, segment_field (message, obr, 3), 1)) != NULL)
    return accession;
  return dup_from (message, segment_field (message, obr, 2), 1);
}

static LdInstrumentResult *
read_obx (const LdHl7Message *message,
          const Segment      *obx,
          const char         *accession,
          const char         *obr_time)
{
  LdInstrumentResult *result = ld_instrument_result_new ();
  const char *type = segment_field (message, obx, 2);

  result->accession = g_strdup (accession);
  result->instrument_code = dup_from (message, segment_field (message, obx, 3), 1);
  /* A structured numeric (SN) is comparator ^ number: "<^0.5" reads "<0.5". */
  if (g_strcmp0 (type, "SN") == 0)
    {
      g_autofree char *comparator = dup_from (message, segment_field (message, obx, 5), 1);
      g_autofree char *number = dup_from (message, segment_field (message, obx, 5), 2);

      result->value = g_strconcat (comparator ? comparator : "", number ? number : "", NULL);
      if (*result->value == '\0')
        g_clear_pointer (&result->value, g_free);
    }
  else if (g_strcmp0 (type, "NM") == 0 || g_strcmp0 (type, "ST") == 0 ||
           g_strcmp0 (type, "TX") == 0 || g_strcmp0 (type, "FT") == 0)
    result->value = dup_from (message, segment_field (message, obx, 5), 0);
  else
    result->value = dup_from (message, segment_field (message, obx, 5), 1);
  result->units = dup_from (message, segment_field (message, obx, 6), 1);
  result->reference_range = dup_from (message, segment_field (message, obx, 7), 0);
  result->flags = dup_repeated (message, segment_field (message, obx, 8));
  result->status = dup_from (message, segment_field (message, obx, 11), 1);
  result->observed_at = dup_from (message, segment_field (message, obx, 14), 1);
  if (result->observed_at == NULL)
    result->observed_at = g_strdup (obr_time);
  return result;
}

/**
 * ld_hl7_read_results:
 * @message: a parsed message
 * @raw: (nullable): its text, kept with the result
 * @error: return location for an %LD_HL7_ERROR: unsupported message or
 *   event for anything but ORU^R01, required field for a missing MSH-10
 *   or OBX-3
 *
 * Reads an ORU^R01: each OBX of each order (OBR) group, with the
 * group's accession and the NTE after it as its comment. OBX segments
 * of a specimen (after SPM) describe the specimen and are not results.
 *
 * Returns: (transfer full) (nullable): the neutral message
 */
LdInstrumentMessage *
ld_hl7_read_results (const LdHl7Message  *message,
                     const char          *raw,
                     GError             **error)
{
  g_autoptr(LdInstrumentMessage) out = ld_instrument_message_new ();
  g_autofree char *accession = NULL;
  g_autofree char *obr_time = NULL;
  LdInstrumentResult *last = NULL;
  gboolean in_specimen = FALSE;

  g_return_val_if_fail (message != NULL, NULL);

  if (!check_type (message, error))
    return NULL;
  out->message_id = ld_hl7_message_dup (message, "MSH", 0, 10, 0);
  out->sender = ld_hl7_message_dup (message, "MSH", 0, 3, 1);
  if (out->sender == NULL)
    out->sender = ld_hl7_message_dup (message, "MSH", 0, 4, 1);
  if (out->message_id == NULL || out->sender == NULL)
    {
      g_set_error_literal (error, LD_HL7_ERROR, LD_HL7_ERROR_REQUIRED_FIELD,
                           "MSH-10 (message control id) and MSH-3 (sending application) "
                           "are required.");
      return NULL;
    }
  out->raw = g_strdup (raw);

  for (guint i = 1; i < message->segments->len; i++)
    {
      const Segment *segment = g_ptr_array_index (message->segments, i);

      if (g_str_equal (segment->name, "OBR"))
        {
          g_free (accession);
          accession = group_accession (message, i);
          g_free (obr_time);
          obr_time = dup_from (message, segment_field (message, segment, 7), 1);
          in_specimen = FALSE;
          last = NULL;
        }
      else if (g_str_equal (segment->name, "SPM"))
        {
          in_specimen = TRUE;
          last = NULL;
        }
      else if (g_str_equal (segment->name, "OBX") && !in_specimen)
        {
          if (accession == NULL)
            {
              g_set_error (error, LD_HL7_ERROR, LD_HL7_ERROR_SEGMENT_SEQUENCE,
                           "OBX segment %u comes before any OBR naming its sample.", i + 1);
              return NULL;
            }
          last = read_obx (message, segment, accession, obr_time);
          g_ptr_array_add (out->results, last);
          if (last->instrument_code == NULL)
            {
              g_set_error (error, LD_HL7_ERROR, LD_HL7_ERROR_REQUIRED_FIELD,
                           "OBX segment %u has no observation identifier (OBX-3).", i + 1);
              return NULL;
            }
        }
      else if (g_str_equal (segment->name, "NTE") && last != NULL)
        {
          g_autofree char *note = dup_from (message, segment_field (message, segment, 3), 0);
          char *joined;

          if (note == NULL)
            continue;
          joined = last->comment ? g_strconcat (last->comment, "\n", note, NULL) : g_strdup (note);
          g_free (last->comment);
          last->comment = joined;
        }
    }

  return g_steal_pointer (&out);
}
