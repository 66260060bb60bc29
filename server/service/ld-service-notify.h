/* ld-service-notify.h: a patient's notification, in the change's transaction
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-service.h"

G_BEGIN_DECLS

gboolean ld_service_notify (LdServiceContext  *ctx,
                            const char        *event,
                            const LdOrder     *order,
                            JsonObject        *extra_facts,
                            GError           **error);

G_END_DECLS
