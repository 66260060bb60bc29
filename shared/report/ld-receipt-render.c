/* ld-receipt-render.c: the receipt, with a UPI QR code for what is due
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-receipt-render"

#include "config.h"

#include <math.h>

#include "ld-report-document.h"
#include "ld-report-renderer-private.h"
#include "ld-report-table.h"

#define UPI_QR_SIZE (30.0 * LD_REPORT_MM)

typedef struct
{
  LdReportRenderer *renderer;
  const LdReceipt  *receipt;
  const char       *zone;
  LdReportDocument *document;
  double            width;
} Builder;

static const LdReportLab empty_lab;
static const LdReportPatient empty_patient;

static const LdReportLab *
get_lab (const LdReceipt *receipt)
{
  return receipt->lab != NULL ? receipt->lab : &empty_lab;
}

static const LdReportPatient *
get_patient (const LdReceipt *receipt)
{
  return receipt->patient != NULL ? receipt->patient : &empty_patient;
}

static void
add_parties (Builder *builder)
{
  const LdReceipt *receipt = builder->receipt;
  const LdReportPatient *patient = get_patient (receipt);
  LdReportBlock *block = ld_report_block_new ();
  g_autofree char *issued = ld_report_format_time (receipt->issued_us, builder->zone);
  double half = builder->width * 0.56;
  const double label_width = 68;
  double left;
  double right;

  left = ld_report_add_pair (builder->renderer, block, _("Patient"), patient->name,
                             LD_REPORT_FONT_HEADING, 0, 0, label_width, half - 12) + 3;
  left = ld_report_add_pair (builder->renderer, block, _("MRN"), patient->mrn,
                             LD_REPORT_FONT_BODY_BOLD, 0, left, label_width, half - 12);
  if (patient->second_id != NULL && patient->second_id[0] != '\0')
    left = ld_report_add_pair (builder->renderer, block,
                               patient->second_id_label != NULL && patient->second_id_label[0]
                                 ? patient->second_id_label
                                 : _("Second ID"), patient->second_id, LD_REPORT_FONT_BODY, 0,
                                      left + 2, label_width, half - 12);
  if (receipt->doctor != NULL && receipt->doctor[0] != '\0')
    left = ld_report_add_pair (builder->renderer, block, _("Requested by"), receipt->doctor,
                               LD_REPORT_FONT_BODY, 0, left + 2, label_width, half - 12);

  right = ld_report_add_pair (builder->renderer, block, _("Receipt number"),
                              receipt->receipt_number != NULL ? receipt->receipt_number
                                                              : receipt->order_number,
                              LD_REPORT_FONT_BODY_BOLD, half, 0,
                              label_width + 16, builder->width - half) + 2;
  right = ld_report_add_pair (builder->renderer, block, _("Order"), receipt->order_number,
                              LD_REPORT_FONT_BODY, half, right, label_width + 16,
                              builder->width - half) + 2;
  right = ld_report_add_pair (builder->renderer, block, _("Date"), issued, LD_REPORT_FONT_BODY,
                              half, right, label_width + 16, builder->width - half);
  if (receipt->cashier != NULL && receipt->cashier[0] != '\0')
    right = ld_report_add_pair (builder->renderer, block,
                                _("Cashier"), receipt->cashier, LD_REPORT_FONT_BODY, half,
                                   right + 2, label_width + 16, builder->width - half);

  ld_report_block_set_height (block, MAX (left, right) + 4);
  ld_report_document_append (builder->document, block);
}

static void
add_items (Builder *builder)
{
  const LdReportColumn columns[] = {
    { C_("receipt line number", "#"), 0.06, LD_REPORT_TEXT_NUMERIC },
      { _("Item"), 0.72, 0 },
        { _("Amount (\u20b9)"), 0.22, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
      };
  g_autoptr(LdReportTable) table = NULL;
  GPtrArray *items = builder->receipt->items;

  table = ld_report_table_new (builder->renderer, builder->width, columns, G_N_ELEMENTS (columns));
  ld_report_table_append_header (table, builder->document, 12);

  if (items == NULL || items->len == 0)
    {
      const char *cells[] = { NULL, _("No items"), NULL };

      ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const LdReceiptItem *item = g_ptr_array_index (items, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *amount = ld_report_format_money (item->amount_paise);
      LdReportBlock *row = ld_report_block_new ();
      double bottom = LD_REPORT_CELL_TOP;

      bottom = fmax (bottom, ld_report_table_add_cell (table, row, 0, number, LD_REPORT_FONT_BODY,
                                                       LD_REPORT_CELL_TOP));
      bottom = fmax (bottom, ld_report_table_add_cell (table, row, 2, amount, LD_REPORT_FONT_BODY,
                                                       LD_REPORT_CELL_TOP));
      {
        double item_bottom =
          ld_report_table_add_cell (table, row, 1, ld_report_or_dash (item->description),
                                    LD_REPORT_FONT_BODY, LD_REPORT_CELL_TOP);

        if (item->note != NULL && item->note[0] != '\0')
          item_bottom = ld_report_table_add_cell (table, row, 1, item->note,
                                                  LD_REPORT_FONT_SMALL_ITALIC, item_bottom + 1);
        bottom = MAX (bottom, item_bottom);
      }
      ld_report_table_end_row (table, row, bottom);
      ld_report_document_append (builder->document, row);
    }
}

/* One line of the totals: a caption and an amount, both right-aligned, so
 * the amounts stand under the item amounts. */
