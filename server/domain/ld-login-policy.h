/* ld-login-policy.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-settings.h"

G_BEGIN_DECLS

gboolean  ld_login_is_locked          (gint64            locked_until_us,
                                       gint64            now_us);
gboolean  ld_login_register_failure   (const LdSettings *settings,
                                       gint64            failures_before,
                                       gint64            now_us,
                                       gint64           *out_failures,
                                       gint64           *out_locked_until_us);
gint64    ld_session_expires_at       (const LdSettings *settings,
                                       gint64            created_us,
                                       gint64            last_seen_us);
gboolean  ld_session_is_expired       (const LdSettings *settings,
                                       gint64            created_us,
                                       gint64            last_seen_us,
                                       gint64            now_us);

G_END_DECLS
