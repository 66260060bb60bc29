/* ld-notify-sender.c: the thread that sends the outbox's messages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thread of its own with a database connection of its own: the writing
 * thread never waits for a mail server. Each turn claims one due message
 * (one short UPDATE; ld-store-notifications.c), renders it, sends it and
 * records the outcome in another short UPDATE: sent; back to waiting
 * after a temporary failure, retry-after, then twice as long each time up
 * to an hour; given up on a permanent refusal (5xx), a message that cannot
 * be written, or one still unsent give-up-after its change.
 *
 * At most once. A message found in sending whose sender is gone (the
 * process was killed, or stopped in the middle of a send) may or may not
 * have reached the mail server; it is never sent again on its own, but
 * marked failed, "interrupted while sending; not resent to avoid a
 * duplicate", for a person to resend. On SQLite one process serves the
 * database, so every row in sending at start is such a row. On PostgreSQL
 * other processes may be sending: a claim is abandoned only once its
 * claim_until (twice the send timeout, plus a minute) has passed.
 *
 * SMS ([sms], ld-sms.c) goes the same way, by the same claims: a row's
 * channel chooses how it is sent. With neither [mail] nor [sms] the sender
 * does not start; with one of them, the other channel's messages wait.
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ld-notify-sender.h"
#include "ld-mime.h"
#include "ld-notify-templates.h"
#include "ld-settings.h"
#include "ld-sms.h"
#include "ld-smtp.h"
#include "ld-time.h"
#include "store/ld-store.h"
#include "store/ld-store-notifications.h"
#include "store/ld-store-results.h"

#define POLL_US (G_USEC_PER_SEC / 2)
#define MAX_BACKOFF_S 3600
#define INTERRUPTED "interrupted while sending; not resent to avoid a duplicate"

struct _LdNotifySender
{
  char         *location;
  /* Either may be NULL, not both. */
  LdMailConfig *mail;
  LdSmsConfig  *sms;
  char         *name;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  gboolean      stopping;
  /* Set by the thread once it has opened its connection (or failed to). */
  gboolean      started;
  GError       *start_error;
};

static gboolean
is_stopping (gpointer data)
{
  LdNotifySender *self = data;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

/* Waits until @until_us (monotonic) or a stop; TRUE if stopping. */
static gboolean
wait_until (LdNotifySender *self,
            gint64          until_us)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  while (!self->stopping && g_get_monotonic_time () < until_us)
    g_cond_wait_until (&self->cond, &self->lock, until_us);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

/**
 * ld_notify_sender_compose:
 * @mail: the [mail] configuration: From, its name, Reply-To
 * @lab_name: (nullable): the From name when the configuration gives none
 * @message_id: the local part of the Message-ID
 * @to: the recipient
 * @subject: the subject
 * @text: the plain-text body
 * @html: (nullable): the HTML body
 * @date_us: the Date
 * @pdf: (nullable): a PDF to attach
 * @pdf_name: (nullable): its file name, with @pdf
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the MIME message
 */
char *
ld_notify_sender_compose (const LdMailConfig *mail,
                          const char         *lab_name,
                          const char         *message_id,
                          const char         *to,
                          const char         *subject,
                          const char         *text,
                          const char         *html,
                          gint64              date_us,
                          GBytes             *pdf,
                          const char         *pdf_name,
                          GError            **error)
{
  const char *domain;
  g_autofree char *id = NULL;
  LdMimeMessage message = { 0 };

  g_return_val_if_fail (mail != NULL && mail->from != NULL && message_id != NULL, NULL);

  domain = strchr (mail->from, '@');
  id = g_strdup_printf ("%s.labdesk@%s", message_id, domain != NULL ? domain + 1 : "localhost");
  message.from = mail->from;
  message.from_name = mail->from_name != NULL ? mail->from_name : lab_name;
  message.reply_to = mail->reply_to;
  message.to = to;
  message.subject = subject;
  message.text = text;
  message.html = html;
  message.message_id = id;
  message.date_us = date_us;
  message.attachment = pdf;
  message.attachment_name = pdf_name;
  message.attachment_type = "application/pdf";
  return ld_mime_build (&message, error);
}

/* Reads what a message is written from: the lab's settings and the
 * message's facts. */
static gboolean
load_facts (LdStore         *store,
            LdNotification  *notification,
            LdSettings     **out_settings,
            JsonParser      *parser,
            JsonObject     **out_facts,
            GError         **error)
{
  g_autoptr(GHashTable) stored = NULL;
  JsonNode *root;

  if ((stored = ld_store_settings_load (store, NULL, error)) == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, notification->facts, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The message's facts are not a JSON object.");
      return FALSE;
    }
  *out_settings = ld_settings_new_from_table (stored);
  *out_facts = json_node_get_object (root);
  return TRUE;
}

/* With [mail] attach-report, a "report ready" or "report amended" e-mail
 * carries the PDF kept when that version was released (the fact
 * report_id names it), as report-ORDER-vN.pdf. A message written before
 * the fact was, or a version kept without a PDF, goes without. */
static gboolean
find_report_pdf (LdNotifySender  *self,
                 LdStore         *store,
                 LdNotification  *notification,
                 JsonObject      *facts,
                 GBytes         **out_pdf,
                 char           **out_name,
                 GError         **error)
{
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  const char *report_id;
  const char *number;

  if (!self->mail->attach_report ||
      (!g_str_equal (notification->template_name, "report-ready") &&
       !g_str_equal (notification->template_name, "report-amended")))
    return TRUE;
  report_id = json_object_get_string_member_with_default (facts, "report_id", NULL);
  number = json_object_get_string_member_with_default (facts, "order_number", "");
  if (report_id == NULL)
    return TRUE;

  report = ld_store_reports_get_by_id (store, report_id, &local);
  if (report != NULL)
    *out_pdf = ld_store_reports_get_pdf (store, report_id, &local);
  if (*out_pdf == NULL)
    {
      if (!g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_message ("notification %s goes without its report: %s", notification->id,
                 local->message);
      return TRUE;
    }

  name = g_strdup_printf ("report-%s-v%" G_GINT64_FORMAT ".pdf", number, report->version);
  /* Only what a header takes unquoted: an order number is already so. */
  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("._-", *p))
      *p = '-';
  *out_name = g_steal_pointer (&name);
  return TRUE;
}

/* Renders an e-mail; NULL with @error set when it cannot be written. */
static char *
build_mail (LdNotifySender  *self,
            LdStore         *store,
            LdNotification  *notification,
            GError         **error)
{
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LdNotifyText) text = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *pdf_name = NULL;
  JsonObject *facts;

  if (!load_facts (store, notification, &settings, parser, &facts, error))
    return NULL;
  text =
    ld_notify_render (notification->template_name, notification->language, facts, settings, error);
  if (text == NULL ||
      !find_report_pdf (self, store, notification, facts, &pdf, &pdf_name, error))
    return NULL;
  return ld_notify_sender_compose (self->mail, settings->lab_name, notification->id,
                                   notification->recipient, text->subject, text->text, text->html,
                                   ld_time_now (), pdf, pdf_name, error);
}

