/* ld-test-sms.h: tools/sms-standin, started for a test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TEST_SMS_KEY "sms-test-key-0123456789"

GSubprocess *ld_test_sms_start (const char  *record,
                                const char  *answer,
                                char       **out_port);
void         ld_test_sms_stop  (GSubprocess *standin);
JsonArray   *ld_test_sms_read  (const char  *record);

G_END_DECLS
