/* ld-service-alerts.h: critical results, told to the ordering doctor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-alert.h"
#include "ld-order.h"
#include "ld-result.h"
#include "ld-service.h"

G_BEGIN_DECLS

/* Alerts name the patient: they go to doctors and administrators. */
#define LD_ALERT_READERS (LD_ROLE_DOCTOR | LD_ROLE_ADMIN)

gboolean   ld_service_alert_raise (LdServiceContext *ctx,
                                   const LdOrder    *order,
                                   const LdResult   *result,
                                   GError          **error);
GPtrArray *ld_service_list_alerts (LdServiceContext *ctx,
                                   const char       *doctor_id,
                                   const char       *state,
                                   const char       *after_raised_at,
                                   const char       *after_id,
                                   guint             limit,
                                   GError          **error);
LdAlert   *ld_service_acknowledge_alert (LdServiceContext *ctx,
                                         const char       *alert_id,
                                         gint64            version,
                                         LdAlert         **out_current,
                                         GError          **error);

G_END_DECLS
