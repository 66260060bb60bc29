/* ld-permissions.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-role.h"
#include "ld-user.h"

G_BEGIN_DECLS

/**
 * LdPermission:
 * @method: the HTTP method
 * @pattern: the path pattern, with `{name}` for a parameter
 * @roles: the roles allowed; %LD_ROLE_NONE with @public set means no log-in
 * @is_public: whether the endpoint needs no session at all
 *
 * One row of the permission table: every endpoint the server has is here,
 * and the router refuses to register one that is not.
 */
typedef struct
{
  const char *method;
  const char *pattern;
  LdRole      roles;
  gboolean    is_public;
} LdPermission;

const LdPermission *ld_permissions_lookup    (const char *method,
                                              const char *pattern);
const LdPermission *ld_permissions_get_table (guint      *n_permissions);
gboolean            ld_permission_allows     (const LdPermission *permission,
                                              LdRole              roles);
gboolean            ld_permissions_check_signatory (LdUser      *user,
                                              const char         *doing,
                                              GError            **error);
gboolean            ld_permissions_check_returner (LdUser       *user,
                                              GError            **error);

G_END_DECLS
