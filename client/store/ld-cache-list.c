/* ld-cache-list.c: a GListModel over one view of the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list knows how many rows its view has and keeps at most a window of
 * them: a row asked for and not loaded is handed out at once as a
 * placeholder and filled when its page arrives from the reader's thread
 * (keyset after the row before it when that one is loaded, as when
 * scrolling; an offset only for a jump). When a write changes the cache,
 * the batch it tells carries this view's changes as exact positions,
 * computed in the write's own transaction; the list applies them to its
 * window and emits the same items-changed signals.
 *
 * A page belongs to the cache's version it was read at, and is used only
 * if the list has applied exactly the batches up to that version;
 * otherwise it is read again.
 */

#define G_LOG_DOMAIN "ld-cache-list"

#include "config.h"

#include "ld-cache-list.h"
#include "ld-worklist.h"

#define PAGE_SIZE 64
#define MAX_SLOTS 1024

typedef struct
{
  guint           position;
  LdCacheRecord  *item;
  LdCacheViewKey  key;
} Slot;

struct _LdCacheList
{
  GObject        parent_instance;

  LdCache       *cache;
  LdCacheView   *view;
  GCancellable  *cancellable;
  gulong         changed_id;

  gboolean       ready;
  guint          n_items;
  gint64         version;
  /* Raised by every change applied, so a page asked for before it is not
   * put at positions that moved. */
  guint          generation;
  /* Sorted by position. */
  GArray        *slots;
  guint          last_wanted;
  gboolean       fetching;
};

static void ld_cache_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdCacheList, ld_cache_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ld_cache_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void schedule_fetch (LdCacheList *self);

static void
slot_clear (Slot *slot)
{
  g_clear_object (&slot->item);
  ld_cache_view_key_clear (&slot->key);
}

/* The index of the first slot at or after @position. */
static guint
find_slot (LdCacheList *self,
           guint        position)
{
  guint low = 0;
  guint high = self->slots->len;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (g_array_index (self->slots, Slot, mid).position < position)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static Slot *
slot_at (LdCacheList *self,
         guint        position)
{
  guint index = find_slot (self, position);

  if (index < self->slots->len && g_array_index (self->slots, Slot, index).position == position)
    return &g_array_index (self->slots, Slot, index);
  return NULL;
}

static Slot *
add_slot (LdCacheList *self,
          guint        position)
{
  guint index = find_slot (self, position);
  Slot slot = { position, ld_cache_record_new (ld_cache_view_get_entity (self->view)), };

  g_array_insert_val (self->slots, index, slot);
  return &g_array_index (self->slots, Slot, index);
}

static gboolean
has_holes (LdCacheList *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (!ld_cache_record_get_loaded (g_array_index (self->slots, Slot, i).item))
      return TRUE;
  return FALSE;
}

gboolean
ld_cache_list_get_loading (LdCacheList *self)
{
  g_return_val_if_fail (LD_IS_CACHE_LIST (self), FALSE);

  return !self->ready || self->fetching || has_holes (self);
}

/* Forgets the rows furthest from where the list is being looked at. */
static void
trim (LdCacheList *self)
{
  while (self->slots->len > MAX_SLOTS)
    {
      guint first = g_array_index (self->slots, Slot, 0).position;
      guint last = g_array_index (self->slots, Slot, self->slots->len - 1).position;

      if (self->last_wanted - MIN (first, self->last_wanted) >
          MAX (last, self->last_wanted) - self->last_wanted)
        g_array_remove_index (self->slots, 0);
      else
        g_array_remove_index (self->slots, self->slots->len - 1);
    }
}

/* A page asked for: where it goes, and the list's state then. */
typedef struct
{
  LdCacheList *self;
  guint        start;
  guint        generation;
} Fetch;

static void
on_page_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Fetch *fetch = user_data;
  g_autoptr(LdCacheList) self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint start = fetch->start;
  guint generation = fetch->generation;
  gint64 version;

  self->fetching = FALSE;
  rows = ld_cache_read_page_finish (LD_CACHE (source), result, &version, &error);
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED))
        g_warning ("A list could not read the local data: %s", error->message);
      return;
    }

  /* Read at another state than the list shows: a batch is on its way (it
   * asks again) or has been applied since (ask again now). */
  if (version != self->version || generation != self->generation)
    {
      if (version <= self->version)
        schedule_fetch (self);
      return;
    }

  for (guint i = 0; i < rows->len && start + i < self->n_items; i++)
    {
      LdCacheViewRow *row = g_ptr_array_index (rows, i);
      Slot *slot = slot_at (self, start + i);

      if (slot == NULL)
        slot = add_slot (self, start + i);
      ld_cache_view_key_clear (&slot->key);
      ld_cache_view_key_copy (&row->key, &slot->key);
      ld_cache_record_fill (slot->item, row->key.id, row->record, row->detail);
    }
  trim (self);

  schedule_fetch (self);
  if (!ld_cache_list_get_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

/* Reads the page from the first row not loaded. */
static void
schedule_fetch (LdCacheList *self)
{
  const LdCacheViewKey *after = NULL;
  guint start = G_MAXUINT;
  Fetch *fetch;

  if (!self->ready || self->fetching || self->cache == NULL)
    return;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (!ld_cache_record_get_loaded (slot->item))
        {
          Slot *before = i > 0 ? &g_array_index (self->slots, Slot, i - 1) : NULL;

          start = slot->position;
          if (before != NULL && before->position + 1 == start &&
              ld_cache_record_get_loaded (before->item))
            after = &before->key;
          break;
        }
    }
  if (start == G_MAXUINT)
    return;

  self->fetching = TRUE;
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->start = start;
  fetch->generation = self->generation;
  ld_cache_read_page_async (self->cache, self->view, after, start, PAGE_SIZE, self->cancellable,
                            on_page_cb, fetch);
}

