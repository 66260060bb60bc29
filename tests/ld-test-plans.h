/* ld-test-plans.h: what a plan may walk, on either backend
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-store.h"

G_BEGIN_DECLS

/* Whether @table grows with the lab's history. */
gboolean     ld_test_plans_is_growing         (const char         *table);
/* The growing table a plan's @name stands for in @sql (itself, or the
 * table @sql gives that alias to), or NULL. */
char        *ld_test_plans_resolve_table      (const char         *sql,
                                               const char         *name);
/* Whether @sql has a condition "column = ?N" that is not optional. */
gboolean     ld_test_plans_has_required_match (const char         *sql);
/* Why @sql may walk a growing table with @plan (in PostgreSQL's words
 * when @postgresql, else in SQLite's), or NULL. */
const char *
ld_test_plans_find_exception (const char *sql, const char * const *plan, gboolean postgresql);

/* @sql's plan, read with @store and shown under --verbose; NULL for a
 * statement that has none (transactions, settings, pragmas, the schema's
 * own migrations). */
GStrv        ld_test_plans_dup_plan           (LdStore            *store,
                                               const char         *sql);

G_END_DECLS
