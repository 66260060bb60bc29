/* ld-result-entry-page.h: one order's results, typed in a keyboard run
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_RESULT_ENTRY_PAGE (ld_result_entry_page_get_type ())

G_DECLARE_FINAL_TYPE (LdResultEntryPage, ld_result_entry_page, LD, RESULT_ENTRY_PAGE, AdwBin)

GtkWidget *ld_result_entry_page_new (LdSession  *session,
                                     const char *order_id);

G_END_DECLS
