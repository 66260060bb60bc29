/* test-api-docs.c: docs/api.md against the server it describes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a reader of docs/api.md can check by hand, checked here: every
 * route the real server's router serves has its "### METHOD path"
 * section and every such section is a route; the error codes the page
 * names are the shared wire table's, with its statuses, both ways; and
 * every JSON example parses. (test-api-permissions holds each section's
 * "Roles:" line to the permission table.)
 */

#include "config.h"

#include "ld-error.h"
#include "ld-server.h"
#include "ld-test-api-doc.h"
#include "ld-test-http.h"

/* "METHOD path" of every "### METHOD path" heading, each once. */
static GHashTable *
documented_endpoints (const char *doc)
{
  g_autoptr(GRegex) heading = g_regex_new ("^### (GET|POST|PUT|PATCH|DELETE) (\\S+)\\s*$",
                                            G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_regex_match (heading, doc, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *method = g_match_info_fetch (match, 1);
      g_autofree char *pattern = g_match_info_fetch (match, 2);
      char *endpoint = g_strdup_printf ("%s %s", method, pattern);

      if (!g_hash_table_add (endpoints, endpoint))
        g_error ("docs/api.md documents “%s” twice", endpoint);
    }

  return endpoints;
}

static void
test_routes_documented (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autofree char *doc = ld_test_api_doc_read ();
  g_autoptr(GHashTable) documented = documented_endpoints (doc);
  g_autoptr(GHashTable) served = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *endpoint;
  const LdRoute * const *routes;
  guint n_routes;

  /* The table is made with the server and never changes after. */
  routes =
    ld_router_get_routes (ld_server_get_router (ld_test_server_get_server (server)), &n_routes);
  g_assert_cmpuint (n_routes, >, 0);

  for (guint i = 0; i < n_routes; i++)
    {
      char *route = g_strdup_printf ("%s %s", routes[i]->method, routes[i]->pattern);

      g_hash_table_add (served, route);
      if (!g_hash_table_contains (documented, route))
        g_error ("the server serves “%s”, which docs/api.md has no section for", route);
    }

  g_hash_table_iter_init (&iter, documented);
  while (g_hash_table_iter_next (&iter, (gpointer *) &endpoint, NULL))
    if (!g_hash_table_contains (served, endpoint))
      g_error ("docs/api.md documents “%s”, which the server does not serve", endpoint);

  g_assert_cmpuint (g_hash_table_size (documented), ==, g_hash_table_size (served));
}

/* The rows of the table under "| code | status | when |". */
static GHashTable *
error_table_rows (const char *doc)
{
  const char *table = strstr (doc, "\n| code | status | when |\n");
  g_auto(GStrv) lines = NULL;
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_nonnull (table);
  lines = g_strsplit (table + 1, "\n", -1);
  /* The header, then the |---| line, then a row per line to a blank one. */
  for (guint i = 2; lines[i] != NULL && lines[i][0] == '|'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "|", -1);
      g_autofree char *code = NULL;
      LdApiError parsed;

      g_assert_cmpuint (g_strv_length (cells), >=, 4);
      code = g_strstrip (g_strdup (cells[1]));
      if (!ld_api_error_from_code (code, &parsed))
        g_error ("docs/api.md lists the error code “%s”, which the wire table lacks", code);
      g_assert_cmpuint (g_ascii_strtoull (g_strstrip (cells[2]), NULL, 10), ==,
                        ld_api_error_to_status (parsed));
      if (!g_hash_table_add (rows, g_steal_pointer (&code)))
        g_error ("docs/api.md lists an error code twice");
    }

  return rows;
}

static void
test_error_codes_documented (void)
{
  g_autofree char *doc = ld_test_api_doc_read ();
  g_autoptr(GHashTable) rows = error_table_rows (doc);
  /* "`409 conflict`" in the text, and "code": "…" in the examples. */
  g_autoptr(GRegex) in_text = g_regex_new ("`([1-5][0-9][0-9]) ([a-z]+(?:_[a-z]+)*)`", 0, 0, NULL);
  g_autoptr(GRegex) in_json = g_regex_new ("\"code\": *\"([a-z_]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_in_text = 0;

  /* Every code of the shared table, documented. */
  for (int code = 0; code <= LD_API_ERROR_LAST; code++)
    if (!g_hash_table_contains (rows, ld_api_error_to_code (code)))
      g_error ("docs/api.md does not list the error code “%s”", ld_api_error_to_code (code));
  g_assert_cmpuint (g_hash_table_size (rows), ==, LD_API_ERROR_LAST + 1);

  g_regex_match (in_text, doc, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *status = g_match_info_fetch (match, 1);
      g_autofree char *code = g_match_info_fetch (match, 2);
      LdApiError parsed;

      if (!ld_api_error_from_code (code, &parsed))
        g_error ("docs/api.md names “%s %s”: no such error code", status, code);
      if (ld_api_error_to_status (parsed) != g_ascii_strtoull (status, NULL, 10))
        g_error ("docs/api.md names “%s %s”: that code is %u", status, code,
                 ld_api_error_to_status (parsed));
      n_in_text++;
    }
  g_assert_cmpuint (n_in_text, >, 0);
  g_clear_pointer (&match, g_match_info_unref);

  g_regex_match (in_json, doc, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *code = g_match_info_fetch (match, 1);
      LdApiError parsed;

      if (!ld_api_error_from_code (code, &parsed))
        g_error ("docs/api.md shows the error code “%s”: no such code", code);
    }
}

static void
test_json_examples_parse (void)
{
  g_autofree char *doc = ld_test_api_doc_read ();
  g_autoptr(GPtrArray) blocks = ld_test_api_doc_json_blocks (doc);

  for (guint i = 0; i < blocks->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *text = g_ptr_array_index (blocks, i);
      g_autoptr(GError) error = NULL;

      if (!json_parser_load_from_data (parser, text, -1, &error))
        g_error ("a JSON example in docs/api.md does not parse (%s):\n%s", error->message, text);
    }
  g_assert_cmpuint (blocks->len, >, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/docs/api/every-route-documented-and-every-section-served",
                   test_routes_documented);
  g_test_add_func ("/docs/api/error-codes-are-the-wire-table", test_error_codes_documented);
  g_test_add_func ("/docs/api/json-examples-parse", test_json_examples_parse);

  return g_test_run ();
}
