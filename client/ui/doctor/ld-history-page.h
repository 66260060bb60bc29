/* ld-history-page.h: a patient's cumulative results and trend charts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"
#include "ui/common/ld-chart.h"

G_BEGIN_DECLS

#define LD_TYPE_HISTORY_PAGE (ld_history_page_get_type ())

G_DECLARE_FINAL_TYPE (LdHistoryPage, ld_history_page, LD, HISTORY_PAGE, AdwBin)

GtkWidget  *ld_history_page_new            (LdSession     *session,
                                            const char    *patient_id);
gboolean    ld_history_page_get_loaded     (LdHistoryPage *self);
const char *ld_history_page_get_trend_test (LdHistoryPage *self);
LdChart    *ld_history_page_get_chart      (LdHistoryPage *self);

G_END_DECLS
