/* test-client-desk-lists.c: the desk's owing list and home-visit schedule
 * over the cache follow the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real server and a real client cache: orders are made, paid, failed
 * and collected over HTTP; the lists must hold what the server's own
 * rules say (GET /api/v1/reports/cash aside, the owing rule and the
 * home-visit schedule), in the desk's order, and change row by row.
 */

#include "config.h"

#include "ld-desk-day.h"
#include "ld-test-client.h"
#include "ld-test-desk-day.h"

typedef struct
{
  LdTestServer *server;
  LdTestClient *client;
  char         *desk;
  char         *patient_id;
  char         *tmp;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  fx->tmp = g_dir_make_tmp ("labdesk-desk-lists-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fx->tmp, "cache", NULL);
  fx->server = ld_test_server_new ();
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->patient_id = ld_test_desk_patient (fx->server, fx->desk, "Asha Rao", "9876543210");
  fx->client = ld_test_client_new (ld_test_server_get_uri (fx->server), "reception",
                                   LD_TEST_RECEPTION_PASSWORD, dir);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_client_free (fx->client);
  ld_test_remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->desk);
  g_free (fx->patient_id);
  ld_test_server_free (fx->server);
}

static void
synced (Fixture *fx)
{
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 30000);
}

static gboolean
settled (gpointer data)
{
  return !ld_cache_list_get_loading (LD_CACHE_LIST (data));
}

typedef struct
{
  guint n_signals;
  guint widest;
} Signals;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Signals    *signals)
{
  signals->n_signals++;
  signals->widest = MAX (signals->widest, MAX (removed, added));
}

/* The list's ids, in its order, joined by spaces. */
static char *
ids_of (LdCacheList *list)
{
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) ids = g_string_new (NULL);

  ld_test_wait_until (settled, list, 30000, "a list to load");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (rows, g_list_model_get_item (model, i));
  ld_test_wait_until (settled, list, 30000, "a list's rows");
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "",
                            ld_cache_record_get_id (g_ptr_array_index (rows, i)));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
