/* test-api-fhir.c: released reports as FHIR R4 Bundles, field by field
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One server for the binary: an order booked, collected, entered,
 * verified and released as the other API tests do, then read as FHIR by
 * id and by search, each field checked against what was entered and the
 * catalogue, and every Bundle run through an independent validator (the
 * `fhir` npm package, tests/fhir-validate.js).
 */

#include "config.h"

#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ld-test-documents.h"
#include "ld-test-lab.h"

#define ANITA                                                                             \
  "{\"name\": \"Anita Deshpande\", \"sex\": \"female\", \"date_of_birth\": \"1984-03-21\"," \
  " \"phone\": \"+91 98220 41177\"}"

#define FHIR_TYPE "application/fhir+json"
#define UCUM "http://unitsofmeasure.org"
#define LOINC "http://loinc.org"

typedef struct
{
  LdLab     *lab;
  char      *patient_id;
  char      *order_id;
  char      *report_id;
  /* Every Bundle the tests read, for the validator. */
  GPtrArray *bundles;
} Suite;

static gint64
count (LdLab      *lab,
       const char *sql)
{
  return ld_test_server_query_int (lab->server, sql);
}

static gint64
count_fhir_reads (LdLab *lab)
{
  return count (lab, "SELECT count(*) FROM audit_events"
                     " WHERE action = 'report.read' AND detail LIKE '%(FHIR)'");
}

static char *
report_path (const char *report_id)
{
  return g_strdup_printf ("/api/v1/fhir/DiagnosticReport/%s", report_id);
}

/* A FHIR answer: its type, and kept for the validator when it is 200. */
static LdTestResponse *
get_fhir (Suite      *suite,
          const char *path,
          const char *token,
          guint       status)
{
  LdTestResponse *resp = ld_test_get (suite->lab->server, path, token);

  if (resp->status != status)
    g_error ("GET %s: %u, not %u: %s", path, resp->status, status, resp->body);
  g_assert_cmpstr (soup_message_headers_get_content_type (resp->headers, NULL), ==, FHIR_TYPE);
  g_assert_nonnull (resp->json);
  if (status == 200)
    g_ptr_array_add (suite->bundles, g_strdup (resp->body));
  return resp;
}

/* An OperationOutcome with one issue of @issue_code first, saying @wire_code. */
static void
assert_outcome (LdTestResponse *resp,
                const char     *issue_code,
                const char     *wire_code)
{
  JsonObject *outcome = ld_test_response_object (resp);
  JsonArray *issues = json_object_get_array_member (outcome, "issue");
  JsonObject *issue = json_array_get_object_element (issues, 0);

  g_assert_cmpstr (json_object_get_string_member (outcome, "resourceType"), ==,
                   "OperationOutcome");
  g_assert_cmpstr (json_object_get_string_member (issue, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (issue, "code"), ==, issue_code);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (issue, "details"),
                                                  "text"),
                   ==, wire_code);
  g_assert_true (json_object_has_member (issue, "diagnostics"));
  g_assert_false (json_object_has_member (outcome, "error"));
}

/* The entry whose resource has @type and, when @id is given, that id. */
static JsonObject *
find_resource (JsonObject *bundle,
               const char *type,
               const char *id)
{
  JsonArray *entries = json_object_get_array_member (bundle, "entry");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *resource =
        json_object_get_object_member (json_array_get_object_element (entries, i), "resource");

      if (g_str_equal (json_object_get_string_member (resource, "resourceType"), type) &&
          (id == NULL || g_str_equal (json_object_get_string_member (resource, "id"), id)))
        return resource;
    }
  return NULL;
}

static guint
count_resources (JsonObject *bundle,
                 const char *type)
{
  JsonArray *entries = json_object_get_array_member (bundle, "entry");
  guint n = 0;

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *resource =
        json_object_get_object_member (json_array_get_object_element (entries, i), "resource");

      n += g_str_equal (json_object_get_string_member (resource, "resourceType"), type);
    }
  return n;
}

/* The resource @reference ("urn:uuid:…") names, by its entry's fullUrl. */
static JsonObject *
resolve (JsonObject *bundle,
         JsonObject *reference)
{
  const char *urn = json_object_get_string_member (reference, "reference");
  JsonArray *entries = json_object_get_array_member (bundle, "entry");

  g_assert_true (g_str_has_prefix (urn, "urn:uuid:"));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (entry, "fullUrl"), urn))
        return json_object_get_object_member (entry, "resource");
    }
  g_error ("%s is not in the Bundle", urn);
  return NULL;
}

