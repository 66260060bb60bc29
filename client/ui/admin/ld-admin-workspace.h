/* ld-admin-workspace.h: the administrator's workspace
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_WORKSPACE (ld_admin_workspace_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminWorkspace, ld_admin_workspace, LD, ADMIN_WORKSPACE, AdwBin)

GtkWidget *ld_admin_workspace_new (LdSession *session);

G_END_DECLS
