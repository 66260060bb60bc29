/* bench-history.c: what a request costs at 10,000 and at 1,000,000 orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Run in a release build:
 *   meson setup _build-rel --buildtype=release -Dclient=false && ninja -C _build-rel
 *   _build-rel/bench/bench-history [--small-only | --sizes 0,100000]
 *
 * A year of history is written straight into the server's database with
 * bulk SQL (patients with ten orders each, every order paid, assigned,
 * collected, resulted and reported, made every 30 seconds and ending a day
 * ago), first 10,000 orders, then up to 1,000,000; or at the sizes
 * --sizes lists, such as 0,100000 (issue 36: a payment costs the same at
 * 0 and at 100,000 historical orders). At each size the main requests of
 * a lab day are timed over HTTP, one at a time, on an order of today: create, pay (which assigns by least load), assign, collect,
 * enter a result, then the worklist, the order list, a patient's orders,
 * the workload and the day's cash report. No request should cost more at
 * the larger size: none shows the history.
 */

#include "config.h"

#include <string.h>

#include "bench-common.h"
#include "ld-store-orders.h"
#include "ld-sqlite.h"
#include "ld-test-lab.h"

#define N_SMALL 10000
#define N_LARGE 1000000
#define N_TIMED 40
#define ORDER_SPACING_US (30 * G_USEC_PER_SEC)
/* The patient whose orders are listed: one with ten in the history. */
#define LISTED_PATIENT "hp-5"

enum
{
  CREATE, PAY, ASSIGN, COLLECT, RESULT, WORKLIST, WORKLIST_COMPLETED, ORDERS, PATIENT_ORDERS,
  WORKLOAD, CASH, N_REQUESTS
};

/* clang-format off */
static const char * const request_names[N_REQUESTS] = {
  "POST /orders (create)",
  "POST /orders/{id}/payments (pay, assigns)",
  "POST /orders/{id}/assign",
  "POST /orders/{id}/collect",
  "POST /orders/{id}/results (enter a result)",
  "GET /worklist (ready tab, page)",
  "GET /worklist?tab=completed (page)",
  "GET /orders (page)",
  "GET /orders?patient_id= (a patient's orders)",
  "GET /technicians/me/workload",
  "GET /reports/cash?date=today",
};
/* clang-format on */

/* The history's statements; ?1 and ?2 bound the orders written, ?3 is the
 * first order's time, ?4 … ?7 the desk, the two technicians and the
 * doctor. */
/* clang-format off */
static const char * const history_sql[] = {
  /* OR IGNORE: the listed patient may be there already (ensure_listed_patient). */
  "INSERT OR IGNORE INTO patients (id, mrn, name, name_fold, name_key, sex, age_years, created_at,"
  "                                updated_at)"
  " WITH RECURSIVE k(k) AS (SELECT ?1 / 10 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < ?2 / 10)"
  " SELECT 'hp-' || k, 'H' || k, 'History Patient ' || k, 'history patient ' || k,"
  "        'history patient ' || k, 'female', 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'"
  " FROM k",

  "INSERT INTO orders (id, number, patient_id, source, doctor_id, priority, collection,"
  "                    subtotal_paise, discount_paise, home_fee_paise, tax_paise, total_paise,"
  "                    lab_state, expires_us, created_by, created_us, created_at, updated_at,"
  "                    technician_id, assigned_us, collectable_us)"
  " WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2),"
  "   t(i, us) AS (SELECT i, ?3 + i * " G_STRINGIFY (ORDER_SPACING_US) " FROM n)"
  " SELECT 'ho-' || i, 'H-' || i, 'hp-' || (i / 10),"
  "        CASE WHEN i % 4 = 0 THEN 'doctor' ELSE 'desk' END,"
  "        CASE WHEN i % 4 = 0 THEN ?7 END,"
  "        CASE i % 10 WHEN 0 THEN 'stat' WHEN 1 THEN 'urgent' ELSE 'routine' END, 'lab',"
  "        26000, 0, 0, 0, 26000,"
  "        CASE i % 100 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'expired' ELSE 'reported' END,"
  "        us + 86400000000, ?4, us, strftime ('%Y-%m-%dT%H:%M:%SZ', us / 1000000, 'unixepoch'),"
  "        strftime ('%Y-%m-%dT%H:%M:%SZ', us / 1000000 + 7200, 'unixepoch'),"
  "        CASE WHEN i % 100 > 1 THEN CASE WHEN i % 2 = 0 THEN ?5 ELSE ?6 END END,"
  "        CASE WHEN i % 100 > 1 THEN us + 60000000 END, us"
  " FROM t",

  "INSERT INTO order_items (order_id, position, kind, code, name, list_price_paise, charged_paise)"
  " SELECT id, 0, 'test', 'GLUF', 'Glucose, fasting', 26000, 26000 FROM orders"
  " WHERE id >= 'ho-' AND id < 'ho.' AND CAST (substr (id, 4) AS INTEGER) BETWEEN ?1 AND ?2 - 1",

  "INSERT INTO order_tests (order_id, test_code, name, specimen, container, item_code, position)"
  " SELECT o.id, c.code, c.name, c.specimen, c.container, c.code, 0"
  " FROM orders o JOIN catalog_tests c ON c.code = 'GLUF'"
  " WHERE o.id >= 'ho-' AND o.id < 'ho.' AND CAST (substr (o.id, 4) AS INTEGER) BETWEEN ?1 AND ?2 - 1",

  "INSERT INTO payments (id, order_id, kind, method, amount_paise, tendered_paise, change_paise,"
  "                      status, taken_by, decided_by, created_us, created_at, decided_at)"
  " SELECT 'hpay' || substr (id, 3), id, 'payment', 'cash', 26000, 30000, 4000, 'succeeded', ?4, ?4,"
  "        created_us + 30000000, created_at, created_at"
  " FROM orders WHERE id >= 'ho-' AND id < 'ho.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) BETWEEN ?1 AND ?2 - 1",

  /* The money kept on each order, as the store keeps it after an attempt. */
  "UPDATE orders SET " LD_STORE_ORDER_MONEY_SET
  " WHERE id >= 'ho-' AND id < 'ho.' AND CAST (substr (id, 4) AS INTEGER) BETWEEN ?1 AND ?2 - 1",

  "INSERT INTO samples (id, order_id, accession, specimen, container, state, collected_by,"
  "                     collected_at, received_by, received_at)"
  " SELECT 'hs' || substr (id, 3), id, 'HS' || substr (id, 4), 'serum', 'red', 'received',"
  "        technician_id, created_at, technician_id, created_at"
  " FROM orders WHERE id >= 'ho-' AND id < 'ho.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) BETWEEN ?1 AND ?2 - 1",

  "INSERT INTO results (id, order_id, test_code, state, value, numeric_value, unit, entered_by,"
  "                     entered_at, verified_by, verified_at, released_at, sample_id,"
  "                     collected_us, entered_us, verified_us, released_us)"
  " SELECT 'hr' || substr (id, 3), id, 'GLUF', 'released', '96', 96, 'mg/dL', technician_id,"
  "        updated_at, technician_id, updated_at, updated_at, 'hs' || substr (id, 3),"
  "        created_us + 600000000, created_us + 3600000000, created_us + 5400000000,"
  "        created_us + 7200000000"
  " FROM orders WHERE id >= 'ho-' AND id < 'ho.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) BETWEEN ?1 AND ?2 - 1",
};
/* clang-format on */

