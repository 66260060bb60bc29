/* test-store-money.c: twenty desks paying one order record one payment
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A payment's handler reads the order, checks its balance and inserts the
 * payment in one write transaction. On SQLite the write transaction is
 * the only one; on PostgreSQL every connection may write at once, and
 * only the order's row held by ld_store_orders_get() (ld-store-writers.c)
 * keeps two of them from both finding the order unpaid (issue 19). Here
 * twenty threads, each with a store of its own as a server process has,
 * do what the handler does at once, on the fixture's database: SQLite, or
 * PostgreSQL under LABDESK_TEST_DB=postgresql. A desk told to try again
 * (busy, or a deadlock PostgreSQL broke) tries again, as the client does.
 */

#define G_LOG_DOMAIN "test-store-money"

#include "config.h"

#include "ld-order.h"
#include "ld-test-orders.h"
#include "store/ld-store.h"
#include "store/ld-store-orders.h"

#define N_DESKS 20

typedef struct
{
  const char *location;
  const char *order_id;
  GMutex      lock;
  GCond       go;
  gboolean    started;
  guint       n_paid;
  guint       n_refused;
} Race;

/* What the handler does: read the order, pay its balance if it has one.
 * Returns FALSE when the desk is told to try again. */
static gboolean
pay_if_due (Race     *race,
            LdStore  *store,
            gboolean *out_paid,
            GError  **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdPayment) payment = NULL;
  gint64 due;

  if (!ld_store_transaction_begin (&txn, store, error) ||
      (order = ld_store_orders_get (store, race->order_id, error)) == NULL)
    return FALSE;
  due = ld_order_get_balance (order);
  *out_paid = due > 0;
  if (due > 0)
    {
      payment = ld_payment_new ();
      payment->id = g_uuid_string_random ();
      payment->order_id = g_strdup (race->order_id);
      payment->kind = g_strdup ("payment");
      payment->method = g_strdup ("cash");
      payment->status = g_strdup ("succeeded");
      payment->amount_paise = due;
      payment->tendered_paise = due;
      payment->change_paise = 0;
      if (!ld_store_payments_insert (store, payment, error))
        return FALSE;
    }
  return ld_store_transaction_commit (&txn, error);
}

static gpointer
desk_thread (gpointer data)
{
  Race *race = data;
  g_autoptr(GError) error = NULL;
  LdStore *store = ld_store_open_existing (race->location, FALSE, &error);
  gboolean paid = FALSE;

  g_assert_no_error (error);
  g_mutex_lock (&race->lock);
  while (!race->started)
    g_cond_wait (&race->go, &race->lock);
  g_mutex_unlock (&race->lock);

  while (!pay_if_due (race, store, &paid, &error))
    {
      g_assert_true (g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_BUSY) ||
                     g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_RETRY));
      g_clear_error (&error);
    }

  g_mutex_lock (&race->lock);
  if (paid)
    race->n_paid++;
  else
    race->n_refused++;
  g_mutex_unlock (&race->lock);
  ld_store_close (store);
  return NULL;
}

static void
test_one_payment (LdOrderFixture *fx,
                  gconstpointer   data)
{
  g_autofree char *order_id = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  Race race = { ld_test_server_get_db_path (fx->server), order_id };
  GThread *desks[N_DESKS];

  g_mutex_init (&race.lock);
  g_cond_init (&race.go);
  for (guint i = 0; i < N_DESKS; i++)
    desks[i] = g_thread_new ("desk", desk_thread, &race);
  g_mutex_lock (&race.lock);
  race.started = TRUE;
  g_cond_broadcast (&race.go);
  g_mutex_unlock (&race.lock);
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (desks[i]);

  g_assert_cmpuint (race.n_paid, ==, 1);
  g_assert_cmpuint (race.n_refused, ==, N_DESKS - 1);
  /* What the server reads back: one payment, the order paid. */
  {
    g_autoptr(LdTestResponse) resp = ld_test_get_order (fx, order_id);
    JsonObject *order = json_object_get_object_member (ld_test_response_object (resp), "order");

    g_assert_cmpstr (json_object_get_string_member (order, "payment_state"), ==, "paid");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (order, "payments")),
                      ==, 1);
  }
  g_cond_clear (&race.go);
  g_mutex_clear (&race.lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/money/twenty-desks-one-payment", LdOrderFixture, NULL,
              ld_order_fixture_setup, test_one_payment, ld_order_fixture_teardown);

  return g_test_run ();
}
