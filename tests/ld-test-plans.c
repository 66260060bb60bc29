/* ld-test-plans.c: what a plan may walk, on either backend
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-query-plans (SQLite's plans) and test-query-plans-pg
 * (PostgreSQL's) drive the same day (ld-test-day.c) and hold its
 * statements to the same rule: no request walks a table that grows with
 * the lab's history, except where the list below says why.
 */

#include "config.h"

#include <string.h>

#include "ld-store.h"
#include "ld-test-plans.h"

/* The tables that grow with every order, payment, result and change, and
 * with every visit, message, instrument run and patient's web account. */
/* clang-format off */
static const char * const growing_tables[] = {
  "orders", "order_items", "order_tests", "payments", "samples", "sample_tests",
  "custody_events", "results", "result_amendments", "reports", "report_pdfs", "alerts",
  "audit_events", "changes", "patients", "patient_name_prefixes", "sessions",
  "idempotency_keys", "appointments", "notifications", "visits", "visit_amendments",
  "break_glass", "instrument_messages", "instrument_unmatched", "rejected_sample_results",
  "web_accounts", "web_account_patients", "web_sessions", "web_sign_in_codes", "web_link_codes",
  NULL
};
/* clang-format on */

/* Statements allowed to walk a growing table, each for a reason: matched
 * by a piece of their text and, where the reason is an index, of their
 * plan, so the exception ends if the plan changes. */
static const struct
{
  const char *sql_part;
  /* The index the reason names, as each backend words its use. */
  const char *sqlite_plan_part;
  const char *pg_plan_part;
  const char *why;
} exceptions[] = {
  { "FROM audit_events ORDER BY seq DESC LIMIT 1", "SCAN audit_events",
    "Index Scan Backward using audit_events_pkey",
    "the chain's newest link: one step back from the end of the table, whose rowid is the "
    "seq" },
  { "FROM audit_events ORDER BY seq", NULL, NULL,
    "the chain's check walks every event by design (labdesk-server check, and POST "
    "/api/v1/audit/check on a thread of its own), never to answer a request" },
  { "SELECT id FROM patients ORDER BY id", NULL, NULL,
    "the change feed's backfill at start-up (ld-changes-backfill.c), not a request" },
  { "SELECT DISTINCT entity_id FROM changes WHERE entity = ?", NULL, NULL,
    "the change feed's backfill at start-up (ld-changes-backfill.c), not a request" },
  { "FROM orders o JOIN order_money m ON m.order_id = o.id WHERE o.lab_state = 'ordered'",
    "orders_by_state (lab_state=?)", "orders_by_state",
    "the expiry timer reads orders still waiting for payment: open work, not history" },
  { "JOIN patients p ON p.id = o.patient_id WHERE o.lab_state = 'ordered' AND o.expires_us",
    "orders_by_state (lab_state=?)", "orders_by_state",
    "the \"expiring tomorrow\" sweep reads orders still waiting for payment: open work, not "
    "history" },
  { "WHERE o.collection = 'home' AND o.home_slot_us < ?1 AND o.lab_state = 'ordered'",
    "orders_by_state (lab_state=?)", "orders_by_state",
    "home visits still to make: orders not yet collected, open work" },
  { "SELECT MIN(created_us) FROM notifications WHERE state = 'waiting'",
    "notifications_due (state=?)", "notifications_due",
    "/metrics' oldest message still waiting: the outbox's backlog, open work, not history" },
  { "SELECT patient_id FROM orders WHERE doctor_id = ?1 GROUP BY patient_id", "orders_by_doctor",
    "orders_by_doctor",
    "a doctor's patients are drawn from that doctor's own orders; see docs/architecture.md" },
};

gboolean
ld_test_plans_is_growing (const char *table)
{
  return g_strv_contains (growing_tables, table);
}

/* The table a plan's name stands for: itself, or the table @sql gives
 * that alias to ("FROM orders o", "JOIN payments AS p"). */
char *
ld_test_plans_resolve_table (const char *sql,
                             const char *name)
{
  g_autofree char *pattern = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (ld_test_plans_is_growing (name))
    return g_strdup (name);

  pattern = g_strdup_printf ("\\b([a-z_]+)\\s+(?:AS\\s+)?%s\\b", name);
  regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_regex_match (regex, sql, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *table = g_match_info_fetch (match, 1);

      if (ld_test_plans_is_growing (table))
        return g_steal_pointer (&table);
    }

  return NULL;
}

const char *
ld_test_plans_find_exception (const char         *sql,
                              const char * const *plan,
                              gboolean            postgresql)
{
  for (guint i = 0; i < G_N_ELEMENTS (exceptions); i++)
    {
      const char *plan_part = NULL;

      if (strstr (sql, exceptions[i].sql_part) == NULL)
        continue;
      plan_part = postgresql ? exceptions[i].pg_plan_part : exceptions[i].sqlite_plan_part;
      if (plan_part == NULL)
        return exceptions[i].why;
      for (guint j = 0; plan[j] != NULL; j++)
        if (strstr (plan[j], plan_part) != NULL)
          return exceptions[i].why;
    }
  return NULL;
}

gboolean
ld_test_plans_has_required_match (const char *sql)
{
  g_autoptr(GRegex) regex = g_regex_new ("([a-z_.]+) = \\?([0-9]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gboolean required = FALSE;

  g_regex_match (regex, sql, 0, &match);
  for (; !required && g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *param = g_match_info_fetch (match, 2);
      g_autofree char *optional = g_strdup_printf ("?%s IS NULL OR ", param);

      required = strstr (sql, optional) == NULL;
    }

  return required;
}

GStrv
ld_test_plans_dup_plan (LdStore    *store,
                        const char *sql)
{
  g_autoptr(GError) error = NULL;
  GStrv plan;

  if (!g_str_has_prefix (sql, "SELECT") && !g_str_has_prefix (sql, "INSERT") &&
      !g_str_has_prefix (sql, "UPDATE") && !g_str_has_prefix (sql, "DELETE") &&
      !g_str_has_prefix (sql, "WITH"))
    return NULL;

  plan = ld_store_dup_query_plan (store, sql, &error);
  g_assert_no_error (error);
  if (g_test_verbose ())
    {
      g_autofree char *joined = g_strjoinv ("\n    ", plan);

      g_test_message ("%s\n    %s", sql, joined);
    }
  return plan;
}
