/* ld-store-catalog.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-catalog"

#include "config.h"

#include "ld-store-private.h"
#include "ld-time.h"

#define TEST_COLUMNS \
  "code, name, loinc, specimen, container, unit, result_type, decimals, price_paise," \
  " turnaround_hours, reference_ranges, critical_low, critical_high, choices, normal_choices," \
  " active, version, delta_type, delta_limit, delta_window_days," \
  " department, position"

static JsonNode *
column_json (LdDbStmt     *stmt,
             int           column)
{
  const char *text = ld_db_column_text (stmt, column);

  /* Written by this server after validation; a row that no longer parses
   * was edited by hand, and reads as absent rather than crashing. */
  return text ? ld_json_parse (text, -1, NULL) : NULL;
}

static LdCatalogTest *
test_from_row (LdDbStmt *stmt)
{
  LdCatalogTest *test = ld_catalog_test_new ();
  const char *type = ld_db_column_text (stmt, 6);

  test->code = ld_db_column_dup_text (stmt, 0);
  test->name = ld_db_column_dup_text (stmt, 1);
  test->loinc = ld_db_column_dup_text (stmt, 2);
  test->specimen = ld_db_column_dup_text (stmt, 3);
  test->container = ld_db_column_dup_text (stmt, 4);
  test->unit = ld_db_column_dup_text (stmt, 5);
  test->result_type = g_str_equal (type, "numeric") ? LD_RESULT_NUMERIC :
                      g_str_equal (type, "choice") ? LD_RESULT_CHOICE : LD_RESULT_TEXT;
  test->decimals = ld_db_column_int64 (stmt, 7);
  test->price_paise = ld_db_column_int64 (stmt, 8);
  test->turnaround_hours = ld_db_column_int64 (stmt, 9);
  g_clear_pointer (&test->reference_ranges, json_node_unref);
  test->reference_ranges = column_json (stmt, 10);
  test->has_critical_low = !ld_db_column_is_null (stmt, 11);
  test->critical_low = ld_db_column_double (stmt, 11);
  test->has_critical_high = !ld_db_column_is_null (stmt, 12);
  test->critical_high = ld_db_column_double (stmt, 12);
  test->choices = column_json (stmt, 13);
  test->normal_choices = column_json (stmt, 14);
  test->active = ld_db_column_int64 (stmt, 15) != 0;
  test->version = ld_db_column_int64 (stmt, 16);
  test->delta_check.active = !ld_db_column_is_null (stmt, 17);
  test->delta_check.type =
    g_strcmp0 (ld_db_column_text (stmt, 17), "percent") == 0 ? LD_DELTA_PERCENT : LD_DELTA_ABSOLUTE;
  test->delta_check.limit = ld_db_column_double (stmt, 18);
  test->delta_check.window_days = ld_db_column_int64 (stmt, 19);
  test->department = ld_db_column_dup_text (stmt, 20);
  test->position = ld_db_column_int64 (stmt, 21);

  return test;
}

static void
bind_json (LdDbStmt     *stmt,
           int           index,
           JsonNode     *node)
{
  g_autofree char *text = node ? ld_json_to_string (node) : NULL;

  ld_db_bind_text (stmt, index, text);
}

static void
bind_optional_double (LdDbStmt     *stmt,
                      int           index,
                      gboolean      has,
                      double        value)
{
  if (has)
    ld_db_bind_double (stmt, index, value);
  else
    ld_db_bind_null (stmt, index);
}

/**
 * ld_store_catalog_list_tests:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdCatalogTest) (nullable): every
 *   test, by code
 */
GPtrArray *
ld_store_catalog_list_tests (LdStore  *store,
                             GError  **error)
{
  static const char sql[] = "SELECT " TEST_COLUMNS " FROM catalog_tests ORDER BY code";
  g_autoptr(GPtrArray) tests =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_catalog_test_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (tests, test_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&tests) : NULL;
}

