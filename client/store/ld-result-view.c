/* ld-result-view.c: one result as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's screens read a result through this item, not through the
 * JSON the cache keeps (issue 30): it holds the shared record (LdResult,
 * read by ld_command_read_result(), the reader the shared checks use
 * too) in its base (ld-record-view.c, which notifies what a fresh copy
 * changed) and shows what a page binds to as read-only properties. What
 * has no property (the reference band, the delta, the amendments) is read
 * from ld_result_view_get_result() on "refreshed". No GTK here; the lab's
 * lists (ld-record-items.c) keep one per record up to date.
 */

#define G_LOG_DOMAIN "ld-result-view"

#include "config.h"

#include "ld-result-view.h"

#include "ld-result-flow.h"

struct _LdResultView
{
  LdRecordView parent_instance;
};

G_DEFINE_FINAL_TYPE (LdResultView, ld_result_view, LD_TYPE_RECORD_VIEW)

/* The result, or an empty one while none is loaded, so that each getter
 * reads its member without a test of its own. */
static const LdResult *
result_of (LdResultView *self)
{
  static const LdResult empty;
  const LdResult *result;

  g_return_val_if_fail (LD_IS_RESULT_VIEW (self), &empty);

  result = ld_record_view_get_record (LD_RECORD_VIEW (self));
  return result ? result : &empty;
}

static void
ld_result_view_class_init (LdResultViewClass *klass)
{
  LdRecordViewClass *view_class = LD_RECORD_VIEW_CLASS (klass);

  view_class->free_record = (GDestroyNotify) ld_result_free;

#define ADD_STRING(name, get) \
  ld_record_view_class_add_string (view_class, name, (LdRecordViewStringFunc) get)
#define ADD_BOOLEAN(name, get) \
  ld_record_view_class_add_boolean (view_class, name, (LdRecordViewBooleanFunc) get)
  ADD_STRING ("id", ld_result_view_get_id);
  ADD_STRING ("order-id", ld_result_view_get_order_id);
  ADD_STRING ("test-code", ld_result_view_get_test_code);
  ADD_STRING ("test-name", ld_result_view_get_test_name);
  ADD_STRING ("state", ld_result_view_get_state);
  ADD_STRING ("value", ld_result_view_get_value);
  ADD_STRING ("unit", ld_result_view_get_unit);
  ADD_STRING ("flag", ld_result_view_get_flag);
  ADD_BOOLEAN ("critical", ld_result_view_get_critical);
  ADD_STRING ("range-text", ld_result_view_get_range_text);
  ADD_BOOLEAN ("has-delta", ld_result_view_get_has_delta);
  ADD_STRING ("comment", ld_result_view_get_comment);
  ADD_STRING ("sample-id", ld_result_view_get_sample_id);
  ADD_STRING ("entered-by", ld_result_view_get_entered_by);
  ADD_STRING ("entered-at", ld_result_view_get_entered_at);
  ADD_STRING ("verified-by", ld_result_view_get_verified_by);
  ADD_STRING ("verified-at", ld_result_view_get_verified_at);
  ADD_BOOLEAN ("auto-verified", ld_result_view_get_auto_verified);
  ADD_STRING ("released-at", ld_result_view_get_released_at);
  ADD_BOOLEAN ("called", ld_result_view_get_called);
  ld_record_view_class_add_int64 (view_class, "version", 0,
                                  (LdRecordViewInt64Func) ld_result_view_get_version);
#undef ADD_STRING
#undef ADD_BOOLEAN
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
  g_return_if_fail (LD_IS_RESULT_VIEW (self));

  ld_record_view_take_record (LD_RECORD_VIEW (self), result);
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

  return ld_record_view_get_record (LD_RECORD_VIEW (self));
}

const char *
ld_result_view_get_id (LdResultView *self)
{
  return result_of (self)->id;
}

const char *
ld_result_view_get_order_id (LdResultView *self)
{
  return result_of (self)->order_id;
}

const char *
ld_result_view_get_test_code (LdResultView *self)
{
  return result_of (self)->test_code;
}

const char *
ld_result_view_get_test_name (LdResultView *self)
{
  return result_of (self)->test_name;
}

const char *
ld_result_view_get_state (LdResultView *self)
{
  return result_of (self)->state;
}

const char *
ld_result_view_get_value (LdResultView *self)
{
  return result_of (self)->value;
}

const char *
ld_result_view_get_unit (LdResultView *self)
{
  return result_of (self)->unit;
}

const char *
ld_result_view_get_flag (LdResultView *self)
{
  return result_of (self)->flag;
}

/* Whether its flag is a critical one (ld_result_is_critical(), the one
 * rule). */
gboolean
ld_result_view_get_critical (LdResultView *self)
{
  return ld_result_is_critical (result_of (self)->flag);
}

/* Returns: (nullable): its reference interval as the report prints it */
const char *
ld_result_view_get_range_text (LdResultView *self)
{
  return ld_result_get_range_text (result_of (self));
}

/* Whether it changed sharply from the patient's previous value. */
gboolean
ld_result_view_get_has_delta (LdResultView *self)
{
  return result_of (self)->delta != NULL;
}

const char *
ld_result_view_get_comment (LdResultView *self)
{
  return result_of (self)->comment;
}

const char *
ld_result_view_get_sample_id (LdResultView *self)
{
  return result_of (self)->sample_id;
}

const char *
ld_result_view_get_entered_by (LdResultView *self)
{
  return result_of (self)->entered_by;
}

const char *
ld_result_view_get_entered_at (LdResultView *self)
{
  return result_of (self)->entered_at;
}

const char *
ld_result_view_get_verified_by (LdResultView *self)
{
  return result_of (self)->verified_by;
}

const char *
ld_result_view_get_verified_at (LdResultView *self)
{
  return result_of (self)->verified_at;
}

/* Whether the system verified it by the test's rules
 * (ld_result_is_auto_verified(), the one rule), not a person. */
gboolean
ld_result_view_get_auto_verified (LdResultView *self)
{
  return ld_result_is_auto_verified (result_of (self));
}

const char *
ld_result_view_get_released_at (LdResultView *self)
{
  return result_of (self)->released_at;
}

/* Whether the telephone call of its critical value is recorded. */
gboolean
ld_result_view_get_called (LdResultView *self)
{
  return result_of (self)->critical_call != NULL;
}

gint64
ld_result_view_get_version (LdResultView *self)
{
  return result_of (self)->version;
}
