/* ld-outbox.h: work done while the server is away, sent when it is back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"
#include "ld-cache.h"
#include "ld-cache-outbox.h"
#include "ld-outbox-action.h"
#include "ld-outbox-entry.h"

G_BEGIN_DECLS

#define LD_TYPE_OUTBOX (ld_outbox_get_type ())

G_DECLARE_FINAL_TYPE (LdOutbox, ld_outbox, LD, OUTBOX, GObject)

LdOutbox  *ld_outbox_new             (LdApiClient          *client,
                                      LdCache              *cache);
gboolean   ld_outbox_get_online      (LdOutbox             *self);
gboolean   ld_outbox_get_sending     (LdOutbox             *self);
guint      ld_outbox_get_n_waiting   (LdOutbox             *self);
guint      ld_outbox_get_n_refused   (LdOutbox             *self);
GListModel *ld_outbox_get_entries    (LdOutbox             *self);
LdOutboxEntry *ld_outbox_get_entry   (LdOutbox             *self,
                                      gint64                seq);
GPtrArray *ld_outbox_find_entries    (LdOutbox             *self,
                                      const char           *entity,
                                      const char           *id);
void       ld_outbox_flush           (LdOutbox             *self);

void       ld_outbox_submit_async    (LdOutbox             *self,
                                      LdOutboxAction        action,
                                      JsonObject           *params,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
JsonNode  *ld_outbox_submit_finish   (LdOutbox             *self,
                                      GAsyncResult         *result,
                                      GError              **error);
void       ld_outbox_discard_async   (LdOutbox             *self,
                                      LdOutboxEntry        *entry,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean   ld_outbox_discard_finish  (LdOutbox             *self,
                                      GAsyncResult         *result,
                                      GError              **error);
void       ld_outbox_resend_async    (LdOutbox             *self,
                                      LdOutboxEntry        *entry,
                                      JsonObject           *params,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean   ld_outbox_resend_finish   (LdOutbox             *self,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
