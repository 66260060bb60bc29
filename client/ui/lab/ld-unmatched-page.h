/* ld-unmatched-page.h: the results analyzers sent that found no sample or test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_UNMATCHED_PAGE (ld_unmatched_page_get_type ())

G_DECLARE_FINAL_TYPE (LdUnmatchedPage, ld_unmatched_page, LD, UNMATCHED_PAGE, AdwBin)

GtkWidget *ld_unmatched_page_new (LdSession *session);

G_END_DECLS
