/* ld-service-release-render.h: a release's report, rendered off the writer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../documents/ld-documents.h"
#include "../store/ld-store.h"

G_BEGIN_DECLS

LdRenderedReport *ld_service_render_release (LdStore     *store,
                                             const char  *order_id,
                                             gint64       version,
                                             const char  *released_by,
                                             const char  *interpretation,
                                             GError     **error);

G_END_DECLS
