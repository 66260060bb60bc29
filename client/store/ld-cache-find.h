/* ld-cache-find.h: a record by the number a person scans or types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache.h"
#include "ld-identifier.h"

G_BEGIN_DECLS

void   ld_cache_find_number_async   (LdCache              *self,
                                     LdIdentifierKind      kind,
                                     const char           *number,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char  *ld_cache_find_number_finish  (LdCache              *self,
                                     GAsyncResult         *result,
                                     GError              **error);
void   ld_cache_keep_found_async    (LdCache              *self,
                                     const char           *entity,
                                     JsonObject           *record,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char  *ld_cache_keep_found_finish   (LdCache              *self,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
