/* test-api-analytics.c: the lab's figures for a period, over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four orders are taken through the real endpoints (one released with
 * ten results, one promised cash on collection, one cancelled, one paid
 * and partly refunded), then moved into two days of June 2025 with every
 * stage time set in the database, so that each count, sum, median and
 * 90th percentile is known by construction; every figure of the JSON is
 * compared with that, and every CSV with the JSON.
 */

#include "config.h"

#include "ld-test-documents.h"
#include "ld-test-lab.h"
#include "ld-time.h"
#include "../server/domain/ld-analytics.h"

#define MINUTE_US (60 * G_USEC_PER_SEC)
#define PERIOD "from=2025-06-01&to=2025-06-02"

typedef struct
{
  LdLab  *lab;
  gint64  day1_us;
  gint64  day2_us;
  char   *released_id;
  gint64  released_total;
  gint64  refunded_total;
  gint64  n_samples;
  char   *technician_id;
  char   *sunita_id;
  char   *signatory_id;
} Seeded;

/* Runs @sql with ?1 = @text1, ?2 = @number2 and ?3 = @text3 bound. */
static void
run_sql (LdLab      *lab,
         const char *sql,
         const char *text1,
         gint64      number2,
         const char *text3)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (lab->server);
  LdDbStmt *stmt;

  stmt = ld_db_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, text1);
  ld_db_bind_int64 (stmt, 2, number2);
  ld_db_bind_text (stmt, 3, text3);
  ld_db_step_done (stmt, &error);
  g_assert_no_error (error);
}

static gint64
local_midnight (int year,
                int month,
                int day)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, 0, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

/* Moves @order_id to @created_us, and its succeeded payments and refunds
 * to @decided_us. */
static void
move_order (LdLab      *lab,
            const char *order_id,
            gint64      created_us,
            gint64      decided_us)
{
  g_autofree char *decided = ld_time_format_rfc3339 (decided_us);

  run_sql (lab, "UPDATE orders SET created_us = ?2 WHERE id = ?1", order_id, created_us, NULL);
  run_sql (lab, "UPDATE payments SET decided_at = ?3 WHERE order_id = ?1 AND status = 'succeeded'",
           order_id, 0, decided);
}

static gint64
order_total (LdLab      *lab,
             const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->admin);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, "order.total_paise");
}

/* One appointment with @lab's doctor on @day, in @state, with the times
 * after @start_us (0: not kept): checked in, with the doctor, done. The
 * times are written as numbers, not bound: both backends read them so. */
static void
add_appointment (LdLab      *lab,
                 const char *patient_id,
                 const char *day,
                 const char *state,
                 gint64      start_us,
                 gint64      wait_minutes,
                 gint64      consultation_minutes)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *checked_in = NULL;
  g_autofree char *started = NULL;
  g_autofree char *done = NULL;
  g_autofree char *sql = NULL;
  gint64 started_us = start_us + wait_minutes * MINUTE_US;

  checked_in = start_us ? g_strdup_printf ("%" G_GINT64_FORMAT, start_us) : g_strdup ("NULL");
  started = start_us ? g_strdup_printf ("%" G_GINT64_FORMAT, started_us) : g_strdup ("NULL");
  done = start_us && consultation_minutes
           ? g_strdup_printf ("%" G_GINT64_FORMAT, started_us + consultation_minutes * MINUTE_US)
           : g_strdup ("NULL");
  sql = g_strdup_printf (
    "INSERT INTO appointments (id, doctor_id, patient_id, day, state, cancel_reason, booked_by,"
    " booked_us, checked_in_us, started_us, done_us)"
    " VALUES (?1, '%s', '%s', ?3, '%s', %s, '%s', %" G_GINT64_FORMAT ", %s, %s, %s)",
    lab->doctor_id, patient_id, state, g_str_equal (state, "cancelled") ? "'ill'" : "NULL",
    lab->doctor_id, start_us ? start_us : (gint64) 1, checked_in, started, done);
  run_sql (lab, sql, id, 0, day);
}

