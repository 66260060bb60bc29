/* ld-api-changes.c: the change feed and its WebSocket
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records in the feed can hold patient data, so every page read is
 * audited with where it started and how much it showed, never the data.
 */

#define G_LOG_DOMAIN "ld-api-changes"

#include "config.h"

#include "ld-api.h"
#include "ld-events.h"
#include "ld-json.h"
#include "ld-time.h"
#include "ld-care-access.h"
#include "ld-service-access.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE 1000
/* A page stops growing once its records hold this much text: a thousand
 * orders are megabytes, and a page's cost must not follow its rows. */
#define PAGE_BYTES (256 * 1024)

/* Reads the feed position @name; when absent, FALSE with @message
 * unless @out_present is given. */
static gboolean
read_seq (LdHttpRequest  *req,
          const char     *name,
          const char     *message,
          gboolean       *out_present,
          gint64         *out_seq,
          GError        **error)
{
  const char *text = ld_http_request_get_query (req, name);
  guint64 value = 0;

  if (text == NULL && out_present != NULL)
    {
      *out_present = FALSE;
      return TRUE;
    }
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      GError *local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, message);

      ld_api_error_set_field (local, name,
                              text == NULL ? "is required" : "must be a whole number from 0");
      g_propagate_error (error, local);
      return FALSE;
    }

  if (out_present != NULL)
    *out_present = TRUE;
  *out_seq = value;
  return TRUE;
}

static gboolean
refuse_seq (const char  *name,
            const char  *message,
            const char  *field_message,
            GError     **error)
{
  GError *local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, message);

  ld_api_error_set_field (local, name, field_message);
  g_propagate_error (error, local);
  return FALSE;
}

/* A change whose stored record cannot be read (an old database may hold
 * invalid UTF-8 or broken JSON) is shown without it, flagged, so that one
 * record never stops the feed; the log names the change, never its data. */
static void
add_change (JsonBuilder         *builder,
            const LdStoreChange *change)
{
  g_autoptr(JsonNode) record = NULL;
  gboolean damaged;

  if (change->record != NULL)
    record = ld_json_parse (change->record, -1, NULL);
  if (record != NULL && !JSON_NODE_HOLDS_OBJECT (record))
    g_clear_pointer (&record, json_node_unref);
  damaged = record == NULL;
  if (damaged)
    g_warning ("Change %" G_GINT64_FORMAT " (%s %s) holds a damaged record; it is served"
               " without it.", change->seq, change->entity, change->entity_id);

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "seq", change->seq);
  ld_json_builder_add_string (builder, "entity", change->entity);
  ld_json_builder_add_string (builder, "id", change->entity_id);
  ld_json_builder_add_string (builder, "at", change->at);
  json_builder_set_member_name (builder, "record");
  json_builder_add_value (builder,
                          damaged ? json_node_new (JSON_NODE_NULL) : g_steal_pointer (&record));
  if (damaged)
    ld_json_builder_add_bool (builder, "damaged", TRUE);
  json_builder_end_object (builder);
}

static void
add_changes (JsonBuilder *builder,
             GPtrArray   *changes)
{
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    add_change (builder, g_ptr_array_index (changes, i));
  json_builder_end_array (builder);
}

/* Who reads: need-to-know keeps a doctor's feed to their own patients. */
static LdFeedReader
make_reader (LdHttpRequest *req)
{
  LdRole roles = ld_user_get_roles (req->user);
  LdFeedReader reader = { ld_care_access_free_roles (roles), ld_care_access_kept_roles (roles),
                          ld_user_get_id (req->user), ld_time_now () };

  return reader;
}

/* One page of the feed, read and audited in one transaction. */
typedef struct
{
  LdFeedReader  reader;
  guint         limit;
  gint64        since;
  gboolean      has_at;
  gint64        at;
  gint64        after;
  JsonBuilder  *builder;
} FeedPage;

static gboolean
read_changes (LdStore        *store,
              gpointer        data,
              LdAuditedRead  *audited,
              GError        **error)
{
  FeedPage *page = data;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdStoreChange *last;
  gboolean more;
  gint64 head;

  /* The head is read before the page, so "next" never skips a change
   * committed between the two. */
  if (!ld_store_changes_get_head (store, &head, error))
    return FALSE;

  changes = ld_store_changes_list (store, page->since, &page->reader, page->limit,
                                   PAGE_BYTES, &more, error);
  if (changes == NULL)
    return FALSE;

  /* On PostgreSQL each statement reads the commits made by then, so the
   * page may go past the head read before it (the feed is always a
   * prefix in seq order, ld-store-changes.c): "next" never goes back
   * behind a change shown, which the reader would be shown twice. */
  last = changes->len > 0 ? g_ptr_array_index (changes, changes->len - 1) : NULL;
  if (last != NULL)
    head = MAX (head, last->seq);

  json_builder_begin_object (builder);
  add_changes (builder, changes);
  /* Past the last change shown, or past everything this user may see. */
  ld_json_builder_add_int (builder, "next", more ? last->seq : head);
  ld_json_builder_add_int (builder, "last_seq", head);
  json_builder_end_object (builder);

  g_set_object (&page->builder, builder);
  audited->detail =
    g_strdup_printf ("since %" G_GINT64_FORMAT ", %u shown", page->since, changes->len);
  return TRUE;
}

