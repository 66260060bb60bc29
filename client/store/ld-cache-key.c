/* ld-cache-key.c: the cache's key, sealed under the user's password
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache is encrypted with a random 32-byte key. That key is kept
 * beside the database, sealed (XChaCha20-Poly1305) under a key derived
 * from the user's password with Argon2id, so only that user's password
 * opens the cache, and opening it proves the password: that is the
 * offline sign-in. A new password only re-seals the key; the database is
 * not rewritten. Everything here blocks for Argon2id (about 150 ms and
 * 64 MiB): call it from a worker thread.
 *
 * The key is also sealed under the user's escrow secret, which the
 * server gives only to that user, and only after checking their password
 * online (the sign-in answer's "cache_secret"). After an administrator
 * resets the password, the old one no longer matters: the first online
 * sign-in with the new one opens the key with the escrow secret and
 * seals it again under the new password. The secret is never written
 * here, so the disk alone opens nothing.
 */

#define G_LOG_DOMAIN "ld-cache-key"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "ld-cache-key.h"
#include "ld-error.h"

#define GROUP "cache-key"
#define FORMAT_VERSION 1
#define SALT_BYTES crypto_pwhash_SALTBYTES
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEALED_BYTES (LD_SQLITE_CRYPT_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
/* Binds a sealed key to its purpose and format. */
#define SEAL_AD "labdesk cache key v1"

G_DEFINE_QUARK (ld - cache - error - quark, ld_cache_error)

/* Binds the escrow copy to its purpose. */
#define ESCROW_AD "labdesk cache key escrow v1"

typedef struct
{
  guint8   salt[SALT_BYTES];
  guint8   nonce[NONCE_BYTES];
  guint8   sealed[SEALED_BYTES];
  guint64  opslimit;
  gsize    memlimit;
  /* The key sealed under the escrow secret, if it was given. */
  gboolean has_escrow;
  guint8   escrow_nonce[NONCE_BYTES];
  guint8   escrow_sealed[SEALED_BYTES];
} SealedKey;

static gboolean
derive (const char       *password,
        const SealedKey  *sealed,
        guint8           *out_kek,
        GError          **error)
{
  if (crypto_pwhash (out_kek, LD_SQLITE_CRYPT_KEY_BYTES, password, strlen (password),
                     sealed->salt, sealed->opslimit, sealed->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           _("There is not enough memory to open the local data."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_base64 (GKeyFile    *file,
             const char  *name,
             guint8      *out,
             gsize        size)
{
  g_autofree char *text = g_key_file_get_string (file, GROUP, name, NULL);
  g_autofree guchar *data = NULL;
  gsize length = 0;

  if (text == NULL)
    return FALSE;
  data = g_base64_decode (text, &length);
  if (length != size)
    return FALSE;
  memcpy (out, data, size);
  return TRUE;
}

static gboolean
load (const char  *path,
      SealedKey   *out,
      GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  gint64 memlimit;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error_literal (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NO_CACHE,
                             _("This user has not signed in to this server on this computer "
                               "before, so signing in needs the server."));
      else
        g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                             _("The key of the local data is damaged."));
      return FALSE;
    }

  out->opslimit = g_key_file_get_uint64 (file, GROUP, "opslimit", NULL);
  memlimit = g_key_file_get_int64 (file, GROUP, "memlimit", NULL);
  out->memlimit = memlimit;
  if (g_key_file_get_integer (file, GROUP, "version", NULL) != FORMAT_VERSION ||
      out->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
      memlimit < (gint64) crypto_pwhash_MEMLIMIT_MIN ||
      !read_base64 (file, "salt", out->salt, sizeof out->salt) ||
      !read_base64 (file, "nonce", out->nonce, sizeof out->nonce) ||
      !read_base64 (file, "sealed", out->sealed, sizeof out->sealed))
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                           _("The key of the local data is damaged."));
      return FALSE;
    }
  /* Files written before the escrow copy existed have none. */
  out->has_escrow =
    read_base64 (file, "escrow-nonce", out->escrow_nonce, sizeof out->escrow_nonce) &&
    read_base64 (file, "escrow-sealed", out->escrow_sealed, sizeof out->escrow_sealed);
  return TRUE;
}

static gboolean
save (const char       *path,
      const SealedKey  *sealed,
      GError          **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *salt = g_base64_encode (sealed->salt, sizeof sealed->salt);
  g_autofree char *nonce = g_base64_encode (sealed->nonce, sizeof sealed->nonce);
  g_autofree char *data = g_base64_encode (sealed->sealed, sizeof sealed->sealed);
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  g_key_file_set_integer (file, GROUP, "version", FORMAT_VERSION);
  g_key_file_set_string (file, GROUP, "kdf", "argon2id13");
  g_key_file_set_uint64 (file, GROUP, "opslimit", sealed->opslimit);
  g_key_file_set_int64 (file, GROUP, "memlimit", sealed->memlimit);
  g_key_file_set_string (file, GROUP, "salt", salt);
  g_key_file_set_string (file, GROUP, "nonce", nonce);
  g_key_file_set_string (file, GROUP, "sealed", data);
  if (sealed->has_escrow)
    {
      g_autofree char *escrow_nonce =
        g_base64_encode (sealed->escrow_nonce, sizeof sealed->escrow_nonce);
      g_autofree char *escrow_data =
        g_base64_encode (sealed->escrow_sealed, sizeof sealed->escrow_sealed);

      g_key_file_set_string (file, GROUP, "escrow-nonce", escrow_nonce);
      g_key_file_set_string (file, GROUP, "escrow-sealed", escrow_data);
    }
  text = g_key_file_to_data (file, NULL, NULL);

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE, 0600, &local))
    {
      g_debug ("cannot write the key file: %s", local->message);
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           _("The key of the local data could not be saved."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
seal (const char    *password,
      const guint8  *key,
      SealedKey     *sealed,
      GError       **error)
{
  guint8 *kek = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
  gboolean ok;

  sealed->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  sealed->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  randombytes_buf (sealed->salt, sizeof sealed->salt);
  randombytes_buf (sealed->nonce, sizeof sealed->nonce);

  ok = derive (password, sealed, kek, error);
  if (ok)
    crypto_aead_xchacha20poly1305_ietf_encrypt (sealed->sealed, NULL, key,
                                                LD_SQLITE_CRYPT_KEY_BYTES,
                                                (const guint8 *) SEAL_AD, strlen (SEAL_AD),
                                                NULL, sealed->nonce, kek);
  sodium_free (kek);
  return ok;
}

static void
seal_escrow (GBytes       *escrow,
             const guint8 *key,
             SealedKey    *sealed)
{
  if (escrow == NULL || g_bytes_get_size (escrow) != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    return;
  randombytes_buf (sealed->escrow_nonce, sizeof sealed->escrow_nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed->escrow_sealed, NULL, key,
                                              LD_SQLITE_CRYPT_KEY_BYTES,
                                              (const guint8 *) ESCROW_AD, strlen (ESCROW_AD),
                                              NULL, sealed->escrow_nonce,
                                              g_bytes_get_data (escrow, NULL));
  sealed->has_escrow = TRUE;
}

static gboolean
open_escrow (GBytes          *escrow,
             const SealedKey *sealed,
             guint8          *out_key)
{
  if (escrow == NULL || !sealed->has_escrow ||
      g_bytes_get_size (escrow) != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    return FALSE;
  return crypto_aead_xchacha20poly1305_ietf_decrypt (out_key, NULL, NULL, sealed->escrow_sealed,
                                                     sizeof sealed->escrow_sealed,
                                                     (const guint8 *) ESCROW_AD,
                                                     strlen (ESCROW_AD), sealed->escrow_nonce,
                                                     g_bytes_get_data (escrow, NULL)) == 0;
}

/**
 * ld_cache_key_file_create:
 * @path: the key file to write (mode 0600)
 * @password: the user's password
 * @out_key: (out caller-allocates) (array fixed-size=32): a new random key
 * @error: return location for an %LD_STORE_ERROR
 *
 * Blocks for Argon2id.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_key_file_create (const char  *path,
                          const char  *password,
                          guint8      *out_key,
                          GError     **error)
{
  return ld_cache_key_file_create_escrowed (path, password, NULL, out_key, error);
}

/**
 * ld_cache_key_file_create_escrowed:
 * @path: the key file to write (mode 0600)
 * @password: the user's password
 * @escrow: (nullable): the user's escrow secret (32 bytes), from an
 *   online sign-in
 * @out_key: (out caller-allocates) (array fixed-size=32): a new random key
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_cache_key_file_create(), sealing the key under @escrow too.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_key_file_create_escrowed (const char  *path,
                                   const char  *password,
                                   GBytes      *escrow,
                                   guint8      *out_key,
                                   GError     **error)
{
  SealedKey sealed = {
    {
      0,
    },
  };

  g_return_val_if_fail (path != NULL && password != NULL && out_key != NULL, FALSE);

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");

  randombytes_buf (out_key, LD_SQLITE_CRYPT_KEY_BYTES);
  if (!seal (password, out_key, &sealed, error))
    return FALSE;
  seal_escrow (escrow, out_key, &sealed);
  return save (path, &sealed, error);
}

/**
 * ld_cache_key_file_unlock:
 * @path: the key file
 * @password: the password typed
 * @out_key: (out caller-allocates) (array fixed-size=32): the cache's key
 * @error: return location for an %LD_CACHE_ERROR (%LD_CACHE_ERROR_WRONG_PASSWORD,
 *   %LD_CACHE_ERROR_NO_CACHE) or %LD_STORE_ERROR
 *
 * Blocks for Argon2id.
 *
 * Returns: %TRUE if @password opens the key
 */
gboolean
ld_cache_key_file_unlock (const char  *path,
                          const char  *password,
                          guint8      *out_key,
                          GError     **error)
{
  return ld_cache_key_file_unlock_escrowed (path, password, NULL, out_key, error);
}

/**
 * ld_cache_key_file_unlock_escrowed:
 * @path: the key file
 * @password: the password the server has just accepted (or, offline,
 *   the password typed)
 * @escrow: (nullable): the user's escrow secret, from an online sign-in
 * @out_key: (out caller-allocates) (array fixed-size=32): the cache's key
 * @error: return location for an %LD_CACHE_ERROR (%LD_CACHE_ERROR_WRONG_PASSWORD,
 *   %LD_CACHE_ERROR_NO_CACHE) or %LD_STORE_ERROR
 *
 * Opens the key with @password, or, when it does not (an administrator
 * reset it), with @escrow, and then seals it under @password, which the
 * server has just accepted. With @escrow, a file without an escrow copy
 * (or one under an older secret) gets one. Blocks for Argon2id.
 *
 * Returns: %TRUE if the key was opened
 */
gboolean
ld_cache_key_file_unlock_escrowed (const char  *path,
                                   const char  *password,
                                   GBytes      *escrow,
                                   guint8      *out_key,
                                   GError     **error)
{
  SealedKey sealed;
  guint8 *kek;
  gboolean opened;
  gboolean by_escrow = FALSE;

  g_return_val_if_fail (path != NULL && password != NULL && out_key != NULL, FALSE);

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");

  if (!load (path, &sealed, error))
    return FALSE;

  kek = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
  if (!derive (password, &sealed, kek, error))
    {
      sodium_free (kek);
      return FALSE;
    }
  opened =
    crypto_aead_xchacha20poly1305_ietf_decrypt (out_key, NULL, NULL, sealed.sealed,
                                                sizeof sealed.sealed, (const guint8 *) SEAL_AD,
                                                strlen (SEAL_AD), sealed.nonce, kek) == 0;
  sodium_free (kek);

  if (!opened)
    opened = by_escrow = open_escrow (escrow, &sealed, out_key);
  if (!opened)
    {
      g_set_error_literal (error, LD_CACHE_ERROR, LD_CACHE_ERROR_WRONG_PASSWORD,
                           _("The user name or password is wrong."));
      return FALSE;
    }

  if (by_escrow)
    {
      /* The server accepted @password: it is the one to open the key now. */
      g_debug ("cache key opened with the escrow secret; sealing it under the new password");
      if (!seal (password, out_key, &sealed, error))
        return FALSE;
      seal_escrow (escrow, out_key, &sealed);
      return save (path, &sealed, error);
    }
  if (escrow != NULL && !by_escrow)
    {
      guint8 check[LD_SQLITE_CRYPT_KEY_BYTES];
      gboolean current = open_escrow (escrow, &sealed, check);

      sodium_memzero (check, sizeof check);
      if (!current)
        {
          seal_escrow (escrow, out_key, &sealed);
          return save (path, &sealed, error);
        }
    }
  return TRUE;
}

/**
 * ld_cache_key_file_rewrap:
 * @path: the key file
 * @old_password: the password that opens it now
 * @new_password: the password that is to open it
 * @error: return location for a #GError, as ld_cache_key_file_unlock()
 *
 * Re-seals the same key, after a password change. Blocks for Argon2id
 * twice.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_key_file_rewrap (const char  *path,
                          const char  *old_password,
                          const char  *new_password,
                          GError     **error)
{
  guint8 *key = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
  SealedKey sealed;
  gboolean ok;

  g_return_val_if_fail (path != NULL && old_password != NULL && new_password != NULL, FALSE);

  /* The escrow copy, if any, stays as it is. */
  ok = ld_cache_key_file_unlock (path, old_password, key, error) &&
       load (path, &sealed, error) &&
       seal (new_password, key, &sealed, error) &&
       save (path, &sealed, error);
  sodium_free (key);
  return ok;
}
