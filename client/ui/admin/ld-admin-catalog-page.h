/* ld-admin-catalog-page.h: the test catalogue, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_CATALOG_PAGE (ld_admin_catalog_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminCatalogPage, ld_admin_catalog_page, LD, ADMIN_CATALOG_PAGE, AdwBin)

GtkWidget *ld_admin_catalog_page_new    (LdSession        *session);
void       ld_admin_catalog_page_reload (LdAdminCatalogPage *self);
void       ld_admin_catalog_page_search (GtkWidget        *page,
                                       const char       *text);

G_END_DECLS
