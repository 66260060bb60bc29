/* ld-result-view.c: one result as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's screens read a result through this item, not through the
 * JSON the cache keeps (issue 30): it owns the shared record (LdResult,
 * read by ld_command_read_result(), the reader the shared checks use
 * too) and shows what a page binds to as read-only properties. A fresh
 * copy (ld_result_view_set_result()) notifies only the properties whose
 * value changed, then emits "refreshed" for what has no property (the
 * reference band, the delta, the amendments). No GTK here; the lab's
 * lists (ld-record-items.c) keep one per record up to date.
 */

#define G_LOG_DOMAIN "ld-result-view"

#include "config.h"

#include "ld-result-view.h"

#include "ld-result-flow.h"
#include "ld-item-notify.h"

struct _LdResultView
{
  GObject   parent_instance;

  LdResult *result;
  char     *pending;
};

G_DEFINE_FINAL_TYPE (LdResultView, ld_result_view, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_ID,
  PROP_ORDER_ID,
  PROP_TEST_CODE,
  PROP_TEST_NAME,
  PROP_STATE,
  PROP_VALUE,
  PROP_UNIT,
  PROP_FLAG,
  PROP_CRITICAL,
  PROP_RANGE_TEXT,
  PROP_HAS_DELTA,
  PROP_COMMENT,
  PROP_SAMPLE_ID,
  PROP_ENTERED_BY,
  PROP_ENTERED_AT,
  PROP_VERIFIED_BY,
  PROP_VERIFIED_AT,
  PROP_RELEASED_AT,
  PROP_CALLED,
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
ld_result_view_finalize (GObject *object)
{
  LdResultView *self = (LdResultView *) object;

  g_clear_pointer (&self->result, ld_result_free);
  g_clear_pointer (&self->pending, g_free);

  G_OBJECT_CLASS (ld_result_view_parent_class)->finalize (object);
}

static void
ld_result_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdResultView *self = LD_RESULT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->result != NULL);
      break;

    case PROP_ID:
      g_value_set_string (value, ld_result_view_get_id (self));
      break;

    case PROP_ORDER_ID:
      g_value_set_string (value, ld_result_view_get_order_id (self));
      break;

    case PROP_TEST_CODE:
      g_value_set_string (value, ld_result_view_get_test_code (self));
      break;

    case PROP_TEST_NAME:
      g_value_set_string (value, ld_result_view_get_test_name (self));
      break;

    case PROP_STATE:
      g_value_set_string (value, ld_result_view_get_state (self));
      break;

    case PROP_VALUE:
      g_value_set_string (value, ld_result_view_get_value (self));
      break;

    case PROP_UNIT:
      g_value_set_string (value, ld_result_view_get_unit (self));
      break;

    case PROP_FLAG:
      g_value_set_string (value, ld_result_view_get_flag (self));
      break;

    case PROP_CRITICAL:
      g_value_set_boolean (value, ld_result_view_get_critical (self));
      break;

    case PROP_RANGE_TEXT:
      g_value_set_string (value, ld_result_view_get_range_text (self));
      break;

    case PROP_HAS_DELTA:
      g_value_set_boolean (value, ld_result_view_get_has_delta (self));
      break;

    case PROP_COMMENT:
      g_value_set_string (value, ld_result_view_get_comment (self));
      break;

    case PROP_SAMPLE_ID:
      g_value_set_string (value, ld_result_view_get_sample_id (self));
      break;

    case PROP_ENTERED_BY:
      g_value_set_string (value, ld_result_view_get_entered_by (self));
      break;

    case PROP_ENTERED_AT:
      g_value_set_string (value, ld_result_view_get_entered_at (self));
      break;

    case PROP_VERIFIED_BY:
      g_value_set_string (value, ld_result_view_get_verified_by (self));
      break;

    case PROP_VERIFIED_AT:
      g_value_set_string (value, ld_result_view_get_verified_at (self));
      break;

    case PROP_RELEASED_AT:
      g_value_set_string (value, ld_result_view_get_released_at (self));
      break;

    case PROP_CALLED:
      g_value_set_boolean (value, ld_result_view_get_called (self));
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, ld_result_view_get_version (self));
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
ld_result_view_class_init (LdResultViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_result_view_finalize;
  object_class->get_property = ld_result_view_get_property;

  properties [PROP_LOADED] = boolean_property ("loaded");
  properties [PROP_ID] = string_property ("id");
  properties [PROP_ORDER_ID] = string_property ("order-id");
  properties [PROP_TEST_CODE] = string_property ("test-code");
  properties [PROP_TEST_NAME] = string_property ("test-name");
  properties [PROP_STATE] = string_property ("state");
  properties [PROP_VALUE] = string_property ("value");
  properties [PROP_UNIT] = string_property ("unit");
  properties [PROP_FLAG] = string_property ("flag");
  properties [PROP_CRITICAL] = boolean_property ("critical");
  properties [PROP_RANGE_TEXT] = string_property ("range-text");
  properties [PROP_HAS_DELTA] = boolean_property ("has-delta");
  properties [PROP_COMMENT] = string_property ("comment");
  properties [PROP_SAMPLE_ID] = string_property ("sample-id");
  properties [PROP_ENTERED_BY] = string_property ("entered-by");
  properties [PROP_ENTERED_AT] = string_property ("entered-at");
  properties [PROP_VERIFIED_BY] = string_property ("verified-by");
  properties [PROP_VERIFIED_AT] = string_property ("verified-at");
  properties [PROP_RELEASED_AT] = string_property ("released-at");
  properties [PROP_CALLED] = boolean_property ("called");
  properties [PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));
  properties [PROP_PENDING] = string_property ("pending");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdResultView::refreshed:
   *
   * A fresh copy of the result arrived; its properties that changed were
   * notified first. What has no property (delta, critical call,
   * amendments) is read again from ld_result_view_get_result() here.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ld_result_view_init (LdResultView *self)
{
}

