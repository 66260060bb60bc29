/* bench-release.c: what rendering the report inside a release costs
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Run in a release build:
 *   meson setup _build-bench --buildtype=release && ninja -C _build-bench
 *   _build-bench/bench/bench-release
 *
 * Releases orders of the tests' sample order (a blood count, a glucose and
 * a potassium: ten results, one page) one at a time over HTTP, the report
 * rendered and its PDF kept inside each release's transaction. The server
 * thread first warms its renderer, as `labdesk-server serve` does at start
 * (timed apart), and the first release is printed apart from the rest.
 * Then it serves the reports back, and measures how long GET /health waits
 * while eight releases are in flight, which is how long the render holds
 * the main loop from everyone else.
 */

#include "config.h"

#include "bench-common.h"
#include "ld-test-documents.h"
#include "documents/ld-documents.h"

#define N_RELEASES 200
#define N_CONCURRENT 8

typedef struct
{
  GMainLoop *loop;
  guint      pending;
} Burst;

static void
on_release_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SoupMessage) msg = user_data;
  Burst *burst = g_object_get_data (G_OBJECT (msg), "burst");
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  if (--burst->pending == 0)
    g_main_loop_quit (burst->loop);
}

static gboolean
warm_up_cb (gpointer user_data)
{
  gint64 start = g_get_monotonic_time ();

  ld_documents_warm_up ();
  *(double *) user_data = (g_get_monotonic_time () - start) / 1000.0;
  return G_SOURCE_REMOVE;
}

static SoupMessage *
release_message (LdLab      *lab,
                 const char *order_id)
{
  g_autofree char *uri =
    g_strdup_printf ("%s/api/v1/orders/%s/release", ld_test_server_get_uri (lab->server), order_id);
  g_autofree char *header = g_strdup_printf ("Bearer %s", lab->signatory);
  g_autofree char *body = ld_lab_release_body (lab, order_id);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));
  SoupMessage *msg = soup_message_new ("POST", uri);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

int
main (int   argc,
      char *argv[])
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *ms = g_new0 (double, N_RELEASES);
  g_autofree double *health_ms = g_new0 (double, 4096);
  g_autoptr(SoupSession) session =
               soup_session_new_with_options ("max-conns-per-host", N_CONCURRENT, NULL);
  Burst  burst = { g_main_loop_new (NULL, FALSE), 0 };
  gsize  total_bytes = 0;
  guint  n_health = 0;
  double warm_up_ms = 0;

  ld_test_patch_settings (lab, "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "\"");
  patient_id = ld_lab_new_patient (lab, "{\"name\": \"अनीता देशपांडे\", \"sex\": \"female\","
                                        " \"date_of_birth\": \"1984-03-21\"}");

  g_print ("preparing %u orders…\n", N_RELEASES + N_CONCURRENT);
  for (guint i = 0; i < N_RELEASES + N_CONCURRENT; i++)
    g_ptr_array_add (orders, ld_test_order_resulted (lab, patient_id));

  ld_test_server_invoke (lab->server, warm_up_cb, &warm_up_ms);
  g_print ("%-44s %.2f ms\n", "renderer warm-up on the server thread", warm_up_ms);

  for (guint i = 0; i < N_RELEASES; i++)
    {
      g_autofree char *body = ld_lab_release_body (lab, g_ptr_array_index (orders, i));
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) resp = NULL;

      resp =
        ld_lab_order_post (lab, lab->signatory, g_ptr_array_index (orders, i), "release", body);

      ld_test_assert_status (resp, 201);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  g_print ("%-44s %.2f ms\n", "POST …/release, the first", ms[0]);
  bench_report ("POST …/release, the rest", ms + 1, N_RELEASES - 1);

  for (guint i = 0; i < N_RELEASES; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) resp = NULL;

      resp = ld_test_get_document (lab, lab->desk, g_ptr_array_index (orders, i), "report.pdf");

      ld_test_assert_status (resp, 200);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      total_bytes += resp->length;
    }
  bench_report ("GET …/report.pdf (stored bytes)", ms, N_RELEASES);
  g_print ("%-44s %zu bytes (%.1f KiB), %.1f MiB per 1,000 reports\n", "report PDF, mean size",
           total_bytes / N_RELEASES, total_bytes / (double) N_RELEASES / 1024.0,
           total_bytes / (double) N_RELEASES * 1000.0 / (1024.0 * 1024.0));

  /* Eight releases at once, while another client polls /health. */
  for (guint i = N_RELEASES; i < N_RELEASES + N_CONCURRENT; i++)
    {
      SoupMessage *msg = release_message (lab, g_ptr_array_index (orders, i));

      g_object_set_data (G_OBJECT (msg), "burst", &burst);
      burst.pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                        on_release_done_cb, msg);
    }
  n_health = bench_poll_health (lab->server, &burst.pending, health_ms, 4096);
  if (burst.pending > 0)
    g_main_loop_run (burst.loop);
  bench_report ("GET /health during 8 concurrent releases", health_ms, n_health);

  g_main_loop_unref (burst.loop);
  ld_lab_free (lab);
  return 0;
}
