/* ld-workspaces.h: the workspaces the window offers, in one table
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-workspace.h"

G_BEGIN_DECLS

/* Each defined beside its workspace, in its own folder. */
extern const LdWorkspaceInfo ld_desk_workspace_info;
extern const LdWorkspaceInfo ld_doctor_workspace_info;
extern const LdWorkspaceInfo ld_lab_workspace_info;
extern const LdWorkspaceInfo ld_admin_workspace_info;

const LdWorkspaceInfo * const *ld_workspaces_get (guint *n_workspaces);

G_END_DECLS
