/* ld-record-items.c: a cache list as typed items that stay the same objects
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cache list (ld-cache-list.c) hands out rows that hold the JSON the
 * server sent, and a row that changes is replaced by a new one. The
 * lab's screens read typed items instead (issue 30): this list follows
 * the rows and hands out one item per record (LdResultView or
 * LdSampleView), found by its id, the same object for as long as the list
 * lives. Each time the rows move, every item is given a fresh copy read
 * by the shared reader (ld_command_read_result(), _sample()), and so
 * notifies only what changed: a value entered at another bench arrives
 * as "value" and "state" on the item a page is bound to. "refreshed" is
 * emitted after each pass, for pages that rebuild; items-changed only
 * when items come, go or move. No GTK here.
 */

#define G_LOG_DOMAIN "ld-record-items"

#include "config.h"

#include "ld-record-items.h"

#include "ld-command-records.h"

struct _LdRecordItems
{
  GObject      parent_instance;

  LdCacheList *rows;
  GType        item_type;
  /* The items shown, in the rows' order. */
  GPtrArray   *items;
  /* Every item made, by record id: one object per record. */
  GHashTable  *by_id;
  gboolean     loaded;
  gboolean     settled;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRecordItems, ld_record_items, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_SETTLED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum
{
  REFRESHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static GType
ld_record_items_get_item_type (GListModel *model)
{
  return LD_RECORD_ITEMS (model)->item_type;
}

static guint
ld_record_items_get_n_items (GListModel *model)
{
  return LD_RECORD_ITEMS (model)->items->len;
}

static gpointer
ld_record_items_get_item (GListModel *model,
                          guint       position)
{
  LdRecordItems *self = LD_RECORD_ITEMS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ld_record_items_get_item_type;
  iface->get_n_items = ld_record_items_get_n_items;
  iface->get_item = ld_record_items_get_item;
}

/* The item of @record's id, made the first time; given a fresh copy. */
static GObject *
refresh_item (LdRecordItems *self,
              LdCacheRecord *record)
{
  const char *id = ld_cache_record_get_id (record);
  JsonObject *object = ld_cache_record_get_object (record);
  GObject *item = g_hash_table_lookup (self->by_id, id);

  if (item == NULL)
    {
      item = g_object_new (self->item_type, NULL);
      g_hash_table_insert (self->by_id, g_strdup (id), item);
    }
  ld_record_view_set_pending (LD_RECORD_VIEW (item), ld_cache_record_get_pending (record));
  if (LD_IS_RESULT_VIEW (item))
    ld_result_view_set_result (LD_RESULT_VIEW (item), ld_command_read_result (object));
  else
    ld_sample_view_set_sample (LD_SAMPLE_VIEW (item), ld_command_read_sample (object));
  return item;
}

static gboolean
same_items (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_ptr_array_index (a, i) != g_ptr_array_index (b, i))
      return FALSE;
  return TRUE;
}

static void
set_settled (LdRecordItems *self,
             gboolean       settled)
{
  if (self->settled == settled)
    return;
  self->settled = settled;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SETTLED]);
}

/* Once every row is read, refreshes the items and says what moved. A row
 * replaced is a placeholder for a moment: the items wait for it, so that
 * none of them leaves and comes back, and the list is not settled. */
static void
sync_items (LdRecordItems *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autoptr(GPtrArray) items = NULL;
  guint old_len;

  if (ld_cache_list_get_loading (self->rows))
    {
      set_settled (self, FALSE);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (!ld_cache_record_get_loaded (record) || ld_cache_record_get_object (record) == NULL)
        {
          set_settled (self, FALSE);
          return;
        }
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      g_ptr_array_add (items, g_object_ref (refresh_item (self, record)));
    }

  old_len = self->items->len;
  if (!same_items (self->items, items))
    {
      g_ptr_array_unref (self->items);
      self->items = g_steal_pointer (&items);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
    }
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }
  set_settled (self, TRUE);
  g_signal_emit (self, signals [REFRESHED], 0);
}

static void
on_row_notify_cb (LdCacheRecord *record,
                  GParamSpec    *pspec,
                  LdRecordItems *self)
{
  sync_items (self);
}

static void
on_rows_changed_cb (GListModel    *rows,
                    guint          position,
                    guint          removed,
                    guint          added,
                    LdRecordItems *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (rows, i);

      g_signal_connect_object (record, "notify", G_CALLBACK (on_row_notify_cb), self, 0);
    }
  sync_items (self);
}

static void
on_rows_loading_cb (LdCacheList   *rows,
                    GParamSpec    *pspec,
                    LdRecordItems *self)
{
  sync_items (self);
}

