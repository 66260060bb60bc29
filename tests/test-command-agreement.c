/* test-command-agreement.c: the client's door and the server agree
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generated cases, seeded and reproducible: a real server with a pool of
 * orders walked to random states (unpaid near or past their deadline,
 * cash on collection, an online payment in flight, paid, partly refunded,
 * collected, received, entered, verified, released, cancelled), actors of
 * every role and combination, signatories or not. For each case the
 * client's door (ld_session_check() on a real LdSession signed in as the
 * actor, the records read from the server's answers by the shared
 * readers) says whether the command would be accepted; the server is then
 * asked for real, over HTTP, as the same user. Both must say the same,
 * and refuse with the same code. Accepted commands change the records, so
 * the pool wanders on through states as the run goes.
 *
 *   LABDESK_AGREEMENT_SEED   the seed (default 20261125)
 *   LABDESK_AGREEMENT_CASES  how many cases (default 1000: some three to
 *                            five minutes under ASan on a busy machine)
 */

#include "config.h"

#include "ld-command.h"
#include "ld-command-records.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-session.h"
#include "ld-test-client.h"
#include "ld-test-lab.h"
#include "ld-test-orders.h"
#include "ld-time.h"

#define DEFAULT_SEED  20261125
#define DEFAULT_CASES 1000
#define POOL_SIZE     18
/* The commands on orders, samples, results and patients that the pool
 * exercises; an appointment's moves are ld_appointment_check()'s, the
 * one function both doors call, and test-commands covers them. */
#define ORDER_COMMANDS_N (LD_COMMAND_SAMPLE_DISPOSE + 1)
#define PASSWORD      "agreement-password-1"
/* The sign-ins the server runs at once for one address (ld-server.c). */
#define BATCH         4

typedef struct
{
  const char *username;
  LdRole      roles;
  gboolean    signatory;
  char       *id;
  char       *token;
  LdApiClient *api;
  LdSession  *session;
} Actor;

/* clang-format off */
static Actor actors[] = {
  { "agr-r",    LD_ROLE_RECEPTION, FALSE },
  { "agr-d",    LD_ROLE_DOCTOR, FALSE },
  { "agr-t",    LD_ROLE_TECHNICIAN, FALSE },
  { "agr-ts",   LD_ROLE_TECHNICIAN, TRUE },
  { "agr-a",    LD_ROLE_ADMIN, FALSE },
  { "agr-as",   LD_ROLE_ADMIN, TRUE },
  { "agr-rd",   LD_ROLE_RECEPTION | LD_ROLE_DOCTOR, FALSE },
  { "agr-rt",   LD_ROLE_RECEPTION | LD_ROLE_TECHNICIAN, FALSE },
  { "agr-dts",  LD_ROLE_DOCTOR | LD_ROLE_TECHNICIAN, TRUE },
  { "agr-ta",   LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN, FALSE },
  { "agr-ra",   LD_ROLE_RECEPTION | LD_ROLE_ADMIN, FALSE },
  { "agr-all",  LD_ROLE_ALL, TRUE },
};
/* clang-format on */

/* The doctor the pool's prescriptions are for: agr-d. */
#define ORDERING_DOCTOR 1

static const char * const tests[] = { "HB", "GLUF", "TSH" };
/* Ordinary values, none critical, two per test so an amendment changes one. */
static const char * const values[][2] = { { "13.1", "12.4" }, { "88", "94" }, { "2.1", "3.4" } };

/* A pool order and its records as last read: a refused command changes
 * nothing, so they are read again only after an accepted one, or when
 * the expiry sweep may have moved the order. */
typedef struct
{
  char     *order_id;
  JsonNode *order;
  JsonNode *results;
  JsonNode *samples;
} Slot;

typedef struct
{
  LdLab   *lab;
  GRand   *rand;
  Slot     pool[POOL_SIZE];
  GPtrArray *alerts;
  JsonNode *alert_list;
  gboolean allow_self_verification;
  guint    n_cases[LD_COMMAND_N];
  guint    n_accepted[LD_COMMAND_N];
  guint    n_disagreed[LD_COMMAND_N];
  guint    n_patients;
} Run;

/* One case: the records as the client read them, and the request. */
typedef struct
{
  LdCommandKind kind;
  Actor        *actor;
  Slot         *slot;
  JsonNode     *order_node;
  JsonNode     *results_node;
  JsonNode     *samples_node;
  LdOrder      *order;
  GPtrArray    *results;
  GPtrArray    *samples;
  LdAlert      *alert;
  JsonObject   *result_json;
  JsonObject   *sample_json;
  char         *path;
  char         *body;
  const char   *method;
  LdCommandTarget target;
} Case;

static void
slot_forget (Slot *slot)
{
  g_clear_pointer (&slot->order, json_node_unref);
  g_clear_pointer (&slot->results, json_node_unref);
  g_clear_pointer (&slot->samples, json_node_unref);
}

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->order_node, json_node_unref);
  g_clear_pointer (&c->results_node, json_node_unref);
  g_clear_pointer (&c->samples_node, json_node_unref);
  g_clear_pointer (&c->order, ld_order_free);
  g_clear_pointer (&c->results, g_ptr_array_unref);
  g_clear_pointer (&c->samples, g_ptr_array_unref);
  g_clear_pointer (&c->alert, ld_alert_free);
  g_clear_pointer (&c->path, g_free);
  g_clear_pointer (&c->body, g_free);
}

static LdTestResponse *
send (Run        *run,
      const char *method,
      const char *token,
      const char *path,
      const char *body)
{
  return ld_test_send_json (run->lab->server, method, path, token, body);
}

