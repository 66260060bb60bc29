/* test-api-ranges.c: newborns' and infants' bands, and delta checks, through
 * the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-lab.h"
#include "ld-test-orders.h"

/* "YYYY-MM-DD" of today, local, moved back by @days and @months. */
static char *
date_ago (int days,
          int months)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) back = g_date_time_add_full (now, 0, -months, -days, 0, 0, 0);

  return g_date_time_format (back, "%Y-%m-%d");
}

static char *
new_baby (LdLab      *lab,
          const char *name,
          int         days,
          int         months)
{
  g_autofree char *born = date_ago (days, months);
  g_autofree char *json =
    g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"date_of_birth\": \"%s\"}", name,
                     born);

  return ld_lab_new_patient (lab, json);
}

/* Submits @value for @code and answers the result as the save returned it. */
static JsonObject *
enter (LdLab      *lab,
       const char *order_id,
       const char *code,
       const char *value)
{
  g_autoptr(LdTestResponse) saved =
               ld_lab_save (lab, lab->technician, order_id, TRUE, code, value, NULL);

  ld_test_assert_status (saved, 200);
  return json_object_ref (ld_lab_find_result (saved, "results", code));
}

/* Sunita verifies what the technician entered; the verified result. */
static JsonObject *
verify (LdLab      *lab,
        const char *order_id,
        const char *code)
{
  g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, code, NULL);

  ld_test_assert_status (verified, 200);
  return json_object_ref (ld_lab_find_result (verified, "results", code));
}

static char *
order_with_value (LdLab      *lab,
                  const char *patient_id,
                  const char *code,
                  const char *value,
                  gboolean    verified)
{
  g_autofree char *items = g_strdup_printf ("\"items\": [\"%s\"]", code);
  char *order_id = ld_lab_order_in_lab (lab, patient_id, items);
  g_autoptr(JsonObject) entered = enter (lab, order_id, code, value);

  if (verified)
    {
      g_autoptr(JsonObject) done = verify (lab, order_id, code);
    }
  return order_id;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_object (node);
}

/* A baby's value is flagged by the baby's band, in days or months, not
 * by an older child's or an adult's; one known only as 0 years old gets
 * none rather than a guess. */
static void
test_infant_band (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *newborn = new_baby (lab, "Baby of Asha Rao", 10, 0);
  g_autofree char *infant = new_baby (lab, "Ira Rao", 0, 4);
  g_autofree char *unknown =
    ld_lab_new_patient (lab, "{\"name\": \"Baby Girl\", \"sex\": \"female\", \"age_years\": 0}");
  g_autofree char *newborn_order =
    ld_lab_order_in_lab (lab, newborn, "\"items\": [\"HB\", \"TBIL\"]");
  g_autofree char *infant_order = ld_lab_order_in_lab (lab, infant, "\"items\": [\"HB\"]");
  g_autofree char *unknown_order = ld_lab_order_in_lab (lab, unknown, "\"items\": [\"HB\"]");
  g_autoptr(JsonObject) hb = enter (lab, newborn_order, "HB", "12.5");
  g_autoptr(JsonObject) infant_hb = enter (lab, infant_order, "HB", "14.5");
  g_autoptr(JsonObject) unknown_hb = enter (lab, unknown_order, "HB", "12.5");
  g_autoptr(JsonObject) tbil = enter (lab, newborn_order, "TBIL", "0.8");
  JsonObject *band;
  JsonObject *age;

  /* 10 days: 13.5–21.5 g/dL, so 12.5 is low (a girl's adult band would
   * call it normal). */
  g_assert_cmpstr (json_object_get_string_member (hb, "flag"), ==, "low");
  band = member_object (hb, "reference_range");
  g_assert_cmpstr (json_object_get_string_member (band, "text"), ==, "13.5–21.5");
  age = member_object (band, "age_from");
  g_assert_cmpint (json_object_get_int_member (age, "value"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (age, "unit"), ==, "days");
  age = member_object (band, "age_to");
  g_assert_cmpint (json_object_get_int_member (age, "value"), ==, 15);

  /* 4 months: 9.0–14.0. */
  g_assert_cmpstr (json_object_get_string_member (infant_hb, "flag"), ==, "high");
  band = member_object (infant_hb, "reference_range");
  g_assert_cmpstr (json_object_get_string_member (band, "text"), ==, "9.0–14.0");

  /* Bilirubin at 10 days has no published band in the catalogue. */
  g_assert_cmpstr (json_object_get_string_member (tbil, "flag"), ==, "no_reference_interval");
  g_assert_null (member_object (tbil, "reference_range"));

  g_assert_cmpstr (json_object_get_string_member (unknown_hb, "flag"), ==, "no_reference_interval");
}

static gint64
count_writes (LdLab *lab)
{
  return ld_test_server_query_int (
    lab->server, "SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM changes)"
                 " + (SELECT sum(version) FROM catalog_tests)");
}

static LdTestResponse *
patch_test (LdLab      *lab,
            const char *token,
            const char *code,
            const char *members)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT version FROM catalog_tests WHERE code = '%s'", code);
  g_autofree char *path = g_strdup_printf ("/api/v1/catalog/tests/%s", code);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}",
                                           ld_test_server_query_int (lab->server, sql), members);

  return ld_test_send_json (lab->server, "PATCH", path, token, body);
}