static void
seed (Seeded *seeded)
{
  LdLab           *lab = seeded->lab;
  g_autofree char *patient_id =
    ld_lab_new_patient (lab, "{\"name\": \"Lakshmi Rao\","
                             " \"sex\": \"female\", \"age_years\": 52}");
  g_autofree char *cod_id = NULL;
  g_autofree char *cancelled_id = NULL;
  g_autofree char *refunded_id = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *samples_path = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  g_autoptr(LdTestResponse) samples = NULL;

  seeded->day1_us = local_midnight (2025, 6, 1);
  seeded->day2_us = local_midnight (2025, 6, 2);

  /* The clinic's day 1: two seen (waits of 10 and 20 minutes, 15- and
   * 10-minute consultations), a no-show, and a cancelled one that does not
   * count; day 2: one booked, not yet come. */
  add_appointment (lab, patient_id, "2025-06-01", "done",
                   seeded->day1_us + 9 * 60 * (gint64) MINUTE_US, 10, 15);
  add_appointment (lab, patient_id, "2025-06-01", "done",
                   seeded->day1_us + 10 * 60 * (gint64) MINUTE_US, 20, 10);
  add_appointment (lab, patient_id, "2025-06-01", "no_show", 0, 0, 0);
  add_appointment (lab, patient_id, "2025-06-01", "cancelled", 0, 0, 0);
  add_appointment (lab, patient_id, "2025-06-02", "booked", 0, 0, 0);
  seeded->technician_id = g_strdup (lab->technician_id);

  seeded->sunita_id = g_strdup (lab->sunita_id);
  seeded->signatory_id = g_strdup (lab->signatory_id);

  /* Released: paid by card, ten results (CBC's eight, GLUF, K). */
  seeded->released_id = ld_test_order_released (lab, patient_id);
  seeded->released_total = order_total (lab, seeded->released_id);
  samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", seeded->released_id);
  samples = ld_test_get (lab->server, samples_path, lab->technician);
  ld_test_assert_status (samples, 200);
  seeded->n_samples = json_array_get_length (
    json_object_get_array_member (ld_test_response_object (samples), "items"));
  g_assert_cmpint (seeded->n_samples, >=, 2);

  cod_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"GLUF\"]");
  resp = ld_lab_order_post (lab, lab->desk, cod_id, "payments", "{\"method\": \"cod\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);

  cancelled_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"K\"]");
  cancel =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"The patient left.\"}",
                     ld_lab_order_version (lab, cancelled_id));
  resp = ld_lab_order_post (lab, lab->desk, cancelled_id, "cancel", cancel);
  ld_test_assert_status (resp, 200);
  g_clear_pointer (&resp, ld_test_response_free);

  refunded_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"K\"]");
  ld_lab_pay (lab, refunded_id);
  seeded->refunded_total = order_total (lab, refunded_id);
  resp = ld_lab_order_post (lab, lab->desk, refunded_id, "refunds",
                            "{\"method\": \"card\", \"amount_paise\": 100,"
                            " \"reason\": \"Charged twice.\"}");
  ld_test_assert_status (resp, 201);

  /* Day 1: the released order at 01:00 (paid 03:00) and the promise at
   * 02:00; day 2: the cancelled at 01:00, the refunded at 02:00 (paid
   * and refunded 03:00). */
  move_order (lab, seeded->released_id, seeded->day1_us + G_TIME_SPAN_HOUR,
              seeded->day1_us + 3 * G_TIME_SPAN_HOUR);
  move_order (lab, cod_id, seeded->day1_us + 2 * G_TIME_SPAN_HOUR, 0);
  move_order (lab, cancelled_id, seeded->day2_us + G_TIME_SPAN_HOUR, 0);
  move_order (lab, refunded_id, seeded->day2_us + 2 * G_TIME_SPAN_HOUR,
              seeded->day2_us + 3 * G_TIME_SPAN_HOUR);

  /* The released order's results, k = 0 … 9 by test code: collected k+1
   * minutes after the order, received 2 minutes later, resulted 10(k+1)
   * minutes after that, verified 3 minutes later, released k minutes
   * after verification (ordered to released: 12k + 16 minutes). */
  run_sql (lab,
           "UPDATE results SET collected_us = ?2 + 60000000 * (1 + (SELECT count(*) FROM results r"
           "  WHERE r.order_id = results.order_id AND r.test_code < results.test_code))"
           " WHERE order_id = ?1",
           seeded->released_id, seeded->day1_us + G_TIME_SPAN_HOUR, NULL);
  run_sql (lab,
           "UPDATE results SET received_us = collected_us + 120000000,"
           "  entered_us = collected_us + 120000000 + 10 * (collected_us - ?2),"
           "  verified_us = collected_us + 300000000 + 10 * (collected_us - ?2),"
           "  released_us = collected_us + 300000000 + 10 * (collected_us - ?2)"
           "                + (collected_us - ?2 - 60000000),"
           "  flag = CASE test_code WHEN 'K' THEN 'critical_high' ELSE 'normal' END"
           " WHERE order_id = ?1",
           seeded->released_id, seeded->day1_us + G_TIME_SPAN_HOUR, NULL);
  /* One amendment (HB) and one result sent back (GLUF), which is none. */
  run_sql (lab,
           "INSERT INTO result_amendments (result_id, old_value, new_value, reason, amended_by,"
           "                               amended_at, kind)"
           " SELECT id, value, value, 'Typing error.', entered_by, ?3,"
           "        CASE test_code WHEN 'HB' THEN 'amendment' ELSE 'returned' END"
           " FROM results WHERE order_id = ?1 AND test_code IN ('HB', 'GLUF')",
           seeded->released_id, 0, "2025-06-01T12:00:00.000Z");
  /* One sample rejected, another taken again for it. */
  run_sql (lab,
           "UPDATE samples SET reject_reason = 'Haemolysed.'"
           " WHERE id = (SELECT min (id) FROM samples WHERE order_id = ?1)",
           seeded->released_id, 0, NULL);
  run_sql (
    lab,
    "UPDATE samples SET replaces_sample_id = (SELECT min (id) FROM samples WHERE order_id = ?1)"
    " WHERE id = (SELECT max (id) FROM samples WHERE order_id = ?1)",
    seeded->released_id, 0, NULL);
}

