/* test-api-lab.c: assignment, collection, custody, the worklist, doctors' lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-store-orders.h"
#include "ld-time.h"

#include "ld-test-orders.h"

typedef LdOrderFixture Fixture;

static char *
user_id_of (Fixture    *fx,
            const char *token)
{
  g_autoptr(LdTestResponse) me = ld_test_get (fx->server, "/api/v1/sessions/current", token);

  return g_strdup (ld_test_response_get_string (me, "user.id"));
}

/* A session of the demo technician whose id is @user_id (@is_them), or
 * of one whose id is not: paid orders go to any of the three, the
 * signatory among them, as their loads fall. */
static char *
sign_in_technician (Fixture    *fx,
                    const char *user_id,
                    gboolean    is_them)
{
  static const char * const sign_ins[][2] = {
    { "technician", LD_TEST_TECHNICIAN_PASSWORD },
    { "sunita", "sunita-demo" },
    { "pathologist", LD_TEST_PATHOLOGIST_PASSWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sign_ins); i++)
    {
      g_autofree char *token = ld_test_login (fx->server, sign_ins[i][0], sign_ins[i][1]);
      g_autofree char *id = user_id_of (fx, token);

      if (g_str_equal (id, user_id) == is_them)
        return g_steal_pointer (&token);
    }
  g_assert_not_reached ();
}

static char *
paid_order (Fixture    *fx,
            const char *items_json)
{
  g_autofree char *id = ld_test_create_order_ok (fx, items_json);
  g_autoptr(LdTestResponse) pay =
               ld_test_pay (fx, id, "{\"method\": \"card\", \"reference\": \"T-1\"}");

  ld_test_assert_status (pay, 201);
  return g_steal_pointer (&id);
}

static LdTestResponse *
post (Fixture    *fx,
      const char *token,
      const char *order_id,
      const char *action,
      const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/%s", order_id, action);

  return ld_test_send_json (fx->server, "POST", path, token, json);
}

/* Paid orders go to the demo's technicians in turn. */
static void
test_paid_orders_are_assigned_in_turn (Fixture       *fx,
                                       gconstpointer  data)
{
  g_autofree char *first = paid_order (fx, "\"items\": [\"HB\"]");
  g_autofree char *second = paid_order (fx, "\"items\": [\"HB\"]");
  g_autofree char *unpaid = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) a = ld_test_get_order (fx, first);
  g_autoptr(LdTestResponse) b = ld_test_get_order (fx, second);
  g_autoptr(LdTestResponse) c = ld_test_get_order (fx, unpaid);

  g_assert_nonnull (ld_test_response_get_string (a, "order.technician_id"));
  g_assert_nonnull (ld_test_response_get_string (b, "order.technician_id"));
  g_assert_cmpstr (ld_test_response_get_string (a, "order.technician_id"), !=,
                   ld_test_response_get_string (b, "order.technician_id"));
  g_assert_null (ld_test_response_get_string (c, "order.technician_id"));
  g_assert_cmpint (
    ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                          " WHERE action = 'order.assign' AND username = 'system'"),
    ==, 2);
}

/* The payment that makes an order collectable assigns it in the same
 * transaction; its answer shows the order as a read does afterwards
 * (the assignment's version and technician, not those before it), and
 * the change feed carries the same. */
static void
test_payment_answers_the_assigned_order (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) pay =
               ld_test_pay (fx, id, "{\"method\": \"card\", \"reference\": \"T-2\"}");
  g_autoptr(LdTestResponse) read = ld_test_get_order (fx, id);
  g_autoptr(GHashTable) feed = ld_test_replay_feed (fx->server, fx->desk);
  g_autofree char *key = g_strdup_printf ("order\n%s", id);
  JsonNode *read_order;

  ld_test_assert_status (pay, 201);
  ld_test_assert_status (read, 200);
  g_assert_nonnull (ld_test_response_get_string (read, "order.technician_id"));
  g_assert_cmpint (ld_test_response_get_int (pay, "order.version"), ==,
                   ld_test_response_get_int (read, "order.version"));
  read_order = json_object_get_member (ld_test_response_object (read), "order");
  g_assert_true (
    json_node_equal (json_object_get_member (ld_test_response_object (pay), "order"), read_order));
  g_assert_true (json_node_equal (g_hash_table_lookup (feed, key), read_order));
}

