/* ld-visit-form.h: the visit of the patient the doctor has chosen
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-appointment.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_VISIT_FORM (ld_visit_form_get_type ())

G_DECLARE_FINAL_TYPE (LdVisitForm, ld_visit_form, LD, VISIT_FORM, AdwBin)

GtkWidget *ld_visit_form_new             (LdSession           *session);
void       ld_visit_form_set_appointment (LdVisitForm         *self,
                                          const LdAppointment *appointment);
void       ld_visit_form_focus           (LdVisitForm         *self);

G_END_DECLS
