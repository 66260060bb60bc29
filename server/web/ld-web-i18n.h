/* ld-web-i18n.h: the patient pages in English or Hindi
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean    ld_web_language_is_known (const char *language);
const char *ld_web_translate         (const char *language,
                                      const char *msgid);

G_END_DECLS
