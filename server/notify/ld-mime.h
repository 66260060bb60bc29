/* ld-mime.h: an e-mail message in MIME
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdMimeMessage:
 * @from: the sender's address
 * @from_name: (nullable): the sender's display name, such as the lab's
 * @reply_to: (nullable): where replies go
 * @to: the recipient's address
 * @subject: the subject, any UTF-8
 * @text: the plain-text body
 * @html: (nullable): the HTML body; with it the message is
 *   multipart/alternative
 * @message_id: the Message-ID without its angle brackets, "local@domain"
 * @date_us: the Date, wall-clock microseconds
 * @attachment: (nullable): a file attached; with it the message is
 *   multipart/mixed, the body its first part
 * @attachment_name: the attachment's file name, of letters, digits and
 *   ". _ -" only (so that no quoting can go wrong)
 * @attachment_type: its media type, such as "application/pdf"
 *
 * What one message says; ld_mime_build() writes it.
 */
typedef struct
{
  const char *from;
  const char *from_name;
  const char *reply_to;
  const char *to;
  const char *subject;
  const char *text;
  const char *html;
  const char *message_id;
  gint64      date_us;
  GBytes     *attachment;
  const char *attachment_name;
  const char *attachment_type;
} LdMimeMessage;

gboolean ld_mime_address_is_valid (const char           *address);
char    *ld_mime_encode_header    (const char           *value);
char    *ld_mime_build            (const LdMimeMessage  *message,
                                   GError              **error);

G_END_DECLS
