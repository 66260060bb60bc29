/* ld-open-work-page.h: the technician's own load and what is late
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_OPEN_WORK_PAGE (ld_open_work_page_get_type ())

G_DECLARE_FINAL_TYPE (LdOpenWorkPage, ld_open_work_page, LD, OPEN_WORK_PAGE, AdwBin)

GtkWidget *ld_open_work_page_new (LdSession *session);

G_END_DECLS
