/* ld-mime.c: an e-mail message in MIME
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 5322 headers with CRLF line ends; a multipart/alternative body with
 * text/plain and text/html parts, each UTF-8 in base64 (76-column lines),
 * so no body line can be too long or start a header. The Subject and the
 * sender's display name are RFC 2047 encoded words ("=?UTF-8?B?…?="), so
 * nothing a patient typed reaches a header as it was typed: a newline in a
 * name cannot add a header. Addresses are refused unless they are plain
 * local@domain with no space, control character or angle bracket.
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ld-mime.h"
#include "ld-time.h"

/* 39 bytes of UTF-8 give 52 characters of base64: with "=?UTF-8?B?" and
 * "?=" an encoded word is 64, within RFC 2047's 75, and a header line
 * ("Subject: " and one word) within RFC 5322's 78. */
#define ENCODED_WORD_BYTES 39

/**
 * ld_mime_address_is_valid:
 * @address: (nullable): what is said to be an e-mail address
 *
 * Returns: %TRUE for one plain address: a local part and a domain with a
 *   dot, no spaces, control characters, quotes, commas or angle brackets
 */
gboolean
ld_mime_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || *address == '\0' || strlen (address) > 254 ||
      !g_utf8_validate (address, -1, NULL))
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p == 0x7f || strchr ("<>()[],;:\"\\", *p) != NULL)
      return FALSE;

  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;
  at++;
  return *at != '.' && strchr (at, '.') != NULL && !g_str_has_suffix (at, ".") &&
         strstr (at, "..") == NULL;
}

/**
 * ld_mime_encode_header:
 * @value: a header's text, any UTF-8
 *
 * Line breaks and other control characters become spaces first.
 *
 * Returns: (transfer full): @value as RFC 2047 encoded words, folded with
 *   CRLF and a space between them
 */
char *
ld_mime_encode_header (const char *value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *clean = NULL;
  const char *p;

  g_return_val_if_fail (value != NULL, NULL);

  clean = g_utf8_make_valid (value, -1);
  for (char *c = clean; *c != '\0'; c++)
    if ((guchar) *c < ' ' || (guchar) *c == 0x7f)
      *c = ' ';

  p = clean;
  do
    {
      const char *end = p;
      g_autofree char *b64 = NULL;

      const char *after_space = NULL;

      /* Whole characters only: an encoded word may not split one. Where
       * it can, a word ends after a space, so a reader that (wrongly)
       * puts a space between encoded words does not cut a word in two. */
      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > ENCODED_WORD_BYTES)
            break;
          if (*end == ' ')
            after_space = next;
          end = next;
        }
      if (*end != '\0' && after_space != NULL)
        end = after_space;
      b64 = g_base64_encode ((const guchar *) p, end - p);
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
      p = end;
    }
  while (*p != '\0');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_base64_lines (GString      *out,
                     const guchar *data,
                     gsize         size)
{
  g_autofree char *b64 = g_base64_encode (data, size);
  gsize len = strlen (b64);

  for (gsize i = 0; i < len; i += 76)
    {
      g_string_append_len (out, b64 + i, MIN (76, len - i));
      g_string_append (out, "\r\n");
    }
}

static void
append_base64_body (GString    *out,
                    const char *body)
{
  g_autoptr(GString) crlf = g_string_new (NULL);

  /* Text parts end their lines with CRLF once decoded, as RFC 2046 asks. */
  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p == '\n' && (p == body || p[-1] != '\r'))
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, *p);
    }

  append_base64_lines (out, (const guchar *) crlf->str, crlf->len);
}

static void
append_part (GString    *out,
             const char *boundary,
             const char *type,
             const char *body)
{
  if (boundary != NULL)
    g_string_append_printf (out, "--%s\r\n", boundary);
  g_string_append_printf (out,
                          "Content-Type: %s; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: base64\r\n"
                          "\r\n", type);
  append_base64_body (out, body);
}

/* RFC 5322's date, in English whatever the locale. */
static char *
format_date (gint64 date_us)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) local = ld_time_local_from_unix (date_us / G_USEC_PER_SEC);
  g_autofree char *rest = g_date_time_format (local, "%Y %H:%M:%S %z");

  return g_strdup_printf ("%s, %d %s %s", days[g_date_time_get_day_of_week (local) - 1],
                          g_date_time_get_day_of_month (local),
                          months[g_date_time_get_month (local) - 1], rest);
}