/* Tests read are kept while the catalogue's generation (migration 0045:
 * moved by triggers with every change to a test) stays the same: reading
 * that one number costs a seek, where reading a test again costs its row
 * and the parsing of its ranges and choices, some eleven times a lab flow.
 * Each connection keeps its own, on the thread that uses it; the JSON
 * members are sealed, as every holder of a copy shares them. */
#define TESTS_KEPT_MAX 4096

void
ld_store_catalog_forget_tests (LdStore *store)
{
  if (store != NULL)
    g_clear_pointer (&store->tests_read, g_hash_table_unref);
}

static void
seal (JsonNode *node)
{
  if (node != NULL)
    json_node_seal (node);
}

static LdCatalogTest *
read_test (LdStore     *store,
           const char  *code,
           GError     **error)
{
  static const char sql[] = "SELECT " TEST_COLUMNS " FROM catalog_tests WHERE code = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdCatalogTest *test;
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, code);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no test with this code.");
      return NULL;
    }

  test = test_from_row (stmt);
  ld_db_step_done (stmt, NULL);
  return test;
}

/**
 * ld_store_catalog_get_test:
 * @store: a store
 * @code: a test's code
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND when no test
 *   has @code)
 *
 * Returns: (transfer full) (nullable): the test as the catalogue has it in
 *   what @store sees now; its JSON members are sealed and shared
 */
LdCatalogTest *
ld_store_catalog_get_test (LdStore     *store,
                           const char  *code,
                           GError     **error)
{
  gint64 generation =
    ld_store_read_generation (store, LD_STORE_GENERATION_CATALOG);
  LdCatalogTest *kept;
  LdCatalogTest *test;

  if (generation < 0)
    return read_test (store, code, error);

  if (store->tests_read != NULL && (store->tests_read_generation != generation ||
                                    g_hash_table_size (store->tests_read) >= TESTS_KEPT_MAX))
    ld_store_catalog_forget_tests (store);
  if (store->tests_read != NULL && (kept = g_hash_table_lookup (store->tests_read, code)) != NULL)
    return ld_catalog_test_copy (kept);

  if ((test = read_test (store, code, error)) == NULL)
    return NULL;
  seal (test->reference_ranges);
  seal (test->choices);
  seal (test->normal_choices);
  if (store->tests_read == NULL)
    {
      store->tests_read = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) ld_catalog_test_free);
      store->tests_read_generation = generation;
    }
  kept = ld_catalog_test_copy (test);
  g_hash_table_insert (store->tests_read, kept->code, kept);
  return test;
}

/* Binds every column but the code (?1) and the version (?18 in an update):
 * the delta check at ?19 to ?21, the department at ?22. */
static void
bind_test (LdDbStmt            *stmt,
           const LdCatalogTest *test,
           const char          *now)
{
  ld_db_bind_text (stmt, 1, test->code);
  ld_db_bind_text (stmt, 2, test->name);
  ld_db_bind_text (stmt, 3, test->loinc);
  ld_db_bind_text (stmt, 4, test->specimen);
  ld_db_bind_text (stmt, 5, test->container);
  ld_db_bind_text (stmt, 6, test->unit ? test->unit : "");
  ld_db_bind_text (stmt, 7, ld_result_type_to_string (test->result_type));
  ld_db_bind_int64 (stmt, 8, test->decimals);
  ld_db_bind_int64 (stmt, 9, test->price_paise);
  ld_db_bind_int64 (stmt, 10, test->turnaround_hours);
  bind_json (stmt, 11, test->reference_ranges);
  bind_optional_double (stmt, 12, test->has_critical_low, test->critical_low);
  bind_optional_double (stmt, 13, test->has_critical_high, test->critical_high);
  bind_json (stmt, 14, test->choices);
  bind_json (stmt, 15, test->normal_choices);
  ld_db_bind_int64 (stmt, 16, test->active);
  ld_db_bind_text (stmt, 17, now);
  ld_db_bind_text (stmt, 19,
                   test->delta_check.active ? ld_delta_type_to_string (test->delta_check.type)
                                            : NULL);
  bind_optional_double (stmt, 20, test->delta_check.active, test->delta_check.limit);
  if (test->delta_check.active)
    ld_db_bind_int64 (stmt, 21, test->delta_check.window_days);
  else
    ld_db_bind_null (stmt, 21);
  ld_db_bind_text (stmt, 22, test->department != NULL ? test->department : "other");
}

