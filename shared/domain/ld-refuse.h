/* ld-refuse.h: a rule's refusal, in the API's error domain
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"

G_BEGIN_DECLS

gboolean ld_refuse (GError     **error,
                    LdApiError   code,
                    const char  *format,
                    ...) G_GNUC_PRINTF (3, 4);
gboolean ld_refuse_field (GError     **error,
                          const char  *field,
                          const char  *problem,
                          const char  *message);

G_END_DECLS
