/* ld-custody-timeline.h: each sample of an order and what happened to it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"
#include "store/ld-cache-list.h"

G_BEGIN_DECLS

#define LD_TYPE_CUSTODY_TIMELINE (ld_custody_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LdCustodyTimeline, ld_custody_timeline, LD, CUSTODY_TIMELINE, AdwBin)

void ld_custody_timeline_bind (LdCustodyTimeline *self,
                               LdSession         *session,
                               LdCacheList       *samples);
void ld_custody_timeline_set_results (LdCustodyTimeline *self,
                                      GPtrArray         *results);

G_END_DECLS
