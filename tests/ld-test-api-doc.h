/* ld-test-api-doc.h: docs/api.md as tests read it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *method;
  char *path;
  /* The section's first JSON example: its request body, as written. */
  char *body;
} LdTestApiExample;

/* The text of docs/api.md. */
char      *ld_test_api_doc_read      (void);
/* Every ```json block of @doc, in order, as written. */
GPtrArray *ld_test_api_doc_json_blocks (const char *doc);
/* (element-type LdTestApiExample): each "### POST|PATCH|PUT path"
 * section's first JSON example. */
GPtrArray *ld_test_api_doc_requests  (const char *doc);

G_END_DECLS
