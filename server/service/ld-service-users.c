/* ld-service-users.c: the lab's user accounts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Users are the administrator's business: each change is audited and
 * put in the feed for administrators alone; the record never holds a
 * password or its hash. A disabled account or a new password ends the
 * user's sessions, and the last active administrator stays one.
 */

#define G_LOG_DOMAIN "ld-service-users"

#include "config.h"

#include "ld-service-users.h"
#include "ld-user-rules.h"
#include "../domain/ld-password.h"

/**
 * ld_user_edit_clear:
 * @edit: an edit
 *
 * Frees what @edit holds (the password is wiped first).
 */
void
ld_user_edit_clear (LdUserEdit *edit)
{
  g_clear_pointer (&edit->display_name, g_free);
  if (edit->password != NULL)
    {
      memset (edit->password, 0, strlen (edit->password));
      g_clear_pointer (&edit->password, g_free);
    }
  g_clear_pointer (&edit->signature, g_bytes_unref);
}

static gboolean
record_user_change (LdServiceContext  *ctx,
                    LdUser            *user,
                    GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) record = NULL;

  ld_user_to_json (user, builder);
  record = json_builder_get_root (builder);
  return ld_service_record_change (ctx, "user", ld_user_get_id (user), LD_ROLE_ADMIN, record,
                                   error);
}

/* Keeps or removes the signature image with the user's other changes. */
static gboolean
save_signature (LdServiceContext  *ctx,
                LdUser            *user,
                GBytes            *signature,
                gboolean           signature_set,
                GError           **error)
{
  if (!signature_set)
    return TRUE;
  ld_user_set_has_signature (user, signature != NULL);
  return ld_store_users_set_signature (ctx->store, ld_user_get_id (user), signature, error);
}

typedef struct
{
  LdUser     *user;
  const char *hash;
  GBytes     *signature;
  gboolean    signature_set;
} Create;

static gboolean
create_user (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  Create *create = data;
  g_autoptr(GError) insert_error = NULL;

  if (!ld_store_users_insert (ctx->store, create->user, create->hash, &insert_error))
    {
      if (g_error_matches (insert_error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT))
        {
          GError *taken = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_CONFLICT,
                                               "This user name or id is already taken.");
          ld_api_error_set_field (taken, "username", "is already taken");
          g_propagate_error (error, taken);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&insert_error));
      return FALSE;
    }

  return save_signature (ctx, create->user, create->signature, create->signature_set, error) &&
         ld_service_audit (ctx, "user.create", "user", ld_user_get_id (create->user), NULL,
                           error) &&
         record_user_change (ctx, create->user, error);
}

/**
 * ld_service_create_user:
 * @ctx: the administrator
 * @user: the new user, checked already
 * @password: their password, acceptable already
 * @signature: (nullable): their signature image, checked already
 * @signature_set: whether a signature was given
 * @error: return location for a #GError; %LD_API_ERROR_CONFLICT for a
 *   taken user name or id
 *
 * The password is hashed before the change begins: Argon2 does not hold
 * the writer.
 *
 * Returns: %TRUE once created, audited and in the feed
 */
gboolean
ld_service_create_user (LdServiceContext  *ctx,
                        LdUser            *user,
                        const char        *password,
                        GBytes            *signature,
                        gboolean           signature_set,
                        GError           **error)
{
  g_autofree char *hash = NULL;
  Create create = { user, NULL, signature, signature_set };

  g_return_val_if_fail (ctx != NULL && user != NULL && password != NULL, FALSE);

  hash = ld_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  create.hash = hash;
  return ld_service_run (ctx, create_user, &create, error);
}

typedef struct
{
  const char        *user_id;
  LdServiceEditFunc  edit;
  gpointer           edit_data;
  LdUserEdit        *asked;
  LdUser            *user;
  LdUser            *current;
} Edit;

