/* ld-admin-backups-page.h: the server's backups, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_BACKUPS_PAGE (ld_admin_backups_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminBackupsPage, ld_admin_backups_page, LD, ADMIN_BACKUPS_PAGE, AdwBin)

GtkWidget *ld_admin_backups_page_new (LdSession *session);

G_END_DECLS
