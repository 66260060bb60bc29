/* ld-store-samples.h: samples and their custody in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-sample.h"
#include "ld-store.h"

G_BEGIN_DECLS

gboolean
ld_store_samples_insert (LdStore *store, LdSample *sample, const char *note, GError **error);
gboolean   ld_store_samples_add_custody (LdStore    *store,
                                         const char *sample_id,
                                         const char *event,
                                         const char *user_id,
                                         const char *location,
                                         const char *note,
                                         GError    **error);
GPtrArray *ld_store_samples_for_order (LdStore *store, const char *order_id, GError **error);
LdSample *
ld_store_samples_find (LdStore *store, const char *id, const char *accession, GError **error);
gboolean ld_store_samples_move (LdStore    *store,
                                LdSample   *sample,
                                const char *expected_state,
                                GError    **error);
gboolean
ld_store_samples_keep_rejected_results (LdStore *store, const LdSample *sample, GError **error);
gboolean ld_store_samples_set_awaiting (LdStore    *store,
                                        const char *order_id,
                                        gboolean    awaiting,
                                        GError    **error);

G_END_DECLS
