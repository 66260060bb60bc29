/* ld-command-records.h: the records a command check reads, from the wire
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-alert.h"
#include "ld-order.h"
#include "ld-result.h"
#include "ld-sample.h"

G_BEGIN_DECLS

LdOrder   *ld_command_read_order   (JsonObject *object);
LdPayment *ld_command_read_payment (JsonObject *object);
LdResult  *ld_command_read_result  (JsonObject *object);
LdSample  *ld_command_read_sample  (JsonObject *object);
LdAlert   *ld_command_read_alert   (JsonObject *object);
GPtrArray *ld_command_read_results (JsonArray  *array);
GPtrArray *ld_command_read_samples (JsonArray  *array);

G_END_DECLS
