/* ld-store-analytics.c: the lab's figures for a period, read from its records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure but the revenue is over the orders made in the period (the
 * cohort): a range of orders_for_analytics, and for the results, samples
 * and reports a range of each one's *_by_cohort index by the order's time
 * kept on them (schema 27), never a seek per order; the revenue is the
 * money that moved in the period, by payments_by_decision. Aggregates are summed by SQLite; what SQL cannot
 * do portably (percentiles, the lab's local days) is done here on the
 * rows, a row per result, never a record's JSON.
 */

#define G_LOG_DOMAIN "ld-store-analytics"

#include "config.h"

#include "ld-store-analytics.h"
#include "ld-store-private.h"
#include "ld-states.h"
#include "ld-time.h"

#define US_PER_MINUTE (60 * G_USEC_PER_SEC)

/* clang-format off */
static const char * const section_names[LD_ANALYTICS_N_SECTIONS] = {
  "orders_by_lab_state",
  "orders_by_payment",
  "revenue",
  "turnaround_stages",
  "turnaround_tests",
  "workload",
  "rates",
  "visits",
};
/* clang-format on */

static const char * const lab_state_columns[] = { "lab_state", "orders", NULL };
static const char * const payment_columns[] = { "payment_state", "method", "orders", NULL };
/* clang-format off */
static const char * const revenue_columns[] = {
  "date", "method", "payments", "received_paise", "refunds", "refunded_paise", "net_paise", NULL
};
/* clang-format on */
/* clang-format off */
static const char * const stage_columns[] = {
  "stage", "results", "median_minutes", "p90_minutes", NULL
};
/* clang-format on */
/* clang-format off */
static const char * const test_columns[] = {
  "test_code", "stage", "results", "median_minutes", "p90_minutes", NULL
};
/* clang-format on */
/* clang-format off */
static const char * const workload_columns[] = {
  "user_id", "username", "display_name", "collected", "entered", "verified", "released", NULL
};
/* clang-format on */
/* clang-format off */
static const char * const rate_columns[] = {
  "rate", "numerator", "denominator", "rate_bp", NULL
};
/* clang-format on */

/* Money moves by these; a promise of cash on collection is no money. */
/* clang-format off */
static const LdPaymentMethod money_methods[] = {
  LD_PAYMENT_METHOD_CASH, LD_PAYMENT_METHOD_CARD, LD_PAYMENT_METHOD_UPI, LD_PAYMENT_METHOD_ONLINE,
};
/* clang-format on */

const char *
ld_analytics_section_to_string (LdAnalyticsSection section)
{
  g_return_val_if_fail (section < LD_ANALYTICS_N_SECTIONS, NULL);

  return section_names[section];
}

gboolean
ld_analytics_section_from_string (const char         *name,
                                  LdAnalyticsSection *out_section)
{
  for (guint i = 0; i < LD_ANALYTICS_N_SECTIONS; i++)
    if (g_strcmp0 (name, section_names[i]) == 0)
      {
        *out_section = i;
        return TRUE;
      }
  return FALSE;
}

/* What the cohort's queries share: every one reads the orders made in the
 * period, or what hangs from them by the order's time kept on it. */
#define COHORT " FROM orders o"
#define COHORT_WHERE " WHERE o.created_us >= ?1 AND o.created_us < ?2"
#define CHILDREN_WHERE(alias) \
  " WHERE " alias ".order_created_us >= ?1 AND " alias ".order_created_us < ?2"

static LdDbStmt *
prepare_period (LdStore     *store,
                const char  *sql,
                gint64       from_us,
                gint64       until_us,
                GError     **error)
{
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, from_us);
  ld_db_bind_int64 (stmt, 2, until_us);
  return stmt;
}

typedef struct
{
  gint64 orders;
  gint64 reported;
  gint64 closed;
  gint64 samples;
  gint64 rejected;
  gint64 recollected;
  gint64 released;
  gint64 amended;
  gint64 entered;
  gint64 critical;
} Counts;

typedef struct
{
  char   *username;
  char   *display_name;
  gint64  work[4];
} Worker;

enum
{
  WORK_COLLECTED,
  WORK_ENTERED,
  WORK_VERIFIED,
  WORK_RELEASED
};

