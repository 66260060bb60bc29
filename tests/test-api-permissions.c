/* test-api-permissions.c: every row of the permission table, over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One table-driven walk: every endpoint is refused without a token (401),
 * refused to every role the table does not name (403), and let through to
 * every role it does. Refusals must write nothing, not even an audit event.
 */

#include "config.h"

#include "ld-sqlite.h"
#include "ld-test-http.h"
#include "domain/ld-permissions.h"

static const struct
{
  LdRole      role;
  const char *username;
  const char *password;
} role_users[] = {
  { LD_ROLE_ADMIN, "admin", LD_TEST_ADMIN_PASSWORD },
  { LD_ROLE_RECEPTION, "reception", LD_TEST_RECEPTION_PASSWORD },
  { LD_ROLE_DOCTOR, "doctor", LD_TEST_DOCTOR_PASSWORD },
  { LD_ROLE_TECHNICIAN, "technician", LD_TEST_TECHNICIAN_PASSWORD },
};

static char *
fill_pattern (const char *pattern,
              const char *id)
{
  g_autoptr(GString) path = g_string_new (pattern);

  g_string_replace (path, "{id}", id, 0);
  g_string_replace (path, "{code}", "HB", 0);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Every write leaves an audit event or raises a row count or version. */
static gint64
count_writes (LdTestServer *server)
{
  return ld_test_server_query_int (
    server, "SELECT (SELECT count(*) FROM audit_events)"
            " + (SELECT count(*) + coalesce(sum(version), 0) FROM users)"
            " + (SELECT coalesce(max(version), 0) FROM settings)"
            " + (SELECT count(*) + coalesce(sum(version), 0) FROM patients)"
            " + (SELECT count(*) + coalesce(sum(version), 0) FROM catalog_tests)"
            " + (SELECT count(*) + coalesce(sum(version), 0) FROM catalog_panels)"
            " + (SELECT count(*) + coalesce(sum(version), 0) FROM orders)"
            " + (SELECT count(*) + coalesce(sum(version), 0) FROM payments)");
}

static LdTestResponse *
call (LdTestServer       *server,
      const LdPermission *row,
      const char         *path,
      const char         *token)
{
  /* A body that parses but changes nothing if it gets through. */
  if (g_str_equal (row->method, "GET") || g_str_equal (row->method, "DELETE"))
    return ld_test_request (server, row->method, path, token, NULL, NULL, 0);

  return ld_test_send_json (server, row->method, path, token, "{}");
}

static void
test_every_endpoint (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  char *tokens[G_N_ELEMENTS (role_users)] = { NULL };
  g_autofree char *admin_id = NULL;
  const LdPermission *table;
  gint64 writes_before;
  guint n_rows, n_allowed = 0, n_forbidden = 0;

  for (guint r = 0; r < G_N_ELEMENTS (role_users); r++)
    tokens[r] = ld_test_login (server, role_users[r].username, role_users[r].password);

  {
    g_autoptr(LdTestResponse) me = ld_test_get (server, "/api/v1/sessions/current", tokens[0]);
    admin_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  }

  table = ld_permissions_get_table (&n_rows);
  g_assert_cmpuint (n_rows, >, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      const LdPermission *row = &table[i];
      g_autofree char *path = fill_pattern (row->pattern, admin_id);

      g_test_message ("%s %s", row->method, row->pattern);

      /* Without a token, and with a token that is not a session. */
      writes_before = count_writes (server);
      {
        g_autoptr(LdTestResponse) anonymous = call (server, row, path, NULL);
        g_autoptr(LdTestResponse) forged = call (server, row, path, "not-a-real-token");

        /* Webhooks need no session but a signature of the body, which an
         * unsigned call lacks (test-api-payments checks signed ones). */
        if (row->is_public && g_str_has_prefix (row->pattern, "/api/v1/webhooks/"))
          {
            ld_test_assert_error (anonymous, 401, "unauthorized");
            continue;
          }
        /* The patient pages check a web session of their own (server/web/):
         * a form sent without one is refused by the page (403), never as
         * the API's 401; a bearer token is nothing to them. */
        if (row->is_public && g_str_has_prefix (row->pattern, "/my/"))
          {
            g_assert_cmpuint (anonymous->status, !=, 401);
            g_assert_cmpuint (forged->status, ==, anonymous->status);
            continue;
          }
        if (row->is_public)
          {
            g_assert_cmpuint (anonymous->status, !=, 401);
            g_assert_cmpuint (anonymous->status, !=, 403);
            continue;
          }
        ld_test_assert_error (anonymous, 401, "unauthorized");
        ld_test_assert_error (forged, 401, "unauthorized");
      }

      for (guint r = 0; r < G_N_ELEMENTS (role_users); r++)
        {
          g_autoptr(LdTestResponse) resp = NULL;

          if (ld_permission_allows (row, role_users[r].role))
            continue;
          resp = call (server, row, path, tokens[r]);
          ld_test_assert_error (resp, 403, "forbidden");
          n_forbidden++;
        }
      g_assert_cmpint (count_writes (server), ==, writes_before);

      for (guint r = 0; r < G_N_ELEMENTS (role_users); r++)
        {
          g_autoptr(LdTestResponse) resp = NULL;
          g_autofree char *fresh = NULL;

          if (!ld_permission_allows (row, role_users[r].role))
            continue;

          /* Log-out ends the session it is called with; use a spare one. */
          if (g_str_equal (row->method, "DELETE"))
            fresh = ld_test_login (server, role_users[r].username, role_users[r].password);
          resp = call (server, row, path, fresh ? fresh : tokens[r]);
          /* Release and amendment let the roles through to a second gate:
           * the user must be an authorised signatory (test-api-signing). */
          /* Need-to-know narrows a doctor's reads to their own patients,
           * and the list of orders to one of them (test-api-need-to-know). */
          if (resp->status == 403 && (strstr (resp->body, "an authorised signatory") != NULL ||
                                      strstr (resp->body, "A doctor lists the orders") != NULL))
            {
              n_allowed++;
              continue;
            }
          if (resp->status == 401 || resp->status == 403)
            g_error ("%s %s refused %s: %s", row->method, row->pattern,
                     role_users[r].username, resp->body);
          n_allowed++;
        }
    }

  g_assert_cmpuint (n_forbidden, >, 0);
  g_assert_cmpuint (n_allowed, >, 0);

  for (guint r = 0; r < G_N_ELEMENTS (role_users); r++)
    g_free (tokens[r]);
}

static char *
role_list (LdRole roles)
{
  g_auto(GStrv) names = ld_roles_to_strv (roles);

  return g_strjoinv (", ", names);
}

/* docs/api.md has a "### METHOD path" section for every row, and the
 * section's "Roles:" line names the row's roles. */
static void
test_api_doc_matches_table (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "api.md", NULL);
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  const LdPermission *table;
  guint n_rows;

  g_file_get_contents (path, &doc, NULL, &error);
  g_assert_no_error (error);

  table = ld_permissions_get_table (&n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *heading =
        g_strdup_printf ("\n### %s %s\n", table[i].method, table[i].pattern);
      g_autofree char *expected = NULL;
      const char *section = strstr (doc, heading);
      const char *roles_line;

      if (section == NULL)
        g_error ("docs/api.md has no section “%s”", g_strstrip (g_strdup (heading)));

      roles_line = strstr (section + strlen (heading), "Roles: ");
      g_assert_nonnull (roles_line);
      if (table[i].is_public)
        expected = g_strdup ("Roles: none");
      else if (table[i].roles == LD_ROLE_ALL)
        expected = g_strdup ("Roles: any signed-in user");
      else
        {
          g_autofree char *names = role_list (table[i].roles);
          expected = g_strdup_printf ("Roles: %s.", names);
        }

      if (!g_str_has_prefix (roles_line, expected))
        g_error ("docs/api.md, %s %s: expected “%s”", table[i].method, table[i].pattern, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/permissions/every-endpoint", test_every_endpoint);
  g_test_add_func ("/server/permissions/api-doc-matches-table", test_api_doc_matches_table);

  return g_test_run ();
}