typedef struct
{
  LdLab *lab;
  char  *desk_id;
  gint64 first_us;
  double ms[N_REQUESTS][N_TIMED];
} Bench;

typedef struct
{
  Bench *bench;
  guint  from;
  guint  to;
} Growth;

static void
bind_history (LdSqliteStmt *stmt,
              gpointer      data)
{
  Growth *growth = data;

  ld_sqlite_bind_int64 (stmt, 1, growth->from);
  ld_sqlite_bind_int64 (stmt, 2, growth->to);
  ld_sqlite_bind_int64 (stmt, 3, growth->bench->first_us);
  ld_sqlite_bind_text (stmt, 4, growth->bench->desk_id);
  ld_sqlite_bind_text (stmt, 5, growth->bench->lab->technician_id);
  ld_sqlite_bind_text (stmt, 6, growth->bench->lab->sunita_id);
  ld_sqlite_bind_text (stmt, 7, growth->bench->lab->doctor_id);
}

static void
grow_history (Bench  *bench,
              guint   from,
              guint   to)
{
  Growth growth = { bench, from, to };
  double seconds = bench_write_bulk (bench->lab->server, history_sql, G_N_ELEMENTS (history_sql),
                                     bind_history, &growth);

  g_print ("history: orders %u to %u written in %.1f s\n", from, to, seconds);
}

/* The patient whose orders are listed, alone: at a history of 0 orders no
 * patient has been written, and the timed orders are made for this one. */
static void
ensure_listed_patient (Bench *bench)
{
  Growth growth = { bench, 50, 60 };

  bench_write_bulk (bench->lab->server, history_sql, 1, bind_history, &growth);
}

/* Sends and times one request, which must answer @status. */
static double
timed (LdLab      *lab,
       const char *method,
       const char *path,
       const char *token,
       const char *body,
       guint       status,
       char      **out_order_id)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LdTestResponse) resp = body != NULL
                                      ? ld_test_send_json (lab->server, method, path, token, body)
                                      : ld_test_get (lab->server, path, token);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  ld_test_assert_status (resp, status);
  if (out_order_id != NULL)
    *out_order_id = g_strdup (ld_test_response_get_string (resp, "order.id"));
  return ms;
}

