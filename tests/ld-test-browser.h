/* ld-test-browser.h: a patient's browser on the patient pages, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* One patient's browser. */
typedef struct
{
  SoupSession *session;
  const char  *base;
  /* (nullable): the one origin besides ours a page may load script from */
  const char  *gateway;
  char        *cookie; /* "ld_my=…", or NULL */
  char        *csrf;
} LdTestBrowser;

/* One answer, as the browser got it. */
typedef struct
{
  guint  status;
  char  *body;
  char  *location;
  char  *set_cookie;
  char  *content_type;
  gsize  length;
} LdTestPage;

/* A browser on the server at @base (its URI); @gateway, the payment
 * gateway's origin the pay page may load script from, or NULL. Both are
 * borrowed. */
LdTestBrowser *ld_test_browser_new          (const char       *base,
                                             const char       *gateway);
void           ld_test_browser_free         (LdTestBrowser    *browser);
LdTestPage    *ld_test_browser_send         (LdTestBrowser    *browser,
                                             const char       *method,
                                             const char       *path,
                                             const char       *content_type,
                                             const char       *body,
                                             gsize             body_length,
                                             const char       *bearer);
LdTestPage    *ld_test_browser_get          (LdTestBrowser    *browser,
                                             const char       *path);
/* POST of name, value pairs up to NULL; "csrf" is added when @with_csrf. */
LdTestPage    *ld_test_browser_post         (LdTestBrowser    *browser,
                                             const char       *path,
                                             gboolean          with_csrf,
                                             ...) G_GNUC_NULL_TERMINATED;
void           ld_test_page_free            (LdTestPage       *page);
void           ld_test_page_assert_contains (const LdTestPage *page,
                                             const char       *text);
char          *ld_test_page_dup_hidden      (const LdTestPage *page,
                                             const char       *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestBrowser, ld_test_browser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestPage, ld_test_page_free)

G_END_DECLS
