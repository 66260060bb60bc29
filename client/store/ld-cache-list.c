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
 *
 * A search list switches to another query in place (the desk types a
 * letter): the list keeps showing the last query's rows until the new
 * query's first page is read, then the same row objects are refilled with
 * it (ld_cache_record_fill() notifies) and only the change of length is
 * signalled, so a view bound to the rows updates them rather than
 * building new ones. The first page, on the reader's thread, does not
 * wait for the count, on the writer's (a short prefix over a million
 * patients counts tens of thousands of index entries): until the count
 * is in, a full first page stands for the list's length (at least the
 * length shown before, so that rows past it stay), and a short one is
 * the exact length. The count and the rows past the first page are asked
 * for a moment after it (REST_DELAY_MS), once its frame has had the
 * machine: a person typing on usually has by then, and a count never
 * started costs nothing. The newest query wins: a switch cancels what the
 * one before it asked for.
 */

#define G_LOG_DOMAIN "ld-cache-list"

#include "config.h"

#include "ld-cache-list.h"
#include "ld-cache-private.h"
#include "ld-worklist.h"

#define PAGE_SIZE 64
#define MAX_SLOTS 1024
/* A switched list's first page: a tall window's screen of rows. */
#define PREVIEW_SIZE 32
/* After a switch, the rows past the first page and the count wait this
 * long: read at once, the rows land in the frame that shows the first
 * page and double its layout (GTK 4.8's list view keeps two hundred rows,
 * most of them out of sight), and the count takes a core from it. */
#define REST_DELAY_MS 40
/* Reads of a first page that a write overtook, before the list gives up
 * keeping its rows and is read afresh. */
#define PREVIEW_TRIES 3

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

  /* The watch is asked for; it has answered: batches carry this view's
   * changes. */
  gboolean       watching;
  gboolean       ready;
  /* Waiting for a new view's first page; the rows are the last view's. */
  gboolean       switching;
  guint          serial;
  guint          preview_tries;
  /* The view's length as the watch counted it (and batches since). */
  gint64         count;
  guint          n_items;
  gint64         version;
  /* Raised by every change applied, so a page asked for before it is not
   * put at positions that moved. */
  guint          generation;
  /* Sorted by position. */
  GArray        *slots;
  guint          last_wanted;
  gboolean       fetching;
  guint          rest_id;
};

static void ld_cache_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdCacheList, ld_cache_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ld_cache_list_model_init))

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_SWITCHING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void schedule_fetch  (LdCacheList *self);
static void on_watch_cb     (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);
static void read_first_page (LdCacheList *self);
static void show_switched   (LdCacheList *self,
                             GPtrArray   *rows,
                             gint64       version);

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
  Slot  slot = {
     position,
     ld_cache_record_new (ld_cache_view_get_entity (self->view)),
  };

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

  return !self->ready || self->switching || self->fetching || has_holes (self);
}

/**
 * ld_cache_list_get_switching:
 * @self: a list
 *
 * Returns: %TRUE from ld_cache_list_set_view() until the rows are the
 *   new view's
 */
gboolean
ld_cache_list_get_switching (LdCacheList *self)
{
  g_return_val_if_fail (LD_IS_CACHE_LIST (self), FALSE);

  return self->switching;
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

/* A page asked for: where it goes, and the list's state then. The list
 * is held weakly: a strong hold kept a list nobody shows alive, and each
 * page it read asked for the next, so a list dropped after a scrollbar
 * drag (a thousand rows asked for, far apart) kept the reader busy with
 * offset reads for minutes, and every other list's pages waited behind
 * them. */
typedef struct
{
  GWeakRef  self;
  guint     serial;
  /* A switched list's first page. */
  gboolean  first;
  guint     start;
  guint     generation;
} Fetch;

static Fetch *
fetch_new (LdCacheList *self,
           guint        start)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  g_weak_ref_init (&fetch->self, self);
  fetch->serial = self->serial;
  fetch->start = start;
  fetch->generation = self->generation;
  return fetch;
}