static void
apply_op (LdCacheList     *self,
          const LdCacheOp *op)
{
  guint removed = op->removed == G_MAXUINT ? self->n_items : op->removed;
  guint end = op->position + removed;

  g_return_if_fail (end <= self->n_items);

  for (guint i = find_slot (self, op->position); i < self->slots->len;)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (slot->position < end)
        g_array_remove_index (self->slots, i);
      else
        {
          slot->position = slot->position - removed + op->added;
          i++;
        }
    }

  self->n_items = self->n_items - removed + op->added;
  self->generation++;
  g_list_model_items_changed (G_LIST_MODEL (self), op->position, removed, op->added);
}

static void
on_cache_changed_cb (LdCache      *cache,
                     LdCacheBatch *batch,
                     LdCacheList  *self)
{
  GArray *ops;

  if (!self->ready || batch->version <= self->version)
    return;

  self->version = batch->version;
  ops = g_hash_table_lookup (batch->ops, self->view);
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    apply_op (self, &g_array_index (ops, LdCacheOp, i));

  schedule_fetch (self);
}

static void
on_watch_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdCacheList) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 count;
  gint64 version;

  if (!ld_cache_watch_finish (LD_CACHE (source), result, &count, &version, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("A list could not read the local data: %s", error->message);
      return;
    }

  self->ready = TRUE;
  self->version = version;
  self->n_items = count;
  if (count > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, count);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
  schedule_fetch (self);
}

static GType
ld_cache_list_get_item_type (GListModel *model)
{
  return LD_TYPE_CACHE_RECORD;
}

static guint
ld_cache_list_get_n_items (GListModel *model)
{
  return LD_CACHE_LIST (model)->n_items;
}

static gpointer
ld_cache_list_get_item (GListModel *model,
                        guint       position)
{
  LdCacheList *self = LD_CACHE_LIST (model);
  Slot *slot;

  if (position >= self->n_items)
    return NULL;

  self->last_wanted = position;
  slot = slot_at (self, position);
  if (slot == NULL)
    {
      g_autoptr(LdCacheRecord) item = NULL;

      slot = add_slot (self, position);
      item = g_object_ref (slot->item);
      trim (self);
      schedule_fetch (self);
      return g_steal_pointer (&item);
    }
  return g_object_ref (slot->item);
}

static void
ld_cache_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ld_cache_list_get_item_type;
  iface->get_n_items = ld_cache_list_get_n_items;
  iface->get_item = ld_cache_list_get_item;
}

static void
ld_cache_list_dispose (GObject *object)
{
  LdCacheList *self = (LdCacheList *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->cache != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->cache);
      ld_cache_unwatch (self->cache, self->view);
    }
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (ld_cache_list_parent_class)->dispose (object);
}

static void
ld_cache_list_finalize (GObject *object)
{
  LdCacheList *self = (LdCacheList *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->view, ld_cache_view_unref);
  g_clear_pointer (&self->slots, g_array_unref);

  G_OBJECT_CLASS (ld_cache_list_parent_class)->finalize (object);
}

