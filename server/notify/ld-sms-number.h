/* ld-sms-number.h: a patient's phone as an SMS gateway's recipient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ld_sms_number_e164 (const char *phone);

G_END_DECLS