static void
fetch_free (Fetch *fetch)
{
  g_weak_ref_clear (&fetch->self);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

/* A page read for @fetch: the list, unless it is gone or has switched
 * since (then nothing is of use), and the rows, unless the read failed
 * (said, unless it was only cancelled). */
static LdCacheList *
finish_fetch (Fetch         *fetch,
              GObject       *source,
              GAsyncResult  *result,
              GPtrArray    **out_rows,
              gint64        *out_version)
{
  g_autoptr(LdCacheList) self = g_weak_ref_get (&fetch->self);
  g_autoptr(GError) error = NULL;

  *out_rows = ld_cache_read_page_finish (LD_CACHE (source), result, out_version, &error);
  if (*out_rows == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED))
    g_warning ("A list could not read the local data: %s", error->message);
  if (self == NULL || fetch->serial != self->serial)
    {
      g_clear_pointer (out_rows, g_ptr_array_unref);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
on_page_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 version;
  g_autoptr(LdCacheList) self = finish_fetch (fetch, source, result, &rows, &version);
  guint start = fetch->start;
  guint generation = fetch->generation;

  if (self == NULL || (fetch->first && rows == NULL))
    return;
  if (fetch->first)
    {
      show_switched (self, rows, version);
      return;
    }
  self->fetching = FALSE;
  if (rows == NULL)
    return;

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
      ld_cache_record_fill (slot->item, row->key.id, row->record, row->object, row->detail);
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

  /* Before the watch answers, only a switched list's first page says
   * which version the rows belong to. */
  if (self->switching || self->fetching || self->rest_id != 0 || self->cache == NULL)
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
  fetch = fetch_new (self, start);
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
  /* The rows shown are another view's: only the count follows, and the
   * first page, read at an older version, is read again. */
  if (self->switching)
    {
      for (guint i = 0; ops != NULL && i < ops->len; i++)
        {
          const LdCacheOp *op = &g_array_index (ops, LdCacheOp, i);

          self->count = (op->removed == G_MAXUINT ? 0 : self->count - op->removed) + op->added;
        }
      return;
    }
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    apply_op (self, &g_array_index (ops, LdCacheOp, i));

  schedule_fetch (self);
}

/* Every row read afresh: placeholders, @count of them. */
static void
replace_all (LdCacheList *self,
             guint        count)
{
  guint old = self->n_items;

  g_array_set_size (self->slots, 0);
  self->n_items = count;
  self->generation++;
  if (old > 0 || count > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, count);
}

/* The length the count says, the rows before it kept. */
static void
set_length (LdCacheList *self,
            guint        count)
{
  guint old = self->n_items;

  if (count == old)
    return;
  if (count < old)
    g_array_remove_range (self->slots, find_slot (self, count),
                          self->slots->len - find_slot (self, count));
  self->n_items = count;
  self->generation++;
  if (count < old)
    g_list_model_items_changed (G_LIST_MODEL (self), count, old - count, 0);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, count - old);
}

/* The new view's first @rows take the places of the rows shown: the
 * same row objects, refilled, and the rows after them placeholders
 * again; then only the change of length is told. */
static void
show_first_page (LdCacheList *self,
                 GPtrArray   *rows,
                 guint        n_items)
{
  guint old = self->n_items;

  self->switching = FALSE;
  self->generation++;
  for (guint i = 0; i < self->slots->len;)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (slot->position >= n_items)
        {
          g_array_remove_index (self->slots, i);
          continue;
        }
      ld_cache_view_key_clear (&slot->key);
      if (slot->position < rows->len)
        {
          LdCacheViewRow *row = g_ptr_array_index (rows, slot->position);

          ld_cache_view_key_copy (&row->key, &slot->key);
          ld_cache_record_fill (slot->item, row->key.id, row->record, row->object, row->detail);
        }
      else
        ld_cache_record_unload (slot->item);
      i++;
    }
  /* Rows nobody has asked for yet are kept, ready when asked for. */
  for (guint i = 0; i < rows->len && i < n_items; i++)
    if (slot_at (self, i) == NULL)
      {
        LdCacheViewRow *row = g_ptr_array_index (rows, i);
        Slot *slot = add_slot (self, i);

        ld_cache_view_key_copy (&row->key, &slot->key);
        ld_cache_record_fill (slot->item, row->key.id, row->record, row->object, row->detail);
      }

  self->n_items = n_items;
  if (n_items < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);
  else if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SWITCHING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}


static void
clear_rest (LdCacheList *self)
{
  GSource *rest;

  if (self->rest_id == 0)
    return;
  rest = g_main_context_find_source_by_id (g_main_context_get_thread_default (), self->rest_id);
  if (rest != NULL)
    g_source_destroy (rest);
  self->rest_id = 0;
}

static gboolean
on_rest_done_cb (gpointer user_data)
{
  LdCacheList *self = user_data;

  self->rest_id = 0;
  if (!self->watching)
    {
      self->watching = TRUE;
      ld_cache_watch_async (self->cache, self->view, self->cancellable, on_watch_cb,
                            g_object_ref (self));
    }
  schedule_fetch (self);
  return G_SOURCE_REMOVE;
}

static void
show_switched (LdCacheList *self,
               GPtrArray   *rows,
               gint64       version)
{
  if (!self->switching)
    return;

  if (!self->ready)
    {
      /* Fewer rows than asked for are the whole list. */
      self->version = version;
      show_first_page (self, rows,
                       rows->len < PREVIEW_SIZE ? rows->len : MAX (rows->len, self->n_items));
    }
  else if (version == self->version)
    show_first_page (self, rows, self->count);
  else if (self->preview_tries++ < PREVIEW_TRIES)
    {
      read_first_page (self);
      return;
    }
  else
    {
      /* Writes keep overtaking the reads: read the rows as they come. */
      self->switching = FALSE;
      replace_all (self, self->count);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SWITCHING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
    }
  if (!self->switching && self->rest_id == 0)
    {
      /* On the context the cache answers on, as every callback here. */
      g_autoptr(GSource) rest = g_timeout_source_new (REST_DELAY_MS);

      g_source_set_callback (rest, on_rest_done_cb, self, NULL);
      self->rest_id = g_source_attach (rest, g_main_context_get_thread_default ());
    }
}

