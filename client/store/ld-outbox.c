/* ld-outbox.c: work done while the server is away, sent when it is back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An action is one row of the kinds table (ld-outbox-action.c): how to
 * send it, which record it shows on, and whether it may wait. One that
 * may wait is stored in the cache with a client-made id and an
 * Idempotency-Key, shown at once as pending, and sent in the order it was
 * made, one at a time, when the server is there. Sending it again after
 * a crash is harmless: the server answers a repeated key with its first
 * answer and changes nothing. A refused item stays, with the server's
 * message, field errors and (for a conflict) current record, until the
 * desk fixes it (sent again, in its place) or discards it; the items that
 * need what it was to make wait behind it, the others go on. Actions
 * that need the server's answer at once (verification, release, refunds)
 * are refused while it is away. When the server cannot take an item now
 * (away, 503, busy), the outbox tries again by itself after a pause that
 * doubles up to half a minute, at once when any call gets through again
 * (the API client's "online", which the sync shares) or the desk queues
 * something new.
 *
 * Queued edits of one record follow each other: each was typed over the
 * version the desk saw, which the edits before it, once accepted, have
 * moved on; the version each later one names is moved with them (see
 * ld-cache-outbox.c), so that only a change made by someone else comes
 * back as a conflict.
 *
 * The screens see the outbox as a list of LdOutboxEntry, oldest first,
 * read from the cache once at start (a queue left by the last session
 * shows at once) and then kept in step with each change the outbox makes
 * to its rows: an entry is added when queued, marked sending, refused or
 * waiting again, and removed when the server accepts it or the desk
 * discards it.
 */

#define G_LOG_DOMAIN "ld-outbox"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-json.h"
#include "ld-outbox.h"
#include "ld-outbox-action-private.h"
#include "ld-outbox-entry-private.h"
#include "ld-patient-apply.h"
#include "ld-record-id.h"
#include "ld-states.h"
#include "ld-time.h"

#define FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 30000

typedef LdOutboxKind Kind;

struct _LdOutbox
{
  GObject        parent_instance;

  LdApiClient   *client;
  LdCache       *cache;
  GCancellable  *cancellable;
  /* Trying again after the server could not take an item. */
  GSource       *retry;
  guint          backoff_ms;
  gboolean       sending;
  /* A flush asked for while sending: look again once done. */
  gboolean       again;
  /* The entries, oldest first; by seq (borrowed). */
  GListStore    *entries;
  GHashTable    *by_seq;
  guint          n_waiting;
  guint          n_refused;
  /* The entries are read from the cache once at start; nothing is sent
   * before, so that no entry read then is already gone. */
  gboolean       loaded;
  gboolean       flush_wanted;
};

G_DEFINE_FINAL_TYPE (LdOutbox, ld_outbox, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ONLINE,
  PROP_SENDING,
  PROP_N_WAITING,
  PROP_N_REFUSED,
  N_PROPS
};

enum
{
  ENTRY_ADDED,
  ENTRY_SENT,
  ENTRY_REFUSED,
  ENTRY_RESENT,
  ENTRY_DISCARDED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void send_next (LdOutbox *self);

static const Kind *
find_kind (const char *name)
{
  return ld_outbox_kind_find (name);
}

static void
set_sending (LdOutbox *self,
             gboolean  sending)
{
  if (self->sending == sending)
    return;
  self->sending = sending;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SENDING]);
}

static void
ld_outbox_dispose (GObject *object)
{
  LdOutbox *self = (LdOutbox *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->by_seq, g_hash_table_unref);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (ld_outbox_parent_class)->dispose (object);
}

