/* test-astm-link.c: an analyzer's ASTM session over a socket, byte by byte
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The link serves one end of a socket pair on a thread of its own, as the
 * listener serves a connection; the test plays the analyzer on the other
 * end with blocking reads (a minute's socket timeout guards them). The
 * host is a small recording LdInstrumentHost; the listener's own host and
 * the end-to-end test come with the listener.
 */

#include "config.h"

#include "ld-astm-frame.h"
#include "ld-astm-link.h"

#include <gio/gunixconnection.h>
#include <string.h>
#include <sys/socket.h>

typedef struct
{
  GMutex      lock;
  GCond       cond;
  GPtrArray  *delivered; /* one summary line per message */
  GPtrArray  *log;
  guint       refuse; /* refuse this many deliveries */
  GHashTable *orders; /* accession → "CODE,CODE" */

  LdAstmTimers  timers;
  GSocket      *instrument;
  GIOStream    *stream;
  GCancellable *cancellable;
  GThread      *thread;
  gboolean      finished;

  GSocketListener *listener; /* the simulator's tests */
  guint16          port;
} Fixture;

static const char *
or_dash (const char *text)
{
  return text != NULL ? text : "-";
}

static char *
summarize (LdInstrumentMessage *message)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s from %s:", message->message_id, message->sender);
  for (guint i = 0; i < message->results->len; i++)
    {
      LdInstrumentResult *r = g_ptr_array_index (message->results, i);

      g_string_append_printf (s, " %s/%s=%s %s [%s] %s", r->accession, r->instrument_code,
                              r->value, r->units, or_dash (r->flags), or_dash (r->comment));
    }
  for (guint i = 0; i < message->queries->len; i++)
    g_string_append_printf (s, " ?%s", (char *) g_ptr_array_index (message->queries, i));
  return g_string_free (s, FALSE);
}

static gboolean
host_deliver (LdInstrumentMessage *message,
              gpointer             data,
              GError             **error)
{
  Fixture *fx = data;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fx->lock);

  if (fx->refuse > 0)
    {
      fx->refuse--;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the store is away");
      return FALSE;
    }
  g_ptr_array_add (fx->delivered, summarize (message));
  g_cond_broadcast (&fx->cond);
  return TRUE;
}

static GPtrArray *
host_ordered_tests (const char *accession,
                    gpointer    data,
                    GError    **error)
{
  Fixture *fx = data;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fx->lock);
  const char    *codes = g_hash_table_lookup (fx->orders, accession);
  g_auto (GStrv) split = NULL;
  GPtrArray     *orders;

  if (codes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no sample %s", accession);
      return NULL;
    }
  orders = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_instrument_order_free);
  split = g_strsplit (codes, ",", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      LdInstrumentOrder *order = g_new0 (LdInstrumentOrder, 1);

      order->instrument_code = g_strdup (split[i]);
      g_ptr_array_add (orders, order);
    }
  return orders;
}

static void
host_log (const char *what,
          gpointer    data)
{
  Fixture *fx = data;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fx->lock);

  g_ptr_array_add (fx->log, g_strdup (what));
  g_cond_broadcast (&fx->cond);
}

static const LdInstrumentHost recording_host = {
  host_deliver,
  host_ordered_tests,
  host_log,
};

static gpointer
serve_thread (gpointer data)
{
  Fixture *fx = data;

  ld_astm_serve_with_timers (fx->stream, &recording_host, fx, &fx->timers, fx->cancellable);
  g_mutex_lock (&fx->lock);
  fx->finished = TRUE;
  g_cond_broadcast (&fx->cond);
  g_mutex_unlock (&fx->lock);
  return NULL;
}

static void
start (Fixture *fx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) link_socket = NULL;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  fx->instrument = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  /* Only a guard: every read below waits for a reply that must come. */
  g_socket_set_timeout (fx->instrument, 60);
  link_socket = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  fx->stream = G_IO_STREAM (g_socket_connection_factory_create_connection (link_socket));
  fx->thread = g_thread_new ("astm-link", serve_thread, fx);
}

