/* ld-flag.h: reading a typed result, choosing its reference band, flagging it
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

#define LD_RESULT_MAX_TEXT_CHARS 1000

/* A value as it is reported and flagged. */
typedef struct
{
  char         *value;
  gboolean      has_numeric_value;
  double        numeric_value;
  LdResultFlag  flag;
} LdResultReading;

char     *ld_result_read_value     (const LdCatalogTest  *test,
                                    JsonObject           *range,
                                    const char           *text,
                                    gboolean              marked_abnormal,
                                    LdResultReading      *out_reading,
                                    const char          **out_field);
void      ld_result_reading_clear  (LdResultReading     *reading);
JsonNode *ld_result_describe_range (JsonObject          *range,
                                    gint64               decimals);
char     *ld_result_dup_range_text_for_age (const LdCatalogTest  *test,
                                            LdSex                 sex,
                                            const LdAge          *age);
char     *ld_result_read_value_for_age     (const LdCatalogTest  *test,
                                            LdSex                 sex,
                                            const LdAge          *age,
                                            const char           *text,
                                            LdResultReading      *out_reading,
                                            const char          **out_field);
void      ld_result_age_on_collection (const char       *date_of_birth,
                                       gint64            age_years,
                                       gint64            collected_us,
                                       LdAge            *out_age);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdResultReading, ld_result_reading_clear)

G_END_DECLS
