/* ld-record.h: typed reads of the records the server sends
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gint64      ld_record_get_version        (JsonObject *record);
JsonArray  *ld_record_get_items          (JsonObject *record);
JsonObject *ld_record_get_report         (JsonObject *answer);

/* A record's strings, by what they mean. */
const char *ld_record_get_pdf_sha256     (JsonObject *report);

/* For the readers in client/store; screens use the named reads above. */
gint64      ld_record_get_int            (JsonObject *record,
                                          const char *name);
gint64      ld_record_get_int_or         (JsonObject *record,
                                          const char *name,
                                          gint64      fallback);
char       *ld_record_dup_string         (JsonObject *record,
                                          const char *name);
JsonObject *ld_record_get_object         (JsonObject *record,
                                          const char *name);

G_END_DECLS
