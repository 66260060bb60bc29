/* test-api-web-review.c: the desk settles registrations parked from the patient pages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/web-registrations/review lists each parked record beside
 * the records it resembles (the desk's likely-duplicate rule);
 * POST /api/v1/web-registrations/{id}/resolve says "different people"
 * (the flag goes) or "the same person" (the parked record is merged into
 * the existing one: its orders and links move, it is kept, marked merged,
 * out of search; audited and in the feed). Every refusal is the API's
 * error shape and changes nothing. Runs on SQLite, and as -pg on
 * PostgreSQL.
 */

#include "config.h"

#include <string.h>

#include "ld-test-lab.h"

#define KNOWN_JSON                                                                 \
  "{\"name\": \"Meera Joshi\", \"sex\": \"female\", \"date_of_birth\": \"1990-05-12\"," \
  " \"phone\": \"+91 98765 43210\"}"
#define LIKE_KNOWN_JSON                                                            \
  "{\"name\": \"Joshi Meera\", \"sex\": \"female\", \"date_of_birth\": \"1990-05-12\"," \
  " \"allow_duplicate\": true}"

static gint64
query (LdLabFixture *fx,
       const char   *format,
       ...) G_GNUC_PRINTF (2, 3);

static gint64
query (LdLabFixture *fx,
       const char   *format,
       ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return ld_test_server_query_int (fx->lab->server, sql);
}

/* A record like the fixture's patient, registered on the patient pages
 * and parked for the desk. */
static char *
park_like_known (LdLabFixture *fx,
                 const char   *email)
{
  char *id = ld_lab_new_patient (fx->lab, LIKE_KNOWN_JSON);

  ld_test_park_web_registration (fx->lab->server, id, email);
  return id;
}

static LdTestResponse *
get_review (LdLabFixture *fx,
            const char   *token)
{
  return ld_test_get (fx->lab->server, "/api/v1/web-registrations/review", token);
}

static LdTestResponse *
resolve (LdLabFixture *fx,
         const char   *token,
         const char   *patient_id,
         const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/web-registrations/%s/resolve", patient_id);

  return ld_test_send_json (fx->lab->server, "POST", path, token, body);
}

static char *
same_body (const char *into_id)
{
  return g_strdup_printf ("{\"decision\": \"same\", \"patient_id\": \"%s\"}", into_id);
}

static JsonArray *
items_of (LdTestResponse *resp)
{
  return json_object_get_array_member (ld_test_response_object (resp), "items");
}

static void
test_list_and_distinct (LdLabFixture  *fx,
                        gconstpointer  data)
{
  g_autofree char *parked = park_like_known (fx, "meera@example.com");
  g_autoptr(LdTestResponse) list = get_review (fx, fx->lab->desk);
  g_autoptr(LdTestResponse) refused = NULL;
  g_autoptr(LdTestResponse) done = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  JsonObject *item, *patient, *account;
  JsonArray *resembles;

  ld_test_assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (items_of (list)), ==, 1);
  item = json_array_get_object_element (items_of (list), 0);
  patient = json_object_get_object_member (item, "patient");
  g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, parked);
  g_assert_cmpstr (json_object_get_string_member (patient, "name"), ==, "Joshi Meera");
  g_assert_cmpstr (json_object_get_string_member (patient, "date_of_birth"), ==, "1990-05-12");
  g_assert_cmpstr (json_object_get_string_member (item, "registered_at"), ==,
                   json_object_get_string_member (patient, "created_at"));
  account = json_array_get_object_element (json_object_get_array_member (item, "accounts"), 0);
  g_assert_cmpstr (json_object_get_string_member (account, "email"), ==, "meera@example.com");
  resembles = json_object_get_array_member (item, "resembles");
  g_assert_cmpuint (json_array_get_length (resembles), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (resembles, 0),
                                                  "id"),
                   ==, fx->patient_id);
  /* Both records shown, each audited as a read. */
  g_assert_cmpint (query (fx, "SELECT count(*) FROM audit_events WHERE action = 'patient.read'"
                              " AND detail = 'web registration review'"),
                   ==, 2);

  /* The desk's list is not the lab's, nor the doctor's; it takes no parameters. */
  refused = get_review (fx, fx->lab->technician);
  ld_test_assert_error (refused, 403, "forbidden");
  g_clear_pointer (&refused, ld_test_response_free);
  refused = get_review (fx, fx->lab->doctor);
  ld_test_assert_error (refused, 403, "forbidden");
  g_clear_pointer (&refused, ld_test_response_free);
  refused =
    ld_test_get (fx->lab->server, "/api/v1/web-registrations/review?all=1", fx->lab->admin);
  ld_test_assert_error (refused, 400, "bad_request");

  /* Different people: the record stays, linked, no longer parked. */
  done = resolve (fx, fx->lab->admin, parked, "{\"decision\": \"distinct\"}");
  ld_test_assert_status (done, 200);
  g_assert_cmpstr (ld_test_response_get_string (done, "decision"), ==, "distinct");
  g_assert_cmpint (query (fx, "SELECT count(*) FROM web_account_patients"
                              " WHERE patient_id = '%s' AND needs_review = 0",
                          parked),
                   ==, 1);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM audit_events WHERE action = 'web.review'"
                              " AND entity_id = '%s'",
                          parked),
                   ==, 1);
  g_clear_pointer (&list, ld_test_response_free);
  list = get_review (fx, fx->lab->desk);
  ld_test_assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (items_of (list)), ==, 0);

  /* Settled once: not parked any more. */
  again = resolve (fx, fx->lab->desk, parked, "{\"decision\": \"distinct\"}");
  ld_test_assert_error (again, 409, "conflict");
}

