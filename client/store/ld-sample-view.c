/* ld-sample-view.c: one sample as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's screens read a sample through this item, not through the
 * JSON the cache keeps (issue 30): it holds the shared record (LdSample,
 * read by ld_command_read_sample(), the reader the shared checks use
 * too) in its base (ld-record-view.c, which notifies what a fresh copy
 * changed) and shows what a page binds to as read-only properties. What
 * has no property (the tests, the custody, the values held at rejection)
 * is read from ld_sample_view_get_sample() on "refreshed". No GTK here;
 * the lab's lists (ld-record-items.c) keep one per record up to date.
 */

#define G_LOG_DOMAIN "ld-sample-view"

#include "config.h"

#include "ld-sample-view.h"

struct _LdSampleView
{
  LdRecordView parent_instance;
};

G_DEFINE_FINAL_TYPE (LdSampleView, ld_sample_view, LD_TYPE_RECORD_VIEW)

/* The sample, or an empty one while none is loaded, so that each getter
 * reads its member without a test of its own. */
static const LdSample *
sample_of (LdSampleView *self)
{
  static const LdSample empty;
  const LdSample *sample;

  g_return_val_if_fail (LD_IS_SAMPLE_VIEW (self), &empty);

  sample = ld_record_view_get_record (LD_RECORD_VIEW (self));
  return sample ? sample : &empty;
}

static void
ld_sample_view_class_init (LdSampleViewClass *klass)
{
  LdRecordViewClass *view_class = LD_RECORD_VIEW_CLASS (klass);

  view_class->free_record = (GDestroyNotify) ld_sample_free;

#define ADD_STRING(name, get) \
  ld_record_view_class_add_string (view_class, name, (LdRecordViewStringFunc) get)
  ADD_STRING ("id", ld_sample_view_get_id);
  ADD_STRING ("order-id", ld_sample_view_get_order_id);
  ADD_STRING ("accession", ld_sample_view_get_accession);
  ADD_STRING ("specimen", ld_sample_view_get_specimen);
  ADD_STRING ("container", ld_sample_view_get_container);
  ADD_STRING ("state", ld_sample_view_get_state);
  ld_record_view_class_add_boolean (view_class, "live",
                                    (LdRecordViewBooleanFunc) ld_sample_view_get_live);
  ADD_STRING ("collected-by", ld_sample_view_get_collected_by);
  ADD_STRING ("collected-at", ld_sample_view_get_collected_at);
  ADD_STRING ("received-by", ld_sample_view_get_received_by);
  ADD_STRING ("received-at", ld_sample_view_get_received_at);
  ADD_STRING ("reject-reason", ld_sample_view_get_reject_reason);
  ADD_STRING ("location", ld_sample_view_get_location);
  ADD_STRING ("replaces-sample-id", ld_sample_view_get_replaces_sample_id);
  ld_record_view_class_add_int64 (view_class, "version", 0,
                                  (LdRecordViewInt64Func) ld_sample_view_get_version);
#undef ADD_STRING
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
  g_return_if_fail (LD_IS_SAMPLE_VIEW (self));

  ld_record_view_take_record (LD_RECORD_VIEW (self), sample);
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

  return ld_record_view_get_record (LD_RECORD_VIEW (self));
}

const char *
ld_sample_view_get_id (LdSampleView *self)
{
  return sample_of (self)->id;
}

const char *
ld_sample_view_get_order_id (LdSampleView *self)
{
  return sample_of (self)->order_id;
}

const char *
ld_sample_view_get_accession (LdSampleView *self)
{
  return sample_of (self)->accession;
}

const char *
ld_sample_view_get_specimen (LdSampleView *self)
{
  return sample_of (self)->specimen;
}

const char *
ld_sample_view_get_container (LdSampleView *self)
{
  return sample_of (self)->container;
}

const char *
ld_sample_view_get_state (LdSampleView *self)
{
  return sample_of (self)->state;
}

/* Whether it still counts (ld_sample_state_is_live()): not rejected nor
 * replaced. */
gboolean
ld_sample_view_get_live (LdSampleView *self)
{
  const char *state = sample_of (self)->state;

  return state != NULL && ld_sample_state_is_live (state);
}

const char *
ld_sample_view_get_collected_by (LdSampleView *self)
{
  return sample_of (self)->collected_by;
}

const char *
ld_sample_view_get_collected_at (LdSampleView *self)
{
  return sample_of (self)->collected_at;
}

const char *
ld_sample_view_get_received_by (LdSampleView *self)
{
  return sample_of (self)->received_by;
}

const char *
ld_sample_view_get_received_at (LdSampleView *self)
{
  return sample_of (self)->received_at;
}

const char *
ld_sample_view_get_reject_reason (LdSampleView *self)
{
  return sample_of (self)->reject_reason;
}

const char *
ld_sample_view_get_location (LdSampleView *self)
{
  return sample_of (self)->location;
}

const char *
ld_sample_view_get_replaces_sample_id (LdSampleView *self)
{
  return sample_of (self)->replaces_sample_id;
}

gint64
ld_sample_view_get_version (LdSampleView *self)
{
  return sample_of (self)->version;
}
