/* test-api-changes.c: the change feed and its WebSocket
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The promise under test: replaying the feed from 0, keeping the last
 * record per entity and id, gives exactly what the server answers.
 */

#include "config.h"

#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-changes-backfill.h"
#include "ld-server.h"
#include "ld-sqlite.h"

typedef struct
{
  gint64      seq;
  char       *entity;
  char       *id;
  JsonNode   *record;
} Change;

typedef struct
{
  GPtrArray  *changes;   /* Change, in feed order */
  gint64      last_seq;
  guint       n_pages;
} Feed;

static void
change_free (Change *change)
{
  g_free (change->entity);
  g_free (change->id);
  json_node_unref (change->record);
  g_free (change);
}

static void
feed_clear (Feed *feed)
{
  g_clear_pointer (&feed->changes, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Feed, feed_clear)

#define CHANGE_AT(feed, i) ((Change *) g_ptr_array_index ((feed)->changes, (i)))

static LdTestResponse *
get_page (LdTestServer *server,
          const char   *token,
          gint64        since,
          guint         limit)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u", since, limit);
  LdTestResponse *page = ld_test_get (server, path, token);

  ld_test_assert_status (page, 200);
  return page;
}

static JsonArray *
page_changes (LdTestResponse *page)
{
  return json_object_get_array_member (ld_test_response_object (page), "changes");
}

/* Reads every page after @since, checking each page's bookkeeping. */
static void
read_feed (LdTestServer *server,
           const char   *token,
           gint64        since,
           guint         limit,
           Feed         *feed)
{
  gint64 position = since;

  feed->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  feed->n_pages = 0;

  for (;;)
    {
      g_autoptr(LdTestResponse) page = get_page (server, token, position, limit);
      JsonArray *changes = page_changes (page);
      gint64 next = ld_test_response_get_int (page, "next");

      feed->last_seq = ld_test_response_get_int (page, "last_seq");
      feed->n_pages++;

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *object = json_array_get_object_element (changes, i);
          Change *change = g_new0 (Change, 1);

          change->seq = json_object_get_int_member (object, "seq");
          change->entity = g_strdup (json_object_get_string_member (object, "entity"));
          change->id = g_strdup (json_object_get_string_member (object, "id"));
          change->record = json_node_copy (json_object_get_member (object, "record"));
          g_assert_true (JSON_NODE_HOLDS_OBJECT (change->record));
          g_assert_nonnull (json_object_get_string_member (object, "at"));
          g_assert_cmpint (change->seq, >, position);
          g_assert_cmpint (change->seq, <=, feed->last_seq);
          position = change->seq;
          g_ptr_array_add (feed->changes, change);
        }

      g_assert_cmpint (next, >=, position);
      g_assert_cmpint (next, <=, feed->last_seq);
      position = next;
      if (position == feed->last_seq)
        return;
      /* A page that does not reach the end is not empty. */
      g_assert_cmpuint (json_array_get_length (changes), >, 0);
    }
}

/* Last write wins: entity + "\n" + id → the newest record. */
static GHashTable *
replay (Feed *feed)
{
  GHashTable *state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < feed->changes->len; i++)
    {
      Change *change = CHANGE_AT (feed, i);

      g_hash_table_insert (state, g_strconcat (change->entity, "\n", change->id, NULL),
                           change->record);
    }

  return state;
}

static guint
count_entity (GHashTable *state,
              const char *entity)
{
  g_autofree char *prefix = g_strconcat (entity, "\n", NULL);
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, state);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    n += g_str_has_prefix (key, prefix);

  return n;
}

static JsonNode *
lookup (GHashTable *state,
        const char *entity,
        const char *id)
{
  g_autofree char *key = g_strconcat (entity, "\n", id, NULL);

  return g_hash_table_lookup (state, key);
}

static void
assert_same_record (JsonNode   *replayed,
                    JsonNode   *served,
                    const char *what)
{
  if (replayed == NULL || !json_node_equal (replayed, served))
    {
      g_autofree char *a = replayed ? json_to_string (replayed, FALSE) : g_strdup ("(none)");
      g_autofree char *b = json_to_string (served, FALSE);

      g_error ("%s: the feed says %s, the server %s", what, a, b);
    }
}

/* The catalogue's @member list holds exactly the replayed @entity records. */
static void
assert_same_items (GHashTable *state,
                   const char *entity,
                   JsonObject *catalog,
                   const char *member)
{
  JsonArray *items = json_object_get_array_member (catalog, member);

  g_assert_cmpuint (count_entity (state, entity), ==, json_array_get_length (items));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *code = json_object_get_string_member (json_node_get_object (item), "code");

      assert_same_record (lookup (state, entity, code), item, code);
    }
}

static LdTestResponse *
send_ok (LdTestServer *server,
         const char   *method,
         const char   *path,
         const char   *token,
         const char   *json,
         guint         status)
{
  LdTestResponse *resp = ld_test_send_json (server, method, path, token, json);

  ld_test_assert_status (resp, status);
  return resp;
}

static char *
create_patient (LdTestFixture *fx,
                const char    *name,
                const char    *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\","
                                           " \"age_years\": 40, \"phone\": \"%s\"}", name, phone);
  g_autoptr(LdTestResponse) resp = send_ok (fx->server, "POST", "/api/v1/patients", fx->admin,
                                            body, 201);

  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

static gint64
get_head (LdTestServer *server,
          const char   *token)
{
  g_autoptr(LdTestResponse) resp = ld_test_get (server, "/api/v1/changes?since=0&limit=1", token);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, "last_seq");
}

static void
change_setting (LdTestFixture *fx,
                const char    *key,
                const char    *value)
{
  g_autoptr(LdTestResponse) settings = ld_test_get (fx->server, "/api/v1/settings", fx->admin);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"%s\": \"%s\"}",
                     ld_test_response_get_int (settings, "version"), key, value);

  ld_test_response_free (send_ok (fx->server, "PATCH", "/api/v1/settings", fx->admin, body, 200));
}

static char *
order_path (LdTestResponse *order,
            const char     *tail)
{
  return g_strdup_printf ("/api/v1/orders/%s%s", ld_test_response_get_string (order, "order.id"),
                          tail);
}

/* Orders through their money: paid and partly refunded, a failed online
 * attempt then cash on collection, and a cancellation. */
static void
make_order_changes (LdTestFixture *fx,
                    const char    *patient_id)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"CBC\", \"TSH\"]}", patient_id);
  g_autoptr(LdTestResponse) paid =
               send_ok (fx->server, "POST", "/api/v1/orders", fx->admin, body, 201);
  g_autoptr(LdTestResponse) online =
               send_ok (fx->server, "POST", "/api/v1/orders", fx->admin, body, 201);
  g_autoptr(LdTestResponse) dropped =
               send_ok (fx->server, "POST", "/api/v1/orders", fx->admin, body, 201);
  g_autoptr(LdTestResponse) attempt = NULL;
  g_autofree char *pay = order_path (paid, "/payments");
  g_autofree char *refund = order_path (paid, "/refunds");
  g_autofree char *pay_online = order_path (online, "/payments");
  g_autofree char *cancel = order_path (dropped, "/cancel");
  g_autofree char *decide = NULL;

  ld_test_response_free (send_ok (fx->server, "POST", pay, fx->admin,
                                  "{\"method\": \"cash\", \"tendered_paise\": 70000}", 201));
  ld_test_response_free (
    send_ok (fx->server, "POST", refund, fx->admin,
             "{\"method\": \"cash\", \"amount_paise\": 30000, \"reason\": \"TSH not done\"}", 201));
  attempt = send_ok (fx->server, "POST", pay_online, fx->admin, "{\"method\": \"online\"}", 201);
  decide =
    g_strdup_printf ("/api/v1/payments/%s", ld_test_response_get_string (attempt, "payment.id"));
  ld_test_response_free (
    send_ok (fx->server, "PATCH", decide, fx->admin,
             "{\"version\": 1, \"status\": \"failed\", \"failure_reason\": \"declined\"}", 200));
  ld_test_response_free (
    send_ok (fx->server, "POST", pay_online, fx->admin, "{\"method\": \"cod\"}", 201));
  ld_test_response_free (send_ok (fx->server, "POST", cancel, fx->admin,
                                  "{\"version\": 1, \"reason\": \"duplicate booking\"}", 200));
}

