/* test-report-departments.c: a released report as a pathologist reads it:
 * results under department headings in clinical order, panels whole, the
 * patient on every page, notes, referral, comments, a choice test's
 * interval, the verification code in one piece
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real server on a loopback port with a real SQLite file; the PDFs
 * it kept are read back with pdftotext.
 */

#include "config.h"

#include "ld-json.h"
#include "ld-test-documents.h"
#include "ld-test-reports.h"

#define NOTES    "Fever for 5 days, on paracetamol. Rule out thyroid disease."
#define REFERRER "Dr. Meera Kulkarni, MD"
#define COMMENT  "Sample slightly haemolysed; repeat advised"
#define INTERPRETATION "Raised potassium, telephoned; repeat on a fresh sample advised."

typedef struct
{
  LdLab *lab;
  char  *patient_id;
} Suite;

/* A desk order with the outside doctor's slip, paid, collected and its
 * samples received; returns its id. */
static char *
order_in_lab (Suite      *suite,
              const char *items_json)
{
  g_autoptr(LdTestResponse) resp = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autofree char *body = NULL;
  char *order_id;

  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": %s, \"referring_doctor_name\": "
                          "\"" REFERRER "\", \"clinical_notes\": \"" NOTES "\"}",
                          suite->patient_id, items_json);
  resp = ld_lab_post (suite->lab, suite->lab->desk, "/api/v1/orders", body);
  ld_test_assert_status (resp, 201);
  order_id = g_strdup (ld_test_response_get_string (resp, "order.id"));
  ld_lab_pay (suite->lab, order_id);
  collected = ld_lab_collect (suite->lab, order_id);
  ld_lab_receive_all (suite->lab, order_id);
  return order_id;
}

/* Saves COMMENT with @code's entered value, as the technician would. */
static void
add_comment (Suite      *suite,
             const char *order_id,
             const char *code)
{
  g_autoptr(LdTestResponse) current =
               ld_lab_get_results (suite->lab, suite->lab->technician, order_id);
  g_autoptr(LdTestResponse) saved = NULL;
  JsonObject *result = ld_lab_find_result (current, "items", code);
  char *body;

  body = g_strdup_printf ("{\"submit\": true, \"results\": [{\"test_code\": \"%s\", "
                          "\"version\": %" G_GINT64_FORMAT ", \"value\": \"%s\", "
                          "\"comment\": \"" COMMENT "\"}]}", code,
                          json_object_get_int_member (result, "version"),
                          json_object_get_string_member (result, "value"));
  saved = ld_lab_send_body (suite->lab, suite->lab->technician, order_id, "results", body);
  ld_test_assert_status (saved, 200);
}

/* Every entered result verified by another technician (a critical value
 * with its telephone call, and the pathologist's interpretation), then
 * released by the signatory. */
static void
verify_and_release (Suite      *suite,
                    const char *order_id)
{
  g_autoptr(LdTestResponse) current =
               ld_lab_get_results (suite->lab, suite->lab->sunita, order_id);
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonArray *results = json_object_get_array_member (ld_test_response_object (current), "items");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "interpretation");
  json_builder_add_string_value (builder, INTERPRETATION);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "test_code");
      json_builder_add_string_value (builder, json_object_get_string_member (result, "test_code"));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, json_object_get_int_member (result, "version"));
      ld_lab_add_critical_call (builder, result);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  verified = ld_lab_send_body (suite->lab, suite->lab->sunita, order_id, "verify",
                               ld_json_builder_to_string (builder));
  ld_test_assert_status (verified, 200);
  released = ld_lab_release (suite->lab, suite->lab->signatory, order_id);
  ld_test_assert_status (released, 201);
}

static char *
save_report (Suite      *suite,
             const char *order_id,
             const char *name)
{
  g_autoptr(LdTestResponse) pdf =
               ld_test_get_document (suite->lab, suite->lab->technician, order_id, "report.pdf");

  return ld_test_save_body (suite->lab, pdf, name);
}

/* The line of @text that holds @needle, from its start; fails if none. */
static const char *
find_line (const char *text,
           const char *needle)
{
  const char *found = strstr (text, needle);

  if (found == NULL)
    g_error ("“%s” is not in the report:\n%s", needle, text);
  while (found > text && found[-1] != '\n')
    found--;
  return found;
}

/* Where @needle is in @text, as a byte offset; fails if missing. */
static gsize
offset_of (const char *text,
           const char *needle)
{
  const char *found = strstr (text, needle);

  if (found == NULL)
    g_error ("“%s” is not in the report:\n%s", needle, text);
  return found - text;
}

/* Booked in a scrambled order, printed by department in clinical order:
 * Haematology (the blood count whole, in its own order), Biochemistry,
 * Endocrinology, Immunology, Clinical pathology. */
