/* test-api-signing.c: who may sign a report, and what the report prints of them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 18: only an authorised signatory releases a report or amends a
 * released one; the administrator makes one through the users API; the
 * report prints the signatory's name, qualification and registration
 * number. Everything goes through the real server on a loopback port.
 */

#include "config.h"

#include "ld-test-documents.h"
#include "ld-test-reports.h"
#include "ld-test-snapshot.h"

typedef LdLabFixture Fixture;

#define PATIENT "{\"name\": \"Kiran Bhat\", \"sex\": \"female\", \"age_years\": 52}"

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

static void
assert_forbidden_unchanged (Fixture    *fx,
                            const char *token,
                            const char *order_id,
                            const char *action,
                            const char *body,
                            const char *message)
{
  g_autofree char *snapshot = ld_test_snapshot_database (fx->lab->server);
  g_autoptr(LdTestResponse) resp = ld_lab_order_post (fx->lab, token, order_id, action, body);

  ld_test_assert_error (resp, 403, "forbidden");
  ld_test_assert_contains (ld_test_response_get_string (resp, "error.message"), message);
  ld_test_assert_unchanged (fx->lab->server, snapshot);
}

/* A technician, and an administrator who is no signatory, are refused
 * with the reason; nothing changes; the signatory then releases. */
static void
test_release_needs_signatory (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *order_id = order_verified (fx, "13.1");
  g_autofree char *body = ld_lab_release_body (fx->lab, order_id);
  g_autoptr(LdTestResponse) released = NULL;
  g_autofree char *text = NULL;

  assert_forbidden_unchanged (fx, fx->lab->technician, order_id, "release", body,
                              "Only an authorised signatory can release reports");
  assert_forbidden_unchanged (fx, fx->lab->admin, order_id, "release", body,
                              "Only an authorised signatory can release reports");

  released = ld_lab_order_post (fx->lab, fx->lab->signatory, order_id, "release", body);
  ld_test_assert_status (released, 201);
  g_assert_cmpstr (ld_test_response_get_string (released, "report.released_by"), ==,
                   fx->lab->signatory_id);

  text = ld_test_report_text (fx->lab, order_id, "signed.pdf");
  ld_test_assert_contains (text, "Dr. Kavita Rao");
  ld_test_assert_contains (text, "MD (Pathology)");
  ld_test_assert_contains (text, "KMC 2004/03/1234");
}

/* Amending a released report is the signatory's too. */
static void
test_amend_needs_signatory (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *order_id = order_verified (fx, "13.1");
  g_autoptr(LdTestResponse) released = ld_lab_release (fx->lab, fx->lab->signatory, order_id);
  g_autoptr(LdTestResponse) results = NULL;
  g_autoptr(LdTestResponse) amended = NULL;
  g_autofree char *amend = NULL;

  ld_test_assert_status (released, 201);
  results = ld_lab_get_results (fx->lab, fx->lab->technician, order_id);
  amend =
    g_strdup_printf ("{\"reason\": \"Transcription error\", \"results\": [{\"test_code\": \"HB\","
                     " \"version\": %" G_GINT64_FORMAT ", \"value\": \"13.4\"}]}",
                     json_object_get_int_member (ld_lab_find_result (results, "items", "HB"),
                                                 "version"));

  assert_forbidden_unchanged (fx, fx->lab->technician, order_id, "amendments", amend,
                              "Only an authorised signatory can amend released reports");
  amended = ld_lab_order_post (fx->lab, fx->lab->signatory, order_id, "amendments", amend);
  ld_test_assert_status (amended, 201);
}