static double
add_total_line (Builder       *builder,
                LdReportBlock *block,
                const char    *label,
                gint64         paise,
                gboolean       strong,
                double         y)
{
  LdReportFont     font = strong ? LD_REPORT_FONT_HEADING : LD_REPORT_FONT_BODY;
  g_autofree char *amount =
    strong ? ld_report_format_rupees (paise) : ld_report_format_money (paise);
  double amount_width = builder->width * 0.22 - 0.001;
  double label_width = builder->width * 0.40;
  g_autoptr(PangoLayout) label_layout = NULL;
  g_autoptr(PangoLayout) amount_layout = NULL;
  double bottom;

  label_layout =
    ld_report_renderer_text (builder->renderer, font, label, label_width, LD_REPORT_TEXT_RIGHT);
  amount_layout = ld_report_renderer_text (builder->renderer, font, amount, amount_width,
                                           LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC);
  bottom = ld_report_block_add_text (block, label_layout,
                                     builder->width - amount_width - label_width - 12, y);
  return fmax (bottom, ld_report_block_add_text (block, amount_layout,
                                                 builder->width - amount_width, y)) + 2;
}

/* Rules off the lines above, adds the bold sum under them and puts the
 * block in the flow. */
static void
end_totals (Builder       *builder,
            LdReportBlock *block,
            const char    *label,
            gint64         paise,
            double         y)
{
  ld_report_block_add_rule (block, builder->width * 0.38, builder->width, y + 1, 0.8, 0);
  y = add_total_line (builder, block, label, paise, TRUE, y + 4);
  ld_report_block_set_height (block, y + 2);
  ld_report_block_set_space_before (block, 4);
  ld_report_document_append (builder->document, block);
}

static void
add_totals (Builder *builder)
{
  const LdReceipt *receipt = builder->receipt;
  LdReportBlock *block = ld_report_block_new ();
  double y = 2;

  y = add_total_line (builder, block, _("Subtotal"), receipt->subtotal_paise, FALSE, y);
  if (receipt->discount_paise != 0)
    {
      g_autofree char *label = NULL;

      if (receipt->discount_label != NULL && receipt->discount_label[0] != '\0')
        /* Translators: a discount line on a receipt, with what it was for. */
        label = g_strdup_printf (_("Discount (%s)"), receipt->discount_label);
      else
        label = g_strdup (_("Discount"));
      /* Shown as money off; MAX() keeps the negation defined. */
      y = add_total_line (builder, block, label, -MAX (receipt->discount_paise, -G_MAXINT64),
                          FALSE, y);
    }
  if (receipt->fee_paise != 0)
    y = add_total_line (builder, block,
                        receipt->fee_label != NULL && receipt->fee_label[0] != '\0'
                          ? receipt->fee_label
                          : _("Fee"), receipt->fee_paise, FALSE, y);
  if (receipt->tax_paise != 0 || receipt->tax_label != NULL)
    y = add_total_line (builder, block,
                        receipt->tax_label != NULL && receipt->tax_label[0] != '\0'
                          ? receipt->tax_label
                          : _("Tax"), receipt->tax_paise, FALSE, y);

  end_totals (builder, block, _("Total"), receipt->total_paise, y);
}

