/* bench-server.c: request latency of the real server on loopback
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Run: ninja -C _build && _build/bench/bench-server
 * (release build for meaningful numbers).
 */

#include "config.h"

#include "bench-common.h"

#define N_READS 2000
/* One address may have 4 sign-ins under way and start 60 a minute
 * (docs/api.md): the bench stays inside both, so that it times sign-ins
 * and not refusals. */
#define N_SIGN_INS 32
#define SIGN_IN_CONNS 4
#define N_ORDERS 2000
#define ORDER_CLIENTS 8

typedef struct
{
  LdTestServer *server;
  GMainLoop    *loop;
  guint         pending;
  double       *sign_in_ms;
  guint         n_done;
} Concurrent;

static void
on_sign_in_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SoupMessage) msg = user_data;
  Concurrent *c = g_object_get_data (G_OBJECT (msg), "concurrent");
  gint64 started = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "started"));
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  c->sign_in_ms[c->n_done++] = (g_get_monotonic_time () - started) / 1000.0;
  if (--c->pending == 0)
    g_main_loop_quit (c->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autofree char *token = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  g_autofree double *ms = g_new0 (double, N_READS);
  g_autofree double *health_ms = g_new0 (double, N_READS);
  g_autoptr(SoupSession) session =
               soup_session_new_with_options ("max-conns-per-host", SIGN_IN_CONNS, NULL);
  g_autofree char *login_uri =
    g_strconcat (ld_test_server_get_uri (server), "/api/v1/sessions", NULL);
  Concurrent c = { server, g_main_loop_new (NULL, FALSE), 0, g_new0 (double, N_SIGN_INS), 0 };
  guint n_health = 0;

  for (guint i = 0; i < N_READS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) resp = ld_test_get (server, "/api/v1/sessions/current", token);

      g_assert_cmpuint (resp->status, ==, 200);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  bench_report ("GET /api/v1/sessions/current (signed in)", ms, N_READS);

  for (guint i = 0; i < 20; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *t = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  bench_report ("POST /api/v1/sessions (one at a time)", ms, 20);

  /* Sign-ins four at a time, while /health is polled: the main loop must
   * stay free while Argon2id runs in worker threads. */
  for (guint i = 0; i < N_SIGN_INS; i++)
    {
      static const char body[] = "{\"username\": \"doctor\", \"password\": \"doctor-demo\"}";
      g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
      SoupMessage *msg = soup_message_new ("POST", login_uri);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      g_object_set_data (G_OBJECT (msg), "concurrent", &c);
      g_object_set_data (G_OBJECT (msg), "started", GSIZE_TO_POINTER (g_get_monotonic_time ()));
      c.pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                        on_sign_in_done_cb, msg);
    }
  n_health = bench_poll_health (server, &c.pending, health_ms, N_READS);
  if (c.pending > 0)
    g_main_loop_run (c.loop);

  bench_report ("POST /api/v1/sessions (32 queued, 4 conns)", c.sign_in_ms, c.n_done);
  bench_report ("GET /health during those sign-ins", health_ms, n_health);

  {
    g_autofree char *desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
    g_autoptr(LdTestResponse) patient =
        ld_test_send_json (server, "POST", "/api/v1/patients", desk,
                           "{\"name\": \"Bench Patient\", \"sex\": \"female\", \"age_years\": 40}");
    g_autofree char *body = g_strdup_printf (
      "{\"patient_id\": \"%s\", \"items\": [\"CBC\", \"KFT\", \"ELEC\", \"TSH\"],"
      " \"discount\": {\"kind\": \"percent\", \"value\": 10, \"reason\": \"bench\"}}",
      ld_test_response_get_string (patient, "patient.id"));

    bench_orders (server, desk, body, N_ORDERS, 1);
    bench_orders (server, desk, body, N_ORDERS, ORDER_CLIENTS);
  }

  g_main_loop_unref (c.loop);
  g_free (c.sign_in_ms);
  return 0;
}
