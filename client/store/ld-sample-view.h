/* ld-sample-view.h: one sample as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ld-record-view.h"
#include "ld-sample.h"

G_BEGIN_DECLS

#define LD_TYPE_SAMPLE_VIEW (ld_sample_view_get_type ())

G_DECLARE_FINAL_TYPE (LdSampleView, ld_sample_view, LD, SAMPLE_VIEW, LdRecordView)

LdSampleView    *ld_sample_view_new                    (void);
void             ld_sample_view_set_sample             (LdSampleView *self,
                                                        LdSample     *sample);
const LdSample  *ld_sample_view_get_sample             (LdSampleView *self);
const char      *ld_sample_view_get_id                 (LdSampleView *self);
const char      *ld_sample_view_get_order_id           (LdSampleView *self);
const char      *ld_sample_view_get_accession          (LdSampleView *self);
const char      *ld_sample_view_get_specimen           (LdSampleView *self);
const char      *ld_sample_view_get_container          (LdSampleView *self);
const char      *ld_sample_view_get_state              (LdSampleView *self);
gboolean         ld_sample_view_get_live               (LdSampleView *self);
const char      *ld_sample_view_get_collected_by       (LdSampleView *self);
const char      *ld_sample_view_get_collected_at       (LdSampleView *self);
const char      *ld_sample_view_get_received_by        (LdSampleView *self);
const char      *ld_sample_view_get_received_at        (LdSampleView *self);
const char      *ld_sample_view_get_reject_reason      (LdSampleView *self);
const char      *ld_sample_view_get_location           (LdSampleView *self);
const char      *ld_sample_view_get_replaces_sample_id (LdSampleView *self);
gint64           ld_sample_view_get_version            (LdSampleView *self);

G_END_DECLS
