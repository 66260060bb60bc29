/* ld-service-reports.c: the day's cash report, read and audited
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cash report's entries name patients: it is read in one transaction
 * with the audit event that counts them.
 */

#define G_LOG_DOMAIN "ld-service-reports"

#include "config.h"

#include "ld-service-reports.h"

typedef struct
{
  gint64     from_us;
  gint64     until_us;
  GPtrArray *lines;
  GPtrArray *entries;
} CashReport;

static void
cash_report_clear (CashReport *report)
{
  g_clear_pointer (&report->lines, g_ptr_array_unref);
  g_clear_pointer (&report->entries, g_ptr_array_unref);
}

static gboolean
read_cash_report (LdServiceContext  *ctx,
                  gpointer           data,
                  GError           **error)
{
  CashReport *report = data;
  g_autofree char *detail = NULL;

  cash_report_clear (report);
  if ((report->lines = ld_store_payments_cash_report (ctx->store, report->from_us,
                                                      report->until_us, error)) == NULL ||
      (report->entries = ld_store_payments_cash_entries (ctx->store, report->from_us,
                                                         report->until_us, error)) == NULL)
    return FALSE;

  detail = g_strdup_printf ("%u payments and refunds shown", report->entries->len);
  return ld_service_audit (ctx, "report.cash", "payment", NULL, detail, error);
}

/**
 * ld_service_cash_report:
 * @ctx: who reads
 * @from_us: the day's start
 * @until_us: the next day's start
 * @out_lines: (out) (transfer container) (element-type LdCashLine): the
 *   money taken, per user and method
 * @out_entries: (out) (transfer container) (element-type LdCashEntry):
 *   every payment and refund
 * @error: return location for a #GError
 *
 * Returns: %TRUE when read and audited
 */
gboolean
ld_service_cash_report (LdServiceContext  *ctx,
                        gint64             from_us,
                        gint64             until_us,
                        GPtrArray        **out_lines,
                        GPtrArray        **out_entries,
                        GError           **error)
{
  CashReport report = { from_us, until_us, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && out_lines != NULL && out_entries != NULL, FALSE);

  if (!ld_service_run (ctx, read_cash_report, &report, error))
    {
      cash_report_clear (&report);
      return FALSE;
    }

  *out_lines = g_steal_pointer (&report.lines);
  *out_entries = g_steal_pointer (&report.entries);
  return TRUE;
}
