/* ld-prescribe-page.h: the doctor prescribes tests for a patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_PRESCRIBE_PAGE (ld_prescribe_page_get_type ())

G_DECLARE_FINAL_TYPE (LdPrescribePage, ld_prescribe_page, LD, PRESCRIBE_PAGE, AdwBin)

GtkWidget *ld_prescribe_page_new (LdSession *session, const char *patient_id);
GtkWidget *
ld_prescribe_page_new_for_visit (LdSession *session, const char *patient_id, const char *visit_id);

G_END_DECLS
