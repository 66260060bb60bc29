/* ld-time.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64    ld_time_now              (void);
void      ld_time_set_now          (gint64       unix_usec);
char     *ld_time_format_rfc3339   (gint64       unix_usec);
gboolean  ld_time_parse_rfc3339    (const char  *text,
                                    gint64      *out_unix_usec);
gboolean  ld_time_parse_date       (const char  *text,
                                    GDate       *out_date);
GTimeZone *ld_time_zone_get        (const char  *identifier);
GTimeZone *ld_time_zone_local      (void);
GDateTime *ld_time_local_from_unix (gint64       unix_seconds);

G_END_DECLS
