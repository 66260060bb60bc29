/* ld-text.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char   *ld_text_fold        (const char *text);
GStrv   ld_text_fold_words  (const char *text);
char   *ld_text_digits      (const char *text);
void    ld_text_append_int  (GString    *text,
                             gint64      value);

const char *ld_text_letter_end (const char *text);
char       *ld_text_initials   (const char *name);

G_END_DECLS