static void
ld_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdOutbox *self = LD_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->client != NULL && ld_api_client_get_online (self->client));
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;

    case PROP_N_REFUSED:
      g_value_set_uint (value, self->n_refused);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_outbox_class_init (LdOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_outbox_dispose;
  object_class->get_property = ld_outbox_get_property;

  /**
   * LdOutbox:online:
   *
   * The API client's #LdApiClient:online, which the sync shares.
   */
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdOutbox:n-waiting:
   *
   * The entries waiting or being sent (those blocked behind a refused one
   * too).
   */
  properties [PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdOutbox:n-refused:
   *
   * The entries the server refused, waiting to be fixed or discarded.
   */
  properties [PROP_N_REFUSED] =
    g_param_spec_uint ("n-refused", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdOutbox::entry-added:
   * @self: the outbox
   * @entry: the entry queued (by this session)
   */
  signals [ENTRY_ADDED] =
    g_signal_new ("entry-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, LD_TYPE_OUTBOX_ENTRY);
  /**
   * LdOutbox::entry-sent:
   * @self: the outbox
   * @entry: the entry, no longer in the list
   * @answer: (nullable): the server's answer (JsonNode)
   */
  signals [ENTRY_SENT] =
    g_signal_new ("entry-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, LD_TYPE_OUTBOX_ENTRY, JSON_TYPE_NODE);
  /**
   * LdOutbox::entry-refused:
   * @self: the outbox
   * @entry: the entry, now with the server's reasons
   */
  signals [ENTRY_REFUSED] =
    g_signal_new ("entry-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, LD_TYPE_OUTBOX_ENTRY);
  /**
   * LdOutbox::entry-resent:
   * @self: the outbox
   * @entry: a refused entry, fixed (or not) and waiting again
   */
  signals [ENTRY_RESENT] =
    g_signal_new ("entry-resent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, LD_TYPE_OUTBOX_ENTRY);
  /**
   * LdOutbox::entry-discarded:
   * @self: the outbox
   * @entry: the entry the desk gave up, no longer in the list
   */
  signals [ENTRY_DISCARDED] =
    g_signal_new ("entry-discarded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, LD_TYPE_OUTBOX_ENTRY);
}

static void
ld_outbox_init (LdOutbox *self)
{
  self->cancellable = g_cancellable_new ();
  self->backoff_ms = FIRST_BACKOFF_MS;
  self->entries = g_list_store_new (LD_TYPE_OUTBOX_ENTRY);
  self->by_seq = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* The counts, and which entries wait behind a refused one: an entry
 * needing a record (depends_on) that an earlier refused or blocked entry
 * is to make or change. */
static void
recount (LdOutbox *self)
{
  g_autoptr(GHashTable) stuck = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  guint n_waiting = 0;
  guint n_refused = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdOutboxEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);
      const char *depends = ld_outbox_entry_get_depends_on (entry);
      gboolean refused = ld_outbox_entry_get_state (entry) == LD_OUTBOX_ENTRY_REFUSED;
      gboolean blocked = !refused && depends != NULL && g_hash_table_contains (stuck, depends);

      ld_outbox_entry_set_blocked (entry, blocked);
      if (refused || blocked)
        g_hash_table_add (stuck, (gpointer) ld_outbox_entry_get_target_id (entry));
      if (refused)
        n_refused++;
      else
        n_waiting++;
    }

  if (self->n_waiting != n_waiting)
    {
      self->n_waiting = n_waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_WAITING]);
    }
  if (self->n_refused != n_refused)
    {
      self->n_refused = n_refused;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_REFUSED]);
    }
}

static LdOutboxEntry *
find_entry (LdOutbox *self,
            gint64    seq)
{
  return g_hash_table_lookup (self->by_seq, &seq);
}

static int
compare_seq (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  gint64 sa = ld_outbox_entry_get_seq ((LdOutboxEntry *) a);
  gint64 sb = ld_outbox_entry_get_seq ((LdOutboxEntry *) b);

  return sa < sb ? -1 : sa > sb;
}

/* Its place is by seq: nearly always the end. */
static void
insert_entry (LdOutbox      *self,
              LdOutboxEntry *entry)
{
  gint64 *seq = g_new (gint64, 1);

  *seq = ld_outbox_entry_get_seq (entry);
  g_list_store_insert_sorted (self->entries, entry, compare_seq, NULL);
  g_hash_table_insert (self->by_seq, seq, entry);
}

static void
remove_entry (LdOutbox      *self,
              LdOutboxEntry *entry)
{
  gint64 seq = ld_outbox_entry_get_seq (entry);
  guint position;

  g_hash_table_remove (self->by_seq, &seq);
  if (g_list_store_find (self->entries, entry, &position))
    g_list_store_remove (self->entries, position);
}

/* The parameters an item was made from: its body, with the path's
 * {names} put back from the path it was sent to. */
static JsonNode *
params_of (const Kind         *kind,
           const LdOutboxItem *item)
{
  g_autoptr(JsonObject) params = ld_json_parse_object (item->body, -1, NULL);
  g_auto(GStrv) pattern = g_strsplit (kind->path, "/", -1);
  g_auto(GStrv) path = g_strsplit (item->path ? item->path : "", "/", -1);

  if (params == NULL)
    params = json_object_new ();
  for (guint i = 0; pattern[i] != NULL && path[i] != NULL; i++)
    {
      gsize len = strlen (pattern[i]);

      if (len > 2 && pattern[i][0] == '{' && pattern[i][len - 1] == '}')
        {
          g_autofree char *name = g_strndup (pattern[i] + 1, len - 2);
          g_autofree char *value = g_uri_unescape_string (path[i], NULL);

          if (value != NULL)
            json_object_set_string_member (params, name, value);
        }
    }
  return json_node_init_object (json_node_alloc (), params);
}

/* A new entry for @item; NULL for a kind this version does not know
 * (queued by a later one: it is still sent, but not shown). */
static LdOutboxEntry *
entry_for_item (const LdOutboxItem *item)
{
  const Kind *kind = find_kind (item->kind);

  if (kind == NULL)
    return NULL;
  return ld_outbox_entry_new (item, kind->action, params_of (kind, item));
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_cache_outbox_list_finish (LD_CACHE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cache == NULL)
    return;
  if (items == NULL)
    g_warning ("The outbox could not be read: %s", error->message);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      LdOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr(LdOutboxEntry) entry = NULL;

      /* Queued by this session while the list was read. */
      if (find_entry (self, item->seq) != NULL || (entry = entry_for_item (item)) == NULL)
        continue;
      insert_entry (self, entry);
    }
  recount (self);

  self->loaded = TRUE;
  if (self->flush_wanted)
    {
      self->flush_wanted = FALSE;
      ld_outbox_flush (self);
    }
}

static void
stop_retry (LdOutbox *self)
{
  if (self->retry == NULL)
    return;
  g_source_destroy (self->retry);
  g_clear_pointer (&self->retry, g_source_unref);
}

static gboolean
retry_cb (gpointer user_data)
{
  LdOutbox *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  ld_outbox_flush (self);
  return G_SOURCE_REMOVE;
}

/* The server could not take the item: nobody else may say when it can,
 * so look again after a pause (with some randomness, so that a lab's
 * desks do not all come back at once). */
static void
schedule_retry (LdOutbox *self)
{
  guint delay;

  if (self->retry != NULL)
    return;
  delay = self->backoff_ms + g_random_int_range (0, self->backoff_ms / 2 + 1);
  self->backoff_ms = MIN (self->backoff_ms * 2, MAX_BACKOFF_MS);
  g_debug ("outbox: trying again in %u ms", delay);
  self->retry = g_timeout_source_new (delay);
  g_source_set_callback (self->retry, retry_cb, self, NULL);
  g_source_attach (self->retry, g_main_context_get_thread_default ());
}

static void
on_online_cb (LdApiClient *client,
              GParamSpec  *pspec,
              LdOutbox    *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
  if (ld_api_client_get_online (client))
    {
      self->backoff_ms = FIRST_BACKOFF_MS;
      ld_outbox_flush (self);
    }
}

/**
 * ld_outbox_new:
 * @client: the API client
 * @cache: the user's open cache, which stores the outbox
 *
 * Returns: (transfer full): an outbox; it reads its entries from @cache,
 *   then sends when flushed, when something is queued, and when @client
 *   finds the server again
 */
LdOutbox *
ld_outbox_new (LdApiClient *client,
               LdCache     *cache)
{
  LdOutbox *self;

  g_return_val_if_fail (LD_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (LD_IS_CACHE (cache), NULL);

  self = g_object_new (LD_TYPE_OUTBOX, NULL);
  self->client = g_object_ref (client);
  self->cache = g_object_ref (cache);
  g_signal_connect_object (client, "notify::online", G_CALLBACK (on_online_cb), self, 0);
  ld_cache_outbox_list_async (cache, FALSE, self->cancellable, on_loaded_cb, g_object_ref (self));
  return self;
}

gboolean
ld_outbox_get_online (LdOutbox *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX (self), FALSE);

  return ld_api_client_get_online (self->client);
}

gboolean
ld_outbox_get_sending (LdOutbox *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX (self), FALSE);

  return self->sending;
}

