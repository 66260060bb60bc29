/* ld-sync.c: keeps the cache following the server's change feed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache reads GET /api/v1/changes from where it stands, up to a
 * thousand changes a page, until it has caught up. From 0 it reads
 * GET /api/v1/changes/snapshot first, the current records rather than
 * their whole history, and then the feed from the snapshot's position.
 * The next page is asked for while the last is being written. A slow page halves the
 * next one's limit (to ten at least), a fast one doubles it back, so a
 * busy server is not asked for more than it answers in time. Each page
 * and the position after it are stored in one transaction
 * (ld_cache_apply_changes_async()), so a crash never skips or repeats a
 * change. A page that fails is asked for again after a pause, even while
 * the events socket stays open. The /api/v1/events WebSocket says when
 * the feed moved; when it closes, it is opened again after a pause. Both
 * pauses double (with some randomness, so that a lab's desks do not all
 * come back at once) up to half a minute. Whether the server is there is
 * the API client's "online", shared with the outbox: when any call gets
 * through again, the socket is opened and the feed read at once.
 */

#define G_LOG_DOMAIN "ld-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-sync.h"

#define PAGE_LIMIT 1000
#define MIN_PAGE_LIMIT 10
/* A page slower than this halves the next; one faster doubles it. */
#define SLOW_PAGE_MS 3000
#define FAST_PAGE_MS 1000
#define FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 30000

struct _LdSync
{
  GObject                  parent_instance;

  LdApiClient             *client;
  LdCache                 *cache;
  LdOutbox                *outbox;
  GCancellable            *cancellable;
  SoupWebsocketConnection *socket;
  gulong                   ended_id;
  gulong                   online_id;
  GSource                 *reconnect;
  guint                    backoff_ms;
  /* A failed page asked for again. */
  GSource                 *retry;
  guint                    retry_ms;
  guint                    page_limit;
  gint64                   fetch_started;
  gint64                   server_seq;
  gint64                   fetch_since;
  /* The page asked for is a snapshot's; the snapshot was read whole. */
  gboolean                 fetch_snapshot;
  gboolean                 snapshot_taken;
  gboolean                 running;
  gboolean                 connecting;
  /* A page asked for; pages given to the cache and not yet written. */
  gboolean                 fetching;
  guint                    applying;
  gboolean                 forgetting;
  gboolean                 pull_again;
  gboolean                 failed;
  gboolean                 behind;
  /* A first sync: from an empty cache until caught up. Its progress is
   * unknown while the snapshot is read (it has no count), then the feed's
   * share read from the snapshot's position to the server's. */
  gboolean                 syncing;
  gint64                   progress_from;
  double                   progress;
};

G_DEFINE_FINAL_TYPE (LdSync, ld_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_PROGRESS,
  N_PROPS
};

enum
{
  CAUGHT_UP,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void pull (LdSync *self);
static void connect_events (LdSync *self);

static void
set_progress (LdSync *self,
              double  progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROGRESS]);
}

static void
set_syncing (LdSync   *self,
             gboolean  syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNCING]);
  if (!syncing)
    set_progress (self, -1);
}

/* After a page of a first sync: the share of the feed read since the
 * snapshot. */
static void
update_progress (LdSync *self)
{
  gint64 at = ld_cache_get_last_seq (self->cache);

  if (!self->syncing || self->progress_from < 0)
    return;
  if (self->server_seq <= self->progress_from)
    set_progress (self, at >= self->progress_from ? 1.0 : -1);
  else
    set_progress (self, CLAMP ((double) (at - self->progress_from) /
                                 (double) (self->server_seq - self->progress_from),
                               0.0, 1.0));
}

/* A pause of about @backoff_ms on the context the sync was started on,
 * as every callback here; @backoff_ms doubles for the next. */
