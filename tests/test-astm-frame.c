/* test-astm-frame.c: the ASTM E1381 low level, byte by byte, on a test clock
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-astm-frame.h"

#include <string.h>

#define SECOND G_USEC_PER_SEC

static LdAstmFrameMachine *
new_machine (void)
{
  LdAstmTimers timers;

  ld_astm_timers_init_default (&timers);
  return ld_astm_frame_machine_new (&timers);
}

/* A well-formed frame, built independently of ld_astm_frame_append(). */
static GByteArray *
make_frame (guint       number,
            const char *text,
            gboolean    last)
{
  GByteArray *frame = g_byte_array_new ();
  guint       sum = 0;
  char        tail[8];
  guint8      stx = LD_ASTM_STX;

  g_byte_array_append (frame, &stx, 1);
  g_byte_array_append (frame, (const guint8 *) "01234567" + number % 8, 1);
  g_byte_array_append (frame, (const guint8 *) text, strlen (text));
  tail[0] = last ? LD_ASTM_ETX : LD_ASTM_ETB;
  g_byte_array_append (frame, (const guint8 *) tail, 1);
  for (guint i = 1; i < frame->len; i++)
    sum += frame->data[i];
  g_snprintf (tail, sizeof tail, "%02X\r\n", sum % 256);
  g_byte_array_append (frame, (const guint8 *) tail, 4);
  return frame;
}

static void
feed_all (LdAstmFrameMachine *m,
          const guint8       *data,
          gsize               length,
          gint64              now)
{
  g_assert_cmpuint (ld_astm_frame_machine_feed (m, data, length, now), ==, length);
}

static void
feed_byte (LdAstmFrameMachine *m,
           guint8              byte,
           gint64              now)
{
  feed_all (m, &byte, 1, now);
}

static void
feed_frame (LdAstmFrameMachine *m,
            GByteArray         *frame,
            gint64              now)
{
  feed_all (m, frame->data, frame->len, now);
  g_byte_array_unref (frame);
}

static void
assert_output (LdAstmFrameMachine *m,
               const guint8       *expected,
               gsize               length)
{
  g_autoptr (GBytes) out = ld_astm_frame_machine_take_output (m);

  if (length == 0)
    {
      g_assert_null (out);
      return;
    }
  g_assert_nonnull (out);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected, length);
}

static void
assert_replied (LdAstmFrameMachine *m,
                guint8              reply)
{
  assert_output (m, &reply, 1);
}

static char *
expect_event (LdAstmFrameMachine *m,
              LdAstmEventType     type)
{
  g_autoptr (LdAstmEvent) event = ld_astm_frame_machine_pop_event (m);

  g_assert_nonnull (event);
  g_assert_cmpint (event->type, ==, type);
  return g_steal_pointer (&event->text);
}

static void
assert_no_event (LdAstmFrameMachine *m)
{
  g_autoptr (LdAstmEvent) event = ld_astm_frame_machine_pop_event (m);

  if (event != NULL)
    g_error ("unexpected event %d: %s", event->type, event->text);
}

/* ENQ answered ACK, a transmission begins. */
static void
open_transmission (LdAstmFrameMachine *m,
                   gint64              now)
{
  feed_byte (m, LD_ASTM_ENQ, now);
  assert_replied (m, LD_ASTM_ACK);
  g_free (expect_event (m, LD_ASTM_EVENT_STARTED));
}

/* A frame that completes a text, which is checked and accepted. */
static void
receive_text (LdAstmFrameMachine *m,
              guint               number,
              const char         *text,
              gint64              now)
{
  g_autofree char *got = NULL;

  feed_frame (m, make_frame (number, text, TRUE), now);
  assert_output (m, NULL, 0);
  got = expect_event (m, LD_ASTM_EVENT_TEXT);
  g_assert_cmpstr (got, ==, text);
  ld_astm_frame_machine_reply (m, TRUE, now);
  assert_replied (m, LD_ASTM_ACK);
}

static void
refused (LdAstmFrameMachine *m,
         const char         *why)
{
  g_autofree char *reason = NULL;

  assert_replied (m, LD_ASTM_NAK);
  reason = expect_event (m, LD_ASTM_EVENT_REFUSED);
  g_assert_nonnull (strstr (reason, why));
  assert_no_event (m);
}

