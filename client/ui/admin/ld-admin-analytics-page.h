/* ld-admin-analytics-page.h: the lab's figures for a period
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include "ld-analytics-figures.h"

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ADMIN_ANALYTICS_PAGE (ld_admin_analytics_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAdminAnalyticsPage,
                      ld_admin_analytics_page,
                      LD,
                      ADMIN_ANALYTICS_PAGE,
                      AdwBin)

GtkWidget *ld_admin_analytics_page_new    (LdSession            *session);
void       ld_admin_analytics_page_export (LdAdminAnalyticsPage *self,
                                           const char           *section,
                                           GFile                *file);
void       ld_admin_analytics_page_show   (LdAdminAnalyticsPage *self,
                                           const LdAnalyticsFigures    *analytics);

G_END_DECLS
