/* ld-store-icd10.h: the lab's ICD-10 code list in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-icd10.h"
#include "ld-store.h"

G_BEGIN_DECLS

/**
 * LdIcd10ListInfo:
 * @count: how many codes are loaded; 0 when no list is
 * @source: (nullable): where the list came from
 * @loaded_us: when it was loaded; 0 when no list is
 * @loaded_by: (nullable): who loaded it
 *
 * What the loaded list is.
 */
typedef struct
{
  gint64  count;
  char   *source;
  gint64  loaded_us;
  char   *loaded_by;
} LdIcd10ListInfo;

void      ld_icd10_list_info_clear (LdIcd10ListInfo *info);

gboolean  ld_store_icd10_replace      (LdStore         *store,
                                       const char      *source,
                                       GPtrArray       *codes,
                                       const char      *loaded_by,
                                       gint64           now_us,
                                       GError         **error);
gboolean  ld_store_icd10_get_info     (LdStore         *store,
                                       LdIcd10ListInfo *out_info,
                                       GError         **error);
gboolean  ld_store_icd10_contains     (LdStore         *store,
                                       const char      *code,
                                       gboolean        *out_contains,
                                       GError         **error);
gboolean  ld_store_icd10_by_code      (LdStore         *store,
                                       const char      *prefix,
                                       guint            limit,
                                       GPtrArray       *out_codes,
                                       GError         **error);
gboolean  ld_store_icd10_by_words     (LdStore            *store,
                                       const char * const *words,
                                       guint               limit,
                                       GHashTable         *skip,
                                       GPtrArray          *out_codes,
                                       GError            **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdIcd10ListInfo, ld_icd10_list_info_clear)

/* The words search's statement, for a test to read its plan. */
extern const char ld_store_icd10_words_sql[];

G_END_DECLS
