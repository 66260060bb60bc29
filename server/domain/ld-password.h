/* ld-password.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_PASSWORD_MIN_LENGTH 10

gboolean  ld_password_init          (GError     **error);
char     *ld_password_hash          (const char  *password,
                                     GError     **error);
gboolean  ld_password_verify        (const char  *hash,
                                     const char  *password);
char     *ld_password_generate      (void);
gboolean  ld_password_is_acceptable (const char  *password,
                                     const char **out_reason);
char     *ld_token_generate         (void);
char     *ld_token_hash             (const char  *token);

G_END_DECLS
