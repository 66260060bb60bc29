/* test-result-apply-agreement.c: a save's shared apply and the server agree
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generated cases, seeded and reproducible: a real server with a pool of
 * orders in the lab, for patients of random sex and age (in years, or a
 * date of birth), each with numeric, choice and text tests. Each case is
 * a random save (drafts or submitted; numbers of any precision, in and
 * far out of the bands, clearing values, words where numbers go, choices
 * and non-choices, "abnormal" on any test, comments kept, changed or
 * cleared). The client's side predicts it with the shared apply
 * (ld_result_apply_save_json(), as the cache shows a queued save), from
 * the records the server sends: each result as it will be stored, or the
 * member refused. The server is then asked for real, over HTTP, and
 * must answer the same. Accepted saves change the results, so the pool
 * wanders through drafts and entered values as the run goes.
 *
 *   LABDESK_APPLY_SEED   the seed (default 20261126)
 *   LABDESK_APPLY_CASES  how many cases (default 2000)
 */

#include "config.h"

#include "ld-command-records.h"
#include "ld-json.h"
#include "ld-result-apply.h"
#include "ld-result-flow.h"
#include "ld-test-lab.h"
#include "ld-time.h"

#define DEFAULT_SEED  20261126
#define DEFAULT_CASES 2000
#define POOL_SIZE     12

/* The members a save sets, compared; `entered_at` is the server's clock. */
static const char * const compared[] = { "state",        "value",         "numeric_value",
                                         "flag",         "unit",          "reference_range",
                                         "critical_low", "critical_high", "sample_id",
                                         "collected_at", "received_at",   "comment",
                                         "entered_by",   "delta" };

static const char * const words[] = { "haemolysed", "abc",    "12,5",     "1e3",
                                      "++",         "Trace",  "Negative", "positive",
                                      "O+",         "12.5.1", "-",        "Clear",
                                      "Cloudy",     "normal", "Reactive", "Non-reactive" };

typedef struct
{
  char      *order_id;
  LdPatient *patient;
  GPtrArray *samples;
} Slot;

typedef struct
{
  LdLab      *lab;
  GRand      *rand;
  GHashTable *tests;
  const char *codes[5];
  guint       n_codes;
  Slot        pool[POOL_SIZE];
  guint       n_accepted;
  guint       n_refused;
  guint       n_values;
} Run;

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

static JsonNode *
get_member (Run        *run,
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

/* The catalogue's tests by code, and the codes ordered: three numeric
 * tests of the blood, the first choice test and the first text test. */
static void
read_catalog (Run *run)
{
  g_autoptr(JsonNode) tests = get_member (run, "/api/v1/catalog", "tests");
  JsonArray *array = json_node_get_array (tests);
  gboolean have_choice = FALSE;
  gboolean have_text = FALSE;

  run->tests =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ld_catalog_test_free);
  run->codes[run->n_codes++] = "HB";
  run->codes[run->n_codes++] = "GLUF";
  run->codes[run->n_codes++] = "TSH";
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
      LdCatalogTest *test = ld_catalog_test_new ();
      const char *type = json_object_get_string_member (object, "result_type");

      ld_catalog_test_read_json (test, reader, TRUE);
      g_hash_table_insert (run->tests, g_strdup (test->code), test);
      if (!json_object_get_boolean_member (object, "active"))
        continue;
      if (!have_choice && g_str_equal (type, "choice"))
        {
          run->codes[run->n_codes++] = g_intern_string (test->code);
          have_choice = TRUE;
        }
      else if (!have_text && g_str_equal (type, "text"))
        {
          run->codes[run->n_codes++] = g_intern_string (test->code);
          have_text = TRUE;
        }
    }
  g_assert_true (have_choice);
}

