/* ld-admin-test-page.h: one test of the catalogue: its editor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_TEST_PAGE (ld_admin_test_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminTestPage, ld_admin_test_page, LD, ADMIN_TEST_PAGE, AdwBin)

GtkWidget *ld_admin_test_page_new (LdSession  *session,
                                  const char *code);

G_END_DECLS
