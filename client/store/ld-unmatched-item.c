/* ld-unmatched-item.c: one result an analyzer sent that found no place, as GET /api/v1/unmatched-results lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot of what the server said when the list was read: the page
 * reads the list again rather than changing an item, so its values are
 * read-only and have getters only.
 */

#define G_LOG_DOMAIN "ld-unmatched-item"

#include "config.h"

#include "ld-unmatched-item.h"
#include "ld-record.h"

struct _LdUnmatchedItem
{
  GObject parent_instance;

  char    *id;
  char    *instrument;
  char    *accession;
  char    *instrument_code;
  char    *value;
  char    *units;
  char    *flags;
  char    *reason;
  char    *received_at;
  char    *resolution;
};

G_DEFINE_FINAL_TYPE (LdUnmatchedItem, ld_unmatched_item, G_TYPE_OBJECT)

static void
ld_unmatched_item_finalize (GObject *object)
{
  LdUnmatchedItem *self = LD_UNMATCHED_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->instrument, g_free);
  g_clear_pointer (&self->accession, g_free);
  g_clear_pointer (&self->instrument_code, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->units, g_free);
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->received_at, g_free);
  g_clear_pointer (&self->resolution, g_free);

  G_OBJECT_CLASS (ld_unmatched_item_parent_class)->finalize (object);
}

static void
ld_unmatched_item_class_init (LdUnmatchedItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_unmatched_item_finalize;
}

static void
ld_unmatched_item_init (LdUnmatchedItem *self)
{
}

/**
 * ld_unmatched_item_new_from_json:
 * @object: one item as the server writes it
 *
 * A missing member reads as %NULL (or 0, or %FALSE).
 *
 * Returns: (transfer full): the item
 */
LdUnmatchedItem *
ld_unmatched_item_new_from_json (JsonObject *object)
{
  LdUnmatchedItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (LD_TYPE_UNMATCHED_ITEM, NULL);
  self->id = ld_record_dup_string (object, "id");
  self->instrument = ld_record_dup_string (object, "instrument");
  self->accession = ld_record_dup_string (object, "accession");
  self->instrument_code = ld_record_dup_string (object, "instrument_code");
  self->value = ld_record_dup_string (object, "value");
  self->units = ld_record_dup_string (object, "units");
  self->flags = ld_record_dup_string (object, "flags");
  self->reason = ld_record_dup_string (object, "reason");
  self->received_at = ld_record_dup_string (object, "received_at");
  self->resolution = ld_record_dup_string (object, "resolution");
  return self;
}

/**
 * ld_unmatched_item_get_id:
 *
 * Returns: (nullable): the unmatched result
 */
const char *
ld_unmatched_item_get_id (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->id;
}

/**
 * ld_unmatched_item_get_instrument:
 *
 * Returns: (nullable): the instrument's name
 */
const char *
ld_unmatched_item_get_instrument (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->instrument;
}

/**
 * ld_unmatched_item_get_accession:
 *
 * Returns: (nullable): the accession the analyzer sent
 */
const char *
ld_unmatched_item_get_accession (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->accession;
}

/**
 * ld_unmatched_item_get_instrument_code:
 *
 * Returns: (nullable): the analyzer's own test code
 */
const char *
ld_unmatched_item_get_instrument_code (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->instrument_code;
}

/**
 * ld_unmatched_item_get_value:
 *
 * Returns: (nullable): the value as sent
 */
const char *
ld_unmatched_item_get_value (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->value;
}

/**
 * ld_unmatched_item_get_units:
 *
 * Returns: (nullable): the units as sent
 */
const char *
ld_unmatched_item_get_units (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->units;
}

/**
 * ld_unmatched_item_get_flags:
 *
 * Returns: (nullable): the analyzer's flags, comma-separated
 */
const char *
ld_unmatched_item_get_flags (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->flags;
}

/**
 * ld_unmatched_item_get_reason:
 *
 * Returns: (nullable): unknown-accession, unmapped-code or not-ordered
 */
const char *
ld_unmatched_item_get_reason (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->reason;
}

/**
 * ld_unmatched_item_get_received_at:
 *
 * Returns: (nullable): when it arrived (RFC 3339)
 */
const char *
ld_unmatched_item_get_received_at (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->received_at;
}

/**
 * ld_unmatched_item_get_resolution:
 *
 * Returns: (nullable): attached, discarded, or %NULL while open
 */
const char *
ld_unmatched_item_get_resolution (LdUnmatchedItem *self)
{
  g_return_val_if_fail (LD_IS_UNMATCHED_ITEM (self), NULL);

  return self->resolution;
}
