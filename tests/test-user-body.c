/* test-user-body.c: a user the administrator writes is the one the server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator's user page writes POST /api/v1/users and PATCH
 * /api/v1/users/{id} with ld_user_body_write_*(), the server reads them
 * with ld_user_body_read_*(); one file spells both. A new signatory with
 * a signature and a change are written and read back whole, and each
 * thing refused is refused naming its member.
 */

#include "config.h"

#include <cairo.h>

#include "ld-error.h"
#include "ld-user-body.h"

#define USER_ID "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99"

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A signature as an administrator would scan it: 300 × 90 pixels. */
static GBytes *
signature_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 90);
  cairo_t *cr = cairo_create (surface);
  GByteArray *bytes = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.05, 0.1, 0.4);
  cairo_move_to (cr, 5, 60);
  cairo_curve_to (cr, 90, 0, 180, 90, 295, 30);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, bytes), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

static JsonObject *
written (const LdUserRequest *request,
         gboolean             edit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (edit)
    ld_user_body_write_edit (builder, request);
  else
    ld_user_body_write_create (builder, request);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static void
test_create_round_trip (void)
{
  g_auto(LdUserRequest) request = { NULL };
  g_auto(LdUserRequest) got = { NULL };
  g_autoptr(LdUser) signatory = ld_user_new (NULL, NULL, NULL, LD_ROLE_NONE);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  request.id = g_strdup (USER_ID);
  request.username = g_strdup ("kavita.rao");
  request.display_name = g_strdup ("Dr. Kavita Rao");
  request.roles = LD_ROLE_TECHNICIAN | LD_ROLE_DOCTOR;
  request.qualification = g_strdup ("MD (Pathology)");
  request.registration_number = g_strdup ("KMC 45678");
  request.can_sign_reports = TRUE;
  request.signature_png = signature_png ();
  request.password = g_strdup ("a long enough pass phrase");
  request.email = g_strdup ("kavita.rao@example.org");
  request.critical_email = TRUE;
  request.fields = LD_USER_FIELD_USERNAME | LD_USER_FIELD_DISPLAY_NAME | LD_USER_FIELD_ROLES |
                   LD_USER_FIELD_QUALIFICATION | LD_USER_FIELD_REGISTRATION_NUMBER |
                   LD_USER_FIELD_CAN_SIGN_REPORTS | LD_USER_FIELD_SIGNATURE_PNG |
                   LD_USER_FIELD_PASSWORD | LD_USER_FIELD_EMAIL | LD_USER_FIELD_CRITICAL_EMAIL;
  body = written (&request, FALSE);

  reader = ld_json_reader_new (body);
  ld_user_body_read_create (reader, signatory, &got);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got.id, ==, USER_ID);
  g_assert_cmpstr (got.username, ==, "kavita.rao");
  g_assert_cmpstr (got.display_name, ==, "Dr. Kavita Rao");
  g_assert_cmpint (got.roles, ==, request.roles);
  g_assert_cmpstr (got.qualification, ==, "MD (Pathology)");
  g_assert_cmpstr (got.registration_number, ==, "KMC 45678");
  g_assert_true (got.can_sign_reports);
  g_assert_nonnull (got.signature_png);
  g_assert_true (g_bytes_equal (got.signature_png, request.signature_png));
  g_assert_cmpstr (got.password, ==, "a long enough pass phrase");
  g_assert_false (got.reset_password);
  g_assert_cmpint (got.fields, ==, request.fields);
  g_assert_cmpstr (ld_user_get_qualification (signatory), ==, "MD (Pathology)");
  g_assert_true (ld_user_get_can_sign_reports (signatory));
  g_assert_cmpstr (got.email, ==, "kavita.rao@example.org");
  g_assert_true (got.critical_email);
  g_assert_cmpstr (ld_user_get_email (signatory), ==, "kavita.rao@example.org");
  g_assert_true (ld_user_get_critical_email (signatory));
}

/* A change names only what changed: a signatory no more, the signature
 * taken away, the account disabled, a new password made up. */
