/* test-api-unknown-members.c: every documented body, with a member too many
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/api.md: an unknown field is `400 bad_request` naming it in
 * `fields`, nested members by their full name (`discount.colour`,
 * `results[0].critical_call.colour`). Generated from the page: each
 * POST, PATCH and PUT section's first JSON example (its request body) is
 * sent with one unknown member added, once at the top and once in each
 * object inside it, to the real server, and each answer must be 400
 * naming exactly that member. A reader that drops the member, or judges
 * it as a bad value (422), fails here. Path parameters are records that
 * do not exist: a body is read before its record is looked up.
 */

#include "config.h"

#include "ld-test-api-doc.h"
#include "ld-test-http.h"

#define UNKNOWN "zz_not_a_member"

/* Bodies the server does not read as ours: the gateway's event, whose
 * other members are ignored by design (docs/api.md says so). */
static const char * const not_ours[] = { "/api/v1/webhooks/payment-gateway", NULL };

/* A PATCH reads the record it changes before the change: those paths
 * name records that exist. Others are read before any lookup, and name
 * one that does not. */
static GHashTable *
make_records (LdTestFixture *fx)
{
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(LdTestResponse) user = NULL;
  g_autoptr(LdTestResponse) patient = NULL;

  user = ld_test_send_json (fx->server, "POST", "/api/v1/users", fx->admin,
                            "{\"username\": \"meera\", \"display_name\": \"Meera Nair\","
                            " \"roles\": [\"reception\"], \"password\": \"meera-long-password\"}");
  ld_test_assert_status (user, 201);
  patient = ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->admin,
                               "{\"name\": \"Asha Rao\", \"sex\": \"female\", \"age_years\": 41}");
  ld_test_assert_status (patient, 201);

  g_hash_table_insert (records, (gpointer) "/api/v1/users/{id}",
                       g_strdup (ld_test_response_get_string (user, "user.id")));
  g_hash_table_insert (records, (gpointer) "/api/v1/patients/{id}",
                       g_strdup (ld_test_response_get_string (patient, "patient.id")));
  g_hash_table_insert (records, (gpointer) "/api/v1/catalog/tests/{code}", g_strdup ("HB"));
  g_hash_table_insert (records, (gpointer) "/api/v1/catalog/tests/{code}/auto-verification",
                       g_strdup ("HB"));
  return records;
}

static char *
fill_path (const char *pattern,
           GHashTable *records)
{
  g_autoptr(GRegex) param = g_regex_new ("\\{[a-z_]+\\}", 0, 0, NULL);
  const char *id = g_hash_table_lookup (records, pattern);

  return g_regex_replace_literal (param, pattern, -1, 0,
                                  id ? id : "7f1c9a52-5f0e-4d38-9b6a-2f3c1d0e4b11", 0, NULL);
}

/* Every object in @node with its full name as the reader names it; the
 * body itself is "". */
static void
collect_objects (JsonNode   *node,
                 const char *name,
                 GPtrArray  *names,
                 GPtrArray  *objects)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_add (objects, json_node_get_object (node));
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        {
          g_autofree char *full =
            *name ? g_strdup_printf ("%s.%s", name, member) : g_strdup (member);

          collect_objects (child, full, names, objects);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *full = g_strdup_printf ("%s[%u]", name, i);

          collect_objects (json_array_get_element (array, i), full, names, objects);
        }
    }
}

/* Sends @body as each role until one may: a refusal for the role would
 * hide what the reader does. */
static LdTestResponse *
send_as_someone (LdTestServer  *server,
                 const char    *method,
                 const char    *path,
                 char         **tokens,
                 const char    *body)
{
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      LdTestResponse *resp = ld_test_send_json (server, method, path, tokens[i], body);

      if (resp->status != 403 || tokens[i + 1] == NULL)
        return resp;
      ld_test_response_free (resp);
    }
  g_assert_not_reached ();
}

