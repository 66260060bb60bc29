/* ld-web.h: the patient's own pages, /my/
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-router.h"

G_BEGIN_DECLS

void ld_web_register        (LdRouter *router);
void ld_web_set_code_in_log (gboolean  code_in_log);

/* ld-web-orders.c */
void ld_web_orders_register (LdRouter *router);
/* ld-web-book.c */
void ld_web_book_register   (LdRouter *router);
/* ld-web-link.c */
void ld_web_link_register   (LdRouter *router);

G_END_DECLS
