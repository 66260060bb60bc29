/* ld-documents.h: reports, receipts and labels, from the store
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-report.h"
#include "ld-report-version.h"
#include "ld-settings.h"
#include "../store/ld-store.h"

G_BEGIN_DECLS

/* A release's report rendered before its transaction (ld-documents-release.c). */
typedef struct _LdRenderedReport LdRenderedReport;

LdReportRenderer *ld_documents_get_renderer     (void);
void              ld_documents_warm_up          (void);

LdLabReport *ld_documents_lab_report       (LdStore                *store,
                                            const LdSettings       *settings,
                                            const LdOrder          *order,
                                            const LdReportVersion  *version,
                                            GError                **error);
LdLabReport *ld_documents_lab_report_preview (LdStore              *store,
                                              const LdSettings     *settings,
                                              const LdOrder        *order,
                                              LdUser               *signatory,
                                              GError              **error);
LdReceipt   *ld_documents_receipt          (LdStore                *store,
                                            const LdSettings       *settings,
                                            const LdOrder          *order,
                                            GError                **error);
LdLabelSet  *ld_documents_labels           (LdStore                *store,
                                            const LdOrder          *order,
                                            GError                **error);

gboolean                         ld_documents_issue_report (LdStore                *store,
                                                            const LdSettings       *settings,
                                                            const LdOrder          *order,
                                                            LdReportVersion        *report,
                                                            const LdRenderedReport *rendered,
                                                            GError                **error);

LdRenderedReport *ld_documents_render_release (LdStore          *store,
                                               const LdSettings *settings,
                                               const LdOrder    *order,
                                               const char       *released_by,
                                               const char       *interpretation,
                                               gint64            released_us,
                                               GError          **error);
void              ld_rendered_report_free     (LdRenderedReport *rendered);
void              ld_rendered_report_prepare_version (const LdRenderedReport *rendered,
                                                      LdReportVersion        *report);
GBytes           *ld_rendered_report_get_pdf  (const LdRenderedReport *rendered);
const char       *ld_rendered_report_get_pdf_sha256 (const LdRenderedReport *rendered);
gboolean          ld_rendered_report_matches  (const LdRenderedReport *rendered,
                                               const LdReportVersion  *report,
                                               LdReportPaper           paper,
                                               const LdLabReport      *data);
GBytes           *ld_documents_stored_report (LdStore          *store,
                                              const LdOrder    *order,
                                              gint64            version,
                                              LdReportVersion **out_report,
                                              GError          **error);
GBytes           *ld_documents_preview_report (LdStore          *store,
                                               const LdSettings *settings,
                                               const LdOrder    *order,
                                               LdUser           *signatory,
                                               GError          **error);
GBytes           *ld_documents_receipt_pdf (LdStore          *store,
                                            const LdSettings *settings,
                                            const LdOrder    *order,
                                            GError          **error);
GBytes           *ld_documents_labels_pdf (LdStore       *store,
                                           const LdOrder *order,
                                           LdLabelLayout  layout,
                                           guint          first_position,
                                           guint          dpi,
                                           GError       **error);

char        *ld_documents_file_name        (const LdOrder          *order,
                                            const char             *what,
                                            gint64                  version);
char        *ld_documents_initials         (const char             *name);
char        *ld_documents_verification_url (const LdSettings       *settings,
                                            const char             *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRenderedReport, ld_rendered_report_free)

G_END_DECLS
