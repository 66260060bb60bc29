/* ld-astm-frame.c: the ASTM E1381 (CLSI LIS1-A) low level as a state machine
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Receiving: ENQ is answered ACK; each frame is checked (length, CR LF,
 * ETB or ETX, frame number, no control characters in the text, checksum)
 * and answered ACK or NAK. Frames ending in ETB are joined to the ETX frame
 * that follows; the joined text goes up as one event and waits for the
 * caller's verdict, so that a message the host cannot take is answered
 * NAK on its last frame. Nothing of a refused frame is kept.
 *
 * Sending: ENQ, then one record per ETX frame (a record longer than 240
 * characters goes out in ETB frames first), each resent after NAK up to six
 * times, then EOT. When both sides send ENQ at once, the host yields to
 * the instrument (LIS1-A 8.2.7.1) and tries again after the contention
 * wait.
 */

#define G_LOG_DOMAIN "ld-astm"

#include "config.h"

#include "ld-astm-frame.h"

#include <string.h>

#define NO_DEADLINE G_MAXINT64
/* One record joined from ETB frames: far beyond any analyzer's record. */
#define JOINED_MAX (256 * 1024)

typedef enum
{
  STATE_IDLE,
  STATE_RECEIVING, /* between frames */
  STATE_IN_FRAME,
  STATE_DISCARDING, /* an oversized frame, dropped until its LF */
  STATE_VERDICT,    /* an ETX frame waits for ld_astm_frame_machine_reply() */
  STATE_SEND_ENQ,
  STATE_SEND_BUSY,
  STATE_SEND_FRAME,
} State;

struct LdAstmFrameMachine
{
  LdAstmTimers timers;
  State        state;
  gint64       deadline;
  GByteArray  *output;
  GQueue       events;

  /* Receiving. */
  GByteArray *frame;
  GString    *joined;
  gsize       joined_before;
  guint       expected_number;
  guint       refusals;
  gboolean    got_frame;

  /* Sending. */
  GPtrArray *tx_frames; /* GBytes, whole frames */
  guint      tx_index;
  guint      tx_tries;
  guint      tx_busy;
  gint64     contention_until;
};

void
ld_astm_timers_init_default (LdAstmTimers *timers)
{
  g_return_if_fail (timers != NULL);

  timers->frame_wait = 30 * G_USEC_PER_SEC;
  timers->ack_wait = 15 * G_USEC_PER_SEC;
  timers->busy_wait = 10 * G_USEC_PER_SEC;
  timers->contention_wait = 20 * G_USEC_PER_SEC;
}

void
ld_astm_event_free (LdAstmEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->text);
  g_free (event);
}

guint8
ld_astm_checksum (const guint8 *data,
                  gsize         length)
{
  guint sum = 0;

  g_return_val_if_fail (data != NULL || length == 0, 0);

  for (gsize i = 0; i < length; i++)
    sum += data[i];
  return sum & 0xff;
}

/**
 * ld_astm_frame_append:
 * @out: where the frame goes
 * @number: the frame number; only its value modulo 8 is sent
 * @text: at most 240 characters
 * @last: TRUE for an ETX frame, FALSE for an intermediate (ETB) one
 *
 * Appends STX FN text ETB|ETX C1 C2 CR LF, the checksum being the sum
 * modulo 256 of FN through ETB|ETX as two upper-case hex digits.
 */
void
ld_astm_frame_append (GByteArray *out,
                      guint       number,
                      const char *text,
                      gsize       length,
                      gboolean    last)
{
  static const char hex[] = "0123456789ABCDEF";
  guint8            head[2] = { LD_ASTM_STX, '0' + number % 8 };
  guint8            tail[5];
  guint             start;
  guint8            sum;

  g_return_if_fail (out != NULL);
  g_return_if_fail (length <= LD_ASTM_FRAME_TEXT_MAX);

  g_byte_array_append (out, head, 2);
  start = out->len - 1;
  g_byte_array_append (out, (const guint8 *) text, length);
  tail[0] = last ? LD_ASTM_ETX : LD_ASTM_ETB;
  g_byte_array_append (out, tail, 1);
  sum = ld_astm_checksum (out->data + start, out->len - start);
  tail[1] = hex[sum >> 4];
  tail[2] = hex[sum & 0xf];
  tail[3] = LD_ASTM_CR;
  tail[4] = LD_ASTM_LF;
  g_byte_array_append (out, tail + 1, 4);
}

