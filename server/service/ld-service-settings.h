/* ld-service-settings.h: the lab's settings
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"

G_BEGIN_DECLS

/* The one settings record of the change feed. */
#define LD_SERVICE_SETTINGS_ID "lab"

JsonNode *ld_service_settings_to_node (LdStore           *store,
                                       GError           **error);
JsonNode *ld_service_update_settings  (LdServiceContext  *ctx,
                                       GHashTable        *values,
                                       gint64             version,
                                       JsonNode         **out_current,
                                       GError           **error);

G_END_DECLS
