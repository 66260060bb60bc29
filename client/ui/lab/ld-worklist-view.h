/* ld-worklist-view.h: one tab of the lab's worklist
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_WORKLIST_VIEW (ld_worklist_view_get_type ())

G_DECLARE_FINAL_TYPE (LdWorklistView, ld_worklist_view, LD, WORKLIST_VIEW, AdwBin)

GtkWidget *ld_worklist_view_new          (LdSession      *session,
                                          const char     *tab);
guint      ld_worklist_view_get_n_orders (LdWorklistView *self);
gboolean   ld_worklist_view_get_loading (LdWorklistView *self);
void       ld_worklist_view_set_filter (LdWorklistView *self,
                                        gboolean        urgent_only,
                                        const char     *technician_id,
                                        const char     *test);

G_END_DECLS
