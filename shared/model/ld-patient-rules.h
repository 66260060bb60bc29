/* ld-patient-rules.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-patient.h"

G_BEGIN_DECLS

typedef enum
{
  LD_PATIENT_QUERY_NAME,
  LD_PATIENT_QUERY_PHONE,
  LD_PATIENT_QUERY_MRN,
  LD_PATIENT_QUERY_NATIONAL_ID,
} LdPatientQueryKind;

#define LD_PATIENT_QUERY_MAX_WORDS 4

/**
 * LdPatientQuery:
 * @kind: what the desk typed: a name, a phone number, an MRN or an ID
 * @words: for a name, up to four folded words, each matched as a word start
 * @term: for the others, the normalized prefix (phone digits, MRN) or ID
 * @national: for a phone number, the start of its national number (see
 *   ld_patient_phone_national()); may be empty
 */
typedef struct
{
  LdPatientQueryKind  kind;
  GStrv               words;
  char               *term;
  char               *national;
} LdPatientQuery;

char *ld_patient_format_mrn (gint64 number);
char *ld_patient_name_key (const char *name);
char *ld_patient_phone_national (const char *phone);
char *ld_patient_phone_display (const char *phone);
char *ld_patient_normalize_id (const char *national_id);
gboolean
     ld_patient_query_parse (const char *text, LdPatientQuery *out_query, const char **out_reason);
void ld_patient_query_clear (LdPatientQuery *query);
gboolean ld_patient_query_matches_name (const LdPatientQuery *query, const char *name_fold);
GPtrArray *
ld_patient_name_word_starts (const char *name_fold, guint max_letters, gboolean whole_words);

gboolean  ld_patient_is_likely_duplicate (LdPatient      *patient,
                                         LdPatient      *other);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdPatientQuery, ld_patient_query_clear)

G_END_DECLS
