/* ld-seed.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `labdesk-server init` and `labdesk-server demo` put in a new
 * database. Both refuse a database that already has users, so neither can
 * overwrite a lab's data.
 */

#define G_LOG_DOMAIN "ld-seed"

#include "config.h"

#include <gio/gio.h>

#include "ld-json.h"
#include "ld-seed.h"
#include "ld-service.h"
#include "domain/ld-password.h"

#define SEED_ACTOR "labdesk-server"

static gboolean
ensure_empty (LdStore  *store,
              GError  **error)
{
  gint64 n_users;

  if (!ld_store_users_count (store, &n_users, error))
    return FALSE;

  if (n_users > 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "This database already has users; it was not changed.");
      return FALSE;
    }

  return TRUE;
}

/* Issue 18: the demo's authorised signatory, who releases its reports. */
static const struct
{
  const char *username;
  const char *qualification;
  const char *registration_number;
} demo_signatories[] = {
  { "pathologist", "MD (Pathology)", "KMC 2004/03/1234" },
};

static void
make_signatory (LdUser *user)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_signatories); i++)
    if (g_str_equal (demo_signatories[i].username, ld_user_get_username (user)))
      {
        ld_user_set_qualification (user, demo_signatories[i].qualification);
        ld_user_set_registration_number (user, demo_signatories[i].registration_number);
        ld_user_set_can_sign_reports (user, TRUE);
      }
}

/* Inside a seeding change (run_seed()): audited as the server itself. */
static gboolean
seed_user (LdServiceContext  *ctx,
           const char        *username,
           const char        *display_name,
           LdRole             roles,
           const char        *password,
           GError           **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(LdUser) user = ld_user_new (id, username, display_name, roles);
  g_autofree char *hash = ld_password_hash (password, error);

  make_signatory (user);
  if (hash == NULL || !ld_store_users_insert (ctx->store, user, hash, error))
    return FALSE;

  return ld_service_audit (ctx, "user.create", "user", id, NULL, error);
}

/* Seeds through the service runner, as the server ("labdesk-server")
 * from this machine: one transaction, and its audit rows written the one
 * way every change writes them. */
static gboolean
run_seed (LdStore        *store,
          LdServiceFunc   seed,
          gpointer        data,
          GError        **error)
{
  g_autoptr(LdServiceContext) ctx = ld_service_context_new (store, NULL, SEED_ACTOR, NULL, "local");

  return ld_service_run (ctx, seed, data, error);
}

/* Reads each element of @member through @read (which validates it as the
 * API would) and inserts it with @insert. */