/* With nobody on duty an order waits; one technician claims it, once. */
static void
test_claim_and_reassign (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *sunita = ld_test_login (fx->server, "sunita", "sunita-demo");
  g_autofree char *technician_id = user_id_of (fx, technician);
  g_autofree char *sunita_id = user_id_of (fx, sunita);
  g_autofree char *id = NULL;
  g_autofree char *reassign = NULL;
  g_autoptr(LdTestResponse) claimed = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) moved = NULL;
  g_autoptr(LdTestResponse) by_tech = NULL;
  g_autoptr(LdTestResponse) to_desk = NULL;

  ld_test_sql_exec (fx->server, "UPDATE users SET disabled = 1 WHERE (roles & 4) != 0");
  id = paid_order (fx, "\"items\": [\"HB\"]");
  ld_test_sql_exec (fx->server, "UPDATE users SET disabled = 0");

  claimed = post (fx, technician, id, "claim", "{}");
  ld_test_assert_status (claimed, 200);
  g_assert_cmpstr (ld_test_response_get_string (claimed, "order.technician_id"), ==, technician_id);
  again = post (fx, sunita, id, "claim", "{}");
  ld_test_assert_error (again, 409, "conflict");

  reassign = g_strdup_printf ("{\"technician_id\": \"%s\"}", sunita_id);
  by_tech = post (fx, technician, id, "assign", reassign);
  ld_test_assert_error (by_tech, 403, "forbidden");
  moved = post (fx, fx->admin, id, "assign", reassign);
  ld_test_assert_status (moved, 200);
  g_assert_cmpstr (ld_test_response_get_string (moved, "order.technician_id"), ==, sunita_id);
  to_desk = post (fx, fx->admin, id, "assign", "{\"technician_id\": \"nobody\"}");
  ld_test_assert_error (to_desk, 422, "validation_failed");
}

/* Claim's body is `{}`, read like any other: a broken or misdirected body
 * is refused and leaves the order with nobody. */
static void
test_claim_reads_its_body (Fixture       *fx,
                           gconstpointer  data)
{
  static const struct
  {
    const char *content_type;
    const char *body;
    guint       status;
  } cases[] = {
    { "application/json", "{", 400 },
    { "application/json", "not json", 400 },
    { "application/json", "[]", 400 },
    { "application/json", "", 400 },
    { "application/json", "{\"technician_id\": \"someone-else\"}", 400 },
    { "text/plain", "{}", 400 },
  };
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  g_autoptr(LdTestResponse) claimed = NULL;

  ld_test_sql_exec (fx->server, "UPDATE users SET disabled = 1 WHERE (roles & 4) != 0");
  id = paid_order (fx, "\"items\": [\"HB\"]");
  ld_test_sql_exec (fx->server, "UPDATE users SET disabled = 0");
  path = g_strdup_printf ("/api/v1/orders/%s/claim", id);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_request (fx->server, "POST", path, technician,
                                                         cases[i].content_type, cases[i].body, -1);
      g_autoptr(LdTestResponse) order = ld_test_get_order (fx, id);

      g_test_message ("case %u", i);
      ld_test_assert_error (resp, cases[i].status, "bad_request");
      g_assert_null (ld_test_response_get_string (order, "order.technician_id"));
    }

  claimed = post (fx, technician, id, "claim", "{}");
  ld_test_assert_status (claimed, 200);
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM audit_events WHERE action = 'order.claim'"),
                   ==, 1);
}

static JsonArray *
samples_of (LdTestResponse *resp)
{
  return json_object_get_array_member (ld_test_response_object (resp), "samples");
}

static const char *
sample_member (LdTestResponse *resp,
               guint           index,
               const char     *member)
{
  return json_object_get_string_member (json_array_get_object_element (samples_of (resp), index),
                                        member);
}

