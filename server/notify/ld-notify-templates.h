/* ld-notify-templates.h: the notification messages' words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-settings.h"

G_BEGIN_DECLS

/**
 * LdNotifyText:
 * @subject: the subject, one line
 * @text: the plain-text body
 * @html: the HTML body, every fact escaped
 *
 * One message rendered from its template.
 */
typedef struct
{
  char *subject;
  char *text;
  char *html;
} LdNotifyText;

void          ld_notify_text_free            (LdNotifyText       *text);

gboolean            ld_notify_template_exists (const char *template_name);
const char * const *ld_notify_template_names (void);
const char         *ld_notify_choose_language (const char *patient_name);
char               *ld_notify_format_amount (gint64 paise);
LdNotifyText       *ld_notify_render (const char       *template_name,
                                      const char       *language,
                                      JsonObject       *facts,
                                      const LdSettings *settings,
                                      GError          **error);

gboolean            ld_notify_sms_exists (const char *template_name);
char               *ld_notify_render_sms (const char       *template_name,
                                          const char       *language,
                                          JsonObject       *facts,
                                          const LdSettings *settings,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdNotifyText, ld_notify_text_free)

G_END_DECLS
