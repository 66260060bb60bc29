/* test-api-recollection.c: a rejected sample asks for a new one or
 * cancels its tests; values measured on it no longer count
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on a loopback port with a real SQLite file;
 * the released report is read back with pdftotext.
 */

#include "config.h"

#include <string.h>

#include "ld-sqlite.h"
#include "store/ld-store.h"
#include "ld-test-documents.h"
#include "ld-test-reports.h"
#include "ld-test-snapshot.h"

#define WOMAN(name) "{\"name\": \"" name "\", \"sex\": \"female\", \"age_years\": 41}"

static gint64
count (LdLab      *lab,
       const char *sql)
{
  return ld_test_server_query_int (lab->server, sql);
}

static const char *
message_of (LdTestResponse *resp)
{
  return ld_test_response_get_string (resp, "error.message");
}

/* The order's samples, oldest first. */
static JsonArray *
samples_of (LdLab      *lab,
            const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);

  ld_test_assert_status (resp, 200);
  return json_array_ref (json_object_get_array_member (ld_test_response_object (resp), "items"));
}

/* The order's sample that holds @test_code, newest first. */
static JsonObject *
sample_for (LdLab      *lab,
            const char *order_id,
            const char *test_code)
{
  g_autoptr(JsonArray) samples = samples_of (lab, order_id);

  for (guint i = json_array_get_length (samples); i > 0; i--)
    {
      JsonObject *sample = json_array_get_object_element (samples, i - 1);
      JsonArray *tests = json_object_get_array_member (sample, "tests");

      for (guint t = 0; t < json_array_get_length (tests); t++)
        if (g_str_equal (json_array_get_string_element (tests, t), test_code))
          return json_object_ref (sample);
    }
  g_error ("no sample holds %s", test_code);
}

static LdTestResponse *
custody (LdLab      *lab,
         const char *token,
         JsonObject *sample,
         const char *members)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/samples/%s/custody", json_object_get_string_member (sample, "id"));
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}",
                                           json_object_get_int_member (sample, "version"), members);

  return ld_lab_post (lab, token, path, body);
}

static JsonObject *
result_of (LdLab      *lab,
           const char *order_id,
           const char *test_code)
{
  g_autoptr(LdTestResponse) resp = ld_lab_get_results (lab, lab->technician, order_id);

  return json_object_ref (ld_lab_find_result (resp, "items", test_code));
}

/* Whether the worklist's @tab lists @order_id, and the tab's count. */
static gboolean
worklist_has (LdLab      *lab,
              const char *tab,
              const char *order_id,
              gint64     *out_count)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/worklist?tab=%s&limit=100", tab);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);
  JsonObject *answer;
  JsonArray *items;
  gboolean found = FALSE;

  ld_test_assert_status (resp, 200);
  answer = ld_test_response_object (resp);
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    found |=
      g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "id"),
                   order_id);
  *out_count = json_object_get_int_member (json_object_get_object_member (answer, "counts"), tab);
  return found;
}

/* Reject with a new sample wanted: the order waits on the recollection
 * tab; the value entered on the rejected tube is refused at verification
 * and at release; the new tube's value goes the normal way and is the
 * only one the report shows. */