static gboolean
edit_user (LdServiceContext  *ctx,
           gpointer           data,
           GError           **error)
{
  Edit *edit = data;
  LdUserEdit *asked = edit->asked;
  g_autoptr(GError) update_error = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *hash = NULL;
  g_autofree char *was_qualification = NULL;
  g_autofree char *was_registration = NULL;
  g_autofree char *was_email = NULL;
  gboolean was_critical_email;
  gboolean was_signatory;
  gboolean was_active_admin;
  gint64 active_admins;
  LdUser *user;

  g_clear_object (&edit->user);
  g_clear_object (&edit->current);
  user = edit->user = ld_store_users_get (ctx->store, edit->user_id, error);
  if (user == NULL)
    return FALSE;

  was_active_admin = ld_user_rules_is_active_admin (user);
  was_qualification = g_strdup (ld_user_get_qualification (user));
  was_registration = g_strdup (ld_user_get_registration_number (user));
  was_signatory = ld_user_get_can_sign_reports (user);
  was_email = g_strdup (ld_user_get_email (user));
  was_critical_email = ld_user_get_critical_email (user);
  asked->roles = ld_user_get_roles (user);
  asked->disabled = ld_user_get_disabled (user);

  if (!edit->edit (ctx, user, edit->edit_data, error))
    return FALSE;

  if (g_strcmp0 (was_qualification, ld_user_get_qualification (user)) != 0)
    g_string_append (detail, "qualification ");
  if (g_strcmp0 (was_registration, ld_user_get_registration_number (user)) != 0)
    g_string_append (detail, "registration_number ");
  if (was_signatory != ld_user_get_can_sign_reports (user))
    g_string_append (detail, ld_user_get_can_sign_reports (user) ? "can_sign_reports "
                                                                 : "cannot_sign_reports ");
  if (asked->signature_set)
    g_string_append (detail, "signature ");
  if (g_strcmp0 (was_email, ld_user_get_email (user)) != 0)
    g_string_append (detail, "email ");
  if (was_critical_email != ld_user_get_critical_email (user))
    g_string_append (detail,
                     ld_user_get_critical_email (user) ? "critical_email " : "no_critical_email ");
  if (asked->display_name != NULL)
    {
      ld_user_set_display_name (user, g_strstrip (asked->display_name));
      g_string_append (detail, "display_name ");
    }
  if (asked->roles != ld_user_get_roles (user))
    {
      ld_user_set_roles (user, asked->roles);
      g_string_append (detail, "roles ");
    }
  if (asked->disabled != ld_user_get_disabled (user))
    {
      if (asked->disabled && ctx->actor != NULL &&
          g_strcmp0 (ld_user_get_id (user), ld_user_get_id (ctx->actor)) == 0)
        {
          g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                               "You cannot disable your own account.");
          return FALSE;
        }
      ld_user_set_disabled (user, asked->disabled);
      g_string_append (detail, asked->disabled ? "disabled " : "enabled ");
    }

  if (was_active_admin && !ld_user_rules_is_active_admin (user))
    {
      if (!ld_store_users_count_active_with_role (ctx->store, LD_ROLE_ADMIN, &active_admins, error))
        return FALSE;
      if (active_admins <= 1)
        {
          g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                               "This is the last active administrator. Make another user an "
                               "administrator first.");
          return FALSE;
        }
    }

  if (asked->password != NULL)
    {
      hash = ld_password_hash (asked->password, error);
      if (hash == NULL)
        return FALSE;
      g_string_append (detail, "password ");
    }

  if (!ld_store_users_update (ctx->store, user, asked->version, hash, &update_error))
    {
      /* A stale version: the caller shows the user as they are now. */
      if (g_error_matches (update_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        {
          edit->current = ld_store_users_get (ctx->store, ld_user_get_id (user), error);
          if (edit->current == NULL)
            return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&update_error));
      return FALSE;
    }

  if (!save_signature (ctx, user, asked->signature, asked->signature_set, error))
    return FALSE;

  /* A disabled account or a new password ends the user's sessions. */
  if ((ld_user_get_disabled (user) || hash != NULL) &&
      !ld_store_sessions_delete_for_user (ctx->store, ld_user_get_id (user), error))
    return FALSE;

  g_strchomp (detail->str);
  return ld_service_audit (ctx, "user.update", "user", ld_user_get_id (user),
                           detail->len ? detail->str : NULL, error) &&
         record_user_change (ctx, user, error);
}

/**
 * ld_service_edit_user:
 * @ctx: the administrator
 * @user_id: the user
 * @edit: applies the asked changes: the signatory members to the user
 *   read in the change, the rest to @asked
 * @edit_data: for @edit
 * @asked: what @edit asks, filled in by it
 * @out_current: (out) (transfer full) (optional): the user as they are
 *   now, when @asked's version is stale
 * @error: return location for a #GError; %LD_API_ERROR_CONFLICT for an
 *   administrator disabling themselves or the last administrator going,
 *   %LD_STORE_ERROR_CONFLICT for a stale version (with @out_current set)
 *
 * Returns: (transfer full) (nullable): the user as saved
 */
LdUser *
ld_service_edit_user (LdServiceContext   *ctx,
                      const char         *user_id,
                      LdServiceEditFunc   edit,
                      gpointer            edit_data,
                      LdUserEdit         *asked,
                      LdUser            **out_current,
                      GError            **error)
{
  Edit run = { user_id, edit, edit_data, asked, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && user_id != NULL && edit != NULL && asked != NULL, NULL);

  if (!ld_service_run (ctx, edit_user, &run, error))
    {
      g_clear_object (&run.user);
      if (out_current != NULL)
        *out_current = g_steal_pointer (&run.current);
      g_clear_object (&run.current);
      return NULL;
    }

  g_clear_object (&run.current);
  return run.user;
}
