/* ld-web-page.c: one patient page: its language, session, form and answer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every page under /my/ is made here: the language from its cookie, the
 * web session from its cookie (a web session only: a staff bearer token
 * means nothing here, and this cookie nothing to the API), the form read
 * with its CSRF token checked, and the answer with the headers that keep
 * the page to itself. The layout is for a phone first, after the GOV.UK
 * patterns: one thing per page, the errors summed up at the top with
 * links to their fields, a label on every input.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "ld-patient-rules.h"
#include "ld-web-page.h"
#include "ld-service-web-session.h"
#include "../domain/ld-password.h"

static const char *
get_cookie (LdWebPage  *page,
            const char *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (page->req->msg);
  const char *header = soup_message_headers_get_list (headers, "Cookie");
  g_autoptr(GHashTable) cookies = NULL;
  char *value;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  value = g_hash_table_lookup (cookies, name);
  if (value == NULL)
    return NULL;
  /* Kept on the request: its value outlives the table. */
  value = g_strdup (value);
  g_object_set_data_full (G_OBJECT (page->req->msg), name, value, g_free);
  return value;
}

/**
 * ld_web_page_new:
 * @req: a request under /my/
 *
 * Returns: (transfer full): the page, with its language and, if the
 *   request carries a live web session, that session
 */
LdWebPage *
ld_web_page_new (LdHttpRequest *req)
{
  LdWebPage *page = g_new0 (LdWebPage, 1);
  const char *lang;
  const char *token;

  page->req = req;
  page->errors = g_ptr_array_new_with_free_func (g_free);
  lang = get_cookie (page, LD_WEB_LANGUAGE_COOKIE);
  page->lang = ld_web_language_is_known (lang) ? lang : "en";

  token = get_cookie (page, LD_WEB_SESSION_COOKIE);
  if (token != NULL && strlen (token) < 128)
    {
      g_autofree char *hash = ld_token_hash (token);

      if (ld_service_web_session_check (req->store, hash, &page->session))
        page->token_hash = g_steal_pointer (&hash);
    }
  return page;
}

void
ld_web_page_free (LdWebPage *page)
{
  if (page == NULL)
    return;

  g_free (page->token_hash);
  ld_web_session_row_clear (&page->session);
  g_clear_pointer (&page->form, g_hash_table_unref);
  g_clear_pointer (&page->errors, g_ptr_array_unref);
  g_clear_pointer (&page->html, ld_html_free);
  g_free (page);
}

gboolean
ld_web_page_signed_in (LdWebPage *page)
{
  return page->token_hash != NULL;
}

/* In constant time: the token is a secret. */
static gboolean
csrf_matches (const char *expected,
                             const char *given)
{
  gsize len;

  if (expected == NULL || given == NULL)
    return FALSE;
  len = strlen (expected);
  return len > 0 && strlen (given) == len && sodium_memcmp (expected, given, len) == 0;
}

/**
 * ld_web_page_read_form:
 * @page: a page answering a POST
 * @check_csrf: whether the form must carry the session's CSRF token
 *
 * Reads an application/x-www-form-urlencoded body of at most
 * %LD_WEB_MAX_FORM_BYTES. On failure the page's answer is already set.
 *
 * Returns: %TRUE if the form was read (and its token is the session's)
 */
gboolean
ld_web_page_read_form (LdWebPage *page,
                       gboolean   check_csrf)
{
  SoupServerMessage *msg = page->req->msg;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  const char *value;
  const char *token;
  gsize size;

  if (body->length > LD_WEB_MAX_FORM_BYTES)
    {
      ld_web_page_message (page, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, TR (N_("Form too large")),
                           TR (N_("What you sent is larger than this form allows. Go back and "
                                  "try again with less.")));
      return FALSE;
    }
  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0 || strlen (text) != size ||
      !g_utf8_validate (text, -1, NULL) ||
      (page->form = soup_form_decode (text)) == NULL)
    {
      ld_web_page_message (page, SOUP_STATUS_BAD_REQUEST, TR (N_("The form could not be read")),
                           TR (N_("What the browser sent is not a form this page understands. "
                                  "Go back and try again.")));
      return FALSE;
    }
  g_hash_table_iter_init (&iter, page->form);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &value))
    if (!g_utf8_validate (value, -1, NULL) || strlen (value) > 2000)
      {
        ld_web_page_message (page, SOUP_STATUS_BAD_REQUEST,
                             TR (
                               N_("The form could not be read")),
                               TR (N_("A field holds more than this form allows. Go back and try "
                                    "again.")));
        return FALSE;
      }

  if (!check_csrf)
    return TRUE;
  token = g_hash_table_lookup (page->form, "csrf");
  if (!ld_web_page_signed_in (page) || token == NULL ||
      !csrf_matches (page->session.csrf, token))
    {
      ld_web_page_message (page, SOUP_STATUS_FORBIDDEN, TR (N_("Please try again")),
                           TR (N_("This form has expired or did not come from this site. Go "
                                  "back, reload the page and send it again.")));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_web_page_field:
 *
 * Returns: (transfer none) (nullable): the form's field, trimmed of
 *   nothing; %NULL when absent
 */
const char *
ld_web_page_field (LdWebPage  *page,
                   const char *name)
{
  return page->form != NULL ? g_hash_table_lookup (page->form, name) : NULL;
}

void
ld_web_page_add_error (LdWebPage  *page,
                       const char *field,
                       const char *message)
{
  g_ptr_array_add (page->errors, g_strdup (field));
  g_ptr_array_add (page->errors, g_strdup (message));
}

static const char *
find_error (LdWebPage  *page,
            const char *field)
{
  for (guint i = 0; i + 1 < page->errors->len; i += 2)
    if (g_strcmp0 (g_ptr_array_index (page->errors, i), field) == 0)
      return g_ptr_array_index (page->errors, i + 1);
  return NULL;
}

void
ld_web_page_set_headers (LdWebPage *page,
                         gboolean   personal)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (page->req->msg);

  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'self'; script-src 'none'; object-src 'none'; "
                                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Cache-Control",
                                personal ? "no-store" : "public, max-age=3600");
}