/* CBC and the kidney panel and fasting glucose: three tubes. */
static void
test_collection_makes_the_right_samples (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *unpaid = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *id = paid_order (fx, "\"items\": [\"CBC\", \"KFT\", \"GLUF\", \"HBA1C\"]");
  g_autoptr(LdTestResponse) refused = post (fx, technician, unpaid, "collect", "{}");
  g_autoptr(LdTestResponse) by_desk = post (fx, fx->desk, id, "collect", "{}");
  g_autoptr(LdTestResponse) resp =
               post (fx, technician, id, "collect", "{\"location\": \"Room 2\"}");
  g_autoptr(LdTestResponse) twice = post (fx, technician, id, "collect", "{}");
  g_autoptr(GRegex) accession = g_regex_new ("^S[0-9]{11}$", 0, 0, NULL);

  ld_test_assert_error (refused, 409, "conflict");
  g_assert_nonnull (strstr (ld_test_response_get_string (refused, "error.message"), "not paid"));
  ld_test_assert_error (by_desk, 403, "forbidden");

  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.lab_state"), ==, "collected");
  g_assert_cmpuint (json_array_get_length (samples_of (resp)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *container = sample_member (resp, i, "container");
      guint       n_tests = json_array_get_length (
              json_object_get_array_member (json_array_get_object_element (samples_of (resp), i),
                                            "tests"));

      g_assert_true (g_regex_match (accession, sample_member (resp, i, "accession"), 0, NULL));
      /* HbA1c rides in the CBC's tube; the kidney panel in one glucose tube. */
      if (g_str_equal (container, "EDTA (lavender)"))
        g_assert_cmpuint (n_tests, ==, 9);
      else if (g_str_equal (container, "serum separator (gold)"))
        g_assert_cmpuint (n_tests, ==, 6);
      else
        {
          g_assert_cmpstr (container, ==, "fluoride (grey)");
          g_assert_cmpuint (n_tests, ==, 1);
        }
    }

  ld_test_assert_error (twice, 409, "conflict");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM samples"), ==, 3);

  /* Cancelled and expired orders are not collected either. */
  {
    g_autofree char *dropped = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
    g_autofree char *cancel_path = g_strdup_printf ("/api/v1/orders/%s/cancel", dropped);
    g_autoptr(LdTestResponse) cancelled =
                 ld_test_send_json (fx->server, "POST", cancel_path, fx->desk,
                                    "{\"version\": 1, \"reason\": \"left\"}");
    g_autoptr(LdTestResponse) no_cancelled = post (fx, technician, dropped, "collect", "{}");
    g_autoptr(LdTestResponse) no_expired = NULL;

    ld_test_assert_status (cancelled, 200);
    ld_test_assert_error (no_cancelled, 409, "conflict");
    g_assert_nonnull (
      strstr (ld_test_response_get_string (no_cancelled, "error.message"), "cancelled"));
    ld_test_sql_exec (fx->server,
                      "UPDATE orders SET lab_state = 'expired' WHERE id = (SELECT id FROM orders"
                      " WHERE lab_state = 'ordered' AND technician_id IS NULL LIMIT 1)");
    no_expired = post (fx, technician, unpaid, "collect", "{}");
    ld_test_assert_error (no_expired, 409, "conflict");
    g_assert_nonnull (
      strstr (ld_test_response_get_string (no_expired, "error.message"), "expired"));
    g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM samples"), ==, 3);
  }
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM custody_events WHERE event = 'collected'"),
                   ==, 3);
}

static void
test_cash_on_collection_takes_the_cash (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"LIPID\"]");
  g_autoptr(LdTestResponse) promise = ld_test_pay (fx, id, "{\"method\": \"cod\"}");
  g_autoptr(LdTestResponse) without = post (fx, technician, id, "collect", "{}");
  g_autoptr(LdTestResponse) online =
               post (fx, technician, id, "collect", "{\"payment\": {\"method\": \"online\"}}");
  g_autoptr(LdTestResponse) short_cash =
               post (fx, technician, id, "collect",
                     "{\"payment\": {\"method\": \"cash\", \"tendered_paise\": 100}}");
  g_autoptr(LdTestResponse) resp = NULL;

  ld_test_assert_status (promise, 201);
  ld_test_assert_error (without, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (without, "payment"));
  ld_test_assert_error (online, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (online, "payment.method"));
  ld_test_assert_error (short_cash, 422, "validation_failed");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM samples"), ==, 0);

  resp = post (fx, technician, id, "collect",
               "{\"payment\": {\"method\": \"cash\", \"tendered_paise\": 60000}}");
  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.payment_state"), ==, "paid");
  g_assert_cmpint (ld_test_response_get_int (resp, "payment.amount_paise"), ==, 57000);
  g_assert_cmpint (ld_test_response_get_int (resp, "payment.change_paise"), ==, 3000);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.lab_state"), ==, "collected");
}

static LdTestResponse *
custody (Fixture    *fx,
         const char *token,
         const char *sample_id,
         const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/samples/%s/custody", sample_id);

  return ld_test_send_json (fx->server, "POST", path, token, json);
}