/* The Observation whose code carries @lab_code in the lab's system. */
static JsonObject *
find_observation (JsonObject *bundle,
                  const char *lab_code)
{
  JsonArray *entries = json_object_get_array_member (bundle, "entry");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *resource =
        json_object_get_object_member (json_array_get_object_element (entries, i), "resource");
      JsonArray *codings;

      if (!g_str_equal (json_object_get_string_member (resource, "resourceType"), "Observation"))
        continue;
      codings =
        json_object_get_array_member (json_object_get_object_member (resource, "code"), "coding");
      for (guint c = 0; c < json_array_get_length (codings); c++)
        {
          JsonObject *coding = json_array_get_object_element (codings, c);

          if (g_str_equal (json_object_get_string_member (coding, "system"),
                           LD_TEST_PUBLIC_URL "/fhir/CodeSystem/tests") &&
              g_str_equal (json_object_get_string_member (coding, "code"), lab_code))
            return resource;
        }
    }
  g_error ("no Observation of %s", lab_code);
  return NULL;
}

static void
assert_quantity (JsonObject *quantity,
                 double      value,
                 const char *unit,
                 const char *ucum)
{
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (quantity, "value"), value, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (quantity, "unit"), ==, unit);
  g_assert_cmpstr (json_object_get_string_member (quantity, "system"), ==, UCUM);
  g_assert_cmpstr (json_object_get_string_member (quantity, "code"), ==, ucum);
}

/* The population of an Observation's one referenceRange: @sex_code the
 * SNOMED CT code of appliesTo (NULL: none), @age_low and @age_high in
 * UCUM @age_unit (-1: that end absent; both -1: no age). */
static void
assert_range_population (JsonObject *bundle,
                         const char *lab_code,
                         const char *sex_code,
                         gint64      age_low,
                         gint64      age_high,
                         const char *age_unit)
{
  JsonObject *observation = find_observation (bundle, lab_code);
  JsonArray  *ranges = json_object_get_array_member (observation, "referenceRange");
  JsonObject *range = json_array_get_object_element (ranges, 0);
  JsonObject *age;
  const char *ends[] = { "low", "high" };
  gint64 values[] = { age_low, age_high };

  g_assert_cmpuint (json_array_get_length (ranges), ==, 1);
  if (sex_code == NULL)
    g_assert_false (json_object_has_member (range, "appliesTo"));
  else
    {
      JsonArray *applies = json_object_get_array_member (range, "appliesTo");
      JsonObject *coding = json_array_get_object_element (
        json_object_get_array_member (json_array_get_object_element (applies, 0), "coding"), 0);

      g_assert_cmpuint (json_array_get_length (applies), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==,
                       "http://snomed.info/sct");
      g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, sex_code);
    }
  if (age_low < 0 && age_high < 0)
    {
      g_assert_false (json_object_has_member (range, "age"));
      return;
    }
  age = json_object_get_object_member (range, "age");
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      JsonObject *end;

      if (values[i] < 0)
        {
          g_assert_false (json_object_has_member (age, ends[i]));
          continue;
        }
      end = json_object_get_object_member (age, ends[i]);
      g_assert_cmpint (json_object_get_int_member (end, "value"), ==, values[i]);
      g_assert_cmpstr (json_object_get_string_member (end, "system"), ==, UCUM);
      g_assert_cmpstr (json_object_get_string_member (end, "code"), ==, age_unit);
    }
}