/**
 * ld_result_view_new:
 *
 * Returns: (transfer full): an item with no result loaded yet
 */
LdResultView *
ld_result_view_new (void)
{
  return g_object_new (LD_TYPE_RESULT_VIEW, NULL);
}

/**
 * ld_result_view_set_result:
 * @self: a result item
 * @result: (transfer full): a fresh copy of the result, as
 *   ld_command_read_result() reads it
 *
 * Holds @result from now on, notifies each property whose value
 * changed, then emits "refreshed".
 */
void
ld_result_view_set_result (LdResultView *self,
                          LdResult     *result)
{
  GValue *before;

  g_return_if_fail (LD_IS_RESULT_VIEW (self));
  g_return_if_fail (result != NULL);

  before = ld_item_snapshot (G_OBJECT (self), properties, N_PROPS);
  g_clear_pointer (&self->result, ld_result_free);
  self->result = result;
  ld_item_notify_changes (G_OBJECT (self), properties, N_PROPS, before);
  g_signal_emit (self, signals [REFRESHED], 0);
}

/**
 * ld_result_view_set_pending:
 * @self: a result item
 * @pending: (nullable): what the outbox holds for the result: %NULL
 *   for nothing, "queued" while work done here waits, "rejected" when the
 *   server refused some (the words of #LdCachePending)
 */
void
ld_result_view_set_pending (LdResultView *self,
                           const char   *pending)
{
  g_return_if_fail (LD_IS_RESULT_VIEW (self));

  if (g_strcmp0 (self->pending, pending) == 0)
    return;
  g_free (self->pending);
  self->pending = g_strdup (pending);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);
}

/**
 * ld_result_view_get_result:
 * @self: a result item
 *
 * The whole record, for what has no property: the reference band, the
 * critical limits, the delta, the critical call, the amendments. A fresh
 * copy replaces it: do not keep it past the next "refreshed".
 *
 * Returns: (transfer none) (nullable): the result, %NULL until loaded
 */
const LdResult *
ld_result_view_get_result (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result;
}

gboolean
ld_result_view_get_loaded (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), FALSE);

  return self->result != NULL;
}

/* Returns: (nullable): see ld_result_view_set_pending() */
const char *
ld_result_view_get_pending (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->pending;
}

const char *
ld_result_view_get_id (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->id : NULL;
}

const char *
ld_result_view_get_order_id (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->order_id : NULL;
}

const char *
ld_result_view_get_test_code (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->test_code : NULL;
}

const char *
ld_result_view_get_test_name (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->test_name : NULL;
}

const char *
ld_result_view_get_state (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->state : NULL;
}

const char *
ld_result_view_get_value (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->value : NULL;
}

const char *
ld_result_view_get_unit (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->unit : NULL;
}

const char *
ld_result_view_get_flag (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->flag : NULL;
}

/* Whether its flag is a critical one (ld_result_is_critical(), the one
 * rule). */
gboolean
ld_result_view_get_critical (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), FALSE);

  return self->result != NULL && ld_result_is_critical (self->result->flag);
}

/* Returns: (nullable): its reference interval as the report prints it */
const char *
ld_result_view_get_range_text (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? ld_result_get_range_text (self->result) : NULL;
}

/* Whether it changed sharply from the patient's previous value. */
gboolean
ld_result_view_get_has_delta (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), FALSE);

  return self->result != NULL && self->result->delta != NULL;
}

const char *
ld_result_view_get_comment (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->comment : NULL;
}

const char *
ld_result_view_get_sample_id (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->sample_id : NULL;
}

const char *
ld_result_view_get_entered_by (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->entered_by : NULL;
}

const char *
ld_result_view_get_entered_at (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->entered_at : NULL;
}

const char *
ld_result_view_get_verified_by (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->verified_by : NULL;
}

const char *
ld_result_view_get_verified_at (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->verified_at : NULL;
}

const char *
ld_result_view_get_released_at (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), NULL);

  return self->result ? self->result->released_at : NULL;
}

/* Whether the telephone call of its critical value is recorded. */
gboolean
ld_result_view_get_called (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), FALSE);

  return self->result != NULL && self->result->critical_call != NULL;
}

gint64
ld_result_view_get_version (LdResultView *self)
{
  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), 0);

  return self->result ? self->result->version : 0;
}
