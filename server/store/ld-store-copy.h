/* ld-store-copy.h: every row of one store copied into another, and the
 * figures that show the two hold the same
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-store.h"

G_BEGIN_DECLS

/* What a column holds, as the PostgreSQL schema declares it: the copy
 * reads and writes each value in its own type, so nothing goes through a
 * text spelling that could round it. */
typedef enum
{
  LD_STORE_COLUMN_TEXT,
  LD_STORE_COLUMN_INTEGER,
  LD_STORE_COLUMN_REAL,
  LD_STORE_COLUMN_BLOB,
} LdStoreColumnKind;

typedef struct
{
  char              *name;
  LdStoreColumnKind  kind;
  /* An identity: its sequence is moved past the copied values. */
  gboolean           identity;
} LdStoreColumn;

typedef struct
{
  char      *name;
  /* Of LdStoreColumn, in the table's order. */
  GPtrArray *columns;
  /* A foreign key to itself (a sample that replaces another): its rows
   * are copied in the order they were written. */
  gboolean   self_referencing;
} LdStoreTable;

/* The rows of @table copied so far, out of @total. */
typedef void (*LdStoreCopyProgress) (const char *table,
                                     gint64      done,
                                     gint64      total,
                                     gpointer    user_data);

GPtrArray *ld_store_copy_describe      (LdStore              *store,
                                        GError              **error);
gboolean   ld_store_copy_check_tables  (LdStore              *from,
                                        GPtrArray            *tables,
                                        GError              **error);
gboolean   ld_store_copy_count         (LdStore              *store,
                                        const LdStoreTable   *table,
                                        gint64               *out_rows,
                                        GError              **error);
gboolean   ld_store_copy_tables        (LdStore              *from,
                                        LdStore              *into,
                                        GPtrArray            *tables,
                                        LdStoreCopyProgress   progress,
                                        gpointer              user_data,
                                        GError              **error);
char      *ld_store_copy_dup_checksum  (LdStore              *store,
                                        const LdStoreTable   *table,
                                        GError              **error);
gboolean   ld_store_copy_export_seal   (LdStore              *from,
                                        const char           *key_path,
                                        const char           *head_path,
                                        GError              **error);
gboolean   ld_store_copy_same_key      (LdStore              *from,
                                        const char           *key_path,
                                        gboolean             *out_same,
                                        GError              **error);

void       ld_store_table_free         (LdStoreTable         *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoreTable, ld_store_table_free)

G_END_DECLS
