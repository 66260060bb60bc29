/* test-error-table.c: the one wire error table both programs use
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-error.h"
#include "ld-role.h"

static void
test_codes_round_trip (void)
{
  static const struct
  {
    LdApiError  code;
    const char *string;
    guint       status;
  } expected[] = {
    { LD_API_ERROR_BAD_REQUEST, "bad_request", 400 },
    { LD_API_ERROR_VALIDATION_FAILED, "validation_failed", 422 },
    { LD_API_ERROR_UNAUTHORIZED, "unauthorized", 401 },
    { LD_API_ERROR_FORBIDDEN, "forbidden", 403 },
    { LD_API_ERROR_NOT_FOUND, "not_found", 404 },
    { LD_API_ERROR_METHOD_NOT_ALLOWED, "method_not_allowed", 405 },
    { LD_API_ERROR_CONFLICT, "conflict", 409 },
    { LD_API_ERROR_GONE, "gone", 410 },
    { LD_API_ERROR_PAYLOAD_TOO_LARGE, "payload_too_large", 413 },
    { LD_API_ERROR_RATE_LIMITED, "rate_limited", 429 },
    { LD_API_ERROR_UNAVAILABLE, "unavailable", 503 },
    { LD_API_ERROR_INTERNAL, "internal", 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      LdApiError parsed;

      g_assert_cmpstr (ld_api_error_to_code (expected[i].code), ==, expected[i].string);
      g_assert_cmpuint (ld_api_error_to_status (expected[i].code), ==, expected[i].status);
      g_assert_true (ld_api_error_from_code (expected[i].string, &parsed));
      g_assert_cmpint (parsed, ==, expected[i].code);
    }
}

static void
test_unknown_code_is_refused (void)
{
  LdApiError parsed = LD_API_ERROR_GONE;

  g_assert_false (ld_api_error_from_code ("teapot", &parsed));
  g_assert_false (ld_api_error_from_code (NULL, &parsed));
  g_assert_cmpint (parsed, ==, LD_API_ERROR_GONE);
}

static void
test_fields_travel_with_copies (void)
{
  g_autoptr(GError) error = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, "x");
  g_autoptr(GError) copy = NULL;

  ld_api_error_set_field (error, "date_of_birth", "is in the future");
  copy = g_error_copy (error);
  g_assert_cmpstr (g_hash_table_lookup (ld_api_error_get_fields (copy), "date_of_birth"),
                   ==, "is in the future");
}

static void
test_roles_parse_and_print (void)
{
  const char *names[] = { "doctor", "admin", NULL };
  const char *bad_names[] = { "doctor", "janitor", NULL };
  g_auto(GStrv) back = NULL;
  const char *bad = NULL;
  LdRole roles;

  g_assert_true (ld_roles_from_strv (names, &roles, NULL));
  g_assert_cmpint (roles, ==, LD_ROLE_DOCTOR | LD_ROLE_ADMIN);
  back = ld_roles_to_strv (roles);
  g_assert_cmpstr (back[0], ==, "doctor");
  g_assert_cmpstr (back[1], ==, "admin");
  g_assert_null (back[2]);

  g_assert_false (ld_roles_from_strv (bad_names, &roles, &bad));
  g_assert_cmpstr (bad, ==, "janitor");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/error/codes-round-trip", test_codes_round_trip);
  g_test_add_func ("/shared/error/unknown-code-is-refused", test_unknown_code_is_refused);
  g_test_add_func ("/shared/error/fields-travel-with-copies", test_fields_travel_with_copies);
  g_test_add_func ("/shared/role/parse-and-print", test_roles_parse_and_print);

  return g_test_run ();
}
