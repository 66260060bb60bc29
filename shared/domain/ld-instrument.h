/* ld-instrument.h: an analyzer as the administrator configures it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

/* The longest name, address and code an instrument's body takes, and the
 * most codes one instrument maps. */
#define LD_INSTRUMENT_MAX_NAME  60
#define LD_INSTRUMENT_MAX_CODE  40
#define LD_INSTRUMENT_MAX_CODES 500

/**
 * LdInstrumentCode:
 * @instrument_code: the analyzer's own code (OBX-3's identifier, ASTM R-3)
 * @test_code: the catalogue test it is
 * @unit: (nullable): the unit the analyzer sends, for the record
 * @has_factor: whether the value is multiplied on arrival
 * @factor: what the analyzer's value is multiplied by to be in the
 *   catalogue's unit
 *
 * One line of an instrument's code map.
 */
typedef struct
{
  char    *instrument_code;
  char    *test_code;
  char    *unit;
  gboolean has_factor;
  double   factor;
} LdInstrumentCode;

/**
 * LdInstrument:
 * @id: its id
 * @name: what the lab calls it; results it sends carry it as their source
 * @protocol: "hl7" or "astm"
 * @address: the address its listener binds, such as "0.0.0.0"
 * @port: its port; 0 lets the system choose (the status shows the port)
 * @enabled: whether it listens
 * @version: the stored version
 * @codes: (element-type LdInstrumentCode): its code map
 */
typedef struct
{
  char      *id;
  char      *name;
  char      *protocol;
  char      *address;
  gint64     port;
  gboolean   enabled;
  gint64     version;
  GPtrArray *codes;
} LdInstrument;

LdInstrument           *ld_instrument_new (void);
void                    ld_instrument_free (LdInstrument *instrument);
LdInstrumentCode       *ld_instrument_code_new (const char *instrument_code, const char *test_code);
void                    ld_instrument_code_free (LdInstrumentCode *code);
const LdInstrumentCode *ld_instrument_find_code (const LdInstrument *instrument,
                                                 const char         *instrument_code);
void                    ld_instrument_read (LdInstrument *instrument, LdJsonReader *reader);
void     ld_instrument_to_json (const LdInstrument *instrument, JsonBuilder *builder);
void     ld_instrument_body_to_json (const LdInstrument *instrument, JsonBuilder *builder);
gboolean ld_instrument_protocol_is_known (const char *protocol);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdInstrument, ld_instrument_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdInstrumentCode, ld_instrument_code_free)

G_END_DECLS