/* Writes of every kind the feed carries: patients, catalogue, a user,
 * the settings and orders with their payments, created and updated. */
static void
make_changes (LdTestFixture *fx)
{
  g_autofree char *asha = create_patient (fx, "Asha Rao", "+91 98450 11111");
  g_autofree char *lata = create_patient (fx, "Lata Iyer", "+91 98450 33333");
  g_autofree char *asha_path = g_strdup_printf ("/api/v1/patients/%s", asha);
  g_autofree char *lata_path = g_strdup_printf ("/api/v1/patients/%s", lata);
  g_autoptr(LdTestResponse) user = NULL;
  g_autofree char *user_path = NULL;

  g_free (create_patient (fx, "Ravi Kumar", "+91 98450 22222"));
  ld_test_response_free (send_ok (fx->server, "PATCH", asha_path, fx->admin,
                                  "{\"version\": 1, \"address\": \"4 Lake View, Pune\"}", 200));
  ld_test_response_free (send_ok (fx->server, "PATCH", asha_path, fx->admin,
                                  "{\"version\": 2, \"email\": \"asha@example.com\"}", 200));
  ld_test_response_free (send_ok (fx->server, "PATCH", lata_path, fx->admin,
                                  "{\"version\": 1, \"name\": \"Lata S. Iyer\"}", 200));

  ld_test_response_free (
    send_ok (fx->server, "POST", "/api/v1/catalog/tests", fx->admin,
             "{\"code\": \"DENG\", \"name\": \"Dengue NS1 antigen\", \"loinc\": \"75377-6\","
             " \"specimen\": \"serum\", \"container\": \"plain (red)\", \"unit\": \"\","
             " \"result_type\": \"choice\","
             " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 60000,"
             " \"turnaround_hours\": 24, \"choices\": [\"negative\", \"positive\"],"
             " \"normal_choices\": [\"negative\"]}",
             201));
  ld_test_response_free (send_ok (fx->server, "PATCH", "/api/v1/catalog/tests/DENG", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 65000}", 200));
  ld_test_response_free (send_ok (fx->server, "PATCH", "/api/v1/catalog/tests/HB", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 12000}", 200));
  ld_test_response_free (
    send_ok (fx->server, "POST", "/api/v1/catalog/panels", fx->admin,
             "{\"code\": \"FEVER\", \"name\": \"Fever panel\", \"price_paise\": 90000,"
             " \"tests\": [\"DENG\", \"HB\"]}",
             201));
  ld_test_response_free (send_ok (fx->server, "PATCH", "/api/v1/catalog/panels/FEVER", fx->admin,
                                  "{\"version\": 1, \"active\": false}", 200));

  user = send_ok (fx->server, "POST", "/api/v1/users", fx->admin,
                  "{\"username\": \"meera\", \"display_name\": \"Meera Nair\","
                  " \"roles\": [\"reception\"]}", 201);
  user_path = g_strdup_printf ("/api/v1/users/%s", ld_test_response_get_string (user, "user.id"));
  ld_test_response_free (send_ok (fx->server, "PATCH", user_path, fx->admin,
                                  "{\"version\": 1, \"roles\": [\"reception\", \"technician\"],"
                                  " \"reset_password\": true}", 200));

  change_setting (fx, "lab_name", "City Lab");
  make_order_changes (fx, asha);
}

static void
test_replay_from_zero (LdTestFixture *fx,
                       gconstpointer  data)
{
  g_auto(Feed) feed = { NULL };
  g_autoptr(GHashTable) state = NULL;
  g_autoptr(LdTestResponse) catalog = NULL;
  g_autoptr(LdTestResponse) settings = NULL;
  g_autoptr(GList) keys = NULL;

  make_changes (fx);
  read_feed (fx->server, fx->admin, 0, 7, &feed);
  g_assert_cmpuint (feed.n_pages, >, 1);
  state = replay (&feed);

  /* Every patient, user and catalogue item, and nothing else. */
  g_assert_cmpint (count_entity (state, "patient"), ==,
                   ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients"));
  g_assert_cmpint (count_entity (state, "user"), ==,
                   ld_test_server_query_int (fx->server, "SELECT count(*) FROM users"));
  g_assert_cmpuint (count_entity (state, "settings"), ==, 1);
  g_assert_cmpint (count_entity (state, "order"), ==,
                   ld_test_server_query_int (fx->server, "SELECT count(*) FROM orders"));
  g_assert_cmpuint (count_entity (state, "order"), ==, 3);

  keys = g_hash_table_get_keys (state);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, "\n", 2);
      g_autofree char *path = NULL;
      g_autoptr(LdTestResponse) resp = NULL;

      if (g_str_equal (parts[0], "patient"))
        path = g_strdup_printf ("/api/v1/patients/%s", parts[1]);
      else if (g_str_equal (parts[0], "order"))
        path = g_strdup_printf ("/api/v1/orders/%s", parts[1]);
      else if (g_str_equal (parts[0], "user"))
        path = g_strdup_printf ("/api/v1/users/%s", parts[1]);
      else
        continue;

      resp = ld_test_get (fx->server, path, fx->admin);
      ld_test_assert_status (resp, 200);
      assert_same_record (g_hash_table_lookup (state, l->data),
                          json_object_get_member (ld_test_response_object (resp), parts[0]), path);
    }

  catalog = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  assert_same_items (state, "catalog_test", ld_test_response_object (catalog), "tests");
  assert_same_items (state, "catalog_panel", ld_test_response_object (catalog), "panels");

  settings = ld_test_get (fx->server, "/api/v1/settings", fx->admin);
  assert_same_record (lookup (state, "settings", "lab"), settings->json, "settings");
  g_assert_cmpstr (ld_test_response_get_string (settings, "lab_name"), ==, "City Lab");

  /* The user's record is the API's, which holds no password. */
  for (guint i = 0; i < feed.changes->len; i++)
    if (g_str_equal (CHANGE_AT (&feed, i)->entity, "user"))
      {
        JsonObject *record = json_node_get_object (CHANGE_AT (&feed, i)->record);

        g_assert_false (json_object_has_member (record, "password"));
        g_assert_false (json_object_has_member (record, "password_hash"));
      }
}

static GString *
seqs_of (Feed *feed)
{
  GString *seqs = g_string_new (NULL);

  for (guint i = 0; i < feed->changes->len; i++)
    g_string_append_printf (seqs, "%" G_GINT64_FORMAT " ", CHANGE_AT (feed, i)->seq);

  return seqs;
}

static void
test_paging (LdTestFixture *fx,
             gconstpointer  data)
{
  g_auto(Feed) whole = { NULL };
  g_auto(Feed) by_one = { NULL };
  g_auto(Feed) by_five = { NULL };
  g_auto(Feed) tail = { NULL };
  g_autoptr(GString) whole_seqs = NULL;
  g_autoptr(GString) by_one_seqs = NULL;
  g_autoptr(GString) by_five_seqs = NULL;
  gint64 middle;

  make_changes (fx);
  read_feed (fx->server, fx->admin, 0, 1000, &whole);
  g_assert_cmpuint (whole.n_pages, ==, 1);
  read_feed (fx->server, fx->admin, 0, 1, &by_one);
  read_feed (fx->server, fx->admin, 0, 5, &by_five);

  whole_seqs = seqs_of (&whole);
  by_one_seqs = seqs_of (&by_one);
  by_five_seqs = seqs_of (&by_five);
  g_assert_cmpstr (by_one_seqs->str, ==, whole_seqs->str);
  g_assert_cmpstr (by_five_seqs->str, ==, whole_seqs->str);
  /* With room for one change, a page holds one transaction: a request's
   * change, or a batch of records the feed was started with. */
  g_assert_cmpuint (by_one.n_pages, >=, 14);
  g_assert_cmpuint (by_one.n_pages, <, whole.changes->len);

  /* From the middle: exactly the rest. */
  middle = CHANGE_AT (&whole, whole.changes->len / 2)->seq;
  read_feed (fx->server, fx->admin, middle, 100, &tail);
  g_assert_cmpuint (tail.changes->len, ==, whole.changes->len - whole.changes->len / 2 - 1);
  g_assert_cmpint (CHANGE_AT (&tail, 0)->seq, >, middle);

  /* Past the end: nothing, and where the end is. */
  {
    g_autoptr(LdTestResponse) page = get_page (fx->server, fx->admin, whole.last_seq, 100);

    g_assert_cmpuint (json_array_get_length (page_changes (page)), ==, 0);
    g_assert_cmpint (ld_test_response_get_int (page, "next"), ==, whole.last_seq);
  }
}

static void
test_roles (LdTestFixture *fx,
            gconstpointer  data)
{
  g_autofree char *reception = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_auto(Feed) admin_feed = { NULL };
  g_auto(Feed) desk_feed = { NULL };
  g_auto(Feed) lab_feed = { NULL };
  g_auto(Feed) desk_tail = { NULL };
  gboolean admin_saw_user = FALSE, desk_saw_settings = FALSE, desk_saw_patient = FALSE;
  gint64 desk_position;

  make_changes (fx);
  read_feed (fx->server, fx->admin, 0, 10, &admin_feed);
  read_feed (fx->server, reception, 0, 10, &desk_feed);
  read_feed (fx->server, technician, 0, 1000, &lab_feed);

  for (guint i = 0; i < admin_feed.changes->len; i++)
    {
      admin_saw_user |= g_str_equal (CHANGE_AT (&admin_feed, i)->entity, "user");
    }
  for (guint i = 0; i < desk_feed.changes->len; i++)
    {
      g_assert_cmpstr (CHANGE_AT (&desk_feed, i)->entity, !=, "user");
      /* Every desk prices and prints with the lab's settings. */
      desk_saw_settings |= g_str_equal (CHANGE_AT (&desk_feed, i)->entity, "settings");
      desk_saw_patient |= g_str_equal (CHANGE_AT (&desk_feed, i)->entity, "patient");
    }
  g_assert_true (admin_saw_user && desk_saw_settings && desk_saw_patient);
  g_assert_cmpuint (desk_feed.changes->len, <, admin_feed.changes->len);
  g_assert_cmpuint (lab_feed.changes->len, ==, desk_feed.changes->len);

  /* Everyone is told the true head. */
  g_assert_cmpint (desk_feed.last_seq, ==, admin_feed.last_seq);

  /* A change the desk may not see moves the head, and the desk's page
   * says to skip it. */
  desk_position = desk_feed.last_seq;
  ld_test_response_free (send_ok (fx->server, "POST", "/api/v1/users", fx->admin,
                                  "{\"username\": \"kiran\", \"display_name\": \"Kiran Rao\","
                                  " \"roles\": [\"doctor\"]}", 201));
  read_feed (fx->server, reception, desk_position, 10, &desk_tail);
  g_assert_cmpuint (desk_tail.changes->len, ==, 0);
  g_assert_cmpint (desk_tail.last_seq, ==, desk_position + 1);
}

static gint64
count_changes (LdTestServer *server)
{
  return ld_test_server_query_int (server, "SELECT count(*) FROM changes");
}

static void
test_refusals_add_nothing (LdTestFixture *fx,
                           gconstpointer  data)
{
  g_autofree char *asha = create_patient (fx, "Asha Rao", "+91 98450 11111");
  g_autofree char *asha_path = g_strdup_printf ("/api/v1/patients/%s", asha);
  g_autoptr(LdTestResponse) me = ld_test_get (fx->server, "/api/v1/sessions/current", fx->admin);
  g_autofree char *me_path =
    g_strdup_printf ("/api/v1/users/%s", ld_test_response_get_string (me, "user.id"));
  gint64 before = count_changes (fx->server);
  gint64 head = get_head (fx->server, fx->admin);
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
  } cases[] = {
    { "POST", "/api/v1/patients", "{\"name\": \"X\", \"sex\": \"female\", \"age_years\": 999}",
      422 },
    /* A likely duplicate. */
    { "POST", "/api/v1/patients",
      "{\"name\": \"Other\", \"sex\": \"male\", \"age_years\": 3,"
      " \"phone\": \"+91 98450 11111\"}",
      409 },
    { "PATCH", NULL, "{\"version\": 7, \"address\": \"stale\"}", 409 },
    { "PATCH", NULL, "{\"version\": 1, \"sex\": \"dragon\"}", 422 },
    { "PATCH", "/api/v1/catalog/tests/HB", "{\"version\": 9, \"price_paise\": 1}", 409 },
    { "PATCH", "/api/v1/catalog/panels/CBC", "{\"version\": 9, \"price_paise\": 1}", 409 },
    { "POST", "/api/v1/catalog/tests",
      "{\"code\": \"HB\", \"name\": \"Again\", \"specimen\": \"serum\", \"container\": \"plain\","
      " \"unit\": \"\", \"result_type\": \"text\","
      " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 5,"
      " \"turnaround_hours\": 6}", 409 },
    { "POST", "/api/v1/users",
      "{\"username\": \"admin\", \"display_name\": \"A\", \"roles\": [\"admin\"]}", 409 },
    { "PATCH", "me", "{\"version\": 99, \"display_name\": \"Stale\"}", 409 },
    { "PATCH", "/api/v1/settings", "{\"version\": 99, \"lab_name\": \"Stale\"}", 409 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *path = cases[i].path == NULL ? asha_path :
                         g_str_equal (cases[i].path, "me") ? me_path : cases[i].path;
      g_autoptr(LdTestResponse) resp = NULL;

      resp = ld_test_send_json (fx->server, cases[i].method, path, fx->admin, cases[i].body);

      g_test_message ("%s %s", cases[i].method, path);
      ld_test_assert_status (resp, cases[i].status);
    }

  g_assert_cmpint (count_changes (fx->server), ==, before);
  g_assert_cmpint (get_head (fx->server, fx->admin), ==, head);
}

/* Several records written by one transaction, as a multi-record request
 * writes them, on the server's thread. */
typedef struct
{
  LdServer   *server;
  guint       n_records;
  LdRole      visible_to;
  gboolean    roll_back;
  /* Characters of padding in each record, to make it big. */
  guint       pad;
} WriteJob;

static gboolean
write_job_cb (gpointer data)
{
  WriteJob *job = data;
  LdStore *store = ld_server_get_store (job->server);
  g_autoptr(GError) error = NULL;
  LdStoreTransaction txn = { NULL };

  g_assert_true (ld_store_transaction_begin (&txn, store, &error));
  for (guint i = 0; i < job->n_records; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) record = NULL;
      g_autofree char *id = g_strdup_printf ("R%u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, i);
      if (job->pad > 0)
        {
          g_autofree char *pad = g_strnfill (job->pad, 'x');

          json_builder_set_member_name (builder, "pad");
          json_builder_add_string_value (builder, pad);
        }
      json_builder_end_object (builder);
      record = json_builder_get_root (builder);
      g_assert_true (ld_store_changes_append (store, "test_record", id,
                                              i == 1 ? LD_ROLE_ADMIN : job->visible_to,
                                              record, &error));
      g_assert_no_error (error);
    }
  if (job->roll_back)
    ld_store_transaction_rollback (&txn);
  else
    g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);

  /* After the commit, as a timer that writes would. */
  ld_server_announce_changes (job->server);
  return G_SOURCE_REMOVE;
}

