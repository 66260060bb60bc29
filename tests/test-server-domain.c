/* test-server-domain.c: the server's rules, without HTTP or storage
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "domain/ld-audit.h"
#include "domain/ld-login-policy.h"
#include "domain/ld-password.h"
#include "domain/ld-permissions.h"
#include "domain/ld-user-rules.h"

#define SEC G_USEC_PER_SEC

static void
test_lock_after_max_failures (void)
{
  g_autoptr(LdSettings) settings = ld_settings_new ();
  gint64 failures = 0, locked_until = 0, now = 1000 * SEC;

  settings->login_max_failures = 3;
  settings->login_lock_seconds = 60;

  g_assert_false (ld_login_register_failure (settings, failures, now, &failures, &locked_until));
  g_assert_false (ld_login_register_failure (settings, failures, now, &failures, &locked_until));
  g_assert_cmpint (failures, ==, 2);
  g_assert_true (ld_login_register_failure (settings, failures, now, &failures, &locked_until));
  g_assert_cmpint (failures, ==, 0);
  g_assert_cmpint (locked_until, ==, now + 60 * SEC);

  g_assert_true (ld_login_is_locked (locked_until, now + 59 * SEC));
  g_assert_false (ld_login_is_locked (locked_until, now + 60 * SEC));
}

static void
test_session_expiry (void)
{
  g_autoptr(LdSettings) settings = ld_settings_new ();
  gint64 created = 1000 * SEC;

  settings->session_idle_seconds = 100;
  settings->session_absolute_seconds = 1000;

  /* Idle: measured from the last use. */
  g_assert_false (ld_session_is_expired (settings, created, created, created + 99 * SEC));
  g_assert_true (ld_session_is_expired (settings, created, created, created + 100 * SEC));
  /* Absolute: measured from the start, however busy the session is. */
  g_assert_false (ld_session_is_expired (settings, created, created + 950 * SEC, created + 999 * SEC));
  g_assert_true (ld_session_is_expired (settings, created, created + 990 * SEC, created + 1000 * SEC));
  g_assert_cmpint (ld_session_expires_at (settings, created, created + 950 * SEC), ==,
                   created + 1000 * SEC);
}

static void
test_permission_table (void)
{
  const LdPermission *users = ld_permissions_lookup ("POST", "/api/v1/users");
  const LdPermission *health = ld_permissions_lookup ("GET", "/health");
  const LdPermission *table;
  guint n;

  g_assert_nonnull (users);
  g_assert_true (ld_permission_allows (users, LD_ROLE_ADMIN | LD_ROLE_DOCTOR));
  g_assert_false (ld_permission_allows (users, LD_ROLE_DOCTOR | LD_ROLE_RECEPTION));
  g_assert_true (health->is_public);
  g_assert_null (ld_permissions_lookup ("DELETE", "/api/v1/users"));

  /* No row is both public and role-restricted, and none allows nobody. */
  table = ld_permissions_get_table (&n);
  for (guint i = 0; i < n; i++)
    g_assert_true (table[i].is_public != (table[i].roles != LD_ROLE_NONE));
}

static void
test_username_rules (void)
{
  const char *reason = NULL;

  g_assert_true (ld_user_rules_check_username ("dr.mehta", &reason));
  g_assert_true (ld_user_rules_check_username ("tech_2", &reason));
  g_assert_false (ld_user_rules_check_username ("x", &reason));
  g_assert_false (ld_user_rules_check_username ("Admin", &reason));
  g_assert_false (ld_user_rules_check_username ("-admin", &reason));
  g_assert_false (ld_user_rules_check_username ("a b", &reason));
  g_assert_false (ld_user_rules_check_username ("ऋषि", &reason));
  g_assert_nonnull (reason);
}

static void
test_passwords (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *generated = ld_password_generate ();
  g_autofree char *hash = NULL;
  const char *reason;

  g_assert_true (ld_password_init (&error));
  g_assert_cmpuint (strlen (generated), ==, 16);
  g_assert_true (ld_password_is_acceptable (generated, &reason));
  g_assert_false (ld_password_is_acceptable ("short", &reason));

  hash = ld_password_hash (generated, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (ld_password_verify (hash, generated));
  g_assert_false (ld_password_verify (hash, "not the password"));
  g_assert_false (ld_password_verify (NULL, generated));
}

static void
test_tokens (void)
{
  g_autofree char *a = ld_token_generate ();
  g_autofree char *b = ld_token_generate ();
  g_autofree char *hash = ld_token_hash (a);

  /* 32 bytes in unpadded base64url are 43 characters. */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_null (strstr (hash, a));
}

static void
test_audit_hash_covers_every_field (void)
{
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
  g_autofree char *original = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *renamed = NULL;

  event->seq = 3;
  event->at = g_strdup ("2026-11-22T10:00:00.000Z");
  event->username = g_strdup ("admin");
  event->action = g_strdup ("user.update");
  event->entity = g_strdup ("user");
  event->entity_id = g_strdup ("abc");
  event->prev_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
  original = ld_audit_event_compute_hash (event);

  /* Moving text from one field to its neighbour must change the hash. */
  g_free (event->entity);
  g_free (event->entity_id);
  event->entity = g_strdup ("usera");
  event->entity_id = g_strdup ("bc");
  moved = ld_audit_event_compute_hash (event);
  g_assert_cmpstr (original, !=, moved);

  g_free (event->username);
  event->username = g_strdup ("mallory");
  renamed = ld_audit_event_compute_hash (event);
  g_assert_cmpstr (moved, !=, renamed);
}

static void
test_settings_values (void)
{
  const LdSettingSpec *spec = ld_settings_lookup_spec ("login_max_failures");
  g_autoptr(JsonNode) good = json_node_init_int (json_node_alloc (), 7);
  g_autoptr(JsonNode) too_big = json_node_init_int (json_node_alloc (), 100000);
  g_autoptr(JsonNode) text = json_node_init_string (json_node_alloc (), "7");
  g_autofree char *stored = NULL;
  g_autoptr(LdSettings) settings = ld_settings_new ();
  const char *reason;

  g_assert_nonnull (spec);
  g_assert_true (ld_settings_parse_value (spec, good, &stored, &reason));
  g_assert_cmpstr (stored, ==, "7");
  g_assert_false (ld_settings_parse_value (spec, too_big, &stored, &reason));
  g_assert_cmpstr (reason, ==, "is out of range");
  g_assert_false (ld_settings_parse_value (spec, text, &stored, &reason));
  g_assert_null (ld_settings_lookup_spec ("no_such_setting"));

  /* A stored row out of range keeps the default rather than a bad value. */
  g_assert_false (ld_settings_set_text (settings, "login_max_failures", "0"));
  g_assert_cmpint (settings->login_max_failures, ==, 5);
  g_assert_true (ld_settings_set_text (settings, "login_max_failures", "9"));
  g_assert_cmpint (settings->login_max_failures, ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/domain/lock-after-max-failures", test_lock_after_max_failures);
  g_test_add_func ("/server/domain/session-expiry", test_session_expiry);
  g_test_add_func ("/server/domain/permission-table", test_permission_table);
  g_test_add_func ("/server/domain/username-rules", test_username_rules);
  g_test_add_func ("/server/domain/passwords", test_passwords);
  g_test_add_func ("/server/domain/tokens", test_tokens);
  g_test_add_func ("/server/domain/audit-hash-covers-every-field", test_audit_hash_covers_every_field);
  g_test_add_func ("/server/domain/settings-values", test_settings_values);

  return g_test_run ();
}
