/* ld-patient-page.h: one patient at the desk: details and orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_PATIENT_PAGE (ld_patient_page_get_type ())

G_DECLARE_FINAL_TYPE (LdPatientPage, ld_patient_page, LD, PATIENT_PAGE, AdwBin)

GtkWidget  *ld_patient_page_new            (LdSession     *session,
                                            const char    *patient_id);
const char *ld_patient_page_get_patient_id (LdPatientPage *self);

G_END_DECLS