LdAstmFrameMachine *
ld_astm_frame_machine_new (const LdAstmTimers *timers)
{
  LdAstmFrameMachine *self = g_new0 (LdAstmFrameMachine, 1);

  if (timers != NULL)
    self->timers = *timers;
  else
    ld_astm_timers_init_default (&self->timers);
  self->state = STATE_IDLE;
  self->deadline = NO_DEADLINE;
  self->output = g_byte_array_new ();
  g_queue_init (&self->events);
  self->frame = g_byte_array_sized_new (LD_ASTM_FRAME_MAX + 1);
  self->joined = g_string_new (NULL);
  return self;
}

void
ld_astm_frame_machine_free (LdAstmFrameMachine *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->output);
  g_queue_clear_full (&self->events, (GDestroyNotify) ld_astm_event_free);
  g_byte_array_unref (self->frame);
  g_string_free (self->joined, TRUE);
  g_clear_pointer (&self->tx_frames, g_ptr_array_unref);
  g_free (self);
}

static void
emit (LdAstmFrameMachine *self,
      LdAstmEventType     type,
      char               *text)
{
  LdAstmEvent *event = g_new0 (LdAstmEvent, 1);

  event->type = type;
  event->text = text;
  g_queue_push_tail (&self->events, event);
}

static void
put (LdAstmFrameMachine *self,
     guint8              byte)
{
  g_byte_array_append (self->output, &byte, 1);
}

static void
start_sending_if_due (LdAstmFrameMachine *self,
                      gint64              now)
{
  g_assert (self->state == STATE_IDLE);

  self->deadline = NO_DEADLINE;
  if (self->tx_frames == NULL)
    return;
  if (now < self->contention_until)
    {
      self->deadline = self->contention_until;
      return;
    }
  put (self, LD_ASTM_ENQ);
  self->state = STATE_SEND_ENQ;
  self->deadline = now + self->timers.ack_wait;
}

static void
go_idle (LdAstmFrameMachine *self,
         gint64              now)
{
  self->state = STATE_IDLE;
  g_string_truncate (self->joined, 0);
  g_byte_array_set_size (self->frame, 0);
  start_sending_if_due (self, now);
}

static void
abort_receiving (LdAstmFrameMachine *self,
                 const char         *reason,
                 gint64              now)
{
  emit (self, LD_ASTM_EVENT_ABORTED, g_strdup (reason));
  go_idle (self, now);
}

static void
begin_receiving (LdAstmFrameMachine *self,
                 gint64              now)
{
  put (self, LD_ASTM_ACK);
  self->state = STATE_RECEIVING;
  self->expected_number = 1;
  self->refusals = 0;
  self->got_frame = FALSE;
  g_string_truncate (self->joined, 0);
  self->deadline = now + self->timers.frame_wait;
  emit (self, LD_ASTM_EVENT_STARTED, NULL);
}

static void
acknowledge_frame (LdAstmFrameMachine *self,
                   gint64              now)
{
  put (self, LD_ASTM_ACK);
  self->expected_number = (self->expected_number + 1) % 8;
  self->refusals = 0;
  self->state = STATE_RECEIVING;
  self->deadline = now + self->timers.frame_wait;
}

static void
refuse_frame (LdAstmFrameMachine *self,
              char               *reason,
              gint64              now)
{
  put (self, LD_ASTM_NAK);
  emit (self, LD_ASTM_EVENT_REFUSED, reason);
  self->state = STATE_RECEIVING;
  self->deadline = now + self->timers.frame_wait;
  /* The sender gives up after six tries; so does the receiver, so that a
   * sender that never does cannot hold the line. */
  if (++self->refusals >= LD_ASTM_FRAME_TRIES)
    abort_receiving (self, "six frames refused in a row", now);
}