guint
ld_outbox_get_n_waiting (LdOutbox *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX (self), 0);

  return self->n_waiting;
}

guint
ld_outbox_get_n_refused (LdOutbox *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX (self), 0);

  return self->n_refused;
}

/**
 * ld_outbox_get_entries:
 * @self: an outbox
 *
 * Every item waiting, being sent or refused, oldest first, as
 * #LdOutboxEntry; live: items-changed as items are queued, sent (and
 * removed), refused, sent again and discarded. Filled from the cache
 * shortly after the outbox is made.
 *
 * Returns: (transfer none): the entries
 */
GListModel *
ld_outbox_get_entries (LdOutbox *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX (self), NULL);

  return G_LIST_MODEL (self->entries);
}

/**
 * ld_outbox_get_entry:
 * @self: an outbox
 * @seq: an entry's seq
 *
 * Returns: (transfer none) (nullable): the entry, if still in the outbox
 */
LdOutboxEntry *
ld_outbox_get_entry (LdOutbox *self,
                     gint64    seq)
{
  g_return_val_if_fail (LD_IS_OUTBOX (self), NULL);

  return find_entry (self, seq);
}

/**
 * ld_outbox_find_entries:
 * @self: an outbox
 * @entity: "patient" or "order"
 * @id: a record's id
 *
 * The entries acting on one record (an order and its payment are two),
 * oldest first: what a page showing the record says is still to go.
 *
 * Returns: (transfer full) (element-type LdOutboxEntry): the entries
 */
