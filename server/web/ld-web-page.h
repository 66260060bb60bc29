/* ld-web-page.h: one patient page: its language, session, form and answer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-http-request.h"
#include "ld-web-html.h"
#include "ld-web-i18n.h"
#include "../store/ld-store-web.h"

G_BEGIN_DECLS

#define LD_WEB_SESSION_COOKIE "ld_my"
#define LD_WEB_LANGUAGE_COOKIE "ld_lang"
/* A form is a few fields: anything larger is refused before it is read. */
#define LD_WEB_MAX_FORM_BYTES (8 * 1024)
#define LD_WEB_STATUS_TOO_MANY_REQUESTS 429

typedef struct
{
  LdHttpRequest   *req;
  const char      *lang;
  /* The signed-in account's session; token_hash NULL when signed out. */
  char            *token_hash;
  LdWebSessionRow  session;
  GHashTable      *form;
  /* field, message pairs for the error summary */
  GPtrArray       *errors;
  LdHtml          *html;
} LdWebPage;

/* A page's words: TR (N_("Sign in")) in the page's language. */
#define TR(msgid) ld_web_translate (page->lang, (msgid))

LdWebPage  *ld_web_page_new          (LdHttpRequest  *req);
void        ld_web_page_free         (LdWebPage      *page);
gboolean    ld_web_page_signed_in    (LdWebPage      *page);
gboolean    ld_web_page_read_form    (LdWebPage      *page,
                                      gboolean        check_csrf);
const char *ld_web_page_field        (LdWebPage      *page,
                                      const char     *name);
void        ld_web_page_add_error    (LdWebPage      *page,
                                      const char     *field,
                                      const char     *message);
void        ld_web_page_begin        (LdWebPage      *page,
                                      const char     *title);
void        ld_web_page_csrf_field   (LdWebPage      *page);
void        ld_web_page_input        (LdWebPage      *page,
                                      const char     *name,
                                      const char     *label,
                                      const char     *hint,
                                      const char     *type,
                                      const char     *value,
                                      const char     *autocomplete);
void        ld_web_page_radios (LdWebPage          *page,
                                const char         *name,
                                const char         *legend,
                                const char        *const *values,
                                const char        *const *labels);
void        ld_web_page_button       (LdWebPage      *page,
                                      const char     *label);
void        ld_web_page_finish       (LdWebPage      *page,
                                      guint           status);
void        ld_web_page_message      (LdWebPage      *page,
                                      guint           status,
                                      const char     *title,
                                      const char     *message);
void        ld_web_page_redirect     (LdWebPage      *page,
                                      const char     *location);
void        ld_web_page_set_cookie   (LdWebPage      *page,
                                      const char     *name,
                                      const char     *value,
                                      gint64          max_age_s,
                                      gboolean        http_only);
void        ld_web_page_set_headers  (LdWebPage      *page,
                                      gboolean        personal);
gboolean    ld_web_page_require_session (LdWebPage   *page);

char       *ld_web_fill              (const char     *text,
                                      const char     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdWebPage, ld_web_page_free)

G_END_DECLS