static void
test_merge (LdLabFixture  *fx,
            gconstpointer  data)
{
  g_autofree char *parked = park_like_known (fx, "meera@example.com");
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, parked, "\"items\": [\"HB\"]");
  g_autofree char *body = same_body (fx->patient_id);
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autofree char *detail = g_strdup_printf ("into %s", fx->patient_id);
  g_autoptr(LdTestResponse) done = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) found = NULL;
  g_autoptr(LdTestResponse) list = NULL;
  gint64 feed_before = query (fx, "SELECT count(*) FROM changes");
  gint64 notes = query (fx, "SELECT count(*) FROM notifications WHERE patient_id = '%s'", parked);

  done = resolve (fx, fx->lab->desk, parked, body);
  ld_test_assert_status (done, 200);
  g_assert_cmpstr (ld_test_response_get_string (done, "decision"), ==, "same");
  g_assert_cmpstr (ld_test_response_get_string (done, "merged_into"), ==, fx->patient_id);

  /* The parked record is kept, marked; its rows name the existing one. */
  g_assert_cmpint (query (fx,
                          "SELECT count(*) FROM patients WHERE id = '%s' AND merged_into = '%s'",
                          parked, fx->patient_id),
                   ==, 1);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM orders WHERE patient_id = '%s'", parked), ==,
                   0);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM notifications WHERE patient_id = '%s'",
                          parked),
                   ==, 0);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM notifications WHERE patient_id = '%s'",
                          fx->patient_id),
                   >=, notes);
  order = ld_test_get (fx->lab->server, order_path, fx->lab->desk);
  ld_test_assert_status (order, 200);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.patient.id"), ==, fx->patient_id);

  /* The account reaches the existing record, not parked. */
  g_assert_cmpint (query (fx, "SELECT count(*) FROM web_account_patients w"
                              " JOIN web_accounts a ON a.id = w.account_id"
                              " WHERE w.patient_id = '%s' AND a.email = 'meera@example.com'"
                              " AND w.needs_review = 0",
                          fx->patient_id),
                   ==, 1);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM web_account_patients WHERE patient_id = '%s'",
                          parked),
                   ==, 0);

  /* Audited with both ids; the feed carries both patients and the order. */
  g_assert_cmpint (query (fx, "SELECT count(*) FROM audit_events WHERE action = 'patient.merge'"
                              " AND entity_id = '%s' AND detail = '%s'",
                          parked, detail),
                   ==, 1);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM changes WHERE entity = 'patient'"
                              " AND entity_id = '%s' AND record LIKE '%%\"merged_into\"%%'",
                          parked),
                   ==, 1);
  g_assert_cmpint (query (fx, "SELECT count(*) FROM changes"), ==, feed_before + 3);

  /* Out of search and of the list; never a likely duplicate again. */
  found = ld_test_get (fx->lab->server, "/api/v1/patients?q=meera", fx->lab->desk);
  ld_test_assert_status (found, 200);
  g_assert_cmpuint (json_array_get_length (items_of (found)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (found),
                                                                                 0),
                                                  "id"),
                   ==, fx->patient_id);
  list = get_review (fx, fx->lab->desk);
  ld_test_assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (items_of (list)), ==, 0);
}

/* What a refusal must leave as it was. */
static char *
snapshot (LdLabFixture *fx,
          const char   *parked)
{
  return g_strdup_printf (
    "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
    " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
    query (fx, "SELECT count(*) FROM web_account_patients WHERE needs_review = 1"),
    query (fx, "SELECT count(*) FROM patients WHERE merged_into IS NOT NULL"),
    query (fx, "SELECT count(*) FROM orders WHERE patient_id = '%s'", parked),
    query (fx, "SELECT count(*) FROM audit_events WHERE action IN ('patient.merge', 'web.review')"),
    query (fx, "SELECT count(*) FROM changes"),
    query (fx, "SELECT version FROM patients WHERE id = '%s'", parked));
}

