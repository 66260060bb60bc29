/* ld-settings-body.h: the body of a change to the lab's settings, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-settings.h"

G_BEGIN_DECLS

GHashTable *ld_settings_body_read  (LdJsonReader       *reader,
                                    gint64             *out_version);
void        ld_settings_body_write (JsonBuilder        *builder,
                                    const LdSettings   *settings,
                                    const char        *const *keys,
                                    gint64              version);

gboolean    ld_settings_parse_boolean (const LdSettingSpec *spec,
                                       gboolean             value,
                                       char               **out_text,
                                       const char         **out_reason);
gboolean    ld_settings_parse_int (const LdSettingSpec *spec,
                                   gint64               value,
                                   char               **out_text,
                                   const char         **out_reason);
gboolean    ld_settings_parse_string (const LdSettingSpec *spec,
                                      const char          *value,
                                      char               **out_text,
                                      const char         **out_reason);

G_END_DECLS
