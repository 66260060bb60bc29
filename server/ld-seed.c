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

#include "ld-seed.h"
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

static gboolean
seed_user (LdStore     *store,
           const char  *username,
           const char  *display_name,
           LdRole       roles,
           const char  *password,
           GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(LdUser) user = ld_user_new (id, username, display_name, roles);
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
  g_autofree char *hash = ld_password_hash (password, error);

  if (hash == NULL || !ld_store_users_insert (store, user, hash, error))
    return FALSE;

  event->username = g_strdup (SEED_ACTOR);
  event->action = g_strdup ("user.create");
  event->entity = g_strdup ("user");
  event->entity_id = g_strdup (id);
  event->client = g_strdup ("local");
  return ld_store_audit_append (store, event, error);
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
gboolean
ld_seed_first_admin (LdStore     *store,
                     const char  *username,
                     const char  *display_name,
                     char       **out_password,
                     GError     **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *password = ld_password_generate ();

  if (!ld_store_transaction_begin (&txn, store, error) ||
      !ensure_empty (store, error) ||
      !seed_user (store, username, display_name, LD_ROLE_ADMIN, password, error) ||
      !ld_store_transaction_commit (&txn, error))
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
  { "admin",      "Lab Administrator", LD_ROLE_ADMIN,                        "admin-demo" },
  { "reception",  "Priya Sharma",      LD_ROLE_RECEPTION,                    "reception-demo" },
  { "doctor",     "Dr. Arjun Mehta",   LD_ROLE_DOCTOR,                       "doctor-demo" },
  { "technician", "Ravi Kumar",        LD_ROLE_TECHNICIAN,                   "technician-demo" },
  { "sunita",     "Sunita Das",        LD_ROLE_TECHNICIAN | LD_ROLE_RECEPTION, "sunita-demo" },
};

static const struct
{
  const char *key;
  const char *value;
} demo_settings[] = {
  { "lab_name",    "Sunrise Diagnostics (DEMO DATA)" },
  { "lab_address", "12 MG Road, Bengaluru 560001" },
  { "lab_phone",   "+91 80 4000 1234" },
  { "lab_email",   "lab@sunrise.example" },
};

/**
 * ld_seed_demo:
 * @store: a new, empty store
 * @error: return location for an error
 *
 * Fills the store with demo users and lab details.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_seed_demo (LdStore  *store,
              GError  **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GHashTable) settings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (!ld_store_transaction_begin (&txn, store, error) || !ensure_empty (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (!seed_user (store, demo_users[i].username, demo_users[i].display_name,
                    demo_users[i].roles, demo_users[i].password, error))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_settings); i++)
    g_hash_table_insert (settings, (gpointer) demo_settings[i].key,
                         g_strdup (demo_settings[i].value));
  if (!ld_store_settings_save (store, settings, 0, NULL, error))
    return FALSE;

  return ld_store_transaction_commit (&txn, error);
}