/* The path of this page with its query, for the language switch to come back to. */
static char *
dup_back_path (LdWebPage *page)
{
  GUri *uri = soup_server_message_get_uri (page->req->msg);

  if (g_str_equal (page->req->method, "GET") && g_str_has_prefix (g_uri_get_path (uri), "/my/"))
    return g_strdup (g_uri_get_path (uri));
  return g_strdup ("/my/");
}

/**
 * ld_web_page_begin:
 * @page: a page
 * @title: its heading, in the page's language
 *
 * Starts the page: the head, the banner with the language switch and, when
 * there are errors, their summary.
 */
void
ld_web_page_begin (LdWebPage  *page,
                   const char *title)
{
  g_autofree char *back = dup_back_path (page);
  g_autofree char *other = NULL;
  g_autofree char *escaped_back = g_uri_escape_string (back, "/", FALSE);
  g_autofree char *full_title = NULL;
  gboolean hindi = g_str_equal (page->lang, "hi");
  LdHtml *html;

  g_return_if_fail (page->html == NULL);

  html = page->html = ld_html_new ();
  full_title = page->errors->len > 0
                 ? g_strconcat (TR (N_("Error:")), " ", title, NULL)
                 : g_strdup (title);
  ld_html_open (html, "html", "lang", page->lang, NULL);
  ld_html_open (html, "head", NULL);
  ld_html_void (html, "meta", "charset", "utf-8", NULL);
  ld_html_void (html, "meta", "name", "viewport", "content",
                "width=device-width, initial-scale=1", NULL);
  ld_html_void (html, "meta", "name", "robots", "content", "noindex", NULL);
  ld_html_element (html, "title", full_title, NULL);
  ld_html_void (html, "link", "rel", "stylesheet", "href", "/my/style.css", NULL);
  ld_html_close (html, "head");
  ld_html_open (html, "body", NULL);
  ld_html_element (html, "a", TR (N_("Skip to main content")), "href", "#main", "class",
                   "skip", NULL);
  ld_html_open (html, "header", "class", "banner", NULL);
  ld_html_element (html, "a", TR (N_("Your lab tests")), "href", "/my/", "class", "brand", NULL);
  ld_html_open (html, "nav", "aria-label", TR (N_("Language")), NULL);
  other = g_strdup_printf ("/my/lang?to=%s&back=%s", hindi ? "en" : "hi", escaped_back);
  ld_html_element (html, "a", hindi ? "English" : "हिन्दी", "href", other, "lang",
                   hindi ? "en" : "hi", "hreflang", hindi ? "en" : "hi", "class", "lang", NULL);
  ld_html_close (html, "nav");
  ld_html_close (html, "header");
  ld_html_open (html, "main", "id", "main", NULL);

  if (page->errors->len > 0)
    {
      ld_html_open (html, "div", "class", "error-summary", "role", "alert", "tabindex", "-1",
                    NULL);
      ld_html_element (html, "h2", TR (N_("There is a problem")), NULL);
      ld_html_open (html, "ul", NULL);
      for (guint i = 0; i + 1 < page->errors->len; i += 2)
        {
          g_autofree char *href =
            g_strdup_printf ("#%s", (char *) g_ptr_array_index (page->errors, i));

          ld_html_open (html, "li", NULL);
          ld_html_element (html, "a", g_ptr_array_index (page->errors, i + 1), "href", href,
                           NULL);
          ld_html_close (html, "li");
        }
      ld_html_close (html, "ul");
      ld_html_close (html, "div");
    }
  ld_html_element (html, "h1", title, NULL);
}