static void
test_custody_and_recollection (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *id = paid_order (fx, "\"items\": [\"HB\", \"GLUF\"]");
  g_autoptr(LdTestResponse) collected = post (fx, technician, id, "collect", "{}");
  g_autofree char *blood = g_strdup (sample_member (collected, 0, "id"));
  g_autofree char *glucose = g_strdup (sample_member (collected, 1, "id"));
  g_autofree char *scan_path =
    g_strdup_printf ("/api/v1/samples?accession=%s", sample_member (collected, 0, "accession"));
  g_autoptr(LdTestResponse) scanned = ld_test_get (fx->server, scan_path, technician);
  g_autoptr(LdTestResponse) received =
               custody (fx, technician, blood,
                        "{\"version\": 1, \"event\": \"received\", \"location\": \"Haematology\"}");
  g_autoptr(LdTestResponse) stale =
               custody (fx, technician, blood, "{\"version\": 1, \"event\": \"stored\"}");
  g_autoptr(LdTestResponse) stored =
               custody (fx, technician, blood,
                        "{\"version\": 2, \"event\": \"stored\", \"location\": \"Fridge 3\"}");
  g_autoptr(LdTestResponse) no_reason =
               custody (fx, technician, glucose, "{\"version\": 1, \"event\": \"rejected\"}");
  g_autoptr(LdTestResponse) rejected =
               custody (fx, technician, glucose,
                        "{\"version\": 1, \"event\": \"rejected\","
                        " \"reason\": \"haemolysed\", \"recollect\": true}");
  g_autoptr(LdTestResponse) impossible =
               custody (fx, technician, glucose, "{\"version\": 2, \"event\": \"received\"}");
  g_autoptr(LdTestResponse) again = post (fx, technician, id, "collect", "{}");
  g_autoptr(LdTestResponse) nothing_left = post (fx, technician, id, "collect", "{}");
  g_autoptr(LdTestResponse) listed = NULL;
  g_autofree char *list_path = NULL;

  ld_test_assert_status (scanned, 200);
  g_assert_cmpstr (ld_test_response_get_string (scanned, "sample.id"), ==, blood);
  ld_test_assert_status (received, 200);
  g_assert_cmpstr (ld_test_response_get_string (received, "sample.state"), ==, "received");
  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (stale, "current.version"), ==, 2);
  ld_test_assert_status (stored, 200);
  g_assert_cmpstr (ld_test_response_get_string (stored, "sample.location"), ==, "Fridge 3");
  /* Every event says who by name as well as by id, for the bench's timeline. */
  {
    JsonObject *sample = json_object_get_object_member (ld_test_response_object (stored), "sample");
    JsonArray *events = json_object_get_array_member (sample, "custody");
    JsonObject *last = json_array_get_object_element (events, json_array_get_length (events) - 1);

    g_assert_cmpuint (json_array_get_length (events), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (last, "event"), ==, "stored");
    g_assert_cmpstr (json_object_get_string_member (last, "location"), ==, "Fridge 3");
    g_assert_cmpstr (json_object_get_string_member (last, "user_name"), ==, "Ravi Kumar");
  }

  ld_test_assert_error (no_reason, 422, "validation_failed");
  ld_test_assert_status (rejected, 200);
  g_assert_cmpstr (ld_test_response_get_string (rejected, "sample.state"), ==,
                   "recollection_requested");
  g_assert_cmpstr (ld_test_response_get_string (rejected, "sample.reject_reason"), ==,
                   "haemolysed");
  ld_test_assert_error (impossible, 409, "conflict");

  ld_test_assert_status (again, 201);
  g_assert_cmpuint (json_array_get_length (samples_of (again)), ==, 1);
  g_assert_cmpstr (sample_member (again, 0, "replaces_sample_id"), ==, glucose);
  g_assert_cmpstr (sample_member (again, 0, "container"), ==, "fluoride (grey)");
  ld_test_assert_error (nothing_left, 409, "conflict");

  list_path = g_strdup_printf ("/api/v1/orders/%s/samples", id);
  listed = ld_test_get (fx->server, list_path, technician);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (listed), "items")),
                    ==, 3);
  /* collected, received, stored; collected, rejected, recollection_requested; collected. */
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM custody_events"), ==,
                   7);
}

/* Each sample of a collection's answer is, byte for byte, the sample GET
 * …/samples shows and the change feed's record of it: custody included. */
static void
assert_answer_is_as_read (Fixture        *fx,
                          const char     *token,
                          const char     *order_id,
                          LdTestResponse *answer)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) listed = ld_test_get (fx->server, path, token);
  g_autoptr(GHashTable) feed = ld_test_replay_feed (fx->server, token);
  JsonArray *answered = samples_of (answer);
  JsonArray *items;

  ld_test_assert_status (listed, 200);
  items = json_object_get_array_member (ld_test_response_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (answered), >, 0);
  for (guint i = 0; i < json_array_get_length (answered); i++)
    {
      JsonNode *sample = json_array_get_element (answered, i);
      const char *id = json_object_get_string_member (json_node_get_object (sample), "id");
      g_autofree char *key = g_strconcat ("sample\n", id, NULL);
      g_autofree char *text = json_to_string (sample, FALSE);
      JsonArray *custody = json_object_get_array_member (json_node_get_object (sample), "custody");
      JsonNode *fed = g_hash_table_lookup (feed, key);
      g_autofree char *fed_text = NULL;
      gboolean found = FALSE;

      g_assert_cmpuint (json_array_get_length (custody), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (custody, 0),
                                                      "event"),
                       ==, "collected");
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonNode *item = json_array_get_element (items, j);
          g_autofree char *item_text = NULL;

          if (!g_str_equal (json_object_get_string_member (json_node_get_object (item), "id"), id))
            continue;
          item_text = json_to_string (item, FALSE);
          g_assert_cmpstr (text, ==, item_text);
          found = TRUE;
        }
      g_assert_true (found);
      g_assert_nonnull (fed);
      fed_text = json_to_string (fed, FALSE);
      g_assert_cmpstr (text, ==, fed_text);
    }
}