static void
write_records (LdTestFixture *fx,
               guint          n_records,
               gboolean       roll_back)
{
  WriteJob job = { ld_test_server_get_server (fx->server), n_records, LD_ROLE_ALL, roll_back, 0 };

  ld_test_server_invoke (fx->server, write_job_cb, &job);
}

/* How many of the records write_records() made a page holds, checking
 * they follow each other (the reception user does not see R1). */
static guint
count_test_records (LdTestResponse *page,
                    gboolean        skips_r1,
                    gint64         *out_first)
{
  JsonArray *changes = page_changes (page);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      gint64 seq = json_object_get_int_member (change, "seq");

      if (!g_str_equal (json_object_get_string_member (change, "entity"), "test_record"))
        continue;
      if (n == 0)
        *out_first = seq;
      else
        g_assert_cmpint (seq, ==, *out_first + n + (skips_r1 ? 1 : 0));
      n++;
    }

  return n;
}

static void
test_transactions_stay_whole (LdTestFixture *fx,
                              gconstpointer  data)
{
  g_autofree char *reception = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  gint64 start = get_head (fx->server, fx->admin);
  guint limits[] = { 1, 2, 3, 4, 6 };

  g_free (create_patient (fx, "Before", "+91 98450 44444"));
  write_records (fx, 5, FALSE);
  write_records (fx, 3, TRUE);
  g_free (create_patient (fx, "After", "+91 98450 55555"));

  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    for (guint who = 0; who < 2; who++)
      {
        const char *token = who == 0 ? fx->admin : reception;
        guint expected = who == 0 ? 5 : 4;
        g_auto(Feed) feed = { NULL };
        g_autoptr(LdTestResponse) from_first = NULL;
        g_autoptr(LdTestResponse) from_before = NULL;
        gint64 first = 0;
        gint64 unused;

        /* The rolled-back records are nowhere. */
        read_feed (fx->server, token, start, limits[l], &feed);
        g_test_message ("limit %u, user %u: %u pages", limits[l], who, feed.n_pages);
        g_assert_cmpuint (feed.changes->len, ==, expected + 2);

        /* A page that holds one of them holds all of them, in order... */
        from_first = get_page (fx->server, token, CHANGE_AT (&feed, 0)->seq, limits[l]);
        g_assert_cmpuint (count_test_records (from_first, who == 1, &first), ==, expected);
        g_assert_cmpint (first, ==, CHANGE_AT (&feed, 1)->seq);

        /* ...and one with room for just the change before them and the
         * first of them shows only the change before. */
        from_before = get_page (fx->server, token, start, 2);
        g_assert_cmpuint (count_test_records (from_before, who == 1, &unused), ==, 0);
        g_assert_cmpuint (json_array_get_length (page_changes (from_before)), ==, 1);
      }
}

