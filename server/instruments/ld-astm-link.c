/* ld-astm-link.c: ASTM E1381/E1394 over one connection
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking reads on the connection's own thread drive the frame machine
 * (ld-astm-frame.c); a private GMainContext waits for the next byte or the
 * machine's next deadline, whichever comes first. Records are gathered per
 * message (H … L) and delivered to the host when the L record arrives,
 * before its frame is answered: a message the host refuses is answered NAK
 * on that last frame, and the instrument may send it again. A message not
 * finished when the line ends (EOT early, a timeout, the connection
 * dropped) is dropped whole. Queries (Q records) are answered after the
 * instrument's EOT, with the host as the sender.
 */

#define G_LOG_DOMAIN "ld-astm"

#include "config.h"

#include "ld-astm-link.h"

#include "ld-astm-records.h"
#include "ld-time.h"

#include <string.h>

/* One message's records: an analyzer's run is a few kilobytes. */
#define MESSAGE_MAX (4 * 1024 * 1024)

typedef struct
{
  const LdInstrumentHost *host;
  gpointer                host_data;
  LdAstmFrameMachine     *machine;
  GPtrArray              *records; /* the message being received */
  gsize                   records_size;
  GPtrArray              *queries; /* accessions asked in this transmission */
  GPollableInputStream   *in;
  GOutputStream          *out;
  GCancellable           *cancellable;
  GMainContext           *context;
} Link;

typedef enum
{
  WAIT_READABLE,
  WAIT_DEADLINE,
  WAIT_CANCELLED,
} WaitResult;

static void
say (Link       *link,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static void
say (Link       *link,
     const char *format,
     ...)
{
  g_autofree char *line = NULL;
  va_list          args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s", line);
  if (link->host->log != NULL)
    link->host->log (line, link->host_data);
}

static void
drop_message (Link       *link,
              const char *why)
{
  if (link->records->len > 0)
    say (link, "ASTM: a message of %u records dropped: %s", link->records->len, why);
  g_ptr_array_set_size (link->records, 0);
  link->records_size = 0;
}

static void
forget_records_after (Link *link,
                      guint length)
{
  while (link->records->len > length)
    {
      const char *record = g_ptr_array_index (link->records, link->records->len - 1);

      link->records_size -= strlen (record);
      g_ptr_array_remove_index (link->records, link->records->len - 1);
    }
}

static gboolean
deliver_message (Link *link)
{
  g_autoptr (LdInstrumentMessage) message = NULL;
  g_autoptr (GError) error = NULL;

  message = ld_astm_records_parse (link->records, &error);
  if (message == NULL)
    {
      say (link, "ASTM: a message refused: %s", error->message);
      return FALSE;
    }
  if (!link->host->deliver (message, link->host_data, &error))
    {
      say (link, "ASTM: message %s not stored: %s", message->message_id,
           error != NULL ? error->message : "no reason given");
      return FALSE;
    }
  say (link, "ASTM: message %s received, %u results, %u queries", message->message_id,
       message->results->len, message->queries->len);
  for (guint i = 0; i < message->queries->len; i++)
    g_ptr_array_add (link->queries, g_strdup (g_ptr_array_index (message->queries, i)));
  return TRUE;
}

/* One text (an ETX frame with the ETB frames before it): its records join
 * the message; an L record completes it. Returns whether to ACK. */
static gboolean
take_text (Link       *link,
           const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\r", -1);
  guint          before = link->records->len;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *record;

      if (lines[i][0] == '\0')
        continue;
      if (lines[i][0] == 'H' && link->records->len > 0)
        {
          drop_message (link, "a new header came before its terminator");
          before = 0;
        }
      /* Analyzers write ASCII, some ISO 8859-1 (a "µ" in units): text
       * that is not UTF-8 is read as Latin-1, which any byte is. */
      if (g_utf8_validate (lines[i], -1, NULL))
        record = g_strdup (lines[i]);
      else
        record = g_convert (lines[i], -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      g_assert (record != NULL);
      link->records_size += strlen (record);
      g_ptr_array_add (link->records, record);
      if (link->records_size > MESSAGE_MAX)
        {
          say (link, "ASTM: a message longer than 4 MiB refused");
          forget_records_after (link, before);
          return FALSE;
        }
      if (record[0] == 'L')
        {
          if (!deliver_message (link))
            {
              forget_records_after (link, before);
              return FALSE;
            }
          g_ptr_array_set_size (link->records, 0);
          link->records_size = 0;
          before = 0;
        }
    }
  return TRUE;
}

static void
answer_queries (Link  *link,
                gint64 now)
{
  g_autoptr (GPtrArray) answers =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_astm_answer_free);
  g_autoptr (GTimeZone) zone = ld_time_zone_local ();
  g_autoptr (GDateTime) time = g_date_time_new_now (zone);
  g_autofree char *text = NULL;

  for (guint i = 0; i < link->queries->len; i++)
    {
      const char *accession = g_ptr_array_index (link->queries, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) orders = NULL;

      orders = link->host->ordered_tests (accession, link->host_data, &error);
      if (orders == NULL)
        say (link, "ASTM: query for %s: %s", accession,
             error != NULL ? error->message : "unknown");
      g_ptr_array_add (answers, ld_astm_answer_new (accession, orders));
    }
  g_ptr_array_set_size (link->queries, 0);
  text = ld_astm_records_build_answer (answers, time);
  ld_astm_frame_machine_send (link->machine, text, now);
}