/* A client that keeps the collection's answer, or follows the feed, holds
 * the sample as it is: with its "collected" custody event. */
static void
test_collected_samples_answered_as_read (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *id = paid_order (fx, "\"items\": [\"HB\", \"GLUF\"]");
  g_autoptr(LdTestResponse) collected = post (fx, technician, id, "collect",
                                               "{\"location\": \"Room 2\", \"note\": \"fasting\"}");
  g_autoptr(LdTestResponse) rejected = NULL;
  g_autoptr(LdTestResponse) again = NULL;

  ld_test_assert_status (collected, 201);
  g_assert_cmpuint (json_array_get_length (samples_of (collected)), ==, 2);
  assert_answer_is_as_read (fx, technician, id, collected);

  rejected = custody (fx, technician, sample_member (collected, 1, "id"),
                      "{\"version\": 1, \"event\": \"rejected\", \"reason\": \"clotted\","
                      " \"recollect\": true}");
  ld_test_assert_status (rejected, 200);
  again = post (fx, technician, id, "collect", "{\"location\": \"Room 3\"}");
  ld_test_assert_status (again, 201);
  g_assert_cmpuint (json_array_get_length (samples_of (again)), ==, 1);
  assert_answer_is_as_read (fx, technician, id, again);
}

static gint64
ready_count (Fixture    *fx,
             const char *token)
{
  g_autoptr(LdTestResponse) list = ld_test_get (fx->server, "/api/v1/worklist?tab=ready", token);

  ld_test_assert_status (list, 200);
  return ld_test_response_get_int (list, "counts.ready");
}

/* A part refund before collection gives back money for work the lab will
 * not do; what remains is paid for, so the order is still collected. A
 * full refund leaves nothing paid: it is cancelled, not collected. */
static void
test_part_refund_before_collection (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *id = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *cancel_path = NULL;
  gint64 ready_paid;
  g_autoptr(LdTestResponse) refund = NULL;
  g_autoptr(LdTestResponse) pay_again = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) full = NULL;
  g_autoptr(LdTestResponse) not_collected = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;

  id = paid_order (fx, "\"items\": [\"HB\", \"ESR\"]");
  ready_paid = ready_count (fx, technician);
  refund = post (fx, fx->desk, id, "refunds",
                 "{\"method\": \"cash\", \"amount_paise\": 7000, \"reason\": \"ESR not wanted\"}");
  ld_test_assert_status (refund, 201);
  g_assert_cmpstr (ld_test_response_get_string (refund, "order.payment_state"), ==,
                   "partly_refunded");
  /* Nothing is due again, and the order stays in the ready tab. */
  g_assert_cmpint (ld_test_response_get_int (refund, "order.balance_paise"), ==, 0);
  pay_again = ld_test_pay (fx, id, "{\"method\": \"card\", \"reference\": \"T-2\"}");
  ld_test_assert_error (pay_again, 409, "conflict");
  g_assert_cmpint (ready_count (fx, technician), ==, ready_paid);

  collected = post (fx, technician, id, "collect", "{}");
  ld_test_assert_status (collected, 201);
  g_assert_cmpstr (ld_test_response_get_string (collected, "order.lab_state"), ==, "collected");
  g_assert_cmpstr (ld_test_response_get_string (collected, "order.payment_state"), ==,
                   "partly_refunded");
  g_assert_cmpuint (json_array_get_length (samples_of (collected)), >, 0);
  g_assert_cmpint (ready_count (fx, technician), ==, ready_paid - 1);

  /* Everything given back before collection: not collected, cancelled. */
  whole = paid_order (fx, "\"items\": [\"HB\"]");
  {
    g_autoptr(LdTestResponse) order = ld_test_get_order (fx, whole);
    g_autofree char *body =
      g_strdup_printf ("{\"method\": \"cash\", \"amount_paise\": %" G_GINT64_FORMAT ","
                       " \"reason\": \"patient left\"}",
                       ld_test_response_get_int (order, "order.paid_paise"));

    full = post (fx, fx->desk, whole, "refunds", body);
  }
  ld_test_assert_status (full, 201);
  g_assert_cmpstr (ld_test_response_get_string (full, "order.payment_state"), ==, "refunded");
  not_collected = post (fx, technician, whole, "collect", "{}");
  ld_test_assert_error (not_collected, 409, "conflict");
  g_assert_nonnull (
    strstr (ld_test_response_get_string (not_collected, "error.message"), "not paid (refunded)"));
  cancel_path = g_strdup_printf ("/api/v1/orders/%s/cancel", whole);
  {
    g_autoptr(LdTestResponse) order = ld_test_get_order (fx, whole);
    g_autofree char *body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"patient left\"}",
                       ld_test_response_get_int (order, "order.version"));

    cancelled = ld_test_send_json (fx->server, "POST", cancel_path, fx->desk, body);
  }
  ld_test_assert_status (cancelled, 200);
  g_assert_cmpstr (ld_test_response_get_string (cancelled, "order.lab_state"), ==, "cancelled");
}

