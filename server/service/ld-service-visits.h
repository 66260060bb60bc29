/* ld-service-visits.h: the visit record the doctor writes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../store/ld-store-appointments.h"

G_BEGIN_DECLS

LdVisit *ld_service_write_visit (LdServiceContext  *ctx,
                                 const char        *appointment_id,
                                 const LdVisitBody *body,
                                 GError           **error);
LdVisit *ld_service_sign_visit (LdServiceContext *ctx,
                                const char       *appointment_id,
                                gint64            version,
                                GError          **error);

G_END_DECLS
