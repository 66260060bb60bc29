/* ld-number-lookup.h: what a scanned number names, from the cache or the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-api-client.h"
#include "ld-cache.h"
#include "ld-identifier.h"

G_BEGIN_DECLS

void   ld_number_lookup_async   (LdCache              *cache,
                                 LdApiClient          *client,
                                 LdIdentifierKind      kind,
                                 const char           *number,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
char  *ld_number_lookup_finish  (GAsyncResult         *result,
                                 GError              **error);

G_END_DECLS