/* One TCP connection on 127.0.0.1, for a client of our own: accepted and
 * served on the link's thread. */
static gpointer
accept_thread (gpointer data)
{
  Fixture *fx = data;
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_listener_accept (fx->listener, NULL, fx->cancellable, &error);
  g_assert_no_error (error);
  fx->stream = G_IO_STREAM (connection);
  return serve_thread (fx);
}

static void
setup_common (Fixture *fx)
{
  g_mutex_init (&fx->lock);
  g_cond_init (&fx->cond);
  fx->delivered = g_ptr_array_new_with_free_func (g_free);
  fx->log = g_ptr_array_new_with_free_func (g_free);
  fx->orders = g_hash_table_new (g_str_hash, g_str_equal);
  fx->cancellable = g_cancellable_new ();
  ld_astm_timers_init_default (&fx->timers);
}

static void
setup (Fixture      *fx,
       gconstpointer data)
{
  setup_common (fx);
  if (data != NULL)
    fx->timers.frame_wait = GPOINTER_TO_INT (data) * 1000;
  start (fx);
}

static void
setup_tcp (Fixture      *fx,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  setup_common (fx);
  fx->listener = g_socket_listener_new ();
  g_socket_listener_add_address (fx->listener, any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  fx->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fx->thread = g_thread_new ("astm-link", accept_thread, fx);
}

/* The analyzer hangs up; the link must notice and return. */
static void
hang_up (Fixture *fx)
{
  g_assert_true (g_socket_close (fx->instrument, NULL));
  g_thread_join (g_steal_pointer (&fx->thread));
  g_assert_true (fx->finished);
}

static void
teardown (Fixture      *fx,
          gconstpointer data)
{
  if (fx->thread != NULL)
    hang_up (fx);
  g_clear_object (&fx->instrument);
  g_clear_object (&fx->listener);
  g_assert_finalize_object (g_steal_pointer (&fx->stream));
  g_clear_object (&fx->cancellable);
  g_ptr_array_unref (fx->delivered);
  g_ptr_array_unref (fx->log);
  g_hash_table_unref (fx->orders);
  g_mutex_clear (&fx->lock);
  g_cond_clear (&fx->cond);
}

static gboolean
log_has (Fixture    *fx,
         const char *what)
{
  for (guint i = 0; i < fx->log->len; i++)
    if (strstr (g_ptr_array_index (fx->log, i), what) != NULL)
      return TRUE;
  return FALSE;
}

static void
wait_for_delivered (Fixture *fx,
                    guint    count)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fx->lock);

  while (fx->delivered->len < count)
    if (!g_cond_wait_until (&fx->cond, &fx->lock, deadline))
      g_error ("%u messages delivered, %u expected", fx->delivered->len, count);
}

static void
wait_for_log (Fixture    *fx,
              const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fx->lock);

  while (!log_has (fx, what))
    if (!g_cond_wait_until (&fx->cond, &fx->lock, deadline))
      g_error ("the log never said \"%s\"", what);
}

static void
send_bytes (Fixture      *fx,
            const guint8 *data,
            gsize         length)
{
  while (length > 0)
    {
      g_autoptr (GError) error = NULL;
      gssize sent = g_socket_send (fx->instrument, (const char *) data, length, NULL, &error);

      g_assert_no_error (error);
      data += sent;
      length -= sent;
    }
}

/* As an analyzer on a serial line sends: one byte at a time. */
static void
send_slowly (Fixture      *fx,
             const guint8 *data,
             gsize         length)
{
  for (gsize i = 0; i < length; i++)
    send_bytes (fx, data + i, 1);
}

static void
send_byte (Fixture *fx,
           guint8   byte)
{
  send_bytes (fx, &byte, 1);
}

static guint8
read_byte (Fixture *fx)
{
  g_autoptr (GError) error = NULL;
  char byte;

  g_assert_cmpint (g_socket_receive (fx->instrument, &byte, 1, NULL, &error), ==, 1);
  g_assert_no_error (error);
  return byte;
}

