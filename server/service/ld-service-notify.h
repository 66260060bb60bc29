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

/**
 * LdNotifyAbout:
 * @order_id: (nullable): the order a message is about
 * @appointment_id: (nullable): or the appointment
 * @appointment_slot_us: the appointment's slot it speaks of, or 0
 *
 * What a patient's message is about, as the outbox keeps it.
 */
typedef struct
{
  const char *order_id;
  const char *appointment_id;
  gint64      appointment_slot_us;
} LdNotifyAbout;

gboolean ld_service_notify_patient (LdServiceContext     *ctx,
                                    const char           *event,
                                    LdPatient            *patient,
                                    const LdNotifyAbout  *about,
                                    JsonObject           *facts,
                                    GError              **error);

char    *ld_service_notify_format_local (GDateTime  *time,
                                        const char *format);
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
