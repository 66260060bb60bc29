/* ld-status-indicator.h: where the session stands, always in view
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_STATUS_INDICATOR (ld_status_indicator_get_type ())

G_DECLARE_FINAL_TYPE (LdStatusIndicator, ld_status_indicator, LD, STATUS_INDICATOR, AdwBin)

GtkWidget  *ld_status_indicator_new        (LdSession         *session);
const char *ld_status_indicator_get_text   (LdStatusIndicator *self);
void        ld_status_indicator_popup      (LdStatusIndicator *self);

G_END_DECLS