static GSource *
start_pause (guint       *backoff_ms,
             GSourceFunc  func,
             LdSync      *self)
{
  guint delay = *backoff_ms + g_random_int_range (0, *backoff_ms / 2 + 1);
  GSource *source = g_timeout_source_new (delay);

  *backoff_ms = MIN (*backoff_ms * 2, MAX_BACKOFF_MS);
  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
cancel_pause (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
drop_socket (LdSync *self)
{
  if (self->socket == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->socket, self);
  if (soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->socket);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  LdSync *self = user_data;

  g_clear_pointer (&self->reconnect, g_source_unref);
  connect_events (self);
  pull (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (LdSync *self)
{
  if (!self->running || self->reconnect != NULL || self->connecting)
    return;

  g_debug ("events socket: trying again in about %u ms", self->backoff_ms);
  self->reconnect = start_pause (&self->backoff_ms, reconnect_cb, self);
}

static gboolean
retry_cb (gpointer user_data)
{
  LdSync *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  pull (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (LdSync *self)
{
  if (!self->running || self->retry != NULL)
    return;

  g_debug ("changes: asking again in about %u ms", self->retry_ms);
  self->retry = start_pause (&self->retry_ms, retry_cb, self);
}

/* The server answered again (the outbox got through, or the socket
 * opened): no need to wait out a pause. */
static void
on_online_cb (LdApiClient *client,
              GParamSpec  *pspec,
              LdSync      *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
  if (!self->running || !ld_api_client_get_online (client))
    return;

  cancel_pause (&self->reconnect);
  cancel_pause (&self->retry);
  connect_events (self);
  pull (self);
}

static void
on_socket_message_cb (SoupWebsocketConnection *socket,
                      gint                     type,
                      GBytes                  *message,
                      LdSync                  *self)
{
  g_autoptr(JsonObject) object = NULL;
  JsonNode *seq;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  object =
    ld_json_parse_object (g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL);
  seq = object ? json_object_get_member (object, "seq") : NULL;
  if (seq == NULL || !JSON_NODE_HOLDS_VALUE (seq) || json_node_get_value_type (seq) != G_TYPE_INT64)
    return;

  self->server_seq = MAX (self->server_seq, json_node_get_int (seq));
  if (self->server_seq != ld_cache_get_last_seq (self->cache))
    pull (self);
}

static void
on_socket_closed_cb (SoupWebsocketConnection *socket,
                     LdSync                  *self)
{
  gushort code = soup_websocket_connection_get_close_code (socket);
  g_autofree char *reason = g_strdup (soup_websocket_connection_get_close_data (socket));

  g_debug ("events socket closed (%u)", code);
  drop_socket (self);
  ld_api_client_set_online (self->client, FALSE);

  /* 1008: the session is over; only signing in again helps. */
  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    {
      g_autoptr(GError) error = NULL;

      /* The server's reason is English, as every message of its; the
       * screens choose their words by the code. */
      error = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED,
                                   reason && *reason
                                     ? reason
                                     : _("Your session has ended. Please sign in again."));

      ld_sync_stop (self);
      ld_api_client_end_session (self->client, error);
    }
  else
    schedule_reconnect (self);
}

static void
on_socket_open_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LdSync) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *socket;

  self->connecting = FALSE;
  socket = ld_api_client_connect_events_finish (LD_API_CLIENT (source), result, &error);
  if (socket == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED))
        ld_sync_stop (self);
      else
        schedule_reconnect (self);
      return;
    }

  if (!self->running)
    {
      soup_websocket_connection_close (socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (socket);
      return;
    }

  self->socket = socket;
  self->backoff_ms = FIRST_BACKOFF_MS;
  g_signal_connect (socket, "message", G_CALLBACK (on_socket_message_cb), self);
  g_signal_connect (socket, "closed", G_CALLBACK (on_socket_closed_cb), self);
  /* Work queued in an earlier session goes once the server is there. */
  if (self->outbox != NULL)
    ld_outbox_flush (self->outbox);
}

static void
connect_events (LdSync *self)
{
  if (!self->running || self->socket != NULL || self->connecting)
    return;
  self->connecting = TRUE;
  ld_api_client_connect_events_async (self->client, self->cancellable, on_socket_open_cb,
                                      g_object_ref (self));
}

static void fetch (LdSync *self,
                   gint64  since);

static void
on_forgotten_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdSync) self = user_data;
  g_autoptr(GError) error = NULL;

  self->forgetting = FALSE;
  if (!ld_cache_forget_server_finish (LD_CACHE (source), result, &error))
    g_warning ("The local data could not be reset: %s", error->message);
  else
    pull (self);
}