GPtrArray *
ld_outbox_find_entries (LdOutbox   *self,
                        const char *entity,
                        const char *id)
{
  GPtrArray *found;
  guint n;

  g_return_val_if_fail (LD_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  found = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdOutboxEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (g_strcmp0 (ld_outbox_entry_get_entity (entry), entity) == 0 &&
          g_strcmp0 (ld_outbox_entry_get_target_id (entry), id) == 0)
        g_ptr_array_add (found, g_steal_pointer (&entry));
    }
  return found;
}

/**
 * ld_outbox_flush:
 * @self: an outbox
 *
 * Sends what is queued, in order; what the server cannot take now is
 * tried again later by itself.
 */
void
ld_outbox_flush (LdOutbox *self)
{
  g_return_if_fail (LD_IS_OUTBOX (self));

  if (self->cache == NULL)
    return;
  if (!self->loaded)
    {
      self->flush_wanted = TRUE;
      return;
    }
  stop_retry (self);
  if (self->sending)
    {
      self->again = TRUE;
      return;
    }
  set_sending (self, TRUE);
  send_next (self);
}

static char *
fields_to_json (const GError *error)
{
  GHashTable *fields = ld_api_error_get_fields (error);
  g_autoptr(JsonBuilder) builder = NULL;
  GHashTableIter iter;
  gpointer name, message;

  if (fields == NULL || g_hash_table_size (fields) == 0)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &name, &message))
    ld_json_builder_add_string (builder, name, message);
  json_builder_end_object (builder);
  return ld_json_builder_to_string (builder);
}

static JsonObject *
answer_record (JsonNode   *answer,
               const Kind *kind)
{
  JsonNode *member;

  if (answer == NULL || kind->answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  member = json_object_get_member (json_node_get_object (answer), kind->answer);
  return member && JSON_NODE_HOLDS_OBJECT (member) ? json_object_ref (json_node_get_object (member))
                                                   : NULL;
}

/* A repeated update after a crash: the first one went through, so the
 * server's record already says what the body says. */
static gboolean
update_already_applied (LdOutboxItem *item,
                        JsonObject   *current)
{
  g_autoptr(JsonObject) body = ld_json_parse_object (item->body, -1, NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (body == NULL || current == NULL || !g_str_equal (item->method, "PATCH"))
    return FALSE;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *now = json_object_get_member (current, name);

      if (g_str_equal (name, "version"))
        continue;
      if (now == NULL || !json_node_equal (now, value))
        return FALSE;
    }
  return TRUE;
}

/* The version of its record @item was made over: 0 for one that made the
 * record (shown here as version 0), the body's "version" for an edit,
 * else -1. */
static gint64
based_on (LdOutboxItem *item,
          const Kind   *kind)
{
  g_autoptr(JsonObject) body = NULL;
  JsonNode *version;

  if (kind->makes_record)
    return 0;
  body = ld_json_parse_object (item->body, -1, NULL);
  version = body ? json_object_get_member (body, "version") : NULL;
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (version);
}

typedef struct
{
  LdOutbox       *self;
  LdOutboxItem   *item;
  LdOutboxChange  change;
  JsonNode       *answer;
} Sending;

static void
sending_free (Sending *sending)
{
  g_object_unref (sending->self);
  ld_outbox_item_free (sending->item);
  g_clear_pointer (&sending->answer, json_node_unref);
  g_free (sending);
}

static void
on_item_settled_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Sending *sending = user_data;
  LdOutbox *self = sending->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOutboxItem) item = ld_cache_outbox_change_finish (LD_CACHE (source), result, &error);
  g_autoptr(LdOutboxEntry) entry = NULL;

  if (item == NULL)
    {
      if (!g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The outbox could not be updated: %s", error->message);
      set_sending (self, FALSE);
      sending_free (sending);
      return;
    }

  entry = find_entry (self, item->seq);
  if (entry != NULL)
    {
      g_object_ref (entry);
      if (sending->change == LD_OUTBOX_DONE)
        {
          remove_entry (self, entry);
          recount (self);
          g_signal_emit (self, signals [ENTRY_SENT], 0, entry, sending->answer);
        }
      else
        {
          ld_outbox_entry_set_refusal (entry, item);
          recount (self);
          g_signal_emit (self, signals [ENTRY_REFUSED], 0, entry);
        }
    }
  send_next (self);
  sending_free (sending);
}

