/* ld-print-operation-private.h: one GtkPrintOperation runner for every document
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include <json-glib/json-glib.h>

#include "ld-report-data.h"
#include "ld-report-document.h"
#include "ld-report-renderer.h"

G_BEGIN_DECLS

/*
 * LdPrintPages:
 * @title: the job's name, as the print queue shows it
 * @n_pages: how many pages
 * @width: the first page's width, in points (it picks the dialog's paper)
 * @height: the first page's height, in points
 * @kind: which printer this goes to, such as "labels-roll": the settings
 *   the person chose last time for the same kind open the next dialog
 * @page_size: each page's size in points, for scaling it onto the paper
 * @draw_page: draws a page at its own size, in points from its top left
 * @data: for @page_size and @draw_page; the job keeps it till it ends
 * @destroy: frees @data
 *
 * What is printed, for ld_print_pages_async().
 */
typedef struct
{
  const char  *title;
  guint        n_pages;
  double       width;
  double       height;
  const char  *kind;
  void       (*page_size) (gpointer  data,
                           int       page,
                           double   *width,
                           double   *height);
  void       (*draw_page) (gpointer  data,
                           cairo_t  *cr,
                           int       page);
  gpointer     data;
  GDestroyNotify destroy;
} LdPrintPages;

void          ld_print_pages_async           (GtkWindow            *parent,
                                              const LdPrintPages   *pages,
                                              const char           *export_pdf_path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data,
                                              gpointer              source_tag);
gboolean      ld_print_pages_finish          (GAsyncResult         *result,
                                              gpointer              source_tag,
                                              GError              **error);
void          ld_print_document_async        (GtkWindow            *parent,
                                              LdReportDocument     *document,
                                              const char           *kind,
                                              const char           *export_pdf_path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data,
                                              gpointer              source_tag);
GtkPageSetup *ld_print_page_setup_for_size   (double                width,
                                              double                height);
void          ld_print_fill_lab              (LdReportLab          *lab,
                                              JsonObject           *settings);
LdReportPaper ld_print_paper_for             (JsonObject           *settings);

G_END_DECLS
