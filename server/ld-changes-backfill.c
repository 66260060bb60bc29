/* ld-changes-backfill.c: records written before the change feed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests put what they change in the feed, but `labdesk-server init` and
 * `demo` write without requests, and databases made before the feed have
 * records it never saw. At start the server adds each record the feed
 * lacks as it is now, so replaying the feed from 0 gives the whole state.
 */

#define G_LOG_DOMAIN "ld-changes-backfill"

#include "config.h"

#include "ld-changes-backfill.h"
#include "api/ld-api.h"

/* Records per transaction: a big backlog is written in short transactions,
 * and no page of the feed has to hold all of it. */
#define BATCH 200

typedef gpointer (*GetFunc)    (LdStore     *store,
                                const char  *id,
                                GError     **error);
typedef void     (*ToJsonFunc) (gconstpointer  item,
                                JsonBuilder   *builder);

/* The roles are those of each record's GET, as the handlers give them. */
static const struct
{
  const char     *entity;
  LdRole          visible_to;
  GetFunc         get;
  ToJsonFunc      to_json;
  GDestroyNotify  free;
} kinds[] = {
  { "patient", LD_ROLE_ALL, (GetFunc) ld_store_patients_get, (ToJsonFunc) ld_patient_to_json,
    g_object_unref },
  { "user", LD_ROLE_ADMIN, (GetFunc) ld_store_users_get, (ToJsonFunc) ld_user_to_json,
    g_object_unref },
  { "catalog_test", LD_ROLE_ALL, (GetFunc) ld_store_catalog_get_test,
    (ToJsonFunc) ld_catalog_test_to_json, (GDestroyNotify) ld_catalog_test_free },
  { "catalog_panel", LD_ROLE_ALL, (GetFunc) ld_store_catalog_get_panel,
    (ToJsonFunc) ld_catalog_panel_to_json, (GDestroyNotify) ld_catalog_panel_free },
  { "settings", LD_ROLE_ALL, NULL, NULL, NULL },
};

static JsonNode *
load_record (LdStore     *store,
             guint        kind,
             const char  *id,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  gpointer item;

  if (kinds[kind].get == NULL)
    return ld_api_settings_to_node (store, error);

  item = kinds[kind].get (store, id, error);
  if (item == NULL)
    return NULL;

  builder = json_builder_new ();
  kinds[kind].to_json (item, builder);
  kinds[kind].free (item);
  return json_builder_get_root (builder);
}

static gboolean
append_batch (LdStore *store, guint kind, const char * const *ids, guint n_ids, GError **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };

  if (!ld_store_transaction_begin (&txn, store, error))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(JsonNode) record = load_record (store, kind, ids[i], error);

      if (record == NULL ||
          !ld_store_changes_append (store, kinds[kind].entity, ids[i], kinds[kind].visible_to,
                                    record, error))
        return FALSE;
    }

  return ld_store_transaction_commit (&txn, error);
}

/**
 * ld_changes_backfill:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Adds to the change feed every record it does not hold yet. Finding them
 * walks two indexes side by side per kind of record, which grows with the
 * register (a few tenths of a second at 1,000,000 patients).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_changes_backfill (LdStore  *store,
                     GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  for (guint kind = 0; kind < G_N_ELEMENTS (kinds); kind++)
    {
      g_auto(GStrv) missing = ld_store_changes_list_missing (store, kinds[kind].entity, error);
      guint n;

      if (missing == NULL)
        return FALSE;

      n = g_strv_length (missing);
      for (guint start = 0; start < n; start += BATCH)
        if (!append_batch (store, kind, (const char * const *) missing + start,
                           MIN (BATCH, n - start), error))
          return FALSE;

      if (n > 0)
        g_info ("change feed: added %u %s records written before it", n, kinds[kind].entity);
    }

  return TRUE;
}