static void
test_checksum_examples (void)
{
  /* Frames published with their checksums (an analyzer's result record,
   * a CT-90's header and order records). */
  const struct
  {
    const char *text;
    const char *checksum;
  } examples[] = {
    { "5R|2|^^^1.0000+950+1.0|15|||^5^||V||34001637|20080516153540|20080516153602|34001637\r",
      "3D" },
    { "1H|\\^&|||CT-90^00-15 ^00001^^^^BD934079||||||||E1394-97|20171104070923\r", "58" },
    { "3O|1|||||20171104070923|||||N||||||||||||||F|||||\r", "A4" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr (GByteArray) frame = g_byte_array_new ();
      const char *text = examples[i].text;
      g_autofree char *expected = NULL;
      g_autoptr (GString) body = g_string_new (text);

      g_string_append_c (body, LD_ASTM_ETX);
      g_assert_cmpuint (ld_astm_checksum ((const guint8 *) body->str, body->len), ==,
                        g_ascii_strtoull (examples[i].checksum, NULL, 16));
      ld_astm_frame_append (frame, text[0] - '0', text + 1, strlen (text + 1), TRUE);
      expected = g_strdup_printf ("\002%s\003%s\r\n", text, examples[i].checksum);
      g_assert_cmpmem (frame->data, frame->len, expected, strlen (expected));
    }
}

static void
test_receive_transmission (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  gint64 now = 1000 * SECOND;

  /* Noise on a neutral line is ignored. */
  feed_all (m, (const guint8 *) "hello\r\n", 7, now);
  assert_output (m, NULL, 0);
  assert_no_event (m);

  open_transmission (m, now);
  receive_text (m, 1, "H|\\^&|||XN-350\r", now);
  receive_text (m, 2, "P|1\r", now);
  receive_text (m, 3, "O|1|S1\r", now);
  receive_text (m, 4, "R|1|^^^WBC|7.2\r", now);
  receive_text (m, 5, "R|2|^^^RBC|4.5\r", now);
  receive_text (m, 6, "R|3|^^^HGB|13.1\r", now);
  receive_text (m, 7, "R|4|^^^PLT|250\r", now);
  /* Frame numbers wrap 7 → 0 → 1. */
  receive_text (m, 0, "R|5|^^^HCT|40\r", now);
  receive_text (m, 1, "L|1|N\r", now);
  feed_byte (m, LD_ASTM_EOT, now);
  assert_output (m, NULL, 0);
  g_free (expect_event (m, LD_ASTM_EVENT_ENDED));
  assert_no_event (m);
  g_assert_true (ld_astm_frame_machine_is_idle (m));
  g_assert_cmpint (ld_astm_frame_machine_get_deadline (m), ==, G_MAXINT64);
}

static void
test_intermediate_frames (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autofree char *record = NULL;
  g_autofree char *first = NULL;
  g_autofree char *got = NULL;
  gint64 now = 0;

  /* A comment record of 300 characters: 240 in an ETB frame, the rest
   * in the ETX frame after it. */
  record = g_strdup_printf ("C|1|I|%0*d|G\r", 291, 7);
  g_assert_cmpuint (strlen (record), ==, 300);
  first = g_strndup (record, 240);
  open_transmission (m, now);
  feed_frame (m, make_frame (1, first, FALSE), now);
  assert_replied (m, LD_ASTM_ACK);
  assert_no_event (m);
  feed_frame (m, make_frame (2, record + 240, TRUE), now);
  got = expect_event (m, LD_ASTM_EVENT_TEXT);
  g_assert_cmpstr (got, ==, record);
  ld_astm_frame_machine_reply (m, TRUE, now);
  assert_replied (m, LD_ASTM_ACK);
}

static void
test_bad_checksum_retried (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autoptr (GByteArray) bad = make_frame (1, "H|\\^&\r", TRUE);
  gint64 now = 0;

  open_transmission (m, now);
  bad->data[bad->len - 3] ^= 1;
  feed_all (m, bad->data, bad->len, now);
  refused (m, "checksum");
  /* The sender's retry is taken, once. */
  receive_text (m, 1, "H|\\^&\r", now);
  /* The same frame again (our ACK lost): acknowledged, not taken again. */
  feed_frame (m, make_frame (1, "H|\\^&\r", TRUE), now);
  assert_replied (m, LD_ASTM_ACK);
  assert_no_event (m);
  receive_text (m, 2, "L|1\r", now);
}

static void
test_frame_number_out_of_order (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  gint64 now = 0;

  open_transmission (m, now);
  feed_frame (m, make_frame (3, "H|\\^&\r", TRUE), now);
  refused (m, "frame number 3 where 1 was due");
  /* Before any frame, 0 is not "the frame before". */
  feed_frame (m, make_frame (0, "H|\\^&\r", TRUE), now);
  refused (m, "frame number 0 where 1 was due");
  receive_text (m, 1, "H|\\^&\r", now);
  feed_frame (m, make_frame (4, "P|1\r", TRUE), now);
  refused (m, "frame number 4 where 2 was due");
}

static void
test_malformed_frames (void)
{
  const struct
  {
    const char *bytes;
    const char *why;
  } cases[] = {
    { "\0021\003\r\n", "too short" },
    { "\0021H|\003AB\n\n", "CR LF" },
    { "\0021H|\r\033AB\r\n", "ETX or ETB" },
    { "\0029H|\r\003AB\r\n", "0 to 7" },
    { "\0021H|\020x\r\0038E\r\n", "control character" },
    { "\0021H|\r\003ZZ\r\n", "checksum" },
  };
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  gint64 now = 0;

  open_transmission (m, now);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Fewer than six in a row, so that the line stays up. */
      if (i == 5)
        receive_text (m, 1, "H|\\^&\r", now);
      feed_all (m, (const guint8 *) cases[i].bytes, strlen (cases[i].bytes), now);
      refused (m, cases[i].why);
    }
}

