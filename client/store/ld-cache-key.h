/* ld-cache-key.h: the cache's key, sealed under the user's password
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-sqlite-crypt.h"

G_BEGIN_DECLS

/**
 * LdCacheError:
 * @LD_CACHE_ERROR_WRONG_PASSWORD: the password does not open this user's cache
 * @LD_CACHE_ERROR_NO_CACHE: this user has never signed in to this server here
 * @LD_CACHE_ERROR_NEEDS_SERVER: the action cannot be queued; it needs the server now
 * @LD_CACHE_ERROR_CLOSED: the cache was closed
 * @LD_CACHE_ERROR_SERVER_BEHIND: the server's feed is behind this cache
 *   (it runs from an older backup): the cache must start again from 0
 * @LD_CACHE_ERROR_NOT_REFUSED: the outbox item to send again is no longer a
 *   refused one (sent, discarded, or already sent again)
 */
typedef enum
{
  LD_CACHE_ERROR_WRONG_PASSWORD,
  LD_CACHE_ERROR_NO_CACHE,
  LD_CACHE_ERROR_NEEDS_SERVER,
  LD_CACHE_ERROR_CLOSED,
  LD_CACHE_ERROR_SERVER_BEHIND,
  LD_CACHE_ERROR_NOT_REFUSED,
} LdCacheError;

#define LD_CACHE_ERROR (ld_cache_error_quark ())

GQuark    ld_cache_error_quark      (void);

gboolean  ld_cache_key_file_create  (const char    *path,
                                     const char    *password,
                                     guint8        *out_key,
                                     GError       **error);
gboolean  ld_cache_key_file_unlock  (const char    *path,
                                     const char    *password,
                                     guint8        *out_key,
                                     GError       **error);
gboolean  ld_cache_key_file_create_escrowed (const char *path,
                                     const char    *password,
                                     GBytes        *escrow,
                                     guint8        *out_key,
                                     GError       **error);
gboolean  ld_cache_key_file_unlock_escrowed (const char *path,
                                     const char    *password,
                                     GBytes        *escrow,
                                     guint8        *out_key,
                                     GError       **error);
gboolean  ld_cache_key_file_rewrap  (const char    *path,
                                     const char    *old_password,
                                     const char    *new_password,
                                     GError       **error);

G_END_DECLS
