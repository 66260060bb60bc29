/* ld-icd10-file.h: an ICD-10 code list read from a CSV or tab-separated file
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-icd10.h"

G_BEGIN_DECLS

GPtrArray *ld_icd10_file_parse (const char  *data,
                                gsize        length,
                                GError     **error);

G_END_DECLS
