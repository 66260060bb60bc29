/* bench-patients.c: generated patients, written straight into a cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A million patients through the server's feed would take most of an
 * hour; the benchmarks write them into the cache with the cache's own
 * record code instead, so the rows, the name index and the search are
 * those a synced cache has.
 */

#include "config.h"

#include "bench-patients.h"
#include "ld-json.h"
#include "ld-test-client.h"

#define FILL_BATCH 10000

/* clang-format off */
static const char * const firsts[] = {
  "Priya", "Anjali", "Sunita", "Pooja", "Neha", "Kavita", "Lakshmi", "Asha", "Meena", "Geeta",
  "Rahul", "Amit", "Arjun", "Ravi", "Suresh", "Ramesh", "Rajesh", "Mohammed", "Vijay", "Sanjay",
  "Anil", "Sunil", "Imran", "Fatima", "Thomas", "Joseph", "Mary", "Sarah", "José", "Zoë",
  "Renée", "Björn", "प्रिया", "राहुल", "अमित", "सुनीता", "Karthik", "Srinivas", "Venkatesh",
  "Harpreet", "Gurpreet", "Simran", "Aisha", "Omar", "Wei", "Yuki", "Kenji", "Elena", "Sophie",
};
/* clang-format on */

/* clang-format off */
static const char * const lasts[] = {
  "Kumar", "Singh", "Sharma", "Patel", "Shah", "Khan", "Das", "Reddy", "Rao", "Gupta", "Verma",
  "Yadav", "Nair", "Iyer", "Joshi", "Mehta", "Jain", "Agarwal", "Mishra", "Pandey", "Ghosh",
  "Banerjee", "Chatterjee", "Bose", "Kulkarni", "Patil", "Desai", "Shetty", "Menon", "Pillai",
  "Tiwari", "Kapoor", "Malhotra", "Chopra", "Gill", "Sandhu", "Kaur", "Qureshi", "Ansari",
  "Thomas", "Mathew", "Fernandes", "D'Souza", "Álvarez", "Müller", "García", "Smith", "O'Brien",
  "शर्मा", "कुमार", "सिंह", "Nguyen", "Tanaka", "Chen", "Silva",
};
/* clang-format on */

/* Skewed towards the head of each list, as real registers are. */
static const char *
pick (GRand              *rand,
      const char * const *names,
      guint               n)
{
  double x = g_rand_double (rand);

  return names[(guint) (x * x * n)];
}

/**
 * bench_patients_write:
 * @db: the cache's database, in a write transaction
 * @rand: where the names and phone numbers come from
 * @first: the index of the first patient (its id and MRN follow from it)
 * @n: how many to write
 * @sample: (nullable): gets every 997th name, for searches
 *
 * Writes @n generated patients through the cache's own record code.
 */
gboolean
bench_patients_write (LdSqlite   *db,
                      GRand      *rand,
                      guint       first,
                      guint       n,
                      GPtrArray  *sample,
                      GError    **error)
{
  for (guint index = first; index < first + n; index++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", index);
      g_autofree char *name = g_strdup_printf ("%s %s", pick (rand, firsts, G_N_ELEMENTS (firsts)),
                                               pick (rand, lasts, G_N_ELEMENTS (lasts)));
      g_autofree char *text = NULL;
      g_autoptr(JsonObject) record = NULL;

      text = g_strdup_printf ("{\"id\": \"%s\", \"mrn\": \"P%06u\", \"name\": \"%s\","
                              " \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\","
                              " \"age_years\": null, \"phone\": \"+91 9%09u\","
                              " \"email\": null, \"address\": \"12 MG Road, Bengaluru\","
                              " \"national_id\": null, \"version\": 1,"
                              " \"created_at\": \"2026-11-22T10:00:00.000Z\","
                              " \"updated_at\": \"2026-11-22T10:00:00.000Z\"}",
                              id, index + 1, name, g_rand_int_range (rand, 0, 999999999));
      record = ld_json_parse_object (text, -1, error);
      if (record == NULL || !ld_cache_apply_record (db, "patient", id, record, error))
        return FALSE;
      if (sample != NULL && index % 997 == 0)
        g_ptr_array_add (sample, g_steal_pointer (&name));
    }
  return TRUE;
}

typedef struct
{
  GRand     *rand;
  guint      first;
  guint      n;
  GPtrArray *sample;
} Fill;

static gboolean
fill_apply (LdSqlite  *db,
            gpointer   data,
            gpointer  *out_result,
            GError   **error)
{
  Fill *fill = data;

  return bench_patients_write (db, fill->rand, fill->first, fill->n, fill->sample, error);
}

static const LdCacheWriteClass fill_class = {
  .source_tag = (gpointer) bench_patients_fill,
  .apply = fill_apply,
};

/**
 * bench_patients_fill:
 * @cache: an open cache, with no list open on it
 * @sample: (nullable): as for bench_patients_write()
 *
 * Writes @n generated patients, numbered from @first, through the
 * cache's writer in transactions of 10,000; returns when they are in.
 */
void
bench_patients_fill (LdCache   *cache,
                     GRand     *rand,
                     guint      first,
                     guint      n,
                     GPtrArray *sample)
{
  for (guint done = 0; done < n;)
    {
      guint batch = MIN (FILL_BATCH, n - done);
      Fill *fill = g_new0 (Fill, 1);
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      *fill = (Fill){ rand, first + done, batch, sample };
      ld_cache_write_async (cache, &fill_class, NULL, fill, g_free, NULL, ld_test_store_result_cb,
                            &slot);
      result = ld_test_wait_result (&slot);
      g_assert_nonnull (ld_cache_write_finish (cache, result, &error));
      g_assert_no_error (error);
      done += batch;
    }
}