static void
settle (Sending        *sending,
        LdOutboxChange  change,
        JsonObject     *record)
{
  sending->change = change;
  /* The cache takes the item and gives it back as written. */
  ld_cache_outbox_change_async (sending->self->cache, change, g_steal_pointer (&sending->item),
                                record, NULL, on_item_settled_cb, sending);
}

static void
on_item_answered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Sending *sending = user_data;
  LdOutbox *self = sending->self;
  LdOutboxItem *item = sending->item;
  const Kind *kind = find_kind (item->kind);
  LdOutboxEntry *entry = find_entry (self, item->seq);
  g_autoptr(JsonObject) error_body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;

  sending->answer = ld_api_client_request_finish (self->client, result, &error_body, &error);
  if (error == NULL)
    {
      self->backoff_ms = FIRST_BACKOFF_MS;
      item->based_on = based_on (item, kind);
      settle (sending, LD_OUTBOX_DONE, answer_record (sending->answer, kind));
      return;
    }

  if (error_body != NULL && json_object_has_member (error_body, "current") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (error_body, "current")))
    current = json_object_ref (json_object_get_object_member (error_body, "current"));

  if (error->domain != LD_API_ERROR ||
      g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE) ||
      g_error_matches (error, LD_API_ERROR, LD_API_ERROR_INTERNAL) ||
      g_error_matches (error, LD_API_ERROR, LD_API_ERROR_RATE_LIMITED) ||
      g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED))
    {
      /* Not the item's fault: it waits, in its place, and is tried again
       * (a session that ended needs a sign-in, not a retry). */
      g_debug ("outbox item %" G_GINT64_FORMAT " waits: %s", item->seq, error->message);
      if (entry != NULL)
        {
          ld_outbox_entry_set_attempts (entry, ld_outbox_entry_get_attempts (entry) + 1);
          ld_outbox_entry_set_state (entry, LD_OUTBOX_ENTRY_WAITING);
        }
      if (!g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED))
        schedule_retry (self);
      self->again = FALSE;
      set_sending (self, FALSE);
      sending_free (sending);
      return;
    }

  if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_CONFLICT) &&
      update_already_applied (item, current))
    {
      settle (sending, LD_OUTBOX_DONE, g_steal_pointer (&current));
      return;
    }

  item->error_code = g_strdup (ld_api_error_to_code (error->code));
  item->error_message = g_strdup (error->message);
  item->error_fields = fields_to_json (error);
  if (error_body != NULL && json_object_has_member (error_body, "candidates"))
    {
      g_autoptr(JsonNode) whole = json_node_init_object (json_node_alloc (), error_body);

      item->error_current = ld_json_to_string (whole);
    }
  else if (current != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), current);

      item->error_current = ld_json_to_string (node);
    }
  /* The current record is the truth: the cache shows it beside the item. */
  settle (sending, LD_OUTBOX_REJECT, g_steal_pointer (&current));
}

static void
on_next_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_cache_outbox_list_finish (LD_CACHE (source), result, &error);
  Sending *sending;
  LdOutboxItem *item;
  LdOutboxEntry *entry;

  if (items == NULL || items->len == 0)
    {
      if (items == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED))
        g_warning ("The outbox could not be read: %s", error->message);
      if (items != NULL && self->again)
        {
          self->again = FALSE;
          send_next (self);
          return;
        }
      set_sending (self, FALSE);
      return;
    }

  item = g_ptr_array_steal_index (items, 0);
  entry = find_entry (self, item->seq);
  if (entry != NULL)
    ld_outbox_entry_set_state (entry, LD_OUTBOX_ENTRY_SENDING);
  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->item = item;
  ld_api_client_request_async (self->client, item->method, item->path, item->body,
                               g_str_equal (item->method, "POST") ? item->idempotency_key : NULL,
                               NULL, on_item_answered_cb, sending);
}

static void
send_next (LdOutbox *self)
{
  if (self->cache == NULL)
    return;
  ld_cache_outbox_list_async (self->cache, TRUE, self->cancellable, on_next_cb,
                              g_object_ref (self));
}
/* The path with its {names} filled in, and the body without them. */
static gboolean
build_request (const Kind  *kind,
               JsonObject  *params,
               char       **out_path,
               char       **out_body,
               GError     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  for (const char *p = kind->path; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *member = NULL;
      const char *text;

      if (*p != '{' || (end = strchr (p, '}')) == NULL)
        {
          g_string_append_c (path, *p);
          continue;
        }
      member = g_strndup (p + 1, end - p - 1);
      text = ld_json_object_get_string (params, member);
      if (text == NULL || *text == '\0')
        {
          g_set_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                       _("Please check: %s."), member);
          return FALSE;
        }
      g_string_append_uri_escaped (path, text, NULL, FALSE);
      g_ptr_array_add (taken, (gpointer) g_intern_string (member));
      p = end;
    }

  json_object_iter_init (&iter, params);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_ptr_array_find (taken, g_intern_string (name), NULL))
      json_object_set_member (body, name, json_node_copy (value));

  node = json_node_init_object (json_node_alloc (), body);
  *out_path = g_string_free (g_steal_pointer (&path), FALSE);
  *out_body = ld_json_to_string (node);
  return TRUE;
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = ld_json_to_string (node);

  /* json_node_copy() shares an object's members: the caller's params
   * must not change with what is shown here. */
  return ld_json_parse_object (text, -1, NULL);
}

