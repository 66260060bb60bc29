/* ld-icd10.h: the lab's ICD-10 code list, as imported and searched
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

/* The most codes one list holds: WHO's ICD-10 has about 12,000 and the
 * clinical modifications about 70,000. */
#define LD_ICD10_MAX_CODES 100000
#define LD_ICD10_MAX_TITLE 255
#define LD_ICD10_MAX_SOURCE 200
/* Search answers: GET /api/v1/icd10's limit. */
#define LD_ICD10_SEARCH_DEFAULT 20
#define LD_ICD10_SEARCH_MAX 100

/**
 * LdIcd10Code:
 * @code: the code, such as "E11.9" (ld_icd10_code_is_valid())
 * @title: its title, 1–%LD_ICD10_MAX_TITLE characters
 *
 * One line of the list.
 */
typedef struct
{
  char *code;
  char *title;
} LdIcd10Code;

LdIcd10Code *ld_icd10_code_new  (const char  *code,
                                 const char  *title);
void         ld_icd10_code_free (LdIcd10Code *code);

GPtrArray   *ld_icd10_list_read    (LdJsonReader *reader,
                                    char        **out_source);
void         ld_icd10_list_to_json (const char   *source,
                                    GPtrArray    *codes,
                                    JsonBuilder  *builder);
GStrv        ld_icd10_title_words  (const char   *text);
char        *ld_icd10_code_prefix  (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdIcd10Code, ld_icd10_code_free)

G_END_DECLS
