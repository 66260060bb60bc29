/* ld-password.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-password"

#include "config.h"

#include <sodium.h>

#include "ld-error.h"
#include "ld-password.h"

/* Argon2id with libsodium's "interactive" cost: about 64 MiB and a few
 * tens of milliseconds per log-in on these machines, which is what a
 * front-desk log-in can afford and an offline guesser cannot. */
#define PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

#define TOKEN_BYTES 32

/* No 0/O, 1/l/I: a generated password is read aloud or copied by hand. */
static const char password_alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
#define GENERATED_PASSWORD_LENGTH 16

gboolean
ld_password_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                           "The cryptography library could not start.");
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_password_hash:
 * @password: the password
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): an Argon2id hash string
 */
char *
ld_password_hash (const char  *password,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (crypto_pwhash_str (hash, password, strlen (password),
                         PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                           "The server is short of memory. Please try again.");
      return NULL;
    }

  return g_strdup (hash);
}

/**
 * ld_password_verify:
 * @hash: (nullable): a hash from ld_password_hash()
 * @password: the password to check
 *
 * Returns: %TRUE if @password matches
 */
gboolean
ld_password_verify (const char *hash,
                    const char *password)
{
  g_return_val_if_fail (password != NULL, FALSE);

  if (hash == NULL)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/**
 * ld_password_generate:
 *
 * Returns: (transfer full): a random password of 16 unambiguous characters
 */
char *
ld_password_generate (void)
{
  char *password = g_malloc (GENERATED_PASSWORD_LENGTH + 1);

  for (guint i = 0; i < GENERATED_PASSWORD_LENGTH; i++)
    password[i] = password_alphabet[randombytes_uniform (sizeof password_alphabet - 1)];
  password[GENERATED_PASSWORD_LENGTH] = '\0';

  return password;
}

/**
 * ld_password_is_acceptable:
 * @password: a proposed password
 * @out_reason: (out) (transfer none): why not, as a field message
 *
 * Returns: %TRUE if @password may be set
 */
gboolean
ld_password_is_acceptable (const char  *password,
                           const char **out_reason)
{
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (out_reason != NULL, FALSE);

  if (g_utf8_strlen (password, -1) < LD_PASSWORD_MIN_LENGTH)
    {
      *out_reason = "must be at least 10 characters long";
      return FALSE;
    }

  if (strlen (password) > 1024)
    {
      *out_reason = "is too long";
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_token_generate:
 *
 * Returns: (transfer full): 32 random bytes as unpadded base64url
 */
char *
ld_token_generate (void)
{
  unsigned char bytes[TOKEN_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);

  return g_strdup (encoded);
}

/**
 * ld_token_hash:
 * @token: a session token
 *
 * Only this hash is stored, so a copy of the database lets nobody in.
 *
 * Returns: (transfer full): the token's SHA-256 in hex
 */
char *
ld_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
