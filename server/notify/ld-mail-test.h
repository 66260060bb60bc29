/* ld-mail-test.h: `labdesk-server mail-test`
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-config.h"

G_BEGIN_DECLS

gboolean ld_mail_test_send (const LdMailConfig  *mail,
                            const char          *to,
                            char               **out_reply,
                            GError             **error);

G_END_DECLS
