/* test-services.c: services run on a real store, without HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30, one door: a service (server/service/) writes its change, its
 * audit rows and its change-feed rows in one transaction, and a refusal
 * writes none of them. These run the services the way the handlers do,
 * but on a SQLite store of the test's own, with a context built by hand.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-json.h"
#include "ld-test-server.h"
#include "store/ld-store.h"
#include "service/ld-service.h"
#include "service/ld-service-catalog.h"
#include "service/ld-service-patients.h"
#include "service/ld-service-settings.h"

#define ASHA_ID "0d6f1c63-3f5e-4b38-9d3c-2f0a7f5e1a01"
#define ASHA_AGAIN_ID "0d6f1c63-3f5e-4b38-9d3c-2f0a7f5e1a02"
#define ASHA                                                                         \
  "{\"name\": \"Asha Rao\", \"sex\": \"female\", \"date_of_birth\": \"1984-03-21\"," \
  " \"phone\": \"+91 98450 12345\"}"

typedef struct
{
  char             *dir;
  char             *path;
  LdStore          *store;
  LdUser           *admin;
  LdServiceContext *ctx;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();

  fx->dir = g_dir_make_tmp ("labdesk-services-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);

  fx->admin = ld_user_new (id, "asha.admin", "Asha Admin", LD_ROLE_ADMIN | LD_ROLE_RECEPTION);
  g_assert_true (ld_store_users_insert (fx->store, fx->admin, "$argon2id$fake", &error));
  g_assert_no_error (error);

  fx->ctx = ld_service_context_new (fx->store, fx->admin, NULL, "test-request", "203.0.113.7");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->ctx, ld_service_context_free);
  g_clear_object (&fx->admin);
  g_clear_pointer (&fx->store, ld_store_close);
  ld_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static gint64
count (Fixture    *fx,
       const char *sql)
{
  return ld_test_query_int (fx->path, sql);
}

static LdPatient *
new_patient (const char *id,
             const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = ld_json_parse_object (json, -1, &error);
  g_autoptr(LdJsonReader) reader = NULL;
  LdPatient *patient = ld_patient_new (id);

  g_assert_no_error (error);
  reader = ld_json_reader_new (body);
  ld_patient_read_json (patient, reader, TRUE);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  return patient;
}

/* A registration writes the patient, one audit row naming the actor and
 * their address, and one feed row with the record; a read writes an audit
 * row and no feed row. */
static void
test_register_patient (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPatient) patient = new_patient (ASHA_ID, ASHA);
  g_autoptr(LdPatient) read = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autofree char *audit_sql = NULL;

  g_assert_true (ld_service_register_patient (fx->ctx, patient, FALSE, &duplicates, &error));
  g_assert_no_error (error);
  g_assert_null (duplicates);

  g_assert_cmpint (count (fx, "SELECT count(*) FROM patients WHERE id = '" ASHA_ID "'"), ==, 1);
  audit_sql = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'patient.create'"
                               " AND entity = 'patient' AND entity_id = '" ASHA_ID "'"
                               " AND user_id = '%s' AND username = 'asha.admin'"
                               " AND client = '203.0.113.7' AND detail IS NULL",
                               ld_user_get_id (fx->admin));
  g_assert_cmpint (count (fx, audit_sql), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes WHERE entity = 'patient'"
                              " AND entity_id = '" ASHA_ID "'"
                              " AND json_extract (record, '$.name') = 'Asha Rao'"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, 1);

  read = ld_service_read_patient (fx->ctx, ASHA_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpstr (ld_patient_get_id (read), ==, ASHA_ID);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events WHERE action = 'patient.read'"
                              " AND entity_id = '" ASHA_ID "'"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, 1);
}

/* Refusals (a likely duplicate, a taken id, a missing patient) leave
 * nothing behind: no patient, no audit row, no feed row. */