static void
test_oversized_frame (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autofree char *text = g_strnfill (241, 'A');
  gsize size = 10 * 1024 * 1024;
  g_autofree guint8 *garbage = g_malloc (size);
  gint64 now = 0;

  open_transmission (m, now);
  /* 241 text characters: one byte more than a frame may hold. */
  feed_frame (m, make_frame (1, text, TRUE), now);
  refused (m, "longer than 247");

  /* A 10 MB "frame": refused once, at its end, and nothing kept. */
  for (gsize i = 0; i < size; i++)
    garbage[i] = 'A' + i % 26;
  garbage[0] = LD_ASTM_STX;
  garbage[size - 1] = LD_ASTM_LF;
  feed_all (m, garbage, size, now);
  refused (m, "longer than 247");
  receive_text (m, 1, "H|\\^&\r", now);
}

static void
test_six_refusals_abort (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  gint64 now = 0;

  open_transmission (m, now);
  for (int i = 0; i < 5; i++)
    {
      feed_frame (m, make_frame (2, "H|\\^&\r", TRUE), now);
      refused (m, "where 1 was due");
    }
  feed_frame (m, make_frame (2, "H|\\^&\r", TRUE), now);
  assert_replied (m, LD_ASTM_NAK);
  g_free (expect_event (m, LD_ASTM_EVENT_REFUSED));
  g_free (expect_event (m, LD_ASTM_EVENT_ABORTED));
  g_assert_true (ld_astm_frame_machine_is_idle (m));
  /* Frames on a neutral line are noise. */
  feed_frame (m, make_frame (1, "H|\\^&\r", TRUE), now);
  assert_output (m, NULL, 0);
  assert_no_event (m);
}

static void
test_broken_off (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autoptr (GByteArray) frame = make_frame (2, "R|1|^^^WBC|7.2\r", TRUE);
  gint64 now = 0;

  /* EOT in the middle of a frame. */
  open_transmission (m, now);
  receive_text (m, 1, "H|\\^&\r", now);
  feed_all (m, frame->data, 6, now);
  feed_byte (m, LD_ASTM_EOT, now);
  g_free (expect_event (m, LD_ASTM_EVENT_ABORTED));
  assert_no_event (m);
  g_assert_true (ld_astm_frame_machine_is_idle (m));

  /* Silence: the receiver's timer (30 s) ends the transmission. */
  open_transmission (m, now);
  receive_text (m, 1, "H|\\^&\r", now);
  feed_all (m, frame->data, 6, now + 1 * SECOND);
  g_assert_cmpint (ld_astm_frame_machine_get_deadline (m), ==, now + 30 * SECOND);
  ld_astm_frame_machine_tick (m, now + 29 * SECOND);
  assert_no_event (m);
  ld_astm_frame_machine_tick (m, now + 30 * SECOND);
  g_free (expect_event (m, LD_ASTM_EVENT_ABORTED));
  assert_output (m, NULL, 0);
  g_assert_true (ld_astm_frame_machine_is_idle (m));
}

