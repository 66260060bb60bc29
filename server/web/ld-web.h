/* ld-web.h: the patient's own pages, /my/
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-router.h"
#include "ld-web-page.h"
#include "ld-order.h"
#include "../service/ld-service.h"

G_BEGIN_DECLS

void ld_web_register        (LdRouter *router);
void ld_web_set_code_in_log (gboolean  code_in_log);

/* ld-web-orders.c */
void ld_web_orders_register (LdRouter *router);
/* ld-web-book.c */
void ld_web_book_register   (LdRouter *router);
/* ld-web-pay.c */
void ld_web_pay_register    (LdRouter *router);
void     ld_web_pay_add_choices (LdWebPage         *page,
                                 const LdOrder     *order);
gboolean ld_web_promise_cash    (LdServiceContext  *ctx,
                                 const char        *order_id,
                                 GError           **error);
LdOrder *ld_web_get_own_order   (LdWebPage         *page,
                                 const char        *order_id);
LdServiceContext *ld_web_new_actor_context (LdHttpRequest  *req,
                                            GError        **error);
/* ld-web-link.c */
void ld_web_link_register   (LdRouter *router);
/* ld-web-register.c */
void ld_web_register_register (LdRouter *router);

G_END_DECLS
