/* ld-calendar-page.h: the desk's calendar: every doctor's day, or one doctor's week
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_CALENDAR_PAGE (ld_calendar_page_get_type ())

G_DECLARE_FINAL_TYPE (LdCalendarPage, ld_calendar_page, LD, CALENDAR_PAGE, AdwBin)

GtkWidget *ld_calendar_page_new             (LdSession      *session);
void       ld_calendar_page_set_export_path (LdCalendarPage *self,
                                             const char     *path);

G_END_DECLS
