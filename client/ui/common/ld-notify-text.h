/* ld-notify-text.h: a message to a patient, in the desk's words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *ld_notify_text_template (const char *name);
char       *ld_notify_text_describe (const char *state,
                                     const char *last_error,
                                     gint64      when_us);

G_END_DECLS
