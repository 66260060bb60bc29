/* ld-cash-report-render.c: the day's cash report, printed for the drawer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page the desk counts its drawer against at the end of the day:
 * every payment and refund in the order the money moved, then what each
 * method and each user took in and gave back, and the day's net. Laid
 * out as the receipt is (letterhead, page N of M, who printed it when).
 */

#define G_LOG_DOMAIN "ld-cash-report-render"

#include "config.h"

#include <math.h>

#include "ld-cash-report.h"
#include "ld-report-document.h"
#include "ld-report-format.h"
#include "ld-report-renderer-private.h"
#include "ld-report-table.h"

typedef struct
{
  LdReportRenderer   *renderer;
  const LdCashReport *report;
  const char         *zone;
  LdReportDocument   *document;
  double              width;
} Builder;

static void
add_heading (Builder    *builder,
             const char *text)
{
  LdReportBlock *heading = ld_report_heading_new (builder->renderer, text, builder->width);

  ld_report_block_set_space_before (heading, 14);
  ld_report_document_append (builder->document, heading);
}

/* Money given back, shown as money out. */
static char *
format_signed (gint64   paise,
               gboolean out)
{
  return ld_report_format_money (out ? -MAX (paise, -G_MAXINT64) : paise);
}

static void
add_entries (Builder *builder)
{
  const LdReportColumn columns[] = {
    { _("Time"), 0.07, LD_REPORT_TEXT_NUMERIC },
      { _("Order"), 0.15, LD_REPORT_TEXT_NUMERIC },
        { _("Patient"), 0.17, 0 },
          { _("Method"), 0.12, 0 },
            { _("Reference / reason"), 0.22, 0 },
              { _("Taken by"), 0.14, 0 },
                { _("Amount (\u20b9)"), 0.13, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
              };
  GPtrArray *entries = builder->report->entries;
  g_autoptr(LdReportTable) table = NULL;

  add_heading (builder, _("Payments and refunds"));
  table = ld_report_table_new (builder->renderer, builder->width, columns, G_N_ELEMENTS (columns));
  ld_report_table_append_header (table, builder->document, 0);

  if (entries->len == 0)
    {
      const char *cells[] = { NULL, NULL, _("No money changed hands this day"), NULL, NULL,
                                             NULL, NULL };

      ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const LdCashEntry *entry = g_ptr_array_index (entries, i);
      /* A time of day: the report is one day's. */
      g_autofree char *when = ld_report_format_time_as (entry->at_us, builder->zone, _("%H:%M"));
      g_autofree char *amount = format_signed (entry->amount_paise, entry->refund);
      g_autofree char *method = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *patient = NULL;

      if (entry->refund)
        /* Translators: a refund's method on the cash report: "Refund (Cash)". */
        method = g_strdup_printf (_("Refund (%s)"), ld_cash_method_label (entry->method));
      else
        method = g_strdup (ld_cash_method_label (entry->method));
      if (entry->reason != NULL && entry->reason[0] != '\0')
        /* Translators: a refund's reference and its reason on the cash report. */
        detail = g_strdup_printf (_("%s%sReason: %s"), entry->reference ? entry->reference : "",
                                     entry->reference ? "\n" : "", entry->reason);
      else
        detail = g_strdup (entry->reference);
      patient = g_strdup_printf ("%s\n%s", ld_report_or_dash (entry->patient_name),
                                 ld_report_or_dash (entry->patient_mrn));
      {
        const char *cells[] = {
          ld_report_or_dash (when), ld_report_or_dash (entry->order_number), patient, method,
          ld_report_or_dash (detail), ld_report_or_dash (entry->user), amount,
        };

        ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
      }
    }
}

/* A table of totals: per method or per user, with the day's on its last
 * line in bold, so the drawer is counted against one number. */
static void
add_totals (Builder    *builder,
            const char *heading,
            const char *first_column,
            GPtrArray  *totals,
            gboolean    methods)
{
  const LdReportColumn columns[] = {
    { first_column, 0.28, 0 },
    { _("Payments"), 0.12, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
      { _("Refunds"), 0.12, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
        { _("Received (\u20b9)"), 0.16, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
          { _("Refunded (\u20b9)"), 0.16, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
            { _("Net (\u20b9)"), 0.16, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
          };
  g_autoptr(LdReportTable) table = NULL;
  gint64 payments = 0, refunds = 0;

  add_heading (builder, heading);
  table = ld_report_table_new (builder->renderer, builder->width, columns, G_N_ELEMENTS (columns));
  ld_report_table_append_header (table, builder->document, 0);

  for (guint i = 0; i < totals->len; i++)
    {
      const LdCashTotal *total = g_ptr_array_index (totals, i);
      g_autofree char *n_payments = g_strdup_printf ("%" G_GINT64_FORMAT, total->payments);
      g_autofree char *n_refunds = g_strdup_printf ("%" G_GINT64_FORMAT, total->refunds);
      g_autofree char *received = ld_report_format_money (total->received_paise);
      g_autofree char *refunded = format_signed (total->refunded_paise, TRUE);
      g_autofree char *net = ld_report_format_money (total->net_paise);
      const char *cells[] = {
        methods ? ld_cash_method_label (total->name) : ld_report_or_dash (total->name),
        n_payments, n_refunds, received, refunded, net,
      };

      payments += total->payments;
      refunds += total->refunds;
      ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
    }

  {
    g_autofree char *n_payments = g_strdup_printf ("%" G_GINT64_FORMAT, payments);
    g_autofree char *n_refunds = g_strdup_printf ("%" G_GINT64_FORMAT, refunds);
    g_autofree char *received = ld_report_format_money (builder->report->received_paise);
    g_autofree char *refunded = format_signed (builder->report->refunded_paise, TRUE);
    g_autofree char *net = ld_report_format_money (builder->report->net_paise);
    const char *cells[] = { _("All"), n_payments, n_refunds, received, refunded, net };

    ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY_BOLD);
  }
}

static void
add_net (Builder *builder)
{
  LdReportBlock *block = ld_report_block_new ();
  g_autofree char *net = ld_report_format_rupees (builder->report->net_paise);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  /* Translators: the last line of the cash report; %s is an amount. */
  text = g_strdup_printf (_("Net for the day: %s"), net);
  layout = ld_report_renderer_text (builder->renderer, LD_REPORT_FONT_HEADING, text,
                                    builder->width, LD_REPORT_TEXT_RIGHT);
  ld_report_block_add_rule (block, builder->width * 0.5, builder->width, 1, 0.8, 0);
  ld_report_block_set_height (block, ld_report_block_add_text (block, layout, 0, 5) + 2);
  ld_report_block_set_space_before (block, 12);
  ld_report_document_append (builder->document, block);
}

/**
 * ld_report_renderer_layout_cash_report:
 * @self: a renderer
 * @report: the day's cash report
 * @paper: A4 or US Letter
 *
 * Lays out the day's cash report: the lab's letterhead and the day, every
 * payment and refund (time, order, patient, method, reference or reason,
 * who took it, amount), totals per method and per user with the day's
 * net, and on every page who printed it and when, and page N of M.
 *
 * Returns: (transfer full): the document, ready to draw or write
 */
LdReportDocument *
ld_report_renderer_layout_cash_report (LdReportRenderer   *self,
                                       const LdCashReport *report,
                                       LdReportPaper       paper)
{
  Builder builder = { 0 };
  g_autofree char *subtitle = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *printed_at = NULL;
  g_autofree char *note = NULL;

  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  builder.renderer = self;
  builder.report = report;
  builder.zone = report->lab->time_zone;

  /* Translators: under the cash report's title: the day it covers. */
  subtitle = g_strdup_printf (_("Day: %s"), ld_report_or_dash (report->date));
  /* Translators: the running line at the foot of every cash report page. */
  footer = g_strdup_printf (_("Cash report for %s"), ld_report_or_dash (report->date));
  printed_at = ld_report_format_time (report->printed_us, builder.zone);
  /* Translators: who printed the cash report and when. */
  note = g_strdup_printf (_("Printed by %s at %s"), ld_report_or_dash (report->printed_by),
                             ld_report_or_dash (printed_at));
  builder.document =
    ld_report_frame_new_document (self, paper, report->lab,
                                  _("Cash Report"), subtitle, footer, note, &builder.width);
  ld_report_document_set_created (builder.document, report->printed_us);

  add_entries (&builder);
  add_totals (&builder, _("Totals by method"), _("Method"), report->methods, TRUE);
  add_totals (&builder, _("Totals by user"), _("User"), report->users, FALSE);
  add_net (&builder);
  return builder.document;
}
