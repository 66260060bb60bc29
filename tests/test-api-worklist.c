/* test-api-worklist.c: worklist counts over a random mix of every state
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thousand orders are put in every lab and payment state by the store
 * and domain functions the handlers use, on the server's own thread (a
 * thousand trips through HTTP would take minutes under ASan), from a
 * seeded draw. What each tab should hold is counted from the draw itself,
 * not from the database; the counts and pages are then read over HTTP.
 */

#include "config.h"

#include "ld-server.h"
#include "ld-store-orders.h"
#include "ld-test-lab.h"
#include "domain/ld-lab-state.h"

#define N_ORDERS 1000
#define SEED 20261122

/* Where a drawn order ends, and the tab that shows it (-1: none). */
static const struct
{
  const char *name;
  const char *payment;   /* NULL: nothing paid */
  const char *lab_state;
  int         tab;
} situations[] = {
  { "unpaid", NULL, "ordered", -1 },
  { "online in flight", "online-pending", "ordered", -1 },
  { "payment failed", "failed", "ordered", LD_WORKLIST_FAILED },
  { "cash on collection", "cod", "ordered", LD_WORKLIST_COD },
  { "paid", "paid", "ordered", LD_WORKLIST_READY },
  { "refunded", "refunded", "ordered", -1 },
  { "cancelled", NULL, "cancelled", -1 },
  { "expired", NULL, "expired", -1 },
  { "collected", "paid", "collected", LD_WORKLIST_PROCESSING },
  { "in process", "paid", "in_process", LD_WORKLIST_PROCESSING },
  { "resulted", "paid", "resulted", LD_WORKLIST_PROCESSING },
  { "verified", "paid", "verified", LD_WORKLIST_COMPLETED },
  { "reported", "paid", "reported", LD_WORKLIST_COMPLETED },
};

static const char * const priorities[] = { "routine", "urgent", "stat" };

typedef struct
{
  LdLab   *lab;
  char    *patient_id;
  char    *admin_id;
  /* Expected orders per tab: all, then each technician's. */
  gint64   counts[LD_WORKLIST_N_TABS];
  gint64   technician_counts[LD_WORKLIST_N_TABS];
  gint64   stat_counts[LD_WORKLIST_N_TABS];
  guint    per_situation[G_N_ELEMENTS (situations)];
} Mix;

static gboolean
add_payment (LdStore     *store,
             LdOrder     *order,
             const char  *kind,
             const char  *method,
             const char  *status,
             const char  *taken_by,
             GError     **error)
{
  g_autoptr(LdPayment) payment = ld_payment_new ();

  payment->id = g_uuid_string_random ();
  payment->order_id = g_strdup (order->id);
  payment->kind = g_strdup (kind);
  payment->method = g_strdup (method);
  payment->status = g_strdup (status);
  payment->amount_paise = order->total_paise;
  payment->reason = g_strcmp0 (kind, "refund") == 0 ? g_strdup ("patient left") : NULL;
  payment->taken_by = g_strdup (taken_by);
  return ld_store_payments_insert (store, payment, error);
}

static gboolean
pay (LdStore     *store,
     LdOrder     *order,
     const char  *how,
     const char  *taken_by,
     GError     **error)
{
  if (g_str_equal (how, "paid"))
    return add_payment (store, order, "payment", "card", "succeeded", taken_by, error);
  if (g_str_equal (how, "failed"))
    return add_payment (store, order, "payment", "card", "failed", taken_by, error);
  if (g_str_equal (how, "cod"))
    return add_payment (store, order, "payment", "cod", "pending", taken_by, error);
  if (g_str_equal (how, "online-pending"))
    return add_payment (store, order, "payment", "online", "pending", taken_by, error);
  return add_payment (store, order, "payment", "cash", "succeeded", taken_by, error) &&
         add_payment (store, order, "refund", "cash", "succeeded", taken_by, error);
}

/* Moves @order to @target as the lab would: one checked step at a time. */
static gboolean
move_to (LdStore     *store,
         LdOrder     *order,
         const char  *target,
         GError     **error)
{
  const char *next = NULL;

  do
    {
      if (!ld_lab_state_next_toward (order, target, &next, error) ||
          (next != NULL && !ld_store_orders_move (store, order, next, NULL, error)))
        return FALSE;
    }
  while (next != NULL);

  return TRUE;
}