/* One numeric result, field by field. */
static void
assert_observation (JsonObject *bundle,
                    const char *lab_code,
                    const char *loinc,
                    double      value,
                    const char *unit,
                    const char *ucum,
                    double      low,
                    double      high,
                    const char *range_text,
                    const char *interpretation,
                    const char *status)
{
  JsonObject *observation = find_observation (bundle, lab_code);
  JsonArray  *codings =
    json_object_get_array_member (json_object_get_object_member (observation, "code"), "coding");
  JsonObject *loinc_coding = json_array_get_object_element (codings, 0);
  JsonObject *range =
    json_array_get_object_element (json_object_get_array_member (observation, "referenceRange"), 0);
  JsonObject *interpreted = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (observation, "interpretation"),
                                     0),
      "coding"),
    0);
  JsonObject *category = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (observation, "category"), 0),
      "coding"),
    0);
  JsonObject *specimen, *request, *subject;

  g_assert_cmpstr (json_object_get_string_member (observation, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (category, "code"), ==, "laboratory");
  g_assert_cmpuint (json_array_get_length (codings), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (loinc_coding, "system"), ==, LOINC);
  g_assert_cmpstr (json_object_get_string_member (loinc_coding, "code"), ==, loinc);
  assert_quantity (json_object_get_object_member (observation, "valueQuantity"), value, unit,
                   ucum);
  assert_quantity (json_object_get_object_member (range, "low"), low, unit, ucum);
  assert_quantity (json_object_get_object_member (range, "high"), high, unit, ucum);
  g_assert_cmpstr (json_object_get_string_member (range, "text"), ==, range_text);
  g_assert_cmpstr (json_object_get_string_member (interpreted, "system"), ==,
                   "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
  g_assert_cmpstr (json_object_get_string_member (interpreted, "code"), ==, interpretation);
  g_assert_true (json_object_has_member (observation, "effectiveDateTime"));
  g_assert_true (json_object_has_member (observation, "issued"));

  specimen = resolve (bundle, json_object_get_object_member (observation, "specimen"));
  g_assert_cmpstr (json_object_get_string_member (specimen, "resourceType"), ==, "Specimen");
  request =
    resolve (bundle,
             json_array_get_object_element (json_object_get_array_member (observation, "basedOn"),
                                            0));
  g_assert_cmpstr (json_object_get_string_member (request, "resourceType"), ==, "ServiceRequest");
  g_assert_cmpstr (
    json_object_get_string_member (json_object_get_object_member (request, "code"), "text"), ==,
    json_object_get_string_member (json_object_get_object_member (observation, "code"), "text"));
  subject = resolve (bundle, json_object_get_object_member (observation, "subject"));
  g_assert_cmpstr (json_object_get_string_member (subject, "resourceType"), ==, "Patient");
}

/* The PDF in presentedForm is the kept one, and its hash is its SHA-1. */
static void
assert_presented_form (Suite      *suite,
                       JsonObject *report)
{
  JsonObject *form =
    json_array_get_object_element (json_object_get_array_member (report, "presentedForm"), 0);
  g_autoptr(LdTestResponse) kept =
               ld_test_get_document (suite->lab, suite->lab->desk, suite->order_id, "report.pdf");
  g_autofree guchar *pdf = NULL;
  g_autofree guchar *hash = NULL;
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize pdf_len, hash_len, digest_len = sizeof digest;

  ld_test_assert_status (kept, 200);
  g_assert_cmpstr (json_object_get_string_member (form, "contentType"), ==, "application/pdf");
  pdf = g_base64_decode (json_object_get_string_member (form, "data"), &pdf_len);
  g_assert_cmpmem (pdf, pdf_len, kept->body, kept->length);
  g_assert_cmpint (json_object_get_int_member (form, "size"), ==, kept->length);
  g_assert_true (g_str_has_prefix ((const char *) pdf, "%PDF-"));

  g_checksum_update (sha1, pdf, pdf_len);
  g_checksum_get_digest (sha1, digest, &digest_len);
  hash = g_base64_decode (json_object_get_string_member (form, "hash"), &hash_len);
  g_assert_cmpmem (hash, hash_len, digest, digest_len);
}

static void
test_report_bundle (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *path = report_path (suite->report_id);
  g_autofree char *patient_path = g_strdup_printf ("/api/v1/patients/%s", suite->patient_id);
  g_autoptr(LdTestResponse) patient_resp = ld_test_get (lab->server, patient_path, lab->desk);
  gint64 reads_before = count_fhir_reads (lab);
  g_autoptr(LdTestResponse) resp = get_fhir (suite, path, lab->doctor, 200);
  JsonObject *bundle = ld_test_response_object (resp);
  JsonObject *report, *patient, *identifier, *type_coding, *code;
  JsonArray *results, *requests;

  g_assert_cmpint (count_fhir_reads (lab), ==, reads_before + 1);
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "collection");

  /* The report first, final, with every released result and the tests. */
  report = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (bundle, "entry"), 0), "resource");
  g_assert_cmpstr (json_object_get_string_member (report, "resourceType"), ==, "DiagnosticReport");
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, suite->report_id);
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "final");
  code = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (report, "code"), "coding"), 0);
  g_assert_cmpstr (json_object_get_string_member (code, "code"), ==, "11502-2");
  results = json_object_get_array_member (report, "result");
  g_assert_cmpuint (json_array_get_length (results), ==, 10);
  g_assert_cmpuint (count_resources (bundle, "Observation"), ==, 10);
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_cmpstr (json_object_get_string_member (resolve (bundle,
                                                             json_array_get_object_element (results,
                                                                                            i)),
                                                    "resourceType"),
                     ==, "Observation");
  requests = json_object_get_array_member (report, "basedOn");
  g_assert_cmpuint (json_array_get_length (requests), ==, 10);
  g_assert_cmpuint (count_resources (bundle, "ServiceRequest"), ==, 10);
  g_assert_cmpuint (count_resources (bundle, "Specimen"), >=, 1);
  g_assert_true (json_object_has_member (report, "effectiveDateTime"));
  g_assert_true (json_object_has_member (report, "issued"));
  assert_presented_form (suite, report);

  /* The patient: MRN under the lab's system, gender and date of birth. */
  patient = find_resource (bundle, "Patient", suite->patient_id);
  g_assert_nonnull (patient);
  g_assert_true (resolve (bundle, json_object_get_object_member (report, "subject")) == patient);
  identifier =
    json_array_get_object_element (json_object_get_array_member (patient, "identifier"), 0);
  g_assert_cmpstr (json_object_get_string_member (identifier, "system"), ==,
                   LD_TEST_PUBLIC_URL "/fhir/sid/mrn");
  g_assert_cmpstr (json_object_get_string_member (identifier, "value"), ==,
                   ld_test_response_get_string (patient_resp, "patient.mrn"));
  type_coding = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (identifier, "type"), "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (type_coding, "code"), ==, "MR");
  g_assert_cmpstr (json_object_get_string_member (patient, "gender"), ==, "female");
  g_assert_cmpstr (json_object_get_string_member (patient, "birthDate"), ==, "1984-03-21");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (patient, "name"),
                                                    0),
                     "text"),
                   ==, "Anita Deshpande");

  /* Values, LOINC and UCUM, the woman's band, and the flags. */
  assert_observation (bundle, "HB", "718-7", 10.8, "g/dL", "g/dL", 12.0, 15.0, "12.0–15.0", "L",
                      "final");
  assert_observation (bundle, "K", "2823-3", 6.8, "mmol/L", "mmol/L", 3.5, 5.1, "3.5–5.1", "HH",
                      "final");
  assert_observation (bundle, "PLT", "777-3", 245, "10³/µL", "10*3/uL", 150, 410, "150–410", "N",
                      "final");
  assert_observation (bundle, "GLUF", "1558-6", 96, "mg/dL", "mg/dL", 70, 99, "70–99", "N",
                      "final");
  assert_observation (bundle, "HCT", "4544-3", 33.9, "%", "%", 36.0, 46.0, "36.0–46.0", "L",
                      "final");
  /* The band each was flagged against, for whom it is: a woman's band
   * from 18 years; one for everyone has no population. */
  assert_range_population (bundle, "HB", "248152002", 18, -1, "a");
  assert_range_population (bundle, "HCT", "248152002", 18, -1, "a");
  assert_range_population (bundle, "PLT", NULL, -1, -1, NULL);
  assert_range_population (bundle, "K", NULL, -1, -1, NULL);
  /* Decimals as reported, not as a double's 17 digits. */
  ld_test_assert_contains (resp->body, "\"value\":10.8,");
  ld_test_assert_contains (resp->body, "\"value\":4.12,");
}

