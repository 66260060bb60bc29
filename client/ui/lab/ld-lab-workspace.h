/* ld-lab-workspace.h: the technician's workspace
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_LAB_WORKSPACE (ld_lab_workspace_get_type ())

G_DECLARE_FINAL_TYPE (LdLabWorkspace, ld_lab_workspace, LD, LAB_WORKSPACE, AdwBin)

GtkWidget *ld_lab_workspace_new (LdSession *session);

G_END_DECLS
