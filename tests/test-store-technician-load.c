/* test-store-technician-load.c: the technicians' counters agree with a recount
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 36: each technician's open orders and last assignment are kept in
 * technician_load by triggers on orders (migrations/0043, migrations-pg/0018),
 * and the least-load assignment reads only them. A seeded random workload
 * runs through the real server (orders made, paid each way, reassigned,
 * collected, cancelled, taken through results and verification to release),
 * and every few steps the counters are held to a recount from the orders
 * themselves (ld_store_lab_recount_technician_loads(), OPEN_STATES), and
 * the completed tab's counters by day (migrations/0044) to the completed
 * orders (ld_store_counters_completed_days()). Each result, sample and
 * report keeps a copy of its order's time, written by the store's inserts
 * (migration 0049): the triggers that would write it after them are
 * dropped first, and `labdesk-server check`'s comparison
 * (ld_store_counters_check()) must find every copy right. Run
 * again on PostgreSQL as test-store-technician-load-pg.
 *
 * LABDESK_TEST_SEED picks another workload (the seed is printed), and
 * LABDESK_TEST_STEPS a longer one.
 */

#include "config.h"

#include "ld-store-orders.h"
#include "ld-store.h"
#include "ld-test-documents.h"
#include "ld-test-lab.h"

/* Steps between two comparisons with the recount. */
#define CHECK_EVERY 10

typedef enum
{
  DID_CREATE,
  DID_PAY,
  DID_ASSIGN,
  DID_COLLECT,
  DID_CANCEL,
  DID_RELEASE,
  N_DID
} Did;

static const char * const did_names[N_DID] = { "create", "pay",    "assign",
                                               "collect", "cancel", "release" };

typedef struct
{
  LdLab      *lab;
  const char *location;
  LdStore    *store;
  GRand      *rand;
  char       *patient_id;
  GPtrArray  *orders; /* ids, every order made */
  const char *technicians[3];
  guint       done[N_DID];
  guint       n_checks;
  /* Checks made with some completed orders to count. */
  guint       n_completed_checks;
} World;

/* The completed tab's counters by day (migrations/0044) against the
 * orders in the completed states, row by row. */
static void
assert_completed_days_agree (World *world,
                             guint  step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) counted = ld_store_counters_completed_days (world->store, FALSE, &error);
  g_autoptr(GPtrArray) recounted = NULL;
  g_autofree char *counted_text = NULL;
  g_autofree char *recounted_text = NULL;

  g_assert_no_error (error);
  recounted = ld_store_counters_completed_days (world->store, TRUE, &error);
  g_assert_no_error (error);
  g_ptr_array_add (counted, NULL);
  g_ptr_array_add (recounted, NULL);
  counted_text = g_strjoinv ("; ", (char **) counted->pdata);
  recounted_text = g_strjoinv ("; ", (char **) recounted->pdata);
  if (!g_str_equal (counted_text, recounted_text))
    g_error ("after step %u, the completed counters say [%s]; the orders say [%s]", step,
             counted_text, recounted_text);
  if (recounted->len > 1)
    world->n_completed_checks++;
}

/* Every active technician's counters against the recount; both lists
 * name the same technicians, so they are matched by id. */
static void
assert_counters_agree (World *world,
                       guint  step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) counted = ld_store_lab_technician_loads (world->store, &error);
  g_autoptr(GPtrArray) recounted = NULL;
  g_autofree char *problems = NULL;

  g_assert_no_error (error);
  recounted = ld_store_lab_recount_technician_loads (world->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counted->len, ==, recounted->len);
  g_assert_cmpuint (counted->len, >=, 3);

  for (guint i = 0; i < recounted->len; i++)
    {
      const LdTechnicianLoadRow *want = g_ptr_array_index (recounted, i);
      const LdTechnicianLoadRow *got = NULL;

      for (guint j = 0; j < counted->len && got == NULL; j++)
        if (g_str_equal (((LdTechnicianLoadRow *) g_ptr_array_index (counted, j))->user_id,
                         want->user_id))
          got = g_ptr_array_index (counted, j);
      g_assert_nonnull (got);

      if (got->load.open_orders != want->load.open_orders ||
          got->load.last_assigned_us != want->load.last_assigned_us)
        g_error (
          "after step %u, technician %s: counters say %u open, last assigned %" G_GINT64_FORMAT
          "; the orders say %u open, last assigned %" G_GINT64_FORMAT,
          step, want->user_id, got->load.open_orders, got->load.last_assigned_us,
          want->load.open_orders, want->load.last_assigned_us);
    }
  assert_completed_days_agree (world, step);
  g_assert_true (ld_store_counters_check (world->store, &problems, &error));
  g_assert_no_error (error);
  if (problems != NULL)
    g_error ("after step %u, labdesk-server check would say:\n%s", step, problems);
  world->n_checks++;
}

