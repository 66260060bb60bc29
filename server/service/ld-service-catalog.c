/* ld-service-catalog.c: adding to and editing the catalogue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests and panels are kept alike: each change is audited and put in the
 * feed for every role, since every role reads the catalogue.
 */

#define G_LOG_DOMAIN "ld-service-catalog"

#include "config.h"

#include "ld-service-catalog.h"

/* What tells a test from a panel here. */
typedef struct
{
  const char  *entity;
  const char  *create_action;
  const char  *update_action;
  gpointer   (*get)      (LdStore *store, const char *code, GError **error);
  gboolean   (*insert)   (LdStore *store, gpointer item, GError **error);
  gboolean   (*update)   (LdStore *store, gpointer item, gint64 version, GError **error);
  void       (*to_json)  (gconstpointer item, JsonBuilder *builder);
  const char *(*code_of) (gconstpointer item);
  gpointer   (*new_item) (void);
  void       (*free)     (gpointer item);
} ItemKind;

static const char *
test_code (gconstpointer item)
{
  return ((const LdCatalogTest *) item)->code;
}

static const char *
panel_code (gconstpointer item)
{
  return ((const LdCatalogPanel *) item)->code;
}

static const ItemKind test_kind = {
  "catalog_test", "catalog.test.create", "catalog.test.update",
  (gpointer (*) (LdStore *, const char *, GError **)) ld_store_catalog_get_test,
  (gboolean (*) (LdStore *, gpointer, GError **)) ld_store_catalog_insert_test,
  (gboolean (*) (LdStore *, gpointer, gint64, GError **)) ld_store_catalog_update_test,
  (void (*) (gconstpointer, JsonBuilder *)) ld_catalog_test_to_json,
  test_code,
  (gpointer (*) (void)) ld_catalog_test_new,
  (void (*) (gpointer)) ld_catalog_test_free,
};

static const ItemKind panel_kind = {
  "catalog_panel", "catalog.panel.create", "catalog.panel.update",
  (gpointer (*) (LdStore *, const char *, GError **)) ld_store_catalog_get_panel,
  (gboolean (*) (LdStore *, gpointer, GError **)) ld_store_catalog_insert_panel,
  (gboolean (*) (LdStore *, gpointer, gint64, GError **)) ld_store_catalog_update_panel,
  (void (*) (gconstpointer, JsonBuilder *)) ld_catalog_panel_to_json,
  panel_code,
  (gpointer (*) (void)) ld_catalog_panel_new,
  (void (*) (gpointer)) ld_catalog_panel_free,
};

/* One change to the catalogue, a new item or an edited one. */
typedef struct
{
  const ItemKind    *kind;
  const char        *code;
  LdServiceEditFunc  edit;
  gpointer           edit_data;
  const gint64      *version;
  gpointer           item;
  gpointer           current;
} Change;

static void
change_clear (Change *change)
{
  if (change->item != NULL)
    change->kind->free (g_steal_pointer (&change->item));
  if (change->current != NULL)
    change->kind->free (g_steal_pointer (&change->current));
}

static gboolean
audit_and_feed (LdServiceContext  *ctx,
                const ItemKind    *kind,
                const char        *action,
                gconstpointer      item,
                GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) record = NULL;
  const char *code = kind->code_of (item);

  kind->to_json (item, builder);
  record = json_builder_get_root (builder);
  return ld_service_audit (ctx, action, kind->entity, code, NULL, error) &&
         ld_service_record_change (ctx, kind->entity, code, LD_ROLE_ALL, record, error);
}

static gboolean
add_item (LdServiceContext  *ctx,
          gpointer           data,
          GError           **error)
{
  Change *change = data;
  g_autoptr(GError) insert_error = NULL;

  /* A panel is made here, from what the edit says, inside the change. */
  if (change->edit != NULL)
    {
      if (change->item != NULL)
        change->kind->free (change->item);
      change->item = change->kind->new_item ();
      if (!change->edit (ctx, change->item, change->edit_data, error))
        return FALSE;
    }

  if (!change->kind->insert (ctx->store, change->item, &insert_error))
    return ld_service_error_taken (insert_error, "code", "This code is already in the catalogue.",
                                   error);

  return audit_and_feed (ctx, change->kind, change->kind->create_action, change->item, error);
}

