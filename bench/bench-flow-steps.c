/* bench-flow-steps.c: one client going through the whole lab flow
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each client is one thread with one keep-alive connection
 * (bench-http-client.c) and plays every role in turn, as the desk, the
 * bench and the signatory would on their own computers: book an order for
 * a demo patient, take cash, collect, receive each sample, read the
 * worksheet, enter and submit the values, verify them as a second
 * technician, release (the report's PDF is rendered then). Every POST
 * carries an Idempotency-Key, as the client sends one. Every answer's
 * status is checked: a step answered otherwise is an error, counted by
 * step and status, and ends its flow.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "bench-flow-steps.h"
#include "bench-http-client.h"
#include "ld-record-id.h"

/* clang-format off */
const char * const bench_step_names[BENCH_N_STEPS] = {
  "order", "pay", "collect", "receive", "worksheet", "results", "verify", "release"
};
/* clang-format on */

/* Normal values for every age and sex the demo's patients have (else a
 * flag, never a critical one), for tests on three different tubes. */
static const struct
{
  const char *code;
  const char *value;
} values[] = { { "GLUF", "92" },
               { "CREA", "0.90" },
               { "UREA", "30" },
               { "K", "4.2" },
               { "HB", "13.6" } };

/* Two or three tests an order, taken in turn. */
static const char * const carts[][3] = { { "GLUF", "CREA", NULL },
                                         { "UREA", "K", "HB" },
                                         { "GLUF", "K", "HB" } };

struct _BenchFlowClient
{
  BenchFlowShared *shared;
  guint            index;
  char            *base_uri;
  const BenchTokens *tokens;
  BenchConnection *connection;
  GString         *body;
  GRand           *rand;
  GArray          *ms[BENCH_N_STEPS];
  guint            n_flows;
  GHashTable      *errors;
  GHashTable      *examples;
};

BenchFlowClient *
bench_flow_client_new (BenchFlowShared   *shared,
                       guint              index,
                       const char        *base_uri,
                       const BenchTokens *tokens)
{
  BenchFlowClient *self = g_new0 (BenchFlowClient, 1);

  self->shared = shared;
  self->index = index;
  self->base_uri = g_strdup (base_uri);
  self->tokens = tokens;
  self->body = g_string_sized_new (16 * 1024);
  self->rand = g_rand_new_with_seed (36 + index);
  for (guint i = 0; i < BENCH_N_STEPS; i++)
    self->ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->examples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
bench_flow_client_free (BenchFlowClient *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->connection, bench_connection_free);
  g_string_free (self->body, TRUE);
  g_rand_free (self->rand);
  for (guint i = 0; i < BENCH_N_STEPS; i++)
    g_array_unref (self->ms[i]);
  g_hash_table_unref (self->errors);
  g_hash_table_unref (self->examples);
  g_free (self->base_uri);
  g_free (self);
}

static void
count_error (BenchFlowClient *self,
             BenchStep        step,
             guint            status,
             const char      *what)
{
  char *key = g_strdup_printf ("%s %u", bench_step_names[step], status);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->errors, key));

  if (!g_hash_table_contains (self->examples, key))
    g_hash_table_insert (self->examples, g_strdup (key), g_strndup (what, 300));
  g_hash_table_insert (self->errors, key, GUINT_TO_POINTER (n + 1));
}

/* Sends one request of @step and checks its status; the answer's root
 * object, or %NULL when the step failed (counted). */
static JsonObject *
call (BenchFlowClient *self,
      BenchStep        step,
      const char      *method,
      const char      *path,
      const char      *token,
      const char      *json,
      guint            expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = json != NULL ? ld_record_id_new () : NULL;
  guint status = 0;
  gint64 started;
  gint64 ended;

  if (self->connection == NULL &&
      (self->connection = bench_connection_new (self->base_uri, &error)) == NULL)
    {
      count_error (self, step, 0, error->message);
      return NULL;
    }

  started = g_get_monotonic_time ();
  if (!bench_connection_request (self->connection, method, path, token, key, json, &status,
                                 self->body, &error))
    {
      /* The next request makes a new connection. */
      g_clear_pointer (&self->connection, bench_connection_free);
      count_error (self, step, 0, error->message);
      return NULL;
    }
  ended = g_get_monotonic_time ();
  if (status != expected)
    {
      count_error (self, step, status, self->body->str);
      return NULL;
    }
  if (started >= self->shared->window_start && ended <= self->shared->window_end)
    {
      double ms = (ended - started) / 1000.0;

      g_array_append_val (self->ms[step], ms);
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, self->body->str, self->body->len, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      count_error (self, step, status, "the answer is not a JSON object");
      return NULL;
    }
  root = json_parser_steal_root (parser);
  return json_object_ref (json_node_get_object (root));
}

