/* ld-outbox-fields.h: the fields of a refused outbox entry, to correct
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-outbox-entry.h"

G_BEGIN_DECLS

/**
 * LdOutboxField:
 * @path: the field's wire path: "phone", or "discount.value" for a
 *   member of an object the work holds (the server names its field
 *   errors so)
 * @text: its value as the work holds it, as text ("" for none)
 * @number: whether the value is a whole number (and must stay one)
 * @current: (nullable): for a refused edit of a record changed since,
 *   the server's value now, as text ("" for none); %NULL when the
 *   server's record does not hold the field
 * @error: (nullable): the server's complaint about the field
 *
 * One field of an outbox entry the person may correct: ids and versions
 * say which record and are not theirs to edit.
 */
typedef struct
{
  char     *path;
  char     *text;
  gboolean  number;
  char     *current;
  char     *error;
} LdOutboxField;

void        ld_outbox_field_free                (LdOutboxField *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdOutboxField, ld_outbox_field_free)

GPtrArray  *ld_outbox_entry_dup_fields           (LdOutboxEntry *entry);
gboolean    ld_outbox_entry_errors_on_fields     (LdOutboxEntry *entry);
JsonObject *ld_outbox_entry_dup_corrected_params (LdOutboxEntry *entry,
                                                  GHashTable    *texts,
                                                  GPtrArray     *out_not_numbers);

G_END_DECLS
