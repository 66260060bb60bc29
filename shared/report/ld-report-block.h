/* ld-report-block.h: a measured piece of a page, kept as a display list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "ld-report-codes.h"

G_BEGIN_DECLS

/*
 * A block is what the pagination moves around: a strip as wide as the
 * text column, of a height known when it is built, holding what to draw
 * in its own coordinates (origin at its top left, in points). Text is a
 * PangoLayout already laid out, so a block is measured once and drawn as
 * often as asked, into any Cairo context.
 */
typedef struct _LdReportBlock LdReportBlock;

LdReportBlock *ld_report_block_new          (void);
LdReportBlock *ld_report_block_ref          (LdReportBlock   *block);
void           ld_report_block_unref        (LdReportBlock   *block);

double         ld_report_block_add_text     (LdReportBlock   *block,
                                             PangoLayout     *layout,
                                             double           x,
                                             double           y);
void           ld_report_block_add_rule     (LdReportBlock   *block,
                                             double           x0,
                                             double           x1,
                                             double           y,
                                             double           line_width,
                                             double           grey);
void           ld_report_block_add_box      (LdReportBlock   *block,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height,
                                             double           line_width,
                                             double           fill_grey);
void           ld_report_block_add_code     (LdReportBlock   *block,
                                             LdReportCode    *code,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height);
void           ld_report_block_add_image    (LdReportBlock   *block,
                                             cairo_surface_t *image,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height);

double         ld_report_block_get_height   (LdReportBlock   *block);
void           ld_report_block_set_height   (LdReportBlock   *block,
                                             double           height);
double         ld_report_block_get_space_before (LdReportBlock *block);
void           ld_report_block_set_space_before (LdReportBlock *block,
                                             double           space);
gboolean       ld_report_block_get_keep_with_next (LdReportBlock *block);
void           ld_report_block_set_keep_with_next (LdReportBlock *block,
                                             gboolean         keep);
GPtrArray     *ld_report_block_get_repeat   (LdReportBlock   *block);
void           ld_report_block_set_repeat   (LdReportBlock   *block,
                                             GPtrArray       *repeat);

double         ld_report_block_find_break   (LdReportBlock   *block,
                                             double           from,
                                             double           limit);
void           ld_report_block_draw         (LdReportBlock   *block,
                                             cairo_t         *cr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportBlock, ld_report_block_unref)

G_END_DECLS