static LdTestResponse *
send_ok (Run        *run,
         const char *token,
         const char *path,
         const char *body)
{
  LdTestResponse *resp = send (run, "POST", token, path, body);

  if (resp->status >= 300)
    g_error ("POST %s %s: %u %s", path, body, resp->status, resp->body);
  return resp;
}

static JsonNode *
get_node (Run        *run,
          const char *path,
          const char *member)
{
  g_autoptr(LdTestResponse) resp = ld_test_get (run->lab->server, path, run->lab->admin);
  JsonNode *node;

  ld_test_assert_status (resp, 200);
  node = json_object_get_member (ld_test_response_object (resp), member);
  g_assert_nonnull (node);
  return json_node_copy (node);
}

static JsonNode *
get_order (Run        *run,
           const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);

  return get_node (run, path, "order");
}

static JsonNode *
get_results (Run        *run,
             const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/results", order_id);

  return get_node (run, path, "items");
}

static JsonNode *
get_samples (Run        *run,
             const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);

  return get_node (run, path, "items");
}

static guint
pick (Run   *run,
      guint  n)
{
  return (guint) g_rand_int_range (run->rand, 0, (gint32) n);
}

static gboolean
chance (Run    *run,
        double  p)
{
  return g_rand_double (run->rand) < p;
}

static const char *
value_for (const char *code,
           guint       which)
{
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    if (g_str_equal (tests[i], code))
      return values[i][which];
  g_assert_not_reached ();
}

/* A new patient, for each order: no earlier value to make a delta. */
static char *
new_patient (Run *run)
{
  guint n = ++run->n_patients;
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Agreement Patient %u\", \"sex\": \"%s\","
                                           " \"age_years\": %u}",
                                           n, n % 2 ? "female" : "male", 20 + n % 50);
  g_autoptr(LdTestResponse) resp = send_ok (run, run->lab->desk, "/api/v1/patients", body);

  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

static char *
new_order (Run        *run,
           const char *items_json,
           gboolean    by_doctor)
{
  g_autofree char *patient_id = new_patient (run);
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": %s}", patient_id, items_json);
  g_autoptr(LdTestResponse) resp =
               send_ok (run, by_doctor ? actors[ORDERING_DOCTOR].token : run->lab->desk,
                        "/api/v1/orders", body);

  return g_strdup (ld_test_response_get_string (resp, "order.id"));
}

static char *
random_items (Run *run)
{
  g_autoptr(GString) items = g_string_new ("[");
  guint mask = 1 + pick (run, 7);

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    if (mask & (1u << i))
      g_string_append_printf (items, "%s\"%s\"", items->len > 1 ? ", " : "", tests[i]);
  g_string_append (items, "]");
  return g_string_free (g_steal_pointer (&items), FALSE);
}

static void
order_post (Run        *run,
            const char *token,
            const char *order_id,
            const char *action,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/%s", order_id, action);
  g_autoptr(LdTestResponse) resp = send_ok (run, token, path, body);
}

static void
receive_all (Run        *run,
             const char *order_id)
{
  g_autoptr(JsonNode) samples = get_samples (run, order_id);
  JsonArray *items = json_node_get_array (samples);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *sample = json_array_get_object_element (items, i);
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autoptr(LdTestResponse) resp = NULL;

      if (!g_str_equal (json_object_get_string_member (sample, "state"), "collected"))
        continue;
      path = g_strdup_printf ("/api/v1/samples/%s/custody",
                              json_object_get_string_member (sample, "id"));
      body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"received\"}",
                              json_object_get_int_member (sample, "version"));
      resp = send_ok (run, run->lab->technician, path, body);
    }
}

/* Saves (submitted) or verifies every result of @order_id still pending
 * or entered, each with a chance @p. */
static void
work_results (Run        *run,
              const char *order_id,
              gboolean    verify,
              double      p)
{
  g_autoptr(JsonNode) results = get_results (run, order_id);
  JsonArray *items = json_node_get_array (results);
  g_autoptr(GString) body =
               g_string_new (verify ? "{\"results\": [" : "{\"submit\": true, \"results\": [");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *result = json_array_get_object_element (items, i);
      const char *state = json_object_get_string_member (result, "state");
      const char *code = json_object_get_string_member (result, "test_code");

      if (!g_str_equal (state, verify ? "entered" : "pending") || !chance (run, p))
        continue;
      g_string_append_printf (body, "%s{\"test_code\": \"%s\", \"version\": %" G_GINT64_FORMAT,
                              n++ ? ", " : "", code,
                              json_object_get_int_member (result, "version"));
      if (!verify)
        g_string_append_printf (body, ", \"value\": \"%s\"", value_for (code, 0));
      g_string_append (body, "}");
    }
  g_string_append (body, "]}");
  if (n > 0)
    order_post (run, verify ? run->lab->sunita : run->lab->technician, order_id,
                verify ? "verify" : "results", body->str);
}

