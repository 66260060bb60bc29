/* ld-service-catalog.h: adding to and editing the catalogue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-catalog.h"
#include "ld-service.h"
#include "ld-service-edit.h"

G_BEGIN_DECLS

gboolean        ld_service_add_catalog_test    (LdServiceContext   *ctx,
                                                LdCatalogTest      *test,
                                                GError            **error);
LdCatalogTest  *ld_service_edit_catalog_test   (LdServiceContext   *ctx,
                                                const char         *code,
                                                LdServiceEditFunc   edit,
                                                gpointer            edit_data,
                                                const gint64       *version,
                                                LdCatalogTest     **out_current,
                                                GError            **error);
LdCatalogPanel *ld_service_add_catalog_panel   (LdServiceContext   *ctx,
                                                LdServiceEditFunc   edit,
                                                gpointer            edit_data,
                                                GError            **error);
LdCatalogPanel *ld_service_edit_catalog_panel  (LdServiceContext   *ctx,
                                                const char         *code,
                                                LdServiceEditFunc   edit,
                                                gpointer            edit_data,
                                                const gint64       *version,
                                                LdCatalogPanel    **out_current,
                                                GError            **error);
gboolean        ld_service_catalog_has_tests   (LdServiceContext   *ctx,
                                                const LdCatalogPanel *panel);

G_END_DECLS
