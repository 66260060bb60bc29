/* test-record-id.c: new records' ids are UUIDs of version 7, in time order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-record-id.h"

/* The 48-bit time at the head of a version 7 UUID. */
static gint64
time_of (const char *id)
{
  gint64 unix_ms = 0;

  for (int i = 0; i < 13; i++)
    if (i != 8)
      unix_ms = unix_ms * 16 + g_ascii_xdigit_value (id[i]);
  return unix_ms;
}

static void
test_form (void)
{
  gint64 before = g_get_real_time () / 1000;
  g_autofree char *id = ld_record_id_new ();
  gint64 after = g_get_real_time () / 1000;

  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpuint (strlen (id), ==, 36);
  /* Version 7, RFC 9562's variant (10xx). */
  g_assert_cmpint (id[14], ==, '7');
  g_assert_nonnull (strchr ("89ab", id[19]));
  for (const char *c = id; *c != '\0'; c++)
    g_assert_true (*c == '-' || g_ascii_isdigit (*c) || (*c >= 'a' && *c <= 'f'));
  g_assert_cmpint (time_of (id), >=, before);
  g_assert_cmpint (time_of (id), <=, after);
}

/* Ids made in later milliseconds sort after earlier ones as text, which is
 * what keeps an index's new entries together; and no two are the same. */
static void
test_order_and_uniqueness (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *previous = NULL;
  guint later = 0;

  for (int i = 0; i < 20000; i++)
    {
      char *id = ld_record_id_new ();

      g_assert_true (g_hash_table_add (seen, id));
      if (previous != NULL && time_of (id) > time_of (previous))
        {
          g_assert_cmpstr (id, >, previous);
          later++;
        }
      g_free (previous);
      previous = g_strdup (id);
    }
  g_test_message ("%u of the ids came in a later millisecond", later);
}

/* The 74 bits after the time are random: two ids of one millisecond differ
 * in them, and each bit is set in about half of many ids. */
static void
test_random_part (void)
{
  guint ones[16 * 8] = { 0 };
  const int n = 4000;

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = ld_record_id_new ();
      int nibble = 0;

      for (const char *c = id + 15; *c != '\0'; c++)
        {
          if (*c == '-')
            continue;
          for (int bit = 0; bit < 4; bit++)
            if ((g_ascii_xdigit_value (*c) >> bit) & 1)
              ones[nibble * 4 + bit]++;
          nibble++;
        }
    }
  /* id[15..17] and id[20..35]: 3 + 16 digits, less the variant's two bits. */
  for (int i = 0; i < 19 * 4; i++)
    {
      if (i == 3 * 4 + 2 || i == 3 * 4 + 3)
        continue;
      g_assert_cmpuint (ones[i], >, n * 4 / 10);
      g_assert_cmpuint (ones[i], <, n * 6 / 10);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/record-id/form", test_form);
  g_test_add_func ("/record-id/order-and-uniqueness", test_order_and_uniqueness);
  g_test_add_func ("/record-id/random-part", test_random_part);
  return g_test_run ();
}
