/* ld-hl7-mllp.c: HL7's Minimal Lower Layer Protocol
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message is framed as VT (0x0B), the message, FS (0x1C), CR (0x0D).
 * Bytes between frames are noise on the line and are dropped; a frame
 * the peer breaks off (hangs up inside it) is dropped whole; one longer
 * than the limit ends the connection, since nothing after it can be
 * trusted to be a frame's start.
 */

#define G_LOG_DOMAIN "ld-hl7"

#include "config.h"

#include "ld-hl7.h"

#define START_BLOCK 0x0B
#define END_BLOCK 0x1C
#define CARRIAGE_RETURN 0x0D
#define CHUNK 4096

struct _LdMllpReader
{
  GInputStream *input;
  guint8        chunk[CHUNK];
  gsize         length;
  gsize         position;
};

LdMllpReader *
ld_mllp_reader_new (GInputStream *input)
{
  LdMllpReader *reader = g_new0 (LdMllpReader, 1);

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  reader->input = g_object_ref (input);
  return reader;
}

void
ld_mllp_reader_free (LdMllpReader *reader)
{
  if (reader == NULL)
    return;

  g_object_unref (reader->input);
  g_free (reader);
}

/* The next byte, or -1 at the end (@error unset) or on failure. */
static int
next_byte (LdMllpReader  *reader,
           GCancellable  *cancellable,
           GError       **error)
{
  if (reader->position == reader->length)
    {
      gssize got = g_input_stream_read (reader->input, reader->chunk, CHUNK, cancellable, error);

      if (got <= 0)
        return -1;
      reader->length = got;
      reader->position = 0;
    }
  return reader->chunk[reader->position++];
}

/**
 * ld_mllp_read:
 * @reader: a reader on the connection
 * @max_bytes: the longest message taken
 * @cancellable: (nullable): ends the wait
 * @error: return location for a #GError: G_IO_ERROR_MESSAGE_TOO_LARGE
 *   past @max_bytes, G_IO_ERROR_PARTIAL_INPUT when the peer hung up
 *   inside a frame, or the stream's own
 *
 * Blocks until one whole frame has arrived.
 *
 * Returns: (transfer full) (nullable): the message between the frame's
 *   marks; %NULL with @error unset when the peer hung up between frames
 */
char *
ld_mllp_read (LdMllpReader  *reader,
              gsize          max_bytes,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GByteArray) message = NULL;
  GError *local_error = NULL;
  int byte;

  g_return_val_if_fail (reader != NULL, NULL);

  do
    byte = next_byte (reader, cancellable, &local_error);
  while (byte >= 0 && byte != START_BLOCK);
  if (byte < 0)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }

  message = g_byte_array_new ();
  for (;;)
    {
      byte = next_byte (reader, cancellable, &local_error);
      if (byte < 0)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          else
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                 "The instrument hung up in the middle of a message.");
          return NULL;
        }
      if (byte == END_BLOCK)
        {
          byte = next_byte (reader, cancellable, &local_error);
          if (byte == CARRIAGE_RETURN)
            break;
          if (byte < 0)
            {
              if (local_error != NULL)
                g_propagate_error (error, local_error);
              else
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                     "The instrument hung up in the middle of a message.");
              return NULL;
            }
          /* A lone FS is the message's: keep both. */
          g_byte_array_append (message, (const guint8[]){ END_BLOCK }, 1);
        }
      if (byte == START_BLOCK)
        {
          /* A new frame before this one ended: the first was broken off. */
          g_byte_array_set_size (message, 0);
          continue;
        }
      if (message->len >= max_bytes)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "The message is longer than %zu bytes.", max_bytes);
          return NULL;
        }
      g_byte_array_append (message, (const guint8 *) &(guint8){ (guint8) byte }, 1);
    }

  g_byte_array_append (message, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&message), FALSE);
}

/**
 * ld_mllp_write:
 * @output: the connection's output
 * @message: an HL7 message, segments ended by CR
 * @cancellable: (nullable): ends the wait
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the framed message is written
 */
gboolean
ld_mllp_write (GOutputStream  *output,
               const char     *message,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GString) framed = g_string_new (NULL);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output) && message != NULL, FALSE);

  g_string_append_c (framed, START_BLOCK);
  g_string_append (framed, message);
  g_string_append_c (framed, END_BLOCK);
  g_string_append_c (framed, CARRIAGE_RETURN);
  return g_output_stream_write_all (output, framed->str, framed->len, NULL, cancellable, error) &&
         g_output_stream_flush (output, cancellable, error);
}
