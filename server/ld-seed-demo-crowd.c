/* ld-seed-demo-crowd.c: `labdesk-server demo --patients N`, a register of
 * N patients for trying Labdesk at a larger lab's size
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The story (ld-seed-demo.c) has 600 patients. A lab moving to PostgreSQL
 * has many more (issue 19 copies 100,000), so the patients past the
 * story's are registered today, each with one routine order paid in cash,
 * through the same API as the story: the same numbers, change feed and
 * audit chain as real registrations, just fewer kinds of work.
 */

#define G_LOG_DOMAIN "labdesk-server"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>

#include "ld-json.h"
#include "ld-seed-demo-private.h"

/* What a walk-in most often asks for. */
static const char * const crowd_tests[] = { "CBC", "GLUF", "LIPID", "THY", "KFT", "HBA1C" };

#define PROGRESS_EVERY 10000

static gboolean
register_one (LdDemoClient        *client,
              const LdDemoPerson  *person,
              char               **out_patient_id,
              GError             **error)
{
  /* Among a hundred thousand generated people a few share a name and a
   * birth date: registered on purpose, as the desk would. */
  g_autoptr(JsonBuilder) body = ld_demo_person_to_json (person, TRUE);
  g_autoptr(JsonObject) answer = NULL;

  answer = ld_demo_client_call (client, LD_DEMO_RECEPTION, "POST", "/api/v1/patients", body,
                                SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return FALSE;
  *out_patient_id = g_strdup (ld_demo_string (ld_demo_object (answer, "patient"), "id"));
  return TRUE;
}

static gboolean
book_and_pay (LdDemoClient  *client,
              const char    *patient_id,
              const char    *test_code,
              GError       **error)
{
  g_autoptr(JsonBuilder) order_body = json_builder_new ();
  g_autoptr(JsonBuilder) payment_body = json_builder_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) paid = NULL;
  g_autofree char *path = NULL;
  JsonObject *order;
  gint64 balance;

  json_builder_begin_object (order_body);
  ld_json_builder_add_string (order_body, "patient_id", patient_id);
  json_builder_set_member_name (order_body, "items");
  json_builder_begin_array (order_body);
  json_builder_add_string_value (order_body, test_code);
  json_builder_end_array (order_body);
  ld_json_builder_add_string (order_body, "priority", "routine");
  json_builder_end_object (order_body);
  answer = ld_demo_client_call (client, LD_DEMO_RECEPTION, "POST", "/api/v1/orders", order_body,
                                SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return FALSE;

  order = ld_demo_object (answer, "order");
  balance = ld_demo_int (order, "balance_paise");
  json_builder_begin_object (payment_body);
  ld_json_builder_add_string (payment_body, "method", "cash");
  ld_json_builder_add_int (payment_body, "tendered_paise", (balance + 9999) / 10000 * 10000);
  json_builder_end_object (payment_body);
  path = g_strdup_printf ("/api/v1/orders/%s/payments", ld_demo_string (order, "id"));
  paid = ld_demo_client_call (client, LD_DEMO_RECEPTION, "POST", path, payment_body,
                              SOUP_STATUS_CREATED, error);
  return paid != NULL;
}

/**
 * ld_demo_crowd_register:
 * @client: the demo's client, signed in
 * @rand: the demo's random numbers
 * @first_index: the first person's index (after the story's people)
 * @n_patients: how many to register
 * @today_year: this year, for ages
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
ld_demo_crowd_register (LdDemoClient  *client,
                        GRand         *rand,
                        guint          first_index,
                        guint          n_patients,
                        gint64         today_year,
                        GError       **error)
{
  gint64 started_us = g_get_monotonic_time ();

  for (guint i = 0; i < n_patients; i++)
    {
      g_auto(LdDemoPerson) person = { NULL };
      g_autofree char *patient_id = NULL;

      ld_demo_person_make (&person, rand, first_index + i, today_year);
      if (!register_one (client, &person, &patient_id, error) ||
          !book_and_pay (client, patient_id,
                         crowd_tests[g_rand_int_range (rand, 0, G_N_ELEMENTS (crowd_tests))],
                         error))
        return FALSE;

      if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n_patients)
        {
          printf ("  %u of %u more patients registered, booked and paid (%.0f s)\n", i + 1,
                  n_patients, (g_get_monotonic_time () - started_us) / (double) G_USEC_PER_SEC);
          fflush (stdout);
        }
    }
  return TRUE;
}