/* A page's cost follows its bytes: ten records of 100 KB, each written
 * alone, come in pages of about 256 KB however many rows are asked for,
 * and the pages still hold every change once. */
static void
test_pages_bounded_by_bytes (LdTestFixture *fx,
                             gconstpointer  data)
{
  LdServer *server = ld_test_server_get_server (fx->server);
  gint64 start = get_head (fx->server, fx->admin);
  g_auto(Feed) feed = { NULL };
  gint64 position = start;
  guint n_big = 0;

  for (guint i = 0; i < 10; i++)
    {
      WriteJob job = { server, 1, LD_ROLE_ALL, FALSE, 100 * 1000 };

      ld_test_server_invoke (fx->server, write_job_cb, &job);
    }

  while (position < get_head (fx->server, fx->admin))
    {
      g_autoptr(LdTestResponse) page = get_page (fx->server, fx->admin, position, 1000);
      guint n = json_array_get_length (page_changes (page));

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <=, 3);
      g_assert_cmpuint (strlen (page->body), <, 256 * 1024 + 110 * 1000);
      n_big += n;
      position = ld_test_response_get_int (page, "next");
    }
  g_assert_cmpuint (n_big, ==, 10);

  read_feed (fx->server, fx->admin, start, 1000, &feed);
  g_assert_cmpuint (feed.changes->len, ==, 10);
  g_assert_cmpuint (feed.n_pages, >=, 4);
}

/* A change whose stored record cannot be read (invalid UTF-8, as a lone
 * surrogate once made; broken JSON) never stops the feed: it is shown
 * flagged, without its record, and what follows is served. */
static void
test_damaged_record_served (LdTestFixture *fx,
                            gconstpointer  data)
{
  g_autofree char *reception = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *id = create_patient (fx, "Asha Rao", "+91 98450 11111");
  g_autofree char *insert = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  g_autoptr(LdTestResponse) page = NULL;
  JsonArray *changes;
  guint n_damaged = 0;

  insert =
    g_strdup_printf ("INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at)"
                     " SELECT 'patient', '%s', visible_to, 7, CAST "
                     "(X'7b226e616d65223a22506f69736f6e20ed' AS TEXT), at"
                     " FROM changes WHERE entity = 'patient' ORDER BY seq DESC LIMIT 1;"
                     "INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at)"
                     " SELECT 'patient', '%s', visible_to, 8, '{\"name\": \"Asha', at"
                     " FROM changes WHERE entity = 'patient' ORDER BY seq DESC LIMIT 1",
                     id, id);
  ld_test_sql_exec (fx->server, insert);
  /* The record corrected afterwards, as a request writes it. */
  ld_test_response_free (send_ok (fx->server, "PATCH", path, fx->admin,
                                  "{\"version\": 1, \"phone\": \"+91 98450 99999\"}", 200));

  for (guint who = 0; who < 2; who++)
    {
      g_test_expect_message ("ld-api-changes", G_LOG_LEVEL_WARNING, "*damaged record*");
      g_test_expect_message ("ld-api-changes", G_LOG_LEVEL_WARNING, "*damaged record*");
      page = get_page (fx->server, who == 0 ? fx->admin : reception, 0, 1000);
      g_test_assert_expected_messages ();
      g_assert_null (strstr (page->body, "Poison"));
      g_assert_cmpint (ld_test_response_get_int (page, "next"), ==,
                       ld_test_response_get_int (page, "last_seq"));
      changes = page_changes (page);
      n_damaged = 0;
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          JsonNode *record = json_object_get_member (change, "record");

          if (json_object_has_member (change, "damaged"))
            {
              g_assert_true (json_object_get_boolean_member (change, "damaged"));
              g_assert_true (JSON_NODE_HOLDS_NULL (record));
              g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, id);
              g_assert_cmpstr (json_object_get_string_member (change, "entity"), ==, "patient");
              n_damaged++;
            }
          else
            g_assert_true (JSON_NODE_HOLDS_OBJECT (record));
        }
      g_assert_cmpuint (n_damaged, ==, 2);
      /* The correction is served after them. */
      {
        JsonObject *last =
          json_array_get_object_element (changes, json_array_get_length (changes) - 1);
        JsonObject *record = json_object_get_object_member (last, "record");

        g_assert_cmpstr (json_object_get_string_member (last, "id"), ==, id);
        g_assert_cmpstr (json_object_get_string_member (record, "phone"), ==, "+91 98450 99999");
      }
      g_clear_pointer (&page, ld_test_response_free);
    }
}

