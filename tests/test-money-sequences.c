/* test-money-sequences.c: the money rules over every order of requests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 35, item 2: the rules of docs/api.md ("Orders": payment state,
 * expiry; POST …/payments, …/refunds, …/cancel, PATCH /payments/{id})
 * must hold whatever the order of the requests. Each test here is a state
 * machine written from the page, not from our code: every sequence of
 * three of cash on collection, cash, card, UPI, an online attempt, its
 * success, its failure, a refund, a cancellation and expiry is played
 * against a new order, each answer's status compared with what the page
 * says, and the order's end state too; at most one money-taking attempt
 * ever succeeds. Once with every request to one server, once with them
 * alternating between two server processes on one PostgreSQL database;
 * and then two desks at once on the two servers, each with a way of
 * paying, of which exactly one may take the money.
 */

#include "config.h"

#include "ld-order-expiry.h"
#include "ld-server.h"
#include "ld-test-orders.h"
#include "ld-time.h"

#define SEQUENCE_LENGTH 3
/* CBC: 350.00, with the flat tax of 20.00. */
#define ORDER_ITEMS "[\"CBC\"]"

typedef enum
{
  ACT_COD,
  ACT_CASH,
  ACT_CARD,
  ACT_UPI,
  ACT_ONLINE,
  ACT_ONLINE_SUCCEEDS,
  ACT_ONLINE_FAILS,
  ACT_REFUND,
  ACT_CANCEL,
  ACT_EXPIRE,
  N_ACTS
} Act;

static const char * const act_names[N_ACTS] = { "cod",          "cash",   "card",
                                                "upi",          "online", "online-succeeds",
                                                "online-fails", "refund", "cancel",
                                                "expire" };

/* What docs/api.md says the order is. */
typedef struct
{
  gint64   total;
  gint64   paid;
  gint64   refunded;
  gboolean cod;
  gboolean online_pending;
  gboolean last_failed;
  gboolean cancelled;
  gboolean expired;
  char    *online_id;
  gint64   online_version;
} Model;

typedef struct
{
  /* In-process, on PostgreSQL: its expiry sweep is run from here. */
  LdTestServer *seed;
  LdTestServer *other;
  LdTestServer *servers[2];
  guint         n_servers;
  char         *desk;
  char         *patient_id;
  guint         next;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(LdTestResponse) patient = NULL;

  fx->n_servers = GPOINTER_TO_UINT (data);
  fx->seed = ld_test_server_new ();
  fx->servers[0] = fx->seed;
  if (fx->n_servers == 2)
    {
      fx->other = ld_test_server_spawn_beside (fx->seed, NULL, "other.log");
      fx->servers[1] = fx->other;
    }
  fx->desk = ld_test_login (fx->seed, "reception", LD_TEST_RECEPTION_PASSWORD);
  patient =
    ld_test_send_json (fx->seed, "POST", "/api/v1/patients", fx->desk,
                       "{\"name\": \"Meera Iyer\", \"sex\": \"female\", \"age_years\": 34}");
  ld_test_assert_status (patient, 201);
  fx->patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->other, ld_test_server_free);
  g_clear_pointer (&fx->seed, ld_test_server_free);
  g_clear_pointer (&fx->desk, g_free);
  g_clear_pointer (&fx->patient_id, g_free);
}

/* The next request's server: the same one, or each in turn. */
static LdTestServer *
next_server (Fixture *fx)
{
  return fx->servers[fx->next++ % fx->n_servers];
}

static LdTestResponse *
send (Fixture    *fx,
      const char *method,
      const char *path,
      const char *body)
{
  return ld_test_send_json (next_server (fx), method, path, fx->desk, body);
}

static char *
new_order (Fixture *fx,
           Model   *model)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": " ORDER_ITEMS "}", fx->patient_id);
  g_autoptr(LdTestResponse) resp = send (fx, "POST", "/api/v1/orders", body);

  ld_test_assert_status (resp, 201);
  *model = (Model){ .total = ld_test_response_get_int (resp, "order.total_paise") };
  g_assert_cmpint (model->total, >, 0);
  return g_strdup (ld_test_response_get_string (resp, "order.id"));
}

/* The other server process sweeps on its own timer, and while it does
 * this one skips its turn (ld_store_take_sweep_turn()) and would find the
 * order after the next minute; the test sweeps again until it has had
 * its turn, so that the sweep it asked for has run. */