static void
test_departments_in_clinical_order (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autofree char *order_id = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;
  const char *order[] = {
    "Haematology", "Complete blood count", "Haemoglobin", "Total leucocyte count",
    "Red blood cell count", "Platelet count",
    "Biochemistry", "Glucose, fasting", "Creatinine",
    "Endocrinology (hormones)", "Thyroid stimulating hormone",
    "Immunology", "C-reactive protein",
    "Clinical pathology", "Urine protein (test strip)",
  };
  g_autoptr(LdTestResponse) saved = NULL;

  order_id = order_in_lab (suite, "[\"UPRO\", \"TSH\", \"CREA\", \"CRP\", \"CBC\", \"GLUF\"]");
  saved = ld_lab_save (suite->lab, suite->lab->technician, order_id, TRUE,
                       "TSH", "2.10", "UPRO", "Negative", "CREA", "0.9", "CRP", "3.1",
                       "GLUF", "92", "HB", "13.9", "WBC", "7.2", "RBC", "4.71",
                       "HCT", "41.5", "MCV", "88.1", "MCH", "29.5", "MCHC", "33.5",
                       "PLT", "250", NULL);
  ld_test_assert_status (saved, 200);
  add_comment (suite, order_id, "TSH");
  verify_and_release (suite, order_id);
  pdf = save_report (suite, order_id, "departments.pdf");
  text = ld_test_pdf_text (pdf, 0);
  raw = ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL);

  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    if (offset_of (text, order[i - 1]) >= offset_of (text, order[i]))
      g_error ("“%s” should come before “%s”:\n%s", order[i - 1], order[i], text);
  /* The blood count is whole: all eight of its tests between its heading
   * and the next department. */
  {
    const char *cbc[] = {
      "Haemoglobin",       "Total leucocyte count",   "Red blood cell count",
      "Haematocrit (PCV)", "Mean corpuscular volume", "Mean corpuscular haemoglobin",
      "Platelet count"
    };

    for (guint i = 0; i < G_N_ELEMENTS (cbc); i++)
      {
        g_assert_cmpuint (offset_of (text, cbc[i]), >, offset_of (text, "Complete blood count"));
        g_assert_cmpuint (offset_of (text, cbc[i]), <, offset_of (text, "Biochemistry"));
      }
  }

  /* Units as a lab writes them; a choice test's interval is its normal
   * choice, on the test's own line. */
  ld_test_assert_contains (text, "10³/µL");
  ld_test_assert_contains (text, "10⁶/µL");
  ld_test_assert_contains (text, "µIU/mL");
  ld_test_assert_contains (find_line (text, "Urine protein (test strip)"), "Negative");
  {
    g_autofree char *line =
      g_strndup (find_line (text, "Urine protein (test strip)"),
                 strcspn (find_line (text, "Urine protein (test strip)"), "\n"));
    g_assert_nonnull (strstr (strstr (line, "Negative") + strlen ("Negative"), "Negative"));
  }

  /* The doctor's notes, the outside doctor, and the comment entered with
   * the first result, under that result. */
  ld_test_assert_contains (raw, NOTES);
  ld_test_assert_contains (find_line (text, "Referred by"), REFERRER);
  ld_test_assert_contains (raw, "Comment: " COMMENT);
  g_assert_cmpuint (offset_of (text, "Comment:"), >, offset_of (text, "Thyroid stimulating"));
  g_assert_cmpuint (offset_of (text, "Comment:"), <, offset_of (text, "Immunology"));

  /* The verification code is whole, on one line. */
  {
    g_autoptr(JsonObject) v1 = ld_test_report_version (suite->lab, order_id, 1);
    const char *code = json_object_get_string_member (v1, "verification_code");
    g_autofree char *printed = g_strdup_printf ("%s).", code);

    ld_test_assert_contains (raw, printed);
  }
}

/* A panel whose tests come from several departments stays whole, under
 * the department most of them belong to. */
static void
test_mixed_panel_stays_whole (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autoptr(LdTestResponse) panel = NULL;
  g_autoptr(LdTestResponse) saved = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  panel =
    ld_test_send_json (suite->lab->server, "POST", "/api/v1/catalog/panels", suite->lab->admin,
                       "{\"code\": \"THYINF\", \"name\": \"Thyroid and inflammation\","
                       " \"price_paise\": 90000, \"tests\": [\"CRP\", \"TSH\", \"FT4\"]}");
  ld_test_assert_status (panel, 201);

  order_id = order_in_lab (suite, "[\"THYINF\", \"HB\"]");
  saved = ld_lab_save (suite->lab, suite->lab->technician, order_id, TRUE, "CRP", "3.1",
                       "TSH", "2.10", "FT4", "1.2", "HB", "13.9", NULL);
  ld_test_assert_status (saved, 200);
  verify_and_release (suite, order_id);
  pdf = save_report (suite, order_id, "mixed.pdf");
  text = ld_test_pdf_text (pdf, 0);

  g_assert_null (strstr (text, "Immunology"));
  g_assert_cmpuint (offset_of (text, "Haemoglobin"), <, offset_of (text, "Endocrinology"));
  g_assert_cmpuint (offset_of (text, "Endocrinology"), <,
                    offset_of (text, "Thyroid and inflammation"));
  g_assert_cmpuint (offset_of (text, "Thyroid and inflammation"), <,
                    offset_of (text, "C-reactive protein"));
  /* In the panel's own order. */
  g_assert_cmpuint (offset_of (text, "C-reactive protein"), <,
                    offset_of (text, "Thyroid stimulating hormone"));
  g_assert_cmpuint (offset_of (text, "Thyroid stimulating hormone"), <,
                    offset_of (text, "Free thyroxine"));
}

