/* ld-web-access-calls.c: a patient's web accounts, and the desk's web code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only place in the client that knows these paths and members
 * (docs/api.md, `GET /api/v1/patients/{id}/web-accounts` and
 * `POST /api/v1/patients/{id}/web-link-code`). Both need the server at
 * once: what is linked is the server's to say, and a code is made there,
 * shown once.
 */

#define G_LOG_DOMAIN "ld-web-access-calls"

#include "config.h"

#include "ld-json.h"
#include "ld-permissions.h"
#include "ld-time.h"
#include "ld-web-access-calls.h"

#define LIST_PATTERN "/api/v1/patients/{id}/web-accounts"
#define CODE_PATTERN "/api/v1/patients/{id}/web-link-code"

static gboolean
allows (const char *method,
        const char *pattern,
        LdRole      roles)
{
  const LdPermission *permission = ld_permissions_lookup (method, pattern);

  return permission != NULL && ld_permission_allows (permission, roles);
}

/**
 * ld_web_access_may_list:
 * @roles: the signed-in user's roles
 *
 * Returns: whether the shared permission table lets these roles see a
 *   patient's web accounts
 */
gboolean
ld_web_access_may_list (LdRole roles)
{
  return allows ("GET", LIST_PATTERN, roles);
}

/**
 * ld_web_access_may_give_code:
 * @roles: the signed-in user's roles
 *
 * Returns: whether the shared permission table lets these roles make a
 *   web link code, so that the page offers only what the server allows
 */
gboolean
ld_web_access_may_give_code (LdRole roles)
{
  return allows ("POST", CODE_PATTERN, roles);
}

void
ld_web_account_free (LdWebAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->account_id);
  g_free (account->email);
  g_free (account->phone);
  g_free (account);
}

void
ld_web_link_code_free (LdWebLinkCode *code)
{
  if (code == NULL)
    return;
  g_free (code->code);
  g_free (code);
}

static gint64
read_time (JsonObject *object,
           const char *name)
{
  const char *text = ld_json_object_get_string (object, name);
  gint64 us = 0;

  if (text == NULL || !ld_time_parse_rfc3339 (text, &us))
    return 0;
  return us;
}

static LdWebAccount *
read_account (JsonObject *object)
{
  LdWebAccount *account;

  if (ld_json_object_get_string (object, "account_id") == NULL)
    return NULL;

  account = g_new0 (LdWebAccount, 1);
  account->account_id = g_strdup (ld_json_object_get_string (object, "account_id"));
  account->email = g_strdup (ld_json_object_get_string (object, "email"));
  account->phone = g_strdup (ld_json_object_get_string (object, "phone"));
  account->family = g_strcmp0 (ld_json_object_get_string (object, "relation"), "family") == 0;
  account->by_code = g_strcmp0 (ld_json_object_get_string (object, "linked_by"), "desk-code") == 0;
  account->linked_us = read_time (object, "linked_at");
  account->needs_review =
    json_object_get_boolean_member_with_default (object, "needs_review", FALSE);
  return account;
}

static char *
patient_path (const char *patient_id,
              const char *what)
{
  g_autofree char *escaped = g_uri_escape_string (patient_id, NULL, FALSE);

  return g_strdup_printf ("/api/v1/patients/%s/%s", escaped, what);
}

/**
 * ld_web_accounts_list_async:
 * @client: the session's API client
 * @patient_id: a patient
 *
 * GET /api/v1/patients/{id}/web-accounts: the accounts linked to the
 * patient, oldest link first. Finish with ld_web_accounts_list_finish().
 */
void
ld_web_accounts_list_async (LdApiClient         *client,
                            const char          *patient_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client) && patient_id != NULL);

  path = patient_path (patient_id, "web-accounts");
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, callback, user_data);
}

/**
 * ld_web_accounts_list_finish:
 *
 * Returns: (transfer full) (element-type LdWebAccount) (nullable): the
 *   accounts
 */
GPtrArray *
ld_web_accounts_list_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonNode) answer = ld_api_client_request_finish (client, result, NULL, error);

  if (answer == NULL)
    return NULL;
  return ld_api_answer_read_items (answer, (LdApiItemReader) read_account,
                                   (GDestroyNotify) ld_web_account_free, error);
}

/**
 * ld_web_link_code_new_async:
 * @client: the session's API client
 * @patient_id: a patient
 *
 * POST /api/v1/patients/{id}/web-link-code with `{}`: a new one-time code
 * that links the patient's record to a web account. Each press is a new
 * code, so the call carries no idempotency key to replay an old one.
 */
void
ld_web_link_code_new_async (LdApiClient         *client,
                            const char          *patient_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client) && patient_id != NULL);

  path = patient_path (patient_id, "web-link-code");
  ld_api_client_request_async (client, "POST", path, "{}", NULL, cancellable, callback,
                               user_data);
}

/**
 * ld_web_link_code_new_finish:
 *
 * Returns: (transfer full) (nullable): the code and its expiry
 */
LdWebLinkCode *
ld_web_link_code_new_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonNode) answer = ld_api_client_request_finish (client, result, NULL, error);
  g_autoptr(LdWebLinkCode) code = NULL;
  JsonObject *object;

  if (answer == NULL)
    return NULL;
  object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  code = g_new0 (LdWebLinkCode, 1);
  code->code = g_strdup (object ? ld_json_object_get_string (object, "code") : NULL);
  code->expires_us = object ? read_time (object, "expires_at") : 0;
  if (code->code == NULL || code->expires_us == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }
  return g_steal_pointer (&code);
}