static gboolean
seed_catalog_items (LdStore     *store,
                    JsonObject  *root,
                    const char  *member,
                    gboolean   (*seed_one) (LdStore *, LdJsonReader *, GError **),
                    GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *items;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_INTERNAL, "The catalogue has no “%s” list.",
                   member);
      return FALSE;
    }

  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      g_autoptr(LdJsonReader) reader = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                       "The catalogue's %s entry %u is not an object.", member, i);
          return FALSE;
        }
      reader = ld_json_reader_new (json_node_get_object (item));
      if (!seed_one (store, reader, error))
        {
          g_prefix_error (error, "catalogue %s entry %u: ", member, i);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
seed_test (LdStore       *store,
           LdJsonReader  *reader,
           GError       **error)
{
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

  ld_catalog_test_read_json (test, reader, TRUE);
  return ld_json_reader_finish (reader, error) && ld_store_catalog_insert_test (store, test, error);
}

static gboolean
seed_panel (LdStore       *store,
            LdJsonReader  *reader,
            GError       **error)
{
  g_autoptr(LdCatalogPanel) panel = ld_catalog_panel_new ();

  ld_catalog_panel_read_json (panel, reader, TRUE);
  return ld_json_reader_finish (reader, error) &&
         ld_store_catalog_insert_panel (store, panel, error);
}

/* The starting catalogue (data/catalog.json, compiled into the binary) goes
 * through the same validation as an administrator's edit. */
static gboolean
seed_catalog (LdStore  *store,
              GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) root = NULL;

  bytes = g_resources_lookup_data ("/org/labdesk/Labdesk/server/catalog.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  root = ld_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  return root != NULL &&
         seed_catalog_items (store, root, "tests", seed_test, error) &&
         seed_catalog_items (store, root, "panels", seed_panel, error);
}

/**
 * ld_seed_first_admin:
 * @store: a new, empty store
 * @username: the administrator's log-in name
 * @display_name: the name shown
 * @out_password: (out) (transfer full): the generated password, to print once
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
typedef struct
{
  const char *username;
  const char *display_name;
  const char *password;
} FirstAdmin;

static gboolean
seed_first_admin (LdServiceContext  *ctx,
                  gpointer           data,
                  GError           **error)
{
  FirstAdmin *admin = data;

  return ensure_empty (ctx->store, error) &&
         seed_user (ctx, admin->username, admin->display_name, LD_ROLE_ADMIN, admin->password,
                    error) &&
         seed_catalog (ctx->store, error);
}

gboolean
ld_seed_first_admin (LdStore     *store,
                     const char  *username,
                     const char  *display_name,
                     char       **out_password,
                     GError     **error)
{
  g_autofree char *password = ld_password_generate ();
  FirstAdmin admin = { username, display_name, password };

  if (!run_seed (store, seed_first_admin, &admin, error))
    return FALSE;

  *out_password = g_steal_pointer (&password);
  return TRUE;
}

/* Demo-only accounts; their passwords are printed in the README. Never
 * use a demo database for real patients. */
static const struct
{
  const char *username;
  const char *display_name;
  LdRole      roles;
  const char *password;
} demo_users[] = {
  { "admin", "Lab Administrator", LD_ROLE_ADMIN, "admin-demo" },
  { "reception", "Priya Sharma", LD_ROLE_RECEPTION, "reception-demo" },
  { "doctor", "Dr. Arjun Mehta", LD_ROLE_DOCTOR, "doctor-demo" },
  { "technician", "Ravi Kumar", LD_ROLE_TECHNICIAN, "technician-demo" },
  { "sunita", "Sunita Das", LD_ROLE_TECHNICIAN | LD_ROLE_RECEPTION, "sunita-demo" },
  { "pathologist", "Dr. Kavita Rao", LD_ROLE_TECHNICIAN, "pathologist-demo" },
};

static const struct
{
  const char *key;
  const char *value;
} demo_settings[] = {
  { "lab_name", "Sunrise Diagnostics (DEMO DATA)" },
  { "lab_address", "12 MG Road, Bengaluru 560001" },
  { "lab_phone", "+91 80 4000 1234" },
  { "lab_email", "lab@sunrise.example" },
  /* tools/run-demo serves here by default, so the reports' QR codes of a
   * demo open its own check page. */
  { "public_base_url", "http://127.0.0.1:8080" },
  { "lab_upi_id", "sunrise.demo@okaxis" },
};

/**
 * ld_seed_demo:
 * @store: a new, empty store
 * @extra_settings: (nullable) (array zero-terminated=1): settings to save
 *   beside the demo lab's, as name, value, name, value…
 * @error: return location for an error
 *
 * Fills the store with demo users, lab details and the starting catalogue.
 *
 * Returns: %TRUE on success
 */
static gboolean
seed_demo (LdServiceContext  *ctx,
           gpointer           data,
           GError           **error)
{
  const char * const *extra = data;
  g_autoptr(GHashTable) settings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (!ensure_empty (ctx->store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (!seed_user (ctx, demo_users[i].username, demo_users[i].display_name,
                    demo_users[i].roles, demo_users[i].password, error))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_settings); i++)
    g_hash_table_insert (settings, (gpointer) demo_settings[i].key,
                         g_strdup (demo_settings[i].value));
  for (guint i = 0; extra != NULL && extra[i] != NULL && extra[i + 1] != NULL; i += 2)
    g_hash_table_insert (settings, (gpointer) extra[i], g_strdup (extra[i + 1]));
  return ld_store_settings_save (ctx->store, settings, 0, NULL, error) &&
         seed_catalog (ctx->store, error);
}

gboolean
ld_seed_demo (LdStore *store, const char * const *extra_settings, GError **error)
{
  return run_seed (store, seed_demo, (gpointer) extra_settings, error);
}

/**
 * ld_seed_demo_password:
 * @username: a demo user's name
 *
 * Returns: (nullable): the demo user's published password
 */
const char *
ld_seed_demo_password (const char *username)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (g_str_equal (demo_users[i].username, username))
      return demo_users[i].password;
  return NULL;
}