/* "a,b;c,d": each row's cells in column order, "" for null. */
static char *
json_rows_text (JsonArray *rows)
{
  GString *text = g_string_new (NULL);

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      g_autoptr(GList) members = json_object_get_members (row);

      if (r > 0)
        g_string_append_c (text, ';');
      for (GList *m = members; m != NULL; m = m->next)
        {
          JsonNode *node = json_object_get_member (row, m->data);

          if (m != members)
            g_string_append_c (text, ',');
          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            g_string_append (text, json_node_get_string (node));
          else
            g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
        }
    }

  return g_string_free (text, FALSE);
}

/* The same text from RFC 4180 CSV, after checking its header names
 * @columns; quoted fields are unquoted. */
static char *
csv_rows_text (const char *csv,
               const char *columns)
{
  GString *text = g_string_new (NULL);
  GString *header = g_string_new (NULL);
  GString *out = header;
  gboolean quoted = FALSE;

  for (const char *c = csv; *c != '\0'; c++)
    {
      if (quoted)
        {
          if (c[0] == '"' && c[1] == '"')
            {
              g_string_append_c (out, '"');
              c++;
            }
          else if (c[0] == '"')
            quoted = FALSE;
          else
            g_string_append_c (out, *c);
          continue;
        }
      if (*c == '"')
        quoted = TRUE;
      else if (c[0] == '\r' && c[1] == '\n')
        {
          c++;
          if (out == header)
            out = text;
          else if (c[1] != '\0')
            g_string_append_c (out, ';');
        }
      else
        g_string_append_c (out, *c);
    }
  g_assert_false (quoted);
  g_assert_cmpstr (header->str, ==, columns);
  g_string_free (header, TRUE);
  return g_string_free (text, FALSE);
}

