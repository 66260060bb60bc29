/* ld-owing-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_OWING_PAGE (ld_owing_page_get_type ())

G_DECLARE_FINAL_TYPE (LdOwingPage, ld_owing_page, LD, OWING_PAGE, AdwBin)

GtkWidget *ld_owing_page_new (LdSession *session);

G_END_DECLS
