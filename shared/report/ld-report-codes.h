/* ld-report-codes.h: QR codes and Code 128 barcodes as Cairo rectangles
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _LdReportCode LdReportCode;

LdReportCode *ld_report_code_new_qr      (const char          *text,
                                          GError             **error);
LdReportCode *ld_report_code_new_code128 (const char          *text,
                                          GError             **error);
void          ld_report_code_free        (LdReportCode        *code);
guint         ld_report_code_get_modules (const LdReportCode  *code);
void          ld_report_code_draw        (const LdReportCode  *code,
                                          cairo_t             *cr,
                                          double               x,
                                          double               y,
                                          double               width,
                                          double               height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportCode, ld_report_code_free)

G_END_DECLS