static gint64
count_reads (LdTestServer *server)
{
  return ld_test_server_query_int (server, "SELECT count(*) FROM audit_events"
                                           " WHERE action = 'change.read'");
}

static void
test_reads_are_audited (LdTestFixture *fx,
                        gconstpointer  data)
{
  gint64 before = count_reads (fx->server);
  g_auto(Feed) feed = { NULL };
  g_autoptr(LdTestResponse) audit = NULL;
  JsonArray *items;
  JsonObject *event;

  g_free (create_patient (fx, "Asha Rao", "+91 98450 11111"));
  read_feed (fx->server, fx->admin, 0, 30, &feed);
  g_assert_cmpint (count_reads (fx->server), ==, before + feed.n_pages);

  /* Where it read and how much, never a record. */
  audit = ld_test_get (fx->server, "/api/v1/audit?entity=change&limit=1", fx->admin);
  items = json_object_get_array_member (ld_test_response_object (audit), "items");
  event = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "action"), ==, "change.read");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (event, "detail"), "since "));
  g_assert_null (strstr (audit->body, "Asha"));
}

static void
test_bad_queries (LdTestFixture *fx,
                  gconstpointer  data)
{
  static const struct
  {
    const char *query;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "", 422, "validation_failed", "since" },
    { "?limit=5", 422, "validation_failed", "since" },
    { "?since=-1", 422, "validation_failed", "since" },
    { "?since=abc", 422, "validation_failed", "since" },
    { "?since=", 422, "validation_failed", "since" },
    { "?since=1.5", 422, "validation_failed", "since" },
    { "?since=99999999999999999999", 422, "validation_failed", "since" },
    { "?since=0&limit=0", 422, "validation_failed", "limit" },
    { "?since=0&limit=100000", 422, "validation_failed", "limit" },
    { "?since=0&limit=-3", 422, "validation_failed", "limit" },
    { "?since=0&colour=red", 400, "bad_request", "colour" },
  };
  gint64 audit_before = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  gint64 changes_before = count_changes (fx->server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/changes", cases[i].query, NULL);
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, path, fx->admin);

      g_test_message ("%s", path);
      ld_test_assert_error (resp, cases[i].status, cases[i].code);
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }

  {
    g_autoptr(LdTestResponse) anonymous = ld_test_get (fx->server, "/api/v1/changes?since=0", NULL);
    g_autoptr(LdTestResponse) post = NULL;

    post = ld_test_send_json (fx->server, "POST", "/api/v1/changes?since=0", fx->admin, "{}");

    ld_test_assert_error (anonymous, 401, "unauthorized");
    ld_test_assert_error (post, 405, "method_not_allowed");
  }

  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), ==,
                   audit_before);
  g_assert_cmpint (count_changes (fx->server), ==, changes_before);
}

/* Snapshot pages: the newest visible record per entity and id up to one
 * position, read in pages of @limit. @between runs after the first page,
 * to write while the snapshot is read. Returns the snapshot's position. */
static gint64
read_snapshot (LdTestFixture *fx,
               const char    *token,
               guint          limit,
               void         (*between) (LdTestFixture *fx),
               Feed          *feed)
{
  g_autofree char *after = NULL;
  g_autofree char *last_key = NULL;
  gint64 at = -1;

  feed->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  feed->n_pages = 0;

  for (;;)
    {
      g_autofree char *path = at < 0
        ? g_strdup_printf ("/api/v1/changes/snapshot?limit=%u", limit)
        : g_strdup_printf ("/api/v1/changes/snapshot?limit=%u&at=%" G_GINT64_FORMAT "&after=%s",
                           limit, at, after);
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, path, token);
      JsonArray *changes;
      JsonNode *next;

      ld_test_assert_status (page, 200);
      changes = page_changes (page);
      if (at < 0)
        at = ld_test_response_get_int (page, "at");
      g_assert_cmpint (ld_test_response_get_int (page, "at"), ==, at);
      g_assert_cmpint (ld_test_response_get_int (page, "last_seq"), >=, at);
      feed->last_seq = at;
      feed->n_pages++;

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *object = json_array_get_object_element (changes, i);
          Change *change = g_new0 (Change, 1);
          g_autofree char *key = NULL;

          change->seq = json_object_get_int_member (object, "seq");
          change->entity = g_strdup (json_object_get_string_member (object, "entity"));
          change->id = g_strdup (json_object_get_string_member (object, "id"));
          change->record = json_node_copy (json_object_get_member (object, "record"));
          g_assert_true (JSON_NODE_HOLDS_OBJECT (change->record));
          g_assert_cmpint (change->seq, <=, at);
          /* Each record once, in key order across the pages. */
          key = g_strconcat (change->entity, "\n", change->id, NULL);
          g_assert_true (last_key == NULL || strcmp (last_key, key) < 0);
          g_free (last_key);
          last_key = g_steal_pointer (&key);
          g_ptr_array_add (feed->changes, change);
        }

      next = json_object_get_member (ld_test_response_object (page), "after");
      g_assert_nonnull (next);
      if (JSON_NODE_HOLDS_NULL (next))
        return at;
      g_assert_cmpuint (json_array_get_length (changes), >, 0);
      g_assert_cmpint (json_node_get_int (next), ==,
                       CHANGE_AT (feed, feed->changes->len - 1)->seq);
      g_free (after);
      after = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (next));
      if (feed->n_pages == 1 && between != NULL)
        between (fx);
    }
}

static void
assert_same_state (GHashTable *expected,
                   GHashTable *actual)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    assert_same_record (g_hash_table_lookup (actual, key), value, key);
}

static void
write_job (LdTestFixture *fx,
           guint          n_records,
           LdRole         visible_to,
           guint          pad)
{
  WriteJob job = { ld_test_server_get_server (fx->server), n_records, visible_to, FALSE, pad };

  ld_test_server_invoke (fx->server, write_job_cb, &job);
}

/* Writes while a snapshot is read: they are past its position. */
static void
write_meanwhile (LdTestFixture *fx)
{
  static const char * const names[] = { "Kavya Menon", "Arjun Pillai", "Divya Shetty" };
  static guint round;
  g_autofree char *phone = g_strdup_printf ("+91 98450 6666%u", round % 10);

  g_free (create_patient (fx, names[round++ % G_N_ELEMENTS (names)], phone));
  change_setting (fx, "lab_phone", phone);
}

