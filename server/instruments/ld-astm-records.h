/* ld-astm-records.h: ASTM E1394 (CLSI LIS2-A2) records, in and out
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-instrument-message.h"

G_BEGIN_DECLS

/* The host's answer about one accession asked in a Q record. */
typedef struct
{
  char      *accession;
  GPtrArray *orders; /* LdInstrumentOrder; NULL when the accession is unknown */
} LdAstmAnswer;

LdAstmAnswer *ld_astm_answer_new (const char *accession,
                                  GPtrArray  *orders);
void          ld_astm_answer_free (LdAstmAnswer *answer);

LdInstrumentMessage *ld_astm_records_parse (GPtrArray *records,
                                            GError   **error);
char                *ld_astm_records_build_answer (GPtrArray *answers,
                                                   GDateTime *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAstmAnswer, ld_astm_answer_free)

G_END_DECLS