static void
set_delta_check (LdLab      *lab,
                 const char *code,
                 const char *check)
{
  g_autofree char *members = g_strdup_printf ("\"delta_check\": %s", check);
  g_autoptr(LdTestResponse) patched = patch_test (lab, lab->admin, code, members);

  ld_test_assert_status (patched, 200);
}

/* Moves the collection of @order_id's @code result @days back. */
static void
move_collection (LdLab      *lab,
                 const char *order_id,
                 const char *code,
                 double      days)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE results SET collected_us = collected_us - %.0f"
                                          " WHERE order_id = '%s' AND test_code = '%s'",
                                          days * G_TIME_SPAN_DAY, order_id, code);

  ld_test_sql_exec (lab->server, sql);
}

static gint64
count_audit (LdLab      *lab,
             const char *action,
             const char *entity_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = '%s'"
                                          " AND entity_id = '%s'", action, entity_id);

  return ld_test_server_query_int (lab->server, sql);
}

static void
assert_delta (JsonObject *result,
              const char *previous_value,
              double      difference,
              const char *type)
{
  JsonObject *delta = member_object (result, "delta");

  g_assert_nonnull (delta);
  g_assert_cmpstr (json_object_get_string_member (delta, "previous_value"), ==, previous_value);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (delta, "difference"), difference,
                                  1e-9);
  g_assert_cmpstr (json_object_get_string_member (delta, "type"), ==, type);
  g_assert_nonnull (json_object_get_string_member (delta, "previous_collected_at"));
  g_assert_nonnull (json_object_get_string_member (delta, "previous_result_id"));
}

/* An absolute limit: flagged at entry, seen by the verifier, kept and
 * audited at verification; not at exactly the limit. */
