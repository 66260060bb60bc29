/* ld-window.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "../ld-application.h"
#include "../ld-context.h"

G_BEGIN_DECLS

#define LD_TYPE_WINDOW (ld_window_get_type ())

G_DECLARE_FINAL_TYPE (LdWindow, ld_window, LD, WINDOW, AdwApplicationWindow)

LdWindow  *ld_window_new          (LdApplication *application,
                                   LdContext     *context);
LdContext *ld_window_get_context  (LdWindow      *self);

G_END_DECLS
