/* ld-smtp.c: one message over SMTP submission
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libcurl's SMTP: smtp:// with STARTTLS (required, or used when offered)
 * on 587, smtps:// (implicit TLS) on 465, plain smtp:// only when the
 * configuration says tls=none; AUTH when a user is configured; the
 * certificate is always checked. The outcome is classified for the
 * sender: an SMTP reply 5xx is permanent; a 4xx reply, a refused or timed
 * out connection or any other transport failure is temporary. A message
 * whose DATA was sent but whose answer never came counts as temporary
 * too: it is sent again, and the mail server may then have it twice, with
 * the same Message-ID.
 *
 * Each thread keeps its handle, and with it the open connection, from one
 * message to the next: a storm of messages costs one connect, STARTTLS and
 * AUTH, not one per message (libcurl drops a connection idle for two
 * minutes, or found closed by the server). A failed send drops it, so the
 * next begins afresh.
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <curl/curl.h>
#include <string.h>

#include "ld-smtp.h"

typedef struct
{
  const char     *data;
  gsize           length;
  gsize           offset;
  GString        *last_reply;
  LdSmtpStopFunc  stop;
  gpointer        stop_data;
} Transfer;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  Transfer *transfer = user_data;
  gsize n = MIN (size * count, transfer->length - transfer->offset);

  memcpy (buffer, transfer->data + transfer->offset, n);
  transfer->offset += n;
  return n;
}

/* Keeps the server's last reply line: after a transfer, the answer to the
 * message's end ("250 2.0.0 Ok: queued as …"). */
static int
debug_cb (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Transfer *transfer = user_data;

  (void) handle;
  /* The goodbye to QUIT may come as the transfer ends; it says nothing of the message. */
  if (type != CURLINFO_HEADER_IN || (size >= 3 && strncmp (data, "221", 3) == 0))
    return 0;
  g_string_truncate (transfer->last_reply, 0);
  g_string_append_len (transfer->last_reply, data, size);
  g_strchomp (transfer->last_reply->str);
  transfer->last_reply->len = strlen (transfer->last_reply->str);
  return 0;
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

/* Closing says QUIT and waits for the answer: not for long, as the
 * server may be the one that just failed. */
static void
drop_handle (gpointer handle)
{
  curl_easy_setopt (handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 5L);
  curl_easy_cleanup (handle);
}

/* This thread's handle, with its open connection. */
static GPrivate kept_handle = G_PRIVATE_INIT (drop_handle);

static gpointer
init_curl (gpointer data)
{
  (void) data;
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/**
 * ld_smtp_send:
 * @mail: where to send through
 * @to: the recipient's address
 * @message: the whole message, CRLF line ends (ld_mime_build())
 * @stop: (nullable): asked during the send whether to give it up
 * @stop_data: its data
 * @out_reply: (out) (transfer full) (optional): the server's last reply
 * @out_problem: (out) (transfer full) (optional): what went wrong, when it
 *   was not sent
 *
 * Sends one message; blocks for up to the configured timeout, so call it
 * from a thread of its own.
 *
 * Returns: sent, a temporary failure (try again) or a permanent one
 */
LdSmtpOutcome
ld_smtp_send (const LdMailConfig  *mail,
              const char          *to,
              const char          *message,
              LdSmtpStopFunc       stop,
              gpointer             stop_data,
              char               **out_reply,
              char               **out_problem)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GString) last_reply = g_string_new (NULL);
  Transfer transfer = { message, strlen (message), 0, last_reply, stop, stop_data };
  struct curl_slist *recipients = NULL;
  g_autofree char *url = NULL;
  g_autofree char *from = NULL;
  char curl_problem[CURL_ERROR_SIZE] = "";
  long code = 0;
  CURLcode result;
  CURL *curl;
  LdSmtpOutcome outcome;

  g_return_val_if_fail (mail != NULL && to != NULL && message != NULL, LD_SMTP_PERMANENT);

  g_once (&once, init_curl, NULL);
  if ((curl = g_private_get (&kept_handle)) == NULL)
    {
      if ((curl = curl_easy_init ()) == NULL)
        {
          if (out_problem != NULL)
            *out_problem = g_strdup ("libcurl could not start");
          return LD_SMTP_TEMPORARY;
        }
      g_private_set (&kept_handle, curl);
    }

  url = g_strdup_printf ("%s://%s:%u/labdesk",
                         mail->tls == LD_MAIL_TLS_IMPLICIT ? "smtps" : "smtp", mail->host,
                         mail->port);
  from = g_strdup_printf ("<%s>", mail->from);
  recipients = curl_slist_append (recipients, to);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) transfer.length);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_problem);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) MIN (mail->timeout_s, 30));
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) mail->timeout_s);
  if (mail->tls == LD_MAIL_TLS_STARTTLS)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  else if (mail->tls == LD_MAIL_TLS_STARTTLS_OPTIONAL)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_TRY);
  if (mail->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, mail->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, mail->password != NULL ? mail->password : "");
    }

  result = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &code);
  /* The options point into this call's stack (the callbacks' data, the
   * recipients); the connection stays. */
  curl_easy_reset (curl);

  if (result == CURLE_OK)
    outcome = LD_SMTP_SENT;
  else if (code >= 500 && code < 600)
    outcome = LD_SMTP_PERMANENT;
  else
    outcome = LD_SMTP_TEMPORARY;

  if (out_reply != NULL)
    *out_reply = last_reply->len > 0 ? g_strdup (last_reply->str) : NULL;
  if (out_problem != NULL && outcome != LD_SMTP_SENT)
    {
      const char *what = curl_problem[0] != '\0' ? curl_problem : curl_easy_strerror (result);

      if (code >= 400 && last_reply->len > 0)
        *out_problem = g_strdup_printf ("%s (the server said: %s)", what, last_reply->str);
      else
        *out_problem = g_strdup (what);
    }

  curl_slist_free_all (recipients);
  if (outcome != LD_SMTP_SENT)
    g_private_replace (&kept_handle, NULL);
  return outcome;
}