static void
test_delta_absolute (gconstpointer data)
{
  LdLab           *lab = (LdLab *) data;
  g_autofree char *patient =
    ld_lab_new_patient (lab, "{\"name\": \"Usha Pai\", \"sex\": \"female\","
                             " \"date_of_birth\": \"1970-05-05\"}");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autoptr(JsonObject) entered = NULL;
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(JsonObject) at_limit = NULL;
  g_autoptr(LdTestResponse) listed = NULL;

  set_delta_check (lab, "HB", "{\"type\": \"absolute\", \"limit\": 2.0, \"window_days\": 30}");
  first = order_with_value (lab, patient, "HB", "12.0", TRUE);
  move_collection (lab, first, "HB", 2);

  second = ld_lab_order_in_lab (lab, patient, "\"items\": [\"HB\"]");
  entered = enter (lab, second, "HB", "14.1");
  assert_delta (entered, "12.0", 2.1, "absolute");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (member_object (entered, "delta"),
                                                                 "percent"),
                                  17.5, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (entered, "flag"), ==, "normal");

  listed = ld_lab_get_results (lab, lab->sunita, second);
  ld_test_assert_status (listed, 200);
  assert_delta (ld_lab_find_result (listed, "items", "HB"), "12.0", 2.1, "absolute");
  /* The doctor sees it with the value: once verified. */
  g_clear_pointer (&listed, ld_test_response_free);
  listed = ld_lab_get_results (lab, lab->doctor, second);
  ld_test_assert_status (listed, 200);
  g_assert_null (member_object (ld_lab_find_result (listed, "items", "HB"), "delta"));

  verified = verify (lab, second, "HB");
  assert_delta (verified, "12.0", 2.1, "absolute");
  g_assert_cmpint (count_audit (lab, "result.verify_delta",
                                json_object_get_string_member (verified, "id")),
                   ==, 1);
  g_clear_pointer (&listed, ld_test_response_free);
  listed = ld_lab_get_results (lab, lab->doctor, second);
  ld_test_assert_status (listed, 200);
  assert_delta (ld_lab_find_result (listed, "items", "HB"), "12.0", 2.1, "absolute");

  /* 16.1 against 14.1, now verified: exactly 2.0, not flagged. */
  third = ld_lab_order_in_lab (lab, patient, "\"items\": [\"HB\"]");
  at_limit = enter (lab, third, "HB", "16.1");
  g_assert_null (member_object (at_limit, "delta"));
}

/* Only a verified previous result, in the window, in the same unit. */
static void
test_delta_window_and_previous (gconstpointer data)
{
  LdLab           *lab = (LdLab *) data;
  g_autofree char *patient =
    ld_lab_new_patient (lab, "{\"name\": \"Vani Shetty\", \"sex\": \"female\","
                             " \"date_of_birth\": \"1980-01-01\"}");
  g_autofree char *old = NULL;
  g_autofree char *unverified = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(JsonObject) outside = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autoptr(JsonObject) inside = NULL;
  g_autoptr(JsonObject) other_unit = NULL;
  g_autoptr(JsonObject) at_verification = NULL;
  g_autofree char *sql = NULL;

  set_delta_check (lab, "HB", "{\"type\": \"absolute\", \"limit\": 2.0, \"window_days\": 30}");
  old = order_with_value (lab, patient, "HB", "9.0", TRUE);
  move_collection (lab, old, "HB", 30.01);

  /* 30 days and a quarter of an hour ago: outside the window. */
  latest = ld_lab_order_in_lab (lab, patient, "\"items\": [\"HB\"]");
  outside = enter (lab, latest, "HB", "14.0");
  g_assert_null (member_object (outside, "delta"));

  /* Within 30 days it counts. */
  move_collection (lab, old, "HB", -0.02);
  inside = enter (lab, latest, "HB", "14.0");
  assert_delta (inside, "9.0", 5.0, "absolute");

  /* A previous value kept in another unit is not compared. */
  sql = g_strdup_printf ("UPDATE results SET unit = 'g/L' WHERE order_id = '%s'", old);
  ld_test_sql_exec (lab->server, sql);
  other_unit = enter (lab, latest, "HB", "14.0");
  g_assert_null (member_object (other_unit, "delta"));
  g_free (sql);
  sql = g_strdup_printf (
    "UPDATE results SET unit = 'g/dL', collected_us = collected_us - 40 * %" G_GINT64_FORMAT
    " WHERE order_id = '%s'",
    G_TIME_SPAN_DAY, old);
  ld_test_sql_exec (lab->server, sql);

  /* An entered but unverified result is no previous result at entry… */
  unverified = order_with_value (lab, patient, "HB", "10.0", FALSE);
  move_collection (lab, unverified, "HB", 1);
  none = enter (lab, latest, "HB", "14.0");
  g_assert_null (member_object (none, "delta"));

  /* …but once verified it is, when the later one is verified. */
  g_clear_pointer (&at_verification, json_object_unref);
  at_verification = verify (lab, unverified, "HB");
  g_assert_null (member_object (at_verification, "delta"));
  g_clear_pointer (&at_verification, json_object_unref);
  at_verification = verify (lab, latest, "HB");
  assert_delta (at_verification, "10.0", 4.0, "absolute");
  g_assert_cmpint (count_audit (lab, "result.verify_delta",
                                json_object_get_string_member (at_verification, "id")),
                   ==, 1);
}