static void
assert_section (JsonObject *body,
                const char *section,
                const char *expected)
{
  g_autofree char *rows = json_rows_text (json_object_get_array_member (body, section));

  g_assert_cmpstr (rows, ==, expected);
}

static LdTestResponse *
get_analytics (Seeded     *seeded,
               const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/analytics?%s", query);
  LdTestResponse *resp = ld_test_get (seeded->lab->server, path, seeded->lab->admin);

  ld_test_assert_status (resp, 200);
  return resp;
}

static void
test_known_figures (gconstpointer data)
{
  Seeded *seeded = (Seeded *) data;
  g_autoptr(LdTestResponse) resp = get_analytics (seeded, PERIOD);
  JsonObject *body = ld_test_response_object (resp);
  g_autofree char *revenue = NULL;
  g_autofree char *workload = NULL;
  g_autofree char *rates = NULL;
  g_autofree char *visits = NULL;
  g_autoptr(GString) tests = g_string_new (NULL);
  const char * const codes[] = {
    "GLUF", "HB", "HCT", "K", "MCH", "MCHC", "MCV", "PLT", "RBC", "WBC"
  };

  g_assert_cmpstr (ld_test_response_get_string (resp, "from"), ==, "2025-06-01");
  g_assert_cmpstr (ld_test_response_get_string (resp, "to"), ==, "2025-06-02");
  g_assert_cmpstr (ld_test_response_get_string (resp, "percentile"), ==, "nearest-rank");

  assert_section (body, "orders_by_lab_state",
                  "ordered,2;collected,0;in_process,0;resulted,0;verified,0;reported,1;"
                  "cancelled,1;expired,0");
  assert_section (body, "orders_by_payment",
                  "cancelled,none,1;cod_pending,cod,1;paid,card,1;partly_refunded,card,1");

  revenue = g_strdup_printf ("2025-06-01,card,1,%" G_GINT64_FORMAT ",0,0,%" G_GINT64_FORMAT ";"
                             "2025-06-02,card,1,%" G_GINT64_FORMAT ",1,100,%" G_GINT64_FORMAT,
                             seeded->released_total, seeded->released_total,
                             seeded->refunded_total, seeded->refunded_total - 100);
  assert_section (body, "revenue", revenue);

  /* Stages over the ten results: 1…10, 2×10, 10…100, 3×10, 0…9 and
   * 16, 28, …, 124 minutes; nearest rank: the 5th and the 9th of ten. */
  assert_section (body, "turnaround_stages",
                  "ordered_collected,10,5,9;collected_received,10,2,2;received_resulted,10,50,90;"
                  "resulted_verified,10,3,3;verified_released,10,4,8;ordered_released,10,64,112");
  for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
    g_string_append_printf (tests, "%s%s,ordered_collected,1,%u,%u;%s,collected_received,1,2,2;"
                            "%s,received_resulted,1,%u,%u;%s,resulted_verified,1,3,3;"
                            "%s,verified_released,1,%u,%u;%s,ordered_released,1,%u,%u",
                            k > 0 ? ";" : "", codes[k], k + 1, k + 1, codes[k],
                            codes[k], 10 * (k + 1), 10 * (k + 1), codes[k],
                            codes[k], k, k, codes[k], 12 * k + 16, 12 * k + 16);
  assert_section (body, "turnaround_tests", tests->str);

  /* The technician collected and entered, Sunita verified, the
   * pathologist released; by user name. */
  workload = g_strdup_printf ("%s,pathologist,Dr. Kavita Rao,0,0,0,1;"
                              "%s,sunita,Sunita Das,0,0,10,0;"
                              "%s,technician,Ravi Kumar,%" G_GINT64_FORMAT ",10,0,0",
                              seeded->signatory_id, seeded->sunita_id, seeded->technician_id,
                              seeded->n_samples);
  assert_section (body, "workload", workload);

  rates = g_strdup_printf ("completion,1,3,3333;rejection,1,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                           ";recollection,1,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                           ";amendment,1,10,1000;critical_value,1,10,1000",
                           seeded->n_samples, ld_rate_basis_points (1, seeded->n_samples),
                           seeded->n_samples, ld_rate_basis_points (1, seeded->n_samples));
  assert_section (body, "rates", rates);

  visits = g_strdup_printf ("2025-06-01,%s,Dr. Arjun Mehta,3,2,1,3333,600,1200,600;"
                            "2025-06-02,%s,Dr. Arjun Mehta,1,0,0,0,,,",
                            seeded->lab->doctor_id, seeded->lab->doctor_id);
  assert_section (body, "visits", visits);
}