static void
time_requests (Bench      *bench,
               const char *size)
{
  LdLab *lab = bench->lab;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *cash = g_strdup_printf ("/api/v1/reports/cash?date=%s", today);
  g_autofree char *assign = g_strdup_printf ("{\"technician_id\": \"%s\"}", lab->technician_id);

  for (guint i = 0; i < N_TIMED; i++)
    {
      g_autofree char *order_id = NULL;
      g_autofree char *path = NULL;
      g_autofree char *results = NULL;
      g_autofree char *results_path = NULL;

      bench->ms[CREATE][i] =
        timed (lab, "POST", "/api/v1/orders", lab->desk,
               "{\"patient_id\": \"" LISTED_PATIENT "\", \"items\": [\"GLUF\"]}", 201, &order_id);
      path = g_strdup_printf ("/api/v1/orders/%s/payments", order_id);
      bench->ms[PAY][i] = timed (lab, "POST", path, lab->desk,
                                 "{\"method\": \"card\", \"reference\": \"T-42\"}", 201, NULL);
      g_free (path);
      path = g_strdup_printf ("/api/v1/orders/%s/assign", order_id);
      bench->ms[ASSIGN][i] = timed (lab, "POST", path, lab->admin, assign, 200, NULL);
      g_free (path);
      path = g_strdup_printf ("/api/v1/orders/%s/collect", order_id);
      bench->ms[COLLECT][i] = timed (lab, "POST", path, lab->technician,
                                     "{\"location\": \"Collection room 1\"}", 201, NULL);
      ld_lab_receive_all (lab, order_id);
      results = ld_lab_results_body (lab, order_id, TRUE, "GLUF", "96", NULL);
      results_path = g_strdup_printf ("/api/v1/orders/%s/results", order_id);
      bench->ms[RESULT][i] = timed (lab, "POST", results_path, lab->technician, results, 200, NULL);

      bench->ms[WORKLIST][i] =
        timed (lab, "GET", "/api/v1/worklist", lab->technician, NULL, 200, NULL);
      bench->ms[WORKLIST_COMPLETED][i] =
        timed (lab, "GET", "/api/v1/worklist?tab=completed", lab->technician, NULL, 200, NULL);
      bench->ms[ORDERS][i] = timed (lab, "GET", "/api/v1/orders", lab->desk, NULL, 200, NULL);
      bench->ms[PATIENT_ORDERS][i] =
        timed (lab, "GET", "/api/v1/orders?patient_id=" LISTED_PATIENT, lab->desk, NULL, 200, NULL);
      bench->ms[WORKLOAD][i] =
        timed (lab, "GET", "/api/v1/technicians/me/workload", lab->technician, NULL, 200, NULL);
      bench->ms[CASH][i] = timed (lab, "GET", cash, lab->desk, NULL, 200, NULL);
    }

  g_print ("\n%s orders in the history:\n", size);
  for (guint r = 0; r < N_REQUESTS; r++)
    bench_report (request_names[r], bench->ms[r], N_TIMED);
  g_print ("\n");
}

/* "1000000" as "1,000,000". */
static char *
format_size (guint size)
{
  g_autofree char *digits = g_strdup_printf ("%u", size);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* --sizes: history sizes in increasing order (the history only grows), 0
 * for none; NULL with @error set when the list is not that. */
static GArray *
parse_sizes (const char  *text,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 size;
      guint value;
      g_autoptr(GError) local_error = NULL;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, N_LARGE * 10, &size,
                                       &local_error))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--sizes: %s (each size a number of orders, at most %u)",
                       local_error->message, N_LARGE * 10);
          return NULL;
        }
      if (sizes->len > 0 && size <= g_array_index (sizes, guint, sizes->len - 1))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--sizes: %s: the sizes must increase (the history only grows)", text);
          return NULL;
        }
      value = size;
      g_array_append_val (sizes, value);
    }
  return g_steal_pointer (&sizes);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { NULL };
  gboolean small_only = FALSE;
  g_autofree char *sizes_text = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "small-only", 0, 0, G_OPTION_ARG_NONE, &small_only, "Time at 10,000 orders only", NULL },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text,
      "Time at these history sizes, increasing (default 10000,1000000)", "N,N,…" },
    { NULL }
  };
  guint written = 0;

  g_option_context_set_summary (context, "Times a lab day's requests over a growing history.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (sizes_text != NULL && (sizes = parse_sizes (sizes_text, &error)) == NULL))
    {
      g_printerr ("bench-history: %s\n", error->message);
      return 2;
    }
  if (sizes == NULL)
    {
      static const guint defaults[] = { N_SMALL, N_LARGE };

      sizes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_vals (sizes, defaults, small_only ? 1 : 2);
    }

  bench.lab = ld_lab_new ();
  bench.desk_id = ld_lab_user_id (bench.lab, bench.lab->desk);
  /* The history ends a day ago at its largest size. */
  bench.first_us = g_get_real_time () - G_TIME_SPAN_DAY -
                   (gint64) g_array_index (sizes, guint, sizes->len - 1) * ORDER_SPACING_US;

  ensure_listed_patient (&bench);
  for (guint i = 0; i < sizes->len; i++)
    {
      guint size = g_array_index (sizes, guint, i);
      g_autofree char *label = format_size (size);

      /* Nothing to write for 0: the statements write at least one row. */
      if (size > written)
        grow_history (&bench, written, size);
      written = size;
      time_requests (&bench, label);
    }

  g_free (bench.desk_id);
  ld_lab_free (bench.lab);
  return 0;
}
