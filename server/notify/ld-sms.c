/* ld-sms.c: one SMS through an HTTPS gateway
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Indian SMS gateways take a message as one HTTP request: a JSON or form
 * body with the number, the text, the registered (DLT) template id and the
 * sender id, and an API key in a header. The body is the [sms] group's
 * template, each value escaped for its content type, so no value can add
 * a member or a field. libcurl sends it, the certificate always checked.
 * The answer is classified for the sender as the SMTP one is: 2xx is sent
 * (the gateway's message id kept when [sms] says where its JSON has it);
 * 429, 5xx, a refused or timed out connection are temporary; any other
 * status is permanent, recorded with the answer's text. An answer that
 * never came counts as temporary: the gateway may then have the message
 * twice (at least once, as for e-mail).
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-sms.h"

/* An answer is a short JSON object; more than this is not read. */
#define MAX_ANSWER_BYTES (64 * 1024)
/* What of a refusal's answer goes into the last error. */
#define MAX_PROBLEM_CHARS 300

typedef struct
{
  GString        *answer;
  LdSmtpStopFunc  stop;
  gpointer        stop_data;
} Transfer;

static void
append_json_escaped (GString    *out,
                     const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
}

/**
 * ld_sms_build_body:
 * @sms: the [sms] group
 * @to: the number, E.164 ("+919845011111")
 * @text: the message
 * @template_id: its registered template id
 *
 * Fills the body template: {to} is the number with its "+", {to_digits}
 * without it, {text}, {template_id} and {sender}; each value is escaped
 * as a JSON string's contents or form-encoded, as the content type says.
 *
 * Returns: (transfer full): the request's body
 */
char *
ld_sms_build_body (const LdSmsConfig *sms,
                   const char        *to,
                   const char        *text,
                   const char        *template_id)
{
  const char *names[] = { "{to}", "{to_digits}", "{text}", "{template_id}", "{sender}" };
  const char *values[] = { to, to + (to[0] == '+'), text, template_id, sms->sender };
  gboolean json;
  GString *out = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (sms != NULL && to != NULL && text != NULL && template_id != NULL, NULL);

  json = g_str_equal (sms->content_type, "application/json");
  p = sms->body;
  while (*p != '\0')
    {
      gboolean matched = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (names) && !matched; i++)
        if (g_str_has_prefix (p, names[i]))
          {
            if (json)
              append_json_escaped (out, values[i]);
            else
              g_string_append_uri_escaped (out, values[i], NULL, FALSE);
            p += strlen (names[i]);
            matched = TRUE;
          }
      if (!matched)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  count,
          void   *user_data)
{
  Transfer *transfer = user_data;
  gsize n = size * count;

  if (transfer->answer->len < MAX_ANSWER_BYTES)
    g_string_append_len (transfer->answer, data,
                         MIN (n, MAX_ANSWER_BYTES - transfer->answer->len));
  return n;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  (void) dltotal;
  (void) dlnow;
  (void) ultotal;
  (void) ulnow;
  return transfer->stop != NULL && transfer->stop (transfer->stop_data) ? 1 : 0;
}

static gpointer
init_curl (gpointer data)
{
  (void) data;
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/* The member @path (names joined by dots) of the answer, a string or a
 * number; NULL when the answer has none. */
static char *
find_message_id (const char *answer,
                 const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) names = NULL;
  JsonNode *node;

  if (path == NULL || !json_parser_load_from_data (parser, answer, -1, NULL))
    return NULL;
  node = json_parser_get_root (parser);
  names = g_strsplit (path, ".", -1);
  for (guint i = 0; names[i] != NULL && node != NULL; i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), names[i]))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), names[i]);
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return NULL;
    }
}

/* The answer's text, one line, cut short. */
static char *
describe_answer (long        status,
                 const char *answer)
{
  g_autofree char *valid = g_utf8_make_valid (answer, -1);
  g_autofree char *line = NULL;

  g_strdelimit (valid, "\r\n\t", ' ');
  g_strstrip (valid);
  if (g_utf8_strlen (valid, -1) > MAX_PROBLEM_CHARS)
    line = g_strconcat (g_utf8_substring (valid, 0, MAX_PROBLEM_CHARS), "…", NULL);
  else
    line = g_strdup (valid);
  if (line[0] == '\0')
    return g_strdup_printf ("The SMS gateway answered HTTP %ld.", status);
  return g_strdup_printf ("The SMS gateway answered HTTP %ld: %s", status, line);
}

/**
 * ld_sms_send:
 * @sms: the [sms] group
 * @body: the request's body (ld_sms_build_body())
 * @stop: (nullable): asked during the send whether to give it up
 * @stop_data: its data
 * @out_message_id: (out) (transfer full) (optional): the gateway's
 *   message id, when sent and its answer has one
 * @out_problem: (out) (transfer full) (optional): what went wrong, when it
 *   was not sent
 *
 * Sends one request; blocks for up to the configured timeout, so call it
 * from a thread of its own.
 *
 * Returns: sent, a temporary failure (try again) or a permanent one
 */
LdSmtpOutcome
ld_sms_send (const LdSmsConfig  *sms,
             const char         *body,
             LdSmtpStopFunc      stop,
             gpointer            stop_data,
             char              **out_message_id,
             char              **out_problem)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GString) answer = g_string_new (NULL);
  Transfer transfer = { answer, stop, stop_data };
  struct curl_slist *headers = NULL;
  g_autofree char *content_type = NULL;
  char curl_problem[CURL_ERROR_SIZE] = "";
  long status = 0;
  CURLcode result;
  CURL *curl;
  LdSmtpOutcome outcome;

  g_return_val_if_fail (sms != NULL && body != NULL, LD_SMTP_PERMANENT);

  g_once (&once, init_curl, NULL);
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      if (out_problem != NULL)
        *out_problem = g_strdup ("libcurl could not start");
      return LD_SMTP_TEMPORARY;
    }

  content_type = g_strconcat ("Content-Type: ", sms->content_type, NULL);
  headers = curl_slist_append (headers, content_type);
  headers = curl_slist_append (headers, "Accept: application/json");
  if (sms->api_key != NULL)
    {
      g_autoptr(GString) line = g_string_new (sms->api_key_header);

      g_string_replace (line, "{key}", sms->api_key, 0);
      headers = curl_slist_append (headers, line->str);
      memset (line->str, 0, line->len);
    }

  curl_easy_setopt (curl, CURLOPT_URL, sms->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, sms->method);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen (body));
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_problem);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) MIN (sms->timeout_s, 30));
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) sms->timeout_s);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);

  result = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  g_string_append_c (answer, '\0');
  answer->len--;

  if (result != CURLE_OK || status == 0)
    outcome = LD_SMTP_TEMPORARY;
  else if (status >= 200 && status < 300)
    outcome = LD_SMTP_SENT;
  else if (status == 429 || status >= 500)
    outcome = LD_SMTP_TEMPORARY;
  else
    outcome = LD_SMTP_PERMANENT;

  if (out_message_id != NULL && outcome == LD_SMTP_SENT)
    *out_message_id = find_message_id (answer->str, sms->message_id_member);
  if (out_problem != NULL && outcome != LD_SMTP_SENT)
    {
      if (result != CURLE_OK)
        *out_problem =
          g_strdup (curl_problem[0] != '\0' ? curl_problem : curl_easy_strerror (result));
      else
        *out_problem = describe_answer (status, answer->str);
    }

  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return outcome;
}
