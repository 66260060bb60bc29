/* ld-instrument-item.h: one instrument's port and last message, as GET /api/v1/instruments/status lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-instrument.h"

G_BEGIN_DECLS

#define LD_TYPE_INSTRUMENT_ITEM (ld_instrument_item_get_type ())

G_DECLARE_FINAL_TYPE (LdInstrumentItem, ld_instrument_item, LD, INSTRUMENT_ITEM, GObject)

LdInstrumentItem *ld_instrument_item_new_from_json       (JsonObject *object);
const char *ld_instrument_item_get_id              (LdInstrumentItem *self);
const char *ld_instrument_item_get_name            (LdInstrumentItem *self);
const char *ld_instrument_item_get_protocol        (LdInstrumentItem *self);
const char *ld_instrument_item_get_state           (LdInstrumentItem *self);
const char *ld_instrument_item_get_problem         (LdInstrumentItem *self);
const char *ld_instrument_item_get_last_message_at (LdInstrumentItem *self);
const char *ld_instrument_item_get_last_message    (LdInstrumentItem *self);
gboolean    ld_instrument_item_get_enabled         (LdInstrumentItem *self);
gint64      ld_instrument_item_get_port            (LdInstrumentItem *self);
gint64      ld_instrument_item_get_connections     (LdInstrumentItem *self);
const char *ld_instrument_item_get_address     (LdInstrumentItem *self);
const LdInstrument *ld_instrument_item_get_configuration (LdInstrumentItem *self);
gint64      ld_instrument_item_get_n_codes     (LdInstrumentItem *self);
void        ld_instrument_item_set_configuration (LdInstrumentItem *self,
                                                  JsonObject       *object);

G_END_DECLS
