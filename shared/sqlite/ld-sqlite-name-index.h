/* ld-sqlite-name-index.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-sqlite.h"

G_BEGIN_DECLS

/* Starts of one to this many letters of each word are stored; a longer
 * typed word is looked up as the whole words it begins. Every backend of
 * the server keeps the same rows, so this is the one place it is said. */
#define LD_NAME_INDEX_PREFIX_CHARS 3

/* Called with each match in page order, (name_fold, id); FALSE stops. */
typedef gboolean (*LdSqliteNameFunc) (const char *name_fold,
                                      const char *id,
                                      gpointer    user_data);

gboolean ld_sqlite_name_index_update (LdSqlite   *db,
                                      const char *patient_id,
                                      const char *old_name_fold,
                                      const char *new_name_fold,
                                      GError    **error);
gboolean ld_sqlite_name_index_search (LdSqlite           *db,
                                      const char * const *words,
                                      const char         *after_name_fold,
                                      const char         *after_id,
                                      guint               read_ahead,
                                      LdSqliteNameFunc    func,
                                      gpointer            user_data,
                                      GError            **error);
gboolean ld_sqlite_name_index_count (LdSqlite           *db,
                                     const char * const *words,
                                     const char         *before_name_fold,
                                     const char         *before_id,
                                     gint64             *out_count,
                                     GError            **error);

G_END_DECLS