static const struct
{
  const char *section;
  const char *columns;
} csv_sections[] = {
  { "orders_by_lab_state", "lab_state,orders" },
  { "orders_by_payment", "payment_state,method,orders" },
  { "revenue", "date,method,payments,received_paise,refunds,refunded_paise,net_paise" },
  { "turnaround_stages", "stage,results,median_minutes,p90_minutes" },
  { "turnaround_tests", "test_code,stage,results,median_minutes,p90_minutes" },
  { "workload", "user_id,username,display_name,collected,entered,verified,released" },
  { "rates", "rate,numerator,denominator,rate_bp" },
  { "visits", "day,doctor_id,doctor,appointments,seen,no_shows,no_show_rate_bp,"
              "wait_p50_seconds,wait_p90_seconds,consultation_p50_seconds" },
};

/* Every section's CSV says what its JSON says, under its header. */
static void
test_csv_equals_json (gconstpointer data)
{
  Seeded *seeded = (Seeded *) data;
  g_autoptr(LdTestResponse) json = get_analytics (seeded, PERIOD);
  JsonObject *body = ld_test_response_object (json);

  for (guint i = 0; i < G_N_ELEMENTS (csv_sections); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/analytics/%s.csv?" PERIOD, csv_sections[i].section);
      g_autoptr(LdTestResponse) csv = ld_test_get (seeded->lab->server, path, seeded->lab->admin);
      g_autofree char *from_csv = NULL;
      g_autofree char *from_json = NULL;

      ld_test_assert_status (csv, 200);
      g_assert_true (
        g_str_has_prefix (soup_message_headers_get_content_type (csv->headers, NULL), "text/csv"));
      from_csv = csv_rows_text (csv->body, csv_sections[i].columns);
      from_json = json_rows_text (json_object_get_array_member (body, csv_sections[i].section));
      g_assert_cmpstr (from_csv, ==, from_json);
    }
  /* Every section is one of these. */
  g_assert_cmpuint (json_object_get_size (body), ==, G_N_ELEMENTS (csv_sections) + 3);
}

