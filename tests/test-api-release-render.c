/* test-api-release-render.c: a release's report, rendered off the writer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 36: POST …/release renders its PDF on a reader thread from a
 * snapshot and keeps those bytes in its write only if the write's own data
 * renders the same. Here the two halves run apart, on the real server and
 * database, with a change in between: the render on this thread with a
 * reader connection of its own (as a reader thread has), the write on the
 * server's thread (ld_test_server_invoke()). And over HTTP, releases
 * interleaved with other writes, each stored PDF the one served; and the
 * render begun as a release arrives, before anyone checked its sender.
 */

#include "config.h"

#include "ld-test-documents.h"
#include "ld-test-reports.h"
#include "ld-server.h"
#include "service/ld-service-release-render.h"
#include "service/ld-service-results.h"

typedef LdLabFixture Fixture;

#define PATIENT "{\"name\": \"Kiran Bhat\", \"sex\": \"female\", \"age_years\": 52}"

typedef struct
{
  LdTestServer           *server;
  const char             *order_id;
  gint64                  version;
  const char             *signatory_id;
  const LdRenderedReport *rendered;
  LdOrder                *saved;
  LdOrder                *current;
  LdReportVersion        *report;
  GError                 *error;
} Release;

static void
release_clear (Release *release)
{
  g_clear_pointer (&release->saved, ld_order_free);
  g_clear_pointer (&release->current, ld_order_free);
  g_clear_pointer (&release->report, ld_report_version_free);
  g_clear_error (&release->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Release, release_clear)

/* On the server's thread: the release's write, as the handler runs it. */
static gboolean
release_cb (gpointer data)
{
  Release *release = data;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (release->server));
  g_autoptr(LdUser) signatory = ld_store_users_get (store, release->signatory_id, &release->error);
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(GPtrArray) results = NULL;

  if (signatory == NULL)
    return G_SOURCE_REMOVE;
  ctx = ld_service_context_new (store, signatory, NULL, "test-release-render", "127.0.0.1");
  release->saved =
    ld_service_release_order (ctx, release->order_id, release->version, NULL, release->rendered,
                              &release->current, &results, &release->report, &release->error);
  return G_SOURCE_REMOVE;
}

/* An order whose one haemoglobin is entered and verified: ready to release. */
static char *
order_verified (Fixture    *fx,
                const char *value)
{
  g_autofree char *order_id = ld_lab_order_in_lab (fx->lab, fx->patient_id, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;

  entered = ld_lab_save (fx->lab, fx->lab->technician, order_id, TRUE, "HB", value, NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);
  return g_steal_pointer (&order_id);
}

/* As a reader thread renders it: its own read-only connection. */
static LdRenderedReport *
render_ahead (Fixture    *fx,
              const char *order_id,
              gint64      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) reader =
               ld_store_open_reader (ld_test_server_get_db_path (fx->lab->server), &error);
  LdRenderedReport *rendered;

  g_assert_no_error (error);
  rendered =
    ld_service_render_release (reader, order_id, version, fx->lab->signatory_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rendered);
  return rendered;
}

static char *
bytes_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* The served PDF is the stored one: its SHA-256 is the one the store
 * computed from the bytes it kept. */
static LdTestResponse *
get_served_pdf (Fixture    *fx,
                const char *order_id,
                const char *pdf_sha256)
{
  LdTestResponse *resp = ld_test_get_document (fx->lab, fx->lab->desk, order_id, "report.pdf");
  g_autofree char *served_sha256 = NULL;

  ld_test_assert_status (resp, 200);
  served_sha256 = ld_test_body_sha256 (resp);
  g_assert_cmpstr (served_sha256, ==, pdf_sha256);
  return resp;
}

/* Nothing changed between the render and the write: the bytes kept and
 * served are the very bytes rendered, with the code and time it printed. */
static void
test_kept_as_rendered (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *order_id = order_verified (fx, "12.7");
  gint64 version = ld_lab_order_version (fx->lab, order_id);
  g_autoptr(LdRenderedReport) rendered = render_ahead (fx, order_id, version);
  g_auto(Release) release = { fx->lab->server, order_id, version, fx->lab->signatory_id, rendered };
  g_autoptr(LdTestResponse) served = NULL;
  g_autofree char *rendered_sha256 = bytes_sha256 (ld_rendered_report_get_pdf (rendered));
  g_autoptr(LdReportVersion) printed = ld_report_version_new ();
  GBytes *pdf = ld_rendered_report_get_pdf (rendered);

  ld_test_server_invoke (fx->lab->server, release_cb, &release);
  g_assert_no_error (release.error);
  g_assert_nonnull (release.report);
  g_assert_cmpstr (release.report->pdf_sha256, ==, rendered_sha256);
  ld_rendered_report_prepare_version (rendered, printed);
  g_assert_cmpstr (release.report->verification_code, ==, printed->verification_code);
  g_assert_cmpstr (release.report->released_at, ==, printed->released_at);

  served = get_served_pdf (fx, order_id, release.report->pdf_sha256);
  g_assert_cmpmem (served->body, served->length, g_bytes_get_data (pdf, NULL),
                   g_bytes_get_size (pdf));
}