static void
test_recollect (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Meera Pillai"));
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autoptr(JsonObject) first = sample_for (lab, order_id, "HB");
  g_autoptr(JsonObject) entered = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(LdTestResponse) saved = NULL;
  g_autoptr(LdTestResponse) rejected = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) pdf = NULL;
  g_autoptr(GHashTable) feed = NULL;
  g_autofree char *feed_key = NULL;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  JsonArray *set_aside;
  gint64 n_waiting = 0;

  saved = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "9.1", NULL);
  ld_test_assert_status (saved, 200);

  rejected = custody (lab, lab->technician, first,
                      "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": true");
  ld_test_assert_status (rejected, 200);
  g_assert_cmpstr (ld_test_response_get_string (rejected, "sample.state"), ==,
                   "recollection_requested");
  set_aside =
    json_object_get_array_member (json_object_get_object_member (ld_test_response_object (rejected),
                                                                 "sample"),
                                  "results_at_rejection");
  g_assert_cmpuint (json_array_get_length (set_aside), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (set_aside, 0),
                                                  "value"),
                   ==, "9.1");
  g_assert_true (worklist_has (lab, "recollection", order_id, &n_waiting));
  g_assert_cmpint (n_waiting, >=, 1);
  g_assert_false (worklist_has (lab, "processing", order_id, &(gint64){ 0 }));
  g_assert_cmpint (
    count (lab, "SELECT count(*) FROM audit_events WHERE action = 'order.recollection_requested'"),
    ==, 1);

  /* The value still shows, on the rejected tube; it counts for nothing. */
  entered = result_of (lab, order_id, "HB");
  g_assert_cmpstr (json_object_get_string_member (entered, "state"), ==, "entered");
  g_assert_cmpstr (json_object_get_string_member (entered, "sample_id"), ==,
                   json_object_get_string_member (first, "id"));
  {
    g_autofree char *body = ld_lab_verify_body (lab, order_id, "HB", NULL);
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->sunita, order_id, "verify", body, 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "which was rejected (haemolysed)"));
  }
  {
    g_autofree char *body = ld_lab_release_body (lab, order_id);
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->signatory, order_id, "release", body, 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "which was rejected"));
  }

  /* The new tube: a new accession for the same test, off the tab. */
  again = ld_lab_order_post (lab, lab->technician, order_id, "collect", "{}");
  ld_test_assert_status (again, 201);
  second = sample_for (lab, order_id, "HB");
  g_assert_cmpstr (json_object_get_string_member (second, "replaces_sample_id"), ==,
                   json_object_get_string_member (first, "id"));
  g_assert_cmpstr (json_object_get_string_member (second, "accession"), !=,
                   json_object_get_string_member (first, "accession"));
  g_assert_false (worklist_has (lab, "recollection", order_id, &n_waiting));
  g_assert_true (worklist_has (lab, "processing", order_id, &(gint64){ 0 }));

  ld_lab_receive_all (lab, order_id);
  g_clear_pointer (&saved, ld_test_response_free);
  saved = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "12.4", NULL);
  ld_test_assert_status (saved, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);
  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);

  /* The report shows the new tube's value and accession, never the old. */
  pdf = ld_test_get_document (lab, lab->technician, order_id, "report.pdf");
  ld_test_assert_status (pdf, 200);
  file = ld_test_save_body (lab, pdf, "recollected-report.pdf");
  text = ld_test_pdf_text (file, 0);
  ld_test_assert_contains (text, "12.4");
  ld_test_assert_contains (text, json_object_get_string_member (second, "accession"));
  g_assert_null (strstr (text, "9.1"));

  /* The old value stays in the rejected tube's history, in the feed too. */
  all = samples_of (lab, order_id);
  kept = json_object_ref (json_array_get_object_element (all, 0));
  g_assert_cmpstr (json_object_get_string_member (kept, "state"), ==, "recollection_requested");
  set_aside = json_object_get_array_member (kept, "results_at_rejection");
  g_assert_cmpuint (json_array_get_length (set_aside), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (set_aside, 0),
                                                  "value"),
                   ==, "9.1");
  feed = ld_test_replay_feed (lab->server, lab->technician);
  feed_key = g_strdup_printf ("sample\n%s", json_object_get_string_member (first, "id"));
  {
    JsonNode *node = g_hash_table_lookup (feed, feed_key);
    JsonObject *record;

    g_assert_nonnull (node);
    record = json_node_get_object (node);
    g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (record, "results_at_rejection")),
                      ==, 1);
  }
}

