/* ld-verify-page.h: a second technician checks an order's results
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_VERIFY_PAGE (ld_verify_page_get_type ())

G_DECLARE_FINAL_TYPE (LdVerifyPage, ld_verify_page, LD, VERIFY_PAGE, AdwBin)

GtkWidget *ld_verify_page_new             (LdSession    *session,
                                           const char   *order_id);
void       ld_verify_page_set_export_path (LdVerifyPage *self,
                                           const char   *path);

G_END_DECLS
