/* ld-sync.h: keeps the cache following the server's change feed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"
#include "ld-cache.h"
#include "ld-outbox.h"

G_BEGIN_DECLS

#define LD_TYPE_SYNC (ld_sync_get_type ())

G_DECLARE_FINAL_TYPE (LdSync, ld_sync, LD, SYNC, GObject)

LdSync   *ld_sync_new          (LdApiClient  *client,
                                LdCache      *cache,
                                LdOutbox     *outbox);
void      ld_sync_start        (LdSync       *self);
void      ld_sync_stop         (LdSync       *self);
gboolean  ld_sync_get_online   (LdSync       *self);
gboolean  ld_sync_get_syncing  (LdSync       *self);
double    ld_sync_get_progress (LdSync       *self);
gint64    ld_sync_get_server_seq (LdSync     *self);

G_END_DECLS