/**
 * ld_store_catalog_insert_test:
 * @store: a store, inside a write transaction
 * @test: a validated test; its version is set to 1
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the code is taken)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_catalog_insert_test (LdStore        *store,
                              LdCatalogTest  *test,
                              GError        **error)
{
  static const char sql[] =
    "INSERT INTO catalog_tests (code, name, loinc, specimen, container, unit, result_type,"
    "                           decimals, price_paise, turnaround_hours, reference_ranges,"
    "                           critical_low, critical_high, choices, normal_choices, active,"
    "                           updated_at, version, delta_type, delta_limit, delta_window_days,"
    "                           department, position)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?19, "
    "?20, ?21,"
    "         ?22, (SELECT coalesce (max (position), 0) + 1 FROM catalog_tests))"
    " RETURNING position";
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_test (stmt, test, now);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  test->position = ld_db_column_int64 (stmt, 0);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  test->version = 1;
  return TRUE;
}

/* Sets @error to CONFLICT or NOT_FOUND after a conditional update that
 * matched no row. */
static void
explain_missed_update (LdStore     *store,
                       const char  *table_sql,
                       const char  *code,
                       GError     **error)
{
  LdDbStmt *stmt = ld_store_prepare (store, table_sql, error);

  if (stmt == NULL)
    return;

  ld_db_bind_text (stmt, 1, code);
  if (ld_db_step (stmt, NULL) == LD_DB_ROW)
    g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                         "Someone else changed this in the meantime.");
  else
    g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                         "There is no such code in the catalogue.");
  ld_db_step_done (stmt, NULL);
}

gboolean
ld_store_catalog_update_test (LdStore        *store,
                              LdCatalogTest  *test,
                              gint64          expected_version,
                              GError        **error)
{
  static const char sql[] =
    "UPDATE catalog_tests SET name = ?2, loinc = ?3, specimen = ?4, container = ?5, unit = ?6,"
    "  result_type = ?7, decimals = ?8, price_paise = ?9, turnaround_hours = ?10,"
    "  reference_ranges = ?11, critical_low = ?12, critical_high = ?13, choices = ?14,"
    "  normal_choices = ?15, active = ?16, updated_at = ?17, version = version + 1,"
    "  delta_type = ?19, delta_limit = ?20, delta_window_days = ?21, department = ?22"
    " WHERE code = ?1 AND version = ?18";
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_test (stmt, test, now);
  ld_db_bind_int64 (stmt, 18, expected_version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      explain_missed_update (store, "SELECT 1 FROM catalog_tests WHERE code = ?", test->code,
                             error);
      return FALSE;
    }

  test->version = expected_version + 1;
  return TRUE;
}

static GStrv
panel_tests (LdStore     *store,
             const char  *code,
             GError     **error)
{
  static const char sql[] =
    "SELECT test_code FROM catalog_panel_tests WHERE panel_code = ? ORDER BY position";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, code);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (builder, ld_db_column_text (stmt, 0));

  return step == LD_DB_DONE ? g_strv_builder_end (builder) : NULL;
}

