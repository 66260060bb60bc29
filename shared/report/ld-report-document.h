/* ld-report-document.h: a laid-out document, drawn page by page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "ld-report-block.h"

G_BEGIN_DECLS

#define LD_REPORT_ERROR (ld_report_error_quark ())

/**
 * LdReportError:
 * @LD_REPORT_ERROR_ENCODE: a QR code or barcode could not be made
 * @LD_REPORT_ERROR_OUTPUT: Cairo could not write the PDF or image
 */
typedef enum
{
  LD_REPORT_ERROR_ENCODE,
  LD_REPORT_ERROR_OUTPUT,
} LdReportError;

GQuark ld_report_error_quark (void);

/**
 * LdReportPageFunc:
 * @cr: where to draw, in points from the page's top left
 * @page: the page, counted from 0
 * @n_pages: how many pages the document has
 * @user_data: the data given with the function
 *
 * Draws what every page carries around the flowing content: letterhead,
 * running header, 'page N of M'.
 */
typedef void (*LdReportPageFunc) (cairo_t  *cr,
                                  guint     page,
                                  guint     n_pages,
                                  gpointer  user_data);

#define LD_TYPE_REPORT_DOCUMENT (ld_report_document_get_type ())

G_DECLARE_FINAL_TYPE (LdReportDocument, ld_report_document, LD, REPORT_DOCUMENT, GObject)

LdReportDocument *ld_report_document_new (double page_width,
                                          double page_height,
                                          double content_left,
                                          double content_top,
                                          double content_width,
                                          double content_bottom);
void              ld_report_document_set_page_func (LdReportDocument *self,
                                                    LdReportPageFunc  func,
                                                    gpointer          user_data,
                                                    GDestroyNotify    destroy);
void              ld_report_document_set_overlay_func (LdReportDocument *self,
                                                       LdReportPageFunc  func,
                                                       gpointer          user_data,
                                                       GDestroyNotify    destroy);
void              ld_report_document_append (LdReportDocument *self, LdReportBlock *block);
void        ld_report_document_set_running_header (LdReportDocument *self, LdReportBlock *block);
const char *ld_report_document_get_title (LdReportDocument *self);
void        ld_report_document_set_title (LdReportDocument *self, const char *title);
gint64      ld_report_document_get_created (LdReportDocument *self);
void        ld_report_document_set_created (LdReportDocument *self, gint64 utc_us);

guint             ld_report_document_get_n_pages    (LdReportDocument  *self);
void              ld_report_document_get_page_size  (LdReportDocument  *self,
                                                     double            *width,
                                                     double            *height);
void              ld_report_document_draw_page      (LdReportDocument  *self,
                                                     cairo_t           *cr,
                                                     guint              page);

GBytes           *ld_report_document_to_pdf         (LdReportDocument  *self,
                                                     GError           **error);
gboolean          ld_report_document_write_pdf      (LdReportDocument  *self,
                                                     const char        *path,
                                                     GError           **error);
cairo_surface_t  *ld_report_document_render_page    (LdReportDocument  *self,
                                                     guint              page,
                                                     double             dpi);
gboolean          ld_report_document_write_png      (LdReportDocument  *self,
                                                     guint              page,
                                                     double             dpi,
                                                     const char        *path,
                                                     GError           **error);

G_END_DECLS