static LdOrder *
new_order (Mix        *mix,
           const char *priority,
           gint64      created_us)
{
  LdOrder *order = ld_order_new ();
  LdOrderItem *item = ld_order_item_new ("test", "HB", "Haemoglobin", 10000);

  item->charged_paise = 10000;
  g_ptr_array_add (order->items, item);
  g_ptr_array_add (order->tests,
                   ld_order_test_new ("HB", "Haemoglobin", "whole blood", "EDTA (lavender)", "HB"));
  order->id = g_uuid_string_random ();
  order->patient_id = g_strdup (mix->patient_id);
  order->source = g_strdup ("desk");
  order->priority = g_strdup (priority);
  order->collection = g_strdup ("lab");
  order->lab_state = g_strdup ("ordered");
  order->subtotal_paise = 10000;
  order->tax_paise = 2000;
  order->total_paise = 12000;
  order->created_by = g_strdup (mix->admin_id);
  order->created_us = created_us;
  return order;
}

/* On the server's thread: the thousand orders, in one transaction. */
static gboolean
make_mix_cb (gpointer data)
{
  Mix *mix = data;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (mix->lab->server));
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_real_time ();

  g_assert_true (ld_store_transaction_begin (&txn, store, &error));
  for (guint i = 0; i < N_ORDERS; i++)
    {
      guint s = g_rand_int_range (rand, 0, G_N_ELEMENTS (situations));
      const char *priority = priorities[g_rand_int_range (rand, 0, G_N_ELEMENTS (priorities))];
      gboolean    to_technician = g_rand_boolean (rand);
      gboolean    assigned = g_rand_int_range (rand, 0, 4) > 0;
      g_autoptr(LdOrder) order =
                   new_order (mix, priority, now_us - G_USEC_PER_SEC * (N_ORDERS - i));
      int tab = situations[s].tab;

      g_assert_true (ld_store_orders_insert (store, order, order->created_us,
                                             now_us + 48 * G_TIME_SPAN_HOUR, 0, &error));
      if (situations[s].payment != NULL)
        g_assert_true (pay (store, order, situations[s].payment, mix->admin_id, &error));
      /* Most collectable orders are with a technician; a few wait for a claim. */
      if (tab >= 0 && tab != LD_WORKLIST_FAILED && assigned)
        {
          g_assert_true (
            ld_store_lab_assign (store, order,
                                 to_technician ? mix->lab->technician_id : mix->lab->sunita_id,
                                 NULL, &error));
        }
      g_assert_true (move_to (store, order, situations[s].lab_state, &error));
      g_assert_no_error (error);

      mix->per_situation[s]++;
      if (tab < 0)
        continue;
      mix->counts[tab]++;
      if (tab != LD_WORKLIST_FAILED && assigned && to_technician)
        mix->technician_counts[tab]++;
      if (g_str_equal (priority, "stat"))
        mix->stat_counts[tab]++;
    }
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);

  return G_SOURCE_REMOVE;
}

static const char *
tab_name (guint tab)
{
  return ld_worklist_tab_to_string (tab);
}

static void
assert_counts (Mix          *mix,
               const char   *query,
               const gint64 *expected)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/worklist%s", query);
  g_autoptr(LdTestResponse) resp = ld_test_get (mix->lab->server, path, mix->lab->technician);

  ld_test_assert_status (resp, 200);
  for (guint t = 0; t < LD_WORKLIST_N_TABS; t++)
    {
      g_autofree char *member = g_strdup_printf ("counts.%s", tab_name (t));

      g_test_message ("%s %s: %" G_GINT64_FORMAT, query, tab_name (t), expected[t]);
      g_assert_cmpint (ld_test_response_get_int (resp, member), ==, expected[t]);
    }
}

/* Every page of a tab: as many orders as its count, stat before urgent
 * before routine, none twice. */
static void
assert_pages (Mix   *mix,
              guint  tab,
              gint64 expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = NULL;
  int last_rank = -1;

  do
    {
      g_autofree char *path =
        next ? g_strdup_printf ("/api/v1/worklist?tab=%s&limit=100&after=%s", tab_name (tab), next)
             : g_strdup_printf ("/api/v1/worklist?tab=%s&limit=100", tab_name (tab));
      g_autoptr(LdTestResponse) page = ld_test_get (mix->lab->server, path, mix->lab->technician);
      JsonArray *items;

      ld_test_assert_status (page, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *order = json_array_get_object_element (items, i);
          const char *priority = json_object_get_string_member (order, "priority");
          int rank = g_str_equal (priority, "stat") ? 0 : g_str_equal (priority, "urgent") ? 1 : 2;

          g_assert_cmpint (rank, >=, last_rank);
          last_rank = rank;
          g_assert_true (
            g_hash_table_add (seen, g_strdup (json_object_get_string_member (order, "id"))));
        }
      g_clear_pointer (&next, g_free);
      next = g_strdup (ld_test_response_get_string (page, "next"));
    }
  while (next != NULL);

  g_assert_cmpint (g_hash_table_size (seen), ==, expected);
}