static gboolean
expire_orders_cb (gpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean had_turn = FALSE;

  for (guint tries = 0; !had_turn; tries++)
    {
      g_assert_cmpuint (tries, <, 500);
      if (tries > 0)
        g_usleep (10 * 1000);
      g_assert_true (ld_order_expiry_sweep (ld_server_get_store (data), ld_time_now (), NULL,
                                            &had_turn, &error));
      g_assert_no_error (error);
    }
  return G_SOURCE_REMOVE;
}

/* Moves the order's deadline into the past and runs the sweep. */
static void
expire (Fixture    *fx,
        const char *order_id)
{
  g_autofree char *sql =
    g_strdup_printf ("UPDATE orders SET expires_us = expires_us - 49 * 3600000000"
                     " WHERE id = '%s' AND expires_us IS NOT NULL",
                     order_id);

  ld_test_sql_exec (fx->seed, sql);
  ld_test_server_invoke (fx->seed, expire_orders_cb, ld_test_server_get_server (fx->seed));
}

/* Whether the order may take a payment at all, and with what refusal. */
static guint
payable_status (const Model *model)
{
  if (model->expired)
    return 410;
  if (model->cancelled || model->paid > 0 || model->online_pending || model->cod)
    return 409;
  return 201;
}

static guint
expected_status (const Model *model,
                 Act          act)
{
  switch (act)
    {
    case ACT_COD:
    case ACT_CASH:
    case ACT_CARD:
    case ACT_UPI:
    case ACT_ONLINE:
      return payable_status (model);
    case ACT_ONLINE_SUCCEEDS:
    case ACT_ONLINE_FAILS:
      return model->online_pending ? 200 : 409;
    case ACT_REFUND:
      return model->paid - model->refunded >= model->total ? 201 : 422;
    case ACT_CANCEL:
      return !model->cancelled && !model->expired && model->paid == model->refunded &&
                 !model->online_pending
               ? 200
               : 409;
    case ACT_EXPIRE:
    case N_ACTS:
    default:
      g_assert_not_reached ();
    }
}

/* The model after an accepted @act. */
static void
model_accept (Model          *model,
              Act             act,
              LdTestResponse *resp)
{
  switch (act)
    {
    case ACT_COD:
      model->cod = TRUE;
      model->last_failed = FALSE;
      break;
    case ACT_CASH:
    case ACT_CARD:
    case ACT_UPI:
      model->paid = model->total;
      model->last_failed = FALSE;
      break;
    case ACT_ONLINE:
      model->online_pending = TRUE;
      model->last_failed = FALSE;
      g_free (model->online_id);
      model->online_id = g_strdup (ld_test_response_get_string (resp, "payment.id"));
      model->online_version = ld_test_response_get_int (resp, "payment.version");
      break;
    case ACT_ONLINE_SUCCEEDS:
      model->online_pending = FALSE;
      model->paid = model->total;
      break;
    case ACT_ONLINE_FAILS:
      model->online_pending = FALSE;
      model->last_failed = TRUE;
      break;
    case ACT_REFUND:
      model->refunded = model->total;
      break;
    case ACT_CANCEL:
      model->cancelled = TRUE;
      break;
    case ACT_EXPIRE:
    case N_ACTS:
    default:
      g_assert_not_reached ();
    }
}

static LdTestResponse *
request (Fixture     *fx,
         const char  *order_id,
         const Model *model,
         Act          act)
{
  g_autofree char *payments = g_strdup_printf ("/api/v1/orders/%s/payments", order_id);
  g_autofree char *body = NULL;

  switch (act)
    {
    case ACT_COD:
      return send (fx, "POST", payments, "{\"method\": \"cod\"}");
    case ACT_CASH:
      body = g_strdup_printf ("{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}",
                              model->total + 1000);
      return send (fx, "POST", payments, body);
    case ACT_CARD:
      return send (fx, "POST", payments, "{\"method\": \"card\", \"reference\": \"CARD-4411\"}");
    case ACT_UPI:
      return send (fx, "POST", payments, "{\"method\": \"upi\", \"reference\": \"UPI-981234\"}");
    case ACT_ONLINE:
      return send (fx, "POST", payments, "{\"method\": \"online\"}");
    case ACT_ONLINE_SUCCEEDS:
    case ACT_ONLINE_FAILS:
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/payments/%s", model->online_id);

        body = act == ACT_ONLINE_SUCCEEDS
                 ? g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"status\": \"succeeded\","
                                    " \"reference\": \"pay_29QQoUBi66xm2f\"}",
                                    model->online_version)
                 : g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"status\": \"failed\","
                                    " \"failure_reason\": \"insufficient funds\"}",
                                    model->online_version);
        return send (fx, "PATCH", path, body);
      }
    case ACT_REFUND:
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/refunds", order_id);

        body = g_strdup_printf ("{\"method\": \"cash\", \"amount_paise\": %" G_GINT64_FORMAT ","
                                " \"reason\": \"patient left\"}", model->total);
        return send (fx, "POST", path, body);
      }
    case ACT_CANCEL:
      {
        g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
        g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/cancel", order_id);
        g_autoptr(LdTestResponse) got = ld_test_get (next_server (fx), order_path, fx->desk);

        ld_test_assert_status (got, 200);
        body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"patient left\"}",
                                ld_test_response_get_int (got, "order.version"));
        return send (fx, "POST", path, body);
      }
    case ACT_EXPIRE:
    case N_ACTS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