static char *
random_patient (Run *run)
{
  static const char * const sexes[] = { "female", "male", "other" };
  const char *sex = sexes[pick (run, G_N_ELEMENTS (sexes))];

  if (chance (run, 0.5))
    return g_strdup_printf ("{\"name\": \"Apply Patient\", \"sex\": \"%s\", \"age_years\": %u}",
                            sex, pick (run, 100));
  /* Born within the last eighty years, some days ago: a newborn's bands too. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) born = g_date_time_add_days (now, -(gint) (1 + pick (run, 80 * 365)));
    g_autofree char *date = g_date_time_format (born, "%Y-%m-%d");

    return g_strdup_printf ("{\"name\": \"Apply Patient\", \"sex\": \"%s\","
                            " \"date_of_birth\": \"%s\"}", sex, date);
  }
}

static void
new_slot (Run  *run,
          Slot *slot)
{
  g_autofree char *patient_json = random_patient (run);
  g_autofree char *patient_id = ld_lab_new_patient (run->lab, patient_json);
  g_autofree char *patient_path = g_strdup_printf ("/api/v1/patients/%s", patient_id);
  g_autofree char *samples_path = NULL;
  g_autoptr(GString) items = g_string_new ("\"items\": [");
  g_autoptr(JsonNode) patient = NULL;
  g_autoptr(JsonNode) samples = NULL;
  g_autoptr(LdJsonReader) reader = NULL;

  for (guint i = 0; i < run->n_codes; i++)
    g_string_append_printf (items, "%s\"%s\"", i ? ", " : "", run->codes[i]);
  g_string_append (items, "]");
  slot->order_id = ld_lab_order_in_lab (run->lab, patient_id, items->str);

  patient = get_member (run, patient_path, "patient");
  reader = ld_json_reader_new (json_node_get_object (patient));
  slot->patient = ld_patient_new (patient_id);
  ld_patient_read_json (slot->patient, reader, TRUE);
  samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", slot->order_id);
  samples = get_member (run, samples_path, "items");
  slot->samples = ld_command_read_samples (json_node_get_array (samples));
}

/* A number near @test's bands or limits, to a random precision. */
static char *
random_number (Run                 *run,
               const LdCatalogTest *test)
{
  double top = test->has_critical_high ? test->critical_high * 1.5 : 500;
  double value = g_rand_double_range (run->rand, 0, top);
  guint decimals = pick (run, 4);

  if (chance (run, 0.05))
    value = -value;
  return g_strdup_printf ("%.*f", decimals, value);
}

static char *
random_value (Run                 *run,
              const LdCatalogTest *test)
{
  if (chance (run, 0.12))
    return g_strdup (words[pick (run, G_N_ELEMENTS (words))]);
  if (test->result_type == LD_RESULT_CHOICE && test->choices != NULL &&
      JSON_NODE_HOLDS_ARRAY (test->choices) && chance (run, 0.9))
    {
      JsonArray *choices = json_node_get_array (test->choices);

      return g_strdup (
        json_array_get_string_element (choices, pick (run, json_array_get_length (choices))));
    }
  if (test->result_type == LD_RESULT_NUMERIC)
    return random_number (run, test);
  return g_strdup_printf ("Seen %u cells", pick (run, 1000));
}

/* A random save of some of @results (each named once), as a JSON body. */
static JsonObject *
random_body (Run       *run,
             JsonArray *results)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *items = json_array_new ();
  guint n = json_array_get_length (results);
  guint first = pick (run, n);
  guint count = 1 + pick (run, n);

  json_object_set_boolean_member (body, "submit", chance (run, 0.4));
  json_object_set_array_member (body, "results", items);
  for (guint k = 0; k < count; k++)
    {
      JsonObject *result = json_array_get_object_element (results, (first + k) % n);
      const char *code = json_object_get_string_member (result, "test_code");
      const LdCatalogTest *test = g_hash_table_lookup (run->tests, code);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "test_code", code);
      json_object_set_int_member (item, "version", json_object_get_int_member (result, "version"));
      if (chance (run, 0.15))
        json_object_set_null_member (item, "value");
      else
        {
          g_autofree char *value = random_value (run, test);

          json_object_set_string_member (item, "value", value);
        }
      if (chance (run, test->result_type == LD_RESULT_TEXT ? 0.5 : 0.03))
        json_object_set_boolean_member (item, "abnormal", chance (run, 0.5));
      if (chance (run, 0.2))
        json_object_set_null_member (item, "comment");
      else if (chance (run, 0.25))
        {
          g_autofree char *comment = g_strdup_printf ("Note %u", pick (run, 100));

          json_object_set_string_member (item, "comment", comment);
        }
      json_array_add_object_element (items, item);
    }
  return g_steal_pointer (&body);
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(JsonArray) wrap = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  json_array_add_element (wrap, node ? json_node_copy (node) : json_node_new (JSON_NODE_NULL));
  json_node_set_array (root, wrap);
  return ld_json_to_string (root);
}

static JsonObject *
find_by_code (JsonArray  *results,
              const char *code)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_str_equal (json_object_get_string_member (result, "test_code"), code))
        return result;
    }
  g_assert_not_reached ();
}

