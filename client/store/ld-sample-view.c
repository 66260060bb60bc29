/* ld-sample-view.c: one sample as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's screens read a sample through this item, not through the
 * JSON the cache keeps (issue 30): it owns the shared record (LdSample,
 * read by ld_command_read_sample(), the reader the shared checks use
 * too) and shows what a page binds to as read-only properties. A fresh
 * copy (ld_sample_view_set_sample()) notifies only the properties whose
 * value changed, then emits "refreshed" for what has no property (the
 * tests, the custody, the values held at rejection). No GTK here; the
 * lab's lists (ld-record-items.c) keep one per record up to date.
 */

#define G_LOG_DOMAIN "ld-sample-view"

#include "config.h"

#include "ld-sample-view.h"

#include "ld-item-notify.h"

struct _LdSampleView
{
  GObject   parent_instance;

  LdSample *sample;
  char     *pending;
};

G_DEFINE_FINAL_TYPE (LdSampleView, ld_sample_view, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_ID,
  PROP_ORDER_ID,
  PROP_ACCESSION,
  PROP_SPECIMEN,
  PROP_CONTAINER,
  PROP_STATE,
  PROP_LIVE,
  PROP_COLLECTED_BY,
  PROP_COLLECTED_AT,
  PROP_RECEIVED_BY,
  PROP_RECEIVED_AT,
  PROP_REJECT_REASON,
  PROP_LOCATION,
  PROP_REPLACES_SAMPLE_ID,
  PROP_VERSION,
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

static void
ld_sample_view_finalize (GObject *object)
{
  LdSampleView *self = (LdSampleView *) object;

  g_clear_pointer (&self->sample, ld_sample_free);
  g_clear_pointer (&self->pending, g_free);

  G_OBJECT_CLASS (ld_sample_view_parent_class)->finalize (object);
}

static void
ld_sample_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdSampleView *self = LD_SAMPLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->sample != NULL);
      break;

    case PROP_ID:
      g_value_set_string (value, ld_sample_view_get_id (self));
      break;

    case PROP_ORDER_ID:
      g_value_set_string (value, ld_sample_view_get_order_id (self));
      break;

    case PROP_ACCESSION:
      g_value_set_string (value, ld_sample_view_get_accession (self));
      break;

    case PROP_SPECIMEN:
      g_value_set_string (value, ld_sample_view_get_specimen (self));
      break;

    case PROP_CONTAINER:
      g_value_set_string (value, ld_sample_view_get_container (self));
      break;

    case PROP_STATE:
      g_value_set_string (value, ld_sample_view_get_state (self));
      break;

    case PROP_LIVE:
      g_value_set_boolean (value, ld_sample_view_get_live (self));
      break;

    case PROP_COLLECTED_BY:
      g_value_set_string (value, ld_sample_view_get_collected_by (self));
      break;

    case PROP_COLLECTED_AT:
      g_value_set_string (value, ld_sample_view_get_collected_at (self));
      break;

    case PROP_RECEIVED_BY:
      g_value_set_string (value, ld_sample_view_get_received_by (self));
      break;

    case PROP_RECEIVED_AT:
      g_value_set_string (value, ld_sample_view_get_received_at (self));
      break;

    case PROP_REJECT_REASON:
      g_value_set_string (value, ld_sample_view_get_reject_reason (self));
      break;

    case PROP_LOCATION:
      g_value_set_string (value, ld_sample_view_get_location (self));
      break;

    case PROP_REPLACES_SAMPLE_ID:
      g_value_set_string (value, ld_sample_view_get_replaces_sample_id (self));
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, ld_sample_view_get_version (self));
      break;

    case PROP_PENDING:
      g_value_set_string (value, self->pending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS));
}

static void
ld_sample_view_class_init (LdSampleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_sample_view_finalize;
  object_class->get_property = ld_sample_view_get_property;

  properties [PROP_LOADED] = boolean_property ("loaded");
  properties [PROP_ID] = string_property ("id");
  properties [PROP_ORDER_ID] = string_property ("order-id");
  properties [PROP_ACCESSION] = string_property ("accession");
  properties [PROP_SPECIMEN] = string_property ("specimen");
  properties [PROP_CONTAINER] = string_property ("container");
  properties [PROP_STATE] = string_property ("state");
  properties [PROP_LIVE] = boolean_property ("live");
  properties [PROP_COLLECTED_BY] = string_property ("collected-by");
  properties [PROP_COLLECTED_AT] = string_property ("collected-at");
  properties [PROP_RECEIVED_BY] = string_property ("received-by");
  properties [PROP_RECEIVED_AT] = string_property ("received-at");
  properties [PROP_REJECT_REASON] = string_property ("reject-reason");
  properties [PROP_LOCATION] = string_property ("location");
  properties [PROP_REPLACES_SAMPLE_ID] = string_property ("replaces-sample-id");
  properties [PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));
  properties [PROP_PENDING] = string_property ("pending");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdSampleView::refreshed:
   *
   * A fresh copy of the sample arrived; its properties that changed were
   * notified first. What has no property (tests, custody, values held at
   * rejection) is read again from ld_sample_view_get_sample() here.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ld_sample_view_init (LdSampleView *self)
{
}

