/* ld-migrate.c: `labdesk-server migrate`, a lab's SQLite database copied
 * into PostgreSQL and checked on both sides
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: a lab that outgrows one box takes every record with it, ids,
 * human numbers, the change feed's seqs and the audit chain as they were.
 * The steps, each refusing before anything is written when it can:
 *   1. the source: a SQLite file at this server's schema, whose audit
 *      chain verifies (with its key and head, beside it);
 *   2. the target: PostgreSQL, empty (no rows; migrated or not at all),
 *      its audit key absent or the source's own;
 *   3. the key and a head naming the source's newest event written for the
 *      target, the target migrated, every row copied in one transaction
 *      (ld-store-copy.c);
 *   4. the proof, read back from both: rows per table, a checksum of every
 *      value of every row per table, and the audit chain on PostgreSQL.
 * Progress goes to stdout, a line per table.
 */

#define G_LOG_DOMAIN "labdesk-server"

#include "config.h"

#include <stdio.h>

#include "ld-migrate.h"
#include "store/ld-store-copy.h"

typedef struct
{
  gint64 started_us;
  gint64 step_us;
  gint64 reported;
} Progress;

static double
seconds_since (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / (double) G_USEC_PER_SEC;
}

static void
on_copy_progress_cb (const char *table,
                     gint64      done,
                     gint64      total,
                     gpointer    user_data)
{
  Progress *progress = user_data;

  if (done == total)
    {
      printf ("  %-26s %10" G_GINT64_FORMAT " rows  %6.1f s\n", table, done,
              seconds_since (progress->step_us));
      progress->step_us = g_get_monotonic_time ();
      progress->reported = 0;
    }
  /* Big tables say how far they are every 100,000 rows. */
  else if (done - progress->reported >= 100000)
    {
      printf ("  %-26s %10" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "…\n", table, done, total);
      progress->reported = done;
    }
  fflush (stdout);
}

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error,
                     g_error_new_valist (LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT, format, args));
  va_end (args);
  return FALSE;
}

static const char *
describe_verdict (LdAuditVerdict verdict)
{
  switch (verdict)
    {
    case LD_AUDIT_VERDICT_OK: return "ok";
    case LD_AUDIT_VERDICT_BROKEN_LINK: return "a broken link";
    case LD_AUDIT_VERDICT_HASH_MISMATCH: return "a hash mismatch";
    case LD_AUDIT_VERDICT_MAC_MISMATCH: return "a MAC mismatch";
    case LD_AUDIT_VERDICT_TRUNCATED: return "a truncated head";
    case LD_AUDIT_VERDICT_NO_HEAD: return "no head file";
    case LD_AUDIT_VERDICT_BAD_HEAD: return "a head file sealed with another key";
    case LD_AUDIT_VERDICT_NO_KEY: return "keyed events but no key";
    default: return "an unknown verdict";
    }
}

