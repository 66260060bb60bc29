/* ld-cache-outbox.h: the outbox's rows in the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache.h"

G_BEGIN_DECLS

/**
 * LdOutboxItem:
 *
 * One action done here: what to send, and, once the server refused it,
 * why (@error_fields and @error_current are JSON text: the field errors
 * and, for a conflict, the record as the server has it now).
 */
typedef struct
{
  gint64  seq;
  char   *kind;
  char   *entity;
  char   *target_id;
  char   *depends_on;
  char   *idempotency_key;
  char   *method;
  char   *path;
  char   *body;
  char   *state;
  char   *error_code;
  char   *error_message;
  char   *error_fields;
  char   *error_current;
  guint   attempts;
  /* A human name of the record it acts on, found when it is queued. */
  char   *label;
  char   *created_at;
  /* Not stored: for %LD_OUTBOX_DONE, the record's version the item was
   * made over (0 for one that made the record), or -1. */
  gint64  based_on;
} LdOutboxItem;

typedef enum
{
  LD_OUTBOX_ADD,
  LD_OUTBOX_DONE,
  LD_OUTBOX_REJECT,
  LD_OUTBOX_DISCARD,
  LD_OUTBOX_RESEND,
} LdOutboxChange;

void          ld_outbox_item_free            (LdOutboxItem        *item);

void          ld_cache_outbox_change_async   (LdCache             *self,
                                              LdOutboxChange       change,
                                              LdOutboxItem        *item,
                                              JsonObject          *record,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LdOutboxItem *ld_cache_outbox_change_finish  (LdCache             *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void          ld_cache_outbox_list_async     (LdCache             *self,
                                              gboolean             next_only,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray    *ld_cache_outbox_list_finish    (LdCache             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdOutboxItem, ld_outbox_item_free)

G_END_DECLS
