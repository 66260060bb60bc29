/* ld-service-reports.h: the day's cash report, read and audited
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../store/ld-store-orders.h"

G_BEGIN_DECLS

gboolean ld_service_cash_report (LdServiceContext  *ctx,
                                 gint64             from_us,
                                 gint64             until_us,
                                 GPtrArray        **out_lines,
                                 GPtrArray        **out_entries,
                                 GError           **error);

G_END_DECLS
