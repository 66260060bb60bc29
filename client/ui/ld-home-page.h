/* ld-home-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"
#include "ld-workspace.h"

G_BEGIN_DECLS

#define LD_TYPE_HOME_PAGE (ld_home_page_get_type ())

G_DECLARE_FINAL_TYPE (LdHomePage, ld_home_page, LD, HOME_PAGE, AdwBin)

void         ld_home_page_add_workspace (LdHomePage            *self,
                                         const LdWorkspaceInfo *workspace);
void         ld_home_page_set_session   (LdHomePage *self,
                                         LdSession  *session);
const char  *ld_home_page_get_workspace_name (LdHomePage *self);
LdWorkspace *ld_home_page_get_workspace (LdHomePage *self);
gboolean     ld_home_page_open_record   (LdHomePage *self,
                                         const char *entity,
                                         const char *id);
gboolean     ld_home_page_show_workspace (LdHomePage *self,
                                          guint       position);

G_END_DECLS