static gboolean
is_restricted (guint8 byte)
{
  switch (byte)
    {
    case 0x00: /* NUL would cut the text short */
    case 0x01: /* SOH */
    case LD_ASTM_STX:
    case LD_ASTM_ETX:
    case LD_ASTM_EOT:
    case LD_ASTM_ENQ:
    case LD_ASTM_ACK:
    case 0x10: /* DLE */
    case 0x11: /* DC1 … DC4 */
    case 0x12:
    case 0x13:
    case 0x14:
    case LD_ASTM_NAK:
    case 0x16: /* SYN */
    case LD_ASTM_ETB:
    case LD_ASTM_LF:
      return TRUE;
    default:
      return FALSE;
    }
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Why a complete frame (STX … LF) is malformed, or NULL. */
static const char *
check_frame (const guint8 *d,
             gsize         len)
{
  gsize text_length;
  int   high;
  int   low;

  if (len < 7)
    return "a frame too short to hold its checksum";
  if (d[len - 2] != LD_ASTM_CR)
    return "a frame not ended by CR LF";
  if (d[len - 5] != LD_ASTM_ETX && d[len - 5] != LD_ASTM_ETB)
    return "a frame without ETX or ETB";
  if (d[1] < '0' || d[1] > '7')
    return "a frame number that is not 0 to 7";
  text_length = len - 7;
  if (text_length > LD_ASTM_FRAME_TEXT_MAX)
    return "a frame text longer than 240 characters";
  for (gsize i = 0; i < text_length; i++)
    if (is_restricted (d[2 + i]))
      return "a control character inside a frame";
  high = hex_value (d[len - 4]);
  low = hex_value (d[len - 3]);
  if (high < 0 || low < 0 || ld_astm_checksum (d + 1, len - 5) != (guint8) (high << 4 | low))
    return "a wrong checksum";
  return NULL;
}

static void
finish_frame (LdAstmFrameMachine *self,
              gint64              now)
{
  const guint8 *d = self->frame->data;
  gsize         len = self->frame->len;
  const char   *problem = check_frame (d, len);
  guint         number;

  if (problem != NULL)
    {
      refuse_frame (self, g_strdup (problem), now);
      return;
    }
  number = d[1] - '0';
  if (number != self->expected_number)
    {
      /* The frame before again: our ACK was lost, the sender repeats it.
       * It was taken once already. */
      if (self->got_frame && number == (self->expected_number + 7) % 8)
        {
          put (self, LD_ASTM_ACK);
          self->deadline = now + self->timers.frame_wait;
          return;
        }
      refuse_frame (self,
                    g_strdup_printf ("frame number %u where %u was due", number,
                                     self->expected_number),
                    now);
      return;
    }
  self->joined_before = self->joined->len;
  if (self->joined->len + (len - 7) > JOINED_MAX)
    {
      refuse_frame (self, g_strdup ("a record longer than 256 KiB"), now);
      return;
    }
  g_string_append_len (self->joined, (const char *) d + 2, len - 7);
  self->got_frame = TRUE;
  if (d[len - 5] == LD_ASTM_ETB)
    {
      acknowledge_frame (self, now);
      return;
    }
  emit (self, LD_ASTM_EVENT_TEXT, g_strndup (self->joined->str, self->joined->len));
  self->state = STATE_VERDICT;
  self->deadline = NO_DEADLINE;
}

static void
send_frame (LdAstmFrameMachine *self,
            gint64              now)
{
  GBytes       *frame = g_ptr_array_index (self->tx_frames, self->tx_index);
  gsize         size;
  const guint8 *data = g_bytes_get_data (frame, &size);

  g_byte_array_append (self->output, data, size);
  self->tx_tries++;
  self->state = STATE_SEND_FRAME;
  self->deadline = now + self->timers.ack_wait;
}

static void
end_sending (LdAstmFrameMachine *self,
             LdAstmEventType     type,
             const char         *reason,
             gint64              now)
{
  put (self, LD_ASTM_EOT);
  emit (self, type, g_strdup (reason));
  g_clear_pointer (&self->tx_frames, g_ptr_array_unref);
  go_idle (self, now);
}

static void
handle_byte (LdAstmFrameMachine *self,
             guint8              byte,
             gint64              now)
{
  switch (self->state)
    {
    case STATE_IDLE:
    case STATE_SEND_BUSY:
      /* Anything but ENQ on a neutral line is noise. */
      if (byte == LD_ASTM_ENQ)
        begin_receiving (self, now);
      break;

    case STATE_RECEIVING:
      if (byte == LD_ASTM_STX)
        {
          g_byte_array_set_size (self->frame, 0);
          g_byte_array_append (self->frame, &byte, 1);
          self->state = STATE_IN_FRAME;
        }
      else if (byte == LD_ASTM_EOT)
        {
          emit (self, LD_ASTM_EVENT_ENDED, NULL);
          go_idle (self, now);
        }
      else if (byte == LD_ASTM_ENQ && !self->got_frame)
        {
          /* The sender missed our ACK and asks again. */
          put (self, LD_ASTM_ACK);
          self->deadline = now + self->timers.frame_wait;
        }
      break;

    case STATE_IN_FRAME:
      if (byte == LD_ASTM_EOT)
        {
          abort_receiving (self, "the sender ended inside a frame", now);
          break;
        }
      if (byte == LD_ASTM_STX)
        {
          /* A new frame: the one before was broken off. */
          g_byte_array_set_size (self->frame, 0);
          g_byte_array_append (self->frame, &byte, 1);
          break;
        }
      if (self->frame->len == LD_ASTM_FRAME_MAX)
        {
          /* Refused at its end (the sender waits for a reply only then),
           * and not a byte of it kept meanwhile. */
          g_byte_array_set_size (self->frame, 0);
          self->state = STATE_DISCARDING;
          if (byte == LD_ASTM_LF)
            refuse_frame (self, g_strdup ("a frame longer than 247 bytes"), now);
          break;
        }
      g_byte_array_append (self->frame, &byte, 1);
      if (byte == LD_ASTM_LF)
        finish_frame (self, now);
      break;

    case STATE_DISCARDING:
      if (byte == LD_ASTM_LF)
        refuse_frame (self, g_strdup ("a frame longer than 247 bytes"), now);
      else if (byte == LD_ASTM_EOT)
        abort_receiving (self, "the sender ended inside a frame", now);
      break;

    case STATE_VERDICT:
      g_assert_not_reached ();
      break;

    case STATE_SEND_ENQ:
      if (byte == LD_ASTM_ACK)
        {
          self->tx_index = 0;
          self->tx_tries = 0;
          send_frame (self, now);
        }
      else if (byte == LD_ASTM_NAK)
        {
          /* The receiver is busy. */
          if (++self->tx_busy >= LD_ASTM_FRAME_TRIES)
            {
              g_clear_pointer (&self->tx_frames, g_ptr_array_unref);
              emit (self, LD_ASTM_EVENT_SEND_FAILED, g_strdup ("the instrument stayed busy"));
              go_idle (self, now);
              break;
            }
          self->state = STATE_SEND_BUSY;
          self->deadline = now + self->timers.busy_wait;
        }
      else if (byte == LD_ASTM_ENQ)
        {
          /* Contention: the instrument goes first, the host waits. */
          self->contention_until = now + self->timers.contention_wait;
          begin_receiving (self, now);
        }
      break;

    case STATE_SEND_FRAME:
      /* EOT in place of ACK asks the sender to stop soon; the standard
       * lets it finish, which the short answers sent here do. */
      if (byte == LD_ASTM_ACK || byte == LD_ASTM_EOT)
        {
          self->tx_index++;
          self->tx_tries = 0;
          if (self->tx_index == self->tx_frames->len)
            end_sending (self, LD_ASTM_EVENT_SENT, NULL, now);
          else
            send_frame (self, now);
        }
      else if (byte == LD_ASTM_NAK)
        {
          if (self->tx_tries >= LD_ASTM_FRAME_TRIES)
            end_sending (self, LD_ASTM_EVENT_SEND_FAILED, "a frame was refused six times", now);
          else
            send_frame (self, now);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * ld_astm_frame_machine_feed:
 * @self: the machine
 * @data: bytes read from the instrument
 * @length: how many
 * @now: g_get_monotonic_time() or the test's clock
 *
 * Returns: how many bytes were consumed. Fewer than @length when a text
 *   event waits for ld_astm_frame_machine_reply(): feed the rest after it.
 */
gsize
ld_astm_frame_machine_feed (LdAstmFrameMachine *self,
                            const guint8       *data,
                            gsize               length,
                            gint64              now)
{
  gsize i;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL || length == 0, 0);

  for (i = 0; i < length && self->state != STATE_VERDICT; i++)
    handle_byte (self, data[i], now);
  return i;
}

/**
 * ld_astm_frame_machine_reply:
 * @accept: FALSE to refuse the text (NAK on its last frame, which the
 *   sender may send again)
 *
 * Answers the frame that completed the last %LD_ASTM_EVENT_TEXT.
 */
void
ld_astm_frame_machine_reply (LdAstmFrameMachine *self,
                             gboolean            accept,
                             gint64              now)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->state == STATE_VERDICT);

  if (accept)
    {
      g_string_truncate (self->joined, 0);
      acknowledge_frame (self, now);
    }
  else
    {
      g_string_truncate (self->joined, self->joined_before);
      refuse_frame (self, g_strdup ("the message was not accepted"), now);
    }
}

void
ld_astm_frame_machine_tick (LdAstmFrameMachine *self,
                            gint64              now)
{
  g_return_if_fail (self != NULL);

  if (now < self->deadline)
    return;
  switch (self->state)
    {
    case STATE_RECEIVING:
    case STATE_IN_FRAME:
    case STATE_DISCARDING:
      abort_receiving (self, "no frame within the receiver's wait", now);
      break;
    case STATE_SEND_ENQ:
      end_sending (self, LD_ASTM_EVENT_SEND_FAILED, "no reply to ENQ", now);
      break;
    case STATE_SEND_FRAME:
      end_sending (self, LD_ASTM_EVENT_SEND_FAILED, "no reply to a frame", now);
      break;
    case STATE_SEND_BUSY:
      put (self, LD_ASTM_ENQ);
      self->state = STATE_SEND_ENQ;
      self->deadline = now + self->timers.ack_wait;
      break;
    case STATE_IDLE:
      start_sending_if_due (self, now);
      break;
    case STATE_VERDICT:
    default:
      break;
    }
}

/* Returns: when ld_astm_frame_machine_tick() is next due, G_MAXINT64 for never. */
gint64
ld_astm_frame_machine_get_deadline (LdAstmFrameMachine *self)
{
  g_return_val_if_fail (self != NULL, NO_DEADLINE);

  return self->deadline;
}

/**
 * ld_astm_frame_machine_send:
 * @text: records, each ended by CR
 *
 * Queues one transmission; it starts (ENQ) as soon as the line is neutral
 * and any contention wait has passed. One transmission at a time.
 */
void
ld_astm_frame_machine_send (LdAstmFrameMachine *self,
                            const char         *text,
                            gint64              now)
{
  guint        number = 1;
  const char  *record = text;
  gsize        total;
  g_autoptr (GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);
  g_return_if_fail (self->tx_frames == NULL);

  total = strlen (text);
  while (record < text + total)
    {
      const char *end = strchr (record, '\r');
      gsize       length = end != NULL ? (gsize) (end - record) + 1 : strlen (record);

      while (length > 0)
        {
          gsize                   chunk = MIN (length, LD_ASTM_FRAME_TEXT_MAX);
          g_autoptr (GByteArray) frame = g_byte_array_new ();

          ld_astm_frame_append (frame, number++, record, chunk, chunk == length);
          g_ptr_array_add (frames, g_byte_array_free_to_bytes (g_steal_pointer (&frame)));
          record += chunk;
          length -= chunk;
        }
    }
  if (frames->len == 0)
    return;
  self->tx_frames = g_steal_pointer (&frames);
  self->tx_busy = 0;
  if (self->state == STATE_IDLE)
    start_sending_if_due (self, now);
}

gboolean
ld_astm_frame_machine_is_idle (LdAstmFrameMachine *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state == STATE_IDLE && self->tx_frames == NULL;
}

/* Returns: (transfer full) (nullable): the bytes to write, NULL when none. */
GBytes *
ld_astm_frame_machine_take_output (LdAstmFrameMachine *self)
{
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->output->len == 0)
    return NULL;
  bytes = g_byte_array_free_to_bytes (self->output);
  self->output = g_byte_array_new ();
  return bytes;
}

/* Returns: (transfer full) (nullable): the oldest event not yet taken. */
LdAstmEvent *
ld_astm_frame_machine_pop_event (LdAstmFrameMachine *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_queue_pop_head (&self->events);
}
