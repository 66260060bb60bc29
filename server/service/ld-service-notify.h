/* ld-service-notify.h: a patient's notification, in the change's transaction
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-patient.h"
#include "ld-result.h"
#include "ld-service.h"

G_BEGIN_DECLS

gboolean ld_service_notify (LdServiceContext  *ctx,
                            const char        *event,
                            const LdOrder     *order,
                            JsonObject        *extra_facts,
                            GError           **error);
gboolean ld_service_notify_critical_result (LdServiceContext  *ctx,
                                            const LdOrder     *order,
                                            const LdResult    *result,
                                            GError           **error);
gboolean ld_service_notify_respect_consent (LdServiceContext  *ctx,
                                            LdPatient         *patient,
                                            GError           **error);
gboolean ld_service_notify_payment_received (LdServiceContext  *ctx,
                                             const LdOrder     *order,
                                             const LdPayment   *payment,
                                             GError           **error);
gboolean ld_service_notify_home_visit (LdServiceContext  *ctx,
                                       const LdOrder     *order,
                                       GError           **error);
gboolean ld_service_notify_expiring (LdServiceContext  *ctx,
                                     gint64             now_us,
                                     guint              limit,
                                     guint             *out_count,
                                     GError           **error);

G_END_DECLS