static void
handle_events (Link *link)
{
  LdAstmEvent *event;

  while ((event = ld_astm_frame_machine_pop_event (link->machine)) != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      switch (event->type)
        {
        case LD_ASTM_EVENT_STARTED:
          drop_message (link, "a new transmission began");
          g_ptr_array_set_size (link->queries, 0);
          break;
        case LD_ASTM_EVENT_TEXT:
          {
            gboolean accept = take_text (link, event->text);

            ld_astm_frame_machine_reply (link->machine, accept, g_get_monotonic_time ());
          }
          break;
        case LD_ASTM_EVENT_ENDED:
          drop_message (link, "the transmission ended before its terminator record");
          if (link->queries->len > 0)
            answer_queries (link, now);
          break;
        case LD_ASTM_EVENT_ABORTED:
          say (link, "ASTM: transmission broken off: %s", event->text);
          drop_message (link, "the transmission was broken off");
          g_ptr_array_set_size (link->queries, 0);
          break;
        case LD_ASTM_EVENT_REFUSED:
          say (link, "ASTM: frame refused: %s", event->text);
          break;
        case LD_ASTM_EVENT_SENT:
          say (link, "ASTM: query answered");
          break;
        case LD_ASTM_EVENT_SEND_FAILED:
          say (link, "ASTM: query answer not taken: %s", event->text);
          break;
        default:
          g_assert_not_reached ();
        }
      ld_astm_event_free (event);
    }
}

