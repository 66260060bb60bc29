/* ld-result-apply.h: what a result save does to a result
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-catalog.h"
#include "ld-patient.h"
#include "ld-result-body.h"
#include "ld-result.h"
#include "ld-sample.h"

G_BEGIN_DECLS

/**
 * LdResultSaveInput:
 * @value: (nullable): the value typed; %NULL clears a draft
 * @abnormal: for a text result, whether it is marked abnormal
 * @has_comment: whether the save names a comment (%NULL clearing it)
 * @comment: (nullable): the comment
 * @submit: whether the save submits the value for verification
 *
 * One result of a save (a "results" element of the request, and the
 * save's "submit").
 */
typedef struct
{
  const char *value;
  gboolean    abnormal;
  gboolean    has_comment;
  const char *comment;
  gboolean    submit;
} LdResultSaveInput;

/**
 * LdResultSaveContext:
 * @test: (nullable): the result's test from the catalogue; needed only
 *   when a value is given
 * @patient: (nullable): the order's patient, likewise
 * @sample: (nullable): the sample the value is measured on
 *   (ld_result_find_sample()), likewise
 * @user_id: (nullable): who saves; %NULL leaves `entered_by` as it is
 *   (a client showing its queued save does not name the user)
 * @now_us: when the save is made
 * @instrument: (nullable): the instrument that sent the value (issue 34);
 *   %NULL for a value a person typed
 * @instrument_flags: (nullable): that instrument's flags, as sent
 * @observed_at: (nullable): its time of measurement, as sent
 *
 * What a save reads besides the result and the request.
 */
typedef struct
{
  const LdCatalogTest *test;
  LdPatient           *patient;
  const LdSample      *sample;
  const char          *user_id;
  gint64               now_us;
  const char          *instrument;
  const char          *instrument_flags;
  const char          *observed_at;
} LdResultSaveContext;

char *ld_result_apply_save (LdResult                  *result,
                            const LdResultSaveInput   *input,
                            const LdResultSaveContext *context,
                            const char               **out_field);
void  ld_result_save_input_init (LdResultSaveInput   *input,
                                 const LdResultSave  *save,
                                 const LdResultEntry *entry);
char *ld_result_apply_save_json (JsonObject                *result,
                                 const LdResultSaveInput   *input,
                                 const LdResultSaveContext *context,
                                 const char               **out_field);

G_END_DECLS