join (const char *first,
      ...)
{
  g_autoptr(GString) text = g_string_new (first);
  va_list args;
  const char *id;

  va_start (args, first);
  while ((id = va_arg (args, const char *)) != NULL)
    g_string_append_printf (text, " %s", id);
  va_end (args);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Failed payments first, then the oldest; settled orders and other days
 * are not listed; a payment from another desk takes its order off. */
static void
test_owing (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *pending =
    ld_test_desk_order (fx->server, fx->desk, fx->patient_id, "\"items\": [\"HB\"]");
  g_autofree char *failed =
    ld_test_desk_order (fx->server, fx->desk, fx->patient_id, "\"items\": [\"CBC\"]");
  g_autofree char *cod =
    ld_test_desk_order (fx->server, fx->desk, fx->patient_id, "\"items\": [\"HB\"]");
  g_autofree char *paid =
    ld_test_desk_order (fx->server, fx->desk, fx->patient_id, "\"items\": [\"HB\"]");
  g_autofree char *refunded =
    ld_test_desk_order (fx->server, fx->desk, fx->patient_id, "\"items\": [\"CBC\"]");
  g_autoptr(LdCacheList) today = NULL;
  g_autoptr(LdCacheList) yesterday = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *after = NULL;
  Signals          signals = {
             0,
  };

  ld_test_desk_fail_online (fx->server, fx->desk, failed);
  ld_test_desk_pay (fx->server, fx->desk, cod, "{\"method\": \"cod\"}");
  ld_test_desk_pay (fx->server, fx->desk, paid, "{\"method\": \"card\", \"reference\": \"T-1\"}");
  ld_test_desk_pay (fx->server, fx->desk, refunded,
                    "{\"method\": \"upi\", \"reference\": \"U-1\"}");
  ld_test_desk_refund (
    fx->server, fx->desk, refunded,
    "{\"method\": \"upi\", \"amount_paise\": 1000, \"reason\": \"ESR not done\"}");
  synced (fx);

  today = ld_cache_list_new_owing (fx->client->cache, ld_test_desk_day_start (0),
                                   ld_test_desk_day_start (1));
  yesterday = ld_cache_list_new_owing (fx->client->cache, ld_test_desk_day_start (-1),
                                       ld_test_desk_day_start (0));
  want = join (failed, pending, cod, NULL);
  got = ids_of (today);
  g_assert_cmpstr (got, ==, want);
  g_clear_pointer (&got, g_free);
  got = ids_of (yesterday);
  g_assert_cmpstr (got, ==, "");

  /* The server's own owing list (newest first) holds the same orders. */
  {
    g_autoptr(LdTestResponse) owing = ld_test_get (fx->server, "/api/v1/reports/owing", fx->desk);
    JsonArray *items;
    g_autoptr(GString) server_ids = g_string_new (NULL);
    g_autofree char *sorted_want = NULL;

    ld_test_assert_status (owing, 200);
    items = json_object_get_array_member (ld_test_response_object (owing), "items");
    for (guint i = json_array_get_length (items); i > 0; i--)
      g_string_append_printf (server_ids, "%s%s", server_ids->len ? " " : "",
                              json_object_get_string_member (json_array_get_object_element (items,
                                                                                            i - 1),
                                                             "id"));
    /* Oldest first, as the desk's list has them once failed ones lead. */
    sorted_want = join (pending, failed, cod, NULL);
    g_assert_cmpstr (server_ids->str, ==, sorted_want);
  }

  g_signal_connect (today, "items-changed", G_CALLBACK (on_items_changed_cb), &signals);
  ld_test_desk_pay (fx->server, fx->desk, pending,
                    "{\"method\": \"cash\", \"tendered_paise\": 100000}");
  ld_test_desk_pay (fx->server, fx->desk, failed, "{\"method\": \"card\", \"reference\": \"T-2\"}");
  synced (fx);
  after = ids_of (today);
  g_assert_cmpstr (after, ==, cod);
  g_assert_cmpuint (signals.n_signals, >=, 2);
  g_assert_cmpuint (signals.widest, <=, 1);
  g_signal_handlers_disconnect_by_data (today, &signals);
}

/* Overdue, today and upcoming visits each in slot order, as the server's
 * schedule has them; a collected visit leaves. */
static void
test_home_visits (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *later =
    ld_test_desk_home_order (fx->server, fx->desk, fx->patient_id, "Later Road");
  g_autofree char *tomorrow =
    ld_test_desk_home_order (fx->server, fx->desk, fx->patient_id, "Near Road");
  g_autofree char *today =
    ld_test_desk_home_order (fx->server, fx->desk, fx->patient_id, "Today Road");
  g_autofree char *overdue =
    ld_test_desk_home_order (fx->server, fx->desk, fx->patient_id, "Late Road");
  g_autofree char *lab =
    ld_test_desk_order (fx->server, fx->desk, fx->patient_id, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdCacheList) overdue_list = NULL;
  g_autoptr(LdCacheList) today_list = NULL;
  g_autoptr(LdCacheList) upcoming_list = NULL;
  g_autofree char *collect_path = NULL;
  g_autofree char *technician = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  gint64 now_us = g_get_real_time ();
  gint64 tomorrow_us = ld_test_desk_day_start (1);
  JsonObject *root;

  /* Time passes: one visit's slot is on now, one's has ended. Each is
   * then promised cash on collection, so the feed carries the slot. */
  ld_test_desk_move_slot (fx->server, later, tomorrow_us + 30 * G_TIME_SPAN_HOUR,
                          tomorrow_us + 32 * G_TIME_SPAN_HOUR);
  ld_test_desk_move_slot (fx->server, today, now_us - G_TIME_SPAN_HOUR, now_us + G_TIME_SPAN_HOUR);
  ld_test_desk_move_slot (fx->server, overdue, now_us - 3 * G_TIME_SPAN_HOUR,
                          now_us - G_TIME_SPAN_HOUR);
  ld_test_desk_pay (fx->server, fx->desk, later, "{\"method\": \"cod\"}");
  ld_test_desk_pay (fx->server, fx->desk, today, "{\"method\": \"cod\"}");
  ld_test_desk_pay (fx->server, fx->desk, overdue, "{\"method\": \"cod\"}");
  synced (fx);

  overdue_list =
    ld_cache_list_new_home_visits (fx->client->cache, G_MININT64, G_MAXINT64, G_MININT64, now_us);
  today_list =
    ld_cache_list_new_home_visits (fx->client->cache, G_MININT64, tomorrow_us, now_us, G_MAXINT64);
  upcoming_list = ld_cache_list_new_home_visits (fx->client->cache, tomorrow_us,
                                                 ld_test_desk_day_start (8), now_us, G_MAXINT64);
  got = ids_of (overdue_list);
  g_assert_cmpstr (got, ==, overdue);
  g_clear_pointer (&got, g_free);
  got = ids_of (today_list);
  g_assert_cmpstr (got, ==, today);
  g_clear_pointer (&got, g_free);
  want = join (tomorrow, later, NULL);
  got = ids_of (upcoming_list);
  g_assert_cmpstr (got, ==, want);
  g_assert_null (strstr (got, lab));

  /* The server's schedule groups them the same way. */
  schedule = ld_test_get (fx->server, "/api/v1/home-visits", fx->desk);
  ld_test_assert_status (schedule, 200);
  root = ld_test_response_object (schedule);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "overdue")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "today")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "upcoming")), ==, 2);

  /* The late visit is made: it leaves the schedule. */
  technician = ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  collect_path = g_strdup_printf ("/api/v1/orders/%s/collect", overdue);
  collected =
    ld_test_send_json (fx->server, "POST", collect_path, technician,
                       "{\"payment\": {\"method\": \"cash\", \"tendered_paise\": 100000}}");
  ld_test_assert_status (collected, 201);
  synced (fx);
  g_clear_pointer (&got, g_free);
  got = ids_of (overdue_list);
  g_assert_cmpstr (got, ==, "");
}

