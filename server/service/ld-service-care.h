/* ld-service-care.h: need-to-know, for services that read clinical records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-permissions.h"
#include "ld-service.h"

G_BEGIN_DECLS

gboolean ld_service_care_check (LdServiceContext    *ctx,
                                const LdPermission  *permission,
                                const char          *patient_id,
                                GError             **error);

G_END_DECLS
