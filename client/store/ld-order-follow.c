/* ld-order-follow.c: one order as the cache has it, kept up to date
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order page and the payment and refund dialogs show an order live,
 * and so do the lab's and the doctor's order pages: each write the cache
 * commits (the sync's feed, a payment made here, a gateway's callback
 * relayed by the server) reads the record again, on the cache's reader
 * thread. Data only: the order in words is common/ld-order-text.c.
 *
 * It hands the order out as a typed item (ld-order-view.c), read by the
 * shared reader, and keeps that item's outbox state ("pending") as the
 * outbox's entries for the order come, are refused, sent again or
 * dropped. The JSON (ld_order_follow_get_order()) stays for the screens
 * not yet moved to the item.
 */

#define G_LOG_DOMAIN "ld-order-follow"

#include "config.h"

#include "ld-command-records.h"
#include "ld-json.h"
#include "ld-order-follow.h"
#include "ld-outbox.h"

struct _LdOrderFollow
{
  GObject       parent_instance;

  LdSession    *session;
  char         *order_id;
  JsonObject   *order;
  LdOrderView  *view;
  GCancellable *cancellable;
  gboolean      reading;
  gboolean      again;
};

G_DEFINE_FINAL_TYPE (LdOrderFollow, ld_order_follow, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void read_order (LdOrderFollow *self);

/* What the outbox holds for the order's own record, in the words of
 * LdCachePending: a booking refused by the server waits for the desk. */
static const char *
find_pending (LdOrderFollow *self)
{
  LdOutbox *outbox = self->session != NULL ? ld_session_get_outbox (self->session) : NULL;
  g_autoptr(GPtrArray) entries = NULL;

  /* A session signing out has let its outbox go. */
  if (outbox == NULL)
    return NULL;
  entries = ld_outbox_find_entries (outbox, "order", self->order_id);
  for (guint i = 0; i < entries->len; i++)
    if (ld_outbox_entry_get_state (g_ptr_array_index (entries, i)) == LD_OUTBOX_ENTRY_REFUSED)
      return "rejected";
  return entries->len > 0 ? "queued" : NULL;
}

static void
on_outbox_entry_cb (LdOrderFollow *self,
                    LdOutboxEntry *entry)
{
  if (g_strcmp0 (ld_outbox_entry_get_target_id (entry), self->order_id) == 0)
    ld_order_view_set_pending (self->view, find_pending (self));
}

static void
on_order_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LdOrderFollow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, &error);

  self->reading = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->again)
    {
      self->again = FALSE;
      read_order (self);
      return;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("Order %s is not readable here: %s", self->order_id,
               error ? error->message : "not an object");
      return;
    }
  g_clear_pointer (&self->order, json_object_unref);
  self->order = json_object_ref (json_node_get_object (node));
  ld_order_view_set_pending (self->view, find_pending (self));
  ld_order_view_set_order (self->view, ld_command_read_order (self->order));
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
read_order (LdOrderFollow *self)
{
  /* Disposed, or the session signed out with a read still under way:
   * there is no cache to read any more. */
  LdCache *cache = self->session != NULL ? ld_session_get_cache (self->session) : NULL;

  if (cache == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->reading)
    {
      self->again = TRUE;
      return;
    }
  self->reading = TRUE;
  ld_cache_get_record_async (cache, "order", self->order_id, self->cancellable, on_order_read_cb,
                             g_object_ref (self));
}

static void
on_cache_changed_cb (LdOrderFollow *self)
{
  read_order (self);
}

static void
ld_order_follow_dispose (GObject *object)
{
  LdOrderFollow *self = (LdOrderFollow *) object;

  /* The cancellable stays until finalize: a read's answer may still come
   * and must find it cancelled. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->order, json_object_unref);

  G_OBJECT_CLASS (ld_order_follow_parent_class)->dispose (object);
}

static void
ld_order_follow_finalize (GObject *object)
{
  LdOrderFollow *self = (LdOrderFollow *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->view);
  g_free (self->order_id);

  G_OBJECT_CLASS (ld_order_follow_parent_class)->finalize (object);
}

static void
ld_order_follow_class_init (LdOrderFollowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_order_follow_dispose;
  object_class->finalize = ld_order_follow_finalize;

  /**
   * LdOrderFollow::changed:
   *
   * The order was read (first, or again after a change in the cache).
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ld_order_follow_init (LdOrderFollow *self)
{
  self->cancellable = g_cancellable_new ();
  self->view = ld_order_view_new ();
}

/**
 * ld_order_follow_new:
 * @session: the signed-in session
 * @order_id: the order to follow
 *
 * Returns: (transfer full): a follower; its first "changed" comes once
 *   the order is read
 */
LdOrderFollow *
ld_order_follow_new (LdSession  *session,
                     const char *order_id)
{
  const char    *outbox_signals[] = { "entry-added", "entry-sent", "entry-refused", "entry-resent",
                                      "entry-discarded" };
  LdOrderFollow *self;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  self = g_object_new (LD_TYPE_ORDER_FOLLOW, NULL);
  self->session = g_object_ref (session);
  self->order_id = g_strdup (order_id);
  g_signal_connect_object (ld_session_get_cache (session), "changed",
                           G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (outbox_signals); i++)
    g_signal_connect_object (ld_session_get_outbox (session), outbox_signals[i],
                             G_CALLBACK (on_outbox_entry_cb), self, G_CONNECT_SWAPPED);
  read_order (self);
  return self;
}

/* Returns: (transfer none) (nullable): the order, once read */
JsonObject *
ld_order_follow_get_order (LdOrderFollow *self)
{
  g_return_val_if_fail (LD_IS_ORDER_FOLLOW (self), NULL);

  return self->order;
}

/**
 * ld_order_follow_get_view:
 * @self: a follower
 *
 * The order as a typed item: its properties are notified, and it emits
 * "refreshed", each time a fresh copy is read (before "changed").
 *
 * Returns: (transfer none): the item; not loaded until the first read
 */
LdOrderView *
ld_order_follow_get_view (LdOrderFollow *self)
{
  g_return_val_if_fail (LD_IS_ORDER_FOLLOW (self), NULL);

  return self->view;
}

const char *
ld_order_follow_get_id (LdOrderFollow *self)
{
  g_return_val_if_fail (LD_IS_ORDER_FOLLOW (self), NULL);

  return self->order_id;
}

/* An amount of @order, or -1 when it is not known (an order made here
 * offline is priced by the server once sent). */
gint64
ld_order_get_paise (JsonObject *order,
                    const char *member)
{
  JsonNode *node = order ? json_object_get_member (order, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}