/* Renders an SMS gateway's request body; NULL with @error set when it
 * cannot be written, or [sms] no longer has the template's id. */
static char *
build_sms (LdNotifySender  *self,
           LdStore         *store,
           LdNotification  *notification,
           GError         **error)
{
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  const char *template_id;
  JsonObject *facts;

  template_id = ld_sms_config_template_id (self->sms, notification->template_name);
  if (template_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "[sms] has no template-id.%s: the message cannot be sent by SMS.",
                   notification->template_name);
      return NULL;
    }
  if (!load_facts (store, notification, &settings, parser, &facts, error))
    return NULL;
  text = ld_notify_render_sms (notification->template_name, notification->language, facts,
                               settings, error);
  if (text == NULL)
    return NULL;
  return ld_sms_build_body (self->sms, notification->recipient, text, template_id);
}

static gint64
backoff_us (guint  retry_after_s,
            gint64 attempts)
{
  gint64 seconds = retry_after_s;

  for (gint64 i = 1; i < attempts && seconds < MAX_BACKOFF_S; i++)
    seconds *= 2;
  return MIN (seconds, MAX_BACKOFF_S) * G_USEC_PER_SEC;
}

static gboolean
send_one (LdNotifySender  *self,
          LdStore         *store,
          LdNotification  *notification,
          GError         **error)
{
  g_autoptr(GError) build_error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *problem = NULL;
  gboolean sms = g_str_equal (notification->channel, "sms");
  guint retry_after_s = sms ? self->sms->retry_after_s : self->mail->retry_after_s;
  guint give_up_after_s = sms ? self->sms->give_up_after_s : self->mail->give_up_after_s;
  LdSmtpOutcome outcome;
  gint64 now_us;

  message = sms ? build_sms (self, store, notification, &build_error)
                : build_mail (self, store, notification, &build_error);
  if (message == NULL)
    {
      if (g_error_matches (build_error, LD_STORE_ERROR, LD_STORE_ERROR_IO) ||
          g_error_matches (build_error, LD_STORE_ERROR, LD_STORE_ERROR_BUSY))
        return ld_store_notifications_retry_later (store, notification->id, self->name,
                                                   ld_time_now () + backoff_us (retry_after_s, 1),
                                                   build_error->message, error);
      g_warning ("Notification %s cannot be written: %s", notification->id,
                 build_error->message);
      return ld_store_notifications_stop (store, notification->id, self->name, "given_up",
                                          build_error->message, error);
    }

  if (sms)
    outcome = ld_sms_send (self->sms, message, is_stopping, self, &reply, &problem);
  else
    outcome = ld_smtp_send (self->mail, notification->recipient, message, is_stopping, self,
                            &reply, &problem);
  now_us = ld_time_now ();
  switch (outcome)
    {
    case LD_SMTP_SENT:
      g_debug ("notification %s sent: %s", notification->id, reply ? reply : "");
      return ld_store_notifications_mark_sent (store, notification->id, self->name, reply, now_us,
                                               error);
    case LD_SMTP_PERMANENT:
      g_debug ("notification %s refused: %s", notification->id, problem);
      return ld_store_notifications_stop (store, notification->id, self->name, "given_up",
                                          problem, error);
    case LD_SMTP_TEMPORARY:
    default:
      if (is_stopping (self))
        return ld_store_notifications_stop (store, notification->id, self->name, "failed",
                                            INTERRUPTED, error);
      if (now_us - notification->created_us >= (gint64) give_up_after_s * G_USEC_PER_SEC)
        {
          g_autofree char *why = g_strdup_printf ("not sent in the time allowed: %s", problem);

          return ld_store_notifications_stop (store, notification->id, self->name, "given_up",
                                              why, error);
        }
      g_debug ("notification %s will be tried again: %s", notification->id, problem);
      return ld_store_notifications_retry_later (store, notification->id, self->name,
                                                 now_us + backoff_us (retry_after_s,
                                                                      notification->attempts),
                                                 problem, error);
    }
}