/**
 * ld_sample_view_new:
 *
 * Returns: (transfer full): an item with no sample loaded yet
 */
LdSampleView *
ld_sample_view_new (void)
{
  return g_object_new (LD_TYPE_SAMPLE_VIEW, NULL);
}

/**
 * ld_sample_view_set_sample:
 * @self: a sample item
 * @sample: (transfer full): a fresh copy of the sample, as
 *   ld_command_read_sample() reads it
 *
 * Holds @sample from now on, notifies each property whose value
 * changed, then emits "refreshed".
 */
void
ld_sample_view_set_sample (LdSampleView *self,
                          LdSample     *sample)
{
  GValue *before;

  g_return_if_fail (LD_IS_SAMPLE_VIEW (self));
  g_return_if_fail (sample != NULL);

  before = ld_item_snapshot (G_OBJECT (self), properties, N_PROPS);
  g_clear_pointer (&self->sample, ld_sample_free);
  self->sample = sample;
  ld_item_notify_changes (G_OBJECT (self), properties, N_PROPS, before);
  g_signal_emit (self, signals [REFRESHED], 0);
}

/**
 * ld_sample_view_set_pending:
 * @self: a sample item
 * @pending: (nullable): what the outbox holds for the sample: %NULL
 *   for nothing, "queued" while work done here waits, "rejected" when the
 *   server refused some (the words of #LdCachePending)
 */
void
ld_sample_view_set_pending (LdSampleView *self,
                           const char   *pending)
{
  g_return_if_fail (LD_IS_SAMPLE_VIEW (self));

  if (g_strcmp0 (self->pending, pending) == 0)
    return;
  g_free (self->pending);
  self->pending = g_strdup (pending);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);
}

/**
 * ld_sample_view_get_sample:
 * @self: a sample item
 *
 * The whole record, for what has no property: the tests, the custody,
 * the values held at rejection. A fresh copy replaces it: do not keep it
 * past the next "refreshed".
 *
 * Returns: (transfer none) (nullable): the sample, %NULL until loaded
 */
const LdSample *
ld_sample_view_get_sample (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample;
}

gboolean
ld_sample_view_get_loaded (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), FALSE);

  return self->sample != NULL;
}

/* Returns: (nullable): see ld_sample_view_set_pending() */
const char *
ld_sample_view_get_pending (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->pending;
}

const char *
ld_sample_view_get_id (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->id : NULL;
}

const char *
ld_sample_view_get_order_id (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->order_id : NULL;
}

const char *
ld_sample_view_get_accession (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->accession : NULL;
}

const char *
ld_sample_view_get_specimen (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->specimen : NULL;
}

const char *
ld_sample_view_get_container (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->container : NULL;
}

const char *
ld_sample_view_get_state (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->state : NULL;
}

/* Whether it still counts (ld_sample_state_is_live()): not rejected nor
 * replaced. */
gboolean
ld_sample_view_get_live (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), FALSE);

  return self->sample != NULL && ld_sample_state_is_live (self->sample->state);
}

const char *
ld_sample_view_get_collected_by (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->collected_by : NULL;
}

const char *
ld_sample_view_get_collected_at (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->collected_at : NULL;
}

const char *
ld_sample_view_get_received_by (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->received_by : NULL;
}

const char *
ld_sample_view_get_received_at (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->received_at : NULL;
}

const char *
ld_sample_view_get_reject_reason (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->reject_reason : NULL;
}

const char *
ld_sample_view_get_location (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->location : NULL;
}

const char *
ld_sample_view_get_replaces_sample_id (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), NULL);

  return self->sample ? self->sample->replaces_sample_id : NULL;
}

gint64
ld_sample_view_get_version (LdSampleView *self)
{
  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), 0);

  return self->sample ? self->sample->version : 0;
}
