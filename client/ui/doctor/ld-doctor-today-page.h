/* ld-doctor-today-page.h: the doctor's day: the queue, and the visit being written
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_DOCTOR_TODAY_PAGE (ld_doctor_today_page_get_type ())

G_DECLARE_FINAL_TYPE (LdDoctorTodayPage, ld_doctor_today_page, LD, DOCTOR_TODAY_PAGE, AdwBin)

GtkWidget *ld_doctor_today_page_new (LdSession *session);

G_END_DECLS