static void
run_case (Run   *run,
          guint  number)
{
  Slot *slot = &run->pool[pick (run, POOL_SIZE)];
  g_autofree char *results_path = g_strdup_printf ("/api/v1/orders/%s/results", slot->order_id);
  g_autoptr(JsonNode) before = get_member (run, results_path, "items");
  g_autoptr(JsonObject) body = random_body (run, json_node_get_array (before));
  g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(JsonNode) predicted = json_node_copy (before);
  g_autoptr(LdTestResponse) resp = NULL;
  g_autofree char *text = ld_json_to_string (body_node);
  g_autofree char *refused_field = NULL;
  g_autofree char *refused_problem = NULL;
  JsonArray *items = json_object_get_array_member (body, "results");
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(LdResultSave) save = ld_result_save_new ();

  /* The body as the shared reader reads it (the server's, the outbox's). */
  ld_result_save_body_read (reader, save);
  g_assert_true (ld_json_reader_finish (reader, NULL));
  g_assert_cmpuint (save->entries->len, ==, json_array_get_length (items));

  /* The client's prediction, element by element, as the server goes. */
  for (guint i = 0; i < save->entries->len; i++)
    {
      const LdResultEntry *entry = g_ptr_array_index (save->entries, i);
      const char *code = entry->test_code;
      JsonObject *result = find_by_code (json_node_get_array (predicted), code);
      g_autoptr(LdResult) read = ld_command_read_result (result);
      LdResultSaveInput input;
      LdResultSaveContext context = { g_hash_table_lookup (run->tests, code), slot->patient, NULL,
                                      run->lab->technician_id, ld_time_now () };
      const char *field = NULL;
      char *problem;

      g_assert_true (ld_result_check_entry (read, NULL));
      ld_result_save_input_init (&input, save, entry);
      if (input.value != NULL)
        {
          context.sample = ld_result_find_sample (slot->samples, code, NULL);
          g_assert_nonnull (context.sample);
          run->n_values++;
        }
      problem = ld_result_apply_save_json (result, &input, &context, &field);
      if (problem != NULL && refused_field == NULL)
        {
          refused_field = g_strdup_printf ("results[%u].%s", i, field);
          refused_problem = problem;
        }
      else
        g_free (problem);
    }

  resp = ld_lab_order_post (run->lab, run->lab->technician, slot->order_id, "results", text);
  if (refused_field != NULL)
    {
      JsonObject *fields = NULL;

      if (resp->status != 422)
        g_error ("case %u: %s: predicted %s %s, the server answered %u %s", number, text,
                 refused_field, refused_problem, resp->status, resp->body);
      fields = json_object_get_object_member (
        json_object_get_object_member (ld_test_response_object (resp), "error"), "fields");
      if (fields == NULL || !json_object_has_member (fields, refused_field))
        g_error ("case %u: %s: predicted %s %s, the server answered %s", number, text,
                 refused_field, refused_problem, resp->body);
      g_assert_cmpstr (json_object_get_string_member (fields, refused_field), ==, refused_problem);
      run->n_refused++;
      return;
    }

  if (resp->status != 200)
    g_error ("case %u: %s: predicted a save, the server answered %u %s", number, text,
             resp->status, resp->body);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *code =
        json_object_get_string_member (json_array_get_object_element (items, i), "test_code");
      JsonObject *stored =
        find_by_code (json_object_get_array_member (ld_test_response_object (resp), "results"),
                      code);
      JsonObject *shown = find_by_code (json_node_get_array (predicted), code);

      for (guint j = 0; j < G_N_ELEMENTS (compared); j++)
        {
          g_autofree char *was = member_text (shown, compared[j]);
          g_autofree char *now = member_text (stored, compared[j]);

          if (g_strcmp0 (was, now) != 0)
            g_error ("case %u: %s: %s %s predicted %s, the server stored %s", number, text, code,
                     compared[j], was, now);
        }
    }
  run->n_accepted++;
}

static void
test_agreement (void)
{
  guint32 seed = (guint32) ld_test_env_number ("LABDESK_APPLY_SEED", DEFAULT_SEED);
  guint n_cases = (guint) ld_test_env_number ("LABDESK_APPLY_CASES", DEFAULT_CASES);
  Run run = { NULL };

  g_test_message ("seed %u, %u cases", seed, n_cases);
  run.lab = ld_lab_new ();
  run.rand = g_rand_new_with_seed (seed);
  read_catalog (&run);
  for (guint i = 0; i < POOL_SIZE; i++)
    new_slot (&run, &run.pool[i]);

  for (guint i = 0; i < n_cases; i++)
    run_case (&run, i);

  g_test_message ("%u saves accepted, %u refused, %u values read", run.n_accepted, run.n_refused,
                  run.n_values);
  /* The run saw both answers, many times. */
  g_assert_cmpuint (run.n_accepted, >, n_cases / 10);
  g_assert_cmpuint (run.n_refused, >, n_cases / 10);

  for (guint i = 0; i < POOL_SIZE; i++)
    {
      g_free (run.pool[i].order_id);
      g_object_unref (run.pool[i].patient);
      g_ptr_array_unref (run.pool[i].samples);
    }
  g_hash_table_unref (run.tests);
  g_rand_free (run.rand);
  ld_lab_free (run.lab);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/result/apply/agreement", test_agreement);
  return g_test_run ();
}