/* Gives each order a payment attempt drawn from @rand (card, promised
 * cash, failed online, or none, each one time in four), and a card-paid
 * order a lab state (in process, reported or cancelled one time in six
 * each, else still ordered): the rows the endpoints write, many times
 * faster, drawn here so the SQL needs no random function of either
 * database. */
static void
draw_money_and_states (Fixture *fx,
                       GRand   *rand)
{
  static const char * const methods[] = { "card", "cod", "online", NULL };
  static const char * const statuses[] = { "succeeded", "pending", "failed" };
  static const char * const states[] = { "in_process", "reported", "cancelled",
                                         "ordered", "ordered", "ordered" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->server);
  g_auto(LdDbTransaction) txn = { NULL };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt *stmt;
  LdDbStep step;

  stmt = ld_db_prepare_cached (db, "SELECT id FROM orders ORDER BY id", &error);
  g_assert_no_error (error);
  while ((step = ld_db_step (stmt, &error)) == LD_DB_ROW)
    g_ptr_array_add (ids, ld_db_column_dup_text (stmt, 0));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_DB_DONE);

  g_assert_true (ld_db_transaction_begin (&txn, db, &error));
  for (guint i = 0; i < ids->len; i++)
    {
      guint m = g_rand_int_range (rand, 0, G_N_ELEMENTS (methods));
      g_autofree char *payment_id = NULL;

      if (methods[m] == NULL)
        continue;
      payment_id = g_uuid_string_random ();
      stmt = ld_db_prepare_cached (db, "INSERT INTO payments (id, order_id, kind, method,"
                                   " amount_paise, status, created_us, created_at)"
                                   " SELECT ?1, id, 'payment', ?2, total_paise, ?3, 0, ''"
                                   " FROM orders WHERE id = ?4", &error);
      g_assert_no_error (error);
      ld_db_bind_text (stmt, 1, payment_id);
      ld_db_bind_text (stmt, 2, methods[m]);
      ld_db_bind_text (stmt, 3, statuses[m]);
      ld_db_bind_text (stmt, 4, ids->pdata[i]);
      g_assert_true (ld_db_step_done (stmt, &error));
      g_assert_no_error (error);
      if (m != 0)
        continue;

      stmt = ld_db_prepare_cached (db, "UPDATE orders SET lab_state = ?1 WHERE id = ?2", &error);
      g_assert_no_error (error);
      ld_db_bind_text (stmt, 1, states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))]);
      ld_db_bind_text (stmt, 2, ids->pdata[i]);
      g_assert_true (ld_db_step_done (stmt, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ld_db_exec (db, "UPDATE orders SET " LD_STORE_ORDER_MONEY_SET, &error));
  g_assert_no_error (error);
  g_assert_true (ld_db_transaction_commit (&txn, &error));
  g_assert_no_error (error);
}