/* A field with a comma or a quote is quoted, its quotes doubled. */
static void
test_csv_quoting (void)
{
  static const char * const columns[] = { "name", "n", NULL };
  g_autoptr(LdAnalyticsTable) table = ld_analytics_table_new ("quoting", columns);
  g_autofree char *csv = NULL;

  ld_analytics_table_add_text (table, "Dr. Rao, \"Kavita\"");
  ld_analytics_table_add_int (table, -3);
  ld_analytics_table_add_text (table, "plain");
  ld_analytics_table_add_null (table);
  csv = ld_analytics_table_to_csv (table);
  g_assert_cmpstr (csv, ==, "name,n\r\n\"Dr. Rao, \"\"Kavita\"\"\",-3\r\nplain,\r\n");
}

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the value at rank ⌈p·n/100⌉. */
static void
test_percentile (void)
{
  gint64 ten[] = { 7, 3, 10, 1, 9, 2, 8, 4, 6, 5 };
  gint64 five[] = { 50, 10, 40, 20, 30 };
  gint64 same[] = { 4, 4, 4, 1 };
  gint64 one[] = { 42 };

  g_assert_cmpint (ld_percentile_nearest_rank (ten, 10, 50), ==, 5);
  g_assert_cmpint (ld_percentile_nearest_rank (ten, 10, 90), ==, 9);
  g_assert_cmpint (ld_percentile_nearest_rank (ten, 10, 91), ==, 10);
  g_assert_cmpint (ld_percentile_nearest_rank (ten, 10, 100), ==, 10);
  g_assert_cmpint (ld_percentile_nearest_rank (ten, 10, 1), ==, 1);
  g_assert_cmpint (ld_percentile_nearest_rank (five, 5, 50), ==, 30);
  g_assert_cmpint (ld_percentile_nearest_rank (five, 5, 90), ==, 50);
  g_assert_cmpint (ld_percentile_nearest_rank (same, 4, 50), ==, 4);
  g_assert_cmpint (ld_percentile_nearest_rank (same, 4, 25), ==, 1);
  g_assert_cmpint (ld_percentile_nearest_rank (one, 1, 90), ==, 42);

  /* Against a sort, on arrays with many repeats and none. */
  for (guint round = 0; round < 200; round++)
    {
      gsize n = g_test_rand_int_range (1, 300);
      g_autofree gint64 *values = g_new (gint64, n);
      g_autofree gint64 *sorted = NULL;
      guint percent = g_test_rand_int_range (1, 101);

      for (gsize i = 0; i < n; i++)
        values[i] = g_test_rand_int_range (0, round % 2 ? 5 : 100000);
      sorted = g_memdup2 (values, n * sizeof (gint64));
      qsort (sorted, n, sizeof (gint64), compare_int64);
      g_assert_cmpint (ld_percentile_nearest_rank (values, n, percent), ==,
                       sorted[(percent * n + 99) / 100 - 1]);
    }

  g_assert_cmpint (ld_rate_basis_points (1, 3), ==, 3333);
  g_assert_cmpint (ld_rate_basis_points (2, 3), ==, 6667);
  g_assert_cmpint (ld_rate_basis_points (0, 0), ==, -1);
}

/* One day of the two: the cohort ends at the lab's midnight. */
static void
test_one_day (gconstpointer data)
{
  Seeded *seeded = (Seeded *) data;
  g_autoptr(LdTestResponse) resp = get_analytics (seeded, "from=2025-06-02&to=2025-06-02");
  JsonObject      *body = ld_test_response_object (resp);
  g_autofree char *revenue =
    g_strdup_printf ("2025-06-02,card,1,%" G_GINT64_FORMAT ",1,100,%" G_GINT64_FORMAT,
                     seeded->refunded_total, seeded->refunded_total - 100);

  assert_section (body, "orders_by_lab_state",
                  "ordered,1;collected,0;in_process,0;resulted,0;verified,0;reported,0;"
                  "cancelled,1;expired,0");
  assert_section (body, "orders_by_payment", "cancelled,none,1;partly_refunded,card,1");
  assert_section (body, "revenue", revenue);
  assert_section (body, "turnaround_stages",
                  "ordered_collected,0,,;collected_received,0,,;received_resulted,0,,;"
                  "resulted_verified,0,,;verified_released,0,,;ordered_released,0,,");
  assert_section (body, "turnaround_tests", "");
  assert_section (body, "workload", "");
  assert_section (body, "rates", "completion,0,1,0;rejection,0,0,;recollection,0,0,;"
                  "amendment,0,0,;critical_value,0,0,");
  {
    g_autofree char *visits =
      g_strdup_printf ("2025-06-02,%s,Dr. Arjun Mehta,1,0,0,0,,,", seeded->lab->doctor_id);

    assert_section (body, "visits", visits);
  }
}

