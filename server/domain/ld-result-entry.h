/* ld-result-entry.h: what a typed value means for a test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-result-rules.h"

G_BEGIN_DECLS

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

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdResultReading, ld_result_reading_clear)

G_END_DECLS
