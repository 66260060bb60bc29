/* ld-outbox.c: work done while the server is away, sent when it is back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An action is one row of the kinds table: how to send it (method and a
 * path whose {names} come from the action's parameters, the rest being
 * the body), which record it shows on, and whether it may wait. One that
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
 */

#define G_LOG_DOMAIN "ld-outbox"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-json.h"
#include "ld-outbox.h"
#include "ld-time.h"

#define FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 30000

typedef struct
{
  const char *kind;
  const char *method;
  /* {name} is the parameter @name, taken out of the body. */
  const char *path;
  /* The record it shows on, named by the parameter @target. */
  const char *entity;
  const char *target;
  /* A parameter naming a record an earlier item may be making. */
  const char *depends;
  /* The answer's member holding the record as it now is. */
  const char *answer;
  gboolean    may_wait;
  gboolean    makes_record;
  /* Translators' text for "needs the server". */
  const char *needs_server;
} Kind;

static const Kind kinds[] = {
  { "patient.register", "POST", "/api/v1/patients", "patient", "id", NULL, "patient",
    TRUE, TRUE, NULL },
  { "patient.update", "PATCH", "/api/v1/patients/{id}", "patient", "id", "id", "patient",
    TRUE, FALSE, NULL },
  { "order.create", "POST", "/api/v1/orders", "order", "id", "patient_id", "order",
    TRUE, TRUE, NULL },
  { "payment.cash", "POST", "/api/v1/orders/{order_id}/payments", "order", "order_id", "order_id",
    "order", TRUE, FALSE, NULL },
  { "order.cancel", "POST", "/api/v1/orders/{id}/cancel", "order", "id", "id", "order",
    FALSE, FALSE, N_("Cancelling an order needs the server, which cannot be reached now.") },
  { "payment.refund", "POST", "/api/v1/orders/{order_id}/refunds", "order", "order_id", NULL,
    "order", FALSE, FALSE, N_("Refunds need the server, which cannot be reached now.") },
  /* Drafts and submitted values of an order's results; each names the
   * version it was typed over, so a stale one comes back as a conflict. */
  { "result.save", "POST", "/api/v1/orders/{order_id}/results", "order", "order_id", "order_id",
    "order", TRUE, FALSE, NULL },
  { "result.verify", "POST", "/api/v1/orders/{order_id}/verify", "order", "order_id", NULL,
    "order", FALSE, FALSE, N_("Verifying a result needs the server, which cannot be reached now.") },
  { "report.release", "POST", "/api/v1/orders/{order_id}/release", "order", "order_id", NULL,
    "order", FALSE, FALSE, N_("Releasing a report needs the server, which cannot be reached now.") },
};

struct _LdOutbox
{
  GObject       parent_instance;

  LdApiClient  *client;
  LdCache      *cache;
  GCancellable *cancellable;
  /* Trying again after the server could not take an item. */
  GSource      *retry;
  guint         backoff_ms;
  gboolean      sending;
  /* A flush asked for while sending: look again once done. */
  gboolean      again;
};

G_DEFINE_FINAL_TYPE (LdOutbox, ld_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ONLINE,
  PROP_SENDING,
  N_PROPS
};

