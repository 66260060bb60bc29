/* ld-api-samples.h: what the result handlers ask of samples
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-api.h"

G_BEGIN_DECLS

gboolean ld_api_samples_check_counted (LdHttpRequest  *req,
                                       const LdOrder  *order,
                                       GPtrArray      *results,
                                       GArray         *items,
                                       GError        **error);

G_END_DECLS