static gboolean
flush_output (Link *link)
{
  g_autoptr (GBytes) bytes = ld_astm_frame_machine_take_output (link->machine);
  g_autoptr (GError) error = NULL;
  gsize size;
  const guint8 *data;

  if (bytes == NULL)
    return TRUE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_output_stream_write_all (link->out, data, size, NULL, link->cancellable, &error) ||
      !g_output_stream_flush (link->out, link->cancellable, &error))
    {
      g_debug ("ASTM: writing to the instrument failed: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_wait_done_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_readable_cb (GObject *stream,
                gpointer data)
{
  return on_wait_done_cb (data);
}

static WaitResult
wait_readable (Link  *link,
               gint64 deadline)
{
  g_autoptr (GSource) readable = NULL;
  g_autoptr (GSource) timer = NULL;
  gboolean ready = FALSE;
  gboolean late = FALSE;

  if (g_pollable_input_stream_is_readable (link->in))
    return WAIT_READABLE;
  readable = g_pollable_input_stream_create_source (link->in, link->cancellable);
  g_source_set_callback (readable, G_SOURCE_FUNC (on_readable_cb), &ready, NULL);
  g_source_attach (readable, link->context);
  if (deadline != G_MAXINT64)
    {
      gint64 wait_ms = (deadline - g_get_monotonic_time () + 999) / 1000;

      timer = g_timeout_source_new (CLAMP (wait_ms, 0, G_MAXUINT));
      g_source_set_callback (timer, on_wait_done_cb, &late, NULL);
      g_source_attach (timer, link->context);
    }
  while (!ready && !late)
    g_main_context_iteration (link->context, TRUE);
  g_source_destroy (readable);
  if (timer != NULL)
    g_source_destroy (timer);
  if (g_cancellable_is_cancelled (link->cancellable))
    return WAIT_CANCELLED;
  return ready ? WAIT_READABLE : WAIT_DEADLINE;
}

static void
run (Link *link)
{
  guint8 buffer[4096];
  gsize  pending = 0;
  gsize  offset = 0;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      gint64   now;
      gssize   got;

      handle_events (link);
      if (!flush_output (link))
        return;
      if (offset < pending)
        {
          offset += ld_astm_frame_machine_feed (link->machine, buffer + offset, pending - offset,
                                                g_get_monotonic_time ());
          continue;
        }
      now = g_get_monotonic_time ();
      if (ld_astm_frame_machine_get_deadline (link->machine) <= now)
        {
          ld_astm_frame_machine_tick (link->machine, now);
          continue;
        }
      switch (wait_readable (link, ld_astm_frame_machine_get_deadline (link->machine)))
        {
        case WAIT_CANCELLED:
          drop_message (link, "the listener stopped");
          return;
        case WAIT_DEADLINE:
          continue;
        case WAIT_READABLE:
        default:
          break;
        }
      got = g_pollable_input_stream_read_nonblocking (link->in, buffer, sizeof buffer,
                                                      link->cancellable, &error);
      if (got < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        continue;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) && link->host->idle != NULL)
        {
          drop_message (link, "the line was idle");
          link->host->idle (link->host_data);
          return;
        }
      if (got <= 0)
        {
          if (error != NULL)
            g_debug ("ASTM: reading from the instrument failed: %s", error->message);
          drop_message (link, "the connection was closed");
          return;
        }
      pending = got;
      offset = 0;
    }
}

/**
 * ld_astm_serve_with_timers:
 * @stream: the instrument's connection; its input must be pollable (a
 *   socket's or a TLS connection's is)
 * @timers: (nullable): the standard's timers when NULL
 *
 * Serves one connection, on the calling thread, until the instrument
 * hangs up, the connection fails or @cancellable fires. Does not close
 * @stream. An #LdInstrumentServeFunc with the standard's timers is
 * ld_astm_serve().
 */
void
ld_astm_serve_with_timers (GIOStream              *stream,
                           const LdInstrumentHost *host,
                           gpointer                host_data,
                           const LdAstmTimers     *timers,
                           GCancellable           *cancellable)
{
  Link link = { 0 };

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (host != NULL && host->deliver != NULL && host->ordered_tests != NULL);
  g_return_if_fail (G_IS_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream)));

  link.host = host;
  link.host_data = host_data;
  link.machine = ld_astm_frame_machine_new (timers);
  link.records = g_ptr_array_new_with_free_func (g_free);
  link.queries = g_ptr_array_new_with_free_func (g_free);
  link.in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));
  link.out = g_io_stream_get_output_stream (stream);
  link.cancellable = cancellable;
  link.context = g_main_context_new ();

  run (&link);

  ld_astm_frame_machine_free (link.machine);
  g_ptr_array_unref (link.records);
  g_ptr_array_unref (link.queries);
  g_main_context_unref (link.context);
}

void
ld_astm_serve (GIOStream              *stream,
               const LdInstrumentHost *host,
               gpointer                host_data,
               GCancellable           *cancellable)
{
  ld_astm_serve_with_timers (stream, host, host_data, NULL, cancellable);
}
