/* ld-pdf-view.h: a PDF on screen, page by page, with a Print button
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <poppler.h>

#include "ld-api-client.h"

G_BEGIN_DECLS

#define LD_TYPE_PDF_VIEW (ld_pdf_view_get_type ())

G_DECLARE_FINAL_TYPE (LdPdfView, ld_pdf_view, LD, PDF_VIEW, AdwBin)

GtkWidget       *ld_pdf_view_new                  (void);
PopplerDocument *ld_pdf_view_get_document         (LdPdfView            *self);
void             ld_pdf_view_set_document         (LdPdfView            *self,
                                                   PopplerDocument      *document);
int              ld_pdf_view_get_page             (LdPdfView            *self);
void             ld_pdf_view_set_page             (LdPdfView            *self,
                                                   int                   page);
void             ld_pdf_view_print_async          (LdPdfView            *self,
                                                   const char           *export_pdf_path,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);

void             ld_pdf_view_open_report_async    (GtkWindow            *parent,
                                                   LdApiClient          *client,
                                                   const char           *order_id,
                                                   gint64                version,
                                                   const char           *expected_sha256,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GtkWindow       *ld_pdf_view_open_report_finish   (GAsyncResult         *result,
                                                   GError              **error);

void             ld_pdf_view_open_preview_async   (GtkWindow            *parent,
                                                   LdApiClient          *client,
                                                   const char           *order_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GtkWindow       *ld_pdf_view_open_preview_finish  (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