/* The snapshot and the feed after its position leave what replaying the
 * whole feed leaves, for a role that sees everything and one that sees
 * less, with writes made while the snapshot is read. */
static void
test_snapshot_equals_replay (LdTestFixture *fx,
                             gconstpointer  data)
{
  g_autofree char *reception = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);

  make_changes (fx);
  /* R0 for every role, then newer and for the admin only: the desk's
   * newest R0 is the older one. R1 is the admin's alone. */
  write_job (fx, 2, LD_ROLE_ALL, 0);
  write_job (fx, 1, LD_ROLE_ADMIN, 5);

  for (guint who = 0; who < 2; who++)
    {
      const char *token = who == 0 ? fx->admin : reception;
      g_auto(Feed) snapshot = { NULL };
      g_auto(Feed) tail = { NULL };
      g_auto(Feed) whole = { NULL };
      g_autoptr(GHashTable) expected = NULL;
      g_autoptr(GHashTable) actual = NULL;
      gint64 at;
      guint n_snapshot;
      guint n_tail;

      at = read_snapshot (fx, token, 3, write_meanwhile, &snapshot);
      g_assert_cmpuint (snapshot.n_pages, >, 2);
      n_snapshot = snapshot.changes->len;
      for (guint i = 0; i < n_snapshot; i++)
        if (who == 1)
          {
            g_assert_cmpstr (CHANGE_AT (&snapshot, i)->entity, !=, "user");
            g_assert_false (g_str_equal (CHANGE_AT (&snapshot, i)->id, "R1"));
          }

      /* What was written meanwhile comes through the feed from there. */
      read_feed (fx->server, token, at, 1000, &tail);
      n_tail = tail.changes->len;
      g_assert_cmpuint (n_tail, >=, 1);
      while (tail.changes->len > 0)
        g_ptr_array_add (snapshot.changes, g_ptr_array_steal_index (tail.changes, 0));

      read_feed (fx->server, token, 0, 1000, &whole);
      /* The history is longer than the state. */
      g_assert_cmpuint (n_snapshot, <, whole.changes->len - n_tail);
      expected = replay (&whole);
      actual = replay (&snapshot);
      assert_same_state (expected, actual);
      g_assert_cmpuint (count_entity (actual, "settings"), ==, 1);
    }
}

/* A snapshot's pages are bounded by bytes as the feed's are. */
static void
test_snapshot_bounded_by_bytes (LdTestFixture *fx,
                                gconstpointer  data)
{
  g_auto(Feed) snapshot = { NULL };
  guint n_big = 0;
  gint64 at;

  write_job (fx, 10, LD_ROLE_ALL, 100 * 1000);
  at = read_snapshot (fx, fx->admin, 1000, NULL, &snapshot);
  g_assert_cmpint (at, ==, get_head (fx->server, fx->admin));
  for (guint i = 0; i < snapshot.changes->len; i++)
    n_big += g_str_equal (CHANGE_AT (&snapshot, i)->entity, "test_record");
  g_assert_cmpuint (n_big, ==, 10);
  g_assert_cmpuint (snapshot.n_pages, >=, 4);

  {
    g_autoptr(LdTestResponse) page =
                 ld_test_get (fx->server, "/api/v1/changes/snapshot?limit=1000", fx->admin);

    ld_test_assert_status (page, 200);
    g_assert_cmpuint (strlen (page->body), <, 256 * 1024 + 110 * 1000);
  }
}

static void
test_snapshot_bad_queries (LdTestFixture *fx,
                           gconstpointer  data)
{
  g_autofree char *reception = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  gint64 head;
  gint64 admin_only;
  gint64 visible;
  gint64 audit_before;
  gint64 changes_before;

  change_setting (fx, "lab_name", "City Lab");
  g_free (create_patient (fx, "Asha Rao", "+91 98450 11111"));
  head = get_head (fx->server, fx->admin);
  admin_only =
    ld_test_server_query_int (fx->server, "SELECT max(seq) FROM changes WHERE entity = 'user'");
  visible =
    ld_test_server_query_int (fx->server, "SELECT max(seq) FROM changes WHERE entity = 'patient'");
  audit_before = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  changes_before = count_changes (fx->server);

  {
    g_autofree char *past = g_strdup_printf ("?at=%" G_GINT64_FORMAT, head + 1);
    g_autofree char *unknown =
      g_strdup_printf ("?at=%" G_GINT64_FORMAT "&after=%" G_GINT64_FORMAT, head, head + 1);
    g_autofree char *later =
      g_strdup_printf ("?at=%" G_GINT64_FORMAT "&after=%" G_GINT64_FORMAT, visible - 1, visible);
    g_autofree char *hidden =
      g_strdup_printf ("?at=%" G_GINT64_FORMAT "&after=%" G_GINT64_FORMAT, head, admin_only);
    const struct
    {
      const char *query;
      const char *token;
      guint       status;
      const char *code;
      const char *field;
    } cases[] = {
      { "?limit=0", fx->admin, 422, "validation_failed", "limit" },
      { "?limit=abc", fx->admin, 422, "validation_failed", "limit" },
      { "?limit=100000", fx->admin, 422, "validation_failed", "limit" },
      { "?at=-1", fx->admin, 422, "validation_failed", "at" },
      { "?at=abc", fx->admin, 422, "validation_failed", "at" },
      { "?at=", fx->admin, 422, "validation_failed", "at" },
      { past, fx->admin, 422, "validation_failed", "at" },
      { "?after=1", fx->admin, 422, "validation_failed", "at" },
      { "?at=1&after=x", fx->admin, 422, "validation_failed", "after" },
      { "?at=1&after=-2", fx->admin, 422, "validation_failed", "after" },
      { unknown, fx->admin, 422, "validation_failed", "after" },
      { later, fx->admin, 422, "validation_failed", "after" },
      /* Another role's change is no place in this user's snapshot. */
      { hidden, reception, 422, "validation_failed", "after" },
      { "?since=0", fx->admin, 400, "bad_request", "since" },
      { "?colour=red", fx->admin, 400, "bad_request", "colour" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = g_strconcat ("/api/v1/changes/snapshot", cases[i].query, NULL);
        g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, path, cases[i].token);

        g_test_message ("%s", path);
        ld_test_assert_error (resp, cases[i].status, cases[i].code);
        g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
      }
  }

  {
    g_autoptr(LdTestResponse) anonymous =
                 ld_test_get (fx->server, "/api/v1/changes/snapshot", NULL);
    g_autofree char *fine =
      g_strdup_printf ("/api/v1/changes/snapshot?at=%" G_GINT64_FORMAT "&after=%" G_GINT64_FORMAT,
                       head, admin_only);
    g_autoptr(LdTestResponse) admin = NULL;

    ld_test_assert_error (anonymous, 401, "unauthorized");
    g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), ==,
                     audit_before);
    g_assert_cmpint (count_changes (fx->server), ==, changes_before);

    /* The same cursor is fine for a role that sees it. */
    admin = ld_test_get (fx->server, fine, fx->admin);
    ld_test_assert_status (admin, 200);
  }
}

/* A WebSocket client on the test thread's main context. */
typedef struct
{
  SoupSession             *session;
  SoupMessage             *msg;
  SoupWebsocketConnection *conn;
  GError                  *error;
  GArray                  *seqs;
  gboolean                 done;
  gboolean                 closed;
  gushort                  close_code;
} Listener;

