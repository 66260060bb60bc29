/* ld-catalog-body.c: the body of a catalogue test's edit, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test's members are spelled by ld_catalog_test_to_json() and
 * ld_catalog_test_read_json(); a change (PATCH
 * /api/v1/catalog/tests/{code}) carries only the members the
 * administrator changed, over the version last read. The admin's test
 * page writes it here and the server reads it here.
 */

#define G_LOG_DOMAIN "ld-catalog-body"

#include "config.h"

#include "ld-catalog-body.h"

static JsonObject *
test_to_object (const LdCatalogTest *test)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_catalog_test_to_json (test, builder);
  return ld_json_builder_dup_object (builder);
}

/* A member null or missing is the same: nothing set. */
static gboolean
member_differs (JsonObject *saved,
                JsonObject *test,
                const char *name)
{
  JsonNode *old =
    saved && json_object_has_member (saved, name) ? json_object_get_member (saved, name) : NULL;
  JsonNode *now = json_object_has_member (test, name) ? json_object_get_member (test, name) : NULL;

  if (old == NULL || JSON_NODE_HOLDS_NULL (old))
    return now != NULL && !JSON_NODE_HOLDS_NULL (now);
  return now == NULL || !json_node_equal (old, now);
}

/**
 * ld_catalog_test_changes:
 * @saved: (nullable): the test as last read; %NULL for a new one
 * @test: the test as edited
 *
 * Returns: (transfer full): the wire names of the members of @test that
 *   differ from @saved (every member for a new test), which is what
 *   ld_catalog_test_body_write() sends
 */
GStrv
ld_catalog_test_changes (const LdCatalogTest *saved,
                         const LdCatalogTest *test)
{
  g_autoptr(JsonObject) old = saved ? test_to_object (saved) : NULL;
  g_autoptr(JsonObject) now = NULL;
  g_autoptr(GStrvBuilder) changes = g_strv_builder_new ();
  GList *members;

  g_return_val_if_fail (test != NULL, NULL);

  now = test_to_object (test);
  members = json_object_get_members (now);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      /* The version is the store's; the code is fixed once made. */
      if (g_str_equal (name, "version") || (saved != NULL && g_str_equal (name, "code")))
        continue;
      if (saved == NULL || member_differs (old, now, name))
        g_strv_builder_add (changes, name);
    }
  g_list_free (members);
  return g_strv_builder_end (changes);
}

/**
 * ld_catalog_test_body_write:
 * @builder: a builder, inside the body's object
 * @saved: (nullable): the test as last read; %NULL for a new one
 * @test: the test as edited
 *
 * Writes a new test whole (POST /api/v1/catalog/tests), or a change:
 * @saved's version and the members ld_catalog_test_changes() names.
 */
void
ld_catalog_test_body_write (JsonBuilder         *builder,
                            const LdCatalogTest *saved,
                            const LdCatalogTest *test)
{
  g_autoptr(JsonObject) now = NULL;
  g_auto(GStrv) changes = NULL;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (test != NULL);

  now = test_to_object (test);
  changes = ld_catalog_test_changes (saved, test);
  if (saved != NULL)
    ld_json_builder_add_int (builder, "version", saved->version);
  for (guint i = 0; changes[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, changes[i]);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (now, changes[i])));
    }
}

/**
 * ld_catalog_test_body_read_edit:
 * @reader: the body of PATCH /api/v1/catalog/tests/{code}
 * @test: the test as stored, changed in place
 * @out_version: (out): the version the change was made over
 *
 * Reads a change as the server takes it; refusals are added to @reader,
 * each naming its member.
 */
void
ld_catalog_test_body_read_edit (LdJsonReader  *reader,
                                LdCatalogTest *test,
                                gint64        *out_version)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (test != NULL);
  g_return_if_fail (out_version != NULL);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, out_version);
  ld_catalog_test_read_json (test, reader, FALSE);
}
