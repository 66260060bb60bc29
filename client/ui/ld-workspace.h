/* ld-workspace.h: what every workspace of a signed-in session is
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_WORKSPACE (ld_workspace_get_type ())

G_DECLARE_INTERFACE (LdWorkspace, ld_workspace, LD, WORKSPACE, GtkWidget)

/**
 * LdWorkspaceInterface:
 * @search: show the workspace's list filtered by @text (the window's
 *   one search entry; "" shows the list unfiltered)
 * @activate_search: Enter in the search entry on text that names no
 *   record: open the list's first row; %FALSE when there is none
 * @open_record: open a record the window's scan found (@entity is
 *   "patient", "order" or "sample"); %FALSE when this workspace does not
 *   show that kind of record
 *
 * A workspace is made for one session (the construct-only `session`
 * property, which every implementation installs) and destroyed with it.
 */
struct _LdWorkspaceInterface
{
  GTypeInterface parent_iface;

  void     (*search)           (LdWorkspace *self,
                                const char  *text);
  gboolean (*activate_search)  (LdWorkspace *self);
  gboolean (*open_record)      (LdWorkspace *self,
                                const char  *entity,
                                const char  *id);
};

/**
 * LdWorkspaceInfo:
 * @role: the role whose users have it
 * @name: its name in the window's stack ("front-desk")
 * @title: its title on the sidebar, marked with N_()
 * @icon_name: the icon of its placeholder
 * @description: what it holds, on its placeholder, marked with N_()
 * @new_for: makes it for a signed-in session
 *
 * A workspace as the shell shows it: each workspace describes itself in
 * its own folder (ld-workspaces.h lists them), so the shell builds it
 * without knowing its type.
 */
typedef struct
{
  LdRole       role;
  const char  *name;
  const char  *title;
  const char  *icon_name;
  const char  *description;
  GtkWidget *(*new_for) (LdSession *session);
} LdWorkspaceInfo;

LdSession *ld_workspace_get_session      (LdWorkspace *self);
void       ld_workspace_search           (LdWorkspace *self,
                                          const char  *text);
gboolean   ld_workspace_activate_search  (LdWorkspace *self);
gboolean   ld_workspace_open_record      (LdWorkspace *self,
                                          const char  *entity,
                                          const char  *id);

G_END_DECLS
