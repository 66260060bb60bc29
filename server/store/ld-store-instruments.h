/* ld-store-instruments.h: analyzers, their messages and unmatched results in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-instrument.h"
#include "ld-store.h"

G_BEGIN_DECLS

/**
 * LdUnmatchedResult:
 * @id: its id
 * @instrument_id: the instrument that sent it
 * @instrument_name: its name, as read
 * @accession: (nullable): the accession it named
 * @instrument_code: (nullable): the instrument's code
 * @value: (nullable): the value as sent
 * @units: (nullable): its units as sent
 * @flags: (nullable): the instrument's flags
 * @observed_at: (nullable): when it was measured, as sent
 * @reason: "unknown-accession", "unmapped-code" or "not-ordered"
 * @received_us: when it arrived
 * @resolution: (nullable): "attached" or "discarded" once resolved
 * @resolution_note: (nullable): where it went, or why it was discarded
 * @resolved_by: (nullable): who resolved it
 * @resolved_us: when; 0 while open
 *
 * A result an instrument sent that the lab could not place by itself.
 */
typedef struct
{
  char   *id;
  char   *instrument_id;
  char   *instrument_name;
  char   *accession;
  char   *instrument_code;
  char   *value;
  char   *units;
  char   *flags;
  char   *observed_at;
  char   *reason;
  gint64  received_us;
  char   *resolution;
  char   *resolution_note;
  char   *resolved_by;
  gint64  resolved_us;
} LdUnmatchedResult;

/* The last message an instrument sent, for its status. */
typedef struct
{
  gint64  received_us;
  char   *summary;
} LdInstrumentLast;

LdUnmatchedResult *ld_unmatched_result_new  (void);
void               ld_unmatched_result_free (LdUnmatchedResult *unmatched);

GPtrArray         *ld_store_instruments_list (LdStore *store, GError **error);
LdInstrument      *ld_store_instruments_get (LdStore *store, const char *id, GError **error);
gboolean           ld_store_instruments_insert (LdStore      *store,
                                                LdInstrument *instrument,
                                                gint64        now_us,
                                                GError      **error);
gboolean           ld_store_instruments_update (LdStore      *store,
                                                LdInstrument *instrument,
                                                gint64        expected_version,
                                                gint64        now_us,
                                                GError      **error);
gboolean           ld_store_instruments_last (LdStore          *store,
                                              const char       *instrument_id,
                                              LdInstrumentLast *out_last,
                                              GError          **error);
gboolean           ld_store_instrument_messages_add (LdStore    *store,
                                                     const char *instrument_id,
                                                     const char *sender,
                                                     const char *message_id,
                                                     const char *raw,
                                                     const char *summary,
                                                     gint64      received_us,
                                                     gint64     *out_row,
                                                     GError    **error);
gboolean           ld_store_instrument_messages_set_summary (LdStore    *store,
                                                             gint64      row,
                                                             const char *summary,
                                                             GError    **error);
gboolean           ld_store_unmatched_insert (LdStore           *store,
                                              LdUnmatchedResult *unmatched,
                                              gint64             message_row,
                                              GError           **error);
GPtrArray *
ld_store_unmatched_list (LdStore *store, gboolean open_only, guint limit, GError **error);
LdUnmatchedResult *ld_store_unmatched_get (LdStore *store, const char *id, GError **error);
gboolean ld_store_unmatched_resolve (LdStore *store, LdUnmatchedResult *unmatched, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdUnmatchedResult, ld_unmatched_result_free)

G_END_DECLS
