/* ld-test-gateway.h: tools/gateway-standin, started for a test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LD_TEST_GATEWAY_KEY_ID     "rzp_test_LabdeskTests01"
#define LD_TEST_GATEWAY_KEY_SECRET "test-key-secret"

GSubprocess *ld_test_gateway_start (gboolean   hold_webhooks,
                                    char     **out_uri);
void         ld_test_gateway_stop  (GSubprocess *standin);

G_END_DECLS
