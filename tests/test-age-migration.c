/* test-age-migration.c: migration 0021 changes no flag
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A database made by the migrations before 0021 holds the catalogue as the
 * server kept it then, bands in whole years (data/catalog.json's own and a
 * few odd ones: open ends, a band for a sex overlapping one for anyone, a
 * missing limit). The real store then opens it, migration 0021 rewrites
 * the bands, and every flag of many values (each limit, and a step either
 * side) for many patients (each sex; every age in years to 120; dates of
 * birth with collection days the day before, on and after each band's
 * edge, leap days among them) is computed over both: the old years-only
 * rule, written out below as it was, over the old bands, and the rule of
 * today over the migrated ones. They must agree everywhere.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-sqlite.h"
#include "ld-sqlite-migrate.h"
#include "ld-time.h"
#include "ld-flag.h"
#include "store/ld-store.h"

#define MIGRATIONS_PATH "/org/labdesk/Labdesk/server/migrations"

/* Bands in the years-only form that catalog.json does not show. */
static const char odd_tests[] =
  "[{\"code\": \"ODD\", \"name\": \"Odd bands\", \"specimen\": \"serum\", \"container\": \"plain\","
  "  \"unit\": \"U/L\", \"result_type\": \"numeric\", \"decimals\": 1, \"price_paise\": 1, "
  "\"turnaround_hours\": 1,"
  "  \"reference_ranges\": ["
  "   {\"sex\": \"any\", \"age_min_years\": null, \"age_max_years\": 5, \"low\": 1.0, \"high\": "
  "2.0},"
  "   {\"sex\": \"female\", \"age_min_years\": 3, \"age_max_years\": null, \"high\": 9.0},"
  "   {\"sex\": \"any\", \"age_min_years\": 5, \"age_max_years\": 65, \"low\": 3.0},"
  "   {\"sex\": \"male\", \"age_min_years\": 65, \"age_max_years\": 66, \"low\": 4.0, \"high\": "
  "4.5}],"
  "  \"critical_low\": 0.5, \"critical_high\": null},"
  " {\"code\": \"ZERO\", \"name\": \"No decimals\", \"specimen\": \"serum\", \"container\": "
  "\"plain\","
  "  \"unit\": \"U/L\", \"result_type\": \"numeric\", \"decimals\": 0, \"price_paise\": 1, "
  "\"turnaround_hours\": 1,"
  "  \"reference_ranges\": [{\"sex\": \"male\", \"age_min_years\": 0, \"age_max_years\": 1, "
  "\"low\": 10, \"high\": 20},"
  "                        {\"sex\": \"any\", \"age_min_years\": 1, \"age_max_years\": null, "
  "\"low\": 5, \"high\": null}]}]";

typedef struct
{
  char      *dir;
  char      *path;
  JsonNode  *old_tests;   /* the tests as kept before 0021, by code order */
} Fixture;

static gboolean
is_years_band (JsonObject *band)
{
  return !json_object_has_member (band, "age_from") && !json_object_has_member (band, "age_to");
}

/* data/catalog.json's tests with only the bands of the years-only form
 * (its newborns' bands are new), and the odd ones above. */
static JsonNode *
load_old_tests (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonNode) odd = NULL;
  JsonArray *tests;
  JsonArray *extra;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = ld_json_parse_object (contents, -1, &error);
  g_assert_no_error (error);
  tests = json_object_get_array_member (root, "tests");
  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonArray *bands =
        json_object_get_array_member (json_array_get_object_element (tests, i), "reference_ranges");

      for (guint j = json_array_get_length (bands); j > 0; j--)
        if (!is_years_band (json_array_get_object_element (bands, j - 1)))
          json_array_remove_element (bands, j - 1);
    }

  odd = ld_json_parse (odd_tests, -1, &error);
  g_assert_no_error (error);
  extra = json_node_get_array (odd);
  for (guint i = 0; i < json_array_get_length (extra); i++)
    json_array_add_element (tests, json_node_copy (json_array_get_element (extra, i)));

  return json_node_copy (json_object_get_member (root, "tests"));
}

/* The schema as it was before 0021: every migration file numbered below. */
static void
migrate_to_before_0021 (LdSqlite *db)
{
  g_auto(GStrv) names = ld_sqlite_migrations_list (MIGRATIONS_PATH);
  g_autoptr(GArray) migrations = g_array_new (FALSE, FALSE, sizeof (LdSqliteMigration));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *file = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      GBytes *bytes;
      LdSqliteMigration migration;

      if (ld_sqlite_migration_number (names[i]) >= 21)
        continue;
      bytes = g_resources_lookup_data (file, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_ptr_array_add (texts, bytes);
      migration.name = names[i];
      migration.sql = g_bytes_get_data (bytes, NULL);
      g_array_append_val (migrations, migration);
    }

  g_assert_true (
    ld_sqlite_migrate_list (db, (LdSqliteMigration *) migrations->data, migrations->len, &error));
  g_assert_no_error (error);
}