/* The reference column: the reference, then why money was given back or
 * the cash handed over and the change. */
static char *
payment_detail (const LdReceiptPayment *payment)
{
  GString *text = g_string_new (payment->reference);

  if (payment->reason != NULL && payment->reason[0] != '\0')
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      /* Translators: why a refund on a receipt was made. */
      g_string_append_printf (text, _("Reason: %s"), payment->reason);
    }
  if (payment->tendered_paise >= 0)
    {
      g_autofree char *tendered = ld_report_format_money (payment->tendered_paise);
      g_autofree char *change = ld_report_format_money (MAX (payment->change_paise, 0));

      if (text->len > 0)
        g_string_append (text, "\n");
      /* Translators: cash handed over and the change given, on a receipt. */
      g_string_append_printf (text, _("Tendered %s, change %s"), tendered, change);
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static void
add_payments (Builder *builder)
{
  const LdReportColumn columns[] = {
    { _("Date"), 0.24, LD_REPORT_TEXT_NUMERIC },
      { _("Method"), 0.22, 0 },
        { _("Reference"), 0.32, 0 },
          { _("Amount (\u20b9)"), 0.22, LD_REPORT_TEXT_RIGHT | LD_REPORT_TEXT_NUMERIC },
        };
  GPtrArray *payments = builder->receipt->payments;
  g_autoptr(LdReportTable) table = NULL;
  LdReportBlock *heading =
    ld_report_heading_new (builder->renderer, _("Payments"), builder->width);

  ld_report_block_set_space_before (heading, 12);
  ld_report_document_append (builder->document, heading);

  table = ld_report_table_new (builder->renderer, builder->width, columns, G_N_ELEMENTS (columns));
  ld_report_table_append_header (table, builder->document, 0);

  if (payments == NULL || payments->len == 0)
    {
      const char *cells[] = { NULL, _("No payments yet"), NULL, NULL };

      ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
      return;
    }

  for (guint i = 0; i < payments->len; i++)
    {
      const LdReceiptPayment *payment = g_ptr_array_index (payments, i);
      g_autofree char        *when = ld_report_format_time (payment->at_us, builder->zone);
      g_autofree char        *amount = ld_report_format_money (payment->amount_paise);
      g_autofree char        *detail = payment_detail (payment);
      const char             *cells[] = {
                    ld_report_or_dash (when),
                    ld_report_or_dash (payment->method),
                    ld_report_or_dash (detail),
                    amount,
      };

      ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
    }
}

/* Cash promised on collection is owed, not paid: say so in words. */
static void
add_cod (Builder *builder)
{
  LdReportBlock *block = ld_report_block_new ();
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *amount = ld_report_format_rupees (builder->receipt->cod_paise);
  g_autofree char *text = NULL;

  /* Translators: on a receipt; %s is the amount still to be paid. */
  text =
    g_strdup_printf (_("Cash on collection: %s to be paid when the sample is collected"), amount);
  layout = ld_report_renderer_text (builder->renderer, LD_REPORT_FONT_BODY_BOLD, text,
                                    builder->width, LD_REPORT_TEXT_RIGHT);
  ld_report_block_set_height (block, ld_report_block_add_text (block, layout, 0, 0) + 2);
  ld_report_block_set_space_before (block, 6);
  ld_report_document_append (builder->document, block);
}

static void
add_balance (Builder *builder)
{
  const LdReceipt *receipt = builder->receipt;
  LdReportBlock *block = ld_report_block_new ();
  double y = 2;

  y = add_total_line (builder, block, _("Paid"), receipt->paid_paise, FALSE, y);
  if (receipt->refunded_paise != 0)
    {
      y = add_total_line (builder, block, _("Refunded"),
                          -MAX (receipt->refunded_paise, -G_MAXINT64), FALSE, y);
      y = add_total_line (builder, block, _("Net paid"), receipt->net_paid_paise, FALSE, y);
    }
  end_totals (builder, block, _("Balance due"), receipt->balance_paise, y);
  if (receipt->cod_paise > 0)
    add_cod (builder);
}

/* A QR code any UPI app can pay the balance with. Only for money owed: a
 * code on a settled receipt would invite a second payment. */
static void
add_upi (Builder *builder)
{
  const LdReceipt *receipt = builder->receipt;
  const LdReportLab *lab = get_lab (receipt);
  g_autofree char *uri = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(LdReportCode) qr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PangoLayout) caption_layout = NULL;
  g_autoptr(PangoLayout) address_layout = NULL;
  LdReportBlock *block;
  double text_x = UPI_QR_SIZE + 12;
  double y;

  uri = ld_report_upi_uri (lab->upi_id, lab->name, receipt->balance_paise, receipt->order_number);
  if (uri == NULL)
    return;

  qr = ld_report_code_new_qr (uri, &error);
  if (qr == NULL)
    {
      g_debug ("No UPI code on the receipt: %s", error->message);
      return;
    }

  amount = ld_report_format_rupees (receipt->balance_paise);
  /* Translators: beside the UPI QR code on a receipt; %s is the amount. */
  caption = g_strdup_printf (_("Scan with any UPI app to pay %s"), amount);

  block = ld_report_block_new ();
  ld_report_block_add_code (block, g_steal_pointer (&qr), 0, 0, UPI_QR_SIZE, UPI_QR_SIZE);
  caption_layout = ld_report_renderer_text (builder->renderer, LD_REPORT_FONT_BODY_BOLD, caption,
                                            builder->width - text_x, 0);
  y = ld_report_block_add_text (block, caption_layout, text_x, 14);
  address_layout = ld_report_renderer_text (builder->renderer, LD_REPORT_FONT_SMALL, lab->upi_id,
                                            builder->width - text_x, LD_REPORT_TEXT_DIM);
  ld_report_block_add_text (block, address_layout, text_x, y + 2);
  ld_report_block_set_space_before (block, 16);
  ld_report_document_append (builder->document, block);
}

