/* ld-workspace.c: what every workspace of a signed-in session is
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-workspace"

#include "config.h"

#include "ld-workspace.h"

G_DEFINE_INTERFACE (LdWorkspace, ld_workspace, GTK_TYPE_WIDGET)

static void
ld_workspace_default_init (LdWorkspaceInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                                                            (G_PARAM_READWRITE |
                                                             G_PARAM_CONSTRUCT_ONLY |
                                                             G_PARAM_STATIC_STRINGS)));
}

/**
 * ld_workspace_get_session:
 * @self: a workspace
 *
 * Returns: (transfer none): the session the workspace was made for
 */
LdSession *
ld_workspace_get_session (LdWorkspace *self)
{
  g_autoptr(LdSession) session = NULL;

  g_return_val_if_fail (LD_IS_WORKSPACE (self), NULL);

  /* The workspace holds its own reference for its whole life. */
  g_object_get (self, "session", &session, NULL);
  return session;
}

void
ld_workspace_search (LdWorkspace *self,
                     const char  *text)
{
  g_return_if_fail (LD_IS_WORKSPACE (self));

  if (LD_WORKSPACE_GET_IFACE (self)->search != NULL)
    LD_WORKSPACE_GET_IFACE (self)->search (self, text ? text : "");
}

gboolean
ld_workspace_activate_search (LdWorkspace *self)
{
  g_return_val_if_fail (LD_IS_WORKSPACE (self), FALSE);

  if (LD_WORKSPACE_GET_IFACE (self)->activate_search == NULL)
    return FALSE;
  return LD_WORKSPACE_GET_IFACE (self)->activate_search (self);
}

gboolean
ld_workspace_open_record (LdWorkspace *self,
                          const char  *entity,
                          const char  *id)
{
  g_return_val_if_fail (LD_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  if (LD_WORKSPACE_GET_IFACE (self)->open_record == NULL)
    return FALSE;
  return LD_WORKSPACE_GET_IFACE (self)->open_record (self, entity, id);
}