/* A new order of the pool, walked to a random stage as the lab would. */
static char *
new_pool_order (Run *run)
{
  g_autofree char *items = random_items (run);
  char *order_id = new_order (run, items, chance (run, 0.6));
  guint stage = pick (run, 12);
  g_autoptr(JsonNode) order = NULL;

  switch (stage)
    {
    case 0:  /* unpaid */
    case 1:
      return order_id;
    case 2:  /* cash on collection */
      order_post (run, run->lab->desk, order_id, "payments", "{\"method\": \"cod\"}");
      return order_id;
    case 3:  /* an online payment in flight */
      order_post (run, run->lab->desk, order_id, "payments", "{\"method\": \"online\"}");
      return order_id;
    case 4:  /* cancelled */
      order = get_order (run, order_id);
      {
        g_autofree char *body =
          g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Left\"}",
                           json_object_get_int_member (json_node_get_object (order), "version"));

        order_post (run, run->lab->desk, order_id, "cancel", body);
      }
      return order_id;
    default:
      break;
    }

  order_post (run, run->lab->desk, order_id, "payments",
              "{\"method\": \"card\", \"reference\": \"T-1\"}");
  if (stage == 5)
    {
      order_post (run, run->lab->desk, order_id, "refunds",
                  "{\"method\": \"cash\", \"amount_paise\": 100, \"reason\": \"Overcharged\"}");
      return order_id;
    }
  if (stage == 6)
    return order_id;

  order_post (run, run->lab->technician, order_id, "collect", "{\"location\": \"Room 1\"}");
  if (stage == 7)
    return order_id;
  receive_all (run, order_id);
  if (stage == 8)
    return order_id;
  work_results (run, order_id, FALSE, stage == 9 ? 0.6 : 1.0);
  if (stage == 9)
    return order_id;
  work_results (run, order_id, TRUE, stage == 10 ? 0.6 : 1.0);
  if (stage == 10)
    return order_id;

  order = get_order (run, order_id);
  if (g_str_equal (json_object_get_string_member (json_node_get_object (order), "lab_state"),
                   "verified"))
    {
      g_autofree char *body =
        g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                         json_object_get_int_member (json_node_get_object (order), "version"));

      order_post (run, run->lab->signatory, order_id, "release", body);
    }
  return order_id;
}

/* Orders whose critical value was verified: each raises an alert, for
 * the ordering doctor or, with none, for the administrators. */
static void
make_alerts (Run *run)
{
  g_autoptr(JsonNode) listed = NULL;
  JsonArray *items;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *order_id = new_order (run, "[\"K\"]", i % 2 == 0);
      g_autoptr(JsonNode) results = NULL;
      JsonObject *result;
      g_autofree char *body = NULL;
      g_autofree char *now = NULL;

      order_post (run, run->lab->desk, order_id, "payments",
                  "{\"method\": \"card\", \"reference\": \"T-2\"}");
      order_post (run, run->lab->technician, order_id, "collect", "{}");
      receive_all (run, order_id);
      results = get_results (run, order_id);
      result = json_array_get_object_element (json_node_get_array (results), 0);
      body = g_strdup_printf (
        "{\"submit\": true, \"results\": [{\"test_code\": \"K\", \"version\": %" G_GINT64_FORMAT
        ", \"value\": \"7.1\"}]}",
        json_object_get_int_member (result, "version"));
      order_post (run, run->lab->technician, order_id, "results", body);
      g_clear_pointer (&results, json_node_unref);
      results = get_results (run, order_id);
      result = json_array_get_object_element (json_node_get_array (results), 0);
      g_free (body);
      /* The call is made once the value is in: a call before it is refused
       * (taken earlier, a busy machine's slow steps made it so). */
      now = ld_time_format_rfc3339 (g_get_real_time ());
      body = g_strdup_printf (
        "{\"results\": [{\"test_code\": \"K\", \"version\": %" G_GINT64_FORMAT ","
        " \"critical_call\": {\"name\": \"Dr. Arjun Mehta\", \"role\": \"ordering doctor\","
        " \"called_at\": \"%s\", \"read_back\": true}}]}",
        json_object_get_int_member (result, "version"), now);
      order_post (run, run->lab->sunita, order_id, "verify", body);
    }

  listed = get_node (run, "/api/v1/alerts?state=all", "items");
  items = json_node_get_array (listed);
  run->alerts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (run->alerts,
                     g_strdup (
                       json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "id")));
  g_assert_cmpuint (run->alerts->len, >=, 4);
}

static JsonObject *
find_alert (Run        *run,
            const char *alert_id,
            JsonNode  **out_node)
{
  JsonArray *items;

  if (run->alert_list == NULL)
    run->alert_list = get_node (run, "/api/v1/alerts?state=all", "items");
  items = json_node_get_array (run->alert_list);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *alert = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (alert, "id"), alert_id))
        {
          *out_node = json_node_copy (json_array_get_element (items, i));
          return json_node_get_object (*out_node);
        }
    }
  g_assert_not_reached ();
}

static char *
random_uuid (Run *run)
{
  return g_strdup_printf ("%08x-0000-4000-8000-%012x", g_rand_int (run->rand),
                          pick (run, 1u << 30));
}

/* Which records a command reads. */
static gboolean
needs_results (LdCommandKind kind)
{
  return kind == LD_COMMAND_SAMPLE_REJECT || kind == LD_COMMAND_RESULT_SAVE ||
         kind == LD_COMMAND_RESULT_CANCEL || kind == LD_COMMAND_RESULT_RETURN ||
         kind == LD_COMMAND_RESULT_VERIFY || kind == LD_COMMAND_REPORT_RELEASE ||
         kind == LD_COMMAND_RESULT_AMEND;
}

static gboolean
needs_samples (LdCommandKind kind)
{
  return kind == LD_COMMAND_SAMPLE_COLLECT || kind == LD_COMMAND_SAMPLE_RECEIVE ||
         kind == LD_COMMAND_SAMPLE_REJECT || kind == LD_COMMAND_SAMPLE_STORE ||
         kind == LD_COMMAND_SAMPLE_DISPOSE || kind == LD_COMMAND_RESULT_SAVE ||
         kind == LD_COMMAND_RESULT_VERIFY || kind == LD_COMMAND_REPORT_RELEASE;
}