static const char *
value_of (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].code, code))
      return values[i].value;
  return NULL;
}

/* A member of the answer @object, or a counted error when it is missing. */
static JsonObject *
member (BenchFlowClient *self,
        BenchStep        step,
        JsonObject      *object,
        const char      *name)
{
  JsonNode *found;

  /* A failed call is counted already. */
  if (object == NULL)
    return NULL;
  found = json_object_get_member (object, name);
  if (found == NULL || !JSON_NODE_HOLDS_OBJECT (found))
    {
      count_error (self, step, 0, "the answer lacks a member the next step needs");
      return NULL;
    }
  return json_node_get_object (found);
}

static JsonArray *
array (BenchFlowClient *self,
       BenchStep        step,
       JsonObject      *object,
       const char      *name)
{
  JsonNode *found;

  if (object == NULL)
    return NULL;
  found = json_object_get_member (object, name);
  if (found == NULL || !JSON_NODE_HOLDS_ARRAY (found))
    {
      count_error (self, step, 0, "the answer lacks a list the next step needs");
      return NULL;
    }
  return json_node_get_array (found);
}

/* The "results" list: each result's code and version, with its value
 * when entering, with the telephone record of a critical one when
 * verifying. */
static char *
results_body (JsonArray *results,
              gboolean   entering)
{
  GString *body = g_string_new (entering ? "{\"submit\": true, \"results\": [" : "{\"results\": [");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *code = json_object_get_string_member_with_default (result, "test_code", "");
      const char *flag = json_object_get_string_member_with_default (result, "flag", NULL);

      g_string_append_printf (body, "%s{\"test_code\": \"%s\", \"version\": %" G_GINT64_FORMAT,
                              i > 0 ? ", " : "", code,
                              json_object_get_int_member_with_default (result, "version", 0));
      if (entering)
        g_string_append_printf (body, ", \"value\": \"%s\"",
                                value_of (code) ? value_of (code) : "1");
      else if (g_strcmp0 (flag, "critical_low") == 0 || g_strcmp0 (flag, "critical_high") == 0)
        g_string_append_printf (body, ", \"critical_call\": {\"name\": \"Dr. Arjun Mehta\","
                                " \"role\": \"ordering doctor\", \"called_at\": \"%s\","
                                " \"read_back\": true}",
                                json_object_get_string_member_with_default (result, "entered_at",
                                                                            ""));
      g_string_append_c (body, '}');
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

/* One order from the desk to its released report; whether it got there. */
static gboolean
run_flow (BenchFlowClient *self)
{
  const BenchTokens *t = self->tokens;
  GPtrArray *patients = self->shared->patient_ids;
  const char * const *cart = carts[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (carts))];
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *order_path = NULL;
  g_autofree char *order_id = NULL;
  JsonObject *order;
  JsonArray *list;

  g_string_printf (body, "{\"patient_id\": \"%s\", \"items\": [",
                   (const char *) g_ptr_array_index (patients, g_rand_int_range (self->rand, 0,
                                                                                 patients->len)));
  for (guint i = 0; i < 3 && cart[i] != NULL; i++)
    g_string_append_printf (body, "%s\"%s\"", i > 0 ? ", " : "", cart[i]);
  g_string_append (body, "]}");
  answer = call (self, BENCH_STEP_ORDER, "POST", "/api/v1/orders", t->desk, body->str, 201);
  if ((order = member (self, BENCH_STEP_ORDER, answer, "order")) == NULL)
    return FALSE;
  order_id = g_strdup (json_object_get_string_member_with_default (order, "id", ""));
  order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);

  g_string_printf (body, "{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}",
                   json_object_get_int_member_with_default (order, "balance_paise", 0));
  g_clear_pointer (&answer, json_object_unref);
  g_string_printf (path, "%s/payments", order_path);
  answer = call (self, BENCH_STEP_PAY, "POST", path->str, t->desk, body->str, 201);
  if (answer == NULL)
    return FALSE;

  g_clear_pointer (&answer, json_object_unref);
  g_string_printf (path, "%s/collect", order_path);
  answer = call (self, BENCH_STEP_COLLECT, "POST", path->str, t->technician,
                 "{\"location\": \"Collection room 1\"}", 201);
  if ((list = array (self, BENCH_STEP_COLLECT, answer, "samples")) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject      *sample = json_array_get_object_element (list, i);
      g_autofree char *custody =
        g_strdup_printf ("/api/v1/samples/%s/custody",
                         json_object_get_string_member_with_default (sample, "id", ""));
      g_autoptr(JsonObject) received = NULL;

      g_string_printf (body, "{\"version\": %" G_GINT64_FORMAT ", \"event\": \"received\","
                       " \"location\": \"Bench 1\"}",
                       json_object_get_int_member_with_default (sample, "version", 0));
      received = call (self, BENCH_STEP_RECEIVE, "POST", custody, t->technician, body->str, 200);
      if (received == NULL)
        return FALSE;
    }

  /* The worksheet gives each result's version, as the form reads it. */
  g_clear_pointer (&answer, json_object_unref);
  g_string_printf (path, "%s/results", order_path);
  answer = call (self, BENCH_STEP_WORKSHEET, "GET", path->str, t->technician, NULL, 200);
  if ((list = array (self, BENCH_STEP_WORKSHEET, answer, "items")) == NULL)
    return FALSE;
  {
    g_autofree char *entered = results_body (list, TRUE);

    g_clear_pointer (&answer, json_object_unref);
    g_string_printf (path, "%s/results", order_path);
    answer = call (self, BENCH_STEP_RESULTS, "POST", path->str, t->technician, entered, 200);
  }
  if ((list = array (self, BENCH_STEP_RESULTS, answer, "results")) == NULL)
    return FALSE;
  {
    g_autofree char *checked = results_body (list, FALSE);

    g_clear_pointer (&answer, json_object_unref);
    g_string_printf (path, "%s/verify", order_path);
    answer = call (self, BENCH_STEP_VERIFY, "POST", path->str, t->verifier, checked, 200);
  }
  if ((order = member (self, BENCH_STEP_VERIFY, answer, "order")) == NULL)
    return FALSE;

  g_string_printf (body, "{\"version\": %" G_GINT64_FORMAT "}",
                   json_object_get_int_member_with_default (order, "version", 0));
  g_clear_pointer (&answer, json_object_unref);
  g_string_printf (path, "%s/release", order_path);
  answer = call (self, BENCH_STEP_RELEASE, "POST", path->str, t->signatory, body->str, 201);
  return answer != NULL;
}

gpointer
bench_flow_client_run (gpointer data)
{
  BenchFlowClient *self = data;

  while (g_get_monotonic_time () < self->shared->window_end)
    {
      gboolean released = run_flow (self);
      gint64 now = g_get_monotonic_time ();

      if (!released)
        continue;
      g_atomic_int_inc (&self->shared->n_released);
      if (now >= self->shared->window_start && now <= self->shared->window_end)
        self->n_flows++;
    }
  return NULL;
}

void
bench_flow_client_take_ms (BenchFlowClient *self,
                           BenchStep        step,
                           GArray          *ms)
{
  g_array_append_vals (ms, self->ms[step]->data, self->ms[step]->len);
}

guint
bench_flow_client_flows (BenchFlowClient *self)
{
  return self->n_flows;
}

void
bench_flow_client_take_errors (BenchFlowClient *self,
                               GHashTable      *errors,
                               GHashTable      *examples)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (errors, key));

      g_hash_table_insert (errors, g_strdup (key), GUINT_TO_POINTER (n + GPOINTER_TO_UINT (value)));
      if (!g_hash_table_contains (examples, key))
        g_hash_table_insert (examples, g_strdup (key),
                             g_strdup (g_hash_table_lookup (self->examples, key)));
    }
}
