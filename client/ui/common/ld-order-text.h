/* ld-order-text.h: an order's states, method and priority in words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-states.h"

G_BEGIN_DECLS

const char *ld_order_text_payment_state  (const char *state);
const char *ld_order_text_lab_state      (const char *state);
const char *ld_order_text_method         (const char *method);
const char *ld_order_text_sample_state   (const char *state);
const char *ld_order_text_custody_event  (const char *event);
const char *ld_order_text_priority       (const char *priority);
gboolean    ld_order_text_priority_at    (guint       position,
                                          LdPriority *out_priority);
char       *ld_order_text_clock          (gint64      utc_us);
char       *ld_order_text_day_clock      (const char *rfc3339);
char       *ld_order_text_title          (const char *number);

G_END_DECLS