/* Sets an unpaid order's deadline just before or after now, or far. */
static void
move_deadline (Run        *run,
               const char *order_id)
{
  static const gint64 offsets_s[] = { -86400, -60, -2, 30, 3600 };
  gint64              expires_us =
    g_get_real_time () + offsets_s[pick (run, G_N_ELEMENTS (offsets_s))] * G_USEC_PER_SEC;
  g_autofree char *sql =
    g_strdup_printf ("UPDATE orders SET expires_us = %" G_GINT64_FORMAT " WHERE id = '%s'",
                     expires_us, order_id);

  ld_test_sql_exec (run->lab->server, sql);
}

static JsonObject *
random_element (Run      *run,
                JsonNode *array_node)
{
  JsonArray *array = json_node_get_array (array_node);
  guint n = json_array_get_length (array);

  return n > 0 ? json_array_get_object_element (array, pick (run, n)) : NULL;
}

static const LdResult *
find_result (GPtrArray  *results,
             const char *id)
{
  for (guint i = 0; id != NULL && i < results->len; i++)
    if (g_strcmp0 (((LdResult *) g_ptr_array_index (results, i))->id, id) == 0)
      return g_ptr_array_index (results, i);
  return NULL;
}

static const LdSample *
find_sample (GPtrArray  *samples,
             const char *id)
{
  for (guint i = 0; id != NULL && i < samples->len; i++)
    if (g_strcmp0 (((LdSample *) g_ptr_array_index (samples, i))->id, id) == 0)
      return g_ptr_array_index (samples, i);
  return NULL;
}

/* The lab states in which a command can go through: half the cases aim
 * at an order in one of them (among those already read), so the pool's
 * drift toward dead ends does not starve the accepted paths. */
static const char * const *
aim_of (LdCommandKind kind)
{
  static const char * const ordered[] = { "ordered", NULL };
  static const char * const bench[] = { "collected", "in_process", NULL };
  static const char * const kept[] = { "in_process", "resulted", "verified", "reported", NULL };
  static const char * const entry[] = { "collected", "in_process", "resulted", NULL };
  static const char * const checked[] = { "resulted", "verified", NULL };
  static const char * const verified[] = { "verified", NULL };
  static const char * const reported[] = { "reported", NULL };
  static const char * const paid[] = { "ordered", "collected", "in_process", "cancelled", NULL };

  switch (kind)
    {
    case LD_COMMAND_PAYMENT_TAKE:
    case LD_COMMAND_ORDER_CANCEL:
    case LD_COMMAND_SAMPLE_COLLECT:
      return ordered;
    case LD_COMMAND_PAYMENT_REFUND:
      return paid;
    case LD_COMMAND_SAMPLE_RECEIVE:
    case LD_COMMAND_SAMPLE_REJECT:
      return bench;
    case LD_COMMAND_SAMPLE_STORE:
    case LD_COMMAND_SAMPLE_DISPOSE:
      return kept;
    case LD_COMMAND_RESULT_SAVE:
    case LD_COMMAND_RESULT_CANCEL:
    case LD_COMMAND_RESULT_VERIFY:
      return entry;
    case LD_COMMAND_RESULT_RETURN:
      return checked;
    case LD_COMMAND_REPORT_RELEASE:
      return verified;
    case LD_COMMAND_RESULT_AMEND:
      return reported;
    default:
      return NULL;
    }
}

static guint
pick_slot (Run           *run,
           LdCommandKind  kind)
{
  const char * const *aim = aim_of (kind);
  guint start = pick (run, POOL_SIZE);

  if (aim != NULL && chance (run, 0.5))
    for (guint i = 0; i < POOL_SIZE; i++)
      {
        Slot *slot = &run->pool[(start + i) % POOL_SIZE];

        if (slot->order != NULL &&
            g_strv_contains (aim, json_object_get_string_member (json_node_get_object (slot->order),
                                                                 "lab_state")))
          return (start + i) % POOL_SIZE;
      }

  return start;
}

/* Half the actors are drawn among those the command's roles let in. */
static Actor *
pick_actor (Run           *run,
            LdCommandKind  kind)
{
  const LdCommandInfo *info = ld_command_get_info (kind);
  Actor *fit[G_N_ELEMENTS (actors)];
  guint n = 0;

  if (chance (run, 0.5))
    return &actors[pick (run, G_N_ELEMENTS (actors))];

  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    if ((actors[i].roles & info->roles) != 0 &&
        ((info->flags & LD_COMMAND_FLAG_NEEDS_SIGNATORY) == 0 || actors[i].signatory))
      fit[n++] = &actors[i];

  return fit[pick (run, n)];
}