/* What the cache shows at once for an action that makes a record. */
static JsonObject *
record_made_here (const Kind *kind,
                  JsonObject *params)
{
  JsonObject *record = NULL;
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());

  /* A patient as the server will register it; one it would refuse is
   * shown as typed until its refusal comes back. */
  if (g_str_equal (kind->entity, "patient"))
    record = ld_patient_apply_registration_json (params);
  if (record == NULL)
    record = copy_object (params);
  json_object_set_int_member (record, "version", 0);
  if (g_str_equal (kind->entity, "patient"))
    json_object_set_null_member (record, "mrn");
  else
    {
      JsonObject *patient = json_object_new ();

      json_object_set_string_member (patient, "id",
                                     ld_json_object_get_string (params, "patient_id"));
      json_object_set_object_member (record, "patient", patient);
      json_object_set_null_member (record, "number");
      json_object_set_string_member (record, "lab_state",
                                     ld_lab_state_wire (LD_LAB_STATE_ORDERED));
      json_object_set_string_member (record, "payment_state",
                                     ld_payment_state_wire (LD_PAYMENT_STATE_PENDING));
      json_object_set_string_member (record, "created_at", now);
    }
  return record;
}

/* What the cache shows at once for a queued action: the record it makes,
 * or NULL (an edit is laid over the stored record when read). */
static JsonObject *
record_shown (const Kind *kind,
              JsonObject *params)
{
  return kind->makes_record ? record_made_here (kind, params) : NULL;
}

/* The item that sends @params (which hold the target's id when the kind
 * makes a record), under a new Idempotency-Key. */
static LdOutboxItem *
new_item (const Kind  *kind,
          JsonObject  *params,
          GError     **error)
{
  g_autoptr(LdOutboxItem) item = g_new0 (LdOutboxItem, 1);

  item->based_on = -1;
  item->kind = g_strdup (kind->kind);
  item->entity = g_strdup (kind->entity);
  item->method = g_strdup (kind->method);
  item->idempotency_key = ld_record_id_new ();
  if (!build_request (kind, params, &item->path, &item->body, error))
    return NULL;

  item->target_id = g_strdup (ld_json_object_get_string (params, kind->target));
  item->depends_on =
    g_strdup (kind->depends ? ld_json_object_get_string (params, kind->depends) : NULL);
  return g_steal_pointer (&item);
}

typedef struct
{
  JsonNode *answer;
  JsonNode *params;
} Queued;

static void
queued_free (Queued *queued)
{
  g_clear_pointer (&queued->answer, json_node_unref);
  g_clear_pointer (&queued->params, json_node_unref);
  g_free (queued);
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdOutbox *self = g_task_get_source_object (task);
  Queued *queued = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOutboxItem) item = ld_cache_outbox_change_finish (LD_CACHE (source), result, &error);
  g_autoptr(LdOutboxEntry) entry = NULL;
  const Kind *kind;

  if (item == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  kind = find_kind (item->kind);
  if (self->cache != NULL && find_entry (self, item->seq) == NULL)
    {
      entry = ld_outbox_entry_new (item, kind->action, g_steal_pointer (&queued->params));
      insert_entry (self, entry);
      recount (self);
      g_signal_emit (self, signals [ENTRY_ADDED], 0, entry);
    }
  g_task_return_pointer (task, json_node_ref (queued->answer), (GDestroyNotify) json_node_unref);
  ld_outbox_flush (self);
}

static void
on_direct_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *answer = ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

static JsonNode *
object_node (JsonObject *object)
{
  return json_node_init_object (json_node_alloc (), object);
}

/**
 * ld_outbox_submit_async:
 * @self: an outbox
 * @action: what to do; see #LdOutboxAction for those that may wait
 * @params: the body's members, and the path's ({"order_id": …})
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * An action that may wait is queued (with a client-made "id" when it
 * makes a record and @params has none), shown in the cache at once and
 * added to the entries (#LdOutbox::entry-added); the answer is
 * {"queued": true, "id": …, "idempotency_key": …}. One that needs the
 * server is sent now, and refused with %LD_CACHE_ERROR_NEEDS_SERVER while
 * the server is away; the answer is then the server's.
 */
