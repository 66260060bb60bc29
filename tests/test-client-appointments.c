/* test-client-appointments.c: the clinic's queue, live in the client's cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on loopback, on a Wednesday morning its clock
 * is fixed to: the desk checks patients in over the API, and another
 * session's cache (the doctor's, following the feed as the application
 * does) has them in its queue in the order they are seen (appointments
 * at their time, walk-ins between them at the time they came); a
 * cancelled one leaves the queue. bench/bench-queue.c holds the budget
 * for how soon.
 */

#include "config.h"

#include "ld-cache-appointments.h"
#include "ld-schedule.h"
#include "ld-test-client.h"
#include "ld-test-clinic.h"
#include "ld-time.h"

typedef struct
{
  LdTestServer *server;
  char         *data_dir;
  char         *desk;
  char         *doctor_id;
  char         *day;
  gboolean      told;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *doctor = NULL;
  g_autoptr(LdTestResponse) me = NULL;

  ld_time_set_now (ld_test_clinic_at (9, 0));
  fx->server = ld_test_server_new ();
  fx->data_dir = g_dir_make_tmp ("labdesk-client-XXXXXX", &error);
  g_assert_no_error (error);
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (fx->server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  fx->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  ld_test_clinic_set_schedule (fx->server, admin, fx->doctor_id);
  fx->day = ld_schedule_day_of (ld_time_now ());
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_remove_tree (fx->data_dir);
  g_free (fx->data_dir);
  ld_test_server_free (fx->server);
  g_free (fx->desk);
  g_free (fx->doctor_id);
  g_free (fx->day);
  ld_time_set_now (0);
}

static char *
add_patient (Fixture    *fx,
             const char *name)
{
  g_autofree char *body =
    g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"age_years\": 30}", name);
  g_autoptr(LdTestResponse) patient =
               ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->desk, body);

  ld_test_assert_status (patient, 201);
  return g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static char *
walk_in (Fixture    *fx,
         const char *patient_id)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"walk_in\": true}",
                     patient_id, fx->doctor_id);
  g_autoptr(LdTestResponse) walked =
               ld_test_send_json (fx->server, "POST", "/api/v1/appointments", fx->desk, body);

  ld_test_assert_status (walked, 201);
  return g_strdup (ld_test_response_get_string (walked, "appointment.id"));
}

/* The cache's queue of the day: one doctor's, or every doctor's. */
static GPtrArray *
read_queue (LdTestClient *client,
            const char   *day,
            const char   *doctor_id)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *queue;

  ld_cache_appointments_day_async (client->cache, day, doctor_id, NULL, ld_test_store_result_cb,
                                   &slot);
  result = ld_test_wait_result (&slot);
  queue = ld_cache_appointments_day_finish (client->cache, result, &error);
  g_assert_no_error (error);
  return queue;
}

/* The patients' names in queue order, joined with commas. */
static char *
queue_names (GPtrArray *queue)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < queue->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (queue, i);

      g_string_append_printf (names, "%s%s", i > 0 ? "," : "", appointment->patient_name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

typedef struct
{
  Fixture      *fx;
  LdTestClient *client;
  const char   *doctor_id;
  const char   *want;
} Wanted;

static gboolean
queue_is (gpointer data)
{
  Wanted *wanted = data;
  g_autoptr(GPtrArray) queue = read_queue (wanted->client, wanted->fx->day, wanted->doctor_id);
  g_autofree char *names = queue_names (queue);

  return g_str_equal (names, wanted->want);
}

static void
wait_queue (Fixture      *fx,
            LdTestClient *client,
            const char   *doctor_id,
            const char   *want)
{
  Wanted wanted = { fx, client, doctor_id, want };

  ld_test_wait_until (queue_is, &wanted, 30000, want);
}

static void
on_changed_cb (LdCache      *cache,
               LdCacheBatch *batch,
               Fixture      *fx)
{
  if (ld_cache_batch_has_appointments (batch))
    fx->told = TRUE;
}

static void
test_queue_follows_desk (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fx->data_dir, "doctor", NULL);
  g_autoptr(LdTestClient) doctor = NULL;
  g_autofree char *asha = add_patient (fx, "Asha");
  g_autofree char *bina = add_patient (fx, "Bina");
  g_autofree char *chitra = add_patient (fx, "Chitra");
  g_autofree char *asha_at = NULL;
  g_autofree char *bina_walked = NULL;
  g_autofree char *chitra_at = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autofree char *path = NULL;

  doctor = ld_test_client_new (ld_test_server_get_uri (fx->server), "doctor",
                               LD_TEST_DOCTOR_PASSWORD, dir);
  ld_test_client_wait_seq (doctor, ld_test_server_head (fx->server), 60000);
  queue = read_queue (doctor, fx->day, fx->doctor_id);
  g_assert_cmpuint (queue->len, ==, 0);
  g_signal_connect (doctor->cache, "changed", G_CALLBACK (on_changed_cb), fx);

  /* Asha booked for 10:30 and checked in; Bina walks in at 9:40; Chitra
   * booked for 10:00 comes at 9:50: seen Bina, Chitra, Asha. */
  asha_at =
    ld_test_clinic_check_in (fx->server, fx->desk, asha, fx->doctor_id, ld_test_clinic_at (10, 30));
  wait_queue (fx, doctor, fx->doctor_id, "Asha");
  g_assert_true (fx->told);
  ld_time_set_now (ld_test_clinic_at (9, 40));
  bina_walked = walk_in (fx, bina);
  wait_queue (fx, doctor, fx->doctor_id, "Bina,Asha");
  ld_time_set_now (ld_test_clinic_at (9, 50));
  chitra_at = ld_test_clinic_check_in (fx->server, fx->desk, chitra, fx->doctor_id,
                                       ld_test_clinic_at (10, 0));
  wait_queue (fx, doctor, fx->doctor_id, "Bina,Chitra,Asha");
  /* Every doctor's day holds the same, in the same order. */
  wait_queue (fx, doctor, NULL, "Bina,Chitra,Asha");

  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = read_queue (doctor, fx->day, fx->doctor_id);
  g_assert_cmpint (((LdAppointment *) g_ptr_array_index (queue, 0))->token, ==, 2);
  g_assert_cmpint (((LdAppointment *) g_ptr_array_index (queue, 1))->token, ==, 3);
  g_assert_cmpint (((LdAppointment *) g_ptr_array_index (queue, 2))->token, ==, 1);
  g_assert_cmpint (((LdAppointment *) g_ptr_array_index (queue, 1))->state, ==,
                   LD_APPOINTMENT_STATE_CHECKED_IN);

  /* Chitra's appointment is cancelled: she leaves the queue. */
  path = g_strdup_printf ("/api/v1/appointments/%s/cancel", chitra_at);
  cancelled = ld_test_send_json (fx->server, "POST", path, fx->desk,
                                 "{\"version\": 2, \"reason\": \"Had to leave\"}");
  ld_test_assert_status (cancelled, 200);
  wait_queue (fx, doctor, fx->doctor_id, "Bina,Asha");
  /* Another day, and another doctor, hold none of them. */
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = read_queue (doctor, "2030-01-10", fx->doctor_id);
  g_assert_cmpuint (queue->len, ==, 0);
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = read_queue (doctor, fx->day, "no-such-doctor");
  g_assert_cmpuint (queue->len, ==, 0);
  g_signal_handlers_disconnect_by_data (doctor->cache, fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add ("/client/appointments/queue-follows-desk", Fixture, NULL, fixture_setup,
              test_queue_follows_desk, fixture_teardown);

  return g_test_run ();
}