static void
test_refusals_write_nothing (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPatient) patient = new_patient (ASHA_ID, ASHA);
  g_autoptr(LdPatient) again = new_patient (ASHA_AGAIN_ID, ASHA);
  g_autoptr(LdPatient) same_id =
               new_patient (ASHA_ID, "{\"name\": \"Someone Else\", \"sex\": \"male\","
                                     " \"age_years\": 40}");
  g_autoptr(LdPatient) missing = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;

  g_assert_true (ld_service_register_patient (fx->ctx, patient, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, 1);

  g_assert_false (ld_service_register_patient (fx->ctx, again, FALSE, &duplicates, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_assert_nonnull (duplicates);
  g_assert_cmpuint (duplicates->len, ==, 1);
  g_clear_error (&error);

  g_assert_false (ld_service_register_patient (fx->ctx, same_id, TRUE, NULL, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "A patient with this id is already registered.");
  g_clear_error (&error);

  missing = ld_service_read_patient (fx->ctx, ASHA_AGAIN_ID, &error);
  g_assert_null (missing);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (count (fx, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, 1);
}

typedef struct
{
  const char *body;
  gint64      version;
} Edit;

static gboolean
apply_test_edit (LdServiceContext  *ctx,
                 gpointer           record,
                 gpointer           data,
                 GError           **error)
{
  Edit *edit = data;
  g_autoptr(JsonObject) body = ld_json_parse_object (edit->body, -1, error);
  g_autoptr(LdJsonReader) reader = NULL;

  if (body == NULL)
    return FALSE;
  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &edit->version);
  ld_catalog_test_read_json (record, reader, FALSE);
  return ld_json_reader_finish (reader, error);
}

/* A catalogue edit is audited and fed once; a stale one and a refused one
 * (validation inside the change) are neither, and the stale one gives
 * the test as it is. */
static void
test_catalog_edit (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = ld_json_parse_object (
    "{\"code\": \"HBX\", \"name\": \"Haemoglobin\", \"department\": \"haematology\","
    " \"specimen\": \"whole blood\", \"container\": \"EDTA (lavender)\", \"unit\": \"g/dL\","
    " \"result_type\": \"numeric\", \"decimals\": 1, \"price_paise\": 10000,"
    " \"turnaround_hours\": 6}", -1, &error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();
  g_autoptr(LdCatalogTest) saved = NULL;
  g_autoptr(LdCatalogTest) current = NULL;
  g_autoptr(LdCatalogTest) refused = NULL;
  Edit rename = { "{\"version\": 1, \"name\": \"Haemoglobin (Hb)\"}", 0 };
  Edit stale = { "{\"version\": 1, \"name\": \"Too late\"}", 0 };
  Edit invalid = { "{\"version\": 2, \"price_paise\": -5}", 0 };

  g_assert_no_error (error);
  reader = ld_json_reader_new (body);
  ld_catalog_test_read_json (test, reader, TRUE);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);

  g_assert_true (ld_service_add_catalog_test (fx->ctx, test, &error));
  g_assert_no_error (error);
  g_assert_false (ld_service_add_catalog_test (fx->ctx, test, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count (fx,
                          "SELECT count(*) FROM audit_events WHERE action = 'catalog.test.create'"
                          " AND entity = 'catalog_test' AND entity_id = 'HBX'"),
                   ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes WHERE entity = 'catalog_test'"
                              " AND entity_id = 'HBX'"), ==, 1);

  saved = ld_service_edit_catalog_test (fx->ctx, "HBX", apply_test_edit, &rename, &rename.version,
                                        NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->name, ==, "Haemoglobin (Hb)");

  g_assert_null (ld_service_edit_catalog_test (fx->ctx, "HBX", apply_test_edit, &stale,
                                               &stale.version, &current, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_nonnull (current);
  g_assert_cmpstr (current->name, ==, "Haemoglobin (Hb)");

  refused = ld_service_edit_catalog_test (fx->ctx, "HBX", apply_test_edit, &invalid,
                                          &invalid.version, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (count (fx,
                          "SELECT count(*) FROM audit_events WHERE action = 'catalog.test.update'"),
                   ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes WHERE entity = 'catalog_test'"
                              " AND json_extract (record, '$.name') = 'Haemoglobin (Hb)'"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, 2);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, 2);
}

/* The settings: saved with the keys audited, never the values; a stale
 * version writes nothing and gives the settings as they are. */
static void
test_settings (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) refused = NULL;
  JsonObject *object;
  gint64 version;

  current = ld_service_settings_to_node (fx->store, &error);
  g_assert_no_error (error);
  version = json_object_get_int_member (json_node_get_object (current), "version");
  g_clear_pointer (&current, json_node_unref);

  g_hash_table_insert (values, (gpointer) "lab_name", g_strdup ("Secret Name Lab"));
  saved = ld_service_update_settings (fx->ctx, values, version, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events WHERE action = 'settings.update'"
                              " AND detail = 'lab_name'"),
                   ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events WHERE detail LIKE '%Secret%'"), ==,
                   0);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes WHERE entity = 'settings'"
                              " AND entity_id = 'lab'"), ==, 1);

  refused = ld_service_update_settings (fx->ctx, values, version, &current, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (current);
  object = json_node_get_object (current);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, version + 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, 1);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/services/patients/register", Fixture, NULL, fixture_setup,
              test_register_patient, fixture_teardown);
  g_test_add ("/services/patients/refusals-write-nothing", Fixture, NULL, fixture_setup,
              test_refusals_write_nothing, fixture_teardown);
  g_test_add ("/services/catalog/edit", Fixture, NULL, fixture_setup, test_catalog_edit,
              fixture_teardown);
  g_test_add ("/services/settings", Fixture, NULL, fixture_setup, test_settings,
              fixture_teardown);

  return g_test_run ();
}
