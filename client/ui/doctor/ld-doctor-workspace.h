/* ld-doctor-workspace.h: the doctor's workstation
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_DOCTOR_WORKSPACE (ld_doctor_workspace_get_type ())

G_DECLARE_FINAL_TYPE (LdDoctorWorkspace, ld_doctor_workspace, LD, DOCTOR_WORKSPACE, AdwBin)

GtkWidget *ld_doctor_workspace_new (LdSession *session);

G_END_DECLS
