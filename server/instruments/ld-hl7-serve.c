/* ld-hl7-serve.c: one analyzer's HL7 conversation
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each framed message is answered before the next is read, as MLLP's
 * original mode has it. What is not a message (noise between frames) is
 * dropped; a message that does not parse is answered AE and stores
 * nothing; one this laboratory does not take is answered AR; a message
 * over LD_HL7_MAX_MESSAGE ends the connection with nothing stored.
 */

#define G_LOG_DOMAIN "ld-hl7"

#include "config.h"

#include "ld-hl7.h"
#include "ld-error.h"

static char *
answer_query (const LdHl7Message     *message,
              const LdInstrumentHost *host,
              gpointer                host_data)
{
  g_autofree char *accession = ld_hl7_message_dup (message, "QPD", 0, 3, 1);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  if (accession == NULL)
    {
      g_set_error_literal (&error, LD_HL7_ERROR, LD_HL7_ERROR_REQUIRED_FIELD,
                           "QPD-3 (the accession asked about) is required.");
      return ld_hl7_ack (message, "AE", error);
    }
  orders = host->ordered_tests (accession, host_data, &error);
  if (orders == NULL && !g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    return ld_hl7_ack (message, "AE", error);
  return ld_hl7_rsp_k11 (message, accession, orders);
}

static gboolean
version_is_taken (const LdHl7Message *message)
{
  g_autofree char *version = ld_hl7_message_dup (message, "MSH", 0, 12, 1);

  return version != NULL && g_str_has_prefix (version, "2.");
}

/* The answer to one framed message. */
static char *
answer (const char             *text,
        const LdInstrumentHost *host,
        gpointer                host_data)
{
  g_autoptr(LdHl7Message) message = NULL;
  g_autoptr(LdInstrumentMessage) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *event = NULL;
  g_autofree char *line = NULL;

  if ((message = ld_hl7_message_parse (text, &error)) == NULL)
    {
      line = g_strdup_printf ("refused a message that does not parse: %s", error->message);
      host->log (line, host_data);
      return ld_hl7_ack (NULL, "AE", error);
    }
  if (!version_is_taken (message))
    {
      g_set_error_literal (&error, LD_HL7_ERROR, LD_HL7_ERROR_UNSUPPORTED_VERSION,
                           "Only HL7 version 2 is taken (MSH-12).");
      host->log (error->message, host_data);
      return ld_hl7_ack (message, "AR", error);
    }

  type = ld_hl7_message_dup (message, "MSH", 0, 9, 1);
  event = ld_hl7_message_dup (message, "MSH", 0, 9, 2);
  if (g_strcmp0 (type, "QBP") == 0 && g_strcmp0 (event, "Q11") == 0)
    return answer_query (message, host, host_data);

  if ((results = ld_hl7_read_results (message, text, &error)) == NULL)
    {
      gboolean rejected = error->code == LD_HL7_ERROR_UNSUPPORTED_MESSAGE ||
                          error->code == LD_HL7_ERROR_UNSUPPORTED_EVENT;

      line = g_strdup_printf ("%s %s^%s: %s", rejected ? "rejected" : "refused",
                              type ? type : "?", event ? event : "?", error->message);
      host->log (line, host_data);
      return ld_hl7_ack (message, rejected ? "AR" : "AE", error);
    }
  if (!host->deliver (results, host_data, &error))
    {
      line = g_strdup_printf ("refused message %s: %s", results->message_id, error->message);
      host->log (line, host_data);
      return ld_hl7_ack (message, "AE", error);
    }
  return ld_hl7_ack (message, "AA", NULL);
}

/* HL7's default character set is ASCII; analyzers send Latin-1 too. */
static char *
dup_text (char *frame)
{
  if (g_utf8_validate (frame, -1, NULL))
    return frame;

  {
    char *text = g_convert (frame, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);

    g_free (frame);
    return text ? text : g_strdup ("");
  }
}

/**
 * ld_hl7_serve:
 * @stream: the connection
 * @host: the laboratory's side
 * @host_data: for @host
 * @cancellable: ends the conversation
 *
 * An #LdInstrumentServeFunc: answers framed messages until the
 * instrument hangs up, sends a message too long, or @cancellable fires.
 */
void
ld_hl7_serve (GIOStream              *stream,
              const LdInstrumentHost *host,
              gpointer                host_data,
              GCancellable           *cancellable)
{
  g_autoptr(LdMllpReader) reader = ld_mllp_reader_new (g_io_stream_get_input_stream (stream));
  GOutputStream *output = g_io_stream_get_output_stream (stream);

  g_return_if_fail (G_IS_IO_STREAM (stream) && host != NULL);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *frame = ld_mllp_read (reader, LD_HL7_MAX_MESSAGE, cancellable, &error);
      g_autofree char *text = NULL;
      g_autofree char *reply = NULL;

      if (frame == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) && host->idle != NULL)
            host->idle (host_data);
          else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_autofree char *line = g_strdup_printf ("connection dropped: %s", error->message);

              host->log (line, host_data);
            }
          return;
        }
      text = dup_text (g_steal_pointer (&frame));
      reply = answer (text, host, host_data);
      if (!ld_mllp_write (output, reply, cancellable, &error))
        {
          g_autofree char *line = g_strdup_printf ("cannot answer: %s", error->message);

          host->log (line, host_data);
          return;
        }
    }
}
