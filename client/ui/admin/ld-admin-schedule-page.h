/* ld-admin-schedule-page.h: the administrator sets each doctor's working week and leave
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_SCHEDULE_PAGE (ld_admin_schedule_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminSchedulePage, ld_admin_schedule_page, LD, ADMIN_SCHEDULE_PAGE, AdwBin)

GtkWidget *ld_admin_schedule_page_new (LdSession *session);

G_END_DECLS