static void
expect (Fixture *fx,
        guint8   byte)
{
  g_assert_cmphex (read_byte (fx), ==, byte);
}

static GByteArray *
frame (guint       number,
       const char *text,
       gboolean    last)
{
  GByteArray *out = g_byte_array_new ();

  ld_astm_frame_append (out, number, text, strlen (text), last);
  return out;
}

/* Sends one frame byte by byte and checks the reply. */
static void
send_frame (Fixture    *fx,
            guint       number,
            const char *text,
            gboolean    last,
            guint8      reply)
{
  g_autoptr (GByteArray) f = frame (number, text, last);

  send_slowly (fx, f->data, f->len);
  expect (fx, reply);
}

/* Sends a whole transmission, one record per frame, every frame ACKed. */
static void
send_transmission (Fixture *fx, const char * const *records)
{
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  for (guint i = 0; records[i] != NULL; i++)
    {
      g_autoptr (GByteArray) f = frame (i + 1, records[i], TRUE);

      send_bytes (fx, f->data, f->len);
      expect (fx, LD_ASTM_ACK);
    }
  send_byte (fx, LD_ASTM_EOT);
}

static const char * const small_run[] = {
  "H|\\^&|RUN-2||XN-350\r",        "P|1\r",   "O|1|LAB-7||^^^GLU\r",
  "R|1|^^^GLU|5.4|mmol/L||N||F\r", "L|1|N\r", NULL
};

static void
test_transcript (Fixture      *fx,
                 gconstpointer data)
{
  g_autofree char *comment = g_strdup_printf ("C|1|I|%0*d|G\r", 291, 1);
  g_autofree char *head = g_strndup (comment, 240);
  g_autoptr (GByteArray) hgb = frame (7, "R|2|^^^HGB^1|14.2|g/dL|13.0 to 17.0|N||F\r", TRUE);
  const guint8 junk[] = { 0xff, 0xfe, 'j', 'u', 'n', 'k', 0x00, '\r', '\n' };
  const char *summary;

  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  send_frame (fx, 1, "H|\\^&|XN-0001||XN-350^00-21||||||||E1394-97\r", TRUE, LD_ASTM_ACK);
  send_frame (fx, 2, "P|1|||||||U\r", TRUE, LD_ASTM_ACK);
  /* Noise between frames draws no reply and leaves no trace. */
  send_slowly (fx, junk, sizeof junk);
  send_frame (fx, 3, "O|1|LAB-2611-0042^01||^^^WBC\\^^^HGB|R\r", TRUE, LD_ASTM_ACK);
  send_frame (fx, 4, "R|1|^^^WBC^1|7.85|10*3/uL|4.00 to 10.00|H||F||||20261126084512\r", TRUE,
              LD_ASTM_ACK);
  /* A comment of 300 characters: an intermediate frame, then the rest. */
  send_frame (fx, 5, head, FALSE, LD_ASTM_ACK);
  send_frame (fx, 6, comment + 240, TRUE, LD_ASTM_ACK);
  /* A wrong checksum: NAK, and the analyzer's retry is taken. */
  hgb->data[hgb->len - 3] = hgb->data[hgb->len - 3] == '0' ? '1' : '0';
  send_slowly (fx, hgb->data, hgb->len);
  expect (fx, LD_ASTM_NAK);
  send_frame (fx, 7, "R|2|^^^HGB^1|14.2|g/dL|13.0 to 17.0|N||F\r", TRUE, LD_ASTM_ACK);
  /* A frame number out of order: NAK; then the right one. */
  send_frame (fx, 2, "L|1|N\r", TRUE, LD_ASTM_NAK);
  send_frame (fx, 0, "L|1|N\r", TRUE, LD_ASTM_ACK);
  send_byte (fx, LD_ASTM_EOT);

  wait_for_delivered (fx, 1);
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 1);
  summary = g_ptr_array_index (fx->delivered, 0);
  g_assert_true (g_str_has_prefix (summary, "XN-0001 from XN-350: LAB-2611-0042/WBC=7.85 10*3/uL "
                                            "[H] 0000"));
  g_assert_nonnull (strstr (summary, "0001 LAB-2611-0042/HGB=14.2 g/dL [N] -"));
  g_assert_true (log_has (fx, "wrong checksum"));
  g_assert_true (log_has (fx, "frame number 2 where 0 was due"));
}