static char *
add_doctor (LdLab      *lab,
            const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"display_name\": \"Dr. %s\","
                                           " \"roles\": [\"doctor\"],"
                                           " \"password\": \"%s-secret-words\"}",
                                           username, username, username);
  g_autofree char *password = g_strdup_printf ("%s-secret-words", username);
  g_autoptr(LdTestResponse) made = ld_lab_post (lab, lab->admin, "/api/v1/users", body);

  ld_test_assert_status (made, 201);
  return ld_test_login (lab->server, username, password);
}

/* As the PDF: any signed-in user, a doctor their own patients' only. */
static void
test_permissions (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *path = report_path (suite->report_id);
  g_autofree char *search =
    g_strdup_printf ("/api/v1/fhir/DiagnosticReport?patient=%s", suite->patient_id);
  g_autofree char *stranger = add_doctor (lab, "fhirstranger");
  gint64 reads_before;

  {
    g_autoptr(LdTestResponse) desk = get_fhir (suite, path, lab->desk, 200);
    g_autoptr(LdTestResponse) technician = get_fhir (suite, path, lab->technician, 200);
  }

  reads_before = count_fhir_reads (lab);
  {
    g_autoptr(LdTestResponse) read = get_fhir (suite, path, stranger, 403);
    g_autoptr(LdTestResponse) searched = get_fhir (suite, search, stranger, 403);
    g_autoptr(LdTestResponse) no_token = get_fhir (suite, path, NULL, 401);

    assert_outcome (read, "forbidden", "forbidden");
    assert_outcome (searched, "forbidden", "forbidden");
    assert_outcome (no_token, "login", "unauthorized");
  }
  /* A refused read is not a read. */
  g_assert_cmpint (count_fhir_reads (lab), ==, reads_before);
}