/* A long report: every page after the first starts with the patient. */
static void
test_later_pages_carry_the_patient (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autoptr(LdTestResponse) saved = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *pdf = NULL;
  guint n_pages;

  order_id = order_in_lab (suite, "[\"CBC\", \"LFT\", \"KFT\", \"LIPID\", \"THY\", \"URINE\", "
                                  "\"ESR\", \"GLUF\", \"HBA1C\", \"CRP\", \"VITD\", \"B12\"]");
  saved =
    ld_lab_save (suite->lab, suite->lab->technician, order_id, TRUE, "HB", "13.9", "WBC", "7.2",
                 "RBC", "4.71", "HCT", "41.5", "MCV", "88.1", "MCH", "29.5", "MCHC", "33.5", "PLT",
                 "250", "TBIL", "0.8", "DBIL", "0.2", "ALT", "22", "AST", "25", "ALP", "80", "TP",
                 "7.1", "ALB", "4.3", "UREA", "28", "CREA", "0.9", "UA", "5.1", "NA", "140", "K",
                 "6.8", "CL", "101", "CHOL", "182", "TG", "140", "HDL", "46", "LDL", "108", "T3",
                 "120", "FT4", "1.2", "TSH", "2.10", "UPH", "6.0", "USG", "1.020", "UPRO",
                 "Negative", "UGLU", "Negative", "ESR", "12", "GLUF", "92", "HBA1C", "5.6", "CRP",
                 "3.1", "VITD", "31", "B12", "420", NULL);
  ld_test_assert_status (saved, 200);
  add_comment (suite, order_id, "HB");
  verify_and_release (suite, order_id);
  pdf = save_report (suite, order_id, "long.pdf");
  n_pages = ld_test_pdf_n_pages (pdf);
  g_assert_cmpuint (n_pages, >=, 2);
  /* The critical potassium's call, the signatory and the interpretation. */
  {
    g_autofree char *all = ld_test_run_tool ("pdftotext", "-enc", "UTF-8", pdf, "-", NULL);

    ld_test_assert_contains (all, "Critical value telephoned to");
    ld_test_assert_contains (all, "Arjun Mehta");
    ld_test_assert_contains (all, "Reg. No.");
    ld_test_assert_contains (all, "Interpretation");
  }

  for (guint page = 2; page <= n_pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_autofree char *text = ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", "-f",
                                                number, "-l", number, pdf, "-", NULL);

      /* One line: the name, MRN, sex and age, order; above the results. */
      ld_test_assert_contains (find_line (text, "Female / 52 years"), "Meena Sharma");
      ld_test_assert_contains (find_line (text, "Female / 52 years"), "MRN P");
      ld_test_assert_contains (find_line (text, "Female / 52 years"), "Order O");
      if (strstr (text, "Reference interval") != NULL)
        g_assert_cmpuint (offset_of (text, "Female / 52 years"), <,
                          offset_of (text, "Reference interval"));
    }
  /* The first page has the full patient block instead. */
  {
    g_autofree char *first =
      ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf, "-", NULL);

    g_assert_null (strstr (first, "Meena Sharma MRN"));
  }

  /* For docs/screenshots: G_TEST_SRCDIR is the tests folder. */
  if (g_getenv ("LD_WRITE_SCREENSHOTS") != NULL)
    for (guint page = 1; page <= MIN (n_pages, 3); page++)
      {
        g_autofree char *png = ld_test_pdf_to_png (pdf, page, 90);
        g_autofree char *name = g_strdup_printf ("report-departments-p%u.png", page);
        g_autofree char *target =
          g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", "screenshots", name, NULL);
        g_autofree char *contents = NULL;
        gsize length;

        g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
        g_assert_true (g_file_set_contents (target, contents, length, NULL));
      }
}

int
main (int   argc,
      char *argv[])
{
  Suite suite;
  int status;

  g_test_init (&argc, &argv, NULL);
  suite.lab = ld_lab_new ();
  ld_test_patch_settings (suite.lab, "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "\"");
  suite.patient_id = ld_lab_new_patient (suite.lab, "{\"name\": \"Meena Sharma\", \"sex\": "
                                                    "\"female\", \"age_years\": 52}");

  g_test_add_data_func ("/report/departments/clinical-order", &suite,
                        test_departments_in_clinical_order);
  g_test_add_data_func ("/report/departments/mixed-panel-stays-whole", &suite,
                        test_mixed_panel_stays_whole);
  g_test_add_data_func ("/report/departments/later-pages-carry-the-patient", &suite,
                        test_later_pages_carry_the_patient);

  status = g_test_run ();
  g_free (suite.patient_id);
  ld_lab_free (suite.lab);
  return status;
}
