/* ld-worklist-filters.h: the worklist's filters: priority, mine, test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_WORKLIST_FILTERS (ld_worklist_filters_get_type ())

G_DECLARE_FINAL_TYPE (LdWorklistFilters, ld_worklist_filters, LD, WORKLIST_FILTERS, GtkBox)

gboolean    ld_worklist_filters_get_urgent_only (LdWorklistFilters *self);
gboolean    ld_worklist_filters_get_mine        (LdWorklistFilters *self);
const char *ld_worklist_filters_get_test        (LdWorklistFilters *self);
void        ld_worklist_filters_focus           (LdWorklistFilters *self);

G_END_DECLS