static void
test_counts_match_a_random_mix (void)
{
  Mix mix = {
    NULL,
  };
  g_autofree char *filter = NULL;

  mix.lab = ld_lab_new ();
  mix.patient_id =
    ld_lab_new_patient (mix.lab,
                        "{\"name\": \"Worklist Mix\", \"sex\": \"male\", \"age_years\": 50}");
  mix.admin_id = ld_lab_user_id (mix.lab, mix.lab->admin);

  ld_test_server_invoke (mix.lab->server, make_mix_cb, &mix);
  for (guint s = 0; s < G_N_ELEMENTS (situations); s++)
    {
      g_test_message ("%s: %u", situations[s].name, mix.per_situation[s]);
      /* The seed draws every situation, many times. */
      g_assert_cmpuint (mix.per_situation[s], >, 30);
    }

  assert_counts (&mix, "", mix.counts);
  for (guint t = 0; t < LD_WORKLIST_N_TABS; t++)
    assert_pages (&mix, t, mix.counts[t]);

  /* The counts follow the filters too. */
  filter = g_strdup_printf ("?technician_id=%s", mix.lab->technician_id);
  assert_counts (&mix, filter, mix.technician_counts);
  assert_counts (&mix, "?priority=stat", mix.stat_counts);

  g_free (mix.patient_id);
  g_free (mix.admin_id);
  ld_lab_free (mix.lab);
}

typedef struct
{
  Mix      mix;
  char    *old_done_id;
  char    *recent_done_id;
  gint64   old_us;
} Window;

/* Puts one order created @age_us ago in @lab_state, paid. */
static char *
add_aged (Mix        *mix,
          LdStore    *store,
          gint64      now_us,
          gint64      age_us,
          const char *lab_state)
{
  g_autoptr(LdOrder) order = new_order (mix, "routine", now_us - age_us);
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_store_orders_insert (store, order, order->created_us,
                                         now_us + 48 * G_TIME_SPAN_HOUR, 0, &error));
  g_assert_true (pay (store, order, "paid", mix->admin_id, &error));
  g_assert_true (move_to (store, order, lab_state, &error));
  g_assert_no_error (error);
  return g_strdup (order->id);
}

static gboolean
make_window_cb (gpointer data)
{
  Window *window = data;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (window->mix.lab->server));
  gint64 now_us = g_get_real_time ();
  gint64 old_age_us = (LD_WORKLIST_COMPLETED_DAYS + 3) * G_TIME_SPAN_DAY;
  g_autofree char *old_ready_id = NULL;

  window->old_us = now_us - old_age_us;
  window->old_done_id = add_aged (&window->mix, store, now_us, old_age_us, "reported");
  window->recent_done_id = add_aged (&window->mix, store, now_us, 2 * G_TIME_SPAN_DAY, "reported");
  /* Open work stays on its tab however old it is. */
  old_ready_id = add_aged (&window->mix, store, now_us, old_age_us, "ordered");

  return G_SOURCE_REMOVE;
}

/* The ids on the first page of the completed tab under @query. */
static GHashTable *
completed_ids (Mix        *mix,
               const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/worklist?tab=completed%s", query);
  g_autoptr(LdTestResponse) resp = ld_test_get (mix->lab->server, path, mix->lab->technician);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_hash_table_add (ids,
                      g_strdup (
                        json_object_get_string_member (json_array_get_object_element (items, i),
                                                       "id")));
  return ids;
}

/* Without a day the completed tab is the last LD_WORKLIST_COMPLETED_DAYS
 * (its count does not grow with history); a day shows that day's. */
