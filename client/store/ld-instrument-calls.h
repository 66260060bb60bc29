/* ld-instrument-calls.h: the calls about analyzers, for the lab and the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-api-client.h"
#include "ld-instrument-item.h"
#include "ld-role.h"
#include "ld-unmatched-item.h"

G_BEGIN_DECLS

void ld_instrument_list_unmatched_async (LdApiClient        *client,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
GPtrArray *
ld_instrument_list_unmatched_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void     ld_instrument_attach_async (LdApiClient        *client,
                                     const char         *unmatched_id,
                                     const char         *accession,
                                     const char         *test_code,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void     ld_instrument_discard_async (LdApiClient        *client,
                                      const char         *unmatched_id,
                                      const char         *reason,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean ld_instrument_resolve_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void     ld_instrument_list_status_async (LdApiClient        *client,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *
ld_instrument_list_status_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void       ld_instrument_save_async            (LdApiClient          *client,
                                                const LdInstrument   *instrument,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean   ld_instrument_save_finish           (LdApiClient          *client,
                                                GAsyncResult         *result,
                                                GError              **error);

gboolean ld_instrument_may_resolve (LdRole roles);

G_END_DECLS
