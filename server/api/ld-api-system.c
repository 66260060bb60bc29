/* ld-api-system.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-system"

#include "config.h"

#include "ld-api.h"
#include "ld-time.h"
#include "../store/ld-store-notifications.h"

/* GET /health: for load balancers and the IT person; no token, no data. */
static gboolean
get_health (LdHttpRequest  *req,
            GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) db_error = NULL;
  gint64 schema = 0;
  gboolean db_ok;

  db_ok =
    ld_store_ping (req->store, &db_error) && ld_store_get_schema (req->store, &schema, &db_error);
  if (!db_ok)
    g_warning ("request %s: health: database: %s", req->request_id, db_error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, db_ok ? "ok" : "unavailable");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "database");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, db_ok ? "ok" : "unavailable");
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, schema);
  json_builder_set_member_name (builder, "latest_schema");
  json_builder_add_int_value (builder, ld_store_get_latest_schema_for (req->store));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  ld_http_respond_json (req, db_ok ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
  return TRUE;
}

/* The notification outbox: how many messages in each state on each
 * channel (every pair written, 0 when none), and how long
 * the oldest still waiting has waited (a sender that is stuck, or a mail
 * server that refuses, shows there first). */
static void
append_outbox (LdHttpRequest *req,
               GString       *text)
{
  static const char * const channels[] = { "email", "sms" };
  static const char * const states[] = { "waiting",  "sending",  "sent",     "failed",
                                         "given_up", "withheld", "cancelled" };
  g_autoptr(GHashTable) counts = NULL;
  gint64 oldest_us = 0;

  counts = ld_store_notifications_figures (req->store, ld_time_now (), &oldest_us, NULL);
  if (counts == NULL)
    return;
  g_string_append (text, "# HELP labdesk_notifications Messages in the outbox, by channel and"
                         " state.\n"
                         "# TYPE labdesk_notifications gauge\n");
  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        g_autofree char *key = g_strdup_printf ("%s/%s", channels[c], states[i]);
        const gint64 *count = g_hash_table_lookup (counts, key);

        g_string_append_printf (
          text, "labdesk_notifications{channel=\"%s\",state=\"%s\"} %" G_GINT64_FORMAT "\n",
          channels[c], states[i], count != NULL ? *count : 0);
      }
  g_string_append_printf (text,
                          "# HELP labdesk_notifications_oldest_waiting_seconds How long the oldest"
                          " message still waiting has waited; 0 when none waits.\n"
                          "# TYPE labdesk_notifications_oldest_waiting_seconds gauge\n"
                          "labdesk_notifications_oldest_waiting_seconds %.3f\n",
                          oldest_us / (double) G_USEC_PER_SEC);
}

/* GET /metrics: Prometheus text; routes and statuses only. */
static gboolean
get_metrics (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *requests = ld_metrics_render (req->metrics);
  guint64 commits, durable, syncs, pages;
  guint frames, restarts, at_arrival, at_turn;

  g_string_append (text, requests);
  ld_api_release_get_render_counts (&at_arrival, &at_turn);
  g_string_append_printf (
    text,
    "# HELP labdesk_release_renders_total Reports rendered on a reader ahead of their"
    " release's write, by when the render began.\n"
    "# TYPE labdesk_release_renders_total counter\n"
    "labdesk_release_renders_total{begun=\"arrival\"} %u\n"
    "labdesk_release_renders_total{begun=\"turn\"} %u\n",
    at_arrival, at_turn);
  if (ld_store_get_sync_counts (req->store, &commits, &durable, &syncs, &pages))
    g_string_append_printf (
      text,
      "# HELP labdesk_log_commits_total Commits that wrote the database's log.\n"
      "# TYPE labdesk_log_commits_total counter\n"
      "labdesk_log_commits_total %" G_GUINT64_FORMAT "\n"
      "# HELP labdesk_log_commits_durable_total Of those, the commits"
      " a finished sync has on disk.\n"
      "# TYPE labdesk_log_commits_durable_total counter\n"
      "labdesk_log_commits_durable_total %" G_GUINT64_FORMAT "\n"
      "# HELP labdesk_log_syncs_total Syncs of the log to disk, each shared"
      " by the commits made before it.\n"
      "# TYPE labdesk_log_syncs_total counter\n"
      "labdesk_log_syncs_total %" G_GUINT64_FORMAT "\n"
      "# HELP labdesk_log_pages_total Pages the commits wrote to the log.\n"
      "# TYPE labdesk_log_pages_total counter\n"
      "labdesk_log_pages_total %" G_GUINT64_FORMAT "\n",
      commits, durable, syncs, pages);
  if (ld_store_get_log_figures (req->store, &frames, &restarts))
    g_string_append_printf (
      text,
      "# HELP labdesk_log_frames The log's length at the last commit, in pages.\n"
      "# TYPE labdesk_log_frames gauge\n"
      "labdesk_log_frames %u\n"
      "# HELP labdesk_log_restarts_total Times a long log was started again from its"
      " beginning.\n"
      "# TYPE labdesk_log_restarts_total counter\n"
      "labdesk_log_restarts_total %u\n",
      frames, restarts);
  append_outbox (req, text);
  ld_http_respond_text (req, SOUP_STATUS_OK, "text/plain; version=0.0.4",
                        g_string_free (g_steal_pointer (&text), FALSE));
  return TRUE;
}

void
ld_api_system_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/health", get_health);
  ld_router_add (router, "GET", "/metrics", get_metrics);
}