void
ld_web_page_csrf_field (LdWebPage *page)
{
  g_return_if_fail (ld_web_page_signed_in (page));

  ld_html_void (page->html, "input", "type", "hidden", "name", "csrf", "value",
                page->session.csrf, NULL);
}

/**
 * ld_web_page_input:
 * @page: a page
 * @name: the field's name and id
 * @label: its label, in the page's language
 * @hint: (nullable): a hint under the label
 * @type: "text", "email", …
 * @value: (nullable): what it holds
 * @autocomplete: (nullable): the autocomplete token
 *
 * A labelled input, with its error (from the summary) above it.
 */
void
ld_web_page_input (LdWebPage  *page,
                   const char *name,
                   const char *label,
                   const char *hint,
                   const char *type,
                   const char *value,
                   const char *autocomplete)
{
  LdHtml *html = page->html;
  const char *error = find_error (page, name);
  g_autofree char *hint_id = g_strdup_printf ("%s-hint", name);
  g_autofree char *error_id = g_strdup_printf ("%s-error", name);
  g_autofree char *described =
    g_strdup_printf ("%s%s%s", hint != NULL ? hint_id : "",
                     hint != NULL && error != NULL ? " " : "", error != NULL ? error_id : "");

  ld_html_open (html, "div", "class", error != NULL ? "field field-error" : "field", NULL);
  ld_html_element (html, "label", label, "for", name, NULL);
  if (hint != NULL)
    ld_html_element (html, "p", hint, "class", "hint", "id", hint_id, NULL);
  if (error != NULL)
    ld_html_element (html, "p", error, "class", "error", "id", error_id, NULL);
  ld_html_void (html, "input", "type", type, "id", name, "name", name, "value", value,
                "autocomplete", autocomplete, "aria-describedby",
                *described != '\0' ? described : NULL, "aria-invalid",
                error != NULL ? "true" : NULL, "spellcheck", "false", NULL);
  ld_html_close (html, "div");
}

/**
 * ld_web_page_radios:
 * @page: a page
 * @name: the field's name; each radio's id is @name-value, the first of
 *   which an error names
 * @legend: the question, in the page's language
 * @values: the values, %NULL-terminated
 * @labels: their labels as N_() msgids, one for each value
 *
 * A fieldset of radios, the form's value checked, with its error above.
 */
void
ld_web_page_radios (LdWebPage          *page,
                    const char         *name,
                    const char         *legend,
                    const char * const *values,
                    const char * const *labels)
{
  LdHtml *html = page->html;
  const char *chosen = ld_web_page_field (page, name);
  g_autofree char *first_id = g_strdup_printf ("%s-%s", name, values[0]);
  const char *error = find_error (page, first_id);

  ld_html_open (html, "fieldset", "class", error != NULL ? "field field-error" : "field", NULL);
  ld_html_element (html, "legend", legend, NULL);
  if (error != NULL)
    ld_html_element (html, "p", error, "class", "error", NULL);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%s", name, values[i]);

      ld_html_open (html, "div", "class", "radio", NULL);
      ld_html_void (html, "input", "type", "radio", "id", id, "name", name, "value", values[i],
                    "checked", g_strcmp0 (chosen, values[i]) == 0 ? "" : NULL, NULL);
      ld_html_element (html, "label", TR (labels[i]), "for", id, NULL);
      ld_html_close (html, "div");
    }
  ld_html_close (html, "fieldset");
}

void
ld_web_page_button (LdWebPage  *page,
                    const char *label)
{
  ld_html_element (page->html, "button", label, "type", "submit", "class", "button", NULL);
}

/**
 * ld_web_page_finish:
 * @page: a begun page
 * @status: the HTTP status
 *
 * Ends the page (the footer, with sign-out when signed in) and sets it as
 * the answer.
 */