static void
test_not_found (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *unknown = report_path ("0b7c4f2e-5d3a-4c1b-9e8f-7a6b5c4d3e2f");
  g_autofree char *unreleased_order = ld_test_order_resulted (lab, suite->patient_id);
  g_autofree char *orders_path = g_strdup_printf ("/api/v1/orders/%s/reports", unreleased_order);
  g_autoptr(LdTestResponse) unreleased = ld_test_get (lab->server, orders_path, lab->desk);
  g_autoptr(LdTestResponse) missing = get_fhir (suite, unknown, lab->desk, 404);
  g_autoptr(LdTestResponse) not_an_id =
               get_fhir (suite, "/api/v1/fhir/DiagnosticReport/x'1", lab->desk, 404);
  g_autoptr(LdTestResponse) other_type =
               get_fhir (suite, "/api/v1/fhir/Observation", lab->desk, 404);
  g_autofree char *search =
    g_strdup_printf ("/api/v1/fhir/DiagnosticReport?patient=%s&_count=50", suite->patient_id);
  g_autoptr(LdTestResponse) found = get_fhir (suite, search, lab->desk, 200);
  g_autofree char *unreleased_number = ld_test_order_number (lab, unreleased_order);
  JsonArray *entries = json_object_get_array_member (ld_test_response_object (found), "entry");

  assert_outcome (missing, "not-found", "not_found");
  assert_outcome (not_an_id, "not-found", "not_found");
  assert_outcome (other_type, "not-found", "not_found");

  /* A verified order has no report: nothing to read, nothing found. */
  ld_test_assert_status (unreleased, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (unreleased), "items")),
                    ==, 0);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *resource =
        json_object_get_object_member (json_array_get_object_element (entries, i), "resource");

      if (g_str_equal (json_object_get_string_member (resource, "resourceType"), "ServiceRequest"))
        g_assert_cmpstr (json_object_get_string_member (
                           json_object_get_object_member (resource, "requisition"), "value"),
                         !=, unreleased_number);
    }
}

static void
assert_refused (Suite      *suite,
                const char *query,
                const char *field)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/fhir/DiagnosticReport?%s", query);
  g_autoptr(LdTestResponse) resp = get_fhir (suite, path, suite->lab->desk, 400);
  JsonArray *issues =
    json_object_get_array_member (ld_test_response_object (resp), "issue");
  JsonObject *named = json_array_get_object_element (issues, 1);

  assert_outcome (resp, "invalid", "bad_request");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (named,
                                                                                "expression"),
                                                  0),
                   ==, field);
}