/* Reads the records (once, see Slot) and picks the request. */
static void
prepare (Run  *run,
         Case *c)
{
  guint slot = pick_slot (run, c->kind);
  const char *order_id;
  gboolean missing = chance (run, 0.04);
  JsonObject *order;
  gint64 version;
  const char *lab_state;

  c->method = ld_command_get_info (c->kind)->method;

  if (c->kind == LD_COMMAND_PATIENT_REGISTER)
    {
      c->path = g_strdup ("/api/v1/patients");
      c->body = g_strdup_printf ("{\"name\": \"Walk In %u\", \"sex\": \"male\", \"age_years\": 41}",
                                 ++run->n_patients);
      return;
    }
  if (c->kind == LD_COMMAND_ALERT_ACKNOWLEDGE)
    {
      const char *alert_id = g_ptr_array_index (run->alerts, pick (run, run->alerts->len));
      JsonObject *alert;

      if (missing)
        {
          g_autofree char *id = random_uuid (run);

          c->path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge", id);
          c->body = g_strdup ("{\"version\": 1}");
          return;
        }
      alert = find_alert (run, alert_id, &c->order_node);
      c->alert = ld_command_read_alert (alert);
      c->target.alert = c->alert;
      c->path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge", alert_id);
      c->body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}", c->alert->version);
      return;
    }

  /* A dead order gives way to a new one now and then. */
  c->slot = &run->pool[slot];
  if (c->slot->order != NULL)
    {
      const char *expires =
        ld_json_object_get_string (json_node_get_object (c->slot->order), "expires_at");
      gint64 expires_us = 0;

      /* Waiting for money and near its deadline, or past it: the sweep
       * may have expired it since. */
      if (expires != NULL && ld_time_parse_rfc3339 (expires, &expires_us) &&
          expires_us <= g_get_real_time () + 10 * G_USEC_PER_SEC)
        g_clear_pointer (&c->slot->order, json_node_unref);
    }
  if (c->slot->order == NULL)
    c->slot->order = get_order (run, c->slot->order_id);
  lab_state = json_object_get_string_member (json_node_get_object (c->slot->order), "lab_state");
  if (((g_str_equal (lab_state, "cancelled") || g_str_equal (lab_state, "expired")) &&
       chance (run, 0.4)) ||
      (g_str_equal (lab_state, "reported") && c->kind != LD_COMMAND_RESULT_AMEND &&
       chance (run, 0.2)))
    {
      slot_forget (c->slot);
      g_free (c->slot->order_id);
      c->slot->order_id = new_pool_order (run);
      c->slot->order = get_order (run, c->slot->order_id);
    }
  order_id = c->slot->order_id;
  order = json_node_get_object (c->slot->order);
  if (g_str_equal (json_object_get_string_member (order, "lab_state"), "ordered") &&
      json_object_get_member (order, "expires_at") != NULL &&
      !json_node_is_null (json_object_get_member (order, "expires_at")) && chance (run, 0.3))
    {
      move_deadline (run, order_id);
      g_clear_pointer (&c->slot->order, json_node_unref);
      c->slot->order = get_order (run, order_id);
      order = json_node_get_object (c->slot->order);
    }

  if (needs_results (c->kind) && c->slot->results == NULL)
    c->slot->results = get_results (run, order_id);
  if (needs_samples (c->kind) && c->slot->samples == NULL)
    c->slot->samples = get_samples (run, order_id);
  c->order_node = json_node_ref (c->slot->order);
  if (needs_results (c->kind))
    c->results_node = json_node_ref (c->slot->results);
  if (needs_samples (c->kind))
    c->samples_node = json_node_ref (c->slot->samples);

  c->order = ld_command_read_order (order);
  c->results =
    ld_command_read_results (c->results_node ? json_node_get_array (c->results_node) : NULL);
  c->samples =
    ld_command_read_samples (c->samples_node ? json_node_get_array (c->samples_node) : NULL);
  c->target.order = c->order;
  c->target.results = c->results_node ? c->results : NULL;
  c->target.samples = c->samples_node ? c->samples : NULL;
  c->target.allow_self_verification = run->allow_self_verification;
  version = c->order->version;

  if (c->results_node != NULL)
    {
      c->result_json = random_element (run, c->results_node);
      if (c->result_json != NULL)
        c->target.result =
          find_result (c->results, json_object_get_string_member (c->result_json, "id"));
    }
  if (c->samples_node != NULL)
    {
      c->sample_json = random_element (run, c->samples_node);
      if (c->sample_json != NULL)
        c->target.sample =
          find_sample (c->samples, json_object_get_string_member (c->sample_json, "id"));
    }

  switch (c->kind)
    {
    case LD_COMMAND_PAYMENT_TAKE:
      {
        gint64 balance = ld_order_get_balance (c->order);
        gint64 amounts[] = { 0, 0, balance, balance + 1, 100 };

        c->target.amount_paise = amounts[pick (run, G_N_ELEMENTS (amounts))];
        c->path = g_strdup_printf ("/api/v1/orders/%s/payments", order_id);
        if (c->target.amount_paise > 0)
          c->body =
            g_strdup_printf ("{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT ","
                             " \"amount_paise\": %" G_GINT64_FORMAT "}",
                             balance + c->target.amount_paise + 10000, c->target.amount_paise);
        else
          c->body =
            g_strdup_printf ("{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}",
                             balance + 10000);
      }
      break;

    case LD_COMMAND_PAYMENT_REFUND:
      {
        gint64 held = c->order->paid_paise - c->order->refunded_paise;
        gint64 amounts[] = { held, held, held + 1, MAX (held - 1, 0), 1, 0, 100 };

        c->target.amount_paise = amounts[pick (run, G_N_ELEMENTS (amounts))];
        c->path = g_strdup_printf ("/api/v1/orders/%s/refunds", order_id);
        c->body = g_strdup_printf ("{\"method\": \"cash\", \"amount_paise\": %" G_GINT64_FORMAT ","
                                   " \"reason\": \"Overcharged\"}", c->target.amount_paise);
      }
      break;

    case LD_COMMAND_ORDER_CANCEL:
      c->path = g_strdup_printf ("/api/v1/orders/%s/cancel", order_id);
      c->body =
        g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Patient left\"}",
                         version);
      break;

    case LD_COMMAND_SAMPLE_COLLECT:
      c->target.with_payment = chance (run, 0.3);
      c->path = g_strdup_printf ("/api/v1/orders/%s/collect", order_id);
      if (c->target.with_payment)
        c->body = g_strdup_printf (
          "{\"payment\": {\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}}",
          ld_order_get_balance (c->order) + 10000);
      else
        c->body = g_strdup ("{\"location\": \"Room 2\"}");
      break;

    case LD_COMMAND_SAMPLE_RECEIVE:
    case LD_COMMAND_SAMPLE_REJECT:
    case LD_COMMAND_SAMPLE_STORE:
    case LD_COMMAND_SAMPLE_DISPOSE:
      if (c->target.sample == NULL)
        missing = TRUE;
      else
        {
          /* The rules read the sample's own order, which this is. */
          c->path = g_strdup_printf ("/api/v1/samples/%s/custody", c->target.sample->id);
          c->target.recollect = chance (run, 0.5);
          if (c->kind == LD_COMMAND_SAMPLE_RECEIVE)
            c->body =
              g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"received\"}",
                               c->target.sample->version);
          else if (c->kind == LD_COMMAND_SAMPLE_STORE)
            c->body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"stored\","
                                       " \"location\": \"Fridge 2\"}", c->target.sample->version);
          else if (c->kind == LD_COMMAND_SAMPLE_DISPOSE)
            c->body =
              g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"disposed\"}",
                               c->target.sample->version);
          else
            c->body =
              g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"rejected\","
                               " \"reason\": \"Haemolysed\", \"recollect\": %s}",
                               c->target.sample->version, c->target.recollect ? "true" : "false");
        }
      break;

    case LD_COMMAND_RESULT_SAVE:
    case LD_COMMAND_RESULT_VERIFY:
    case LD_COMMAND_RESULT_AMEND:
      if (c->target.result == NULL)
        missing = TRUE;
      else
        {
          const LdResult *result = c->target.result;
          const char *now_value = ld_json_object_get_string (c->result_json, "value");
          const char *value = value_for (result->test_code, 0);

          /* A different number from the one there ("2.10" is "2.1"),
           * or an amendment would change nothing. */
          if (now_value != NULL && g_ascii_strtod (now_value, NULL) == g_ascii_strtod (value, NULL))
            value = value_for (result->test_code, 1);
          if (c->kind == LD_COMMAND_RESULT_SAVE)
            {
              c->path = g_strdup_printf ("/api/v1/orders/%s/results", order_id);
              c->body = g_strdup_printf ("{\"submit\": true, \"results\": [{\"test_code\": \"%s\", "
                                         "\"version\": %" G_GINT64_FORMAT ", \"value\": \"%s\"}]}",
                                         result->test_code, result->version, value);
            }
          else if (c->kind == LD_COMMAND_RESULT_VERIFY)
            {
              c->path = g_strdup_printf ("/api/v1/orders/%s/verify", order_id);
              c->body = g_strdup_printf (
                "{\"results\": [{\"test_code\": \"%s\", \"version\": %" G_GINT64_FORMAT "}]}",
                result->test_code, result->version);
            }
          else
            {
              c->path = g_strdup_printf ("/api/v1/orders/%s/amendments", order_id);
              c->body = g_strdup_printf (
                "{\"reason\": \"Transcription error\", \"results\": [{\"test_code\": \"%s\","
                " \"version\": %" G_GINT64_FORMAT ", \"value\": \"%s\"}]}",
                result->test_code, result->version, value);
            }
        }
      break;

    case LD_COMMAND_RESULT_CANCEL:
    case LD_COMMAND_RESULT_RETURN:
      if (c->target.result == NULL)
        missing = TRUE;
      else
        {
          c->path = g_strdup_printf ("/api/v1/results/%s/%s", c->target.result->id,
                                     c->kind == LD_COMMAND_RESULT_CANCEL ? "cancel" : "return");
          c->body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Recheck\"}",
                                     c->target.result->version);
        }
      break;

    case LD_COMMAND_REPORT_RELEASE:
      c->path = g_strdup_printf ("/api/v1/orders/%s/release", order_id);
      c->body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}", version);
      break;

    case LD_COMMAND_PATIENT_UPDATE:
      {
        g_autofree char *path =
          g_strdup_printf ("/api/v1/patients/%s",
                           c->order->patient_id
                             ? c->order->patient_id
                             : json_object_get_string_member (
                                 json_object_get_object_member (order, "patient"), "id"));
        g_autoptr(JsonNode) patient = get_node (run, path, "patient");

        c->path = g_steal_pointer (&path);
        c->target.patient_id = c->order->patient_id;
        c->body =
          g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"phone\": \"+91 98%08u\"}",
                           json_object_get_int_member (json_node_get_object (patient), "version"),
                           pick (run, 100000000));
      }
      break;

    case LD_COMMAND_ORDER_BOOK:
      c->path = g_strdup ("/api/v1/orders");
      c->body =
        g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}",
                         json_object_get_string_member (json_object_get_object_member (order,
                                                                                       "patient"),
                                                        "id"));
      break;

    default:
      g_assert_not_reached ();
    }

  /* No such record: the server answers 404, the client has none. */
  if (missing && c->kind != LD_COMMAND_ORDER_BOOK)
    {
      g_autofree char *id = random_uuid (run);
      const char *pattern = ld_command_get_info (c->kind)->pattern;
      g_autoptr(GString) path = g_string_new (pattern);

      g_string_replace (path, "{id}", id, 1);
      g_free (c->path);
      c->path = g_strdup (path->str);
      if (c->body == NULL)
        c->body = g_strdup ("{\"version\": 1, \"reason\": \"None\"}");
      if (g_str_has_prefix (pattern, "/api/v1/orders/"))
        {
          c->target.order = NULL;
          if (c->kind == LD_COMMAND_RESULT_SAVE || c->kind == LD_COMMAND_RESULT_VERIFY ||
              c->kind == LD_COMMAND_RESULT_AMEND)
            {
              g_free (c->body);
              c->body = g_strdup (
                c->kind == LD_COMMAND_RESULT_SAVE
                  ? "{\"submit\": true, \"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                    " \"value\": \"13.1\"}]}"
                : c->kind == LD_COMMAND_RESULT_VERIFY
                  ? "{\"results\": [{\"test_code\": \"HB\", \"version\": 1}]}"
                  : "{\"reason\": \"Typo\", \"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                    " \"value\": \"13.1\"}]}");
            }
        }
      else if (g_str_has_prefix (pattern, "/api/v1/samples/"))
        {
          g_free (c->body);
          c->body = g_strdup (c->kind == LD_COMMAND_SAMPLE_REJECT
                                ? "{\"version\": 1, \"event\": \"rejected\", \"reason\": \"Lost\", "
                                  "\"recollect\": true}"
                                : "{\"version\": 1, \"event\": \"received\"}");
          c->target.sample = NULL;
        }
      else if (g_str_has_prefix (pattern, "/api/v1/results/"))
        {
          g_free (c->body);
          c->body = g_strdup ("{\"version\": 1, \"reason\": \"None\"}");
          c->target.result = NULL;
        }
      else if (g_str_has_prefix (pattern, "/api/v1/patients/"))
        {
          g_free (c->body);
          c->body = g_strdup ("{\"version\": 1, \"phone\": \"+91 9800000000\"}");
          c->target.patient_id = NULL;
        }
    }
}

