/* ld-doctor-order-page.h: one order's results, as the doctor reads them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_DOCTOR_ORDER_PAGE (ld_doctor_order_page_get_type ())

G_DECLARE_FINAL_TYPE (LdDoctorOrderPage, ld_doctor_order_page, LD, DOCTOR_ORDER_PAGE, AdwBin)

GtkWidget *ld_doctor_order_page_new (LdSession  *session,
                                     const char *order_id);
void       ld_doctor_order_page_set_export_path (LdDoctorOrderPage *self,
                                                 const char        *path);

G_END_DECLS
