/* bench-queue.c: a check-in at the desk, in the doctor's queue on another screen
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test.
 *
 * The real server (in a thread, on loopback, its clock fixed to a
 * Wednesday morning) and the doctor's client: a real LdCache and LdSync
 * following the server's feed through the events socket, as the
 * application runs them. The desk checks patients in through the API,
 * one after another: first the day's bookings (28 slots), then walk-ins.
 * Each is timed from the desk's request to the moment the doctor's
 * queue, read from the cache as the Today page reads it on
 * LdCache::changed (ld_cache_appointments_day_async()), shows the patient
 * checked in. p50, p99 and max, and the same split in two: the desk's
 * request until its answer, and from the answer to the doctor's queue
 * (the feed's notice, the page of changes, the cache's write, the read).
 *
 * Budget (issue 33): p99 under 100 ms.
 *
 * Run, from a release build:
 *   meson setup _build-bench --buildtype=release
 *   ninja -C _build-bench bench/bench-queue && _build-bench/bench/bench-queue
 * Options: --rounds N (250 check-ins).
 */

#include "config.h"

#include <locale.h>

#include "bench-common.h"
#include "ld-cache-appointments.h"
#include "ld-cache-private.h"
#include "ld-schedule.h"
#include "ld-test-client.h"
#include "ld-test-clinic.h"
#include "ld-time.h"

#define QUEUE_BUDGET_MS 100.0
/* The doctor's bookable slots of the Wednesday (ld-test-clinic.c): 09:00
 * to 17:00 in 15 minutes, without the 13:00 break. */
#define N_SLOTS 28

static guint n_rounds = 250;

/* clang-format off */
static const GOptionEntry options[] = {
  { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Check-ins (250)", "N" },
  { NULL }
};
/* clang-format on */

typedef struct
{
  LdCache *cache;
  char    *day;
  char    *doctor_id;
  /* The appointment waited for, and whether the queue shows it in. */
  char    *id;
  gboolean seen;
  guint    reads;
} Screen;

static double
elapsed_ms (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / 1000.0;
}

static void
on_queue_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Screen *screen = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue =
               ld_cache_appointments_day_finish (LD_CACHE (source), result, &error);

  g_assert_no_error (error);
  for (guint i = 0; screen->id != NULL && i < queue->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (queue, i);

      if (g_str_equal (appointment->id, screen->id) &&
          appointment->state == LD_APPOINTMENT_STATE_CHECKED_IN)
        screen->seen = TRUE;
    }
}

/* As the doctor's Today page does: the queue read again on each batch
 * that touched an appointment. */
static void
on_changed_cb (LdCache      *cache,
               LdCacheBatch *batch,
               Screen       *screen)
{
  if (!ld_cache_batch_has_appointments (batch))
    return;
  screen->reads++;
  ld_cache_appointments_day_async (cache, screen->day, screen->doctor_id, NULL, on_queue_cb,
                                   screen);
}

static gboolean
seen_it (gpointer data)
{
  return ((Screen *) data)->seen;
}

static char *
add_patient (LdTestServer *server,
             const char   *desk,
             guint         i)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Queue Patient %u\", \"sex\": \"other\","
                                           " \"age_years\": 30}", i);
  g_autoptr(LdTestResponse) patient =
               ld_test_send_json (server, "POST", "/api/v1/patients", desk, body);

  ld_test_assert_status (patient, 201);
  return g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static char *
book (LdTestServer *server,
      const char   *desk,
      const char   *patient_id,
      const char   *doctor_id,
      guint         slot)
{
  guint minutes = 9 * 60 + slot * 15;
  g_autofree char *start = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) booked = NULL;

  /* The lunch break, 13:00 to 14:00, has no slots. */
  if (minutes >= 13 * 60)
    minutes += 60;
  start = ld_time_format_rfc3339 (ld_test_clinic_at (minutes / 60, minutes % 60));
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                          patient_id, doctor_id, start);
  booked = ld_test_send_json (server, "POST", "/api/v1/appointments", desk, body);
  ld_test_assert_status (booked, 201);
  return g_strdup (ld_test_response_get_string (booked, "appointment.id"));
}

/* The desk's check-in of a booking, or a walk-in's: either answers the
 * appointment checked in, with its token. */