/* Once nothing is under way: start again where the cache stands if a page
 * failed or a newer seq was heard meanwhile. */
static void
settle (LdSync *self,
        gint64  next,
        gint64  last_seq)
{
  if (self->fetching || self->applying > 0)
    return;

  if (self->behind)
    {
      self->behind = FALSE;
      self->snapshot_taken = FALSE;
      self->forgetting = TRUE;
      g_message ("The server's change feed is behind the local data (restored from a "
                 "backup?): reading it again from the start.");
      self->progress_from = -1;
      set_syncing (self, TRUE);
      ld_cache_forget_server_async (self->cache, NULL, on_forgotten_cb, g_object_ref (self));
    }
  else if (self->failed)
    self->failed = FALSE;
  else if (next < last_seq || self->pull_again)
    pull (self);
  else
    {
      set_syncing (self, FALSE);
      g_signal_emit (self, signals [CAUGHT_UP], 0, next);
    }
}

/* A page of the feed or of a snapshot is written. */
static void
page_applied (LdSync       *self,
              LdCache      *cache,
              GAsyncResult *result,
              gboolean      snapshot)
{
  g_autoptr(GError) error = NULL;
  LdCacheFeedPage page = {
    0,
  };

  self->applying--;
  if (!ld_cache_apply_changes_finish (cache, result, &page, &error))
    {
      if (g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_SERVER_BEHIND))
        self->behind = TRUE;
      else if (g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        /* A page read ahead after one that failed: read again from where
         * the cache stands. */
        self->pull_again = TRUE;
      else
        {
          self->failed = TRUE;
          if (!g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED) &&
              !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_warning ("The server's changes could not be stored: %s", error->message);
        }
      settle (self, 0, 0);
      return;
    }

  self->server_seq = MAX (self->server_seq, page.last_seq);
  /* A snapshot's last page: go on with the feed from its position, which
   * may have moved while the snapshot was read. */
  if (snapshot && page.next == page.last_seq)
    {
      self->snapshot_taken = TRUE;
      self->pull_again = TRUE;
      self->progress_from = ld_cache_get_last_seq (self->cache);
    }
  update_progress (self);
  settle (self, page.next, page.last_seq);
}

static void
on_page_applied_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdSync) self = user_data;

  page_applied (self, LD_CACHE (source), result, FALSE);
}

static void
on_snapshot_applied_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(LdSync) self = user_data;

  page_applied (self, LD_CACHE (source), result, TRUE);
}

/* The whole number after the last "@name": in the last bytes of @page
 * (the server writes a page's position after its changes), so the next
 * page can be asked for while this one is written; FALSE if not there. */
static gboolean
peek_int (GBytes     *page,
          const char *name,
          gint64     *out)
{
  gsize size;
  const char *data = g_bytes_get_data (page, &size);
  gsize tail = MIN (size, 128);
  g_autofree char *end = g_strndup (data + size - tail, tail);
  g_autofree char *key = g_strdup_printf ("\"%s\":", name);
  const char *found = g_strrstr (end, key);
  char *stop;

  if (found == NULL)
    return FALSE;
  found += strlen (key);
  *out = g_ascii_strtoll (found, &stop, 10);
  return stop != found;
}

static void fetch_snapshot (LdSync *self,
                            gint64  at,
                            gint64  after);

