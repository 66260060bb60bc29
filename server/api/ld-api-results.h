/* ld-api-results.h: what the result, release and alert handlers share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"
#include "ld-order.h"
#include "ld-report-version.h"
#include "ld-result.h"
#include "../http/ld-http-request.h"
#include "../service/ld-service-results.h"
#include "../store/ld-store-results.h"

G_BEGIN_DECLS

/* How many results one request may change: more than any order holds. */
#define LD_API_MAX_RESULT_ITEMS 200

/* What a list element of an entry, verification or amendment names. */
typedef enum
{
  LD_ITEM_NO_VALUE,       /* test_code, version and a verifier's critical_call */
  LD_ITEM_VALUE_OR_NULL,  /* and a value, null clearing a draft */
  LD_ITEM_VALUE,          /* and a value */
} LdItemValue;

/* Reads one element of a list of objects; see ld_api_read_items(). */
typedef void (*LdApiItemFunc) (LdJsonReader *item,
                               guint         index,
                               gpointer      user_data);

gboolean  ld_api_read_items          (LdJsonReader    *reader,
                                      const char      *name,
                                      guint            max_items,
                                      LdApiItemFunc    read_item,
                                      gpointer         user_data);
char     *ld_api_item_field          (const char      *list,
                                      guint            index,
                                      const char      *member);
GArray   *ld_api_read_result_items   (LdJsonReader    *reader,
                                      LdItemValue      value_mode);
gboolean  ld_api_results_refused     (LdHttpRequest   *req,
                                      JsonNode        *current,
                                      GError         **local,
                                      GError         **error);
void      ld_api_results_respond     (LdHttpRequest   *req,
                                      guint            status,
                                      const LdOrder   *order,
                                      GPtrArray       *results,
                                      const LdReportVersion *report);

G_END_DECLS