void
ld_web_page_finish (LdWebPage *page,
                    guint      status)
{
  LdHtml *html = page->html;
  char *body;

  g_return_if_fail (html != NULL);

  ld_html_close (html, "main");
  ld_html_open (html, "footer", NULL);
  if (ld_web_page_signed_in (page))
    {
      g_autofree char *who = page->session.email != NULL
                               ? g_strdup (page->session.email)
                               : ld_patient_phone_display (page->session.phone);

      ld_html_element (html, "p", who, "class", "who", NULL);
      ld_html_open (html, "form", "method", "post", "action", "/my/sign-out", NULL);
      ld_web_page_csrf_field (page);
      ld_html_element (html, "button", TR (N_("Sign out")), "type", "submit", "class",
                       "link-button", NULL);
      ld_html_close (html, "form");
      ld_html_open (html, "form", "method", "post", "action", "/my/sign-out-everywhere", NULL);
      ld_web_page_csrf_field (page);
      ld_html_element (html, "button", TR (N_("Sign out on every device")), "type", "submit",
                       "class", "link-button", NULL);
      ld_html_close (html, "form");
    }
  ld_html_close (html, "footer");
  ld_html_close (html, "body");
  ld_html_close (html, "html");
  page->html = NULL;
  body = ld_html_steal (html, NULL);

  ld_web_page_set_headers (page, TRUE);
  ld_http_respond_text (page->req, status, "text/html; charset=utf-8", body);
}

/* A page that only says something, such as a refusal. */
void
ld_web_page_message (LdWebPage  *page,
                     guint       status,
                     const char *title,
                     const char *message)
{
  g_clear_pointer (&page->html, ld_html_free);
  ld_web_page_begin (page, title);
  ld_html_element (page->html, "p", message, NULL);
  ld_html_open (page->html, "p", NULL);
  ld_html_element (page->html, "a", TR (N_("Go to the start")), "href", "/my/", NULL);
  ld_html_close (page->html, "p");
  ld_web_page_finish (page, status);
}

/* After a POST: 303 to a page of this site (@location starts with /my/). */
void
ld_web_page_redirect (LdWebPage  *page,
                      const char *location)
{
  g_return_if_fail (g_str_has_prefix (location, "/my/"));

  ld_web_page_set_headers (page, TRUE);
  soup_message_headers_replace (soup_server_message_get_response_headers (page->req->msg),
                                "Location", location);
  ld_http_respond_text (page->req, SOUP_STATUS_SEE_OTHER, "text/plain; charset=utf-8",
                        g_strdup (""));
}

/**
 * ld_web_page_set_cookie:
 * @page: a page
 * @name: the cookie
 * @value: (nullable): its value; %NULL removes it
 * @max_age_s: how long the browser keeps it; -1: for the browser's session
 * @http_only: whether scripts may not read it
 *
 * Path=/my/, SameSite=Lax, and Secure when the page came over TLS. The
 * header is written here, not by SoupCookie, which wants a Domain: a
 * cookie without one stays with the host that set it.
 */
void
ld_web_page_set_cookie (LdWebPage  *page,
                        const char *name,
                        const char *value,
                        gint64      max_age_s,
                        gboolean    http_only)
{
  GUri *uri = soup_server_message_get_uri (page->req->msg);
  g_autoptr(GString) header = g_string_new (NULL);

  /* Our names and values (tokens in base64url, "en", "hi") need no quoting. */
  g_return_if_fail (name != NULL && name[strcspn (name, "=; \t\r\n\",\\")] == '\0');
  g_return_if_fail (value == NULL || value[strcspn (value, "; \t\r\n\",\\")] == '\0');

  g_string_append_printf (header, "%s=%s", name, value != NULL ? value : "");
  if (value == NULL)
    g_string_append (header, "; Max-Age=0");
  else if (max_age_s >= 0)
    g_string_append_printf (header, "; Max-Age=%" G_GINT64_FORMAT, max_age_s);
  g_string_append (header, "; Path=/my/; SameSite=Lax");
  if (http_only)
    g_string_append (header, "; HttpOnly");
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    g_string_append (header, "; Secure");
  soup_message_headers_append (soup_server_message_get_response_headers (page->req->msg),
                               "Set-Cookie", header->str);
}

/**
 * ld_web_page_require_session:
 * @page: a page that needs a signed-in account
 *
 * Returns: %TRUE if signed in; else the answer is set: a GET goes to the
 *   sign-in page, a POST is refused
 */
gboolean
ld_web_page_require_session (LdWebPage *page)
{
  if (ld_web_page_signed_in (page))
    return TRUE;

  if (g_str_equal (page->req->method, "GET"))
    ld_web_page_redirect (page, "/my/");
  else
    ld_web_page_message (page, SOUP_STATUS_FORBIDDEN,
                         TR (
                           N_("Please sign in")),
                           TR (N_("You are signed out, perhaps because you were away for a while. "
                                "Sign in again, then send the form again.")));
  return FALSE;
}

/**
 * ld_web_fill:
 * @text: a translated message holding "%s" once
 * @value: what goes in its place
 *
 * Translated messages are never printf formats: a translation cannot
 * then make the server read what is not there.
 *
 * Returns: (transfer full): @text with @value in place of its "%s"
 */
char *
ld_web_fill (const char *text,
             const char *value)
{
  const char *at = strstr (text, "%s");

  if (at == NULL)
    return g_strdup (text);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, value, at + 2);
}
