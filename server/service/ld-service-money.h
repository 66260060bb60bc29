/* ld-service-money.h: taking money, refunds and online outcomes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-service.h"
#include "gateway/ld-gateway.h"

G_BEGIN_DECLS

/**
 * LdGatewayOutcome:
 * @LD_GATEWAY_OUTCOME_RECORDED: the outcome was recorded now
 * @LD_GATEWAY_OUTCOME_ALREADY_RECORDED: it was recorded before (a repeat)
 *
 * What became of a payment gateway's report.
 */
typedef enum
{
  LD_GATEWAY_OUTCOME_RECORDED,
  LD_GATEWAY_OUTCOME_ALREADY_RECORDED,
} LdGatewayOutcome;

LdOrder *ld_service_take_payment_for (LdServiceContext *ctx,
                                      const LdOrder    *order,
                                      LdPayment        *payment,
                                      gboolean          at_collection,
                                      GError          **error);
LdOrder *ld_service_take_payment (LdServiceContext *ctx,
                                  const char       *order_id,
                                  LdPayment        *payment,
                                  GError          **error);
LdOrder *
ld_service_refund (LdServiceContext *ctx, const char *order_id, LdPayment *refund, GError **error);
LdOrder *ld_service_decide_payment (LdServiceContext *ctx,
                                    const char       *payment_id,
                                    gint64            version,
                                    const char       *status,
                                    const char       *reference,
                                    const char       *failure_reason,
                                    LdPayment       **out_payment,
                                    GError          **error);
gboolean ld_service_money_quote_online (LdServiceContext *ctx,
                                        const char       *order_id,
                                        gint64            amount_paise,
                                        gint64           *out_amount_paise,
                                        char            **out_number,
                                        GError          **error);
LdOrder *ld_service_take_gateway_payment (LdServiceContext *ctx,
                                          const char       *order_id,
                                          LdPayment        *payment,
                                          const char       *gateway_order_id,
                                          gint64            gateway_amount_paise,
                                          GError          **error);
gboolean ld_service_money_confirm_checkout (LdServiceContext *ctx,
                                            LdGateway        *gateway,
                                            const char       *gateway_order_id,
                                            const char       *payment_id,
                                            const char       *signature,
                                            LdGatewayOutcome *out_outcome,
                                            GError          **error);
gboolean ld_service_gateway_outcome (LdServiceContext *ctx,
                                     const char       *gateway_order_id,
                                     const char       *status,
                                     const char       *reference,
                                     const char       *failure_reason,
                                     gint64            captured_paise,
                                     LdGatewayOutcome *out_outcome,
                                     GError          **error);

G_END_DECLS