static char *
check_in (LdTestServer *server,
          const char   *desk,
          const char   *booking_id,
          const char   *patient_id,
          const char   *doctor_id)
{
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) answer = NULL;

  if (booking_id != NULL)
    {
      path = g_strdup_printf ("/api/v1/appointments/%s/check-in", booking_id);
      answer = ld_test_send_json (server, "POST", path, desk, "{\"version\": 1}");
      ld_test_assert_status (answer, 200);
    }
  else
    {
      body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\","
                              " \"walk_in\": true}", patient_id, doctor_id);
      answer = ld_test_send_json (server, "POST", "/api/v1/appointments", desk, body);
      ld_test_assert_status (answer, 201);
    }
  return g_strdup (ld_test_response_get_string (answer, "appointment.id"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the live queue's figures");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *doctor_dir = NULL;
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(LdTestClient) doctor = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *desk = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *doctor_token = NULL;
  g_autofree double *ms = NULL;
  g_autofree double *answered_ms = NULL;
  g_autofree double *after_ms = NULL;
  Screen screen = { NULL };
  guint reads = 0;
  gulong handler;
  BenchFigures f;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  ms = g_new0 (double, n_rounds);
  answered_ms = g_new0 (double, n_rounds);
  after_ms = g_new0 (double, n_rounds);

  ld_test_client_use_own_context ();
  ld_time_set_now (ld_test_clinic_at (8, 0));
  data_dir = g_dir_make_tmp ("labdesk-bench-queue-XXXXXX", &error);
  g_assert_no_error (error);
  server = ld_test_server_new ();
  desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  doctor_token = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (server, "/api/v1/sessions/current", doctor_token);
  ld_test_assert_status (me, 200);
  screen.doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  screen.day = ld_schedule_day_of (ld_time_now ());
  ld_test_clinic_set_schedule (server, admin, screen.doctor_id);

  for (guint i = 0; i < n_rounds; i++)
    g_ptr_array_add (patients, add_patient (server, desk, i));
  for (guint i = 0; i < MIN (N_SLOTS, n_rounds); i++)
    g_ptr_array_add (bookings,
                     book (server, desk, g_ptr_array_index (patients, i), screen.doctor_id, i));

  doctor_dir = g_build_filename (data_dir, "doctor", NULL);
  doctor = ld_test_client_new (ld_test_server_get_uri (server), "doctor", LD_TEST_DOCTOR_PASSWORD,
                               doctor_dir);
  ld_test_client_wait_seq (doctor, ld_test_server_head (server), 600 * 1000);
  screen.cache = doctor->cache;
  handler = g_signal_connect (doctor->cache, "changed", G_CALLBACK (on_changed_cb), &screen);

  for (guint i = 0; i < n_rounds; i++)
    {
      const char *booking = i < bookings->len ? g_ptr_array_index (bookings, i) : NULL;
      gint64 started;

      /* Walk-ins come a minute apart, from 09:00: each takes its place. */
      ld_time_set_now (ld_test_clinic_at (9 + i / 60, i % 60));
      screen.seen = FALSE;
      started = g_get_monotonic_time ();
      screen.id =
        check_in (server, desk, booking, g_ptr_array_index (patients, i), screen.doctor_id);
      answered_ms[i] = elapsed_ms (started);
      ld_test_wait_until (seen_it, &screen, 10000, "the doctor's queue");
      ms[i] = elapsed_ms (started);
      after_ms[i] = ms[i] - answered_ms[i];
      g_clear_pointer (&screen.id, g_free);
      /* The next check-in starts from a settled cache, as at a desk. */
      ld_test_client_wait_seq (doctor, ld_test_server_head (server), 10000);
      ld_cache_wait_reads (doctor->cache, g_get_monotonic_time () + 10 * G_USEC_PER_SEC);
    }
  reads = screen.reads;
  g_signal_handler_disconnect (doctor->cache, handler);

  g_print ("%u check-ins (%u booked, %u walk-ins), %u queue reads on the doctor's screen\n",
           n_rounds, bookings->len, n_rounds - bookings->len, reads);
  f = bench_figures (ms, n_rounds);
  bench_report ("check-in to the doctor's queue (cache)", ms, n_rounds);
  bench_report ("  of which the desk's request", answered_ms, n_rounds);
  bench_report ("  of which its answer to the queue", after_ms, n_rounds);
  bench_print_budget ("p99 ms", f.p99, QUEUE_BUDGET_MS);

  g_clear_pointer (&doctor, ld_test_client_free);
  g_clear_pointer (&server, ld_test_server_free);
  ld_test_remove_tree (data_dir);
  g_free (screen.day);
  g_free (screen.doctor_id);
  ld_time_set_now (0);
  return 0;
}
