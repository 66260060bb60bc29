/* ld-admin-user-page.h: one user: account, roles and signatory details
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_USER_PAGE (ld_admin_user_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminUserPage, ld_admin_user_page, LD, ADMIN_USER_PAGE, AdwBin)

GtkWidget *ld_admin_user_page_new (LdSession  *session,
                                  const char *id);

G_END_DECLS
