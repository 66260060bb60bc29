/* ld-outbox-entry.h: one action in the outbox, as the screens show it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-outbox-action.h"

G_BEGIN_DECLS

/**
 * LdOutboxEntryState:
 * @LD_OUTBOX_ENTRY_WAITING: queued, waiting for the server (or for an
 *   item before it)
 * @LD_OUTBOX_ENTRY_SENDING: being sent now
 * @LD_OUTBOX_ENTRY_REFUSED: the server refused it; it waits to be fixed
 *   and sent again, or discarded
 */
typedef enum
{
  LD_OUTBOX_ENTRY_WAITING,
  LD_OUTBOX_ENTRY_SENDING,
  LD_OUTBOX_ENTRY_REFUSED,
} LdOutboxEntryState;

#define LD_TYPE_OUTBOX_ENTRY_STATE (ld_outbox_entry_state_get_type ())
GType ld_outbox_entry_state_get_type (void) G_GNUC_CONST;

#define LD_TYPE_OUTBOX_ENTRY (ld_outbox_entry_get_type ())

G_DECLARE_FINAL_TYPE (LdOutboxEntry, ld_outbox_entry, LD, OUTBOX_ENTRY, GObject)

gint64              ld_outbox_entry_get_seq            (LdOutboxEntry *self);
LdOutboxAction      ld_outbox_entry_get_action         (LdOutboxEntry *self);
const char         *ld_outbox_entry_get_entity         (LdOutboxEntry *self);
const char         *ld_outbox_entry_get_target_id      (LdOutboxEntry *self);
const char         *ld_outbox_entry_get_label          (LdOutboxEntry *self);
GDateTime          *ld_outbox_entry_get_created        (LdOutboxEntry *self);
guint               ld_outbox_entry_get_attempts       (LdOutboxEntry *self);
LdOutboxEntryState  ld_outbox_entry_get_state          (LdOutboxEntry *self);
const char         *ld_outbox_entry_get_error_code     (LdOutboxEntry *self);
const char         *ld_outbox_entry_get_error_message  (LdOutboxEntry *self);
JsonNode           *ld_outbox_entry_get_error_fields   (LdOutboxEntry *self);
GError             *ld_outbox_entry_dup_error          (LdOutboxEntry *self);
JsonNode           *ld_outbox_entry_get_current        (LdOutboxEntry *self);
JsonNode           *ld_outbox_entry_get_params         (LdOutboxEntry *self);
gboolean            ld_outbox_entry_get_blocked        (LdOutboxEntry *self);

G_END_DECLS