/* GET /api/v1/changes?since=…&limit=… */
static gboolean
list_changes (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { "since", "limit", NULL };
  g_autoptr(JsonBuilder) builder = NULL;
  FeedPage page = { make_reader (req) };
  gboolean read;

  if (!ld_http_query_check_known (req, known, error) ||
      !read_seq (req, "since", "Say where to read from: since=0 for the whole feed, "
                 "or the seq reached so far.", NULL, &page.since, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &page.limit, error))
    return FALSE;

  read = ld_service_read_audited (ld_http_request_get_service (req), "change.read", "change",
                                  read_changes, &page, error);
  builder = g_steal_pointer (&page.builder);
  if (!read)
    return FALSE;

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

static gboolean
read_snapshot (LdStore        *store,
               gpointer        data,
               LdAuditedRead  *audited,
               GError        **error)
{
  FeedPage *page = data;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) local = NULL;
  gboolean more;
  gint64 head;

  /* One read transaction: the head and the page agree. */
  if (!ld_store_changes_get_head (store, &head, error))
    return FALSE;
  if (!page->has_at)
    page->at = head;
  else if (page->at > head)
    return refuse_seq ("at", "The snapshot is past the newest change: start a new one.",
                       "is past the newest change", error);

  changes = ld_store_changes_list_snapshot (store, page->at, page->after, &page->reader,
                                            page->limit, PAGE_BYTES, &more, &local);
  if (changes == NULL)
    {
      if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        return refuse_seq ("after", "Say where to go on from: the after of the previous page.",
                           "is not a change of this snapshot", error);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  /* "at" and "after" come last: the client reads them from the tail. */
  json_builder_begin_object (builder);
  add_changes (builder, changes);
  ld_json_builder_add_int (builder, "last_seq", head);
  ld_json_builder_add_int (builder, "at", page->at);
  json_builder_set_member_name (builder, "after");
  if (more)
    json_builder_add_int_value (
      builder, ((LdStoreChange *) g_ptr_array_index (changes, changes->len - 1))->seq);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  g_set_object (&page->builder, builder);
  audited->detail = g_strdup_printf ("snapshot at %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT
                                     ", %u shown", page->at, page->after, changes->len);
  return TRUE;
}

/* GET /api/v1/changes/snapshot?at=…&after=…&limit=…: what replaying the
 * feed up to one position leaves, newest record per entity and id, so a
 * first sync reads the current state rather than all of its history. */
static gboolean
list_snapshot (LdHttpRequest  *req,
               GError        **error)
{
  static const char * const known[] = { "at", "after", "limit", NULL };
  g_autoptr(JsonBuilder) builder = NULL;
  FeedPage page = { make_reader (req) };
  gboolean has_after;
  gboolean read;

  if (!ld_http_query_check_known (req, known, error) ||
      !read_seq (req, "at", "Say which position the snapshot is taken at: the at of its "
                 "first page.", &page.has_at, &page.at, error) ||
      !read_seq (req, "after", "Say where to go on from: the after of the previous page.",
                 &has_after, &page.after, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &page.limit, error))
    return FALSE;
  /* Pages taken at different positions could miss or repeat a record. */
  if (has_after && !page.has_at)
    return refuse_seq ("at", "A later page of a snapshot is read at its first page's at.",
                       "is required with after", error);

  read = ld_service_read_audited (ld_http_request_get_service (req), "change.read", "change",
                                  read_snapshot, &page, error);
  builder = g_steal_pointer (&page.builder);
  if (!read)
    return FALSE;

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/events: the WebSocket; see ld-events.c. */
static gboolean
open_events (LdHttpRequest  *req,
             GError        **error)
{
  static const char * const known[] = { NULL };

  return ld_http_query_check_known (req, known, error) && ld_events_accept_handshake (req, error);
}

void
ld_api_changes_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/changes", list_changes);
  ld_router_add (router, "GET", "/api/v1/changes/snapshot", list_snapshot);
  ld_router_add (router, "GET", LD_EVENTS_PATH, open_events);
}
