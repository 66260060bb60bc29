/* ld-icd10-calls.h: the ICD-10 codes the lab has loaded, searched as a doctor types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"

G_BEGIN_DECLS

/**
 * LdIcd10Match:
 * @code: the code, "B34.9"
 * @title: what it names, "Viral infection, unspecified"
 *
 * One code of the lab's list that matches what was typed.
 */
typedef struct
{
  char *code;
  char *title;
} LdIcd10Match;

void       ld_icd10_match_free    (LdIcd10Match        *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdIcd10Match, ld_icd10_match_free)

void       ld_icd10_search_async (LdApiClient        *client,
                                  const char         *query,
                                  guint               limit,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
GPtrArray *ld_icd10_search_finish (LdApiClient  *client,
                                   GAsyncResult *result,
                                   gint64       *out_loaded,
                                   GError      **error);

G_END_DECLS
