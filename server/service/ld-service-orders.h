/* ld-service-orders.h: what every change to an order does after it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-permissions.h"
#include "ld-service.h"

G_BEGIN_DECLS

LdOrder  *ld_service_order_changed          (LdServiceContext  *ctx,
                                             const char        *order_id,
                                             const char        *action,
                                             const char        *detail,
                                             GError           **error);
gboolean  ld_service_lab_assign_if_collectable (LdServiceContext *ctx,
                                             LdOrder           *order,
                                             GError           **error);
LdOrder  *ld_service_cancel_order           (LdServiceContext  *ctx,
                                             const char        *order_id,
                                             gint64             version,
                                             const char        *reason,
                                             LdOrder          **out_current,
                                             GError           **error);
LdOrder  *ld_service_assign_order           (LdServiceContext  *ctx,
                                             const char        *order_id,
                                             const char        *technician_id,
                                             gboolean           reassigning,
                                             GError           **error);
gboolean  ld_service_expire_order           (LdServiceContext  *ctx,
                                             const char        *order_id,
                                             GError           **error);
LdOrder  *ld_service_read_order            (LdServiceContext  *ctx,
                                             const LdPermission *permission,
                                             const char        *order_id,
                                             const char        *number,
                                             GError           **error);
GPtrArray *ld_service_home_visits           (LdServiceContext  *ctx,
                                             gint64             until_us,
                                             GError           **error);

G_END_DECLS
