/* ld-service-icd10.h: the lab's ICD-10 code list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../store/ld-store-icd10.h"

G_BEGIN_DECLS

gboolean   ld_service_icd10_import     (LdServiceContext  *ctx,
                                        const char        *source,
                                        GPtrArray         *codes,
                                        LdIcd10ListInfo   *out_info,
                                        GError           **error);
GPtrArray *ld_service_icd10_search     (LdStore           *store,
                                        const char        *query,
                                        guint              limit,
                                        GError           **error);
gboolean   ld_service_icd10_check_code (LdStore           *store,
                                        const char        *code,
                                        GError           **error);

G_END_DECLS