/* The lab's name changed while the report was rendered: the write finds
 * its data differs and renders again; the new name is kept and served. */
static void
test_changed_during_render (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *order_id = order_verified (fx, "12.9");
  gint64 version = ld_lab_order_version (fx->lab, order_id);
  g_autoptr(LdRenderedReport) rendered = render_ahead (fx, order_id, version);
  g_auto(Release) release = { fx->lab->server, order_id, version, fx->lab->signatory_id, rendered };
  g_autoptr(LdTestResponse) served = NULL;
  g_autofree char *rendered_sha256 = bytes_sha256 (ld_rendered_report_get_pdf (rendered));
  g_autofree char *text = NULL;

  ld_test_patch_settings (fx->lab, "\"lab_name\": \"Renamed While Rendering Labs\"");

  ld_test_server_invoke (fx->lab->server, release_cb, &release);
  g_assert_no_error (release.error);
  g_assert_nonnull (release.report);
  g_assert_cmpstr (release.report->pdf_sha256, !=, rendered_sha256);

  served = get_served_pdf (fx, order_id, release.report->pdf_sha256);
  text = ld_test_report_text (fx->lab, order_id, "renamed.pdf");
  ld_test_assert_contains (text, "Renamed While Rendering Labs");
}

/* Two releases of one order rendered from the same version: the first
 * write releases it, the second finds the order moved on and is answered
 * 409 with the order as it now is, as a release sent after the first
 * would be; one report version, with its PDF. */
static void
test_order_changed_during_render (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autofree char *order_id = order_verified (fx, "13.1");
  gint64 version = ld_lab_order_version (fx->lab, order_id);
  g_autoptr(LdRenderedReport) first = render_ahead (fx, order_id, version);
  g_autoptr(LdRenderedReport) second = render_ahead (fx, order_id, version);
  g_auto(Release) won = { fx->lab->server, order_id, version, fx->lab->signatory_id, first };
  g_auto(Release) lost = { fx->lab->server, order_id, version, fx->lab->signatory_id, second };
  g_autofree char *sql = NULL;
  g_autoptr(LdTestResponse) served = NULL;

  ld_test_server_invoke (fx->lab->server, release_cb, &won);
  g_assert_no_error (won.error);
  ld_test_server_invoke (fx->lab->server, release_cb, &lost);
  g_assert_error (lost.error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_assert_null (lost.saved);
  g_assert_nonnull (lost.current);
  g_assert_cmpint (lost.current->version, >, version);

  sql = g_strdup_printf ("SELECT count(*) FROM reports r JOIN report_pdfs p ON p.report_id = r.id"
                         " WHERE r.order_id = '%s'",
                         order_id);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, sql), ==, 1);
  served = get_served_pdf (fx, order_id, won.report->pdf_sha256);
}

static char *
raw_request (const char *path,
             const char *token,
             const char *key,
             const char *body)
{
  return g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\nIdempotency-Key: %s\r\n"
                          "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                          path, token, key, strlen (body), body);
}

/* The count of labdesk_release_renders_total{begun=@begun} in /metrics. */
static guint
renders_begun (Fixture    *fx,
               const char *begun)
{
  g_autoptr(LdTestResponse) metrics = ld_test_get (fx->lab->server, "/metrics", NULL);
  g_autofree char *line = g_strdup_printf ("labdesk_release_renders_total{begun=\"%s\"} ", begun);
  const char *found;

  ld_test_assert_status (metrics, 200);
  found = strstr (metrics->body, line);
  g_assert_nonnull (found);
  return (guint) g_ascii_strtoull (found + strlen (line), NULL, 10);
}

/* A release's report begins to render as the request arrives, on a reader
 * that checks the sender's session and role itself: a technician's
 * release, one with a token that is no session, and one with no token
 * render nothing; a signatory's renders once, and that render is the
 * report kept and served (none begun again at its turn). */