/* Worklist counts equal the orders in each tab, whatever the mix. */
static void
test_worklist_counts_match_a_random_mix (Fixture       *fx,
                                         gconstpointer  data)
{
  static const char * const tabs[] = { "ready", "cod", "processing", "completed", "failed" };
  g_autofree char          *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  guint expected[G_N_ELEMENTS (tabs)] = {
    0,
  };
  /* Enough for several pages on every tab at limit=20; each order is made
   * over HTTP, which under ASan on a busy machine costs most of the test. */
  guint n_orders = 300;
  guint unpaid = 0;
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) first = NULL;

  /* Orders first, then money and lab states by SQL: the same rows the
   * endpoints write, many times faster. */
  for (guint i = 0; i < n_orders; i++)
    {
      const char *priority =
        (const char *[]){ "routine", "urgent", "stat" }[g_rand_int_range (rand, 0, 3)];
      g_autofree char *items =
        g_strdup_printf ("\"items\": [\"HB\"], \"priority\": \"%s\"", priority);

      g_free (ld_test_create_order_ok (fx, items));
    }
  draw_money_and_states (fx, rand);

  expected[0] =
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM orders o JOIN payments p ON p.order_id = o.id"
                              " WHERE p.method = 'card' AND o.lab_state = 'ordered'");
  expected[1] =
    ld_test_server_query_int (fx->server, "SELECT count(*) FROM payments WHERE method = 'cod'");
  expected[2] =
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM orders WHERE lab_state = 'in_process'");
  expected[3] =
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM orders WHERE lab_state = 'reported'");
  expected[4] =
    ld_test_server_query_int (fx->server, "SELECT count(*) FROM payments WHERE method = 'online'");
  unpaid = ld_test_server_query_int (
    fx->server, "SELECT count(*) FROM orders WHERE id NOT IN (SELECT order_id FROM payments)");
  g_assert_cmpuint (expected[0] + expected[1] + expected[2] + expected[3] + expected[4] + unpaid +
                      ld_test_server_query_int (
                        fx->server, "SELECT count(*) FROM orders WHERE lab_state = 'cancelled'"),
                    ==, n_orders);

  first = ld_test_get (fx->server, "/api/v1/worklist", technician);
  ld_test_assert_status (first, 200);
  for (guint t = 0; t < G_N_ELEMENTS (tabs); t++)
    {
      g_autofree char *count_path = g_strdup_printf ("counts.%s", tabs[t]);
      g_autofree char *next = NULL;
      guint seen = 0;
      int last_rank = -1;

      g_assert_cmpint (ld_test_response_get_int (first, count_path), ==, expected[t]);

      /* Every page of the tab, stat before urgent before routine. */
      do
        {
          g_autofree char *page_path =
            next ? g_strdup_printf ("/api/v1/worklist?tab=%s&limit=20&after=%s", tabs[t], next)
                 : g_strdup_printf ("/api/v1/worklist?tab=%s&limit=20", tabs[t]);
          g_autoptr(LdTestResponse) page = ld_test_get (fx->server, page_path, technician);
          JsonArray *items;

          ld_test_assert_status (page, 200);
          items = json_object_get_array_member (ld_test_response_object (page), "items");
          for (guint i = 0; i < json_array_get_length (items); i++)
            {
              const char *priority =
                json_object_get_string_member (json_array_get_object_element (items, i),
                                               "priority");
              int rank = g_str_equal (priority, "stat")     ? 0
                         : g_str_equal (priority, "urgent") ? 1
                                                            : 2;

              g_assert_cmpint (rank, >=, last_rank);
              last_rank = rank;
              seen++;
            }
          g_clear_pointer (&next, g_free);
          next = g_strdup (ld_test_response_get_string (page, "next"));
        }
      while (next != NULL);

      g_test_message ("%s: %u", tabs[t], seen);
      g_assert_cmpuint (seen, ==, expected[t]);
    }

  path = g_strdup ("/api/v1/worklist?tab=lost");
  {
    g_autoptr(LdTestResponse) bad = ld_test_get (fx->server, path, technician);
    g_autoptr(LdTestResponse) bad_priority =
                 ld_test_get (fx->server, "/api/v1/worklist?priority=asap", technician);
    g_autoptr(LdTestResponse) bad_cursor =
                 ld_test_get (fx->server, "/api/v1/worklist?after=7_x", technician);

    ld_test_assert_error (bad, 422, "validation_failed");
    ld_test_assert_error (bad_priority, 422, "validation_failed");
    ld_test_assert_error (bad_cursor, 422, "validation_failed");
  }
}

static void
test_workload_and_doctor_lists (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *technician = NULL;
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"TSH\"], \"priority\": \"stat\"}",
                     fx->patient_id);
  g_autoptr(LdTestResponse) prescription =
               ld_test_send_json (fx->server, "POST", "/api/v1/orders", doctor, body);
  g_autoptr(LdTestResponse) pay = NULL;
  g_autoptr(LdTestResponse) workload = NULL;
  g_autoptr(LdTestResponse) mine = NULL;
  g_autoptr(LdTestResponse) patients = NULL;
  g_autoptr(LdTestResponse) desk_list = NULL;
  const char *assignee;

  ld_test_assert_status (prescription, 201);
  g_free (ld_test_create_order_ok (fx, "\"items\": [\"HB\"]"));
  pay = ld_test_pay (fx, ld_test_response_get_string (prescription, "order.id"),
                     "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_status (pay, 201);

  /* Whoever got the prescription sees it pending. */
  assignee = ld_test_response_get_string (pay, "order.technician_id");
  technician = sign_in_technician (fx, assignee, TRUE);
  workload = ld_test_get (fx->server, "/api/v1/technicians/me/workload", technician);
  ld_test_assert_status (workload, 200);
  g_assert_cmpint (ld_test_response_get_int (workload, "assigned"), ==, 1);
  g_assert_cmpint (ld_test_response_get_int (workload, "pending"), ==, 1);
  g_assert_cmpint (ld_test_response_get_int (workload, "collection_overdue"), ==, 0);

  /* A day later, still not collected: flagged. */
  ld_test_sql_exec (fx->server,
                    "UPDATE orders SET collectable_us = collectable_us - 25 * 3600000000");
  g_clear_pointer (&workload, ld_test_response_free);
  workload = ld_test_get (fx->server, "/api/v1/technicians/me/workload", technician);
  g_assert_cmpint (ld_test_response_get_int (workload, "collection_overdue"), ==, 1);

  mine = ld_test_get (fx->server, "/api/v1/doctors/me/orders", doctor);
  ld_test_assert_status (mine, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (mine), "items")),
                    ==, 1);
  g_assert_true (json_object_get_boolean_member (
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (mine),
                                                                 "items"),
                                   0),
    "collection_overdue"));
  patients = ld_test_get (fx->server, "/api/v1/doctors/me/patients", doctor);
  ld_test_assert_status (patients, 200);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (ld_test_response_object (patients), "items"),
                       0),
                     "id"),
                   ==, fx->patient_id);
  desk_list = ld_test_get (fx->server, "/api/v1/doctors/me/orders", fx->desk);
  ld_test_assert_error (desk_list, 403, "forbidden");
}