static void
check_example (LdTestServer           *server,
               char                  **tokens,
               const LdTestApiExample *example,
               GHashTable             *records,
               guint                  *n_checked,
               GString                *failures)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  g_autofree char *path = fill_path (example->path, records);
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, example->body, -1, NULL));
  root = json_parser_get_root (parser);
  collect_objects (root, "", names, objects);

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject      *object = g_ptr_array_index (objects, i);
      const char      *name = g_ptr_array_index (names, i);
      g_autofree char *field =
        *name ? g_strdup_printf ("%s.%s", name, UNKNOWN) : g_strdup (UNKNOWN);
      g_autofree char *body = NULL;
      g_autoptr(LdTestResponse) resp = NULL;
      const char *said;

      /* Placeholders ("…": "…") stand for the rest of a record. */
      if (json_object_has_member (object, "…"))
        json_object_remove_member (object, "…");
      json_object_set_string_member (object, UNKNOWN, "x");
      body = json_to_string (root, FALSE);
      json_object_remove_member (object, UNKNOWN);

      resp = send_as_someone (server, example->method, path, tokens, body);
      said = resp->status == 400 ? ld_test_response_get_field_error (resp, field) : NULL;
      if (resp->status != 400 || said == NULL)
        g_string_append_printf (failures, "%s %s with %s: %u, not 400 naming it:\n%s\n%s\n",
                                example->method, example->path, field, resp->status, body,
                                resp->body);
      (*n_checked)++;
    }
}

static void
test_documented_bodies (LdTestFixture *fx,
                        gconstpointer  data)
{
  g_autofree char *doc = ld_test_api_doc_read ();
  g_autoptr(GPtrArray) examples = ld_test_api_doc_requests (doc);
  g_auto(GStrv) tokens = g_new0 (char *, 6);
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(GHashTable) records = make_records (fx);
  guint n_checked = 0;

  tokens[0] = g_strdup (fx->admin);
  tokens[1] = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  tokens[2] = ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  tokens[3] = ld_test_login (fx->server, "pathologist", LD_TEST_PATHOLOGIST_PASSWORD);
  tokens[4] = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);

  for (guint i = 0; i < examples->len; i++)
    {
      const LdTestApiExample *example = g_ptr_array_index (examples, i);

      if (g_strv_contains (not_ours, example->path))
        continue;
      check_example (fx->server, tokens, example, records, &n_checked, failures);
    }
  if (failures->len > 0)
    g_error ("%s", failures->str);

  /* Enough sections and nested objects that the page was read at all. */
  g_assert_cmpuint (examples->len, >, 20);
  g_assert_cmpuint (n_checked, >, examples->len);
}

/* A reference band is judged as a whole (422 naming reference_ranges),
 * but a member it does not know is still 400 naming it (docs/api.md,
 * POST /api/v1/catalog/tests). */
static void
test_reference_band (LdTestFixture *fx,
                     gconstpointer  data)
{
  static const char * const cases[][2] = {
    { "{\"sex\": \"any\", \"age_from\": null, \"age_to\": null, \"low\": 1, \"high\": 2,"
      " \"colour\": \"red\"}", "reference_ranges[0].colour" },
    { "{\"sex\": \"any\", \"age_from\": {\"value\": 0, \"unit\": \"years\", \"colour\": 1},"
      " \"age_to\": null, \"low\": 1, \"high\": 2}", "reference_ranges[0].age_from.colour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"code\": \"ZZ%u\", \"name\": \"Test\", \"specimen\": \"serum\","
                         " \"container\": \"plain (red)\", \"unit\": \"mg/dL\","
                         " \"result_type\": \"numeric\", \"decimals\": 1, \"price_paise\": 100,"
                         " \"turnaround_hours\": 24, \"department\": \"biochemistry\","
                         " \"reference_ranges\": [%s]}", i, cases[i][0]);
      g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->server, "POST",
                                                          "/api/v1/catalog/tests", fx->admin, body);

      ld_test_assert_error (resp, 400, "bad_request");
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i][1]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  LD_TEST_ADD ("/api/unknown-members/documented-bodies", test_documented_bodies);
  LD_TEST_ADD ("/api/unknown-members/reference-band", test_reference_band);

  return g_test_run ();
}
