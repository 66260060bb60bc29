/* ld-icd10-file.h: an ICD-10 code list read from a CSV or tab-separated file
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-icd10.h"

G_BEGIN_DECLS

/* The largest file read: a list of 100,000 codes with long titles is
 * about 12 MiB as JSON, less as CSV. */
#define LD_ICD10_FILE_MAX_BYTES (16 * 1024 * 1024)

GPtrArray *ld_icd10_file_parse       (const char           *data,
                                      gsize                 length,
                                      GError              **error);
void       ld_icd10_file_load_async  (GFile                *file,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GPtrArray *ld_icd10_file_load_finish (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