/* A percent limit: a share of the previous value; exactly 50 % is not
 * flagged, 51 % is. */
static void
test_delta_percent (gconstpointer data)
{
  LdLab           *lab = (LdLab *) data;
  g_autofree char *patient =
    ld_lab_new_patient (lab, "{\"name\": \"Wasim Akhtar\", \"sex\": \"male\","
                             " \"date_of_birth\": \"1960-07-07\"}");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonObject) at_limit = NULL;
  g_autoptr(JsonObject) over = NULL;
  g_autoptr(JsonObject) verified = NULL;

  set_delta_check (lab, "CREA", "{\"type\": \"percent\", \"limit\": 50, \"window_days\": 7}");
  first = order_with_value (lab, patient, "CREA", "1.00", TRUE);
  move_collection (lab, first, "CREA", 6.9);

  second = ld_lab_order_in_lab (lab, patient, "\"items\": [\"CREA\"]");
  at_limit = enter (lab, second, "CREA", "1.50");
  g_assert_null (member_object (at_limit, "delta"));
  over = enter (lab, second, "CREA", "1.51");
  assert_delta (over, "1.00", 0.51, "percent");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (member_object (over, "delta"),
                                                                 "percent"),
                                  51.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (member_object (over, "delta"),
                                                                 "limit"),
                                  50.0, 1e-9);

  verified = verify (lab, second, "CREA");
  assert_delta (verified, "1.00", 0.51, "percent");
}

/* The catalogue's new members: each bad one refused with its field named
 * (an unknown member with 400), by an admin only, and nothing changes. */
