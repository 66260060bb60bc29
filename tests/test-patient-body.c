/* test-patient-body.c: a patient the desk writes is the one the server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's patient dialog writes POST /api/v1/patients and PATCH
 * /api/v1/patients/{id} with ld_patient_body_write_*(), the server reads
 * them with ld_patient_body_read_*(); one file spells both. A
 * registration and an edit are written and read back whole, an edit
 * carries only what changed, and each thing the server refuses is
 * refused naming its member.
 */

#include "config.h"

#include "ld-error.h"
#include "ld-patient-body.h"

#define PATIENT_ID "0b9a44f3-2d41-4b8e-a1c7-3f5e9d2c8b60"

static JsonObject *
written_registration (LdPatient              *patient,
                      const LdPatientRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_patient_body_write_registration (builder, patient, request);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

/* The edit's body as the server gets it: the outbox takes "id" into the
 * route. */
static JsonObject *
written_edit (LdPatient              *patient,
              const LdPatientRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;

  json_builder_begin_object (builder);
  ld_patient_body_write_edit (builder, patient, request);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_object_ref (json_node_get_object (root));
  g_assert_cmpstr (ld_json_object_get_string (body, "id"), ==, request->id);
  json_object_remove_member (body, "id");
  return body;
}

static LdPatient *
full_patient (void)
{
  LdPatient *patient = ld_patient_new (NULL);

  ld_patient_set_fields (patient, "Asha Verma", LD_SEX_FEMALE, "1984-03-21", -1,
                         "+91 98450 12345", "asha@example.com", "12 MG Road, Pune",
                         "ABHA-1234-5678");
  ld_patient_set_do_not_send (patient, TRUE, FALSE);
  return patient;
}

static void
assert_same_details (LdPatient *a,
                     LdPatient *b)
{
  g_assert_cmpstr (ld_patient_get_name (a), ==, ld_patient_get_name (b));
  g_assert_cmpint (ld_patient_get_sex (a), ==, ld_patient_get_sex (b));
  g_assert_cmpstr (ld_patient_get_date_of_birth (a), ==, ld_patient_get_date_of_birth (b));
  g_assert_cmpint (ld_patient_get_age_years (a), ==, ld_patient_get_age_years (b));
  g_assert_cmpstr (ld_patient_get_phone (a), ==, ld_patient_get_phone (b));
  g_assert_cmpstr (ld_patient_get_email (a), ==, ld_patient_get_email (b));
  g_assert_cmpint (ld_patient_get_phone_do_not_send (a), ==,
                   ld_patient_get_phone_do_not_send (b));
  g_assert_cmpint (ld_patient_get_email_do_not_send (a), ==,
                   ld_patient_get_email_do_not_send (b));
  g_assert_cmpstr (ld_patient_get_address (a), ==, ld_patient_get_address (b));
  g_assert_cmpstr (ld_patient_get_national_id (a), ==, ld_patient_get_national_id (b));
}

static void
test_registration_round_trip (void)
{
  g_autoptr(LdPatient) patient = full_patient ();
  g_autoptr(LdPatient) read = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LdPatientRequest) request = { NULL };
  g_auto(LdPatientRequest) got = { NULL };

  request.id = g_strdup (PATIENT_ID);
  request.allow_duplicate = TRUE;
  request.fields = LD_PATIENT_FIELD_ALL;
  body = written_registration (patient, &request);

  reader = ld_json_reader_new (body);
  read = ld_patient_body_read_registration (reader, &got);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got.id, ==, PATIENT_ID);
  g_assert_cmpstr (ld_patient_get_id (read), ==, PATIENT_ID);
  g_assert_true (got.allow_duplicate);
  g_assert_cmpint (got.fields, ==, LD_PATIENT_FIELD_ALL);
  assert_same_details (patient, read);
  g_assert_cmpint (ld_patient_get_age_years (read), ==, -1);
}

/* No id: the server chooses one; no override unless asked; an age in
 * place of a date, and an optional detail never given is not sent. */