/* What is late against each test's turnaround: the signed-in
 * technician's own orders, a test late once its first collection plus
 * its turnaround has passed, the longest overdue first. */
static void
test_late_work (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *id = paid_order (fx, "\"items\": [\"HB\", \"GLUF\"]");
  g_autoptr(LdTestResponse) order = ld_test_get_order (fx, id);
  /* The order's technician, and another. */
  g_autofree char *holder =
    sign_in_technician (fx, ld_test_response_get_string (order, "order.technician_id"), TRUE);
  g_autofree char *other =
    sign_in_technician (fx, ld_test_response_get_string (order, "order.technician_id"), FALSE);
  g_autoptr(LdTestResponse) collected = post (fx, holder, id, "collect", "{}");
  g_autoptr(LdTestResponse) on_time =
               ld_test_get (fx->server, "/api/v1/technicians/me/late", holder);
  g_autoptr(LdTestResponse) late = NULL;
  g_autoptr(LdTestResponse) not_theirs = NULL;
  g_autoptr(LdTestResponse) doctor = NULL;
  g_autoptr(LdTestResponse) query = NULL;
  g_autofree char *doctor_token = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *five_hours_ago =
    ld_time_format_rfc3339 (g_get_real_time () - 5 * G_TIME_SPAN_HOUR);
  g_autofree char *backdate = NULL;
  JsonArray *items;
  JsonObject *first;
  JsonArray *tests;

  ld_test_assert_status (collected, 201);
  ld_test_assert_status (on_time, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (on_time), "items")),
                    ==, 0);

  /* Collected five hours ago: glucose (4 h) is late, haemoglobin (6 h) not yet. */
  backdate = g_strdup_printf ("UPDATE samples SET collected_at = '%s'", five_hours_ago);
  ld_test_sql_exec (fx->server, backdate);
  late = ld_test_get (fx->server, "/api/v1/technicians/me/late", holder);
  ld_test_assert_status (late, 200);
  items = json_object_get_array_member (ld_test_response_object (late), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "order"),
                                                  "id"),
                   ==, id);
  tests = json_object_get_array_member (first, "late_tests");
  g_assert_cmpuint (json_array_get_length (tests), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tests, 0), "code"),
                   ==, "GLUF");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tests, 0),
                                               "turnaround_hours"),
                   ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tests, 0),
                                                  "collected_at"),
                   ==, five_hours_ago);

  /* Another technician's list holds only their own; other roles and
   * unknown parameters are refused. */
  not_theirs = ld_test_get (fx->server, "/api/v1/technicians/me/late", other);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (not_theirs), "items")),
                    ==, 0);
  doctor = ld_test_get (fx->server, "/api/v1/technicians/me/late", doctor_token);
  ld_test_assert_error (doctor, 403, "forbidden");
  query = ld_test_get (fx->server, "/api/v1/technicians/me/late?all=1", holder);
  ld_test_assert_status (query, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ld_order_fixture_setup, func, ld_order_fixture_teardown)

  ADD ("/lab/paid-orders-assigned-in-turn", test_paid_orders_are_assigned_in_turn);
  ADD ("/lab/payment-answers-the-assigned-order", test_payment_answers_the_assigned_order);
  ADD ("/lab/claim-and-reassign", test_claim_and_reassign);
  ADD ("/lab/claim-reads-its-body", test_claim_reads_its_body);
  ADD ("/lab/collection-makes-right-samples", test_collection_makes_the_right_samples);
  ADD ("/lab/cash-on-collection", test_cash_on_collection_takes_the_cash);
  ADD ("/lab/custody-and-recollection", test_custody_and_recollection);
  ADD ("/lab/worklist-counts", test_worklist_counts_match_a_random_mix);
  ADD ("/lab/collected-samples-answered-as-read", test_collected_samples_answered_as_read);
  ADD ("/lab/part-refund-before-collection", test_part_refund_before_collection);
  ADD ("/lab/workload-and-doctor-lists", test_workload_and_doctor_lists);
  ADD ("/lab/late-work", test_late_work);

#undef ADD

  return g_test_run ();
}