void
ld_outbox_submit_async (LdOutbox            *self,
                        LdOutboxAction       action,
                        JsonObject          *params,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  const Kind *kind;
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(LdOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  Queued *queued;

  g_return_if_fail (LD_IS_OUTBOX (self));
  g_return_if_fail ((guint) action <= LD_OUTBOX_ACTION_LAST);
  g_return_if_fail (params != NULL);

  kind = ld_outbox_kind_get (action);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_outbox_submit_async);

  if (self->cache == NULL)
    {
      g_task_return_new_error (task, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED,
                               _("You have signed out."));
      return;
    }

  if (!kind->may_wait && !ld_api_client_get_online (self->client))
    {
      g_task_return_new_error (task, LD_CACHE_ERROR, LD_CACHE_ERROR_NEEDS_SERVER, "%s",
                               _(kind->needs_server));
      return;
    }

  copy = copy_object (params);
  if (kind->makes_record && !json_object_has_member (copy, kind->target))
    {
      g_autofree char *id = ld_record_id_new ();

      json_object_set_string_member (copy, kind->target, id);
    }

  item = new_item (kind, copy, &error);
  if (item == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!kind->may_wait)
    {
      ld_api_client_request_async (self->client, item->method, item->path, item->body,
                                   item->idempotency_key, cancellable, on_direct_cb,
                                   g_steal_pointer (&task));
      return;
    }

  if (item->target_id == NULL)
    {
      g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                               _("Please check: %s."), kind->target);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_bool (builder, "queued", TRUE);
  ld_json_builder_add_string (builder, "id", item->target_id);
  ld_json_builder_add_string (builder, "idempotency_key", item->idempotency_key);
  json_builder_end_object (builder);
  queued = g_new0 (Queued, 1);
  queued->answer = json_builder_get_root (builder);
  queued->params = object_node (copy);
  g_task_set_task_data (task, queued, (GDestroyNotify) queued_free);

  ld_cache_outbox_change_async (self->cache, LD_OUTBOX_ADD, g_steal_pointer (&item),
                                record_shown (kind, copy),
                                cancellable, on_queued_cb, g_steal_pointer (&task));
}

/**
 * ld_outbox_submit_finish:
 * @self: an outbox
 * @result: the result
 * @error: return location for an %LD_CACHE_ERROR or %LD_API_ERROR
 *
 * Returns: (transfer full) (nullable): as ld_outbox_submit_async() says
 */
