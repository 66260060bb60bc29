/* ld-api-backups.c: backups the administrator takes from the client
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The work is ld-backup-runner.c's; see docs/api.md, "Backups".
 */

#define G_LOG_DOMAIN "ld-api-backups"

#include "config.h"

#include "ld-api.h"
#include "ld-time.h"
#include "../service/ld-backup-runner.h"
#include "ld-service-backups.h"

/* Retention keeps at most 1000 (backup_keep's maximum), and a few running
 * or failed beside them. */
#define MAX_LISTED 1100

static void
backup_to_json (const LdBackup *backup,
                JsonBuilder    *builder)
{
  g_autofree char *started = ld_time_format_rfc3339 (backup->started_us);
  g_autofree char *finished = NULL;

  if (backup->finished_us > 0)
    finished = ld_time_format_rfc3339 (backup->finished_us);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", backup->id);
  ld_json_builder_add_string (builder, "file_name", backup->file_name);
  ld_json_builder_add_string (builder, "started_at", started);
  ld_json_builder_add_string (builder, "finished_at", finished);
  json_builder_set_member_name (builder, "duration_ms");
  if (backup->finished_us > 0)
    json_builder_add_int_value (builder, (backup->finished_us - backup->started_us) / 1000);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "size_bytes");
  if (backup->size_bytes >= 0)
    json_builder_add_int_value (builder, backup->size_bytes);
  else
    json_builder_add_null_value (builder);
  ld_json_builder_add_string (builder, "state", backup->state);
  ld_json_builder_add_string (builder, "problem", backup->problem);
  json_builder_end_object (builder);
}

/* A refusal that says why in `reason` beside the error, so a client can
 * tell "not configured" from "one is running" without reading English. */
static void
respond_conflict (LdHttpRequest *req,
                  const char    *reason,
                  const char    *message)
{
  g_autoptr(GError) error = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_CONFLICT, message);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, reason);
  ld_http_respond_error_with (req, error, "reason", node);
}

/* POST /api/v1/backups {} */
static gboolean
start_backup (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(LdBackup) backup = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  LdBackupStarter starter;

  if (!ld_http_request_read_empty (req, error))
    return FALSE;

  if (ld_backup_runner_get_dir (req->backup_runner) == NULL)
    {
      respond_conflict (req, "backups_not_configured",
                        "Backups are not configured on this server: set backup-dir in the "
                        "[server] group of its configuration file, or start it with "
                        "--backup-dir, then restart it.");
      return TRUE;
    }
  if (ld_backup_runner_get_running (req->backup_runner) != NULL)
    {
      respond_conflict (req, "backup_running",
                        "A backup is already running; wait for it to finish.");
      return TRUE;
    }

  backup = ld_backup_runner_prepare (req->backup_runner);
  if (!ld_service_start_backup (ld_http_request_get_service (req), backup, error))
    return FALSE;

  starter.user_id = ld_user_get_id (req->user);
  starter.username = ld_user_get_username (req->user);
  starter.client = req->client;
  ld_backup_runner_start (req->backup_runner, backup, &starter);

  builder = json_builder_new ();
  backup_to_json (backup, builder);
  ld_http_respond_json (req, SOUP_STATUS_ACCEPTED, builder);
  return TRUE;
}

/* GET /api/v1/backups */
static gboolean
list_backups (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;

  backups = ld_store_backups_list (req->store, MAX_LISTED, error);
  if (backups == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "configured");
  json_builder_add_boolean_value (builder, ld_backup_runner_get_dir (req->backup_runner) != NULL);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < backups->len; i++)
    backup_to_json (g_ptr_array_index (backups, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_backups_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/backups", list_backups);
  ld_router_add (router, "POST", "/api/v1/backups", start_backup);
}
