/* ld-admin-settings-page.h: the lab's settings, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_SETTINGS_PAGE (ld_admin_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminSettingsPage, ld_admin_settings_page, LD, ADMIN_SETTINGS_PAGE, AdwBin)

GtkWidget *ld_admin_settings_page_new (LdSession *session);

G_END_DECLS