static void
test_garbage_and_huge_frame (Fixture      *fx,
                             gconstpointer data)
{
  gsize size = 10 * 1024 * 1024;
  g_autofree guint8 *huge = g_malloc (size);
  guint8 noise[65536];

  /* Garbage on a neutral line: anything but ENQ is ignored. */
  for (gsize i = 0; i < sizeof noise; i++)
    {
      noise[i] = g_random_int_range (0, 256);
      if (noise[i] == LD_ASTM_ENQ)
        noise[i] = '?';
    }
  send_bytes (fx, noise, sizeof noise);
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);

  /* A 10 MB frame: refused at its end, nothing of it kept. */
  memset (huge, 'R', size);
  huge[0] = LD_ASTM_STX;
  huge[1] = '1';
  huge[size - 1] = LD_ASTM_LF;
  send_bytes (fx, huge, size);
  expect (fx, LD_ASTM_NAK);
  send_byte (fx, LD_ASTM_EOT);

  send_transmission (fx, small_run);
  wait_for_delivered (fx, 1);
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->delivered, 0), ==,
                   "RUN-2 from XN-350: LAB-7/GLU=5.4 mmol/L [N] -");
  g_assert_true (log_has (fx, "longer than 247"));
}

static void
test_dropped_mid_message (Fixture      *fx,
                          gconstpointer data)
{
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  for (guint i = 0; i < 4; i++)
    send_frame (fx, i + 1, small_run[i], TRUE, LD_ASTM_ACK);
  /* The cable is pulled before the terminator record. */
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 0);
  g_assert_true (log_has (fx, "dropped: the connection was closed"));
}

static void
test_ended_early (Fixture      *fx,
                  gconstpointer data)
{
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  for (guint i = 0; i < 4; i++)
    send_frame (fx, i + 1, small_run[i], TRUE, LD_ASTM_ACK);
  send_byte (fx, LD_ASTM_EOT);
  /* The same run again, whole this time: stored once. */
  send_transmission (fx, small_run);
  wait_for_delivered (fx, 1);
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 1);
  g_assert_true (log_has (fx, "dropped: the transmission ended before its terminator"));
}

static void
test_latin1 (Fixture      *fx,
             gconstpointer data)
{
  const char * const run[] = { "H|\\^&|L1||AU480\r", "O|1|LAB-8\r", "R|1|^^^UA|412|\xb5mol/L\r",
                               "L|1|N\r", NULL };

  send_transmission (fx, run);
  wait_for_delivered (fx, 1);
  hang_up (fx);
  g_assert_cmpstr (g_ptr_array_index (fx->delivered, 0), ==,
                   "L1 from AU480: LAB-8/UA=412 \xc2\xb5mol/L [-] -");
}

static void
test_receiver_timeout (Fixture      *fx,
                       gconstpointer data)
{
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  send_frame (fx, 1, small_run[0], TRUE, LD_ASTM_ACK);
  /* The analyzer falls silent: the receiver's timer ends the transmission,
   * and the line is neutral again. */
  wait_for_log (fx, "broken off: no frame");
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 0);
}

static void
test_deliver_refused (Fixture      *fx,
                      gconstpointer data)
{
  fx->refuse = 1;
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  for (guint i = 0; i < 4; i++)
    send_frame (fx, i + 1, small_run[i], TRUE, LD_ASTM_ACK);
  /* The host cannot store it: NAK on the last frame; the retry is stored. */
  send_frame (fx, 5, small_run[4], TRUE, LD_ASTM_NAK);
  send_frame (fx, 5, small_run[4], TRUE, LD_ASTM_ACK);
  send_byte (fx, LD_ASTM_EOT);
  wait_for_delivered (fx, 1);
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 1);
  g_assert_true (log_has (fx, "not stored: the store is away"));
}