static void
test_search (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *second_order = ld_test_order_released (lab, suite->patient_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *next_day = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *day_before = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *page1_path =
    g_strdup_printf ("/api/v1/fhir/DiagnosticReport?patient=Patient/%s&date=ge%s&date=le%s"
                     "&_count=1",
                     suite->patient_id, today, today);
  g_autofree char *later_path =
    g_strdup_printf ("/api/v1/fhir/DiagnosticReport?patient=%s&date=ge%s", suite->patient_id,
                     next_day);
  g_autofree char *earlier_path =
    g_strdup_printf ("/api/v1/fhir/DiagnosticReport?patient=%s&date=le%s", suite->patient_id,
                     day_before);
  g_autofree char *unknown_patient =
    g_strdup ("/api/v1/fhir/DiagnosticReport?patient=0b7c4f2e-5d3a-4c1b-9e8f-7a6b5c4d3e2f");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = g_strdup (page1_path);
  gint64 reads_before = count_fhir_reads (lab);
  guint pages = 0;

  /* A page of one at a time, following "next" to the end. */
  while (next != NULL)
    {
      g_autoptr(LdTestResponse) page = NULL;
      JsonObject *bundle;
      JsonArray *links;
      char *following = NULL;
      g_autofree char *page_path = g_steal_pointer (&next);

      page = get_fhir (suite, page_path, lab->technician, 200);
      bundle = ld_test_response_object (page);
      g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "searchset");
      g_assert_cmpuint (count_resources (bundle, "DiagnosticReport"), ==, 1);
      g_assert_cmpuint (count_resources (bundle, "Patient"), ==, 1);
      g_assert_true (
        g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                  find_resource (bundle, "DiagnosticReport", NULL), "id"))));
      links = json_object_get_array_member (bundle, "link");
      for (guint i = 0; i < json_array_get_length (links); i++)
        {
          JsonObject *link = json_array_get_object_element (links, i);
          const char *url = json_object_get_string_member (link, "url");

          g_assert_true (g_str_has_prefix (url, LD_TEST_PUBLIC_URL "/api/v1/fhir/"));
          if (g_str_equal (json_object_get_string_member (link, "relation"), "next"))
            following = g_strdup (url + strlen (LD_TEST_PUBLIC_URL));
        }
      next = following;
      pages++;
      g_assert_cmpuint (pages, <=, 10);
    }
  /* Both released reports, each once; the verified order has none. */
  g_assert_true (g_hash_table_contains (seen, suite->report_id));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2);
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpint (count_fhir_reads (lab), ==, reads_before + g_hash_table_size (seen));

  {
    g_autoptr(LdTestResponse) later = get_fhir (suite, later_path, lab->desk, 200);
    g_autoptr(LdTestResponse) earlier = get_fhir (suite, earlier_path, lab->desk, 200);
    g_autoptr(LdTestResponse) nobody = get_fhir (suite, unknown_patient, lab->desk, 404);

    g_assert_false (json_object_has_member (ld_test_response_object (later), "entry"));
    g_assert_false (json_object_has_member (ld_test_response_object (earlier), "entry"));
    assert_outcome (nobody, "not-found", "not_found");
  }

  assert_refused (suite, "date=ge2026-11-01", "patient");
  assert_refused (suite, "patient=not-an-id", "patient");
  {
    g_autofree char *q = NULL;

    q = g_strdup_printf ("patient=%s&date=gt2026-11-01", suite->patient_id);
    assert_refused (suite, q, "date");
    g_free (q);
    q = g_strdup_printf ("patient=%s&date=ge2026-13-01", suite->patient_id);
    assert_refused (suite, q, "date");
    g_free (q);
    q = g_strdup_printf ("patient=%s&date=ge2026-11-01&date=ge2026-11-02", suite->patient_id);
    assert_refused (suite, q, "date");
    g_free (q);
    q = g_strdup_printf ("patient=%s&date=ge2026-11-02&date=le2026-11-01", suite->patient_id);
    assert_refused (suite, q, "date");
    g_free (q);
    q = g_strdup_printf ("patient=%s&_count=0", suite->patient_id);
    assert_refused (suite, q, "_count");
    g_free (q);
    q = g_strdup_printf ("patient=%s&_count=51", suite->patient_id);
    assert_refused (suite, q, "_count");
    g_free (q);
    q = g_strdup_printf ("patient=%s&status=final", suite->patient_id);
    assert_refused (suite, q, "status");
    g_free (q);
    q = g_strdup_printf ("patient=%s&_after=zzz", suite->patient_id);
    assert_refused (suite, q, "_after");
  }
}

/* An amendment: version 2 is "corrected", so is the changed value, and
 * version 1 is no longer served. */
