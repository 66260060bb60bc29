/* ld-catalog-body.h: the body of a catalogue test's edit, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-catalog.h"
#include "ld-json.h"

G_BEGIN_DECLS

GStrv ld_catalog_test_changes        (const LdCatalogTest *saved,
                                      const LdCatalogTest *test);
void  ld_catalog_test_body_write     (JsonBuilder         *builder,
                                      const LdCatalogTest *saved,
                                      const LdCatalogTest *test);
void  ld_catalog_test_body_read_edit (LdJsonReader        *reader,
                                      LdCatalogTest       *test,
                                      gint64              *out_version);

G_END_DECLS
