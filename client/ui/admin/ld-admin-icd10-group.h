/* ld-admin-icd10-group.h: the lab's ICD-10 code list on the administrator's settings
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_ICD10_GROUP (ld_admin_icd10_group_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminIcd10Group, ld_admin_icd10_group, LD, ADMIN_ICD10_GROUP,
                      AdwPreferencesGroup)

GtkWidget *ld_admin_icd10_group_new         (LdSession         *session);
void       ld_admin_icd10_group_import_file (LdAdminIcd10Group *self,
                                             GFile             *file);

G_END_DECLS