/* Receives the host's transmission as an analyzer does; NAKs the first
 * frame once to see it sent again. Returns the records. */
static char *
receive_answer (Fixture *fx)
{
  GString *text = g_string_new (NULL);
  guint    expected = 1;
  gboolean nak_once = TRUE;

  expect (fx, LD_ASTM_ENQ);
  send_byte (fx, LD_ASTM_ACK);
  for (;;)
    {
      g_autoptr (GByteArray) f = g_byte_array_new ();
      guint8 byte = read_byte (fx);
      guint  sum = 0;
      char   checksum[3];

      if (byte == LD_ASTM_EOT)
        break;
      g_assert_cmphex (byte, ==, LD_ASTM_STX);
      while ((byte = read_byte (fx)) != LD_ASTM_LF)
        g_byte_array_append (f, &byte, 1);
      /* FN text ETX C1 C2 CR, checked by hand. */
      g_assert_cmpuint (f->len, >=, 5);
      g_assert_cmpint (f->data[0], ==, '0' + expected % 8);
      g_assert_cmphex (f->data[f->len - 4], ==, LD_ASTM_ETX);
      for (guint i = 0; i < f->len - 3; i++)
        sum += f->data[i];
      g_snprintf (checksum, sizeof checksum, "%02X", sum % 256);
      g_assert_cmpmem (f->data + f->len - 3, 2, checksum, 2);
      if (nak_once)
        {
          nak_once = FALSE;
          send_byte (fx, LD_ASTM_NAK);
          continue;
        }
      g_string_append_len (text, (const char *) f->data + 1, f->len - 5);
      expected++;
      send_byte (fx, LD_ASTM_ACK);
    }
  return g_string_free (text, FALSE);
}

static char *
without_stamp (char *text)
{
  char *stamp = strstr (text, "LIS2-A2|");

  g_assert_nonnull (stamp);
  g_assert_cmpuint (strspn (stamp + 8, "0123456789"), ==, 14);
  memmove (stamp + 8, stamp + 22, strlen (stamp + 22) + 1);
  return text;
}

static void
test_host_query (Fixture      *fx,
                 gconstpointer data)
{
  const char * const query[] = { "H|\\^&|||cobas\r", "Q|1|^LAB-1\\^LAB-X||^^^ALL||||||||O\r",
                                 "L|1|N\r", NULL };
  const char * const unknown[] = { "H|\\^&|Q2||cobas\r", "Q|1|^LAB-X||^^^ALL||||||||O\r", "L|1|N\r",
                                   NULL };
  g_autofree char   *answer = NULL;

  g_hash_table_insert (fx->orders, (gpointer) "LAB-1", (gpointer) "WBC,HGB,PLT");
  send_transmission (fx, query);
  answer = without_stamp (receive_answer (fx));
  g_assert_cmpstr (answer, ==,
                   "H|\\^&|||Labdesk|||||||P|LIS2-A2|\r"
                   "P|1\r"
                   "O|1|LAB-1||^^^WBC\\^^^HGB\\^^^PLT|R||||||N||||||||||||||O\r"
                   "L|1|F\r");
  g_clear_pointer (&answer, g_free);

  send_transmission (fx, unknown);
  answer = without_stamp (receive_answer (fx));
  g_assert_cmpstr (answer, ==, "H|\\^&|||Labdesk|||||||P|LIS2-A2|\rL|1|I\r");
  wait_for_log (fx, "query answered");
  hang_up (fx);
  g_assert_cmpuint (fx->delivered->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fx->delivered, 0), !=, NULL);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fx->delivered, 0), " ?LAB-1 ?LAB-X"));
  g_assert_true (log_has (fx, "query for LAB-X: no sample LAB-X"));
}

/* tools/instrument-sim, a client written apart from the link (Python,
 * its own framing and checksums), as a lab would run it. Returns its
 * transcript. */
