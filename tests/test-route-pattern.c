/* test-route-pattern.c: the route patterns the router and the client's
 * request gate both match with
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-route-pattern.h"

static GHashTable *
params_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
test_literal_and_parameters (void)
{
  g_autoptr(GHashTable) params = params_new ();

  g_assert_true (ld_route_pattern_match ("/health", "/health", NULL));
  g_assert_false (ld_route_pattern_match ("/health", "/healthz", NULL));
  g_assert_false (ld_route_pattern_match ("/healthz", "/health", NULL));

  g_assert_true (ld_route_pattern_match ("/api/v1/orders/{id}/samples/{sample_id}",
                                         "/api/v1/orders/o-1/samples/s%2F2", params));
  g_assert_cmpuint (g_hash_table_size (params), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (params, "id"), ==, "o-1");
  /* A segment's escapes are undone: an escaped slash stays in its segment. */
  g_assert_cmpstr (g_hash_table_lookup (params, "sample_id"), ==, "s/2");
}

static void
test_whole_segments_only (void)
{
  g_autoptr(GHashTable) params = params_new ();
  const char *pattern = "/api/v1/orders/{id}/release";

  g_assert_false (ld_route_pattern_match (pattern, "/api/v1/orders//release", params));
  g_assert_false (ld_route_pattern_match (pattern, "/api/v1/orders/a/b/release", params));
  g_assert_false (ld_route_pattern_match (pattern, "/api/v1/orders/a/release/", params));
  g_assert_false (ld_route_pattern_match (pattern, "/api/v1/orders/a/release/x", params));
  g_assert_false (ld_route_pattern_match (pattern, "/api/v1/orders/", params));
  g_assert_false (ld_route_pattern_match (pattern, "/api/v1/orders", params));
  g_assert_false (ld_route_pattern_match ("/api/v1/orders/{id", "/api/v1/orders/a", params));
  /* Nothing is kept of a path that does not match. */
  g_assert_cmpuint (g_hash_table_size (params), ==, 0);
}

static void
test_bad_escape (void)
{
  g_autoptr(GHashTable) params = params_new ();

  /* It is the route; the value is refused later, as any bad id is. */
  g_assert_true (ld_route_pattern_match ("/api/v1/users/{id}", "/api/v1/users/%zz", params));
  g_assert_true (g_hash_table_contains (params, "id"));
  g_assert_null (g_hash_table_lookup (params, "id"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/route-pattern/literal-and-parameters", test_literal_and_parameters);
  g_test_add_func ("/route-pattern/whole-segments-only", test_whole_segments_only);
  g_test_add_func ("/route-pattern/bad-escape", test_bad_escape);
  return g_test_run ();
}
