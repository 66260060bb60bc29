/* ld-outbox-entry-private.h: what the outbox changes in its entries
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache-outbox.h"
#include "ld-outbox-entry.h"

G_BEGIN_DECLS

LdOutboxEntry             *
ld_outbox_entry_new (const LdOutboxItem *item, LdOutboxAction action, JsonNode *params);
const char *ld_outbox_entry_get_depends_on (LdOutboxEntry *self);
void        ld_outbox_entry_set_state (LdOutboxEntry *self, LdOutboxEntryState state);
void        ld_outbox_entry_set_attempts (LdOutboxEntry *self, guint attempts);
void        ld_outbox_entry_set_blocked (LdOutboxEntry *self, gboolean blocked);
void        ld_outbox_entry_set_refusal (LdOutboxEntry *self, const LdOutboxItem *item);
void ld_outbox_entry_set_resent (LdOutboxEntry *self, const LdOutboxItem *item, JsonNode *params);

G_END_DECLS
