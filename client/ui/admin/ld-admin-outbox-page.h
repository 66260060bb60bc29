/* ld-admin-outbox-page.h: messages to patients, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_OUTBOX_PAGE (ld_admin_outbox_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminOutboxPage, ld_admin_outbox_page, LD, ADMIN_OUTBOX_PAGE, AdwBin)

GtkWidget *ld_admin_outbox_page_new (LdSession *session);

G_END_DECLS
