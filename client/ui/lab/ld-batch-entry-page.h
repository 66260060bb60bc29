/* ld-batch-entry-page.h: one test's results across many orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_BATCH_ENTRY_PAGE (ld_batch_entry_page_get_type ())

G_DECLARE_FINAL_TYPE (LdBatchEntryPage, ld_batch_entry_page, LD, BATCH_ENTRY_PAGE, AdwBin)

GtkWidget  *ld_batch_entry_page_new           (LdSession        *session);
void        ld_batch_entry_page_set_test      (LdBatchEntryPage *self,
                                               const char       *test_code);
const char *ld_batch_entry_page_get_test      (LdBatchEntryPage *self);

G_END_DECLS