/* Reject without a new sample: the tube's tests are cancelled with the
 * reason; the order's other tests go on. An order whose every test is
 * cancelled is cancelled, its money held for the desk to refund. */
static void
test_reject_cancels (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Shobha Menon"));
  g_autofree char *order_id =
    ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"ESR\", \"GLUF\"]");
  g_autofree char *lone_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\"]");
  g_autoptr(JsonObject) blood = sample_for (lab, order_id, "HB");
  g_autoptr(JsonObject) serum = sample_for (lab, lone_id, "K");
  g_autoptr(JsonObject) hb = NULL;
  g_autoptr(JsonObject) gluf = NULL;
  g_autoptr(JsonObject) esr = NULL;
  g_autoptr(LdTestResponse) saved = NULL;
  g_autoptr(LdTestResponse) rejected = NULL;
  g_autoptr(LdTestResponse) lone = NULL;
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", lone_id);
  g_autoptr(LdTestResponse) lone_order = NULL;
  g_autofree char *reason = NULL;
  gint64 n = 0;

  saved = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "10.2", NULL);
  ld_test_assert_status (saved, 200);
  rejected = custody (lab, lab->technician, blood,
                      "\"event\": \"rejected\", \"reason\": \"clotted\", \"recollect\": false");
  ld_test_assert_status (rejected, 200);
  g_assert_cmpstr (ld_test_response_get_string (rejected, "sample.state"), ==, "rejected");

  reason = g_strdup_printf ("Sample %s was rejected: clotted",
                            json_object_get_string_member (blood, "accession"));
  hb = result_of (lab, order_id, "HB");
  g_assert_cmpstr (json_object_get_string_member (hb, "state"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (hb, "cancel_reason"), ==, reason);
  esr = result_of (lab, order_id, "ESR");
  g_assert_cmpstr (json_object_get_string_member (esr, "state"), ==, "cancelled");
  gluf = result_of (lab, order_id, "GLUF");
  g_assert_cmpstr (json_object_get_string_member (gluf, "state"), ==, "pending");
  g_assert_false (worklist_has (lab, "recollection", order_id, &n));
  g_assert_true (worklist_has (lab, "processing", order_id, &n));
  g_assert_cmpint (count (lab, "SELECT count(*) FROM rejected_sample_results WHERE value = '10.2'"),
                   ==, 1);

  /* No new tube is asked for: collecting again finds nothing to collect. */
  {
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, order_id, "collect", "{}", 409, "conflict");
  }

  /* The rest of the order goes on; the report leaves the cancelled tests
   * and the rejected tube's value out. */
  {
    g_autoptr(LdTestResponse) glucose =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "GLUF", "97", NULL);
    g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, "GLUF", NULL);
    g_autoptr(LdTestResponse) released = ld_lab_release (lab, lab->signatory, order_id);
    g_autoptr(LdTestResponse) pdf =
                 ld_test_get_document (lab, lab->technician, order_id, "report.pdf");
    g_autofree char *file = NULL;
    g_autofree char *text = NULL;

    ld_test_assert_status (glucose, 200);
    ld_test_assert_status (verified, 200);
    ld_test_assert_status (released, 201);
    ld_test_assert_status (pdf, 200);
    file = ld_test_save_body (lab, pdf, "cancelled-report.pdf");
    text = ld_test_pdf_text (file, 0);
    ld_test_assert_contains (text, "97");
    g_assert_null (strstr (text, "10.2"));
  }

  lone = custody (lab, lab->technician, serum,
                  "\"event\": \"rejected\", \"reason\": \"lipaemic\", \"recollect\": false");
  ld_test_assert_status (lone, 200);
  lone_order = ld_test_get (lab->server, order_path, lab->desk);
  ld_test_assert_status (lone_order, 200);
  g_assert_cmpstr (ld_test_response_get_string (lone_order, "order.lab_state"), ==, "cancelled");
  g_assert_cmpstr (ld_test_response_get_string (lone_order, "order.payment_state"), ==, "paid");
}