static GPtrArray *
select_panels (LdStore     *store,
               const char  *code,
               GError     **error)
{
  static const char sql[] = "SELECT code, name, price_paise, active, version FROM catalog_panels"
                            " WHERE (CAST (?1 AS TEXT) IS NULL OR code = ?1) ORDER BY code";
  g_autoptr(GPtrArray) panels =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_catalog_panel_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, code);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdCatalogPanel *panel = ld_catalog_panel_new ();

      panel->code = ld_db_column_dup_text (stmt, 0);
      panel->name = ld_db_column_dup_text (stmt, 1);
      panel->price_paise = ld_db_column_int64 (stmt, 2);
      panel->active = ld_db_column_int64 (stmt, 3) != 0;
      panel->version = ld_db_column_int64 (stmt, 4);
      g_ptr_array_add (panels, panel);
    }
  if (step == LD_DB_ERROR)
    return NULL;

  /* The statement is done; reading each panel's tests reuses the cache. */
  for (guint i = 0; i < panels->len; i++)
    {
      LdCatalogPanel *panel = g_ptr_array_index (panels, i);

      panel->tests = panel_tests (store, panel->code, error);
      if (panel->tests == NULL)
        return NULL;
    }

  return g_steal_pointer (&panels);
}

GPtrArray *
ld_store_catalog_list_panels (LdStore  *store,
                              GError  **error)
{
  return select_panels (store, NULL, error);
}

LdCatalogPanel *
ld_store_catalog_get_panel (LdStore     *store,
                            const char  *code,
                            GError     **error)
{
  g_autoptr(GPtrArray) panels = select_panels (store, code, error);

  if (panels == NULL)
    return NULL;
  if (panels->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no panel with this code.");
      return NULL;
    }

  return g_ptr_array_steal_index (panels, 0);
}

static gboolean
write_panel_tests (LdStore               *store,
                   const LdCatalogPanel  *panel,
                   GError               **error)
{
  static const char delete_sql[] = "DELETE FROM catalog_panel_tests WHERE panel_code = ?";
  static const char insert_sql[] =
    "INSERT INTO catalog_panel_tests (panel_code, position, test_code) VALUES (?, ?, ?)";
  LdDbStmt *stmt = ld_store_prepare (store, delete_sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, panel->code);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  for (guint i = 0; panel->tests[i] != NULL; i++)
    {
      stmt = ld_store_prepare (store, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, panel->code);
      ld_db_bind_int64 (stmt, 2, i);
      ld_db_bind_text (stmt, 3, panel->tests[i]);
      if (!ld_db_step_done (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ld_store_catalog_insert_panel:
 * @store: a store, inside a write transaction
 * @panel: a validated panel whose tests exist
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the code
 *   is taken or a test does not exist)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_catalog_insert_panel (LdStore         *store,
                               LdCatalogPanel  *panel,
                               GError         **error)
{
  static const char sql[] =
    "INSERT INTO catalog_panels (code, name, price_paise, active, updated_at, version)"
    " VALUES (?, ?, ?, ?, ?, 1)";
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, panel->code);
  ld_db_bind_text (stmt, 2, panel->name);
  ld_db_bind_int64 (stmt, 3, panel->price_paise);
  ld_db_bind_int64 (stmt, 4, panel->active);
  ld_db_bind_text (stmt, 5, now);
  if (!ld_db_step_done (stmt, error) || !write_panel_tests (store, panel, error))
    return FALSE;

  panel->version = 1;
  return TRUE;
}

gboolean
ld_store_catalog_update_panel (LdStore         *store,
                               LdCatalogPanel  *panel,
                               gint64           expected_version,
                               GError         **error)
{
  static const char sql[] =
    "UPDATE catalog_panels SET name = ?2, price_paise = ?3, active = ?4, updated_at = ?5,"
    "  version = version + 1 WHERE code = ?1 AND version = ?6";
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, panel->code);
  ld_db_bind_text (stmt, 2, panel->name);
  ld_db_bind_int64 (stmt, 3, panel->price_paise);
  ld_db_bind_int64 (stmt, 4, panel->active);
  ld_db_bind_text (stmt, 5, now);
  ld_db_bind_int64 (stmt, 6, expected_version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      explain_missed_update (store, "SELECT 1 FROM catalog_panels WHERE code = ?", panel->code,
                             error);
      return FALSE;
    }

  if (!write_panel_tests (store, panel, error))
    return FALSE;

  panel->version = expected_version + 1;
  return TRUE;
}