static char *
base64_png (guint width,
            guint height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autofree char *path = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ld-signature-XXXXXX", NULL);
  g_autofree char *data = NULL;
  cairo_t *cr = cairo_create (surface);
  gsize length;

  cairo_set_source_rgb (cr, 0.05, 0.1, 0.4);
  cairo_set_line_width (cr, 3);
  cairo_move_to (cr, 5, height * 0.7);
  cairo_curve_to (cr, width * 0.3, 0, width * 0.6, height, width - 5, height * 0.3);
  cairo_stroke (cr);
  cairo_destroy (cr);
  path = g_build_filename (dir, "s.png", NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  ld_test_remove_tree (dir);
  return g_base64_encode ((const guchar *) data, length);
}

/* The administrator makes a signatory, with a signature image; their
 * release prints all of it; taking the flag away takes the right away. */
static void
test_admin_makes_signatory (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *png = base64_png (300, 90);
  g_autofree char *create = g_strdup_printf (
    "{\"username\": \"mehta\", \"display_name\": \"Dr Anil Mehta\", \"roles\": [\"technician\"],"
    " \"password\": \"long-enough-password\", \"qualification\": \"DNB (Pathology)\","
    " \"registration_number\": \"MMC 2011/07/5521\", \"can_sign_reports\": true,"
    " \"signature_png\": \"%s\"}", png);
  g_autoptr(LdTestResponse) made = ld_test_send_json (fx->lab->server, "POST", "/api/v1/users",
                                                      fx->lab->admin, create);
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) revoked = NULL;
  g_autofree char *token = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *page = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  g_autofree char *body = NULL;

  ld_test_assert_status (made, 201);
  g_assert_cmpstr (ld_test_response_get_string (made, "user.qualification"), ==, "DNB (Pathology)");
  g_assert_cmpstr (ld_test_response_get_string (made, "user.registration_number"), ==,
                   "MMC 2011/07/5521");
  g_assert_true (
    json_object_get_boolean_member (json_object_get_object_member (ld_test_response_object (made),
                                                                   "user"),
                                    "can_sign_reports"));
  g_assert_true (
    json_object_get_boolean_member (json_object_get_object_member (ld_test_response_object (made),
                                                                   "user"),
                                    "has_signature"));
  token = ld_test_login (fx->lab->server, "mehta", "long-enough-password");

  order_id = order_verified (fx, "12.7");
  released = ld_lab_release (fx->lab, token, order_id);
  ld_test_assert_status (released, 201);
  text = ld_test_report_text (fx->lab, order_id, "mehta.pdf");
  ld_test_assert_contains (text, "Dr Anil Mehta");
  ld_test_assert_contains (text, "DNB (Pathology)");
  ld_test_assert_contains (text, "MMC 2011/07/5521");

  /* The signature is drawn: the sign-off has an image the report without one lacks. */
  resp = ld_test_get_document (fx->lab, fx->lab->desk, order_id, "report.pdf");
  pdf = ld_test_save_body (fx->lab, resp, "mehta-image.pdf");
  page = ld_test_run_tool ("pdfimages", "-list", pdf, NULL);
  ld_test_assert_contains (page, "300    90");

  path = g_strdup_printf ("/api/v1/users/%s", ld_test_response_get_string (made, "user.id"));
  revoke = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"can_sign_reports\": false}",
                            ld_test_response_get_int (made, "user.version"));
  revoked = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->admin, revoke);
  ld_test_assert_status (revoked, 200);
  second_id = order_verified (fx, "12.9");
  body = ld_lab_release_body (fx->lab, second_id);
  assert_forbidden_unchanged (fx, token, second_id, "release", body,
                              "Only an authorised signatory can release reports");
}

