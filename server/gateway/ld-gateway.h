/* ld-gateway.h: the payment gateway's Orders API and Checkout signature
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-config.h"

G_BEGIN_DECLS

/**
 * LdGatewayOrder:
 * @id: the gateway's order id ("order_…"), what Checkout opens and what
 *   the attempt records as its gateway_order_id
 * @amount_paise: the amount the order asks for
 * @currency: "INR"
 * @receipt: our order number
 * @status: the gateway's status for it ("created")
 *
 * An order as the gateway answered it.
 */
typedef struct
{
  char   *id;
  gint64  amount_paise;
  char   *currency;
  char   *receipt;
  char   *status;
} LdGatewayOrder;

typedef struct _LdGateway LdGateway;

void            ld_gateway_order_free          (LdGatewayOrder       *order);

LdGateway      *ld_gateway_new                 (const LdGatewayConfig *config);
LdGateway      *ld_gateway_ref                 (LdGateway            *self);
void            ld_gateway_unref               (LdGateway            *self);
const char     *ld_gateway_get_key_id          (LdGateway            *self);
const char     *ld_gateway_get_checkout_script_url (LdGateway        *self);

LdGatewayOrder           *ld_gateway_create_order (LdGateway    *self,
                                                   gint64        amount_paise,
                                                   const char   *receipt,
                                                   GCancellable *cancellable,
                                                   GError      **error);
void                      ld_gateway_create_order_async (LdGateway          *self,
                                                         gint64              amount_paise,
                                                         const char         *receipt,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
LdGatewayOrder          *
ld_gateway_create_order_finish (LdGateway *self, GAsyncResult *result, GError **error);

gboolean ld_gateway_checkout_signature_is_valid (LdGateway  *self,
                                                 const char *gateway_order_id,
                                                 const char *payment_id,
                                                 const char *signature);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdGatewayOrder, ld_gateway_order_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdGateway, ld_gateway_unref)

G_END_DECLS
