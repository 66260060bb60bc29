/* ld-result-drafts.h: typed results kept as drafts and submitted, for any entry page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-result-row.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_RESULT_DRAFTS (ld_result_drafts_get_type ())

G_DECLARE_FINAL_TYPE (LdResultDrafts, ld_result_drafts, LD, RESULT_DRAFTS, GObject)

LdResultDrafts *ld_result_drafts_new           (LdSession      *session);
void            ld_result_drafts_add_row       (LdResultDrafts *self,
                                                LdResultRow    *row,
                                                const char     *order_id);
void            ld_result_drafts_remove_row    (LdResultDrafts *self,
                                                LdResultRow    *row);
gboolean        ld_result_drafts_get_awaiting  (LdResultDrafts *self);
void            ld_result_drafts_schedule      (LdResultDrafts *self);
void            ld_result_drafts_rows_followed (LdResultDrafts *self);
void            ld_result_drafts_submit        (LdResultDrafts *self);
void            ld_result_drafts_flush         (LdResultDrafts *self);
void            ld_result_drafts_close         (LdResultDrafts *self);

G_END_DECLS
