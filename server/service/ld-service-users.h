/* ld-service-users.h: the lab's user accounts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "ld-service-edit.h"

G_BEGIN_DECLS

/**
 * LdUserEdit:
 * @version: the version the administrator saw
 * @display_name: (nullable): a new display name, untrimmed
 * @roles: the roles asked for; the user's own until the edit says otherwise
 * @disabled: whether the account is to be disabled; the user's own until
 *   the edit says otherwise
 * @password: (nullable): a new password, in plain text
 * @signature: (nullable): a new signature image, checked already
 * @signature_set: whether the signature changes (to @signature, or none)
 *
 * What an edit of a user asks beyond the signatory members, which the
 * edit function sets on the user itself. ld_service_edit_user() fills in
 * @roles and @disabled from the user before it calls the edit function.
 */
typedef struct
{
  gint64    version;
  char     *display_name;
  LdRole    roles;
  gboolean  disabled;
  char     *password;
  GBytes   *signature;
  gboolean  signature_set;
} LdUserEdit;

void      ld_user_edit_clear       (LdUserEdit         *edit);

gboolean ld_service_create_user (LdServiceContext *ctx,
                                 LdUser           *user,
                                 const char       *password,
                                 GBytes           *signature,
                                 gboolean          signature_set,
                                 GError          **error);
LdUser  *ld_service_edit_user (LdServiceContext *ctx,
                               const char       *user_id,
                               LdServiceEditFunc edit,
                               gpointer          edit_data,
                               LdUserEdit       *asked,
                               LdUser          **out_current,
                               GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdUserEdit, ld_user_edit_clear)

G_END_DECLS
