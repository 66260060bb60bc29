/* ld-record-view.c: the base of the typed, bindable items over a shared record
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The screens read an order, a result or a sample through a typed item,
 * not through the JSON the cache keeps (issue 30). Each item owns one
 * shared record (LdOrder, LdResult, LdSample, read by the readers the
 * shared checks use too) and shows what a page binds to as read-only
 * properties. What every item does the same lives here, once: it holds
 * the record and the outbox's word for it ("pending"), says whether a
 * record is loaded, and, when a fresh copy replaces the record
 * (ld_record_view_take_record()), notifies only the properties whose
 * value changed, then emits "refreshed" for what has no property. A
 * subclass names its properties with a getter each
 * (ld_record_view_class_add_string() …) and keeps no switch of its own.
 * No GTK here.
 */

#define G_LOG_DOMAIN "ld-record-view"

#include "config.h"

#include "ld-record-view.h"

typedef struct
{
  gpointer  record;
  char     *pending;
} LdRecordViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LdRecordView, ld_record_view, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum
{
  REFRESHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* A subclass's property keeps its getter here; its id only has to be
 * above 0, as the base reads every one of them the same way. */
static GQuark getter_quark;
static guint  last_property_id;

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void ld_record_view_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec);

static void
add_property (LdRecordViewClass *klass,
              GParamSpec        *pspec,
              gpointer           get)
{
  /* GObject does not hand get_property down to a subclass: the base
   * reads the subclass's properties too. */
  G_OBJECT_CLASS (klass)->get_property = ld_record_view_get_property;
  g_param_spec_set_qdata (pspec, getter_quark, get);
  g_object_class_install_property (G_OBJECT_CLASS (klass), ++last_property_id, pspec);
}

/* Every property's value, to compare after a fresh copy. */
static GValue *
take_snapshot (GObject     *object,
               GParamSpec **pspecs,
               guint        n_pspecs)
{
  GValue *values = g_new0 (GValue, n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_value_init (&values[i], pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &values[i]);
    }
  return values;
}

/* Notifies each property whose value differs from @before, in one frozen
 * burst, and frees @before. */
static void
notify_changes (GObject     *object,
                GParamSpec **pspecs,
                guint        n_pspecs,
                GValue      *before)
{
  g_object_freeze_notify (object);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) now = G_VALUE_INIT;

      g_value_init (&now, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &now);
      if (g_param_values_cmp (pspecs[i], &before[i], &now) != 0)
        g_object_notify_by_pspec (object, pspecs[i]);
      g_value_unset (&before[i]);
    }
  g_object_thaw_notify (object);
  g_free (before);
}

static void
ld_record_view_finalize (GObject *object)
{
  LdRecordView *self = LD_RECORD_VIEW (object);
  LdRecordViewPrivate *priv = ld_record_view_get_instance_private (self);

  if (priv->record != NULL)
    LD_RECORD_VIEW_GET_CLASS (self)->free_record (priv->record);
  g_clear_pointer (&priv->pending, g_free);

  G_OBJECT_CLASS (ld_record_view_parent_class)->finalize (object);
}