static void
test_refused_by_host (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autofree char *text = NULL;
  g_autofree char *first = g_strnfill (240, 'x');
  gint64 now = 0;

  open_transmission (m, now);
  feed_frame (m, make_frame (1, first, FALSE), now);
  assert_replied (m, LD_ASTM_ACK);
  feed_frame (m, make_frame (2, "end\r", TRUE), now);
  g_free (expect_event (m, LD_ASTM_EVENT_TEXT));
  ld_astm_frame_machine_reply (m, FALSE, now);
  refused (m, "not accepted");
  /* The retry of the last frame brings the same text, not a doubled one. */
  feed_frame (m, make_frame (2, "end\r", TRUE), now);
  text = expect_event (m, LD_ASTM_EVENT_TEXT);
  g_assert_cmpuint (strlen (text), ==, 244);
  g_assert_true (g_str_has_suffix (text, "xend\r"));
  ld_astm_frame_machine_reply (m, TRUE, now);
  assert_replied (m, LD_ASTM_ACK);
}

static void
test_feed_stops_for_verdict (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autoptr (GByteArray) both = make_frame (1, "H|\\^&\r", TRUE);
  g_autoptr (GByteArray) second = make_frame (2, "L|1\r", TRUE);
  guint first_length = both->len;
  gsize used;
  gint64 now = 0;

  g_byte_array_append (both, second->data, second->len);
  open_transmission (m, now);
  used = ld_astm_frame_machine_feed (m, both->data, both->len, now);
  g_assert_cmpuint (used, ==, first_length);
  g_free (expect_event (m, LD_ASTM_EVENT_TEXT));
  ld_astm_frame_machine_reply (m, TRUE, now);
  assert_replied (m, LD_ASTM_ACK);
  used = ld_astm_frame_machine_feed (m, both->data + used, both->len - used, now);
  g_assert_cmpuint (used, ==, second->len);
  g_free (expect_event (m, LD_ASTM_EVENT_TEXT));
}

static void
test_send (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autofree char *comment = g_strdup_printf ("C|1|L|%0*d|G\r", 290, 0);
  g_autofree char *records = g_strconcat ("H|\\^&\r", comment, "L|1|F\r", NULL);
  g_autoptr (GByteArray) f1 = make_frame (1, "H|\\^&\r", TRUE);
  g_autofree char *head = g_strndup (comment, 240);
  g_autoptr (GByteArray) f2 = make_frame (2, head, FALSE);
  g_autoptr (GByteArray) f3 = make_frame (3, comment + 240, TRUE);
  g_autoptr (GByteArray) f4 = make_frame (4, "L|1|F\r", TRUE);
  gint64 now = 0;

  ld_astm_frame_machine_send (m, records, now);
  assert_replied (m, LD_ASTM_ENQ);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_output (m, f1->data, f1->len);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_output (m, f2->data, f2->len);
  /* NAK: the same frame again. */
  feed_byte (m, LD_ASTM_NAK, now);
  assert_output (m, f2->data, f2->len);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_output (m, f3->data, f3->len);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_output (m, f4->data, f4->len);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_replied (m, LD_ASTM_EOT);
  g_free (expect_event (m, LD_ASTM_EVENT_SENT));
  assert_no_event (m);
  g_assert_true (ld_astm_frame_machine_is_idle (m));
}

