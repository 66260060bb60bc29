/* ld-appointments-page.h: the desk's day of a doctor's appointments, and the queue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_APPOINTMENTS_PAGE (ld_appointments_page_get_type ())

G_DECLARE_FINAL_TYPE (LdAppointmentsPage, ld_appointments_page, LD, APPOINTMENTS_PAGE, AdwBin)

GtkWidget *ld_appointments_page_new (LdSession *session);

G_END_DECLS