static void
worker_free (Worker *worker)
{
  g_free (worker->username);
  g_free (worker->display_name);
  g_free (worker);
}

static void
count_work (GHashTable *workers,
            const char *user_id,
            guint       what,
            gint64      n)
{
  Worker *worker;

  if (user_id == NULL)
    return;

  worker = g_hash_table_lookup (workers, user_id);
  if (worker == NULL)
    {
      worker = g_new0 (Worker, 1);
      g_hash_table_insert (workers, g_strdup (user_id), worker);
    }
  worker->work[what] += n;
}

static LdAnalyticsTable *
read_lab_states (LdStore  *store,
                 gint64    from_us,
                 gint64    until_us,
                 Counts   *counts,
                 GError  **error)
{
  static const char sql[] =
    "SELECT o.lab_state, count(*)" COHORT COHORT_WHERE " GROUP BY o.lab_state";
  g_autoptr(LdAnalyticsTable) table = ld_analytics_table_new (section_names[0],
                                                             lab_state_columns);
  g_autoptr(GHashTable) by_state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LdDbStmt *stmt = prepare_period (store, sql, from_us, until_us, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_hash_table_insert (by_state, ld_db_column_dup_text (stmt, 0),
                         GSIZE_TO_POINTER (ld_db_column_int64 (stmt, 1)));
  if (step == LD_DB_ERROR)
    return NULL;

  for (LdLabState state = LD_LAB_STATE_ORDERED; state <= LD_LAB_STATE_EXPIRED; state++)
    {
      const char *name = ld_lab_state_to_string (state);
      gint64 n = GPOINTER_TO_SIZE (g_hash_table_lookup (by_state, name));

      ld_analytics_table_add_text (table, name);
      ld_analytics_table_add_int (table, n);
      counts->orders += n;
      if (state == LD_LAB_STATE_REPORTED)
        counts->reported = n;
      if (state == LD_LAB_STATE_CANCELLED || state == LD_LAB_STATE_EXPIRED)
        counts->closed += n;
    }

  return g_steal_pointer (&table);
}

/* An order's payment state is order_money's; its method is that of the
 * last live attempt, the one the state follows (none: no attempt yet).
 * Both are kept on the order's row (schema 26), so the period is one range
 * of orders_for_analytics, read from the index alone. */
static LdAnalyticsTable *
read_payments (LdStore  *store,
               gint64    from_us,
               gint64    until_us,
               GError  **error)
{
  static const char sql[] =
    "SELECT m.payment_state, coalesce (m.last_payment_method, 'none'), count(*)"
    " FROM order_money m WHERE m.created_us >= ?1 AND m.created_us < ?2"
    " GROUP BY 1, 2 ORDER BY 1, 2";
  g_autoptr(LdAnalyticsTable) table = ld_analytics_table_new (section_names[1], payment_columns);
  LdDbStmt *stmt = prepare_period (store, sql, from_us, until_us, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      ld_analytics_table_add_text (table, ld_db_column_text (stmt, 0));
      ld_analytics_table_add_text (table, ld_db_column_text (stmt, 1));
      ld_analytics_table_add_int (table, ld_db_column_int64 (stmt, 2));
    }

  return step == LD_DB_DONE ? g_steal_pointer (&table) : NULL;
}

typedef struct
{
  gint64 payments;
  gint64 received;
  gint64 refunds;
  gint64 refunded;
} DayMoney;

/* Money counted on the lab's day it moved, as the cash report counts it;
 * the rows come in time order, so each falls in the current day or a
 * later one. */
static LdAnalyticsTable *
read_revenue (LdStore      *store,
              const GDate  *from,
              GArray       *day_starts,
              GError      **error)
{
  static const char sql[] =
    "SELECT decided_at, method, kind, amount_paise FROM payments"
    " WHERE status = 'succeeded' AND method != 'cod' AND decided_at >= ?1 AND decided_at < ?2"
    " ORDER BY decided_at";
  const guint n_methods = G_N_ELEMENTS (money_methods);
  const guint n_days = day_starts->len - 1;
  g_autoptr(LdAnalyticsTable) table = ld_analytics_table_new (section_names[2], revenue_columns);
  g_autofree DayMoney *money = g_new0 (DayMoney, (gsize) n_days * n_methods);
  g_autoptr(GPtrArray) bounds = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt *stmt;
  LdDbStep step;
  guint day = 0;

  for (guint i = 0; i < day_starts->len; i++)
    g_ptr_array_add (bounds, ld_time_format_rfc3339 (g_array_index (day_starts, gint64, i)));

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, g_ptr_array_index (bounds, 0));
  ld_db_bind_text (stmt, 2, g_ptr_array_index (bounds, n_days));

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      const char *at = ld_db_column_text (stmt, 0);
      LdPaymentMethod method;
      gboolean known = ld_payment_method_from_string (ld_db_column_text (stmt, 1), &method);
      gboolean refund = g_strcmp0 (ld_db_column_text (stmt, 2), "refund") == 0;
      gint64 amount = ld_db_column_int64 (stmt, 3);
      DayMoney *cell = NULL;

      while (day + 1 < n_days && strcmp (at, g_ptr_array_index (bounds, day + 1)) >= 0)
        day++;
      for (guint m = 0; known && m < n_methods; m++)
        if (method == money_methods[m])
          cell = &money[day * n_methods + m];
      if (cell == NULL)
        continue;

      if (refund)
        {
          cell->refunds++;
          cell->refunded += amount;
        }
      else
        {
          cell->payments++;
          cell->received += amount;
        }
    }
  if (step == LD_DB_ERROR)
    return NULL;

  for (guint d = 0; d < n_days; d++)
    {
      GDate date = *from;
      char label[16];

      g_date_add_days (&date, d);
      g_snprintf (label, sizeof label, "%04d-%02d-%02d", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      for (guint m = 0; m < n_methods; m++)
        {
          const DayMoney *cell = &money[d * n_methods + m];

          if (cell->payments == 0 && cell->refunds == 0)
            continue;
          ld_analytics_table_add_text (table, label);
          ld_analytics_table_add_text (table, ld_payment_method_to_string (money_methods[m]));
          ld_analytics_table_add_int (table, cell->payments);
          ld_analytics_table_add_int (table, cell->received);
          ld_analytics_table_add_int (table, cell->refunds);
          ld_analytics_table_add_int (table, cell->refunded);
          ld_analytics_table_add_int (table, cell->received - cell->refunded);
        }
    }

  return g_steal_pointer (&table);
}

