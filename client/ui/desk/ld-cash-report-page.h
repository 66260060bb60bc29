/* ld-cash-report-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_CASH_REPORT_PAGE (ld_cash_report_page_get_type ())

G_DECLARE_FINAL_TYPE (LdCashReportPage, ld_cash_report_page, LD, CASH_REPORT_PAGE, AdwBin)

GtkWidget *ld_cash_report_page_new             (LdSession        *session);
void       ld_cash_report_page_print           (LdCashReportPage *self);
void       ld_cash_report_page_set_export_path (LdCashReportPage *self,
                                                const char       *path);

G_END_DECLS