static void
on_page_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = ld_api_client_get_bytes_finish (LD_API_CLIENT (source), result, &error);
  gint64 since = self->fetch_since;
  gint64 ms = (g_get_monotonic_time () - self->fetch_started) / 1000;
  gint64 next;
  gint64 last_seq;

  self->fetching = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A slow answer (a timeout too) means the server is busy: ask for less. */
  if (ms >= SLOW_PAGE_MS)
    self->page_limit = MAX (self->page_limit / 2, MIN_PAGE_LIMIT);
  else if (page != NULL && ms < FAST_PAGE_MS)
    self->page_limit = MIN (self->page_limit * 2, PAGE_LIMIT);

  if (page == NULL)
    {
      g_debug ("changes not read (%" G_GINT64_FORMAT " ms): %s", ms, error->message);
      self->failed = self->applying > 0;
      /* Nobody else will say when to try again: the socket may stay open
       * and quiet. */
      schedule_retry (self);
      if (self->socket == NULL)
        schedule_reconnect (self);
      return;
    }

  self->retry_ms = FIRST_BACKOFF_MS;
  self->applying++;
  if (self->fetch_snapshot)
    {
      gint64 at;
      gint64 after;

      ld_cache_apply_snapshot_async (self->cache, page, self->cancellable, on_snapshot_applied_cb,
                                     g_object_ref (self));
      /* "after" is null on the last page. */
      if (self->running && peek_int (page, "at", &at) && peek_int (page, "after", &after))
        fetch_snapshot (self, at, after);
      return;
    }

  ld_cache_apply_changes_async (self->cache, page, since, self->cancellable, on_page_applied_cb,
                                g_object_ref (self));

  /* The writer applies pages in the order given, each after the one
   * before: ask for the next while this one is written. */
  if (self->running && peek_int (page, "next", &next) &&
      peek_int (page, "last_seq", &last_seq) && next < last_seq && next > since)
    fetch (self, next);
}

static void
get_page (LdSync     *self,
          const char *path,
          gint64      since,
          gboolean    snapshot)
{
  self->fetching = TRUE;
  self->fetch_since = since;
  self->fetch_snapshot = snapshot;
  self->fetch_started = g_get_monotonic_time ();
  ld_api_client_get_bytes_async (self->client, path, self->cancellable, on_page_read_cb,
                                 g_object_ref (self));
}

static void
fetch (LdSync *self,
       gint64  since)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                           since, self->page_limit);

  get_page (self, path, since, FALSE);
}

/* A page of the snapshot at @at after @after; the first when @at < 0. */
static void
fetch_snapshot (LdSync *self,
                gint64  at,
                gint64  after)
{
  g_autofree char *path = NULL;

  if (at < 0)
    path = g_strdup_printf ("/api/v1/changes/snapshot?limit=%u", self->page_limit);
  else
    path = g_strdup_printf ("/api/v1/changes/snapshot?limit=%u&at=%" G_GINT64_FORMAT
                            "&after=%" G_GINT64_FORMAT, self->page_limit, at, after);
  get_page (self, path, 0, TRUE);
}

static void
pull (LdSync *self)
{
  if (!self->running)
    return;
  if (self->fetching || self->applying > 0 || self->forgetting)
    {
      self->pull_again = TRUE;
      return;
    }

  self->pull_again = FALSE;
  self->failed = FALSE;
  /* An empty cache reads the current state, not the whole history. A
   * snapshot cut short is read again from its start: its records are
   * stored as they come, and the position only moves with its last page. */
  if (ld_cache_get_last_seq (self->cache) == 0 && !self->snapshot_taken)
    fetch_snapshot (self, -1, 0);
  else
    fetch (self, ld_cache_get_last_seq (self->cache));
}

static void
on_session_ended_cb (LdApiClient *client,
                     GError      *error,
                     LdSync      *self)
{
  ld_sync_stop (self);
}

