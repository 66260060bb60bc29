/* ld-sqlite-migrate.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-sqlite.h"

G_BEGIN_DECLS

/* One schema step: "0002-short-name.sql" and its SQL. */
typedef struct
{
  const char *name;
  const char *sql;
} LdSqliteMigration;

gint64         ld_sqlite_migration_number      (const char              *name);
void           ld_sqlite_migrations_sort       (const char             **names,
                                                guint                    n_names);
GStrv          ld_sqlite_migrations_list       (const char              *resource_path);
gint64         ld_sqlite_migrations_latest     (const char              *resource_path);
gboolean       ld_sqlite_migrate_list          (LdSqlite                *db,
                                                const LdSqliteMigration *migrations,
                                                guint                    n_migrations,
                                                GError                 **error);
gboolean       ld_sqlite_migrate               (LdSqlite                *db,
                                                const char              *resource_path,
                                                GError                 **error);

G_END_DECLS