/* Step 1: the SQLite file, at this server's schema, its chain whole. */
static LdStore *
open_source (const char     *from_path,
             LdAuditReport  *out_report,
             GError        **error)
{
  g_autoptr(LdStore) from = NULL;
  g_autoptr(GError) local = NULL;
  gint64 schema;

  if (ld_store_location_is_postgresql (from_path))
    {
      refuse (error, "--from takes a SQLite database file; the copy goes into --db.");
      return NULL;
    }

  from = ld_store_open_existing (from_path, TRUE, error);
  if (from == NULL || !ld_store_get_schema (from, &schema, error))
    return NULL;
  if (schema != ld_store_get_latest_schema_for (from))
    {
      refuse (error, "The SQLite database is at schema %" G_GINT64_FORMAT " and this server "
              "copies schema %" G_GINT64_FORMAT ": start this server on it once (serve) to bring "
              "it up to date, then migrate.", schema, ld_store_get_latest_schema_for (from));
      return NULL;
    }

  /* The key and head beside the file; without them only an unkeyed chain
   * verifies, which the walk below says. */
  if (!ld_store_load_audit_seal (from, NULL, NULL, FALSE, &local) &&
      !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  if (!ld_store_audit_verify (from, out_report, error))
    return NULL;
  if (out_report->verdict != LD_AUDIT_VERDICT_OK)
    {
      refuse (error, "The SQLite database's audit chain does not verify (%s at event %"
              G_GINT64_FORMAT "); run “labdesk-server check” on it. Nothing was copied.",
              describe_verdict (out_report->verdict), out_report->at_seq);
      return NULL;
    }
  return g_steal_pointer (&from);
}

/* Rows in any table of @store: a target must have none. */
static gboolean
count_all_rows (LdStore    *store,
                GPtrArray  *tables,
                gint64     *out_rows,
                GError    **error)
{
  *out_rows = 0;
  for (guint i = 0; i < tables->len; i++)
    {
      gint64 rows;

      if (!ld_store_copy_count (store, g_ptr_array_index (tables, i), &rows, error))
        return FALSE;
      *out_rows += rows;
    }
  return TRUE;
}

/* Step 2, before anything is written: an empty PostgreSQL database, at
 * this server's schema or at none, and no other lab's audit key. */
static gboolean
check_target (LdStore         *from,
              const LdConfig  *config,
              GError         **error)
{
  g_autoptr(LdStore) into = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  gint64 schema, rows;
  gboolean same_key;

  if (!ld_store_location_is_postgresql (config->db_path))
    return refuse (error, "--db (or database= in the configuration) must be a PostgreSQL URI, "
                          "postgresql://…, for the copy to go into.");
  if (config->audit_key_path == NULL || config->audit_head_path == NULL)
    return refuse (error, "Set audit-key and audit-head in the configuration (--config): the "
                          "copy's audit chain is checked with them on PostgreSQL.");

  into = ld_store_open_existing (config->db_path, TRUE, error);
  if (into == NULL || !ld_store_get_schema (into, &schema, error) ||
      (tables = ld_store_copy_describe (into, error)) == NULL ||
      !count_all_rows (into, tables, &rows, error))
    return FALSE;
  if (schema == 0 && tables->len > 0)
    return refuse (error, "The PostgreSQL database has tables that Labdesk did not make; "
                          "migrate copies into an empty database (createdb).");
  if (schema != 0 && schema != ld_store_get_latest_schema_for (into))
    return refuse (error, "The PostgreSQL database is at schema %" G_GINT64_FORMAT " and this "
                   "server writes schema %" G_GINT64_FORMAT "; migrate copies into a database "
                   "made by this Labdesk, or an empty one.", schema,
                   ld_store_get_latest_schema_for (into));
  if (rows > 0)
    return refuse (error, "The PostgreSQL database is not empty (%" G_GINT64_FORMAT " rows); "
                   "migrate copies into an empty database and never merges two labs.", rows);

  if (!ld_store_copy_same_key (from, config->audit_key_path, &same_key, error))
    return FALSE;
  if (!same_key && g_file_test (config->audit_key_path, G_FILE_TEST_EXISTS))
    return refuse (error, "The audit key %s is not the SQLite database's: the copied chain is "
                   "checked with the SQLite database's key. Move that file aside, and migrate "
                   "writes the right one.", config->audit_key_path);
  return TRUE;
}

/* Step 3: the key and head first (the target's store loads them as it
 * opens), then the schema, then the rows. */
static LdStore *
copy_into_target (LdStore         *from,
                  const LdConfig  *config,
                  GPtrArray      **out_tables,
                  GError         **error)
{
  g_autoptr(LdStore) into = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  Progress progress = { g_get_monotonic_time (), g_get_monotonic_time (), 0 };
  gint64 rows;

  if (!ld_store_copy_export_seal (from, config->audit_key_path, config->audit_head_path, error))
    return NULL;

  into =
    ld_store_open_sealed (config->db_path, config->audit_key_path, config->audit_head_path, error);
  if (into == NULL || (tables = ld_store_copy_describe (into, error)) == NULL ||
      !ld_store_copy_check_tables (from, tables, error) ||
      !count_all_rows (into, tables, &rows, error))
    return NULL;
  /* Opening made no rows; were a second migrate racing this one, it did. */
  if (rows > 0)
    {
      refuse (error, "The PostgreSQL database is not empty any more (%" G_GINT64_FORMAT
              " rows); is another migrate running?", rows);
      return NULL;
    }

  printf ("Copying %u tables in one transaction…\n", tables->len);
  fflush (stdout);
  if (!ld_store_copy_tables (from, into, tables, on_copy_progress_cb, &progress, error))
    return NULL;
  printf ("Copied in %.1f s.\n", seconds_since (progress.started_us));

  *out_tables = g_steal_pointer (&tables);
  return g_steal_pointer (&into);
}

/* Step 4: what the copy holds, read back from both databases. */
static gboolean
verify_copy (LdStore              *from,
             LdStore              *into,
             GPtrArray            *tables,
             const LdAuditReport  *source_report,
             GError              **error)
{
  gint64 started_us = g_get_monotonic_time ();
  LdAuditReport report;
  guint n_different = 0;

  printf ("Checking both sides: rows and a checksum of every value, per table…\n");
  for (guint i = 0; i < tables->len; i++)
    {
      LdStoreTable *table = g_ptr_array_index (tables, i);
      g_autofree char *sum_from = NULL;
      g_autofree char *sum_into = NULL;
      gint64 rows_from, rows_into;
      gboolean same;

      if (!ld_store_copy_count (from, table, &rows_from, error) ||
          !ld_store_copy_count (into, table, &rows_into, error) ||
          (sum_from = ld_store_copy_dup_checksum (from, table, error)) == NULL ||
          (sum_into = ld_store_copy_dup_checksum (into, table, error)) == NULL)
        return FALSE;

      same = rows_from == rows_into && g_str_equal (sum_from, sum_into);
      if (!same)
        {
          n_different++;
          printf ("  %-26s DIFFERENT: %" G_GINT64_FORMAT " rows in SQLite, %" G_GINT64_FORMAT
                  " in PostgreSQL; checksums %.16s… and %.16s…\n", table->name, rows_from,
                  rows_into, sum_from, sum_into);
        }
    }
  if (n_different > 0)
    return refuse (error, "%u tables differ between the SQLite database and the copy.",
                   n_different);
  printf ("  %u tables: the same rows, value for value (%.1f s)\n", tables->len,
          seconds_since (started_us));

  if (!ld_store_audit_verify (into, &report, error))
    return FALSE;
  if (report.verdict != LD_AUDIT_VERDICT_OK || report.n_events != source_report->n_events ||
      report.last_seq != source_report->last_seq)
    return refuse (
      error,
      "The copy's audit chain does not verify on PostgreSQL (%s at event %" G_GINT64_FORMAT
      "; %" G_GINT64_FORMAT " events, the source has %" G_GINT64_FORMAT ").",
      describe_verdict (report.verdict), report.at_seq, report.n_events, source_report->n_events);
  printf ("  audit chain: ok on both (%" G_GINT64_FORMAT " events, head at %" G_GINT64_FORMAT ")\n",
          report.n_events, report.head_seq);
  return TRUE;
}

/**
 * ld_migrate_to_postgresql:
 * @from_path: the lab's SQLite database (its audit key and head beside it)
 * @config: the target: its PostgreSQL URI and the audit key and head files
 * @error: return location for an error
 *
 * Copies every record of @from_path into @config's empty PostgreSQL
 * database and checks the copy on both sides. Stop the server on
 * @from_path first: a write made while copying would not be in the copy
 * (and the check would say so).
 *
 * Returns: %TRUE when the copy is made and checked
 */
gboolean
ld_migrate_to_postgresql (const char      *from_path,
                          const LdConfig  *config,
                          GError         **error)
{
  g_autoptr(LdStore) from = NULL;
  g_autoptr(LdStore) into = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  LdAuditReport source_report;
  gint64 started_us = g_get_monotonic_time ();

  g_return_val_if_fail (from_path != NULL && config != NULL, FALSE);

  from = open_source (from_path, &source_report, error);
  if (from == NULL)
    return FALSE;
  printf ("Source: schema %" G_GINT64_FORMAT ", audit chain ok (%" G_GINT64_FORMAT " events)\n",
          ld_store_get_latest_schema_for (from), source_report.n_events);

  if (!check_target (from, config, error))
    return FALSE;

  into = copy_into_target (from, config, &tables, error);
  if (into == NULL || !verify_copy (from, into, tables, &source_report, error))
    return FALSE;

  printf ("Migrated in %.1f s. Keep the audit key %s safe and apart from the server.\n",
          seconds_since (started_us), config->audit_key_path);
  return TRUE;
}
