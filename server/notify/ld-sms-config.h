/* ld-sms-config.h: the [sms] group, an HTTPS SMS gateway
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdSmsConfig:
 * @url: the gateway's send URL: https, or http to 127.0.0.1 (a stand-in)
 * @method: "POST" or "PUT"
 * @content_type: "application/json" or "application/x-www-form-urlencoded"
 * @body: the request body with {to}, {text}, {template_id} and {sender}
 *   placeholders, each value escaped for @content_type
 * @api_key: (nullable): the key, read from api-key-file
 * @api_key_header: the header line that carries it, with {key}
 *   ("Authorization: Bearer {key}" unless configured)
 * @sender: the registered sender id ("LABDSK")
 * @template_ids: template name → its registered (DLT) template id; a
 *   template without one is not sent by SMS
 * @message_id_member: (nullable): where the answer's JSON keeps the
 *   gateway's message id, members joined by dots ("data.id")
 * @timeout_s: one request may take this long
 * @retry_after_s: the first retry after a temporary failure
 * @give_up_after_s: a message still not sent this long after its change
 *   is given up
 *
 * Without an [sms] group no message is written for SMS.
 */
typedef struct
{
  char       *url;
  char       *method;
  char       *content_type;
  char       *body;
  char       *api_key;
  char       *api_key_header;
  char       *sender;
  GHashTable *template_ids;
  char       *message_id_member;
  guint       timeout_s;
  guint       retry_after_s;
  guint       give_up_after_s;
} LdSmsConfig;

LdSmsConfig *ld_sms_config_read        (GKeyFile           *keyfile,
                                        const char         *path,
                                        GError            **error);
LdSmsConfig *ld_sms_config_copy        (const LdSmsConfig  *sms);
void         ld_sms_config_free        (LdSmsConfig        *sms);
const char  *ld_sms_config_template_id (const LdSmsConfig  *sms,
                                        const char         *template_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSmsConfig, ld_sms_config_free)

G_END_DECLS