static const char *
describe_code (gboolean ok,
               int      code)
{
  return ok ? "accepted" : ld_api_error_to_code (code);
}

static char *
describe_case (Case *c)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s by %s (roles 0x%x%s) %s %s %s",
                          ld_command_get_info (c->kind)->name, c->actor->username, c->actor->roles,
                          c->actor->signatory ? ", signatory" : "", c->method, c->path, c->body);
  if (c->target.order != NULL)
    g_string_append_printf (text,
                            "; order %s lab %s pay %s total %" G_GINT64_FORMAT
                            " paid %" G_GINT64_FORMAT " refunded %" G_GINT64_FORMAT
                            " online %d expires_us %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                            c->target.order->number, c->target.order->lab_state,
                            c->target.order->payment_state, c->target.order->total_paise,
                            c->target.order->paid_paise, c->target.order->refunded_paise,
                            c->target.order->online_pending, c->target.order->expires_us,
                            g_get_real_time ());
  for (guint i = 0; c->target.results != NULL && i < c->target.results->len; i++)
    {
      const LdResult *r = g_ptr_array_index (c->target.results, i);

      g_string_append_printf (text, "; result %s %s by %s on %s%s", r->test_code, r->state,
                              r->entered_by, r->sample_id, r == c->target.result ? " (this)" : "");
    }
  for (guint i = 0; c->target.samples != NULL && i < c->target.samples->len; i++)
    {
      const LdSample *s = g_ptr_array_index (c->target.samples, i);

      g_string_append_printf (text, "; sample %s %s replaces %s%s", s->id, s->state,
                              s->replaces_sample_id, s == c->target.sample ? " (this)" : "");
    }
  if (c->alert != NULL)
    g_string_append_printf (text, "; alert for %s acknowledged %s", c->alert->doctor_id,
                            c->alert->acknowledged_at);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