expected_payment_state (const Model *model)
{
  if (model->refunded > 0 && model->refunded >= model->paid)
    return "refunded";
  if (model->paid >= model->total)
    return "paid";
  if (model->cancelled)
    return "cancelled";
  if (model->expired)
    return "expired";
  if (model->cod)
    return "cod_pending";
  if (model->last_failed)
    return "failed";
  return "pending";
}

static JsonObject *
order_object (LdTestResponse *resp)
{
  return json_object_get_object_member (ld_test_response_object (resp), "order");
}

/* The order's succeeded payments (refunds aside). */
static guint
count_taken (LdTestResponse *resp)
{
  JsonArray *payments = json_object_get_array_member (order_object (resp), "payments");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      JsonObject *payment = json_array_get_object_element (payments, i);

      if (g_str_equal (json_object_get_string_member (payment, "kind"), "payment") &&
          g_str_equal (json_object_get_string_member (payment, "status"), "succeeded"))
        n++;
    }
  return n;
}

static void
check_end (Fixture     *fx,
           const char  *order_id,
           const Model *model,
           const char  *sequence)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  const char *lab_state = model->cancelled ? "cancelled" : model->expired ? "expired" : "ordered";

  for (guint i = 0; i < fx->n_servers; i++)
    {
      g_autoptr(LdTestResponse) got = ld_test_get (fx->servers[i], path, fx->desk);

      ld_test_assert_status (got, 200);
      if (g_strcmp0 (ld_test_response_get_string (got, "order.payment_state"),
                     expected_payment_state (model)) != 0 ||
          g_strcmp0 (ld_test_response_get_string (got, "order.lab_state"), lab_state) != 0 ||
          ld_test_response_get_int (got, "order.balance_paise") !=
            (model->paid > 0 ? 0 : model->total) ||
          json_object_get_boolean_member (order_object (got), "online_payment_pending") !=
            model->online_pending)
        g_error ("%s: the order ends %s", sequence, got->body);
      /* Money is taken once, whatever came before. */
      if (count_taken (got) != (model->paid > 0 ? 1u : 0u))
        g_error ("%s: money taken %u times: %s", sequence, count_taken (got), got->body);
    }
}

static void
play (Fixture    *fx,
      const Act  *acts,
      guint       n_acts)
{
  g_autoptr(GString) sequence = g_string_new (NULL);
  g_autofree char *order_id = NULL;
  Model model;

  for (guint i = 0; i < n_acts; i++)
    g_string_append_printf (sequence, "%s%s", i ? ", " : "", act_names[acts[i]]);

  order_id = new_order (fx, &model);
  for (guint i = 0; i < n_acts; i++)
    {
      g_autoptr(LdTestResponse) resp = NULL;
      guint expected;

      if (acts[i] == ACT_EXPIRE)
        {
          expire (fx, order_id);
          /* Only an order waiting for money expires. */
          if (!model.cancelled && !model.expired && model.paid == 0 && !model.cod &&
              !model.online_pending)
            model.expired = TRUE;
          continue;
        }
      /* An outcome needs an online attempt to be for. */
      if ((acts[i] == ACT_ONLINE_SUCCEEDS || acts[i] == ACT_ONLINE_FAILS) &&
          model.online_id == NULL)
        continue;

      expected = expected_status (&model, acts[i]);
      resp = request (fx, order_id, &model, acts[i]);
      if (resp->status != expected)
        g_error ("%s: %s answered %u, not %u: %s", sequence->str, act_names[acts[i]],
                 resp->status, expected, resp->body);
      if (expected / 100 == 2)
        model_accept (&model, acts[i], resp);
      else
        g_assert_nonnull (ld_test_response_get_string (resp, "error.code"));
    }
  check_end (fx, order_id, &model, sequence->str);
  g_free (model.online_id);
}

