/* ld-auth.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-router.h"

G_BEGIN_DECLS

gboolean ld_auth_authorize (LdHttpRequest       *req,
                            const LdPermission  *permission,
                            GError             **error);

G_END_DECLS