static void
test_send_gives_up (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autoptr (GByteArray) f1 = make_frame (1, "H|\\^&\r", TRUE);
  gint64 now = 0;

  /* Six tries of one frame, then EOT. */
  ld_astm_frame_machine_send (m, "H|\\^&\rL|1\r", now);
  assert_replied (m, LD_ASTM_ENQ);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_output (m, f1->data, f1->len);
  for (int i = 0; i < 5; i++)
    {
      feed_byte (m, LD_ASTM_NAK, now);
      assert_output (m, f1->data, f1->len);
    }
  feed_byte (m, LD_ASTM_NAK, now);
  assert_replied (m, LD_ASTM_EOT);
  g_free (expect_event (m, LD_ASTM_EVENT_SEND_FAILED));
  g_assert_true (ld_astm_frame_machine_is_idle (m));

  /* No reply within 15 s: EOT. */
  ld_astm_frame_machine_send (m, "H|\\^&\rL|1\r", now);
  assert_replied (m, LD_ASTM_ENQ);
  feed_byte (m, LD_ASTM_ACK, now);
  assert_output (m, f1->data, f1->len);
  g_assert_cmpint (ld_astm_frame_machine_get_deadline (m), ==, now + 15 * SECOND);
  ld_astm_frame_machine_tick (m, now + 15 * SECOND);
  assert_replied (m, LD_ASTM_EOT);
  g_free (expect_event (m, LD_ASTM_EVENT_SEND_FAILED));

  /* No reply to ENQ either. */
  ld_astm_frame_machine_send (m, "H|\\^&\rL|1\r", now);
  assert_replied (m, LD_ASTM_ENQ);
  ld_astm_frame_machine_tick (m, now + 15 * SECOND);
  assert_replied (m, LD_ASTM_EOT);
  g_free (expect_event (m, LD_ASTM_EVENT_SEND_FAILED));
}

static void
test_busy_and_contention (void)
{
  g_autoptr (LdAstmFrameMachine) m = new_machine ();
  g_autoptr (GByteArray) f1 = make_frame (1, "H|\\^&\r", TRUE);
  gint64 now = 0;

  /* Busy: ENQ answered NAK, ENQ again after 10 s. */
  ld_astm_frame_machine_send (m, "H|\\^&\rL|1\r", now);
  assert_replied (m, LD_ASTM_ENQ);
  feed_byte (m, LD_ASTM_NAK, now);
  assert_output (m, NULL, 0);
  g_assert_cmpint (ld_astm_frame_machine_get_deadline (m), ==, now + 10 * SECOND);
  ld_astm_frame_machine_tick (m, now + 10 * SECOND);
  assert_replied (m, LD_ASTM_ENQ);

  /* Contention: the instrument's ENQ crosses ours; the host yields,
   * takes the instrument's transmission, then waits 20 s before ENQ. */
  now = 10 * SECOND;
  feed_byte (m, LD_ASTM_ENQ, now);
  assert_replied (m, LD_ASTM_ACK);
  g_free (expect_event (m, LD_ASTM_EVENT_STARTED));
  receive_text (m, 1, "H|\\^&\r", now);
  receive_text (m, 2, "L|1\r", now);
  feed_byte (m, LD_ASTM_EOT, now + SECOND);
  g_free (expect_event (m, LD_ASTM_EVENT_ENDED));
  assert_output (m, NULL, 0);
  g_assert_cmpint (ld_astm_frame_machine_get_deadline (m), ==, now + 20 * SECOND);
  ld_astm_frame_machine_tick (m, now + 19 * SECOND);
  assert_output (m, NULL, 0);
  ld_astm_frame_machine_tick (m, now + 20 * SECOND);
  assert_replied (m, LD_ASTM_ENQ);
  feed_byte (m, LD_ASTM_ACK, now + 20 * SECOND);
  assert_output (m, f1->data, f1->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/astm/frame/checksum-examples", test_checksum_examples);
  g_test_add_func ("/astm/frame/receive-transmission", test_receive_transmission);
  g_test_add_func ("/astm/frame/intermediate-frames", test_intermediate_frames);
  g_test_add_func ("/astm/frame/bad-checksum-retried", test_bad_checksum_retried);
  g_test_add_func ("/astm/frame/number-out-of-order", test_frame_number_out_of_order);
  g_test_add_func ("/astm/frame/malformed", test_malformed_frames);
  g_test_add_func ("/astm/frame/oversized", test_oversized_frame);
  g_test_add_func ("/astm/frame/six-refusals-abort", test_six_refusals_abort);
  g_test_add_func ("/astm/frame/broken-off", test_broken_off);
  g_test_add_func ("/astm/frame/refused-by-host", test_refused_by_host);
  g_test_add_func ("/astm/frame/feed-stops-for-verdict", test_feed_stops_for_verdict);
  g_test_add_func ("/astm/frame/send", test_send);
  g_test_add_func ("/astm/frame/send-gives-up", test_send_gives_up);
  g_test_add_func ("/astm/frame/busy-and-contention", test_busy_and_contention);

  return g_test_run ();
}