static void
insert_old_test (LdSqlite   *db,
                 JsonObject *test)
{
  static const char sql[] = "INSERT INTO catalog_tests (code, name, specimen, container, unit, "
                            "result_type, decimals, price_paise,"
                            "                           turnaround_hours, reference_ranges, "
                            "critical_low, critical_high, updated_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')";
  g_autoptr(GError) error = NULL;
  g_autofree char *bands = ld_json_to_string (json_object_get_member (test, "reference_ranges"));
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql, &error);
  const char *limits[] = { "critical_low", "critical_high" };

  g_assert_no_error (error);
  ld_sqlite_bind_text (stmt, 1, json_object_get_string_member (test, "code"));
  ld_sqlite_bind_text (stmt, 2, json_object_get_string_member (test, "name"));
  ld_sqlite_bind_text (stmt, 3, json_object_get_string_member (test, "specimen"));
  ld_sqlite_bind_text (stmt, 4, json_object_get_string_member (test, "container"));
  ld_sqlite_bind_text (stmt, 5, json_object_get_string_member (test, "unit"));
  ld_sqlite_bind_text (stmt, 6, json_object_get_string_member (test, "result_type"));
  ld_sqlite_bind_int64 (stmt, 7, json_object_get_int_member (test, "decimals"));
  ld_sqlite_bind_int64 (stmt, 8, json_object_get_int_member (test, "price_paise"));
  ld_sqlite_bind_int64 (stmt, 9, json_object_get_int_member (test, "turnaround_hours"));
  ld_sqlite_bind_text (stmt, 10, bands);
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      JsonNode *limit = json_object_get_member (test, limits[i]);

      if (limit == NULL || JSON_NODE_HOLDS_NULL (limit))
        ld_sqlite_bind_null (stmt, 11 + i);
      else
        ld_sqlite_bind_double (stmt, 11 + i, json_node_get_double (limit));
    }
  g_assert_true (ld_sqlite_step_done (stmt, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = NULL;
  JsonArray *tests;

  fx->dir = g_dir_make_tmp ("labdesk-age-migration-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->old_tests = load_old_tests ();

  db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  migrate_to_before_0021 (db);
  tests = json_node_get_array (fx->old_tests);
  for (guint i = 0; i < json_array_get_length (tests); i++)
    insert_old_test (db, json_array_get_object_element (tests, i));
  /* A band copied into a result before 0021, with its printed text; the
   * result's order does not matter here, so foreign keys are off for it. */
  g_assert_true (
    ld_sqlite_exec (db,
                    "PRAGMA foreign_keys = OFF;"
                    " INSERT INTO results (id, order_id, test_code, state, reference_range)"
                    " VALUES ('r1', 'o1', 'HB', 'verified', '{\"sex\":\"any\",\"age_min_years\":1,"
                    "\"age_max_years\":18,\"low\":11.5,\"high\":15.5,\"text\":\"11.5–15.5\"}');"
                    " PRAGMA foreign_keys = ON",
                    &error));
  g_assert_no_error (error);
  /* Haemoglobin as the change feed last carried it. */
  g_assert_true (ld_sqlite_exec (
    db,
    "INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at)"
    " SELECT 'catalog_test', code, 15, 7, json_object ('code', code, 'reference_ranges',"
    " json (reference_ranges), 'version', version), '2026-01-01T00:00:00.000Z'"
    " FROM catalog_tests WHERE code = 'HB'",
    &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".audit-key", ".audit-head" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fx->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
  json_node_unref (fx->old_tests);
}

static gint64
old_member_int (JsonObject *band,
                const char *name,
                gint64      if_null)
{
  JsonNode *node = json_object_get_member (band, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? if_null : json_node_get_int (node);
}

/* The rule before 0021, as it was: whole years, [age_min_years,
 * age_max_years), the sex's own band before the first for anyone. */
static JsonObject *
old_pick (JsonArray *bands,
          LdSex      sex,
          gint64     years)
{
  const char *own_sex = sex == LD_SEX_FEMALE ? "female" : sex == LD_SEX_MALE ? "male" : NULL;
  JsonObject *for_anyone = NULL;

  if (years < 0)
    return NULL;
  for (guint i = 0; i < json_array_get_length (bands); i++)
    {
      JsonObject *band = json_array_get_object_element (bands, i);
      const char *band_sex = json_object_get_string_member (band, "sex");

      if (years < old_member_int (band, "age_min_years", 0) ||
          years >= old_member_int (band, "age_max_years", G_MAXINT64))
        continue;
      if (own_sex != NULL && g_strcmp0 (band_sex, own_sex) == 0)
        return band;
      if (for_anyone == NULL && g_strcmp0 (band_sex, "any") == 0)
        for_anyone = band;
    }

  return for_anyone;
}

/* The patient: a date of birth, or (born NULL) an age in years alone. */
typedef struct
{
  const char *born;
  gint64      years;
  char       *on;
} Patient;

static void
add_limit_values (GPtrArray *values,
                  JsonNode  *limit,
                  gint64     decimals)
{
  double step = 1;

  if (limit == NULL || JSON_NODE_HOLDS_NULL (limit))
    return;
  for (gint64 i = 0; i < decimals; i++)
    step /= 10;
  for (int k = -1; k <= 1; k++)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      char format[16];

      g_snprintf (format, sizeof format, "%%.%df", (int) decimals);
      g_ptr_array_add (values,
                       g_strdup (g_ascii_formatd (buffer, sizeof buffer, format,
                                                  json_node_get_double (limit) + k * step)));
    }
}

/* Every patient and value the test's bands make interesting. */
static void
collect_cases (JsonObject *old_test,
               GPtrArray  *patients,
               GPtrArray  *values)
{
  static const char * const births[] = { "2000-02-29", "2004-06-15", "2003-12-31" };
  JsonArray *bands = json_object_get_array_member (old_test, "reference_ranges");
  gint64 decimals = json_object_get_int_member (old_test, "decimals");
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (gint64));

  add_limit_values (values, json_object_get_member (old_test, "critical_low"), decimals);
  add_limit_values (values, json_object_get_member (old_test, "critical_high"), decimals);
  for (guint i = 0; i < json_array_get_length (bands); i++)
    {
      JsonObject *band = json_array_get_object_element (bands, i);
      gint64 edge;

      add_limit_values (values, json_object_get_member (band, "low"), decimals);
      add_limit_values (values, json_object_get_member (band, "high"), decimals);
      edge = old_member_int (band, "age_min_years", 0);
      g_array_append_val (edges, edge);
      edge = old_member_int (band, "age_max_years", -1);
      if (edge >= 0)
        g_array_append_val (edges, edge);
    }
  g_ptr_array_add (values, g_strdup ("0"));

  for (gint64 years = 0; years <= 120; years++)
    {
      Patient *patient = g_new0 (Patient, 1);

      patient->years = years;
      patient->on = g_strdup ("2026-11-22");
      g_ptr_array_add (patients, patient);
    }
  /* The day before, of and after each edge's birthday. */
  for (guint i = 0; i < edges->len; i++)
    for (guint b = 0; b < G_N_ELEMENTS (births); b++)
      for (int shift = -1; shift <= 1; shift++)
        {
          GDate born, on;
          Patient *patient;
          char text[16];

          g_assert_true (ld_time_parse_date (births[b], &born));
          on = born;
          g_date_add_years (&on, (guint) g_array_index (edges, gint64, i));
          if (shift < 0)
            g_date_subtract_days (&on, 1);
          else if (shift > 0)
            g_date_add_days (&on, 1);
          g_date_strftime (text, sizeof text, "%Y-%m-%d", &on);
          patient = g_new0 (Patient, 1);
          patient->born = births[b];
          patient->years = -1;
          patient->on = g_strdup (text);
          g_ptr_array_add (patients, patient);
        }
}

static void
patient_free (Patient *patient)
{
  g_free (patient->on);
  g_free (patient);
}

static void
test_every_flag_is_kept (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) migrated = NULL;
  g_autoptr(LdSqlite) db = NULL;
  LdStore *store;
  JsonArray *old_tests = json_node_get_array (fx->old_tests);
  guint n_compared = 0, n_flagged = 0;
  LdSqliteStmt *stmt;

  store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  migrated = ld_store_catalog_list_tests (store, &error);
  g_assert_no_error (error);
  ld_store_close (store);
  g_assert_cmpuint (migrated->len, ==, json_array_get_length (old_tests));

  for (guint t = 0; t < json_array_get_length (old_tests); t++)
    {
      JsonObject *old_test = json_array_get_object_element (old_tests, t);
      const char *code = json_object_get_string_member (old_test, "code");
      JsonArray *old_bands = json_object_get_array_member (old_test, "reference_ranges");
      const LdCatalogTest *test = NULL;
      g_autoptr(GPtrArray) patients =
                   g_ptr_array_new_with_free_func ((GDestroyNotify) patient_free);
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < migrated->len; i++)
        if (g_str_equal (((LdCatalogTest *) g_ptr_array_index (migrated, i))->code, code))
          test = g_ptr_array_index (migrated, i);
      g_assert_nonnull (test);
      if (test->result_type != LD_RESULT_NUMERIC)
        continue;

      /* Every band was rewritten to the new form, one for one. */
      g_assert_cmpuint (json_array_get_length (json_node_get_array (test->reference_ranges)), ==,
                        json_array_get_length (old_bands));
      for (guint i = 0; i < json_array_get_length (old_bands); i++)
        {
          JsonObject *band =
            json_array_get_object_element (json_node_get_array (test->reference_ranges), i);

          g_assert_false (is_years_band (band));
          g_assert_false (json_object_has_member (band, "age_min_years"));
        }

      collect_cases (old_test, patients, values);
      for (guint p = 0; p < patients->len; p++)
        for (LdSex sex = LD_SEX_UNKNOWN; sex <= LD_SEX_OTHER; sex++)
          {
            const Patient *patient = g_ptr_array_index (patients, p);
            gint64 years = ld_result_age_on (patient->born, patient->years, patient->on);
            JsonObject *old_band = old_pick (old_bands, sex, years);
            JsonObject *new_band;
            LdAge age;

            ld_age_on (patient->born, patient->years, patient->on, &age);
            new_band = ld_result_pick_range_for_age (test, sex, &age);
            g_assert_true ((old_band == NULL) == (new_band == NULL));
            for (guint v = 0; v < values->len; v++)
              {
                double           value = 0;
                g_autofree char *reported =
                  ld_result_round_numeric (g_ptr_array_index (values, v), test->decimals, &value);
                LdResultFlag old_flag = ld_result_flag_numeric (test, old_band, value);
                LdResultFlag new_flag = ld_result_flag_numeric (test, new_band, value);

                if (old_flag != new_flag)
                  g_error ("%s %s born %s (%" G_GINT64_FORMAT
                           " y) on %s, %s: %s before 0021, %s after",
                           code, ld_sex_to_string (sex), patient->born, patient->years, patient->on,
                           reported, ld_result_flag_to_string (old_flag),
                           ld_result_flag_to_string (new_flag));
                n_compared++;
                n_flagged +=
                  new_flag != LD_FLAG_NORMAL && new_flag != LD_FLAG_NO_REFERENCE_INTERVAL;
              }
          }
    }
  g_test_message ("%u flags compared, %u of them low, high or critical", n_compared, n_flagged);
  g_assert_cmpuint (n_compared, >, 100000);
  g_assert_cmpuint (n_flagged, >, 10000);

  /* The band copied into a result is rewritten too, its text kept. */
  db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  stmt =
    ld_sqlite_prepare_cached (db, "SELECT reference_range FROM results WHERE id = 'r1'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_sqlite_step (stmt, &error), ==, LD_SQLITE_ROW);
  g_assert_cmpstr (ld_sqlite_column_text (stmt, 0), ==,
                   "{\"sex\":\"any\",\"age_from\":{\"value\":1,\"unit\":\"years\"},"
                   "\"age_to\":{\"value\":18,\"unit\":\"years\"},\"low\":11.5,\"high\":15.5,"
                   "\"text\":\"11.5–15.5\"}");
  ld_sqlite_reset (stmt);

  /* Clients hear of the rewritten test through the feed, at its new version. */
  stmt =
    ld_sqlite_prepare_cached (db,
                              "SELECT json_extract (record, '$.version'),"
                              " json_extract (record, '$.reference_ranges[0].age_from.unit'),"
                              " (SELECT version FROM catalog_tests WHERE code = 'HB')"
                              " FROM changes WHERE entity = 'catalog_test' AND entity_id = 'HB'"
                              " ORDER BY seq DESC LIMIT 1",
                              &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_sqlite_step (stmt, &error), ==, LD_SQLITE_ROW);
  g_assert_cmpint (ld_sqlite_column_int64 (stmt, 0), ==, 2);
  g_assert_cmpstr (ld_sqlite_column_text (stmt, 1), ==, "years");
  g_assert_cmpint (ld_sqlite_column_int64 (stmt, 2), ==, 2);
  ld_sqlite_reset (stmt);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/age-migration/every-flag-is-kept", Fixture, NULL,
              fixture_setup, test_every_flag_is_kept, fixture_teardown);

  return g_test_run ();
}
