/* ld-admin-instruments-page.h: each analyzer's connection and last message, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_INSTRUMENTS_PAGE (ld_admin_instruments_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminInstrumentsPage,
                      ld_admin_instruments_page,
                      LD,
                      ADMIN_INSTRUMENTS_PAGE,
                      AdwBin)

GtkWidget *ld_admin_instruments_page_new (LdSession *session);

G_END_DECLS