enum {
  ITEM_SENT,
  ITEM_REJECTED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void send_next (LdOutbox *self);

static const Kind *
find_kind (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, name))
      return &kinds[i];
  return NULL;
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
  LdOutbox *self = (LdOutbox *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_clear_object (&self->cancellable);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdOutbox::item-sent:
   * @self: the outbox
   * @seq: the item's place in the outbox
   */
  signals [ITEM_SENT] =
    g_signal_new ("item-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * LdOutbox::item-rejected:
   * @self: the outbox
   * @seq: the item's place in the outbox
   * @error: (type GError): the server's refusal
   */
  signals [ITEM_REJECTED] =
    g_signal_new ("item-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_ERROR);
}

static void
ld_outbox_init (LdOutbox *self)
{
  self->cancellable = g_cancellable_new ();
  self->backoff_ms = FIRST_BACKOFF_MS;
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
 * Returns: (transfer full): an outbox; it sends when flushed, when
 *   something is queued, and when @client finds the server again
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

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
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
  LdOutbox     *self;
  LdOutboxItem *item;
  GError       *error;
} Sending;

static void
sending_free (Sending *sending)
{
  g_object_unref (sending->self);
  ld_outbox_item_free (sending->item);
  g_clear_error (&sending->error);
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

  if (!ld_cache_outbox_change_finish (LD_CACHE (source), result, &error))
    {
      g_warning ("The outbox could not be updated: %s", error->message);
      set_sending (self, FALSE);
    }
  else
    {
      if (sending->error != NULL)
        g_signal_emit (self, signals [ITEM_REJECTED], 0, sending->item->seq, sending->error);
      else
        g_signal_emit (self, signals [ITEM_SENT], 0, sending->item->seq);
      send_next (self);
    }
  sending_free (sending);
}

static void
settle (Sending        *sending,
        LdOutboxChange  change,
        JsonObject     *record)
{
  LdOutboxItem *item = g_steal_pointer (&sending->item);

  /* The cache takes the item; keep what the signal needs. */
  sending->item = g_new0 (LdOutboxItem, 1);
  sending->item->seq = item->seq;
  ld_cache_outbox_change_async (sending->self->cache, change, item, record,
                                NULL, on_item_settled_cb, sending);
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
  g_autoptr(JsonObject) error_body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) current = NULL;
  GError *error = NULL;

  answer = ld_api_client_request_finish (self->client, result, &error_body, &error);
  if (error == NULL)
    {
      self->backoff_ms = FIRST_BACKOFF_MS;
      item->based_on = based_on (item, kind);
      settle (sending, LD_OUTBOX_DONE, answer_record (answer, kind));
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
      if (!g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED))
        schedule_retry (self);
      g_error_free (error);
      self->again = FALSE;
      set_sending (self, FALSE);
      sending_free (sending);
      return;
    }

  if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_CONFLICT) &&
      update_already_applied (item, current))
    {
      g_error_free (error);
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
  sending->error = error;
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

  if (items == NULL || items->len == 0)
    {
      if (items == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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
  g_autoptr(JsonNode) copy = json_node_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

/* What the cache shows at once for an action that makes a record. */
static JsonObject *
record_made_here (const Kind *kind,
                  JsonObject *params)
{
  JsonObject *record = copy_object (params);
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());

  json_object_set_int_member (record, "version", 0);
  if (g_str_equal (kind->entity, "patient"))
    json_object_set_null_member (record, "mrn");
  else
    {
      JsonObject *patient = json_object_new ();

      json_object_set_string_member (patient, "id", ld_json_object_get_string (params, "patient_id"));
      json_object_set_object_member (record, "patient", patient);
      json_object_set_null_member (record, "number");
      json_object_set_string_member (record, "lab_state", "ordered");
      json_object_set_string_member (record, "payment_state", "pending");
      json_object_set_string_member (record, "created_at", now);
    }
  return record;
}

/* The item that sends @params (which hold the target's id when the kind
 * makes a record), under a new Idempotency-Key. */
static LdOutboxItem *
new_item (const Kind  *kind,
          JsonObject  *params,
          GError     **error)
{
  g_autoptr(LdOutboxItem) item = g_new0 (LdOutboxItem, 1);

  item->kind = g_strdup (kind->kind);
  item->entity = g_strdup (kind->entity);
  item->method = g_strdup (kind->method);
  item->idempotency_key = g_uuid_string_random ();
  if (!build_request (kind, params, &item->path, &item->body, error))
    return NULL;

  item->target_id = g_strdup (ld_json_object_get_string (params, kind->target));
  item->depends_on = g_strdup (kind->depends ? ld_json_object_get_string (params, kind->depends)
                                             : NULL);
  return g_steal_pointer (&item);
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdOutbox *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!ld_cache_outbox_change_finish (LD_CACHE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, json_node_ref (g_task_get_task_data (task)),
                         (GDestroyNotify) json_node_unref);
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

/**
 * ld_outbox_submit_async:
 * @self: an outbox
 * @kind: "patient.register", "patient.update", "order.create",
 *   "payment.cash", "result.save" (these may wait), or "order.cancel",
 *   "payment.refund", "result.verify", "report.release" (these need the
 *   server)
 * @params: the body's members, and the path's ({"order_id": …})
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * An action that may wait is queued (with a client-made "id" when it
 * makes a record and @params has none) and shown in the cache at once;
 * the answer is {"queued": true, "id": …, "idempotency_key": …}. One that
 * needs the server is sent now, and refused with
 * %LD_CACHE_ERROR_NEEDS_SERVER while the server is away.
 */
void
ld_outbox_submit_async (LdOutbox            *self,
                        const char          *kind_name,
                        JsonObject          *params,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  const Kind *kind = find_kind (kind_name);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(LdOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (LD_IS_OUTBOX (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (params != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_outbox_submit_async);

  if (!kind->may_wait && !ld_api_client_get_online (self->client))
    {
      g_task_return_new_error (task, LD_CACHE_ERROR, LD_CACHE_ERROR_NEEDS_SERVER, "%s",
                               _(kind->needs_server));
      return;
    }

  copy = copy_object (params);
  if (kind->makes_record && !json_object_has_member (copy, kind->target))
    {
      g_autofree char *id = g_uuid_string_random ();

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
  g_task_set_task_data (task, json_builder_get_root (builder), (GDestroyNotify) json_node_unref);

  ld_cache_outbox_change_async (self->cache, LD_OUTBOX_ADD, g_steal_pointer (&item),
                                kind->makes_record ? record_made_here (kind, copy) : NULL,
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

/* After a discard or a fix: what waited for the item may go now. */
static void
on_fixed_or_discarded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ld_cache_outbox_change_finish (LD_CACHE (source), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      ld_outbox_flush (g_task_get_source_object (task));
    }
  else
    g_task_return_error (task, error);
}

/**
 * ld_outbox_discard_async:
 * @self: an outbox
 * @item: an item read with ld_cache_outbox_list_async() (copied)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * The desk gives up an item (most often a refused one): it leaves the
 * outbox, and a record it made here leaves the cache.
 */
void
ld_outbox_discard_async (LdOutbox            *self,
                         LdOutboxItem        *item,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  LdOutboxItem *copy;
  GTask *task;

  g_return_if_fail (LD_IS_OUTBOX (self));
  g_return_if_fail (item != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_outbox_discard_async);

  copy = g_new0 (LdOutboxItem, 1);
  copy->seq = item->seq;
  copy->entity = g_strdup (item->entity);
  copy->target_id = g_strdup (item->target_id);
  ld_cache_outbox_change_async (self->cache, LD_OUTBOX_DISCARD, copy, NULL, cancellable,
                                on_fixed_or_discarded_cb, task);
}

gboolean
ld_outbox_discard_finish (LdOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ld_outbox_resend_async:
 * @self: an outbox
 * @item: a refused item read with ld_cache_outbox_list_async() (copied)
 * @params: the action's parameters as the desk fixed them, in the form
 *   ld_outbox_submit_async() takes for @item's kind; the record's id may
 *   be left out, and may not be changed
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * The desk fixes a refused item (a field the server named, a stale
 * version, a likely duplicate registered deliberately): it goes back to
 * its place in the outbox with a new Idempotency-Key, ahead of the items
 * waiting for it, and a record it made shows what was fixed. Fails with
 * %LD_CACHE_ERROR_NOT_REFUSED when @item is no longer a refused one.
 */
void
ld_outbox_resend_async (LdOutbox            *self,
                        LdOutboxItem        *item,
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

  g_return_if_fail (LD_IS_OUTBOX (self));
  g_return_if_fail (item != NULL && item->kind != NULL && item->target_id != NULL);
  g_return_if_fail (params != NULL);

  kind = find_kind (item->kind);
  g_return_if_fail (kind != NULL && kind->may_wait);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_outbox_resend_async);

  copy = copy_object (params);
  target = ld_json_object_get_string (copy, kind->target);
  if (target == NULL)
    json_object_set_string_member (copy, kind->target, item->target_id);
  else if (!g_str_equal (target, item->target_id))
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
  fixed->seq = item->seq;

  ld_cache_outbox_change_async (self->cache, LD_OUTBOX_RESEND, g_steal_pointer (&fixed),
                                kind->makes_record ? record_made_here (kind, copy) : NULL,
                                cancellable, on_fixed_or_discarded_cb, g_steal_pointer (&task));
}

gboolean
ld_outbox_resend_finish (LdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
