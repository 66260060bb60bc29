/* ld-report-renderer-private.h: what the layout files share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib/gi18n-lib.h>

#include "ld-report-block.h"
#include "ld-report-format.h"
#include "ld-report-renderer.h"

G_BEGIN_DECLS

#define LD_REPORT_MM (72.0 / 25.4)

/* Greys, for a page that prints well in black and white. */
#define LD_REPORT_GREY_RULE 0.75
#define LD_REPORT_GREY_BAND 0.92

cairo_surface_t  *ld_report_renderer_get_logo      (LdReportRenderer  *self,
                                                    GBytes            *png);
cairo_surface_t  *ld_report_renderer_get_signature (LdReportRenderer  *self,
                                                    GBytes            *png);
void              ld_report_paper_get_size         (LdReportPaper      paper,
                                                    double            *width,
                                                    double            *height);
LdReportDocument *ld_report_frame_new_document     (LdReportRenderer  *renderer,
                                                    LdReportPaper      paper,
                                                    const LdReportLab *lab,
                                                    const char        *title,
                                                    const char        *subtitle,
                                                    const char        *footer,
                                                    const char        *footer_note,
                                                    double            *out_width);
void              ld_report_frame_add_watermark    (LdReportRenderer  *renderer,
                                                    LdReportDocument  *document,
                                                    LdReportPaper      paper,
                                                    const char        *text);
double            ld_report_add_pair               (LdReportRenderer  *renderer,
                                                    LdReportBlock     *block,
                                                    const char        *label,
                                                    const char        *value,
                                                    LdReportFont       value_font,
                                                    double             x,
                                                    double             y,
                                                    double             label_width,
                                                    double             width);
LdReportBlock    *ld_report_heading_new            (LdReportRenderer  *renderer,
                                                    const char        *text,
                                                    double             width);
const char       *ld_report_or_dash                (const char        *text);

G_END_DECLS