/* Each new user field refused with its name, and nothing written. */
static void
test_user_fields_bad_input (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *huge = base64_png (1500, 90);
  g_autofree char *tiny = base64_png (10, 10);
  g_autofree char *not_png =
    g_base64_encode ((const guchar *) "GIF89a this is no PNG at all......", 34);
  g_autofree char *long_text = g_strnfill (101, 'q');
  struct
  {
    const char *members;
    const char *field;
    const char *message;
  } cases[] = {
    { "\"qualification\": 5", "qualification", NULL },
    { "\"qualification\": \"MD\\n(Pathology)\"", "qualification", "one line" },
    { "\"qualification\": \"  \"", "qualification", NULL },
    { "\"registration_number\": \"MMC <2004>\"", "registration_number", "may hold only" },
    { "\"registration_number\": true", "registration_number", NULL },
    { "\"can_sign_reports\": \"yes\"", "can_sign_reports", NULL },
    { "\"can_sign_reports\": true", "qualification", "is required" },
    { "\"can_sign_reports\": true, \"qualification\": \"MD\"", "registration_number",
      "is required" },
    { "\"signature_png\": \"@@@@\"", "signature_png", "base64" },
    { "\"signature_png\": 12", "signature_png", NULL },
  };
  g_autofree char *snapshot = ld_test_snapshot_database (fx->lab->server);
  g_autoptr(LdTestResponse) me = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"username\": \"newbie\", \"display_name\": \"New\","
                         " \"roles\": [\"technician\"], %s}",
                         cases[i].members);
      g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->lab->server, "POST", "/api/v1/users",
                                                           fx->lab->admin, body);
      const char *message;

      g_test_message ("case %u: %s", i, cases[i].members);
      ld_test_assert_error (resp, 422, "validation_failed");
      message = ld_test_response_get_field_error (resp, cases[i].field);
      g_assert_nonnull (message);
      if (cases[i].message != NULL)
        ld_test_assert_contains (message, cases[i].message);
    }
  {
    const char *pngs[] = { huge, tiny, not_png };
    const char *messages[] = { "pixels", "pixels", "PNG" };

    for (guint i = 0; i < G_N_ELEMENTS (pngs); i++)
      {
        g_autofree char *body =
          g_strdup_printf ("{\"username\": \"newbie\", \"display_name\": \"New\","
                           " \"roles\": [\"technician\"], \"signature_png\": \"%s\"}",
                           pngs[i]);
        g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->lab->server, "POST",
                                                             "/api/v1/users", fx->lab->admin, body);

        ld_test_assert_error (resp, 422, "validation_failed");
        ld_test_assert_contains (ld_test_response_get_field_error (resp, "signature_png"),
                                 messages[i]);
      }
  }
  {
    g_autofree char *body =
      g_strdup_printf ("{\"username\": \"newbie\", \"display_name\": \"New\","
                       " \"roles\": [\"technician\"], \"qualification\": \"%s\"}",
                       long_text);
    g_autoptr(LdTestResponse) resp =
                 ld_test_send_json (fx->lab->server, "POST", "/api/v1/users", fx->lab->admin, body);

    ld_test_assert_error (resp, 422, "validation_failed");
    ld_test_assert_contains (ld_test_response_get_field_error (resp, "qualification"),
                             "at most 100");
  }
  ld_test_assert_unchanged (fx->lab->server, snapshot);

  /* The signatory's qualification cannot be taken away while the flag stays. */
  path = g_strdup_printf ("/api/v1/users/%s", fx->lab->signatory_id);
  me = ld_test_get (fx->lab->server, path, fx->lab->admin);
  {
    g_autofree char *body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"qualification\": null}",
                       ld_test_response_get_int (me, "user.version"));
    g_autoptr(LdTestResponse) resp =
                 ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->admin, body);

    ld_test_assert_error (resp, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (resp, "qualification"));
  }
  /* Only the administrator sets them. */
  {
    g_autofree char *body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"can_sign_reports\": true}",
                       ld_test_response_get_int (me, "user.version"));
    g_autofree char *own = g_strdup_printf ("/api/v1/users/%s", fx->lab->technician_id);
    g_autoptr(LdTestResponse) resp =
                 ld_test_send_json (fx->lab->server, "PATCH", own, fx->lab->technician, body);

    ld_test_assert_error (resp, 403, "forbidden");
  }
  ld_test_assert_unchanged (fx->lab->server, snapshot);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, PATIENT, ld_lab_fixture_setup, func, ld_lab_fixture_teardown)
  ADD ("/server/signing/release-needs-signatory", test_release_needs_signatory);
  ADD ("/server/signing/amend-needs-signatory", test_amend_needs_signatory);
  ADD ("/server/signing/admin-makes-signatory", test_admin_makes_signatory);
  ADD ("/server/signing/user-fields-bad-input", test_user_fields_bad_input);
#undef ADD

  return g_test_run ();
}
