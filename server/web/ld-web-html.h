/* ld-web-html.h: HTML that escapes every value by construction
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LdHtml LdHtml;

LdHtml *ld_html_new        (void);
void    ld_html_free       (LdHtml      *html);
char   *ld_html_steal      (LdHtml      *html,
                            gsize       *out_len);
void    ld_html_open       (LdHtml      *html,
                            const char  *tag,
                            ...) G_GNUC_NULL_TERMINATED;
void    ld_html_close      (LdHtml      *html,
                            const char  *tag);
void    ld_html_void       (LdHtml      *html,
                            const char  *tag,
                            ...) G_GNUC_NULL_TERMINATED;
void    ld_html_text       (LdHtml      *html,
                            const char  *text);
void    ld_html_element    (LdHtml      *html,
                            const char  *tag,
                            const char  *text,
                            ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdHtml, ld_html_free)

G_END_DECLS