static void
test_every_sequence (Fixture       *fx,
                     gconstpointer  data)
{
  guint n_sequences = 1;
  Act acts[SEQUENCE_LENGTH];

  for (guint i = 0; i < SEQUENCE_LENGTH; i++)
    n_sequences *= N_ACTS;

  for (guint n = 0; n < n_sequences; n++)
    {
      guint rest = n;

      for (guint i = 0; i < SEQUENCE_LENGTH; i++)
        {
          acts[i] = rest % N_ACTS;
          rest /= N_ACTS;
        }
      play (fx, acts, SEQUENCE_LENGTH);
    }
  g_test_message ("%u sequences on %u server(s)", n_sequences, fx->n_servers);
}

/* Two desks, two servers, one order, at once. */
typedef struct
{
  Fixture        *fx;
  const char     *order_id;
  Act             act;
  LdTestServer   *server;
  GMutex         *lock;
  GCond          *go;
  gboolean       *started;
  LdTestResponse *resp;
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk                     *desk = data;
  g_autofree char          *path = g_strdup_printf ("/api/v1/orders/%s/payments", desk->order_id);
  static const char * const bodies[] = { "{\"method\": \"cod\"}",
                                         "{\"method\": \"cash\", \"tendered_paise\": 100000}",
                                         "{\"method\": \"card\", \"reference\": \"CARD-4411\"}",
                                         "{\"method\": \"upi\", \"reference\": \"UPI-981234\"}",
                                         "{\"method\": \"online\"}" };

  g_mutex_lock (desk->lock);
  while (!*desk->started)
    g_cond_wait (desk->go, desk->lock);
  g_mutex_unlock (desk->lock);

  desk->resp = ld_test_send_json (desk->server, "POST", path, desk->fx->desk, bodies[desk->act]);
  return NULL;
}

static void
test_two_desks_at_once (Fixture       *fx,
                        gconstpointer  data)
{
  for (Act a = ACT_COD; a <= ACT_ONLINE; a++)
    for (Act b = ACT_COD; b <= ACT_ONLINE; b++)
      {
        g_autofree char *order_id = NULL;
        g_autofree char *sql = NULL;
        Model model;
        GMutex lock;
        GCond go;
        gboolean started = FALSE;
        Desk desks[2];
        GThread *threads[2];
        guint n_taken = 0;

        order_id = new_order (fx, &model);
        g_mutex_init (&lock);
        g_cond_init (&go);
        for (guint i = 0; i < 2; i++)
          {
            desks[i] =
              (Desk){ fx, order_id, i ? b : a, fx->servers[i], &lock, &go, &started, NULL };
            threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
          }
        g_mutex_lock (&lock);
        started = TRUE;
        g_cond_broadcast (&go);
        g_mutex_unlock (&lock);
        for (guint i = 0; i < 2; i++)
          {
            g_thread_join (threads[i]);
            if (desks[i].resp->status == 201)
              n_taken++;
            else
              ld_test_assert_error (desks[i].resp, 409, "conflict");
          }
        /* One attempt is taken; the other finds it and is refused. */
        if (n_taken != 1)
          g_error ("%s and %s at once: %u taken", act_names[a], act_names[b], n_taken);
        sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE order_id = '%s'", order_id);
        g_assert_cmpint (ld_test_server_query_int (fx->seed, sql), ==, 1);

        for (guint i = 0; i < 2; i++)
          ld_test_response_free (desks[i].resp);
        g_cond_clear (&go);
        g_mutex_clear (&lock);
      }
}

int
main (int   argc,
      char *argv[])
{
  /* The servers share one database in a cluster this process starts. */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/money-sequences/one-server", Fixture, GUINT_TO_POINTER (1), fixture_setup,
              test_every_sequence, fixture_teardown);
  g_test_add ("/money-sequences/two-servers", Fixture, GUINT_TO_POINTER (2), fixture_setup,
              test_every_sequence, fixture_teardown);
  g_test_add ("/money-sequences/two-desks-at-once", Fixture, GUINT_TO_POINTER (2), fixture_setup,
              test_two_desks_at_once, fixture_teardown);

  return g_test_run ();
}
