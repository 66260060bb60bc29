/* ld-documents-private.h: what the document assemblers share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-documents.h"

G_BEGIN_DECLS

/* Users' display names, each read once per document. */
typedef struct _LdDocumentNames LdDocumentNames;

LdDocumentNames                *ld_document_names_new (LdStore *store);
void                            ld_document_names_free (LdDocumentNames *names);
gboolean                        ld_document_names_lookup (LdDocumentNames *names,
                                                          const char      *user_id,
                                                          const char     **out_name,
                                                          GError         **error);

void             ld_documents_fill_lab      (LdReportLab      *lab,
                                             const LdSettings *settings);
gboolean         ld_documents_fill_patient  (LdStore          *store,
                                             const char       *patient_id,
                                             gint64            on_us,
                                             LdReportPatient  *patient,
                                             char            **out_sex_age,
                                             GError          **error);
LdReportPaper    ld_documents_paper         (const LdSettings *settings);
gint64           ld_documents_parse_time    (const char       *rfc3339);
gboolean         ld_documents_sample_is_live (const char      *state);
gint64           ld_documents_first_collection (GPtrArray     *samples);

LdLabReport                    *ld_documents_lab_report_releasing (LdStore               *store,
                                                                   const LdSettings      *settings,
                                                                   const LdOrder         *order,
                                                                   const LdReportVersion *version,
                                                                   const char            *interpretation,
                                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdDocumentNames, ld_document_names_free)

G_END_DECLS
