/* ld-test-api-doc.c: docs/api.md as tests read it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-api-docs holds the page to the server's routes and error table;
 * test-api-unknown-members sends its request examples. Both read the
 * page, and its JSON examples, here.
 */

#include "config.h"

#include "ld-test-api-doc.h"

#define JSON_BLOCK "^```json\\n(.*?)^```$"

char *
ld_test_api_doc_read (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "api.md", NULL);
  g_autoptr(GError) error = NULL;
  char *doc = NULL;

  g_file_get_contents (path, &doc, NULL, &error);
  g_assert_no_error (error);
  return doc;
}

GPtrArray *
ld_test_api_doc_json_blocks (const char *doc)
{
  g_autoptr(GRegex) block = g_regex_new (JSON_BLOCK, G_REGEX_MULTILINE | G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_free);

  g_regex_match (block, doc, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (blocks, g_match_info_fetch (match, 1));

  return blocks;
}

static void
example_free (LdTestApiExample *example)
{
  g_free (example->method);
  g_free (example->path);
  g_free (example->body);
  g_free (example);
}

GPtrArray *
ld_test_api_doc_requests (const char *doc)
{
  g_autoptr(GRegex) heading =
               g_regex_new ("^### (POST|PATCH|PUT) (\\S+)\\s*$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *examples = g_ptr_array_new_with_free_func ((GDestroyNotify) example_free);

  g_regex_match (heading, doc, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      gint end = 0;
      const char *section;
      const char *next;
      const char *block;
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) blocks = NULL;
      LdTestApiExample *example;

      g_match_info_fetch_pos (match, 0, NULL, &end);
      section = doc + end;
      next = strstr (section, "\n#");
      block = strstr (section, "```json\n");
      if (block == NULL || (next != NULL && block > next))
        continue;
      text = g_strndup (section, next != NULL ? (gsize) (next - section) : strlen (section));
      blocks = ld_test_api_doc_json_blocks (text);
      if (blocks->len == 0)
        continue;

      example = g_new0 (LdTestApiExample, 1);
      example->method = g_match_info_fetch (match, 1);
      example->path = g_match_info_fetch (match, 2);
      example->body = g_strdup (g_ptr_array_index (blocks, 0));
      g_ptr_array_add (examples, example);
    }

  return examples;
}