static void
test_edit_round_trip (void)
{
  g_auto(LdUserRequest) request = { NULL };
  g_auto(LdUserRequest) got = { NULL };
  g_autoptr(LdUser) stored =
               ld_user_new (USER_ID, "kavita.rao", "Dr. Kavita Rao", LD_ROLE_TECHNICIAN);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  ld_user_set_qualification (stored, "MD (Pathology)");
  ld_user_set_registration_number (stored, "KMC 45678");
  ld_user_set_can_sign_reports (stored, TRUE);

  request.version = 4;
  request.disabled = TRUE;
  request.can_sign_reports = FALSE;
  request.reset_password = TRUE;
  request.fields = LD_USER_FIELD_DISABLED | LD_USER_FIELD_CAN_SIGN_REPORTS |
                   LD_USER_FIELD_QUALIFICATION | LD_USER_FIELD_SIGNATURE_PNG |
                   LD_USER_FIELD_RESET_PASSWORD;
  body = written (&request, TRUE);
  g_assert_false (json_object_has_member (body, "roles"));
  g_assert_false (json_object_has_member (body, "display_name"));
  g_assert_true (json_object_get_null_member (body, "signature_png"));
  g_assert_true (json_object_get_null_member (body, "qualification"));

  got.roles = LD_ROLE_TECHNICIAN;
  reader = ld_json_reader_new (body);
  ld_user_body_read_edit (reader, stored, &got);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (got.version, ==, 4);
  g_assert_true (got.disabled);
  g_assert_true (got.reset_password);
  g_assert_null (got.password);
  g_assert_null (got.display_name);
  g_assert_cmpint (got.roles, ==, LD_ROLE_TECHNICIAN);
  g_assert_null (got.signature_png);
  g_assert_cmpint (got.fields, ==, request.fields);
  g_assert_false (ld_user_get_can_sign_reports (stored));
  g_assert_null (ld_user_get_qualification (stored));
  g_assert_cmpstr (ld_user_get_registration_number (stored), ==, "KMC 45678");
}

static void
test_refusals_name_the_member (void)
{
  static const struct
  {
    gboolean    edit;
    const char *body;
    const char *field;
  } cases[] = {
    { FALSE, "{\"display_name\":\"A B\",\"roles\":[\"reception\"]}", "username" },
    { FALSE, "{\"username\":\"a b\",\"display_name\":\"A B\",\"roles\":[\"reception\"]}",
      "username" },
    { FALSE, "{\"username\":\"ab\",\"roles\":[\"reception\"]}", "display_name" },
    { FALSE, "{\"username\":\"ab\",\"display_name\":\"A B\"}", "roles" },
    { FALSE, "{\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"king\"]}", "roles" },
    { FALSE,
      "{\"id\":\"x\",\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"reception\"]}",
      "id" },
    { FALSE,
      "{\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"reception\"],"
      "\"password\":\"a long enough pass phrase\",\"reset_password\":true}",
      "reset_password" },
    { FALSE,
      "{\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"reception\"],"
      "\"signature_png\":\"@@@@\"}",
      "signature_png" },
    { FALSE,
      "{\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"reception\"],"
      "\"signature_png\":\"R0lGODlh\"}",
      "signature_png" },
    { FALSE,
      "{\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"technician\"],"
      "\"can_sign_reports\":true}",
      "qualification" },
    { TRUE, "{\"display_name\":\"A B\"}", "version" },
    { TRUE, "{\"version\":1,\"disabled\":\"yes\"}", "disabled" },
    { TRUE, "{\"version\":1,\"roles\":[]}", "roles" },
    { TRUE, "{\"version\":1,\"display_name\":\"\"}", "display_name" },
    /* The patients' e-mail rule; critical results by e-mail need an address. */
    { TRUE, "{\"version\":1,\"email\":\"no-at-sign.example.org\"}", "email" },
    { TRUE, "{\"version\":1,\"email\":\"a@b.c\\r\\nBcc: x@y.z\"}", "email" },
    { TRUE, "{\"version\":1,\"critical_email\":true}", "critical_email" },
    { FALSE,
      "{\"username\":\"ab\",\"display_name\":\"A B\",\"roles\":[\"doctor\"],"
      "\"email\":\"ab@example.org\",\"critical_email\":1}",
      "critical_email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (cases[i].body, -1, NULL);
      g_autoptr(LdJsonReader) reader = NULL;
      g_autoptr(LdUser) user = ld_user_new (USER_ID, "ab", "A B", LD_ROLE_RECEPTION);
      g_auto(LdUserRequest) request = { NULL };
      g_autoptr(GError) error = NULL;
      GHashTable *fields;

      g_assert_nonnull (body);
      reader = ld_json_reader_new (body);
      if (cases[i].edit)
        ld_user_body_read_edit (reader, user, &request);
      else
        ld_user_body_read_create (reader, user, &request);
      g_assert_false (ld_json_reader_finish (reader, &error));
      g_assert_nonnull (error);
      fields = ld_api_error_get_fields (error);
      if (fields == NULL || !g_hash_table_contains (fields, cases[i].field))
        g_error ("%s: expected a refusal naming %s, got: %s", cases[i].body, cases[i].field,
                 error->message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/user-body/create-round-trip", test_create_round_trip);
  g_test_add_func ("/user-body/edit-round-trip", test_edit_round_trip);
  g_test_add_func ("/user-body/refusals-name-the-member", test_refusals_name_the_member);
  return g_test_run ();
}
