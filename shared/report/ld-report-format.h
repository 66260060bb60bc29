/* ld-report-format.h: money, times and flags as printed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-patient.h"
#include "ld-report-data.h"

G_BEGIN_DECLS

char       *ld_report_format_money      (gint64        paise);
char       *ld_report_format_count      (gint64        n);
char       *ld_report_format_rupees     (gint64        paise);
char       *ld_report_format_time_as    (gint64        utc_us,
                                         const char   *time_zone,
                                         const char   *format);
char       *ld_report_format_time       (gint64        utc_us,
                                         const char   *time_zone);
LdReportFlag ld_report_flag_from_string (const char   *flag);
const char *ld_report_flag_to_string    (LdReportFlag  flag);
gboolean    ld_report_flag_is_abnormal  (LdReportFlag  flag);
gboolean    ld_report_flag_is_critical  (LdReportFlag  flag);
void        ld_report_format_age        (const char   *date_of_birth,
                                         gint64        age_years,
                                         gint64        on_us,
                                         char        **out_long,
                                         char        **out_short);
const char *ld_report_format_sex        (LdSex         sex,
                                         const char  **out_short);
char       *ld_report_upi_uri           (const char   *payee_address,
                                         const char   *payee_name,
                                         gint64        amount_paise,
                                         const char   *note);

G_END_DECLS
