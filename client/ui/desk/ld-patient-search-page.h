/* ld-patient-search-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_PATIENT_SEARCH_PAGE (ld_patient_search_page_get_type ())

G_DECLARE_FINAL_TYPE (LdPatientSearchPage, ld_patient_search_page, LD, PATIENT_SEARCH_PAGE, AdwBin)

GtkWidget *ld_patient_search_page_new (LdSession *session);

void       ld_patient_search_page_set_query      (LdPatientSearchPage *self,
                                                  const char          *query);
gboolean   ld_patient_search_page_activate_first (LdPatientSearchPage *self);

G_END_DECLS
