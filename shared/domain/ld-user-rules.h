/* ld-user-rules.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-user.h"

G_BEGIN_DECLS

gboolean ld_user_rules_check_username      (const char         *username,
                                            const char        **out_reason);
gboolean ld_user_rules_check_display_name  (const char         *display_name,
                                            const char        **out_reason);
gboolean ld_user_rules_parse_roles         (const char * const *names,
                                            LdRole             *out_roles,
                                            const char        **out_reason);
gboolean ld_user_rules_is_active_admin     (LdUser             *user);

G_END_DECLS
