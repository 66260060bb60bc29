/* ld-lab-order-page.h: one order at the lab bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_LAB_ORDER_PAGE (ld_lab_order_page_get_type ())

G_DECLARE_FINAL_TYPE (LdLabOrderPage, ld_lab_order_page, LD, LAB_ORDER_PAGE, AdwBin)

GtkWidget *ld_lab_order_page_new             (LdSession      *session,
                                              const char     *order_id);
void       ld_lab_order_page_set_export_path (LdLabOrderPage *self,
                                              const char     *path);

G_END_DECLS