static void
ld_cache_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdCacheList *self = LD_CACHE_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, ld_cache_list_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_cache_list_class_init (LdCacheListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_cache_list_dispose;
  object_class->finalize = ld_cache_list_finalize;
  object_class->get_property = ld_cache_list_get_property;

  /**
   * LdCacheList:loading:
   *
   * %TRUE until the list knows its length and while rows asked for are
   * still being read.
   */
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_cache_list_init (LdCacheList *self)
{
  self->cancellable = g_cancellable_new ();
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (self->slots, (GDestroyNotify) slot_clear);
}

/**
 * ld_cache_list_new:
 * @cache: an open cache
 * @view: the view to show
 *
 * Returns: (transfer full): a list, empty until the cache has counted it
 */
LdCacheList *
ld_cache_list_new (LdCache     *cache,
                   LdCacheView *view)
{
  LdCacheList *self;

  g_return_val_if_fail (LD_IS_CACHE (cache), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  self = g_object_new (LD_TYPE_CACHE_LIST, NULL);
  self->cache = g_object_ref (cache);
  self->view = ld_cache_view_ref (view);
  self->changed_id = g_signal_connect (cache, "changed", G_CALLBACK (on_cache_changed_cb), self);
  ld_cache_watch_async (cache, view, self->cancellable, on_watch_cb, g_object_ref (self));
  return self;
}

/**
 * ld_cache_list_new_patient_search:
 * @cache: an open cache
 * @query: a name, phone number, MRN or ID, as the desk typed it
 * @error: return location for an %LD_API_ERROR when @query says nothing
 *
 * Returns: (transfer full) (nullable): the patients found, in name order
 */
LdCacheList *
ld_cache_list_new_patient_search (LdCache     *cache,
                                  const char  *query,
                                  GError     **error)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_patient_search (query, error);

  return view ? ld_cache_list_new (cache, view) : NULL;
}

/**
 * ld_cache_list_new_worklist:
 * @cache: an open cache
 * @tab: "ready", "cod", "processing", "completed" or "failed"
 *
 * Returns: (transfer full): the tab's orders: stat first, then urgent,
 *   then routine, oldest first
 */
LdCacheList *
ld_cache_list_new_worklist (LdCache    *cache,
                            const char *tab)
{
  g_autoptr(LdCacheView) view = NULL;
  LdWorklistTab index;

  g_return_val_if_fail (ld_worklist_tab_from_string (tab, &index), NULL);

  view = ld_cache_view_new_worklist (index);
  return ld_cache_list_new (cache, view);
}

/**
 * ld_cache_list_new_order_samples:
 * @cache: a cache
 * @order_id: an order
 *
 * Returns: (transfer full): the order's samples in the order they were
 *   collected (by accession)
 */
LdCacheList *
ld_cache_list_new_order_samples (LdCache    *cache,
                                 const char *order_id)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_order_samples (order_id);

  return ld_cache_list_new (cache, view);
}

/**
 * ld_cache_list_new_patient_orders:
 * @cache: an open cache
 * @patient_id: a patient
 *
 * Returns: (transfer full): the patient's orders, newest first
 */
LdCacheList *
ld_cache_list_new_patient_orders (LdCache    *cache,
                                  const char *patient_id)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_patient_orders (patient_id);

  return ld_cache_list_new (cache, view);
}

/**
 * ld_cache_list_new_owing:
 * @cache: an open cache
 * @day_start_us: the start of the day, local midnight
 * @day_end_us: the start of the next day
 *
 * Returns: (transfer full): the orders made that day whose money is not
 *   settled (ld_desk_owing_of()): failed payments first, then the oldest
 */
LdCacheList *
ld_cache_list_new_owing (LdCache *cache,
                         gint64   day_start_us,
                         gint64   day_end_us)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_owing (day_start_us, day_end_us);

  return ld_cache_list_new (cache, view);
}

/**
 * ld_cache_list_new_home_visits:
 * @cache: an open cache
 * @start_from_us: the earliest slot start listed
 * @start_until_us: slots starting from here on are not listed
 * @end_after_us: only slots ending after this
 * @end_until_us: only slots ending at or before this
 *
 * Returns: (transfer full): the home visits still to be made
 *   (ld_desk_home_visit_pending()) in those ranges, by slot
 */
LdCacheList *
ld_cache_list_new_home_visits (LdCache *cache,
                               gint64   start_from_us,
                               gint64   start_until_us,
                               gint64   end_after_us,
                               gint64   end_until_us)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_home_visits (start_from_us, start_until_us,
                                                               end_after_us, end_until_us);

  return ld_cache_list_new (cache, view);
}

/**
 * ld_cache_list_new_catalog_search:
 * @cache: a cache
 * @query: (nullable): the start of a test's or panel's code, or of a word
 *   of its name, as typed; %NULL or blank for the whole catalogue
 *
 * The active tests and panels for booking, in name order, as
 * #LdCacheRecord rows of entity "catalog" (a panel's record has
 * "tests"); live as the catalogue changes.
 *
 * Returns: (transfer full): the list
 */
LdCacheList *
ld_cache_list_new_catalog_search (LdCache    *cache,
                                  const char *query)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_catalog_search (query);

  return ld_cache_list_new (cache, view);
}
