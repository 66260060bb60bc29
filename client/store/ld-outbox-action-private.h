/* ld-outbox-action-private.h: how each outbox action is sent
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-command.h"
#include "ld-outbox-action.h"

G_BEGIN_DECLS

typedef struct
{
  LdOutboxAction  action;
  /* Stored in the outbox's kind column: caches written by earlier
   * versions hold these names. */
  const char     *kind;
  /* The command it runs: its method, route and whether it may wait come
   * from the command table (ld-command.c), with the route's {id} named
   * by the parameter @param. */
  LdCommandKind   command;
  const char     *param;
  /* The record it shows on, named by the parameter @target. */
  const char     *entity;
  const char     *target;
  /* A parameter naming a record an earlier item may be making. */
  const char     *depends;
  /* The answer's member holding the record as it now is (NULL: the
   * answer is not @entity's record). */
  const char     *answer;
  gboolean        makes_record;
  const char     *description;
  /* Translators' text for "needs the server". */
  const char     *needs_server;
  /* Filled from the command table. {name} in @path is the parameter
   * @name, taken out of the body. */
  const char     *method;
  const char     *path;
  gboolean        may_wait;
} LdOutboxKind;

const LdOutboxKind *ld_outbox_kind_get   (LdOutboxAction  action);
const LdOutboxKind *ld_outbox_kind_find  (const char     *kind);

G_END_DECLS