static gboolean
edit_item (LdServiceContext  *ctx,
           gpointer           data,
           GError           **error)
{
  Change *change = data;
  g_autoptr(GError) update_error = NULL;

  change_clear (change);
  change->item = change->kind->get (ctx->store, change->code, error);
  if (change->item == NULL || !change->edit (ctx, change->item, change->edit_data, error))
    return FALSE;

  if (!change->kind->update (ctx->store, change->item, *change->version, &update_error))
    {
      /* A stale version: the caller shows the item as it is now. */
      if (g_error_matches (update_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        {
          change->current =
            change->kind->get (ctx->store, change->kind->code_of (change->item), error);
          if (change->current == NULL)
            return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&update_error));
      return FALSE;
    }

  return audit_and_feed (ctx, change->kind, change->kind->update_action, change->item, error);
}

static gpointer
run_edit (LdServiceContext  *ctx,
          Change            *change,
          gpointer          *out_current,
          GError           **error)
{
  if (!ld_service_run (ctx, edit_item, change, error))
    {
      if (out_current != NULL)
        *out_current = g_steal_pointer (&change->current);
      change_clear (change);
      return NULL;
    }

  if (change->current != NULL)
    change->kind->free (g_steal_pointer (&change->current));
  return g_steal_pointer (&change->item);
}

/**
 * ld_service_add_catalog_test:
 * @ctx: the administrator
 * @test: the new test, checked already
 * @error: return location for a #GError; %LD_API_ERROR_CONFLICT for a
 *   code the catalogue has
 *
 * Returns: %TRUE once added, audited and in the feed
 */
gboolean
ld_service_add_catalog_test (LdServiceContext  *ctx,
                             LdCatalogTest     *test,
                             GError           **error)
{
  Change change = { &test_kind, NULL, NULL, NULL, NULL, test, NULL };

  g_return_val_if_fail (ctx != NULL && test != NULL, FALSE);

  return ld_service_run (ctx, add_item, &change, error);
}

/**
 * ld_service_edit_catalog_test:
 * @ctx: the administrator
 * @code: the test's code
 * @edit: applies the asked changes to the test read in the change
 * @edit_data: for @edit
 * @version: the version the administrator saw; read once @edit has run
 * @out_current: (out) (transfer full) (optional): the test as it is now,
 *   when @version is stale
 * @error: return location for a #GError; %LD_STORE_ERROR_CONFLICT for a
 *   stale version (with @out_current set)
 *
 * Returns: (transfer full) (nullable): the test as saved
 */
LdCatalogTest *
ld_service_edit_catalog_test (LdServiceContext   *ctx,
                              const char         *code,
                              LdServiceEditFunc   edit,
                              gpointer            edit_data,
                              const gint64       *version,
                              LdCatalogTest     **out_current,
                              GError            **error)
{
  Change change = { &test_kind, code, edit, edit_data, version, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && code != NULL && edit != NULL && version != NULL, NULL);

  return run_edit (ctx, &change, (gpointer *) out_current, error);
}

/**
 * ld_service_add_catalog_panel:
 * @ctx: the administrator
 * @edit: fills in the new panel, inside the change (its tests are
 *   checked against the catalogue as the change reads it)
 * @edit_data: for @edit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the panel as added
 */
LdCatalogPanel *
ld_service_add_catalog_panel (LdServiceContext   *ctx,
                              LdServiceEditFunc   edit,
                              gpointer            edit_data,
                              GError            **error)
{
  Change change = { &panel_kind, NULL, edit, edit_data, NULL, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && edit != NULL, NULL);

  if (!ld_service_run (ctx, add_item, &change, error))
    {
      change_clear (&change);
      return NULL;
    }

  return g_steal_pointer (&change.item);
}

/**
 * ld_service_edit_catalog_panel:
 * @ctx: the administrator
 * @code: the panel's code
 * @edit: applies the asked changes to the panel read in the change
 * @edit_data: for @edit
 * @version: the version the administrator saw; read once @edit has run
 * @out_current: (out) (transfer full) (optional): the panel as it is now,
 *   when @version is stale
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the panel as saved
 */
LdCatalogPanel *
ld_service_edit_catalog_panel (LdServiceContext   *ctx,
                               const char         *code,
                               LdServiceEditFunc   edit,
                               gpointer            edit_data,
                               const gint64       *version,
                               LdCatalogPanel    **out_current,
                               GError            **error)
{
  Change change = { &panel_kind, code, edit, edit_data, version, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && code != NULL && edit != NULL && version != NULL, NULL);

  return run_edit (ctx, &change, (gpointer *) out_current, error);
}

/**
 * ld_service_catalog_has_tests:
 * @ctx: a context, inside a running change
 * @panel: a panel as asked for
 *
 * A panel may only list tests the catalogue has.
 *
 * Returns: %TRUE if the catalogue has every test @panel lists
 */
gboolean
ld_service_catalog_has_tests (LdServiceContext     *ctx,
                              const LdCatalogPanel *panel)
{
  g_return_val_if_fail (ctx != NULL && panel != NULL, FALSE);

  for (guint i = 0; panel->tests != NULL && panel->tests[i] != NULL; i++)
    {
      g_autoptr(LdCatalogTest) test = ld_store_catalog_get_test (ctx->store, panel->tests[i], NULL);

      if (test == NULL)
        return FALSE;
    }

  return TRUE;
}
