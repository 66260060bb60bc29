/* ld-sqlite-crypt.h: an SQLite VFS that encrypts every page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Open a database through it with ld_sqlite_open_full (path, flags,
 * LD_SQLITE_CRYPT_VFS, LD_SQLITE_CRYPT_RESERVE_BYTES, error), after
 * ld_sqlite_crypt_set_key() for that path. */
#define LD_SQLITE_CRYPT_VFS "ld-crypt"
#define LD_SQLITE_CRYPT_KEY_BYTES 32
/* A random 24-byte nonce and the 16-byte Poly1305 tag. */
#define LD_SQLITE_CRYPT_RESERVE_BYTES 40
#define LD_SQLITE_CRYPT_PAGE_SIZE 4096

gboolean  ld_sqlite_crypt_register    (GError        **error);
void      ld_sqlite_crypt_set_key     (const char     *path,
                                       const guint8   *key);
void      ld_sqlite_crypt_forget_key  (const char     *path);

G_END_DECLS