static void
test_refusals (gconstpointer data)
{
  Seeded *seeded = (Seeded *) data;
  LdLab *lab = seeded->lab;
  const char * const others[] = { lab->desk, lab->doctor, lab->technician, lab->signatory };
  const char * const paths[] = { "/api/v1/analytics?" PERIOD,
                                 "/api/v1/analytics/rates.csv?" PERIOD };
  const struct
  {
    const char *path;
    guint       status;
    const char *code;
    const char *field;
  } bad[] = {
    { "/api/v1/analytics", 422, "validation_failed", "from" },
    { "/api/v1/analytics?from=2025-06-01", 422, "validation_failed", "to" },
    { "/api/v1/analytics?from=2025-13-01&to=2025-06-02", 422, "validation_failed", "from" },
    { "/api/v1/analytics?from=yesterday&to=2025-06-02", 422, "validation_failed", "from" },
    { "/api/v1/analytics?from=2025-06-01&to=2025-06-31", 422, "validation_failed", "to" },
    { "/api/v1/analytics?from=2025-06-02&to=2025-06-01", 422, "validation_failed", "to" },
    { "/api/v1/analytics?from=2025-01-01&to=2026-01-02", 422, "validation_failed", "to" },
    { "/api/v1/analytics?" PERIOD "&section=rates", 400, "bad_request", "section" },
    { "/api/v1/analytics?" PERIOD "&limit=10", 400, "bad_request", "limit" },
    { "/api/v1/analytics/rates.csv?from=2025-06-01", 422, "validation_failed", "to" },
    { "/api/v1/analytics/rates.csv?" PERIOD "&x=1", 400, "bad_request", "x" },
    { "/api/v1/analytics/speed.csv?" PERIOD, 404, "not_found", NULL },
    { "/api/v1/analytics/rates.json?" PERIOD, 404, "not_found", NULL },
    { "/api/v1/analytics/rates?" PERIOD, 404, "not_found", NULL },
    { "/api/v1/analytics/.csv?" PERIOD, 404, "not_found", NULL },
  };
  gint64 events = ld_test_server_query_int (lab->server, "SELECT count(*) FROM audit_events");

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      {
        g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, paths[p], others[i]);

        ld_test_assert_error (resp, 403, "forbidden");
      }
  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, paths[p], NULL);

      ld_test_assert_error (resp, 401, "unauthorized");
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, bad[i].path, lab->admin);

      ld_test_assert_error (resp, bad[i].status, bad[i].code);
      if (bad[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, bad[i].field));
    }
  /* A year of 366 days is the most. */
  {
    g_autoptr(LdTestResponse) leap = get_analytics (seeded, "from=2024-01-01&to=2024-12-31");

    (void) leap;
  }
  g_assert_cmpint (ld_test_server_query_int (lab->server, "SELECT count(*) FROM audit_events"),
                   ==, events);
}

int
main (int   argc,
      char *argv[])
{
  Seeded seeded = { NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  seeded.lab = ld_lab_new ();
  seed (&seeded);

  g_test_add_func ("/server/analytics/percentile", test_percentile);
  g_test_add_func ("/server/analytics/csv-quoting", test_csv_quoting);
  g_test_add_data_func ("/server/analytics/known-figures", &seeded, test_known_figures);
  g_test_add_data_func ("/server/analytics/one-day", &seeded, test_one_day);
  g_test_add_data_func ("/server/analytics/csv-equals-json", &seeded, test_csv_equals_json);
  g_test_add_data_func ("/server/analytics/refusals", &seeded, test_refusals);

  status = g_test_run ();
  ld_lab_free (seeded.lab);
  g_free (seeded.released_id);
  g_free (seeded.technician_id);
  g_free (seeded.sunita_id);
  g_free (seeded.signatory_id);
  return status;
}
