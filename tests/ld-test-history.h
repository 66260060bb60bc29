/* ld-test-history.h: a patient's results dated back over months, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-lab.h"

G_BEGIN_DECLS

gint64  ld_test_history_month_us  (guint        month,
                                   guint        n_months);
void    ld_test_history_date      (LdLab       *lab,
                                   const char  *order_id,
                                   gint64       collected_us);

G_END_DECLS