static void
test_completed_tab_is_a_window (void)
{
  Window window = {
    {
      NULL,
    },
  };
  Mix         *mix = &window.mix;
  const gint64 recent[LD_WORKLIST_N_TABS] = { 1, 0, 0, 1, 0 };
  const gint64 that_day[LD_WORKLIST_N_TABS] = { 1, 0, 0, 1, 0 };
  g_autoptr(GDateTime) old = NULL;
  g_autofree char *day = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GHashTable) shown = NULL;
  g_autoptr(GHashTable) shown_that_day = NULL;

  mix->lab = ld_lab_new ();
  mix->patient_id =
    ld_lab_new_patient (mix->lab,
                        "{\"name\": \"Worklist Window\", \"sex\": \"male\", \"age_years\": 50}");
  mix->admin_id = ld_lab_user_id (mix->lab, mix->lab->admin);
  ld_test_server_invoke (mix->lab->server, make_window_cb, &window);

  assert_counts (mix, "", recent);
  shown = completed_ids (mix, "");
  g_assert_cmpuint (g_hash_table_size (shown), ==, 1);
  g_assert_true (g_hash_table_contains (shown, window.recent_done_id));

  old = g_date_time_new_from_unix_local (window.old_us / G_USEC_PER_SEC);
  day = g_date_time_format (old, "%Y-%m-%d");
  query = g_strdup_printf ("?date=%s", day);
  assert_counts (mix, query, that_day);
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("&date=%s", day);
  shown_that_day = completed_ids (mix, query);
  g_assert_cmpuint (g_hash_table_size (shown_that_day), ==, 1);
  g_assert_true (g_hash_table_contains (shown_that_day, window.old_done_id));

  g_free (window.old_done_id);
  g_free (window.recent_done_id);
  g_free (mix->patient_id);
  g_free (mix->admin_id);
  ld_lab_free (mix->lab);
}

/* Completed orders over the last 20 days, each at a random time of day,
 * each with a technician or none and a priority; some changed hands once
 * completed. What each window should count is kept from the draw. */
#define N_SPREAD      400
#define SPREAD_DAYS   20

typedef struct
{
  Mix     mix;
  gint64  now_us;
  gint64  created_us[N_SPREAD];
  guint   holder[N_SPREAD];   /* 0: none, 1: the technician, 2: Sunita */
  guint   priority[N_SPREAD];
} Spread;

static gboolean
make_spread_cb (gpointer data)
{
  Spread *spread = data;
  Mix *mix = &spread->mix;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (mix->lab->server));
  const char *holders[] = { NULL, mix->lab->technician_id, mix->lab->sunita_id };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  gint64 edge_us = spread->now_us - LD_WORKLIST_COMPLETED_DAYS * G_TIME_SPAN_DAY;

  g_assert_true (ld_store_transaction_begin (&txn, store, &error));
  for (guint i = 0; i < N_SPREAD; i++)
    {
      g_autoptr(LdOrder) order = NULL;
      gint64 created_us;

      /* Not within a minute of the window's moving edge: the server reads
       * its clock a moment after this one. */
      do
        created_us =
          spread->now_us - (gint64) (g_rand_double (rand) * SPREAD_DAYS * G_TIME_SPAN_DAY);
      while (ABS (created_us - edge_us) < G_TIME_SPAN_MINUTE);
      spread->created_us[i] = created_us;
      spread->priority[i] = g_rand_int_range (rand, 0, G_N_ELEMENTS (priorities));
      spread->holder[i] = g_rand_int_range (rand, 0, 3);
      order = new_order (mix, priorities[spread->priority[i]], created_us);

      g_assert_true (ld_store_orders_insert (store, order, created_us,
                                             spread->now_us + 48 * G_TIME_SPAN_HOUR, 0, &error));
      g_assert_true (pay (store, order, "paid", mix->admin_id, &error));
      if (spread->holder[i] != 0)
        g_assert_true (
          ld_store_lab_assign (store, order, holders[spread->holder[i]], NULL, &error));
      g_assert_true (
        move_to (store, order, g_rand_boolean (rand) ? "reported" : "verified", &error));
      /* A completed order that changes hands moves to another counter. */
      if (spread->holder[i] != 0 && g_rand_int_range (rand, 0, 5) == 0)
        {
          guint to = 3 - spread->holder[i];

          g_assert_true (
            ld_store_lab_assign (store, order, holders[to], holders[spread->holder[i]], &error));
          spread->holder[i] = to;
        }
      g_assert_no_error (error);
    }
  /* Open work in the same days is on its own tab, never in the count. */
  for (guint i = 0; i < 40; i++)
    g_free (add_aged (mix, store, spread->now_us,
                      (gint64) (g_rand_double (rand) * SPREAD_DAYS * G_TIME_SPAN_DAY),
                      "resulted"));
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);

  return G_SOURCE_REMOVE;
}