JsonNode *
ld_outbox_submit_finish (LdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Whether @entry may be discarded or sent again now: it is this outbox's
 * and not on its way to the server. */
static gboolean
check_entry (LdOutbox       *self,
             LdOutboxEntry  *entry,
             GError        **error)
{
  if (self->cache == NULL)
    {
      g_set_error_literal (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED, _("You have signed out."));
      return FALSE;
    }
  if (find_entry (self, ld_outbox_entry_get_seq (entry)) != entry)
    {
      g_set_error_literal (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NOT_REFUSED,
                           _("This item is no longer in the outbox."));
      return FALSE;
    }
  if (ld_outbox_entry_get_state (entry) == LD_OUTBOX_ENTRY_SENDING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("This item is being sent now; try again in a moment."));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  LdOutboxEntry *entry;
  JsonNode      *params;
} Fixing;

static void
fixing_free (Fixing *fixing)
{
  g_clear_object (&fixing->entry);
  g_clear_pointer (&fixing->params, json_node_unref);
  g_free (fixing);
}

static void
on_discarded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdOutbox *self = g_task_get_source_object (task);
  Fixing *fixing = g_task_get_task_data (task);
  g_autoptr(LdOutboxItem) item = NULL;
  GError *error = NULL;

  item = ld_cache_outbox_change_finish (LD_CACHE (source), result, &error);
  if (item == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (find_entry (self, item->seq) == fixing->entry)
    {
      remove_entry (self, fixing->entry);
      recount (self);
      g_signal_emit (self, signals [ENTRY_DISCARDED], 0, fixing->entry);
    }
  g_task_return_boolean (task, TRUE);
  /* What waited for it may go now. */
  ld_outbox_flush (self);
}

/**
 * ld_outbox_discard_async:
 * @self: an outbox
 * @entry: one of its entries, not being sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * The desk gives up an item (most often a refused one): it leaves the
 * outbox (#LdOutbox::entry-discarded), and a record it made here leaves
 * the cache. Fails with %G_IO_ERROR_BUSY while the entry is being sent.
 */
void
ld_outbox_discard_async (LdOutbox            *self,
                         LdOutboxEntry       *entry,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LdOutboxItem *item;
  Fixing *fixing;

  g_return_if_fail (LD_IS_OUTBOX (self));
  g_return_if_fail (LD_IS_OUTBOX_ENTRY (entry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_outbox_discard_async);
  if (!check_entry (self, entry, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fixing = g_new0 (Fixing, 1);
  fixing->entry = g_object_ref (entry);
  g_task_set_task_data (task, fixing, (GDestroyNotify) fixing_free);

  item = g_new0 (LdOutboxItem, 1);
  item->seq = ld_outbox_entry_get_seq (entry);
  item->entity = g_strdup (ld_outbox_entry_get_entity (entry));
  item->target_id = g_strdup (ld_outbox_entry_get_target_id (entry));
  ld_cache_outbox_change_async (self->cache, LD_OUTBOX_DISCARD, item, NULL, cancellable,
                                on_discarded_cb, g_steal_pointer (&task));
}

gboolean
ld_outbox_discard_finish (LdOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_resent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdOutbox *self = g_task_get_source_object (task);
  Fixing *fixing = g_task_get_task_data (task);
  g_autoptr(LdOutboxItem) item = NULL;
  GError *error = NULL;

  item = ld_cache_outbox_change_finish (LD_CACHE (source), result, &error);
  if (item == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (find_entry (self, item->seq) == fixing->entry)
    {
      ld_outbox_entry_set_resent (fixing->entry, item, g_steal_pointer (&fixing->params));
      recount (self);
      g_signal_emit (self, signals [ENTRY_RESENT], 0, fixing->entry);
    }
  g_task_return_boolean (task, TRUE);
  ld_outbox_flush (self);
}

/**
 * ld_outbox_resend_async:
 * @self: an outbox
 * @entry: a refused entry
 * @params: (nullable): the action's parameters as the desk fixed them, in
 *   the form ld_outbox_submit_async() takes for @entry's action (start
 *   from ld_outbox_entry_get_params()); the record's id may be left out,
 *   and may not be changed. %NULL sends it again as it is (the server
 *   may take it now: a likely duplicate registered deliberately is not,
 *   but a record someone else has since fixed may be)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * The desk fixes a refused item (a field the server named, a stale
 * version): it goes back to its place in the outbox with a new
 * Idempotency-Key, ahead of the items waiting for it
 * (#LdOutbox::entry-resent), and a record it made shows what was fixed.
 * Fails with %LD_CACHE_ERROR_NOT_REFUSED when @entry is no longer a
 * refused one.
 */
void
ld_outbox_resend_async (LdOutbox            *self,
                        LdOutboxEntry       *entry,
                        JsonObject          *params,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  const Kind *kind;
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(LdOutboxItem) fixed = NULL;
  g_autoptr(GError) error = NULL;
  const char *target;
  const char *target_id;
  Fixing *fixing;

  g_return_if_fail (LD_IS_OUTBOX (self));
  g_return_if_fail (LD_IS_OUTBOX_ENTRY (entry));

  kind = ld_outbox_kind_get (ld_outbox_entry_get_action (entry));
  target_id = ld_outbox_entry_get_target_id (entry);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_outbox_resend_async);

  if (!check_entry (self, entry, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (ld_outbox_entry_get_state (entry) != LD_OUTBOX_ENTRY_REFUSED)
    {
      g_task_return_new_error (task, LD_CACHE_ERROR, LD_CACHE_ERROR_NOT_REFUSED,
                               _("This item is no longer waiting to be fixed."));
      return;
    }

  copy = copy_object (params ? params : json_node_get_object (ld_outbox_entry_get_params (entry)));
  target = ld_json_object_get_string (copy, kind->target);
  if (target == NULL)
    json_object_set_string_member (copy, kind->target, target_id);
  else if (!g_str_equal (target, target_id))
    {
      g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                               _("Please check: %s."), kind->target);
      return;
    }

  fixed = new_item (kind, copy, &error);
  if (fixed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fixed->seq = ld_outbox_entry_get_seq (entry);

  fixing = g_new0 (Fixing, 1);
  fixing->entry = g_object_ref (entry);
  fixing->params = object_node (copy);
  g_task_set_task_data (task, fixing, (GDestroyNotify) fixing_free);

  ld_cache_outbox_change_async (self->cache, LD_OUTBOX_RESEND, g_steal_pointer (&fixed),
                                kind->makes_record ? record_shown (kind, copy) : NULL,
                                cancellable, on_resent_cb, g_steal_pointer (&task));
}

gboolean
ld_outbox_resend_finish (LdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
