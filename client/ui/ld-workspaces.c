/* ld-workspaces.c: the workspaces the window offers, in one table
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one registration of the workspaces: one per role, in the order
 * the sidebar lists them (Ctrl+1 the first). Each workspace says who it
 * is for, its title and icon and how it is made (LdWorkspaceInfo, in its
 * own folder); the window hands this table to the home page, which
 * builds them for a session without including any workspace's header.
 */

#define G_LOG_DOMAIN "ld-workspaces"

#include "config.h"

#include "ld-workspaces.h"

/* clang-format off */
static const LdWorkspaceInfo * const workspaces[] = {
  &ld_desk_workspace_info,
  &ld_doctor_workspace_info,
  &ld_lab_workspace_info,
  &ld_admin_workspace_info,
};
/* clang-format on */

/**
 * ld_workspaces_get:
 * @n_workspaces: (out): how many there are
 *
 * Returns: (transfer none) (array length=n_workspaces): every workspace,
 *   in the sidebar's order
 */
const LdWorkspaceInfo * const *
ld_workspaces_get (guint *n_workspaces)
{
  g_return_val_if_fail (n_workspaces != NULL, NULL);

  *n_workspaces = G_N_ELEMENTS (workspaces);
  return workspaces;
}