/* The rules the lists are filed by. */
static void
test_rules (void)
{
  g_assert_cmpint (ld_desk_owing_of ("failed"), ==, LD_OWING_FAILED);
  g_assert_cmpint (ld_desk_owing_of ("pending"), ==, LD_OWING_AWAITING);
  g_assert_cmpint (ld_desk_owing_of ("cod_pending"), ==, LD_OWING_COD);
  for (const char * const *s = (const char * const[]){ "paid", "partly_refunded", "refunded",
                                                       "cancelled", "expired", NULL };
       *s; s++)
    g_assert_cmpint (ld_desk_owing_of (*s), ==, LD_OWING_NONE);
  g_assert_cmpint (ld_desk_owing_rank (LD_OWING_FAILED), <, ld_desk_owing_rank (LD_OWING_AWAITING));
  g_assert_cmpint (ld_desk_owing_rank (LD_OWING_COD), ==, ld_desk_owing_rank (LD_OWING_AWAITING));
  g_assert_true (ld_desk_home_visit_pending ("home", "ordered"));
  g_assert_false (ld_desk_home_visit_pending ("home", "collected"));
  g_assert_false (ld_desk_home_visit_pending ("home", "cancelled"));
  g_assert_false (ld_desk_home_visit_pending ("lab", "ordered"));
  g_assert_cmpint (ld_desk_home_visit_when (0, 10, 10, 100), ==, LD_HOME_VISIT_OVERDUE);
  g_assert_cmpint (ld_desk_home_visit_when (0, 11, 10, 100), ==, LD_HOME_VISIT_TODAY);
  g_assert_cmpint (ld_desk_home_visit_when (100, 120, 10, 100), ==, LD_HOME_VISIT_UPCOMING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add_func ("/client/desk-lists/rules", test_rules);
  g_test_add ("/client/desk-lists/owing", Fixture, NULL, fixture_setup, test_owing,
              fixture_teardown);
  g_test_add ("/client/desk-lists/home-visits", Fixture, NULL, fixture_setup, test_home_visits,
              fixture_teardown);

  return g_test_run ();
}
