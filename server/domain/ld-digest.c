/* ld-digest.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every released report's PDF is kept with its SHA-256, which the desk
 * checks before it prints. OpenSSL's digest uses the processor's SHA
 * instructions where it has them; GLib's is portable C: for a 40 KB report
 * 28 µs against 250 µs here, about 1 % of the server's CPU in the lab
 * flow (docs/bench.md). Short texts (tokens, request bodies) stay with
 * GLib, where the call costs more than the digest.
 */

#define G_LOG_DOMAIN "ld-digest"

#include "config.h"

#include <openssl/evp.h>

#include "ld-digest.h"

/**
 * ld_digest_sha256_hex:
 * @bytes: the data
 *
 * Returns: (transfer full): the SHA-256 of @bytes in lowercase hex, as
 *   g_compute_checksum_for_bytes() writes it
 */
char *
ld_digest_sha256_hex (GBytes *bytes)
{
  static const char hex[] = "0123456789abcdef";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  gsize size;
  const void *data;
  char *text;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (!EVP_Digest (data, size, digest, &length, EVP_sha256 (), NULL) || length != 32)
    g_error ("OpenSSL could not compute a SHA-256");

  text = g_malloc (2 * length + 1);
  for (unsigned int i = 0; i < length; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * length] = '\0';
  return text;
}
