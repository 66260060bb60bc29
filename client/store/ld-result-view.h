/* ld-result-view.h: one result as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ld-record-view.h"
#include "ld-result.h"

G_BEGIN_DECLS

#define LD_TYPE_RESULT_VIEW (ld_result_view_get_type ())

G_DECLARE_FINAL_TYPE (LdResultView, ld_result_view, LD, RESULT_VIEW, LdRecordView)

LdResultView    *ld_result_view_new             (void);
void             ld_result_view_set_result      (LdResultView *self,
                                                 LdResult     *result);
const LdResult  *ld_result_view_get_result      (LdResultView *self);
const char      *ld_result_view_get_id          (LdResultView *self);
const char      *ld_result_view_get_order_id    (LdResultView *self);
const char      *ld_result_view_get_test_code   (LdResultView *self);
const char      *ld_result_view_get_test_name   (LdResultView *self);
const char      *ld_result_view_get_state       (LdResultView *self);
const char      *ld_result_view_get_value       (LdResultView *self);
const char      *ld_result_view_get_unit        (LdResultView *self);
const char      *ld_result_view_get_flag        (LdResultView *self);
gboolean         ld_result_view_get_critical    (LdResultView *self);
const char      *ld_result_view_get_range_text  (LdResultView *self);
gboolean         ld_result_view_get_has_delta   (LdResultView *self);
const char      *ld_result_view_get_comment     (LdResultView *self);
const char      *ld_result_view_get_sample_id   (LdResultView *self);
const char      *ld_result_view_get_entered_by  (LdResultView *self);
const char      *ld_result_view_get_entered_at  (LdResultView *self);
const char      *ld_result_view_get_verified_by (LdResultView *self);
const char      *ld_result_view_get_verified_at (LdResultView *self);
gboolean         ld_result_view_get_auto_verified (LdResultView *self);
const char      *ld_result_view_get_released_at (LdResultView *self);
gboolean         ld_result_view_get_called      (LdResultView *self);
gint64           ld_result_view_get_version     (LdResultView *self);

G_END_DECLS