/* Each stage's minutes, over the results that have both of its ends. */
typedef struct
{
  GArray *minutes[LD_N_STAGES];
} Durations;

static Durations *
durations_new (void)
{
  Durations *durations = g_new0 (Durations, 1);

  for (guint s = 0; s < LD_N_STAGES; s++)
    durations->minutes[s] = g_array_new (FALSE, FALSE, sizeof (gint64));
  return durations;
}

static void
durations_free (Durations *durations)
{
  for (guint s = 0; s < LD_N_STAGES; s++)
    g_array_unref (durations->minutes[s]);
  g_free (durations);
}

static void
add_stage_row (LdAnalyticsTable *table,
               LdStage           stage,
               GArray           *minutes)
{
  ld_analytics_table_add_text (table, ld_stage_to_string (stage));
  ld_analytics_table_add_int (table, minutes->len);
  if (minutes->len == 0)
    {
      ld_analytics_table_add_null (table);
      ld_analytics_table_add_null (table);
      return;
    }
  ld_analytics_table_add_int (table, ld_percentile_nearest_rank ((gint64 *) minutes->data,
                                                                 minutes->len, 50));
  ld_analytics_table_add_int (table, ld_percentile_nearest_rank ((gint64 *) minutes->data,
                                                                 minutes->len, 90));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Turnaround per stage and per test, with who entered and verified each
 * result and the rates that count results, in one pass over the cohort's
 * results (a cancelled test has no turnaround and is left out). */
static gboolean
read_results (LdStore           *store,
              gint64             from_us,
              gint64             until_us,
              GHashTable        *workers,
              Counts            *counts,
              LdAnalyticsTable **out_stages,
              LdAnalyticsTable **out_tests,
              GError           **error)
{
  static const char sql[] =
    "SELECT r.test_code, r.order_created_us, r.collected_us, r.received_us, r.entered_us,"
    "       r.verified_us, r.released_us, r.entered_by, r.verified_by,"
    "       r.flag IN ('critical_low', 'critical_high')"
    " FROM results r" CHILDREN_WHERE ("r") " AND r.state != 'cancelled'";
  g_autoptr(GHashTable) by_test = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) durations_free);
  g_autoptr(LdAnalyticsTable) stages = ld_analytics_table_new (section_names[3], stage_columns);
  g_autoptr(LdAnalyticsTable) tests = ld_analytics_table_new (section_names[4], test_columns);
  g_autofree gpointer *codes = NULL;
  guint n_codes = 0;
  LdDbStmt *stmt = prepare_period (store, sql, from_us, until_us, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      const char *code = ld_db_column_text (stmt, 0);
      Durations *durations = g_hash_table_lookup (by_test, code);
      gint64 at[6];
      gboolean known[6];

      if (durations == NULL)
        {
          durations = durations_new ();
          g_hash_table_insert (by_test, g_strdup (code), durations);
        }

      /* ordered, collected, received, resulted, verified, released */
      for (guint i = 0; i < 6; i++)
        {
          known[i] = !ld_db_column_is_null (stmt, 1 + i);
          at[i] = ld_db_column_int64 (stmt, 1 + i);
        }
      for (guint s = 0; s < LD_N_STAGES; s++)
        {
          guint start = s == LD_STAGE_ORDERED_RELEASED ? 0 : s;
          guint end = s == LD_STAGE_ORDERED_RELEASED ? 5 : s + 1;
          gint64 minutes;

          if (!known[start] || !known[end])
            continue;
          minutes = (at[end] - at[start]) / US_PER_MINUTE;
          g_array_append_val (durations->minutes[s], minutes);
        }

      count_work (workers, ld_db_column_text (stmt, 7), WORK_ENTERED, 1);
      count_work (workers, ld_db_column_text (stmt, 8), WORK_VERIFIED, 1);
      if (known[3])
        {
          counts->entered++;
          counts->critical += ld_db_column_int64 (stmt, 9) != 0;
        }
      counts->released += known[5];
    }
  if (step == LD_DB_ERROR)
    return FALSE;

  codes = g_hash_table_get_keys_as_array (by_test, &n_codes);
  qsort (codes, n_codes, sizeof (gpointer), compare_strings);
  for (guint s = 0; s < LD_N_STAGES; s++)
    {
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < n_codes; i++)
        {
          Durations *durations = g_hash_table_lookup (by_test, codes[i]);

          g_array_append_vals (all, durations->minutes[s]->data, durations->minutes[s]->len);
        }
      add_stage_row (stages, s, all);
    }
  for (guint i = 0; i < n_codes; i++)
    {
      Durations *durations = g_hash_table_lookup (by_test, codes[i]);

      for (guint s = 0; s < LD_N_STAGES; s++)
        {
          ld_analytics_table_add_text (tests, codes[i]);
          add_stage_row (tests, s, durations->minutes[s]);
        }
    }

  *out_stages = g_steal_pointer (&stages);
  *out_tests = g_steal_pointer (&tests);
  return TRUE;
}