static void
add_closing (Builder *builder)
{
  LdReportBlock *block = ld_report_block_new ();
  g_autoptr(PangoLayout) layout = NULL;

  layout = ld_report_renderer_text (builder->renderer, LD_REPORT_FONT_SMALL,
                                    _("This receipt is computer generated and needs no signature."),
                                    builder->width, LD_REPORT_TEXT_CENTER | LD_REPORT_TEXT_DIM);
  ld_report_block_add_text (block, layout, 0, 0);
  ld_report_block_set_space_before (block, 18);
  ld_report_document_append (builder->document, block);
}

/**
 * ld_report_renderer_layout_receipt:
 * @self: a renderer
 * @receipt: what the receipt says
 * @paper: A4 or US Letter
 *
 * Lays out a receipt: the lab's letterhead, patient and order, the items,
 * discount, fee, tax and total, every payment and refund with its method
 * and reference (a refund's reason; cash tendered and change), paid,
 * refunded, net paid, the balance due, cash promised on collection and, when the lab has a UPI address and
 * money is owed, a QR code that pays it.
 *
 * Returns: (transfer full): the document, ready to draw or write
 */
LdReportDocument *
ld_report_renderer_layout_receipt (LdReportRenderer *self,
                                   const LdReceipt  *receipt,
                                   LdReportPaper     paper)
{
  Builder builder = { 0 };
  const LdReportPatient *patient;
  g_autofree char *footer = NULL;

  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);
  g_return_val_if_fail (receipt != NULL, NULL);

  builder.renderer = self;
  builder.receipt = receipt;
  builder.zone = get_lab (receipt)->time_zone;

  patient = get_patient (receipt);
  /* Translators: the running line at the foot of every receipt page. */
  footer = g_strdup_printf (_("Receipt for order %s  \u00b7  %s  \u00b7  MRN %s"),
                               ld_report_or_dash (receipt->order_number),
                               ld_report_or_dash (patient->name), ld_report_or_dash (patient->mrn));
  builder.document =
    ld_report_frame_new_document (self, paper, get_lab (receipt),
                                  _("Receipt"), NULL, footer, NULL, &builder.width);
  ld_report_document_set_created (builder.document, receipt->issued_us);

  add_parties (&builder);
  add_items (&builder);
  add_totals (&builder);
  add_payments (&builder);
  add_balance (&builder);
  add_upi (&builder);
  add_closing (&builder);
  return builder.document;
}