static void
ld_record_items_dispose (GObject *object)
{
  LdRecordItems *self = (LdRecordItems *) object;

  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (ld_record_items_parent_class)->dispose (object);
}

static void
ld_record_items_finalize (GObject *object)
{
  LdRecordItems *self = (LdRecordItems *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (ld_record_items_parent_class)->finalize (object);
}

static void
ld_record_items_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdRecordItems *self = LD_RECORD_ITEMS (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_SETTLED:
      g_value_set_boolean (value, self->settled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_record_items_class_init (LdRecordItemsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_record_items_dispose;
  object_class->finalize = ld_record_items_finalize;
  object_class->get_property = ld_record_items_get_property;

  /**
   * LdRecordItems:loaded:
   *
   * Whether every row was read once: until then the list is empty.
   */
  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdRecordItems:settled:
   *
   * Whether the items are the records as the cache has them now: %FALSE
   * for a moment while a record that changed is read again, when what
   * acts on every item (verify all, release) waits.
   */
  properties [PROP_SETTLED] =
    g_param_spec_boolean ("settled", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdRecordItems::refreshed:
   *
   * Every item was given a fresh copy; those whose properties changed
   * notified them first.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ld_record_items_init (LdRecordItems *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * ld_record_items_new:
 * @rows: a cache list of results or samples
 * @item_type: %LD_TYPE_RESULT_VIEW or %LD_TYPE_SAMPLE_VIEW, as they are
 *
 * Returns: (transfer full): the rows as typed items
 */
LdRecordItems *
ld_record_items_new (LdCacheList *rows,
                     GType        item_type)
{
  LdRecordItems *self;
  guint n;

  g_return_val_if_fail (LD_IS_CACHE_LIST (rows), NULL);
  g_return_val_if_fail (item_type == LD_TYPE_RESULT_VIEW || item_type == LD_TYPE_SAMPLE_VIEW,
                        NULL);

  self = g_object_new (LD_TYPE_RECORD_ITEMS, NULL);
  self->rows = g_object_ref (rows);
  self->item_type = item_type;
  g_signal_connect_object (rows, "items-changed", G_CALLBACK (on_rows_changed_cb), self, 0);
  g_signal_connect_object (rows, "notify::loading", G_CALLBACK (on_rows_loading_cb), self, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (rows));
  on_rows_changed_cb (G_LIST_MODEL (rows), 0, 0, n, self);
  return self;
}

/**
 * ld_record_items_new_order_results:
 * @cache: the session's cache
 * @order_id: an order
 *
 * Returns: (transfer full): the order's results (#LdResultView), by test
 *   code
 */
LdRecordItems *
ld_record_items_new_order_results (LdCache    *cache,
                                   const char *order_id)
{
  g_autoptr(LdCacheList) rows = ld_cache_list_new_order_results (cache, order_id);

  return ld_record_items_new (rows, LD_TYPE_RESULT_VIEW);
}

/**
 * ld_record_items_new_order_samples:
 * @cache: the session's cache
 * @order_id: an order
 *
 * Returns: (transfer full): the order's samples (#LdSampleView), in the
 *   order they were collected
 */
LdRecordItems *
ld_record_items_new_order_samples (LdCache    *cache,
                                   const char *order_id)
{
  g_autoptr(LdCacheList) rows = ld_cache_list_new_order_samples (cache, order_id);

  return ld_record_items_new (rows, LD_TYPE_SAMPLE_VIEW);
}

gboolean
ld_record_items_get_loaded (LdRecordItems *self)
{
  g_return_val_if_fail (LD_IS_RECORD_ITEMS (self), FALSE);

  return self->loaded;
}

gboolean
ld_record_items_get_settled (LdRecordItems *self)
{
  g_return_val_if_fail (LD_IS_RECORD_ITEMS (self), FALSE);

  return self->settled;
}

/**
 * ld_record_items_find:
 * @self: the items
 * @id: a record's id
 *
 * Returns: (transfer none) (nullable): the item of @id shown now, or %NULL
 */
gpointer
ld_record_items_find (LdRecordItems *self,
                      const char    *id)
{
  g_return_val_if_fail (LD_IS_RECORD_ITEMS (self), NULL);

  for (guint i = 0; id != NULL && i < self->items->len; i++)
    {
      GObject    *item = g_ptr_array_index (self->items, i);
      const char *item_id = LD_IS_RESULT_VIEW (item)
                              ? ld_result_view_get_id (LD_RESULT_VIEW (item))
                              : ld_sample_view_get_id (LD_SAMPLE_VIEW (item));

      if (g_strcmp0 (item_id, id) == 0)
        return item;
    }
  return NULL;
}