static void
read_first_page (LdCacheList *self)
{
  Fetch *fetch = fetch_new (self, 0);

  fetch->first = TRUE;
  ld_cache_read_page_async (self->cache, self->view, NULL, 0, PREVIEW_SIZE, self->cancellable,
                            on_page_cb, fetch);
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
      /* Closed: the session signed out while the count was read. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED))
        g_warning ("A list could not read the local data: %s", error->message);
      return;
    }

  self->ready = TRUE;
  self->count = count;
  /* The first page is not in yet: it brings the rows, and the count goes
   * with them if both belong to one version. */
  if (self->switching)
    {
      self->version = version;
      return;
    }
  /* The rows shown (a switched list's first page, or none yet) are of
   * this version: only the length was a guess. */
  if (version == self->version)
    set_length (self, count);
  else if (self->serial > 0)
    {
      /* A write came between the first page and the count: the first
       * page is read again at the count's version and refills the rows
       * in place, which mostly changes nothing. */
      self->version = version;
      self->switching = TRUE;
      self->preview_tries = 0;
      read_first_page (self);
    }
  else
    {
      self->version = version;
      replace_all (self, count);
    }
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
  LdCacheList *self = (LdCacheList *) object;

  g_cancellable_cancel (self->cancellable);
  clear_rest (self);
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
  LdCacheList *self = (LdCacheList *) object;

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

    case PROP_SWITCHING:
      g_value_set_boolean (value, self->switching);
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

  /**
   * LdCacheList:switching:
   *
   * %TRUE from ld_cache_list_set_view() until the rows are the new view's.
   */
  properties [PROP_SWITCHING] =
    g_param_spec_boolean ("switching", NULL, NULL, FALSE,
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
  self->watching = TRUE;
  ld_cache_watch_async (cache, view, self->cancellable, on_watch_cb, g_object_ref (self));
  return self;
}

/**
 * ld_cache_list_set_view:
 * @self: a list
 * @view: the view to show now
 *
 * Switches the list to @view in place: the rows shown stay until
 * @view's first page is read, then the same row objects show it (see
 * the top of this file). What an earlier switch asked for is dropped.
 */
void
ld_cache_list_set_view (LdCacheList *self,
                        LdCacheView *view)
{
  g_return_if_fail (LD_IS_CACHE_LIST (self));
  g_return_if_fail (view != NULL);

  if (self->cache == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  ld_cache_unwatch (self->cache, self->view);
  ld_cache_view_unref (self->view);
  self->view = ld_cache_view_ref (view);

  self->watching = FALSE;
  self->ready = FALSE;
  self->fetching = FALSE;
  clear_rest (self);
  self->serial++;
  self->preview_tries = 0;
  read_first_page (self);
  if (!self->switching)
    {
      self->switching = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SWITCHING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
    }
}

/**
 * ld_cache_list_wait_switched:
 * @self: a list
 * @end_time: the latest time to return at, on the monotonic clock
 *
 * Blocks the caller's thread until the first page that
 * ld_cache_list_set_view() asked for has been read, or until @end_time.
 * The rows are not shown yet: that is the answer's callback, queued on
 * the main context at the default priority, before a redraw. A caller
 * about to draw the text that switched the list waits a moment so that
 * its rows come in the same frame.
 *
 * Returns: whether the page has been read (or nothing was being read)
 */
gboolean
ld_cache_list_wait_switched (LdCacheList *self,
                             gint64       end_time)
{
  g_return_val_if_fail (LD_IS_CACHE_LIST (self), TRUE);

  if (!self->switching || self->cache == NULL)
    return TRUE;
  return ld_cache_wait_reads (self->cache, end_time);
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
 * ld_cache_list_new_order_results:
 * @cache: a cache
 * @order_id: an order
 *
 * Returns: (transfer full): the order's results, by test code, following
 *   the cache as they are entered, verified and released
 */
LdCacheList *
ld_cache_list_new_order_results (LdCache    *cache,
                                 const char *order_id)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_order_results (order_id);

  return ld_cache_list_new (cache, view);
}

/**
 * ld_cache_list_new_pending_results:
 * @cache: a cache
 * @test_code: a test of the catalogue
 *
 * Returns: (transfer full): the test's results still waiting for a value
 *   (pending, drafts included) across orders, by order number; a result
 *   leaves the list once it is submitted
 */
LdCacheList *
ld_cache_list_new_pending_results (LdCache    *cache,
                                   const char *test_code)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_pending_results (test_code);

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