run_case (Run   *run,
          guint  index)
{
  Case c = {
    0,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  gboolean client_ok, server_ok;
  LdApiError server_code = LD_API_ERROR_INTERNAL;
  int client_code = -1;

  c.kind = pick (run, ORDER_COMMANDS_N);
  c.actor = pick_actor (run, c.kind);
  prepare (run, &c);

  client_ok = ld_session_check (c.actor->session, c.kind, &c.target, &error);
  if (!client_ok)
    {
      g_assert_true (error->domain == LD_API_ERROR);
      client_code = error->code;
    }

  resp = send (run, c.method, c.actor->token, c.path, c.body);
  server_ok = resp->status < 300;
  if (!server_ok)
    {
      const char *code = ld_test_response_get_string (resp, "error.code");

      g_assert_true (ld_api_error_from_code (code, &server_code));
    }

  run->n_cases[c.kind]++;
  if (server_ok)
    {
      run->n_accepted[c.kind]++;
      if (c.slot != NULL)
        slot_forget (c.slot);
      if (c.kind == LD_COMMAND_ALERT_ACKNOWLEDGE)
        g_clear_pointer (&run->alert_list, json_node_unref);
    }
  if (client_ok != server_ok || (!client_ok && client_code != (int) server_code))
    {
      g_autofree char *text = describe_case (&c);

      run->n_disagreed[c.kind]++;
      g_test_message ("DISAGREE case %u: client %s (%s), server %s (%u %s): %s", index,
                      describe_code (client_ok, client_code), error ? error->message : "",
                      describe_code (server_ok, server_code), resp->status, resp->body, text);
    }
  case_clear (&c);
}

static void
make_actors (Run *run)
{
  GAsyncResult *slots[G_N_ELEMENTS (actors)] = {
    NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    {
      Actor *actor = &actors[i];
      g_auto(GStrv) roles = ld_roles_to_strv (actor->roles);
      g_autofree char *role_list = NULL;
      g_autofree char *body = NULL;
      g_autoptr(LdTestResponse) made = NULL;

      for (guint j = 0; roles[j] != NULL; j++)
        {
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", roles[j]);

          g_free (roles[j]);
          roles[j] = g_steal_pointer (&quoted);
        }
      role_list = g_strjoinv (", ", roles);
      body = g_strdup_printf (
        "{\"username\": \"%s\", \"display_name\": \"Agreement %s\", \"roles\": [%s],"
        " \"password\": \"%s\"%s}",
        actor->username, actor->username, role_list, PASSWORD,
        actor->signatory ? ", \"qualification\": \"MD (Pathology)\","
                           " \"registration_number\": \"MMC 2020/01/0001\","
                           " \"can_sign_reports\": true"
                         : "");
      made = send_ok (run, run->lab->admin, "/api/v1/users", body);
      actor->id = g_strdup (ld_test_response_get_string (made, "user.id"));
    }

  /* They sign in four at a time, as many as the server lets one address
   * run at once: the password checks and first syncs overlap. */
  for (guint first = 0; first < G_N_ELEMENTS (actors); first += BATCH)
    {
      guint end = MIN (first + BATCH, G_N_ELEMENTS (actors));

      for (guint i = first; i < end; i++)
        {
          actors[i].api = ld_api_client_new (ld_test_server_get_uri (run->lab->server));
          ld_session_sign_in_async (actors[i].api, actors[i].username, PASSWORD, NULL,
                                    ld_test_store_result_cb, &slots[i]);
        }
      for (guint i = first; i < end; i++)
        {
          Actor *actor = &actors[i];
          g_autoptr(GAsyncResult) result = ld_test_wait_result (&slots[i]);
          g_autoptr(GError) error = NULL;

          actor->session = ld_session_sign_in_finish (result, &error);
          g_assert_no_error (error);
          /* The server is asked in the same session the door belongs to. */
          actor->token = g_strdup (ld_api_client_get_token (actor->api));
          g_assert_nonnull (actor->token);

          /* The door knows the user as the server does. */
          g_assert_cmpint (ld_session_get_actor (actor->session)->roles, ==, actor->roles);
          g_assert_cmpint (ld_session_get_actor (actor->session)->is_signatory, ==,
                           actor->signatory);
          g_assert_cmpstr (ld_session_get_actor (actor->session)->user_id, ==, actor->id);
        }
    }
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
drop_actors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    {
      Actor *actor = &actors[i];
      gpointer weak = actor->session;

      ld_session_close (actor->session);
      g_object_add_weak_pointer (G_OBJECT (actor->session), &weak);
      g_clear_object (&actor->session);
      ld_test_wait_until (is_gone, &weak, 60000, "the session to be finalized");
      g_clear_object (&actor->api);
      g_clear_pointer (&actor->id, g_free);
      g_clear_pointer (&actor->token, g_free);
    }
}

static void
test_agreement (void)
{
  guint32 seed = (guint32) ld_test_env_number ("LABDESK_AGREEMENT_SEED", DEFAULT_SEED);
  guint   n_cases = (guint) ld_test_env_number ("LABDESK_AGREEMENT_CASES", DEFAULT_CASES);
  gint64  started_us = g_get_monotonic_time ();
  guint   total = 0, accepted = 0, disagreed = 0;
  Run     run = {
        0,
  };

  g_test_message ("seed %u, %u cases (LABDESK_AGREEMENT_SEED, LABDESK_AGREEMENT_CASES)", seed,
                  n_cases);
  run.rand = g_rand_new_with_seed (seed);
  run.lab = ld_lab_new ();
  {
    g_autoptr(LdTestResponse) settings =
                 ld_test_get (run.lab->server, "/api/v1/settings", run.lab->admin);
    JsonObject *object = ld_test_response_object (settings);

    ld_test_assert_status (settings, 200);
    if (json_object_has_member (object, "settings"))
      object = json_object_get_object_member (object, "settings");
    run.allow_self_verification =
      json_object_get_boolean_member_with_default (object, "allow_self_verification", FALSE);
  }

  make_actors (&run);
  g_test_message ("actors signed in at %.1f s", (g_get_monotonic_time () - started_us) / 1e6);
  make_alerts (&run);
  for (guint i = 0; i < POOL_SIZE; i++)
    run.pool[i].order_id = new_pool_order (&run);
  g_test_message ("set up in %.1f s", (g_get_monotonic_time () - started_us) / 1e6);

  for (guint i = 0; i < n_cases; i++)
    run_case (&run, i);

  for (guint kind = 0; kind < LD_COMMAND_N; kind++)
    {
      g_test_message ("%-18s %4u cases, %4u accepted, %4u refused, %u disagreements",
                      ld_command_get_info (kind)->name, run.n_cases[kind], run.n_accepted[kind],
                      run.n_cases[kind] - run.n_accepted[kind], run.n_disagreed[kind]);
      total += run.n_cases[kind];
      accepted += run.n_accepted[kind];
      disagreed += run.n_disagreed[kind];
    }
  g_test_message ("seed %u: %u cases, %u accepted, %u refused, %u disagreements, %.1f s", seed,
                  total, accepted, total - accepted, disagreed,
                  (g_get_monotonic_time () - started_us) / 1e6);

  drop_actors ();
  for (guint i = 0; i < POOL_SIZE; i++)
    {
      slot_forget (&run.pool[i]);
      g_free (run.pool[i].order_id);
    }
  g_clear_pointer (&run.alert_list, json_node_unref);
  g_ptr_array_unref (run.alerts);
  g_rand_free (run.rand);
  ld_lab_free (run.lab);

  g_assert_cmpuint (disagreed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-agreement-XXXXXX", NULL);
  int status;

  /* The sessions' caches go under the user's data directory. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add_func ("/client/commands/agreement", test_agreement);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