/* Bad input and the wrong role are refused as documented, and nothing
 * changes; so is a rejection after a value on the tube was verified. */
static void
test_refusals (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Rekha Nair"));
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autoptr(JsonObject) sample = sample_for (lab, order_id, "HB");
  static const struct
  {
    const char *token;
    const char *members;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "technician", "\"event\": \"rejected\", \"reason\": \"haemolysed\"", 422, "validation_failed",
      "recollect" },
    { "technician", "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": \"yes\"",
      422, "validation_failed", "recollect" },
    { "technician", "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": null", 422,
      "validation_failed", "recollect" },
    { "technician", "\"event\": \"received\", \"recollect\": true", 422, "validation_failed",
      "recollect" },
    { "technician",
      "\"event\": \"rejected\", \"reason\": \"x\", \"recollect\": true, \"redraw\": 1", 400,
      "bad_request", "redraw" },
    { "desk", "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": true", 403,
      "forbidden", NULL },
    { "doctor", "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": false", 403,
      "forbidden", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *snapshot = ld_test_snapshot_database (lab->server);
      const char *token = g_str_equal (cases[i].token, "desk") ? lab->desk
                        : g_str_equal (cases[i].token, "doctor") ? lab->doctor : lab->technician;
      g_autoptr(LdTestResponse) resp = custody (lab, token, sample, cases[i].members);

      ld_test_assert_error (resp, cases[i].status, cases[i].code);
      if (cases[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
      ld_test_assert_unchanged (lab->server, snapshot);
    }

  /* A verified value is sent back before its tube is rejected. */
  {
    g_autoptr(LdTestResponse) saved =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.0", NULL);
    g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", NULL);
    g_autofree char *snapshot = NULL;
    g_autoptr(JsonObject) now = sample_for (lab, order_id, "HB");
    g_autoptr(LdTestResponse) resp = NULL;

    ld_test_assert_status (saved, 200);
    ld_test_assert_status (verified, 200);
    snapshot = ld_test_snapshot_database (lab->server);
    resp = custody (lab, lab->technician, now,
                    "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": true");
    ld_test_assert_error (resp, 409, "conflict");
    g_assert_nonnull (strstr (message_of (resp), "send it back for re-entry"));
    ld_test_assert_unchanged (lab->server, snapshot);
  }
}

/* The recollection tab pages by keyset like the others: stat first, one
 * order a page, each once. */
static void
test_tab_pages (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Nandini Iyer"));
  g_autofree char *routine_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *stat_id =
    ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"], \"priority\": \"stat\"");
  const char *ids[] = { routine_id, stat_id };
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  guint routine_at = G_MAXUINT, stat_at = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(JsonObject) sample = sample_for (lab, ids[i], "HB");
      g_autoptr(LdTestResponse) rejected =
                   custody (lab, lab->technician, sample,
                            "\"event\": \"rejected\", \"reason\": \"clotted\","
                            " \"recollect\": true");

      ld_test_assert_status (rejected, 200);
    }

  do
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/worklist?tab=recollection&limit=1%s%s",
                                               after ? "&after=" : "", after ? after : "");
      g_autoptr(LdTestResponse) page = ld_test_get (lab->server, path, lab->technician);
      JsonArray *items;

      ld_test_assert_status (page, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      g_assert_cmpuint (json_array_get_length (items), ==, 1);
      g_ptr_array_add (seen,
                       g_strdup (
                         json_object_get_string_member (json_array_get_object_element (items, 0),
                                                        "id")));
      g_free (after);
      after = g_strdup (ld_test_response_get_string (page, "next"));
      g_assert_cmpuint (seen->len, <, 100);
    }
  while (after != NULL);

  for (guint i = 0; i < seen->len; i++)
    {
      const char *id = g_ptr_array_index (seen, i);

      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (g_ptr_array_index (seen, j), !=, id);
      if (g_str_equal (id, routine_id))
        routine_at = i;
      if (g_str_equal (id, stat_id))
        stat_at = i;
    }
  g_assert_cmpuint (stat_at, <, routine_at);
  g_assert_cmpuint (routine_at, <, seen->len);
}

