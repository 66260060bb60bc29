/* ld-test-browser.c: a patient's browser on the patient pages, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain HTTP with the page's cookie and CSRF token kept, redirects not
 * followed, and every HTML page's headers checked as it comes: framing,
 * referrer, sniffing, caching and the script policy (only the pay page
 * loads script: ours and the gateway's).
 */

#include "config.h"

#include <string.h>

#include "ld-test-browser.h"

void
ld_test_page_free (LdTestPage *page)
{
  g_free (page->body);
  g_free (page->location);
  g_free (page->set_cookie);
  g_free (page->content_type);
  g_free (page);
}

LdTestBrowser *
ld_test_browser_new (const char *base,
                     const char *gateway)
{
  LdTestBrowser *browser = g_new0 (LdTestBrowser, 1);

  browser->session = soup_session_new_with_options ("timeout", 120, NULL);
  browser->base = base;
  browser->gateway = gateway;
  return browser;
}

void
ld_test_browser_free (LdTestBrowser *browser)
{
  g_object_unref (browser->session);
  g_free (browser->cookie);
  g_free (browser->csrf);
  g_free (browser);
}

/* The csrf field of the page's first form, kept for the next POST. */
static void
note_csrf (LdTestBrowser    *browser,
           const char *body)
{
  const char *at = strstr (body, "name=\"csrf\" value=\"");
  const char *end;

  if (at == NULL)
    return;
  at += strlen ("name=\"csrf\" value=\"");
  end = strchr (at, '"');
  g_free (browser->csrf);
  browser->csrf = g_strndup (at, end - at);
}

LdTestPage *
ld_test_browser_send (LdTestBrowser *browser,
                      const char    *method,
                      const char    *path,
                      const char    *content_type,
                      const char    *body,
                      gsize          body_length,
                      const char    *bearer)
{
  g_autofree char *uri = g_strconcat (browser->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  SoupMessageHeaders *response;
  LdTestPage *page = g_new0 (LdTestPage, 1);
  const char *cookie;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (browser->cookie != NULL)
    soup_message_headers_replace (headers, "Cookie", browser->cookie);
  if (bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", bearer);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  answer = soup_session_send_and_read (browser->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = soup_message_get_response_headers (msg);
  page->status = soup_message_get_status (msg);
  /* Whole, NULs and all: a PDF is compared byte for byte. */
  page->length = g_bytes_get_size (answer);
  page->body = g_malloc (page->length + 1);
  if (page->length > 0)
    memcpy (page->body, g_bytes_get_data (answer, NULL), page->length);
  page->body[page->length] = '\0';
  page->location = g_strdup (soup_message_headers_get_one (response, "Location"));
  page->set_cookie = g_strdup (soup_message_headers_get_one (response, "Set-Cookie"));
  page->content_type = g_strdup (soup_message_headers_get_content_type (response, NULL));
  cookie = page->set_cookie;
  if (cookie != NULL && g_str_has_prefix (cookie, "ld_my="))
    {
      g_free (browser->cookie);
      browser->cookie = g_strndup (cookie, strcspn (cookie, ";"));
      if (g_str_equal (browser->cookie, "ld_my="))
        g_clear_pointer (&browser->cookie, g_free);
    }
  if (page->content_type != NULL && g_str_equal (page->content_type, "text/html"))
    {
      SoupMessageHeaders *h = response;

      /* Every page keeps to itself. */
      g_assert_cmpstr (soup_message_headers_get_one (h, "X-Frame-Options"), ==, "DENY");
      g_assert_cmpstr (soup_message_headers_get_one (h, "Referrer-Policy"), ==, "no-referrer");
      g_assert_cmpstr (soup_message_headers_get_one (h, "X-Content-Type-Options"), ==, "nosniff");
      g_assert_cmpstr (soup_message_headers_get_one (h, "Cache-Control"), ==, "no-store");
      if (strstr (page->body, "<script") == NULL)
        g_assert_true (
          g_str_has_prefix (soup_message_headers_get_one (h, "Content-Security-Policy"),
                            "default-src 'self'; script-src 'none'"));
      else
        {
          /* Only the pay page has script: ours and Checkout's, from the gateway's origin. */
          g_autofree char *policy =
            g_strdup_printf ("default-src 'self'; script-src 'self' %s; frame-src %s; "
                             "object-src 'none'; frame-ancestors 'none'; "
                             "form-action 'self' %s; base-uri 'none'",
                             browser->gateway, browser->gateway, browser->gateway);

          g_assert_nonnull (browser->gateway);
          g_assert_cmpstr (soup_message_headers_get_one (h, "Content-Security-Policy"), ==,
                           policy);
        }
      note_csrf (browser, page->body);
    }
  return page;
}

LdTestPage *
ld_test_browser_get (LdTestBrowser    *browser,
     const char *path)
{
  return ld_test_browser_send (browser, "GET", path, NULL, NULL, 0, NULL);
}

LdTestPage *
ld_test_browser_post (LdTestBrowser    *browser,
      const char *path,
      gboolean    with_csrf,
      ...)
{
  g_autoptr(GString) body = g_string_new (NULL);
  const char *name;
  va_list args;

  if (with_csrf)
    {
      g_assert_nonnull (browser->csrf);
      g_string_append_printf (body, "csrf=%s", browser->csrf);
    }
  va_start (args, with_csrf);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (body, "%s%s=%s", body->len > 0 ? "&" : "", name, escaped);
    }
  va_end (args);
  return ld_test_browser_send (browser, "POST", path, "application/x-www-form-urlencoded",
                               body->str, body->len, NULL);
}

void
ld_test_page_assert_contains (const LdTestPage *page,
                 const char *text)
{
  if (strstr (page->body, text) == NULL)
    g_error ("the page (%u) does not say “%s”:\n%s", page->status, text, page->body);
}

/* The value of the hidden field @name on @page (its first). */
char *
ld_test_page_dup_hidden (const LdTestPage *page,
                         const char       *name)
{
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", name);
  const char *at = strstr (page->body, needle);

  if (at == NULL)
    g_error ("the page (%u) has no field “%s”:\n%s", page->status, name, page->body);
  at += strlen (needle);
  return g_strndup (at, strchr (at, '"') - at);
}
