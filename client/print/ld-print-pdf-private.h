/* ld-print-pdf-private.h: the kept report, fetched for a task of the caller's
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-print-pdf.h"

G_BEGIN_DECLS

typedef void (*LdPrintFetchedFunc) (GTask           *task,
                                    PopplerDocument *document);

void ld_print_fetch_report_then (GTask              *task,
                                 LdApiClient        *client,
                                 const char         *order_id,
                                 gint64              version,
                                 const char         *expected_sha256,
                                 LdPrintFetchedFunc  then);

G_END_DECLS