/* The cohort's released results amended at least once (a result sent
 * back for re-entry is not amended). Amendments are few and come after
 * their order was made: they are read from those made since the period
 * began, not by a look for one per result. */
static gboolean
read_amendments (LdStore     *store,
                 gint64       from_us,
                 gint64       until_us,
                 Counts      *counts,
                 GError     **error)
{
  static const char sql[] =
    "SELECT count(DISTINCT a.result_id)"
    " FROM result_amendments a CROSS JOIN results r"
    " WHERE a.kind = 'amendment' AND a.amended_at >= ?3"
    "   AND r.id = a.result_id AND r.state != 'cancelled' AND r.released_us IS NOT NULL"
    "   AND r.order_created_us >= ?1 AND r.order_created_us < ?2";
  g_autofree char *since = ld_time_format_rfc3339 (from_us);
  LdDbStmt *stmt = prepare_period (store, sql, from_us, until_us, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 3, since);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  counts->amended = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/* Samples per collector, with those rejected and those that replace a
 * rejected one; report versions per signatory. */
static gboolean
read_samples_and_reports (LdStore     *store,
                          gint64       from_us,
                          gint64       until_us,
                          GHashTable  *workers,
                          Counts      *counts,
                          GError     **error)
{
  static const char samples_sql[] =
    "SELECT s.collected_by, count(*),"
    "       sum (CASE WHEN s.reject_reason IS NOT NULL THEN 1 ELSE 0 END),"
    "       sum (CASE WHEN s.replaces_sample_id IS NOT NULL THEN 1 ELSE 0 END)"
    " FROM samples s" CHILDREN_WHERE ("s") " GROUP BY s.collected_by";
  static const char reports_sql[] =
    "SELECT rp.released_by, count(*)"
    " FROM reports rp" CHILDREN_WHERE ("rp") " GROUP BY rp.released_by";
  LdDbStmt *stmt = prepare_period (store, samples_sql, from_us, until_us, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      count_work (workers, ld_db_column_text (stmt, 0), WORK_COLLECTED,
                  ld_db_column_int64 (stmt, 1));
      counts->samples += ld_db_column_int64 (stmt, 1);
      counts->rejected += ld_db_column_int64 (stmt, 2);
      counts->recollected += ld_db_column_int64 (stmt, 3);
    }
  if (step == LD_DB_ERROR)
    return FALSE;

  stmt = prepare_period (store, reports_sql, from_us, until_us, error);
  if (stmt == NULL)
    return FALSE;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    count_work (workers, ld_db_column_text (stmt, 0), WORK_RELEASED,
                ld_db_column_int64 (stmt, 1));

  return step == LD_DB_DONE;
}

static LdAnalyticsTable *
write_workload (LdStore     *store,
                GHashTable  *workers,
                GError     **error)
{
  static const char sql[] = "SELECT id, username, display_name FROM users ORDER BY username, id";
  g_autoptr(LdAnalyticsTable) table = ld_analytics_table_new (section_names[5], workload_columns);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      Worker *worker = g_hash_table_lookup (workers, ld_db_column_text (stmt, 0));

      if (worker == NULL)
        continue;
      ld_analytics_table_add_text (table, ld_db_column_text (stmt, 0));
      ld_analytics_table_add_text (table, ld_db_column_text (stmt, 1));
      ld_analytics_table_add_text (table, ld_db_column_text (stmt, 2));
      for (guint w = 0; w < G_N_ELEMENTS (worker->work); w++)
        ld_analytics_table_add_int (table, worker->work[w]);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&table) : NULL;
}