static void
test_refusals (LdLabFixture  *fx,
               gconstpointer  data)
{
  g_autofree char *parked = park_like_known (fx, "meera@example.com");
  g_autofree char *other = park_like_known (fx, "someone@example.com");
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, parked, "\"items\": [\"HB\"]");
  g_autofree char *unknown = g_uuid_string_random ();
  g_autofree char *into_self = same_body (parked);
  g_autofree char *into_unknown = same_body (unknown);
  g_autofree char *into_known = same_body (fx->patient_id);
  g_autofree char *into_other = same_body (other);
  g_autofree char *distinct_with_id =
    g_strdup_printf ("{\"decision\": \"distinct\", \"patient_id\": \"%s\"}", fx->patient_id);
  g_autofree char *big = g_strnfill (2 * 1024 * 1024, 'x');
  g_autofree char *oversize = g_strdup_printf ("{\"decision\": \"%s\"}", big);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const struct
  {
    const char *token;
    const char *id;
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { fx->lab->desk, unknown, into_known, 404, "not_found", NULL },
    { fx->lab->desk, "not-an-id", into_known, 404, "not_found", NULL },
    { fx->lab->desk, fx->patient_id, "{\"decision\": \"distinct\"}", 409, "conflict", NULL },
    { fx->lab->desk, parked, into_self, 422, "validation_failed", "patient_id" },
    { fx->lab->desk, parked, into_unknown, 422, "validation_failed", "patient_id" },
    { fx->lab->desk, parked, "{\"decision\": \"same\"}", 422, "validation_failed", "patient_id" },
    { fx->lab->desk, parked, "{\"decision\": \"same\", \"patient_id\": 7}", 422,
      "validation_failed", "patient_id" },
    { fx->lab->desk, parked, "{\"decision\": \"same\", \"patient_id\": \"P000001\"}", 422,
      "validation_failed", "patient_id" },
    { fx->lab->desk, parked, distinct_with_id, 422, "validation_failed", "patient_id" },
    { fx->lab->desk, parked, "{\"decision\": \"maybe\"}", 422, "validation_failed", "decision" },
    { fx->lab->desk, parked, "{}", 422, "validation_failed", "decision" },
    { fx->lab->desk, parked, "{\"decision\": true}", 422, "validation_failed", "decision" },
    { fx->lab->desk, parked, "{\"decision\": \"distinct\", \"why\": 1}", 400, "bad_request", NULL },
    { fx->lab->desk, parked, "{\"decision\": ", 400, "bad_request", NULL },
    { fx->lab->desk, parked, "[]", 400, "bad_request", NULL },
    { fx->lab->desk, parked, oversize, 413, "payload_too_large", NULL },
    { fx->lab->technician, parked, into_known, 403, "forbidden", NULL },
    { fx->lab->doctor, parked, into_known, 403, "forbidden", NULL },
  };

  (void) order_id;
  /* A record merged away takes no other. */
  {
    g_autoptr(LdTestResponse) merged = resolve (fx, fx->lab->desk, other, into_known);

    ld_test_assert_status (merged, 200);
  }

  before = snapshot (fx, parked);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = resolve (fx, cases[i].token, cases[i].id, cases[i].body);

      g_test_message ("case %u", i);
      ld_test_assert_error (resp, cases[i].status, cases[i].code);
      if (cases[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }
  {
    g_autoptr(LdTestResponse) resp = resolve (fx, fx->lab->desk, parked, into_other);

    ld_test_assert_error (resp, 422, "validation_failed");
    g_assert_cmpstr (ld_test_response_get_field_error (resp, "patient_id"), ==,
                     "was merged into another record");
  }
  {
    /* The merged one is not parked any more either. */
    g_autoptr(LdTestResponse) resp = resolve (fx, fx->lab->desk, other, into_known);

    ld_test_assert_error (resp, 409, "conflict");
  }
  after = snapshot (fx, parked);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/web-review/list-and-distinct", LdLabFixture, KNOWN_JSON, ld_lab_fixture_setup,
              test_list_and_distinct, ld_lab_fixture_teardown);
  g_test_add ("/web-review/merge", LdLabFixture, KNOWN_JSON, ld_lab_fixture_setup, test_merge,
              ld_lab_fixture_teardown);
  g_test_add ("/web-review/refusals-change-nothing", LdLabFixture, KNOWN_JSON,
              ld_lab_fixture_setup, test_refusals, ld_lab_fixture_teardown);

  return g_test_run ();
}