static void
mark_started (LdNotifySender *self,
              GError         *error)
{
  g_mutex_lock (&self->lock);
  self->started = TRUE;
  self->start_error = error;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gpointer
run_sender (gpointer data)
{
  LdNotifySender *self = data;
  g_autoptr(GError) error = NULL;
  LdStore *store;
  gboolean shared;
  guint timeout_s = MAX (self->mail != NULL ? self->mail->timeout_s : 0,
                         self->sms != NULL ? self->sms->timeout_s : 0);
  gint64 claim_us = (2 * (gint64) timeout_s + 60) * G_USEC_PER_SEC;
  /* A channel that is not configured keeps its messages waiting. */
  const char *channel = self->mail == NULL ? "sms" : self->sms == NULL ? "email" : NULL;

  store = ld_store_open_existing (self->location, FALSE, &error);
  shared = ld_store_location_is_postgresql (self->location);
  /* One process serves a SQLite database: whatever is in sending was cut off. */
  if (store != NULL && !shared &&
      !ld_store_notifications_fail_interrupted (store, G_MAXINT64, INTERRUPTED, NULL, &error))
    g_clear_pointer (&store, ld_store_close);
  mark_started (self, store == NULL ? g_steal_pointer (&error) : NULL);
  if (store == NULL)
    return NULL;

  while (!is_stopping (self))
    {
      g_autoptr(LdNotification) notification = NULL;
      gint64 now_us = ld_time_now ();

      g_clear_error (&error);
      if (!shared ||
          ld_store_notifications_fail_interrupted (store, now_us, INTERRUPTED, NULL, &error))
        notification =
          ld_store_notifications_claim (store, channel, self->name, now_us, now_us + claim_us,
                                        &error);
      if (notification != NULL)
        {
          if (!send_one (self, store, notification, &error))
            g_warning ("Could not record notification %s: %s", notification->id,
                       error->message);
          continue;
        }
      if (error != NULL)
        g_warning ("The notification outbox cannot be read: %s", error->message);
      if (wait_until (self, g_get_monotonic_time () + (error != NULL ? 5 * POLL_US : POLL_US)))
        break;
    }

  ld_store_close (store);
  return NULL;
}

/**
 * ld_notify_sender_start:
 * @config: the server's configuration, with a [mail] or an [sms] group
 * @error: return location for a #GError
 *
 * Starts the sender's thread, which opens its own connection to
 * @config's database; returns once it has (so a database it cannot open
 * is reported here).
 *
 * Returns: (transfer full) (nullable): the sender; stop it with
 *   ld_notify_sender_stop()
 */
LdNotifySender *
ld_notify_sender_start (const LdConfig  *config,
                        GError         **error)
{
  LdNotifySender *self;
  g_autofree char *random = g_uuid_string_random ();
  GError *start_error;

  g_return_val_if_fail (config != NULL && config->db_path != NULL, NULL);
  g_return_val_if_fail (config->mail != NULL || config->sms != NULL, NULL);

  self = g_new0 (LdNotifySender, 1);
  self->location = g_strdup (config->db_path);
  self->mail = ld_mail_config_copy (config->mail);
  self->sms = ld_sms_config_copy (config->sms);
  self->name = g_strdup_printf ("%s:%d:%.8s", g_get_host_name (), (int) getpid (), random);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("ld-notify-sender", run_sender, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->lock);

  if (start_error != NULL)
    {
      g_propagate_error (error, start_error);
      ld_notify_sender_stop (self);
      return NULL;
    }
  return self;
}

/**
 * ld_notify_sender_stop:
 * @sender: (transfer full): a sender
 *
 * Stops the thread (a send under way is given up and its message marked
 * failed) and frees @sender.
 */
void
ld_notify_sender_stop (LdNotifySender *sender)
{
  if (sender == NULL)
    return;

  g_mutex_lock (&sender->lock);
  sender->stopping = TRUE;
  g_cond_broadcast (&sender->cond);
  g_mutex_unlock (&sender->lock);
  g_thread_join (sender->thread);

  g_mutex_clear (&sender->lock);
  g_cond_clear (&sender->cond);
  g_free (sender->location);
  g_free (sender->name);
  ld_mail_config_free (sender->mail);
  ld_sms_config_free (sender->sms);
  g_free (sender);
}