static char *
run_simulator (Fixture *fx, const char * const *extra)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) sim = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, g_strdup ("python3"));
  g_ptr_array_add (argv,
                   g_test_build_filename (G_TEST_DIST, "..", "tools", "instrument-sim", NULL));
  g_ptr_array_add (argv, g_strdup ("astm"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", fx->port));
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);
  sim = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (sim, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (sim) || g_subprocess_get_exit_status (sim) != 0)
    g_error ("instrument-sim failed:\n%s\n%s", out, err);
  g_test_message ("%s", out);
  /* It hung up: the link returns. */
  g_thread_join (g_steal_pointer (&fx->thread));
  return g_steal_pointer (&out);
}

static void
test_simulator_results (Fixture      *fx,
                        gconstpointer data)
{
  const char * const args[] = { "--accession",  "LAB-9",          "--result",  "WBC=7.2[10*3/uL]:H",
                                "--result",     "HGB=13.9[g/dL]", "--corrupt", "3",
                                "--message-id", "SIM-1",          NULL };
  g_autofree char   *transcript = run_simulator (fx, args);

  g_assert_nonnull (strstr (transcript, "<- <NAK>"));
  g_assert_nonnull (strstr (transcript, "accepted"));
  g_assert_cmpuint (fx->delivered->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->delivered, 0), ==,
                   "SIM-1 from instrument-sim: LAB-9/WBC=7.2 10*3/uL [H] -"
                   " LAB-9/HGB=13.9 g/dL [-] -");
}

static void
test_simulator_query (Fixture      *fx,
                      gconstpointer data)
{
  const char * const args[] = { "--query", "LAB-9", NULL };
  g_autofree char   *transcript = NULL;

  g_hash_table_insert (fx->orders, (gpointer) "LAB-9", (gpointer) "WBC,HGB");
  transcript = run_simulator (fx, args);
  g_assert_nonnull (strstr (transcript, "ordered on LAB-9: WBC, HGB"));
  g_assert_cmpuint (fx->delivered->len, ==, 1);
}

static void
test_cancelled (Fixture      *fx,
                gconstpointer data)
{
  send_byte (fx, LD_ASTM_ENQ);
  expect (fx, LD_ASTM_ACK);
  send_frame (fx, 1, small_run[0], TRUE, LD_ASTM_ACK);
  /* The listener stops: the link returns without the analyzer's help. */
  g_cancellable_cancel (fx->cancellable);
  g_thread_join (g_steal_pointer (&fx->thread));
  g_assert_cmpuint (fx->delivered->len, ==, 0);
  g_assert_true (log_has (fx, "dropped: the listener stopped"));
}

int
main (int   argc,
      char *argv[])
{
  /* The listener takes the link as a protocol's serve function. */
  G_GNUC_UNUSED LdInstrumentServeFunc serve = ld_astm_serve;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add ("/astm/link/" path, Fixture, data, setup, func, teardown)
  ADD ("transcript", test_transcript, NULL);
  ADD ("garbage-and-huge-frame", test_garbage_and_huge_frame, NULL);
  ADD ("dropped-mid-message", test_dropped_mid_message, NULL);
  ADD ("ended-early", test_ended_early, NULL);
  ADD ("latin1", test_latin1, NULL);
  /* The receiver's timer shortened to 2 s; the test waits for its effect,
   * however long the machine takes. */
  ADD ("receiver-timeout", test_receiver_timeout, GINT_TO_POINTER (2000));
  ADD ("deliver-refused", test_deliver_refused, NULL);
  ADD ("host-query", test_host_query, NULL);
  ADD ("cancelled", test_cancelled, NULL);
  g_test_add ("/astm/link/simulator-results", Fixture, NULL, setup_tcp, test_simulator_results,
              teardown);
  g_test_add ("/astm/link/simulator-query", Fixture, NULL, setup_tcp, test_simulator_query,
              teardown);
#undef ADD

  return g_test_run ();
}
