/* ld-cash-report.h: the day's cash report, for the screen and the drawer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-report-data.h"
#include "ld-report-document.h"
#include "ld-report-renderer.h"

G_BEGIN_DECLS

/* One payment or refund, as the money moved. */
typedef struct
{
  gint64  at_us;
  gboolean refund;
  char   *method;
  gint64  amount_paise;
  char   *reference;
  char   *reason;
  char   *order_id;
  char   *order_number;
  char   *patient_name;
  char   *patient_mrn;
  char   *user;
} LdCashEntry;

/* What one user, or one method, took in and gave back. */
typedef struct
{
  char   *name;
  gint64  payments;
  gint64  refunds;
  gint64  received_paise;
  gint64  refunded_paise;
  gint64  net_paise;
} LdCashTotal;

typedef struct
{
  LdReportLab *lab;
  char        *date;
  GPtrArray   *entries;
  GPtrArray   *users;
  GPtrArray   *methods;
  gint64       received_paise;
  gint64       refunded_paise;
  gint64       net_paise;
  char        *printed_by;
  gint64       printed_us;
} LdCashReport;

LdCashReport     *ld_cash_report_new             (void);
void              ld_cash_report_free            (LdCashReport     *report);
gboolean          ld_cash_report_fill            (LdCashReport     *report,
                                                  JsonObject       *answer,
                                                  GError          **error);
const char       *ld_cash_method_label           (const char       *method);
LdReportDocument *ld_report_renderer_layout_cash_report (LdReportRenderer   *self,
                                                         const LdCashReport *report,
                                                         LdReportPaper       paper);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCashReport, ld_cash_report_free)

G_END_DECLS
