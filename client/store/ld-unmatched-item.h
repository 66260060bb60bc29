/* ld-unmatched-item.h: one result an analyzer sent that found no place, as GET /api/v1/unmatched-results lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_UNMATCHED_ITEM (ld_unmatched_item_get_type ())

G_DECLARE_FINAL_TYPE (LdUnmatchedItem, ld_unmatched_item, LD, UNMATCHED_ITEM, GObject)

LdUnmatchedItem *ld_unmatched_item_new_from_json       (JsonObject *object);
const char *ld_unmatched_item_get_id              (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_instrument      (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_accession       (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_instrument_code (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_value           (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_units           (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_flags           (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_reason          (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_received_at     (LdUnmatchedItem *self);
const char *ld_unmatched_item_get_resolution      (LdUnmatchedItem *self);

G_END_DECLS