static gboolean
check_address (const char  *what,
               const char  *address,
               GError     **error)
{
  if (ld_mime_address_is_valid (address))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "The %s address is not an e-mail address.", what);
  return FALSE;
}

/* A file name that needs no quoting nor encoding in a header. */
static gboolean
check_attachment (const LdMimeMessage  *message,
                  GError              **error)
{
  const char *name = message->attachment_name;

  if (message->attachment == NULL)
    return TRUE;
  if (name != NULL && name[0] != '\0' && name[0] != '.' && strlen (name) <= 100 &&
      strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
        strlen (name) &&
      message->attachment_type != NULL &&
      strspn (message->attachment_type, "abcdefghijklmnopqrstuvwxyz0123456789/.+-") ==
        strlen (message->attachment_type))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The attachment's file name or type cannot go in a header.");
  return FALSE;
}

/* The text, or the text and the HTML as multipart/alternative, with
 * their Content-Type: a message's whole body, or its first part. */
static void
append_body (GString             *out,
             const LdMimeMessage *message)
{
  g_autofree char *uuid = NULL;
  g_autofree char *boundary = NULL;

  if (message->html == NULL)
    {
      append_part (out, NULL, "text/plain", message->text);
      return;
    }

  /* "=_" never occurs in base64, so the boundary cannot occur in a part. */
  uuid = g_uuid_string_random ();
  boundary = g_strdup_printf ("=_labdesk_%s", uuid);
  g_string_append_printf (out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n",
                          boundary);
  append_part (out, boundary, "text/plain", message->text);
  append_part (out, boundary, "text/html", message->html);
  g_string_append_printf (out, "--%s--\r\n", boundary);
}

/**
 * ld_mime_build:
 * @message: what the message says
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the message as sent over SMTP,
 *   CRLF line ends; %NULL with @error set when an address or the
 *   Message-ID is not one
 */
char *
ld_mime_build (const LdMimeMessage  *message,
               GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *date = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *boundary = NULL;

  g_return_val_if_fail (message != NULL && message->subject != NULL, NULL);
  g_return_val_if_fail (message->text != NULL && message->message_id != NULL, NULL);

  if (!check_address ("From", message->from, error) ||
      !check_address ("To", message->to, error) ||
      (message->reply_to != NULL && !check_address ("Reply-To", message->reply_to, error)) ||
      !check_address ("Message-ID", message->message_id, error) ||
      !check_attachment (message, error))
    return NULL;

  date = format_date (message->date_us);
  subject = ld_mime_encode_header (message->subject);
  g_string_append_printf (out, "Date: %s\r\n", date);
  if (message->from_name != NULL && message->from_name[0] != '\0')
    {
      g_autofree char *name = ld_mime_encode_header (message->from_name);

      g_string_append_printf (out, "From: %s\r\n <%s>\r\n", name, message->from);
    }
  else
    g_string_append_printf (out, "From: <%s>\r\n", message->from);
  if (message->reply_to != NULL)
    g_string_append_printf (out, "Reply-To: <%s>\r\n", message->reply_to);
  g_string_append_printf (out, "To: <%s>\r\n", message->to);
  g_string_append_printf (out, "Subject: %s\r\n", subject);
  g_string_append_printf (out, "Message-ID: <%s>\r\n", message->message_id);
  g_string_append (out, "MIME-Version: 1.0\r\n");

  if (message->attachment == NULL)
    {
      append_body (out, message);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  /* The body, then the file: multipart/mixed. */
  uuid = g_uuid_string_random ();
  boundary = g_strdup_printf ("=_labdesk_mixed_%s", uuid);
  g_string_append_printf (out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n",
                          boundary);
  g_string_append_printf (out, "--%s\r\n", boundary);
  append_body (out, message);
  g_string_append_printf (out,
                          "--%s\r\n"
                          "Content-Type: %s;\r\n name=\"%s\"\r\n"
                          "Content-Disposition: attachment;\r\n filename=\"%s\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n"
                          "\r\n",
                          boundary, message->attachment_type, message->attachment_name,
                          message->attachment_name);
  append_base64_lines (out, g_bytes_get_data (message->attachment, NULL),
                       g_bytes_get_size (message->attachment));
  g_string_append_printf (out, "--%s--\r\n", boundary);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
