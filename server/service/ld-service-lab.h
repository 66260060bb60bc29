/* ld-service-lab.h: the lab's worklist and doctors' lists, read and audited
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../store/ld-store-orders.h"

G_BEGIN_DECLS

GPtrArray *ld_service_lab_worklist         (LdServiceContext        *ctx,
                                            const LdWorklistFilter  *filter,
                                            guint                    limit,
                                            gint64                  *out_counts,
                                            GError                 **error);
GPtrArray *ld_service_lab_doctor_orders    (LdServiceContext        *ctx,
                                            gint64                   after_created_us,
                                            const char              *after_id,
                                            guint                    limit,
                                            GError                 **error);
GPtrArray *ld_service_lab_doctor_patients  (LdServiceContext        *ctx,
                                            GError                 **error);

G_END_DECLS