static void
test_catalogue_bad_input (gconstpointer data)
{
  static const struct
  {
    const char *members;
    guint       status;
    const char *field;
  } refused[] = {
    { "\"delta_check\": {\"type\": \"absolute\", \"limit\": 0, \"window_days\": 30}", 422,
      "delta_check.limit" },
    { "\"delta_check\": {\"type\": \"percent\", \"limit\": 1001, \"window_days\": 30}", 422,
      "delta_check.limit" },
    { "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2e6, \"window_days\": 30}", 422,
      "delta_check.limit" },
    { "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2, \"window_days\": 0}", 422,
      "delta_check.window_days" },
    { "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2, \"window_days\": 3651}", 422,
      "delta_check.window_days" },
    { "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2, \"window_days\": \"30\"}", 422,
      "delta_check.window_days" },
    { "\"delta_check\": {\"type\": \"sideways\", \"limit\": 2, \"window_days\": 30}", 422,
      "delta_check.type" },
    { "\"delta_check\": {\"limit\": 2, \"window_days\": 30}", 422, "delta_check.type" },
    { "\"delta_check\": [2, 30]", 422, "delta_check" },
    { "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2, \"window_days\": 30, \"colour\": 1}",
      400, NULL },
    { "\"reference_ranges\": [{\"sex\": \"any\", \"age_from\": {\"value\": 1, \"unit\": \"weeks\"},"
      " \"age_to\": null, \"low\": 1, \"high\": 2}]",
      422, "reference_ranges" },
    { "\"reference_ranges\": [{\"sex\": \"any\", \"age_from\": {\"value\": 2, \"unit\": "
      "\"months\"},"
      " \"age_to\": {\"value\": 60, \"unit\": \"days\"}, \"low\": 1, \"high\": 2}]",
      422, "reference_ranges" },
    { "\"reference_ranges\": [{\"sex\": \"any\", \"age_from\": {\"value\": 1, \"unit\": \"days\"},"
      " \"age_min_years\": 0, \"low\": 1, \"high\": 2}]", 422, "reference_ranges" },
  };
  LdLab *lab = (LdLab *) data;
  gint64 before = count_writes (lab);
  g_autoptr(LdTestResponse) choice = NULL;
  g_autoptr(LdTestResponse) by_technician = NULL;
  g_autoptr(LdTestResponse) stale = NULL;
  g_autoptr(LdTestResponse) created = NULL;
  JsonObject *test;
  JsonObject *band;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(LdTestResponse) resp = patch_test (lab, lab->admin, "TSH", refused[i].members);

      g_test_message ("%s", refused[i].members);
      ld_test_assert_error (resp, refused[i].status,
                            refused[i].status == 400 ? "bad_request" : "validation_failed");
      if (refused[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, refused[i].field));
    }
  choice =
    patch_test (lab, lab->admin, "UPRO",
                "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2, \"window_days\": 30}");
  ld_test_assert_error (choice, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (choice, "delta_check"), ==,
                   "is only for numeric tests");
  by_technician =
    patch_test (lab, lab->technician, "TSH",
                "\"delta_check\": {\"type\": \"absolute\", \"limit\": 2, \"window_days\": 30}");
  ld_test_assert_error (by_technician, 403, "forbidden");
  stale =
    ld_test_send_json (lab->server, "PATCH", "/api/v1/catalog/tests/TSH", lab->admin,
                       "{\"version\": 999, \"delta_check\": {\"type\": \"absolute\", \"limit\": 2,"
                       " \"window_days\": 30}}");
  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (count_writes (lab), ==, before);

  /* A new test in both forms of band, with a delta check, reads back in
   * the new form. */
  created = ld_test_send_json (
    lab->server, "POST", "/api/v1/catalog/tests", lab->admin,
    "{\"code\": \"NEOGLU\", \"name\": \"Glucose, neonatal\", \"specimen\": \"plasma\","
    " \"container\": \"fluoride (grey)\", \"unit\": \"mg/dL\", \"result_type\": \"numeric\","
    " \"decimals\": 0, \"price_paise\": 10000, \"turnaround_hours\": 2,"
    " \"department\": \"biochemistry\","
    " \"reference_ranges\": [{\"sex\": \"any\", \"age_from\": {\"value\": 0, \"unit\": \"days\"},"
    "   \"age_to\": {\"value\": 1, \"unit\": \"days\"}, \"low\": 40, \"high\": 90},"
    "  {\"sex\": \"any\", \"age_min_years\": 1, \"age_max_years\": null, \"low\": 70, \"high\": "
    "99}],"
    " \"delta_check\": {\"type\": \"percent\", \"limit\": 100, \"window_days\": 2}}");
  ld_test_assert_status (created, 201);
  test = json_object_get_object_member (ld_test_response_object (created), "test");
  band = json_array_get_object_element (json_object_get_array_member (test, "reference_ranges"), 1);
  g_assert_false (json_object_has_member (band, "age_min_years"));
  g_assert_cmpstr (json_object_get_string_member (member_object (band, "age_from"), "unit"), ==,
                   "years");
  g_assert_null (member_object (band, "age_to"));
  g_assert_cmpstr (json_object_get_string_member (member_object (test, "delta_check"), "type"), ==,
                   "percent");
  g_assert_cmpint (json_object_get_int_member (member_object (test, "delta_check"), "window_days"),
                   ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  LdLab *lab;
  int status;

  g_test_init (&argc, &argv, NULL);
  lab = ld_lab_new ();

  g_test_add_data_func ("/ranges/infant-band", lab, test_infant_band);
  g_test_add_data_func ("/ranges/delta-absolute", lab, test_delta_absolute);
  g_test_add_data_func ("/ranges/delta-window-and-previous", lab, test_delta_window_and_previous);
  g_test_add_data_func ("/ranges/delta-percent", lab, test_delta_percent);
  g_test_add_data_func ("/ranges/catalogue-bad-input", lab, test_catalogue_bad_input);

  status = g_test_run ();
  ld_lab_free (lab);
  return status;
}
