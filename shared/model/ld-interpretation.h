/* ld-interpretation.h: the pathologist's interpretation of a whole report
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

/* About a page of text at the end of a report. */
#define LD_INTERPRETATION_MAX_CHARS 2000

gboolean ld_interpretation_read (LdJsonReader  *reader,
                                 const char    *name,
                                 char         **out_text);

G_END_DECLS
