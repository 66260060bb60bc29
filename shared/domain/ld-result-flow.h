/* ld-result-flow.h: what may happen to a result, and when
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"
#include "ld-order.h"
#include "ld-result.h"
#include "ld-sample.h"

G_BEGIN_DECLS

gboolean        ld_result_check_order_in_lab  (const LdOrder   *order,
                                               const char      *doing,
                                               GError         **error);
gboolean        ld_result_check_entry         (const LdResult  *result,
                                               GError         **error);
gboolean        ld_result_check_cancel        (const LdResult  *result,
                                               GError         **error);
gboolean        ld_result_check_verify        (const LdResult  *result,
                                               const char      *user_id,
                                               gboolean         allow_self_verification,
                                               GError         **error);
gboolean        ld_result_check_release       (const LdOrder   *order,
                                               GPtrArray       *results,
                                               GError         **error);
gboolean        ld_result_check_amend         (const LdOrder   *order,
                                               const LdResult  *result,
                                               GError         **error);
gboolean        ld_result_check_return        (const LdOrder   *order,
                                               const LdResult  *result,
                                               GError         **error);
void            ld_result_send_back           (LdResult        *result);
const LdSample *ld_result_find_sample         (GPtrArray       *samples,
                                               const char      *test_code,
                                               GError         **error);
gboolean        ld_result_is_checked          (const LdResult  *result);
gboolean        ld_result_is_critical         (const char      *flag);
gboolean        ld_result_is_auto_verified    (const LdResult  *result);

G_END_DECLS