static void
add_rate (LdAnalyticsTable *table,
          const char       *name,
          gint64            numerator,
          gint64            denominator)
{
  gint64 bp = ld_rate_basis_points (numerator, denominator);

  ld_analytics_table_add_text (table, name);
  ld_analytics_table_add_int (table, numerator);
  ld_analytics_table_add_int (table, denominator);
  if (bp < 0)
    ld_analytics_table_add_null (table);
  else
    ld_analytics_table_add_int (table, bp);
}

static LdAnalyticsTable *
write_rates (const Counts *counts)
{
  LdAnalyticsTable *table = ld_analytics_table_new (section_names[6], rate_columns);

  add_rate (table, "completion", counts->reported, counts->orders - counts->closed);
  add_rate (table, "rejection", counts->rejected, counts->samples);
  add_rate (table, "recollection", counts->recollected, counts->samples);
  add_rate (table, "amendment", counts->amended, counts->released);
  add_rate (table, "critical_value", counts->critical, counts->entered);
  return table;
}

/* The results are half of the reading (a seek per order of the cohort,
 * a row per result), so they are read beside the rest, on a connection
 * of their own: on two cores the dashboard takes the longer of the two,
 * not their sum. Their figures are counted apart and added after. */
typedef struct
{
  const char       *path;
  gint64            from_us;
  gint64            until_us;
  GHashTable       *workers;
  Counts            counts;
  LdAnalyticsTable *stages;
  LdAnalyticsTable *tests;
  gboolean          ok;
  GError           *error;
} ResultsRead;

static gpointer
read_results_apart (gpointer data)
{
  ResultsRead *read = data;
  g_autoptr(LdStore) reader = ld_store_open_reader (read->path, &read->error);

  if (reader != NULL)
    read->ok = read_results (reader, read->from_us, read->until_us, read->workers,
                             &read->counts, &read->stages, &read->tests, &read->error);
  return NULL;
}

/* Adds what one person did, as read apart, to @workers. */
static void
merge_workers (GHashTable *workers,
               GHashTable *apart)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, apart);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Worker *worker = value;

      for (guint w = 0; w < G_N_ELEMENTS (worker->work); w++)
        if (worker->work[w] > 0)
          count_work (workers, key, w, worker->work[w]);
    }
}