static void
ld_sync_dispose (GObject *object)
{
  LdSync *self = (LdSync *) object;

  ld_sync_stop (self);
  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->ended_id, self->client);
      g_clear_signal_handler (&self->online_id, self->client);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_clear_object (&self->outbox);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_sync_parent_class)->dispose (object);
}

static void
ld_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LdSync *self = LD_SYNC (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->client != NULL && ld_api_client_get_online (self->client));
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_sync_class_init (LdSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_sync_dispose;
  object_class->get_property = ld_sync_get_property;

  /**
   * LdSync:online:
   *
   * Whether the server is there: the API client's #LdApiClient:online,
   * which the outbox shares.
   */
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSync:syncing:
   *
   * A first sync is under way: the cache had nothing (or was reset) and
   * has not caught up with the server yet.
   */
  properties [PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSync:progress:
   *
   * How far a first sync is, 0 to 1, or -1 when unknown (while the
   * snapshot is read, which has no count) or when no first sync is under
   * way.
   */
  properties [PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, 1, -1,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdSync::caught-up:
   * @self: the sync
   * @seq: the position reached, the newest the server had
   */
  signals [CAUGHT_UP] =
    g_signal_new ("caught-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
ld_sync_init (LdSync *self)
{
  self->backoff_ms = FIRST_BACKOFF_MS;
  self->retry_ms = FIRST_BACKOFF_MS;
  self->page_limit = PAGE_LIMIT;
  self->progress = -1;
  self->progress_from = -1;
}

/**
 * ld_sync_new:
 * @client: a signed-in API client
 * @cache: the user's open cache
 * @outbox: (nullable): the outbox to send while the server is there
 *
 * Returns: (transfer full): a sync, not started
 */
LdSync *
ld_sync_new (LdApiClient *client,
             LdCache     *cache,
             LdOutbox    *outbox)
{
  LdSync *self;

  g_return_val_if_fail (LD_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (LD_IS_CACHE (cache), NULL);

  self = g_object_new (LD_TYPE_SYNC, NULL);
  self->client = g_object_ref (client);
  self->cache = g_object_ref (cache);
  self->outbox = outbox ? g_object_ref (outbox) : NULL;
  self->ended_id =
    g_signal_connect (client, "session-ended", G_CALLBACK (on_session_ended_cb), self);
  self->online_id = g_signal_connect (client, "notify::online", G_CALLBACK (on_online_cb), self);
  return self;
}

/**
 * ld_sync_start:
 * @self: a sync
 *
 * Catches up with the feed and follows it until stopped.
 */
void
ld_sync_start (LdSync *self)
{
  g_return_if_fail (LD_IS_SYNC (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (ld_cache_get_last_seq (self->cache) == 0)
    {
      self->progress_from = -1;
      set_syncing (self, TRUE);
    }
  connect_events (self);
  pull (self);
}

void
ld_sync_stop (LdSync *self)
{
  g_return_if_fail (LD_IS_SYNC (self));

  self->running = FALSE;
  self->connecting = FALSE;
  g_cancellable_cancel (self->cancellable);
  cancel_pause (&self->reconnect);
  cancel_pause (&self->retry);
  drop_socket (self);
}

gboolean
ld_sync_get_syncing (LdSync *self)
{
  g_return_val_if_fail (LD_IS_SYNC (self), FALSE);

  return self->syncing;
}

double
ld_sync_get_progress (LdSync *self)
{
  g_return_val_if_fail (LD_IS_SYNC (self), -1);

  return self->progress;
}

gboolean
ld_sync_get_online (LdSync *self)
{
  g_return_val_if_fail (LD_IS_SYNC (self), FALSE);

  return ld_api_client_get_online (self->client);
}

/**
 * ld_sync_get_server_seq:
 * @self: a sync
 *
 * Returns: the newest seq the server has told of
 */
gint64
ld_sync_get_server_seq (LdSync *self)
{
  g_return_val_if_fail (LD_IS_SYNC (self), 0);

  return self->server_seq;
}
