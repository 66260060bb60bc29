/* ld-result-rules.h: reading a result, choosing its range, flagging it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-age.h"
#include "ld-catalog.h"
#include "ld-patient.h"
#include "ld-result.h"

G_BEGIN_DECLS

typedef enum
{
  LD_FLAG_NONE,
  LD_FLAG_NORMAL,
  LD_FLAG_LOW,
  LD_FLAG_HIGH,
  LD_FLAG_CRITICAL_LOW,
  LD_FLAG_CRITICAL_HIGH,
  LD_FLAG_ABNORMAL,
  LD_FLAG_NO_REFERENCE_INTERVAL,
} LdResultFlag;

const char   *ld_result_flag_to_string   (LdResultFlag         flag);
char         *ld_result_round_numeric    (const char          *text,
                                          gint64               decimals,
                                          double              *out_value);
JsonObject   *ld_result_pick_range       (const LdCatalogTest *test,
                                          LdSex                sex,
                                          gint64               age_years);
JsonObject   *ld_result_pick_range_for_age (const LdCatalogTest *test,
                                            LdSex                sex,
                                            const LdAge         *age);
gboolean      ld_result_range_get_limit  (JsonObject          *range,
                                          const char          *name,
                                          double              *out_value);
LdResultFlag  ld_result_flag_numeric     (const LdCatalogTest *test,
                                          JsonObject          *range,
                                          double               value);
LdResultFlag  ld_result_flag_choice      (const LdCatalogTest *test,
                                          const char          *value);

G_END_DECLS
