/* ld-service-instruments.h: analyzers configured, their messages stored, unmatched results resolved
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../instruments/ld-instrument-message.h"
#include "../store/ld-store-instruments.h"

G_BEGIN_DECLS

/**
 * LdDelivered:
 * @duplicate: the message was stored before; nothing was stored now
 * @drafts: the values saved as drafts
 * @unmatched: the values put in the unmatched list
 *
 * What storing one instrument message did.
 */
typedef struct
{
  gboolean duplicate;
  guint    drafts;
  guint    unmatched;
} LdDelivered;

/**
 * LdUnmatchedResolution:
 * @action: "attach" or "discard"
 * @accession: (nullable): for "attach", the sample's accession
 * @test_code: (nullable): for "attach", the catalogue test
 * @reason: (nullable): for "discard", why
 *
 * What a technician decided for an unmatched result.
 */
typedef struct
{
  char *action;
  char *accession;
  char *test_code;
  char *reason;
} LdUnmatchedResolution;

LdInstrument *
ld_service_instruments_add (LdServiceContext *ctx, LdInstrument *instrument, GError **error);
LdInstrument      *ld_service_instruments_edit (LdServiceContext *ctx,
                                                LdInstrument     *instrument,
                                                gint64            expected_version,
                                                GError          **error);
gboolean           ld_service_instruments_deliver (LdServiceContext    *ctx,
                                                   const char          *instrument_id,
                                                   LdInstrumentMessage *message,
                                                   LdDelivered         *out_delivered,
                                                   GError             **error);
GPtrArray         *ld_service_instruments_ordered (LdServiceContext *ctx,
                                                   const char       *instrument_id,
                                                   const char       *accession,
                                                   GError          **error);
JsonNode          *ld_unmatched_result_to_json (const LdUnmatchedResult *unmatched);
LdUnmatchedResult *ld_service_unmatched_resolve (LdServiceContext            *ctx,
                                                 const char                  *id,
                                                 const LdUnmatchedResolution *resolution,
                                                 GError                     **error);

G_END_DECLS
