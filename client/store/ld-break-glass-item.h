/* ld-break-glass-item.h: one break-the-glass grant, as GET /api/v1/break-glass lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_BREAK_GLASS_ITEM (ld_break_glass_item_get_type ())

G_DECLARE_FINAL_TYPE (LdBreakGlassItem, ld_break_glass_item, LD, BREAK_GLASS_ITEM, GObject)

LdBreakGlassItem *ld_break_glass_item_new_from_json    (JsonObject *object);
const char       *ld_break_glass_item_get_id           (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_doctor_id    (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_doctor_name  (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_patient_id   (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_patient_mrn  (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_patient_name (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_reason       (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_at           (LdBreakGlassItem *self);
const char       *ld_break_glass_item_get_until        (LdBreakGlassItem *self);

G_END_DECLS
