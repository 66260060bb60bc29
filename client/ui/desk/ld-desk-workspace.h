/* ld-desk-workspace.h: the front desk's working day
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"
#include "ld-workspace.h"

G_BEGIN_DECLS

#define LD_TYPE_DESK_WORKSPACE (ld_desk_workspace_get_type ())

G_DECLARE_FINAL_TYPE (LdDeskWorkspace, ld_desk_workspace, LD, DESK_WORKSPACE, AdwBin)

GtkWidget *ld_desk_workspace_new        (LdSession       *session);
void       ld_desk_workspace_add_section (LdDeskWorkspace *self,
                                          GtkWidget       *section,
                                          const char      *name,
                                          const char      *title);
void       ld_desk_workspace_push       (LdDeskWorkspace *self,
                                         GtkWidget       *page,
                                         const char      *key);
gboolean   ld_desk_workspace_back       (LdDeskWorkspace *self);
GtkWidget *ld_desk_workspace_get_top    (LdDeskWorkspace *self);

G_END_DECLS