/* A database made before 0022, with an order waiting for a new tube,
 * finds it on the recollection tab once migrated; the others wait for
 * nothing. */
static void
test_migration_finds_waiting_orders (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Vasanthi Rao"));
  g_autofree char *waiting_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *other_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"ESR\"]");
  g_autoptr(JsonObject) sample = sample_for (lab, waiting_id, "HB");
  g_autoptr(LdTestResponse) rejected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-0022-XXXXXX", &error);
  g_autofree char *copy = g_build_filename (dir, "before-0022.db", NULL);
  g_autofree char *vacuum = g_strdup_printf ("VACUUM INTO '%s'", copy);
  g_autofree char *waiting_sql = g_strdup_printf ("SELECT recollect_us IS NOT NULL FROM orders"
                                                  " WHERE id = '%s'", waiting_id);
  g_autofree char *other_sql = g_strdup_printf ("SELECT recollect_us IS NOT NULL FROM orders"
                                                " WHERE id = '%s'", other_id);
  g_autoptr(LdSqlite) db = NULL;
  g_autoptr(LdStore) store = NULL;
  const char * const seal[] = { ".audit-key", ".audit-head" };

  /* PostgreSQL's schema began with everything 0022 adds: there is no
   * database before it to migrate. */
  if (ld_test_server_is_postgresql (lab->server))
    {
      g_test_skip ("Migration 0022 is SQLite's alone");
      ld_test_remove_tree (dir);
      return;
    }

  g_assert_no_error (error);
  rejected = custody (lab, lab->technician, sample,
                      "\"event\": \"rejected\", \"reason\": \"haemolysed\", \"recollect\": true");
  ld_test_assert_status (rejected, 200);

  /* A copy of the lab's database as schema 17 left it. */
  db = ld_sqlite_open (ld_test_server_get_db_path (lab->server), LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_exec (db, vacuum, &error));
  g_assert_no_error (error);
  g_clear_pointer (&db, ld_sqlite_close);
  /* The audit chain's key and head go with the database. */
  for (guint i = 0; i < G_N_ELEMENTS (seal); i++)
    {
      g_autofree char *from = g_strconcat (ld_test_server_get_db_path (lab->server), seal[i], NULL);
      g_autofree char *to = g_strconcat (copy, seal[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &bytes, &length, &error));
      g_assert_true (
        g_file_set_contents_full (to, bytes, length, G_FILE_SET_CONTENTS_NONE, 0600, &error));
      g_assert_no_error (error);
    }
  db = ld_sqlite_open (copy, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ld_test_downgrade_schema (db, 17);
  g_assert_no_error (error);
  g_clear_pointer (&db, ld_sqlite_close);

  store = ld_store_open (copy, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, ld_store_close);
  g_assert_cmpint (ld_test_query_int (copy, waiting_sql), ==, 1);
  g_assert_cmpint (ld_test_query_int (copy, other_sql), ==, 0);
  ld_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) labs = NULL;
  LdLab *lab;
  int status;

  g_test_init (&argc, &argv, NULL);
  lab = ld_lab_new ();

  g_test_add_data_func ("/server/recollection/recollect", lab, test_recollect);
  g_test_add_data_func ("/server/recollection/reject-cancels", lab, test_reject_cancels);
  g_test_add_data_func ("/server/recollection/refusals", lab, test_refusals);
  g_test_add_data_func ("/server/recollection/tab-pages", lab, test_tab_pages);
  g_test_add_data_func ("/server/recollection/migration-finds-waiting-orders", lab,
                        test_migration_finds_waiting_orders);

  status = g_test_run ();
  ld_lab_free (lab);
  return status;
}
