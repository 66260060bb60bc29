/* ld-report-renderer.h: lays out reports, receipts and labels
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

#include "ld-report-data.h"
#include "ld-report-document.h"

G_BEGIN_DECLS

/**
 * LdReportPaper:
 * @LD_REPORT_PAPER_A4: ISO A4, 210 × 297 mm
 * @LD_REPORT_PAPER_LETTER: US Letter, 8.5 × 11 in
 */
typedef enum
{
  LD_REPORT_PAPER_A4,
  LD_REPORT_PAPER_LETTER,
} LdReportPaper;

/**
 * LdLabelLayout:
 * @LD_LABEL_LAYOUT_ROLL: one 50 × 25 mm label per page, for a label printer
 * @LD_LABEL_LAYOUT_A4_SHEET: 4 × 11 labels of 50 × 25 mm on an A4 sheet
 */
typedef enum
{
  LD_LABEL_LAYOUT_ROLL,
  LD_LABEL_LAYOUT_A4_SHEET,
} LdLabelLayout;

/* The positions of an A4 sheet of labels, 4 × 11. */
#define LD_LABEL_SHEET_POSITIONS 44
/* The usual thermal label printer's resolution; the other common one is 300. */
#define LD_LABEL_DEFAULT_DPI 203

/**
 * LdReportFont:
 *
 * The few faces every document is set in; see ld-report-renderer.c for
 * their sizes.
 */
typedef enum
{
  LD_REPORT_FONT_BODY,
  LD_REPORT_FONT_BODY_BOLD,
  LD_REPORT_FONT_SMALL,
  LD_REPORT_FONT_SMALL_BOLD,
  LD_REPORT_FONT_SMALL_ITALIC,
  LD_REPORT_FONT_HEADING,
  LD_REPORT_FONT_TITLE,
  LD_REPORT_FONT_LAB_NAME,
  LD_REPORT_FONT_LABEL,
  LD_REPORT_FONT_LABEL_BOLD,
  LD_REPORT_N_FONTS,
} LdReportFont;

/**
 * LdReportTextFlags:
 * @LD_REPORT_TEXT_LEFT: start-aligned (the default)
 * @LD_REPORT_TEXT_CENTER: centred in the width
 * @LD_REPORT_TEXT_RIGHT: end-aligned in the width
 * @LD_REPORT_TEXT_ELLIPSIZE: one line, cut with an ellipsis, instead of wrapping
 * @LD_REPORT_TEXT_NUMERIC: tabular figures, so digits line up in columns
 * @LD_REPORT_TEXT_DIM: printed in grey, for captions
 * @LD_REPORT_TEXT_PARAGRAPH: a comment or note, which may run to pages;
 *   other text is cut at 2 KiB, which no name or value comes near
 */
typedef enum
{
  LD_REPORT_TEXT_LEFT      = 0,
  LD_REPORT_TEXT_CENTER    = 1 << 0,
  LD_REPORT_TEXT_RIGHT     = 1 << 1,
  LD_REPORT_TEXT_ELLIPSIZE = 1 << 2,
  LD_REPORT_TEXT_NUMERIC   = 1 << 3,
  LD_REPORT_TEXT_DIM       = 1 << 4,
  LD_REPORT_TEXT_PARAGRAPH = 1 << 5,
} LdReportTextFlags;

#define LD_TYPE_REPORT_RENDERER (ld_report_renderer_get_type ())

G_DECLARE_FINAL_TYPE (LdReportRenderer, ld_report_renderer, LD, REPORT_RENDERER, GObject)

LdReportRenderer *ld_report_renderer_new (void);
PangoLayout      *ld_report_renderer_text (LdReportRenderer *self,
                                           LdReportFont      font,
                                           const char       *text,
                                           double            width,
                                           LdReportTextFlags flags);

LdReportDocument *ld_report_renderer_layout_lab_report (LdReportRenderer  *self,
                                                        const LdLabReport *report,
                                                        LdReportPaper      paper);
LdReportDocument *ld_report_renderer_layout_receipt (LdReportRenderer *self,
                                                     const LdReceipt  *receipt,
                                                     LdReportPaper     paper);
LdReportDocument *ld_report_renderer_layout_labels (LdReportRenderer *self,
                                                    const LdLabelSet *labels,
                                                    LdLabelLayout     layout);

G_END_DECLS
