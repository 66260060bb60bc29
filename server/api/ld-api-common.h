/* ld-api-common.h: what several handlers share; see ld-api-common.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"
#include "ld-order.h"
#include "../http/ld-http-request.h"
#include "../store/ld-store-orders.h"

G_BEGIN_DECLS

void      ld_api_order_respond        (LdHttpRequest  *req,
                                       guint           status,
                                       const LdOrder  *order);
void      ld_api_order_respond_stale  (LdHttpRequest  *req,
                                       const LdOrder  *order);
char     *ld_api_order_cursor         (gconstpointer   item);
gboolean  ld_api_parse_order_cursor   (const char     *cursor,
                                       gint64         *out_created_us,
                                       const char    **out_id);
void      ld_api_refuse_query         (GError        **error,
                                       const char     *name,
                                       const char     *problem);
typedef GPtrArray *(*LdOrderListFunc) (LdStore              *store,
                                       const LdOrderFilter  *filter,
                                       GError              **error);

gboolean ld_api_order_page (LdHttpRequest  *req,
                            LdOrderFilter  *filter,
                            guint           limit,
                            LdOrderListFunc list,
                            const char     *action,
                            LdJsonWriteFunc write_item,
                            GError        **error);
gboolean ld_api_parse_day (const char *text,
                           GTimeZone  *zone,
                           gint64     *out_from_us,
                           gint64     *out_until_us);
gboolean ld_api_query_get_day (LdHttpRequest *req,
                               const char    *name,
                               gboolean       required,
                               gint64        *out_from_us,
                               gint64        *out_until_us,
                               GError       **error);

G_END_DECLS
