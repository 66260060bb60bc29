/* ld-sample-body.h: the bodies of collection and custody, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-order.h"

G_BEGIN_DECLS

/* The longest place (a rack, a fridge, a ward) and note or reason. */
#define LD_SAMPLE_MAX_LOCATION_CHARS 100
#define LD_SAMPLE_MAX_NOTE_CHARS     500

/**
 * LdCollectBody:
 * @location: (nullable): where the samples were taken
 * @note: (nullable): a note for their custody
 * @payment: (nullable): cash, card or UPI taken at collection
 *
 * A collection (POST /api/v1/orders/{id}/collect).
 */
typedef struct
{
  char      *location;
  char      *note;
  LdPayment *payment;
} LdCollectBody;

/**
 * LdCustodyBody:
 * @version: the sample's version as the bench last saw it
 * @event: "received", "rejected", "stored" or "disposed"
 * @location: (nullable): where the sample now is
 * @note: (nullable): a note for its custody
 * @reason: (nullable): for a rejection, why
 * @recollect: for a rejection, whether a new sample is wanted
 *
 * One step of a sample's custody (POST /api/v1/samples/{id}/custody).
 */
typedef struct
{
  gint64    version;
  char     *event;
  char     *location;
  char     *note;
  char     *reason;
  gboolean  recollect;
} LdCustodyBody;

void ld_collect_body_write (JsonBuilder         *builder,
                            const LdCollectBody *collect);
void ld_collect_body_read  (LdJsonReader        *reader,
                            LdCollectBody       *collect);
void ld_collect_body_clear (LdCollectBody       *collect);
void ld_custody_body_write (JsonBuilder         *builder,
                            const LdCustodyBody *custody);
void ld_custody_body_read  (LdJsonReader        *reader,
                            LdCustodyBody       *custody);
void ld_custody_body_clear (LdCustodyBody       *custody);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCollectBody, ld_collect_body_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCustodyBody, ld_custody_body_clear)

G_END_DECLS
