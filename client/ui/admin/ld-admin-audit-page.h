/* ld-admin-audit-page.h: the audit log, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_AUDIT_PAGE (ld_admin_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminAuditPage, ld_admin_audit_page, LD, ADMIN_AUDIT_PAGE, AdwBin)

GtkWidget *ld_admin_audit_page_new (LdSession *session);

G_END_DECLS