static void
on_message_cb (SoupWebsocketConnection *conn,
               gint                     type,
               GBytes                  *message,
               Listener                *listener)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 seq;

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  json_parser_load_from_data (parser, g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                              &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  seq = json_object_get_int_member (object, "seq");
  g_array_append_val (listener->seqs, seq);
}

static void
on_closed_cb (SoupWebsocketConnection *conn,
              Listener                *listener)
{
  listener->closed = TRUE;
  listener->close_code = soup_websocket_connection_get_close_code (conn);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Listener *listener = data;

  listener->conn =
    soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &listener->error);
  if (listener->conn != NULL)
    {
      g_signal_connect (listener->conn, "message", G_CALLBACK (on_message_cb), listener);
      g_signal_connect (listener->conn, "closed", G_CALLBACK (on_closed_cb), listener);
    }
  listener->done = TRUE;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*DoneFunc) (Listener *listener,
                              guint     n);

static gboolean
is_connected (Listener *listener,
              guint     n)
{
  return listener->done;
}

static gboolean
is_closed (Listener *listener,
           guint     n)
{
  return listener->closed;
}

static gboolean
has_seqs (Listener *listener,
          guint     n)
{
  return listener->seqs->len >= n || listener->closed;
}

/* Runs the test thread's context until @done holds; FALSE on timeout. */
static gboolean
spin_until (DoneFunc  done,
            Listener *listener,
            guint     n,
            guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  guint wake = g_timeout_add (5, wake_cb, NULL);

  while (!done (listener, n) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
  return done (listener, n);
}

/* At least @n pushes within @timeout_ms. */
static gboolean
spin_until_seqs (Listener *listener,
                 guint     n,
                 guint     timeout_ms)
{
  return spin_until (has_seqs, listener, n, timeout_ms) && listener->seqs->len >= n;
}

static Listener *
listen_events (LdTestServer *server,
               const char   *token,
               const char   *query)
{
  g_autofree char *uri =
    g_strconcat (ld_test_server_get_uri (server), "/api/v1/events", query, NULL);
  Listener *listener = g_new0 (Listener, 1);

  listener->session = soup_session_new ();
  listener->msg = soup_message_new ("GET", uri);
  listener->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (token != NULL)
    {
      SoupMessageHeaders *headers = soup_message_get_request_headers (listener->msg);
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", header);
    }

  soup_session_websocket_connect_async (listener->session, listener->msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL, on_connected_cb, listener);
  g_assert_true (spin_until (is_connected, listener, 0, 10000));
  return listener;
}

static void
listener_free (Listener *listener)
{
  if (listener->conn != NULL)
    {
      if (soup_websocket_connection_get_state (listener->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (listener->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_assert_true (spin_until (is_closed, listener, 0, 10000));
      g_signal_handlers_disconnect_by_data (listener->conn, listener);
      g_object_unref (listener->conn);
    }
  g_clear_error (&listener->error);
  g_array_unref (listener->seqs);
  g_object_unref (listener->msg);
  g_object_unref (listener->session);
  g_free (listener);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listener, listener_free)

typedef struct
{
  LdServer *server;
  guint     in_flight;
} InFlightJob;

static gboolean
read_in_flight_cb (gpointer data)
{
  InFlightJob *job = data;

  job->in_flight = ld_server_get_in_flight (job->server);
  return G_SOURCE_REMOVE;
}

static guint
get_in_flight (LdTestServer *server)
{
  InFlightJob job = { ld_test_server_get_server (server), G_MAXUINT };

  ld_test_server_invoke (server, read_in_flight_cb, &job);
  return job.in_flight;
}

static void
test_events_push (LdTestFixture *fx,
                  gconstpointer  data)
{
  g_autoptr(Listener) listener = listen_events (fx->server, fx->admin, NULL);
  gint64 head = get_head (fx->server, fx->admin);
  gint64 sent_us;
  gint64 new_head;

  g_assert_no_error (listener->error);
  g_assert_cmpuint (soup_message_get_status (listener->msg), ==, 101);

  /* The head, at once. */
  g_assert_true (spin_until_seqs (listener, 1, 1000));
  g_assert_cmpint (g_array_index (listener->seqs, gint64, 0), ==, head);

  /* The handshake is not left counted as a request under way, or a
   * shutdown would wait for it. */
  g_assert_cmpuint (get_in_flight (fx->server), ==, 0);

  /* A change over HTTP is announced within a second. */
  g_free (create_patient (fx, "Asha Rao", "+91 98450 11111"));
  sent_us = g_get_monotonic_time ();
  new_head = get_head (fx->server, fx->admin);
  g_assert_cmpint (new_head, >, head);
  g_assert_true (spin_until_seqs (listener, 2, 1000));
  g_assert_cmpint (g_get_monotonic_time () - sent_us, <, G_USEC_PER_SEC);
  g_assert_cmpint (g_array_index (listener->seqs, gint64, 1), ==, new_head);

  /* Reads change nothing and push nothing; the next write is pushed once. */
  ld_test_response_free (ld_test_get (fx->server, "/api/v1/catalog", fx->admin));
  ld_test_response_free (send_ok (fx->server, "PATCH", "/api/v1/catalog/tests/HB", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 12000}", 200));
  g_assert_true (spin_until_seqs (listener, 3, 1000));
  g_assert_false (spin_until_seqs (listener, 4, 200));
  g_assert_cmpint (g_array_index (listener->seqs, gint64, 2), ==, new_head + 1);

  /* Writes outside requests reach listeners through
   * ld_server_announce_changes(). */
  write_records (fx, 2, FALSE);
  g_assert_true (spin_until_seqs (listener, 4, 1000));
  g_assert_cmpint (g_array_index (listener->seqs, gint64, 3), ==, new_head + 3);
}

static void
test_events_refused (LdTestFixture *fx,
                     gconstpointer  data)
{
  {
    g_autoptr(Listener) anonymous = listen_events (fx->server, NULL, NULL);

    g_assert_null (anonymous->conn);
    g_assert_nonnull (anonymous->error);
    g_assert_cmpuint (soup_message_get_status (anonymous->msg), ==, 401);
  }
  {
    g_autoptr(Listener) forged = listen_events (fx->server, "not-a-real-token", NULL);

    g_assert_null (forged->conn);
    g_assert_cmpuint (soup_message_get_status (forged->msg), ==, 401);
  }
  {
    g_autoptr(Listener) with_query = listen_events (fx->server, fx->admin, "?since=4");

    g_assert_null (with_query->conn);
    g_assert_cmpuint (soup_message_get_status (with_query->msg), ==, 400);
  }

  /* Without the handshake, the usual error shape. */
  {
    g_autoptr(LdTestResponse) plain = ld_test_get (fx->server, "/api/v1/events", fx->admin);
    g_autoptr(LdTestResponse) anonymous = ld_test_get (fx->server, "/api/v1/events", NULL);
    g_autoptr(LdTestResponse) post =
                 ld_test_send_json (fx->server, "POST", "/api/v1/events", fx->admin, "{}");
    g_autoptr(LdTestResponse) below = ld_test_get (fx->server, "/api/v1/events/more", fx->admin);
    g_autoptr(LdTestResponse) upgrade_only =
        ld_test_request_with_headers (fx->server, "GET", "/api/v1/events", NULL, NULL, NULL, 0,
                                      (const char * const[]){ "Upgrade", "websocket", "Connection",
                                                              "Upgrade", NULL });

    ld_test_assert_error (plain, 400, "bad_request");
    ld_test_assert_error (anonymous, 401, "unauthorized");
    ld_test_assert_error (post, 405, "method_not_allowed");
    ld_test_assert_error (below, 404, "not_found");
    ld_test_assert_error (upgrade_only, 401, "unauthorized");
  }

  g_assert_cmpuint (get_in_flight (fx->server), ==, 0);
}

static void
test_events_session_ends (LdTestFixture *fx,
                          gconstpointer  data)
{
  g_autofree char *reception = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(Listener) desk = listen_events (fx->server, reception, NULL);
  g_autoptr(Listener) admin = listen_events (fx->server, fx->admin, NULL);

  g_assert_true (spin_until_seqs (desk, 1, 1000));
  g_assert_true (spin_until_seqs (admin, 1, 1000));

  /* Signing out ends the session; the next push closes its socket
   * instead of telling it. */
  ld_test_response_free (
    ld_test_request (fx->server, "DELETE", "/api/v1/sessions/current", reception, NULL, NULL, 0));
  g_free (create_patient (fx, "Asha Rao", "+91 98450 11111"));

  g_assert_true (spin_until (is_closed, desk, 0, 1000));
  g_assert_cmpuint (desk->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpuint (desk->seqs->len, ==, 1);
  g_assert_true (spin_until_seqs (admin, 2, 1000));
  g_assert_false (admin->closed);
}

static gboolean
stop_accepting_cb (gpointer data)
{
  ld_server_stop_accepting (data);
  return G_SOURCE_REMOVE;
}

static void
test_events_shutdown (LdTestFixture *fx,
                      gconstpointer  data)
{
  g_autoptr(Listener) listener = listen_events (fx->server, fx->admin, NULL);

  g_assert_true (spin_until_seqs (listener, 1, 1000));

  ld_test_server_invoke (fx->server, stop_accepting_cb, ld_test_server_get_server (fx->server));
  g_assert_true (spin_until (is_closed, listener, 0, 2000));
  g_assert_cmpuint (listener->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
}

/* What a start does: the records the feed lacks are added. */
static gboolean
backfill_cb (gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_changes_backfill (ld_server_get_store (data), &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

/* Every start backfills: one that re-added what the feed holds would
 * double it at each restart, and one that missed a record would break the
 * replay. Two patients' changes are removed, as if written before the
 * feed existed; the next backfill puts back exactly those two. */
static void
test_backfill_adds_each_record_once (LdTestFixture *fx,
                                     gconstpointer  data)
{
  LdServer *server = ld_test_server_get_server (fx->server);
  static const char unfed_sql[] =
    "SELECT count(*) FROM patients p WHERE NOT EXISTS"
    " (SELECT 1 FROM changes c WHERE c.entity = 'patient' AND c.entity_id = p.id)";
  gint64 n_changes;

  g_free (create_patient (fx, "Asha Rao", "+91 98450 11111"));
  g_free (create_patient (fx, "Bina Das", "+91 98450 22222"));
  g_free (create_patient (fx, "Chitra Sen", "+91 98450 33333"));
  n_changes = count_changes (fx->server);
  g_assert_cmpint (ld_test_server_query_int (fx->server, unfed_sql), ==, 0);

  ld_test_server_invoke (fx->server, backfill_cb, server);
  g_assert_cmpint (count_changes (fx->server), ==, n_changes);

  ld_test_sql_exec (fx->server,
                    "DELETE FROM changes WHERE entity = 'patient' AND entity_id IN"
                    " (SELECT min (id) FROM patients UNION SELECT max (id) FROM patients)");
  g_assert_cmpint (ld_test_server_query_int (fx->server, unfed_sql), ==, 2);

  ld_test_server_invoke (fx->server, backfill_cb, server);
  g_assert_cmpint (ld_test_server_query_int (fx->server, unfed_sql), ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM (SELECT entity_id FROM changes"
                                             " WHERE entity = 'patient' GROUP BY entity_id"
                                             " HAVING count(*) > 1) AS repeated"), ==, 0);
}

/* A database from before migration 0018 shows the settings to
 * administrators only; upgraded, every desk's feed carries them, under a
 * seq newer than any it has read. */
static void
test_settings_reach_every_role_after_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-upgrade-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
  const char *demo[] = { "demo", "--bare", "--db", db_path, NULL };
  LdTestServer *server;
  gint64 old_head;

  g_assert_no_error (error);
  g_assert_cmpint (ld_test_run_server_command (demo, NULL, NULL), ==, 0);

  /* Started once, the server puts the settings in the feed; make them
   * the administrators' alone and the schema 17, as an older server left
   * them. */
  server = ld_test_server_new_for_path (db_path);
  g_clear_pointer (&server, ld_test_server_free);
  {
    g_autoptr(LdSqlite) db = ld_sqlite_open (db_path, LD_SQLITE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (ld_sqlite_exec (db, "UPDATE changes SET visible_to = 8"
                                       " WHERE entity = 'settings'", &error));
    g_assert_no_error (error);
    ld_test_downgrade_schema (db, 17);
  }
  old_head = ld_test_query_int (db_path, "SELECT max(seq) FROM changes");

  server = ld_test_server_new_for_path (db_path);
  {
    g_autofree char *reception = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
    g_auto(Feed) desk_feed = { NULL };
    guint n_settings = 0;

    read_feed (server, reception, old_head, 1000, &desk_feed);
    for (guint i = 0; i < desk_feed.changes->len; i++)
      n_settings += g_str_equal (CHANGE_AT (&desk_feed, i)->entity, "settings");
    g_assert_cmpuint (n_settings, ==, 1);
    g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM changes"
                                                 " WHERE entity = 'settings'"), ==, 1);
  }
  g_clear_pointer (&server, ld_test_server_free);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  LD_TEST_ADD ("/server/changes/replay-from-zero", test_replay_from_zero);
  LD_TEST_ADD ("/server/changes/paging", test_paging);
  LD_TEST_ADD ("/server/changes/roles", test_roles);
  LD_TEST_ADD ("/server/changes/refusals-add-nothing", test_refusals_add_nothing);
  LD_TEST_ADD ("/server/changes/transactions-stay-whole", test_transactions_stay_whole);
  LD_TEST_ADD ("/server/changes/reads-are-audited", test_reads_are_audited);
  LD_TEST_ADD ("/server/changes/bad-queries", test_bad_queries);
  LD_TEST_ADD ("/server/changes/backfill-adds-each-record-once",
               test_backfill_adds_each_record_once);
  LD_TEST_ADD ("/server/events/push", test_events_push);
  LD_TEST_ADD ("/server/events/refused", test_events_refused);
  LD_TEST_ADD ("/server/events/session-ends", test_events_session_ends);
  LD_TEST_ADD ("/server/events/shutdown", test_events_shutdown);
  LD_TEST_ADD ("/server/changes/pages-bounded-by-bytes", test_pages_bounded_by_bytes);
  LD_TEST_ADD ("/server/changes/damaged-record-served", test_damaged_record_served);
  LD_TEST_ADD ("/server/changes/snapshot-equals-replay", test_snapshot_equals_replay);
  LD_TEST_ADD ("/server/changes/snapshot-bounded-by-bytes", test_snapshot_bounded_by_bytes);
  LD_TEST_ADD ("/server/changes/snapshot-bad-queries", test_snapshot_bad_queries);
  g_test_add_func ("/server/changes/settings-reach-every-role-after-upgrade",
                   test_settings_reach_every_role_after_upgrade);

  return g_test_run ();
}