/* The completed orders of the draw in [from_us, until_us), held by
 * @holder (-1: anyone) at @priority (-1: any). */
static gint64
spread_count (Spread *spread,
              gint64  from_us,
              gint64  until_us,
              int     holder,
              int     priority)
{
  gint64 n = 0;

  for (guint i = 0; i < N_SPREAD; i++)
    n += spread->created_us[i] >= from_us && spread->created_us[i] < until_us &&
         (holder < 0 || spread->holder[i] == (guint) holder) &&
         (priority < 0 || spread->priority[i] == (guint) priority);
  return n;
}

static void
assert_completed_count (Spread     *spread,
                        const char *query,
                        gint64      expected)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/worklist%s", query);
  g_autoptr(LdTestResponse) resp =
               ld_test_get (spread->mix.lab->server, path, spread->mix.lab->technician);

  ld_test_assert_status (resp, 200);
  g_test_message ("%s: %" G_GINT64_FORMAT " completed", query, expected);
  g_assert_cmpint (ld_test_response_get_int (resp, "counts.completed"), ==, expected);
}

/* The completed tab's count is read from counters kept by day and from the
 * orders of the window's part-days (migrations/0044): over the week
 * without a day, over each lab day with one, under each filter, it must be
 * what the orders themselves say. */
static void
test_completed_count_over_any_window (void)
{
  g_autofree Spread *spread = g_new0 (Spread, 1);
  Mix *mix = &spread->mix;
  const char *technician = NULL;
  gint64 week_from_us;

  /* A lab day that is not a UTC day (India's, written as POSIX does, so
   * no zone database is needed): each day asked for is two part-days of
   * the counters' UTC days. The server started below takes it too. */
  g_setenv ("TZ", "IST-5:30", TRUE);
  mix->lab = ld_lab_new ();
  technician = mix->lab->technician_id;
  mix->patient_id =
    ld_lab_new_patient (mix->lab,
                        "{\"name\": \"Worklist Spread\", \"sex\": \"female\", \"age_years\": 40}");
  mix->admin_id = ld_lab_user_id (mix->lab, mix->lab->admin);
  spread->now_us = g_get_real_time ();
  ld_test_server_invoke (mix->lab->server, make_spread_cb, spread);

  week_from_us = spread->now_us - LD_WORKLIST_COMPLETED_DAYS * G_TIME_SPAN_DAY;
  assert_completed_count (spread, "", spread_count (spread, week_from_us, G_MAXINT64, -1, -1));
  for (int holder = 1; holder <= 2; holder++)
    {
      g_autofree char *query =
        g_strdup_printf ("?technician_id=%s", holder == 1 ? technician : mix->lab->sunita_id);

      assert_completed_count (spread, query,
                              spread_count (spread, week_from_us, G_MAXINT64, holder, -1));
    }
  assert_completed_count (spread, "?priority=stat",
                          spread_count (spread, week_from_us, G_MAXINT64, -1, 2));

  for (int back = 0; back <= SPREAD_DAYS; back++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (spread->now_us /
                                                                  G_USEC_PER_SEC);
      g_autoptr(GDateTime) then = g_date_time_add_days (now, -back);
      g_autoptr(GDateTime) start =
                   g_date_time_new_local (g_date_time_get_year (then), g_date_time_get_month (then),
                                          g_date_time_get_day_of_month (then), 0, 0, 0);
      g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);
      g_autofree char *day = g_date_time_format (then, "%Y-%m-%d");
      g_autofree char *query = g_strdup_printf ("?date=%s", day);
      g_autofree char *filtered =
        g_strdup_printf ("?date=%s&technician_id=%s&priority=urgent", day, technician);
      gint64 from_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
      gint64 until_us = g_date_time_to_unix (end) * G_USEC_PER_SEC;

      assert_completed_count (spread, query, spread_count (spread, from_us, until_us, -1, -1));
      assert_completed_count (spread, filtered,
                              spread_count (spread, from_us, until_us, 1, 1));
    }

  g_free (mix->patient_id);
  g_free (mix->admin_id);
  ld_lab_free (mix->lab);
  g_unsetenv ("TZ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/worklist/counts-match-a-random-mix", test_counts_match_a_random_mix);
  g_test_add_func ("/worklist/completed-tab-is-a-window", test_completed_tab_is_a_window);
  g_test_add_func ("/worklist/completed-count-over-any-window",
                   test_completed_count_over_any_window);

  return g_test_run ();
}