static void
test_amended (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *order_id = ld_test_order_released (lab, suite->patient_id);
  g_autoptr(JsonObject) v1 = ld_test_report_version (lab, order_id, 1);
  g_autoptr(JsonObject) v2 = NULL;
  g_autoptr(LdTestResponse) results = ld_lab_get_results (lab, lab->technician, order_id);
  g_autofree char *amend =
    g_strdup_printf ("{\"reason\": \"Analyser recalibrated; measured again\","
                     " \"results\": [{\"test_code\": \"HB\", \"version\": %" G_GINT64_FORMAT ","
                     " \"value\": \"12.6\"}]}",
                     json_object_get_int_member (ld_lab_find_result (results, "items", "HB"),
                                                 "version"));
  g_autoptr(LdTestResponse) amended =
               ld_lab_order_post (lab, lab->signatory, order_id, "amendments", amend);
  g_autofree char *v1_path = report_path (json_object_get_string_member (v1, "id"));
  g_autofree char *v2_path = NULL;
  g_autoptr(LdTestResponse) old = NULL;
  g_autoptr(LdTestResponse) now = NULL;
  JsonObject *bundle, *report;

  ld_test_assert_status (amended, 201);
  v2 = ld_test_report_version (lab, order_id, 2);
  v2_path = report_path (json_object_get_string_member (v2, "id"));
  old = get_fhir (suite, v1_path, lab->desk, 404);
  assert_outcome (old, "not-found", "not_found");
  ld_test_assert_contains (
    json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (ld_test_response_object (old),
                                                                   "issue"),
                                     0),
      "diagnostics"),
    "superseded by version 2");

  now = get_fhir (suite, v2_path, lab->desk, 200);
  bundle = ld_test_response_object (now);
  report = find_resource (bundle, "DiagnosticReport", NULL);
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "corrected");
  assert_observation (bundle, "HB", "718-7", 12.6, "g/dL", "g/dL", 12.0, 15.0, "12.0–15.0", "N",
                      "corrected");
  assert_observation (bundle, "K", "2823-3", 6.8, "mmol/L", "mmol/L", 3.5, 5.1, "3.5–5.1", "HH",
                      "final");
}

/* A choice result is a valueString, flagged abnormal; a patient known
 * by age alone has no birthDate. */
static void
test_text_value (gconstpointer data)
{
  Suite           *suite = (Suite *) data;
  LdLab           *lab = suite->lab;
  g_autofree char *patient_id =
    ld_lab_new_patient (lab, "{\"name\": \"Ravi Kulkarni\", \"sex\": \"male\", \"age_years\": 52}");
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"UPRO\"]");
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (lab, lab->technician, order_id, TRUE, "UPRO", "2+", NULL);
  g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, "UPRO", NULL);
  g_autoptr(LdTestResponse) released = ld_lab_release (lab, lab->signatory, order_id);
  g_autoptr(JsonObject) v1 = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *bundle, *patient, *observation, *interpreted, *loinc;

  ld_test_assert_status (entered, 200);
  ld_test_assert_status (verified, 200);
  ld_test_assert_status (released, 201);
  v1 = ld_test_report_version (lab, order_id, 1);
  path = report_path (json_object_get_string_member (v1, "id"));
  resp = get_fhir (suite, path, lab->desk, 200);
  bundle = ld_test_response_object (resp);

  patient = find_resource (bundle, "Patient", patient_id);
  g_assert_cmpstr (json_object_get_string_member (patient, "gender"), ==, "male");
  g_assert_false (json_object_has_member (patient, "birthDate"));

  observation = find_observation (bundle, "UPRO");
  g_assert_cmpstr (json_object_get_string_member (observation, "valueString"), ==, "2+");
  g_assert_false (json_object_has_member (observation, "valueQuantity"));
  loinc = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (observation, "code"), "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (loinc, "system"), ==, LOINC);
  g_assert_cmpstr (json_object_get_string_member (loinc, "code"), ==, "20454-5");
  interpreted = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (observation, "interpretation"),
                                     0),
      "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (interpreted, "code"), ==, "A");
  g_assert_cmpuint (count_resources (bundle, "Observation"), ==, 1);
}

/* A newborn's haemoglobin is flagged against the band for 4 to 15 days
 * of age (up to, not including, 15): FHIR's age Range holds both its
 * ends, so it is 4 to 14 days, for either sex. */
static void
test_age_band (gconstpointer data)
{
  Suite           *suite = (Suite *) data;
  LdLab           *lab = suite->lab;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) born_at = g_date_time_add_days (now, -9);
  g_autofree char *born = g_date_time_format (born_at, "%Y-%m-%d");
  g_autofree char *patient_json = g_strdup_printf (
    "{\"name\": \"Baby of Meera Joshi\", \"sex\": \"male\", \"date_of_birth\": \"%s\"}", born);
  g_autofree char *patient_id = ld_lab_new_patient (lab, patient_json);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "16.2", NULL);
  g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", NULL);
  g_autoptr(LdTestResponse) released = ld_lab_release (lab, lab->signatory, order_id);
  g_autoptr(JsonObject) v1 = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *bundle;

  ld_test_assert_status (entered, 200);
  ld_test_assert_status (verified, 200);
  ld_test_assert_status (released, 201);
  v1 = ld_test_report_version (lab, order_id, 1);
  path = report_path (json_object_get_string_member (v1, "id"));
  resp = get_fhir (suite, path, lab->desk, 200);
  bundle = ld_test_response_object (resp);

  assert_observation (bundle, "HB", "718-7", 16.2, "g/dL", "g/dL", 13.5, 21.5, "13.5–21.5", "N",
                      "final");
  assert_range_population (bundle, "HB", NULL, 4, 14, "d");
}

