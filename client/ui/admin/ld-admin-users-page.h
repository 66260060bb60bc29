/* ld-admin-users-page.h: the lab's users, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_USERS_PAGE (ld_admin_users_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminUsersPage, ld_admin_users_page, LD, ADMIN_USERS_PAGE, AdwBin)

GtkWidget *ld_admin_users_page_new    (LdSession        *session);
void       ld_admin_users_page_reload (LdAdminUsersPage *self);
void       ld_admin_users_page_search (GtkWidget        *page,
                                       const char       *text);

G_END_DECLS
