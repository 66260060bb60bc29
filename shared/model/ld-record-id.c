/* ld-record-id.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new record's id is a UUID of version 7 (RFC 9562): the time in
 * milliseconds first, then 74 random bits. Ids made close in time sort
 * close together, so each index that holds them (a table's key, the
 * feed's and the audit's indexes by record) takes a day's new rows on its
 * last few pages instead of one page anywhere in the tree for each: a
 * commit writes far fewer pages to the log (docs/bench.md). The random
 * part still makes an id impossible to guess, and it reads as any other
 * UUID to everything that checks one.
 */

#define G_LOG_DOMAIN "ld-record-id"

#include "config.h"

#include <sodium.h>

#include "ld-record-id.h"

/**
 * ld_record_id_new:
 *
 * Returns: (transfer full): a new UUID of version 7, in the usual lowercase
 *   8-4-4-4-12 form
 */
char *
ld_record_id_new (void)
{
  guint64 unix_ms = (guint64) (g_get_real_time () / 1000);
  guint8 bytes[16];

  if (sodium_init () < 0)
    g_error ("libsodium could not start");
  randombytes_buf (bytes + 6, sizeof bytes - 6);
  for (int i = 0; i < 6; i++)
    bytes[i] = (guint8) (unix_ms >> (8 * (5 - i)));
  bytes[6] = (guint8) (0x70 | (bytes[6] & 0x0f));
  bytes[8] = (guint8) (0x80 | (bytes[8] & 0x3f));

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
                          bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13],
                          bytes[14], bytes[15]);
}