static void
test_registration_by_age (void)
{
  g_autoptr(LdPatient) patient = ld_patient_new (NULL);
  g_autoptr(LdPatient) read = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LdPatientRequest) request = { NULL };
  g_auto(LdPatientRequest) got = { NULL };

  ld_patient_set_fields (patient, "Ravi Kumar", LD_SEX_MALE, NULL, 47, NULL, NULL, NULL, NULL);
  request.fields = LD_PATIENT_FIELD_NAME | LD_PATIENT_FIELD_SEX | LD_PATIENT_FIELD_DATE_OF_BIRTH |
                   LD_PATIENT_FIELD_AGE_YEARS | LD_PATIENT_FIELD_PHONE;
  body = written_registration (patient, &request);
  g_assert_false (json_object_has_member (body, "id"));
  g_assert_false (json_object_has_member (body, "allow_duplicate"));
  g_assert_false (json_object_has_member (body, "email"));
  g_assert_true (json_object_get_null_member (body, "phone"));
  g_assert_true (json_object_get_null_member (body, "date_of_birth"));
  g_assert_cmpint (json_object_get_int_member (body, "age_years"), ==, 47);

  reader = ld_json_reader_new (body);
  read = ld_patient_body_read_registration (reader, &got);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_true (g_uuid_string_is_valid (got.id));
  g_assert_false (got.allow_duplicate);
  g_assert_cmpint (got.fields, ==, request.fields);
  assert_same_details (patient, read);
}

/* An edit carries only what the person changed, and lays it over the
 * record as stored. */
static void
test_edit_round_trip (void)
{
  g_autoptr(LdPatient) stored = full_patient ();
  g_autoptr(LdPatient) edited = full_patient ();
  g_autoptr(LdPatient) expected = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LdPatientRequest) request = { NULL };
  g_auto(LdPatientRequest) got = { NULL };

  ld_patient_set_fields (edited, "Asha R. Verma", LD_SEX_FEMALE, NULL, 42, "+91 98450 12345",
                         NULL, "12 MG Road, Pune", "ABHA-1234-5678");
  ld_patient_set_do_not_send (edited, TRUE, TRUE);

  request.id = g_strdup (PATIENT_ID);
  request.version = 7;
  request.fields = ld_patient_fields_changed (stored, edited);
  g_assert_cmpint (request.fields, ==,
                   LD_PATIENT_FIELD_NAME | LD_PATIENT_FIELD_DATE_OF_BIRTH |
                     LD_PATIENT_FIELD_AGE_YEARS | LD_PATIENT_FIELD_EMAIL |
                     LD_PATIENT_FIELD_PHONE_DO_NOT_SEND);
  body = written_edit (edited, &request);
  g_assert_false (json_object_has_member (body, "phone"));
  g_assert_false (json_object_has_member (body, "sex"));
  g_assert_true (json_object_get_null_member (body, "email"));

  reader = ld_json_reader_new (body);
  ld_patient_body_read_edit (reader, stored, &got);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (got.version, ==, 7);
  g_assert_cmpint (got.fields, ==, request.fields);
  assert_same_details (stored, edited);
  g_assert_cmpint (ld_patient_fields_changed (stored, edited), ==, 0);
}

/* A record as the server sends it reads back as the patient it was
 * written from. */
static void
test_record_reads_back (void)
{
  g_autoptr(LdPatient) patient = full_patient ();
  g_autoptr(LdPatient) read = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  ld_patient_set_mrn (patient, "MRN-000042");
  ld_patient_set_version (patient, 3);
  ld_patient_to_json (patient, builder);
  root = json_builder_get_root (builder);
  read = ld_patient_new_from_json (json_node_get_object (root));
  assert_same_details (patient, read);
  g_assert_cmpstr (ld_patient_get_mrn (read), ==, "MRN-000042");
  g_assert_cmpint (ld_patient_get_version (read), ==, 3);
  g_assert_cmpint (ld_patient_fields_changed (patient, read), ==, 0);
}

