/* ld-order-page.h: one order at the desk, live
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ORDER_PAGE (ld_order_page_get_type ())

G_DECLARE_FINAL_TYPE (LdOrderPage, ld_order_page, LD, ORDER_PAGE, AdwBin)

GtkWidget *ld_order_page_new            (LdSession  *session,
                                         const char *order_id);
void       ld_order_page_print_receipt  (GtkWidget  *origin,
                                         LdSession  *session,
                                         const char *order_id,
                                         const char *export_path);
void       ld_order_page_cancel_order   (GtkWidget  *origin,
                                         LdSession  *session,
                                         const char *order_id);

G_END_DECLS