static void
test_begun_at_arrival (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *order_id = order_verified (fx, "12.3");
  g_autofree char *body = ld_lab_release_body (fx->lab, order_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/release", order_id);
  guint at_arrival = renders_begun (fx, "arrival");
  guint at_turn = renders_begun (fx, "turn");
  const char *refused[] = { fx->lab->technician, "not-a-session-token", NULL };
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) served = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->lab->server, "POST", path, refused[i], body);

      ld_test_assert_status (resp, i == 0 ? 403 : 401);
    }

  released = ld_test_send_json (fx->lab->server, "POST", path, fx->lab->signatory, body);
  ld_test_assert_status (released, 201);
  served =
    get_served_pdf (fx, order_id, ld_test_response_get_string (released, "report.pdf_sha256"));

  g_assert_cmpuint (renders_begun (fx, "arrival"), ==, at_arrival + 1);
  g_assert_cmpuint (renders_begun (fx, "turn"), ==, at_turn);
}

#define N_ORDERS 3

/* Three releases and three registrations sent at once, each on its own
 * connection, before any answer is read: all go through, each release's
 * kept PDF is the one served, no report version lacks its PDF, and a
 * repeat of a release is answered with the same report. */
static void
test_interleaved (Fixture       *fx,
                  gconstpointer  data)
{
  char *order_ids[N_ORDERS];
  GSocketConnection *connections[2 * N_ORDERS];
  LdTestResponse *answers[2 * N_ORDERS];
  g_autofree char *repeat_sha256 = NULL;

  for (guint i = 0; i < N_ORDERS; i++)
    order_ids[i] = order_verified (fx, i == 0 ? "11.1" : i == 1 ? "11.2" : "11.3");

  for (guint i = 0; i < 2 * N_ORDERS; i++)
    {
      g_autofree char *key = g_strdup_printf ("interleaved-%u", i);
      g_autofree char *request = NULL;

      if (i % 2 == 0)
        {
          g_autofree char *path =
            g_strdup_printf ("/api/v1/orders/%s/release", order_ids[i / 2]);
          g_autofree char *body = ld_lab_release_body (fx->lab, order_ids[i / 2]);

          request = raw_request (path, fx->lab->signatory, key, body);
        }
      else
        {
          g_autofree char *body = g_strdup_printf (
            "{\"name\": \"Asha Interleaved %u\", \"sex\": \"female\", \"age_years\": %u}", i,
            30 + i);

          request = raw_request ("/api/v1/patients", fx->lab->desk, key, body);
        }
      connections[i] = ld_test_connect (fx->lab->server);
      ld_test_write_raw (connections[i], request, strlen (request));
    }

  for (guint i = 0; i < 2 * N_ORDERS; i++)
    {
      answers[i] = ld_test_read_response (connections[i]);
      ld_test_assert_status (answers[i], 201);
    }

  for (guint i = 0; i < N_ORDERS; i++)
    {
      const char *sha256 = ld_test_response_get_string (answers[2 * i], "report.pdf_sha256");
      g_autoptr(LdTestResponse) served = get_served_pdf (fx, order_ids[i], sha256);
    }
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server,
                                             "SELECT count(*) FROM reports r WHERE NOT EXISTS"
                                             " (SELECT 1 FROM report_pdfs p"
                                             "  WHERE p.report_id = r.id)"),
                   ==, 0);

  /* The first release again, with its key: the same report, not a second. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/release", order_ids[0]);
    g_autofree char *body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                       ld_test_response_get_int (answers[0], "order.version") - 1);
    g_autofree char *request = raw_request (path, fx->lab->signatory, "interleaved-0", body);
    g_autoptr(GSocketConnection) again = ld_test_connect (fx->lab->server);
    g_autoptr(LdTestResponse) repeat = NULL;

    ld_test_write_raw (again, request, strlen (request));
    repeat = ld_test_read_response (again);
    ld_test_assert_status (repeat, 201);
    g_assert_cmpstr (ld_test_response_get_string (repeat, "report.pdf_sha256"), ==,
                     ld_test_response_get_string (answers[0], "report.pdf_sha256"));
  }

  for (guint i = 0; i < 2 * N_ORDERS; i++)
    {
      ld_test_response_free (answers[i]);
      g_object_unref (connections[i]);
    }
  for (guint i = 0; i < N_ORDERS; i++)
    g_free (order_ids[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, PATIENT, ld_lab_fixture_setup, func, ld_lab_fixture_teardown)
  ADD ("/server/release-render/kept-as-rendered", test_kept_as_rendered);
  ADD ("/server/release-render/changed-during-render", test_changed_during_render);
  ADD ("/server/release-render/order-changed-during-render", test_order_changed_during_render);
  ADD ("/server/release-render/interleaved", test_interleaved);
  ADD ("/server/release-render/begun-at-arrival", test_begun_at_arrival);
#undef ADD

  return g_test_run ();
}