/**
 * ld_store_analytics_read:
 * @store: a store; a reader thread's does
 * @from: the period's first day, which names the revenue's days
 * @day_starts: (element-type gint64): from ld_analytics_day_starts()
 * @error: return location for an %LD_STORE_ERROR
 *
 * Reads every section in one read transaction, so that the figures agree
 * with each other, but for the results (turnaround, and the counts of
 * results in the workload and rates), read at the same time on a
 * connection of their own (a transaction begun a moment apart).
 *
 * Returns: (transfer full) (element-type LdAnalyticsTable) (nullable): the
 *   sections, in #LdAnalyticsSection order
 */
GPtrArray *
ld_store_analytics_read (LdStore      *store,
                         const GDate  *from,
                         GArray       *day_starts,
                         GError      **error)
{
  g_autoptr(GHashTable) workers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) worker_free);
  LdAnalyticsTable *sections[LD_ANALYTICS_N_SECTIONS] = {
    NULL,
  };
  GPtrArray  *tables = NULL;
  ResultsRead results = {
    NULL,
  };
  GThread *thread;
  Counts counts = { 0 };
  gint64 from_us, until_us;
  gboolean began, ok;

  g_return_val_if_fail (store != NULL && from != NULL, NULL);
  g_return_val_if_fail (day_starts != NULL && day_starts->len >= 2, NULL);

  from_us = g_array_index (day_starts, gint64, 0);
  until_us = g_array_index (day_starts, gint64, day_starts->len - 1);
  results.path = store->location;
  results.from_us = from_us;
  results.until_us = until_us;
  results.workers =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) worker_free);
  thread = g_thread_new ("ld-analytics", read_results_apart, &results);

  ok = began = ld_db_exec_cached (store->db, "BEGIN", error);
  if (ok)
    {
      ok =
        (sections[LD_ANALYTICS_ORDERS_BY_LAB_STATE] =
           read_lab_states (store, from_us, until_us, &counts, error)) != NULL &&
        (sections[LD_ANALYTICS_ORDERS_BY_PAYMENT] =
           read_payments (store, from_us, until_us, error)) != NULL &&
        (sections[LD_ANALYTICS_REVENUE] = read_revenue (store, from, day_starts, error)) != NULL &&
        read_amendments (store, from_us, until_us, &counts, error) &&
        read_samples_and_reports (store, from_us, until_us, workers, &counts, error);
    }

  g_thread_join (thread);
  sections[LD_ANALYTICS_TURNAROUND_STAGES] = results.stages;
  sections[LD_ANALYTICS_TURNAROUND_TESTS] = results.tests;
  if (ok && !results.ok)
    {
      g_propagate_error (error, g_steal_pointer (&results.error));
      ok = FALSE;
    }
  g_clear_error (&results.error);
  if (ok)
    {
      merge_workers (workers, results.workers);
      counts.entered = results.counts.entered;
      counts.critical = results.counts.critical;
      counts.released = results.counts.released;
      ok = (sections[LD_ANALYTICS_WORKLOAD] = write_workload (store, workers, error)) != NULL;
    }
  if (ok)
    sections[LD_ANALYTICS_RATES] = write_rates (&counts);
  if (ok)
    {
      GDate last = *from;
      char first_day[16], last_day[16];

      g_date_add_days (&last, day_starts->len - 2);
      g_date_strftime (first_day, sizeof first_day, "%Y-%m-%d", from);
      g_date_strftime (last_day, sizeof last_day, "%Y-%m-%d", &last);
      ok = (sections[LD_ANALYTICS_VISITS] =
              ld_store_analytics_read_visits (store, first_day, last_day, error)) != NULL;
    }
  g_hash_table_unref (results.workers);

  /* Only read: ending it cannot lose anything. */
  if (began && !ld_db_exec_cached (store->db, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL))
    ok = FALSE;

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_analytics_table_free);
  for (guint i = 0; i < LD_ANALYTICS_N_SECTIONS; i++)
    g_ptr_array_add (tables, sections[i]);
  if (!ok)
    g_clear_pointer (&tables, g_ptr_array_unref);

  return tables;
}