static void
ld_record_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdRecordView *self = LD_RECORD_VIEW (object);
  gpointer get = g_param_spec_get_qdata (pspec, getter_quark);

  if (pspec->owner_type == LD_TYPE_RECORD_VIEW)
    {
      if (prop_id == PROP_LOADED)
        g_value_set_boolean (value, ld_record_view_get_loaded (self));
      else if (prop_id == PROP_PENDING)
        g_value_set_string (value, ld_record_view_get_pending (self));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  else if (get == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (pspec->value_type == G_TYPE_STRING)
    g_value_set_string (value, ((LdRecordViewStringFunc) get) (self));
  else if (pspec->value_type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, ((LdRecordViewBooleanFunc) get) (self));
  else
    g_value_set_int64 (value, ((LdRecordViewInt64Func) get) (self));
}

static void
ld_record_view_class_init (LdRecordViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_record_view_finalize;
  object_class->get_property = ld_record_view_get_property;

  getter_quark = g_quark_from_static_string ("ld-record-view-getter");
  last_property_id = N_PROPS;

  properties [PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, READ_ONLY);
  properties [PROP_PENDING] = g_param_spec_string ("pending", NULL, NULL, NULL, READ_ONLY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdRecordView::refreshed:
   *
   * A fresh copy of the record arrived; its properties that changed were
   * notified first. What has no property (an order's lines, a result's
   * delta, a sample's custody) is read again from the record here.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ld_record_view_init (LdRecordView *self)
{
}

/**
 * ld_record_view_class_add_string:
 * @klass: a subclass, in its class_init
 * @name: the property's name
 * @get: reads its value off an item (%NULL while nothing is loaded)
 *
 * Installs a read-only string property that a fresh copy notifies when
 * its value changed.
 */
void
ld_record_view_class_add_string (LdRecordViewClass      *klass,
                                 const char             *name,
                                 LdRecordViewStringFunc  get)
{
  g_return_if_fail (LD_IS_RECORD_VIEW_CLASS (klass));
  g_return_if_fail (name != NULL && get != NULL);

  add_property (klass, g_param_spec_string (name, NULL, NULL, NULL, READ_ONLY), get);
}

/* As ld_record_view_class_add_string(), for a boolean (%FALSE while
 * nothing is loaded). */
void
ld_record_view_class_add_boolean (LdRecordViewClass       *klass,
                                  const char              *name,
                                  LdRecordViewBooleanFunc  get)
{
  g_return_if_fail (LD_IS_RECORD_VIEW_CLASS (klass));
  g_return_if_fail (name != NULL && get != NULL);

  add_property (klass, g_param_spec_boolean (name, NULL, NULL, FALSE, READ_ONLY), get);
}

/**
 * ld_record_view_class_add_int64:
 * @none: its value while nothing is loaded, and its least (0 for a
 *   version, -1 for an amount not known yet)
 *
 * As ld_record_view_class_add_string(), for a whole number.
 */
void
ld_record_view_class_add_int64 (LdRecordViewClass     *klass,
                                const char            *name,
                                gint64                 none,
                                LdRecordViewInt64Func  get)
{
  g_return_if_fail (LD_IS_RECORD_VIEW_CLASS (klass));
  g_return_if_fail (name != NULL && get != NULL);

  add_property (klass, g_param_spec_int64 (name, NULL, NULL, none, G_MAXINT64, none, READ_ONLY),
                get);
}

/**
 * ld_record_view_take_record:
 * @self: an item
 * @record: (transfer full): a fresh copy of the record, of the type the
 *   subclass holds
 *
 * Holds @record from now on, notifies each property whose value changed,
 * then emits "refreshed".
 */
void
ld_record_view_take_record (LdRecordView *self,
                            gpointer      record)
{
  LdRecordViewPrivate *priv = ld_record_view_get_instance_private (self);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;
  GValue *before;

  g_return_if_fail (LD_IS_RECORD_VIEW (self));
  g_return_if_fail (record != NULL);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n_pspecs);
  before = take_snapshot (G_OBJECT (self), pspecs, n_pspecs);
  if (priv->record != NULL)
    LD_RECORD_VIEW_GET_CLASS (self)->free_record (priv->record);
  priv->record = record;
  notify_changes (G_OBJECT (self), pspecs, n_pspecs, before);
  g_signal_emit (self, signals [REFRESHED], 0);
}

/**
 * ld_record_view_get_record:
 * @self: an item
 *
 * The whole record, for what has no property. A fresh copy replaces it:
 * do not keep it past the next "refreshed".
 *
 * Returns: (transfer none) (nullable): the record, %NULL until loaded
 */
gconstpointer
ld_record_view_get_record (LdRecordView *self)
{
  LdRecordViewPrivate *priv = ld_record_view_get_instance_private (self);

  g_return_val_if_fail (LD_IS_RECORD_VIEW (self), NULL);

  return priv->record;
}

gboolean
ld_record_view_get_loaded (LdRecordView *self)
{
  return ld_record_view_get_record (self) != NULL;
}

/**
 * ld_record_view_set_pending:
 * @self: an item
 * @pending: (nullable): what the outbox holds for the record: %NULL for
 *   nothing, "queued" while work done here waits, "rejected" when the
 *   server refused some (the words of #LdCachePending)
 */
void
ld_record_view_set_pending (LdRecordView *self,
                            const char   *pending)
{
  LdRecordViewPrivate *priv = ld_record_view_get_instance_private (self);

  g_return_if_fail (LD_IS_RECORD_VIEW (self));

  if (g_strcmp0 (priv->pending, pending) == 0)
    return;
  g_free (priv->pending);
  priv->pending = g_strdup (pending);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);
}

/* Returns: (nullable): see ld_record_view_set_pending() */
const char *
ld_record_view_get_pending (LdRecordView *self)
{
  LdRecordViewPrivate *priv = ld_record_view_get_instance_private (self);

  g_return_val_if_fail (LD_IS_RECORD_VIEW (self), NULL);

  return priv->pending;
}