/* Without a public address the systems are URNs of the lab's own, and
 * search links point where the request came. */
static void
test_no_public_address (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *search =
    g_strdup_printf ("/api/v1/fhir/DiagnosticReport?patient=%s", suite->patient_id);
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *bundle, *patient, *identifier, *link;

  ld_test_patch_settings (lab, "\"public_base_url\": \"\"");
  resp = get_fhir (suite, search, lab->desk, 200);
  bundle = ld_test_response_object (resp);
  patient = find_resource (bundle, "Patient", suite->patient_id);
  identifier =
    json_array_get_object_element (json_object_get_array_member (patient, "identifier"), 0);
  g_assert_cmpstr (json_object_get_string_member (identifier, "system"), ==,
                   "urn:labdesk:sid:mrn");
  link = json_array_get_object_element (json_object_get_array_member (bundle, "link"), 0);
  g_assert_true (
    g_str_has_prefix (json_object_get_string_member (link, "url"), "http://127.0.0.1:"));
  ld_test_assert_contains (json_object_get_string_member (link, "url"),
                           "/api/v1/fhir/DiagnosticReport?patient=");
  ld_test_patch_settings (lab, "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "/\"");
}

/* Every Bundle read above through the `fhir` package's validator. It is
 * installed by tools/setup; in CI (LABDESK_CI) its absence fails. */
static void
test_validator (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autofree char *dir = g_dir_make_tmp ("ld-fhir-XXXXXX", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (dir);
  g_assert_cmpuint (suite->bundles->len, >=, 5);
  g_ptr_array_add (argv, g_strdup ("node"));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "fhir-validate.js", NULL));
  for (guint i = 0; i < suite->bundles->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("bundle-%u.json", i);
      char *file = g_build_filename (dir, name, NULL);
      const char *text = g_ptr_array_index (suite->bundles, i);

      g_assert_true (g_file_set_contents (file, text, -1, NULL));
      g_ptr_array_add (argv, file);
    }
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &wait_status, &error))
    {
      if (g_getenv ("LABDESK_CI") != NULL)
        g_error ("node cannot run: %s", error->message);
      g_test_skip ("node is not installed");
    }
  else if (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 77)
    {
      if (g_getenv ("LABDESK_CI") != NULL)
        g_error ("the FHIR validator is not installed (tools/setup installs it): %s", err);
      g_test_skip ("the FHIR validator is not installed; run tools/setup");
    }
  else if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("the FHIR validator refused a Bundle:\n%s%s", out, err);
  else
    g_test_message ("%s", out);

  for (guint i = 2; i + 1 < argv->len; i++)
    g_unlink (g_ptr_array_index (argv, i));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  Suite suite = { NULL };
  g_autoptr(JsonObject) v1 = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  suite.lab = ld_lab_new ();
  suite.bundles = g_ptr_array_new_with_free_func (g_free);
  suite.patient_id = ld_lab_new_patient (suite.lab, ANITA);
  ld_test_patch_settings (suite.lab, "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "/\"");
  suite.order_id = ld_test_order_released (suite.lab, suite.patient_id);
  v1 = ld_test_report_version (suite.lab, suite.order_id, 1);
  suite.report_id = g_strdup (json_object_get_string_member (v1, "id"));

  g_test_add_data_func ("/fhir/report-bundle", &suite, test_report_bundle);
  g_test_add_data_func ("/fhir/permissions", &suite, test_permissions);
  g_test_add_data_func ("/fhir/not-found", &suite, test_not_found);
  g_test_add_data_func ("/fhir/search", &suite, test_search);
  g_test_add_data_func ("/fhir/amended", &suite, test_amended);
  g_test_add_data_func ("/fhir/text-value", &suite, test_text_value);
  g_test_add_data_func ("/fhir/age-band", &suite, test_age_band);
  g_test_add_data_func ("/fhir/no-public-address", &suite, test_no_public_address);
  g_test_add_data_func ("/fhir/validator", &suite, test_validator);

  status = g_test_run ();
  g_ptr_array_unref (suite.bundles);
  g_free (suite.report_id);
  g_free (suite.order_id);
  g_free (suite.patient_id);
  ld_lab_free (suite.lab);
  return status;
}