/* A hand edit of one result's copy of its order's time: the check names
 * it, and its recount writes it again from the order. */
static void
assert_check_finds_order_time (World *world)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (world->location, LD_SQLITE_OPEN_DEFAULT);
  g_autofree char *problems = NULL;
  LdStore *writer;

  g_assert_true (ld_db_exec (db, "UPDATE results SET order_created_us = 7"
                                 " WHERE id = (SELECT min (id) FROM results)", &error));
  g_assert_no_error (error);
  g_assert_true (ld_store_counters_check (world->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  g_assert_nonnull (strstr (problems, ": its order's time 7; the order says "));

  writer = ld_store_open_existing (world->location, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_counters_recount (writer, &error));
  g_assert_no_error (error);
  ld_store_close (writer);
  g_clear_pointer (&problems, g_free);
  g_assert_true (ld_store_counters_check (world->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_null (problems);
}

/* Leaves the copies of the orders' times to the store's inserts alone. */
static void
drop_order_time_triggers (World *world)
{
  static const char * const tables[] = { "results", "samples", "reports" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (world->location, LD_SQLITE_OPEN_DEFAULT);
  gboolean on_postgresql = ld_db_get_backend (db) == LD_DB_POSTGRESQL;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("DROP TRIGGER %s_take_order_time%s%s", tables[i],
                         on_postgresql ? " ON " : "", on_postgresql ? tables[i] : "");

      g_assert_true (ld_db_exec (db, sql, &error));
      g_assert_no_error (error);
    }
}

/* The order as the server has it now. */
static LdTestResponse *
get_order (World      *world,
           const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  LdTestResponse *resp = ld_test_get (world->lab->server, path, world->lab->admin);

  ld_test_assert_status (resp, 200);
  return resp;
}

/* A step the order's state may refuse (a cancel of a paid order, a
 * collection already made): refused is fine, a server error never is.
 * Counts what succeeded, so the workload is known to have moved. */
static void
note (World          *world,
      LdTestResponse *resp,
      Did             did)
{
  g_assert_cmpuint (resp->status, <, 500);
  if (resp->status == 200 || resp->status == 201)
    world->done[did]++;
  ld_test_response_free (resp);
}

static void
create_order (World *world)
{
  static const char * const items[] = { "\"items\": [\"K\"]", "\"items\": [\"GLUF\"]",
                                        "\"items\": [\"K\", \"GLUF\"]" };
  const char *chosen = items[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (items))];

  g_ptr_array_add (world->orders, ld_lab_prescribe (world->lab, world->patient_id, chosen));
  world->done[DID_CREATE]++;
}

static void
pay (World      *world,
     const char *order_id)
{
  /* Cash on collection lets the order be collected too: both assign. */
  const char *body = g_rand_boolean (world->rand)
                       ? "{\"method\": \"card\", \"reference\": \"T-36\"}"
                       : "{\"method\": \"cod\"}";

  note (world, ld_lab_order_post (world->lab, world->lab->desk, order_id, "payments", body),
        DID_PAY);
}

static void
assign (World      *world,
        const char *order_id)
{
  const char *to = world->technicians[g_rand_int_range (world->rand, 0, 3)];
  g_autofree char *body = g_strdup_printf ("{\"technician_id\": \"%s\"}", to);

  note (world, ld_lab_order_post (world->lab, world->lab->admin, order_id, "assign", body),
        DID_ASSIGN);
}

static void
collect (World      *world,
         const char *order_id,
         const char *holder)
{
  note (world,
        ld_lab_order_post (world->lab, ld_lab_token_of (world->lab, holder), order_id, "collect",
                           "{\"location\": \"Collection room 1\"}"),
        DID_COLLECT);
}

static void
cancel (World      *world,
        const char *order_id,
        gint64      version)
{
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"The patient left.\"}",
                     version);

  note (world, ld_lab_order_post (world->lab, world->lab->desk, order_id, "cancel", body),
        DID_CANCEL);
}

/* One random step on one random order, chosen by what the order allows. */
static void
step_on_order (World      *world,
               const char *order_id)
{
  g_autoptr(LdTestResponse) order = get_order (world, order_id);
  const char *lab_state = ld_test_response_get_string (order, "order.lab_state");
  const char *payment_state = ld_test_response_get_string (order, "order.payment_state");
  const char *holder = ld_test_response_get_string (order, "order.technician_id");
  gint64 version = ld_test_response_get_int (order, "order.version");
  int roll = g_rand_int_range (world->rand, 0, 100);

  if (g_str_equal (lab_state, "ordered") && holder == NULL)
    {
      if (roll < 75 && g_strcmp0 (payment_state, "paid") != 0)
        pay (world, order_id);
      else
        cancel (world, order_id, version);
    }
  else if (g_str_equal (lab_state, "ordered"))
    {
      if (roll < 45)
        collect (world, order_id, holder);
      else if (roll < 85)
        assign (world, order_id);
      else
        cancel (world, order_id, version);
    }
  else if (g_str_equal (lab_state, "collected") || g_str_equal (lab_state, "in_process"))
    {
      if (roll < 60)
        assign (world, order_id);
      else
        cancel (world, order_id, version);
    }
  /* Resulted, verified, reported, cancelled, expired: the release step
   * below takes orders through those. */
}

static void
release_new_order (World *world)
{
  g_ptr_array_add (world->orders, ld_test_order_released (world->lab, world->patient_id));
  world->done[DID_RELEASE]++;
}

static void
test_counters_follow_random_workload (void)
{
  g_autoptr(GError) error = NULL;
  guint64 seed = ld_test_env_number ("LABDESK_TEST_SEED", 36);
  guint n_steps = ld_test_env_number ("LABDESK_TEST_STEPS", 300);
  World world = { NULL };

  g_test_message ("seed %" G_GUINT64_FORMAT ", %u steps", seed, n_steps);
  world.rand = g_rand_new_with_seed ((guint32) seed);
  world.lab = ld_lab_new ();
  world.orders = g_ptr_array_new_with_free_func (g_free);
  world.technicians[0] = world.lab->technician_id;
  world.technicians[1] = world.lab->sunita_id;
  world.technicians[2] = world.lab->signatory_id;
  world.patient_id = ld_lab_new_patient (world.lab, "{\"name\": \"Kavya Iyer\", \"sex\": "
                                                    "\"female\", \"age_years\": 34,"
                                                    " \"phone\": \"9876543210\"}");
  world.location = ld_test_server_get_db_path (world.lab->server);
  world.store = ld_store_open_existing (world.location, TRUE, &error);
  g_assert_no_error (error);
  drop_order_time_triggers (&world);
  assert_counters_agree (&world, 0);

  for (guint step = 1; step <= n_steps; step++)
    {
      int roll = g_rand_int_range (world.rand, 0, 100);

      if (world.orders->len == 0 || roll < 25)
        create_order (&world);
      else if (roll < 28)
        release_new_order (&world);
      else
        step_on_order (&world,
                       g_ptr_array_index (world.orders,
                                          g_rand_int_range (world.rand, 0, world.orders->len)));

      if (step % CHECK_EVERY == 0)
        assert_counters_agree (&world, step);
    }
  assert_counters_agree (&world, n_steps);

  /* A workload that never moved an order would prove nothing. */
  for (guint i = 0; i < N_DID; i++)
    {
      g_test_message ("%s: %u", did_names[i], world.done[i]);
      g_assert_cmpuint (world.done[i], >, 0);
    }
  g_assert_cmpuint (world.n_checks, >, n_steps / CHECK_EVERY);
  g_assert_cmpuint (world.n_completed_checks, >, 0);
  assert_check_finds_order_time (&world);

  g_clear_pointer (&world.store, ld_store_close);
  g_ptr_array_unref (world.orders);
  g_free (world.patient_id);
  g_rand_free (world.rand);
  ld_lab_free (world.lab);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/technician-load/counters-follow-random-workload",
                   test_counters_follow_random_workload);

  return g_test_run ();
}