static void
assert_refused (JsonObject *body,
                gboolean    edit,
                const char *field)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(LdPatient) patient = NULL;
  g_auto(LdPatientRequest) request = { NULL };
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  if (edit)
    {
      patient = full_patient ();
      ld_patient_body_read_edit (reader, patient, &request);
    }
  else
    patient = ld_patient_body_read_registration (reader, &request);
  g_assert_false (ld_json_reader_finish (reader, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  fields = ld_api_error_get_fields (error);
  if (fields == NULL || !g_hash_table_contains (fields, field))
    {
      g_autofree char *text =
        json_to_string (json_node_init_object (json_node_alloc (), body), FALSE);

      g_error ("%s: expected a refusal naming %s, got: %s", text, field, error->message);
    }
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
    { FALSE, "{\"sex\":\"female\",\"age_years\":30}", "name" },
    { FALSE, "{\"name\":\"  \",\"sex\":\"female\",\"age_years\":30}", "name" },
    { FALSE, "{\"name\":\"A\",\"age_years\":30}", "sex" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"f\",\"age_years\":30}", "sex" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\"}", "date_of_birth" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"date_of_birth\":\"21/03/1984\"}",
      "date_of_birth" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"date_of_birth\":\"2999-01-01\"}",
      "date_of_birth" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":131}", "age_years" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":\"forty\"}", "age_years" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"date_of_birth\":\"1984-03-21\",\"age_years\":4}",
      "age_years" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":4,\"phone\":\"12\"}", "phone" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":4,\"email\":\"a@\"}", "email" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":4,\"national_id\":\"a/b\"}",
      "national_id" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":4,\"phone_do_not_send\":1}",
      "phone_do_not_send" },
    { FALSE, "{\"id\":\"not-a-uuid\",\"name\":\"A\",\"sex\":\"male\",\"age_years\":4}", "id" },
    { FALSE, "{\"name\":\"A\",\"sex\":\"male\",\"age_years\":4,\"allow_duplicate\":\"yes\"}",
      "allow_duplicate" },
    { TRUE, "{\"name\":\"B\"}", "version" },
    { TRUE, "{\"version\":\"7\",\"name\":\"B\"}", "version" },
    { TRUE, "{\"version\":7,\"name\":\"\"}", "name" },
    { TRUE, "{\"version\":7,\"date_of_birth\":null,\"age_years\":null}", "age_years" },
    { TRUE, "{\"version\":7,\"email\":\"nobody\"}", "email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (cases[i].body, -1, NULL);

      g_assert_nonnull (body);
      assert_refused (body, cases[i].edit, cases[i].field);
    }
}

/* The form's check: what it holds, written and read back by the
 * server's reader; an age no rule takes is named beside its field. */
static void
test_check_as_typed (void)
{
  g_autoptr(LdPatient) patient = ld_patient_new (NULL);
  g_autoptr(GError) error = NULL;
  LdPatientFields given = LD_PATIENT_FIELD_ALL & ~LD_PATIENT_FIELD_SEX;

  ld_patient_set_fields (patient, "Meera Pillai", LD_SEX_FEMALE, NULL, -1, "98450 12345", NULL,
                         NULL, NULL);
  ld_patient_set_age_years (patient, G_MAXINT64);
  g_assert_false (ld_patient_body_check (patient, given, &error));
  g_assert_true (g_hash_table_contains (ld_api_error_get_fields (error), "sex"));
  g_assert_true (g_hash_table_contains (ld_api_error_get_fields (error), "age_years"));
  g_clear_error (&error);

  ld_patient_set_age_years (patient, 51);
  g_assert_true (ld_patient_body_check (patient, LD_PATIENT_FIELD_ALL, &error));
  g_assert_no_error (error);

  /* A date and an age typed both: the rule refuses the age. */
  ld_patient_set_fields (patient, "Meera Pillai", LD_SEX_FEMALE, "1975-06-02", -1, NULL, NULL,
                         NULL, NULL);
  ld_patient_set_age_years (patient, 51);
  g_assert_false (ld_patient_body_check (patient, LD_PATIENT_FIELD_ALL, &error));
  g_assert_true (g_hash_table_contains (ld_api_error_get_fields (error), "age_years"));
}

static void
test_field_names (void)
{
  g_assert_cmpstr (ld_patient_field_name (LD_PATIENT_FIELD_NAME), ==, "name");
  g_assert_cmpstr (ld_patient_field_name (LD_PATIENT_FIELD_AGE_YEARS), ==, "age_years");
  g_assert_cmpstr (ld_patient_field_name (LD_PATIENT_FIELD_NATIONAL_ID), ==, "national_id");
}

/* A refused registration's likely duplicates read typed; what is not an
 * array of objects reads as none, and no critical is raised. */
static void
test_candidates_read (void)
{
  g_autoptr(JsonObject) two =
               ld_json_parse_object ("{\"candidates\": [{\"id\": \"p1\", \"name\": \"Asha Verma\","
                                     " \"mrn\": \"P000001\", \"version\": 2}, 5, null,"
                                     " {\"id\": \"p2\", \"name\": \"Asha V\"}]}", -1, NULL);
  g_autoptr(JsonObject) empty = ld_json_parse_object ("{\"candidates\": []}", -1, NULL);
  g_autoptr(JsonObject) missing =
               ld_json_parse_object ("{\"id\": \"p1\", \"version\": 4}", -1, NULL);
  g_autoptr(JsonObject) wrong = ld_json_parse_object ("{\"candidates\": \"p1\"}", -1, NULL);
  g_autoptr(JsonObject) null = ld_json_parse_object ("{\"candidates\": null}", -1, NULL);
  g_autoptr(JsonObject) object =
               ld_json_parse_object ("{\"candidates\": {\"id\": \"p1\"}}", -1, NULL);
  g_autoptr(GPtrArray) read = ld_patient_read_candidates (two);
  g_autoptr(GPtrArray) none = ld_patient_read_candidates (empty);

  g_assert_nonnull (read);
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_cmpstr (ld_patient_get_id (g_ptr_array_index (read, 0)), ==, "p1");
  g_assert_cmpstr (ld_patient_get_mrn (g_ptr_array_index (read, 0)), ==, "P000001");
  g_assert_true (ld_patient_has_version (g_ptr_array_index (read, 0)));
  g_assert_cmpstr (ld_patient_get_name (g_ptr_array_index (read, 1)), ==, "Asha V");
  g_assert_null (ld_patient_get_mrn (g_ptr_array_index (read, 1)));
  g_assert_false (ld_patient_has_version (g_ptr_array_index (read, 1)));

  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (ld_patient_read_candidates (missing));
  g_assert_null (ld_patient_read_candidates (wrong));
  g_assert_null (ld_patient_read_candidates (null));
  g_assert_null (ld_patient_read_candidates (object));
}

/* A version is known once the server has sent one: a record made here,
 * one without "version" and one with it wrong-typed know none. */
static void
test_version_known (void)
{
  g_autoptr(LdPatient) here = full_patient ();
  g_autoptr(JsonObject) sent =
               ld_json_parse_object ("{\"id\": \"p1\", \"name\": \"A\", \"version\": 3}", -1, NULL);
  g_autoptr(JsonObject) unsent =
               ld_json_parse_object ("{\"id\": \"p1\", \"name\": \"A\"}", -1, NULL);
  g_autoptr(JsonObject) wrong =
               ld_json_parse_object ("{\"id\": \"p1\", \"name\": \"A\", \"version\": \"3\"}", -1,
                                     NULL);
  g_autoptr(LdPatient) from_sent = ld_patient_new_from_json (sent);
  g_autoptr(LdPatient) from_unsent = ld_patient_new_from_json (unsent);
  g_autoptr(LdPatient) from_wrong = ld_patient_new_from_json (wrong);

  g_assert_false (ld_patient_has_version (here));
  g_assert_true (ld_patient_has_version (from_sent));
  g_assert_cmpint (ld_patient_get_version (from_sent), ==, 3);
  g_assert_false (ld_patient_has_version (from_unsent));
  g_assert_false (ld_patient_has_version (from_wrong));
  ld_patient_set_version (here, 1);
  g_assert_true (ld_patient_has_version (here));
}

/* Two patients are equal when every member is: a screen redraws on any
 * change and on none other. */
static void
test_equal (void)
{
  g_autoptr(LdPatient) a = full_patient ();
  g_autoptr(LdPatient) b = full_patient ();

  g_assert_true (ld_patient_equal (a, b));
  ld_patient_set_version (b, 2);
  g_assert_false (ld_patient_equal (a, b));
  ld_patient_set_version (a, 2);
  g_assert_true (ld_patient_equal (a, b));
  ld_patient_set_do_not_send (b, TRUE, TRUE);
  g_assert_false (ld_patient_equal (a, b));
  ld_patient_set_do_not_send (b, TRUE, FALSE);
  ld_patient_set_mrn (b, "P000002");
  g_assert_false (ld_patient_equal (a, b));
  ld_patient_set_mrn (a, "P000002");
  ld_patient_set_fields (a, "Asha Verma", LD_SEX_FEMALE, "1984-03-21", -1, "+91 98450 12346",
                         "asha@example.com", "12 MG Road, Pune", "ABHA-1234-5678");
  g_assert_false (ld_patient_equal (a, b));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/patient-body/registration-round-trip", test_registration_round_trip);
  g_test_add_func ("/patient-body/registration-by-age", test_registration_by_age);
  g_test_add_func ("/patient-body/edit-round-trip", test_edit_round_trip);
  g_test_add_func ("/patient-body/record-reads-back", test_record_reads_back);
  g_test_add_func ("/patient-body/refusals-name-the-member", test_refusals_name_the_member);
  g_test_add_func ("/patient-body/check-as-typed", test_check_as_typed);
  g_test_add_func ("/patient-body/field-names", test_field_names);
  g_test_add_func ("/patient-body/candidates-read", test_candidates_read);
  g_test_add_func ("/patient-body/version-known", test_version_known);
  g_test_add_func ("/patient-body/equal", test_equal);
  return g_test_run ();
}
