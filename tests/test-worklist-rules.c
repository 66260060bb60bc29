/* test-worklist-rules.c: one worklist rule, in the server's SQL and in C
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tab an order is on and its place in the tab are defined once, in
 * shared/model/ld-worklist.c; the client files its cache by those
 * functions. The server pages a tab in SQL, so here that SQL, run by the
 * real store on a real database, is held to them on every combination of
 * lab state, payment state and priority.
 */

#include "config.h"

#include "ld-test-server.h"
#include "store/ld-store-orders.h"

static void
test_server_sql_is_the_shared_rule (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-worklist-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "labdesk.db", NULL);
  g_autoptr(LdStore) store = NULL;
  const char * const *lab_states = ld_order_lab_states ();
  const char * const *payment_states = ld_order_payment_states ();
  const char * const *priorities = ld_order_priorities ();
  guint on_tab[LD_WORKLIST_N_TABS] = { 0 };
  guint n = 0;

  g_assert_no_error (error);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);

  for (guint l = 0; lab_states[l] != NULL; l++)
    for (guint p = 0; payment_states[p] != NULL; p++)
      for (guint r = 0; priorities[r] != NULL; r++)
        for (guint w = 0; w < 2; w++)
          {
            LdWorklistTab tab;
            LdWorklistTab rule = ld_worklist_tab_of_order (lab_states[l], payment_states[p], w);
            int           rank;

            g_assert_true (ld_store_lab_rank_order (store, lab_states[l], payment_states[p],
                                                    priorities[r], w, &tab, &rank, &error));
            g_assert_no_error (error);
            if (tab != rule || rank != ld_worklist_priority_rank (priorities[r]))
              g_error (
                "%s, %s, %s, %s: the server's SQL says tab %d rank %d, the rule tab %d rank %d",
                lab_states[l], payment_states[p], priorities[r],
                w ? "awaiting a new sample" : "not awaiting", tab, rank, rule,
                ld_worklist_priority_rank (priorities[r]));
            if (!w && tab != ld_worklist_tab_of (lab_states[l], payment_states[p]))
              g_error ("%s, %s: tab_of_order and tab_of disagree", lab_states[l],
                       payment_states[p]);
            if (tab != LD_WORKLIST_NONE)
              on_tab[tab]++;
            n++;
          }

  /* The walk covered the domain: every tab is reached, ranks in order. */
  g_assert_cmpuint (n, ==,
                    g_strv_length ((GStrv) lab_states) * g_strv_length ((GStrv) payment_states) *
                      g_strv_length ((GStrv) priorities) * 2);
  for (guint t = 0; t < LD_WORKLIST_N_TABS; t++)
    g_assert_cmpuint (on_tab[t], >, 0);
  for (guint r = 0; priorities[r] != NULL; r++)
    g_assert_cmpint (ld_worklist_priority_rank (priorities[r]), ==, r);

  g_clear_pointer (&store, ld_store_close);
  ld_test_remove_tree (dir);
}

static void
test_tab_names_round_trip (void)
{
  for (int t = 0; t < LD_WORKLIST_N_TABS; t++)
    {
      LdWorklistTab parsed;

      g_assert_true (ld_worklist_tab_from_string (ld_worklist_tab_to_string (t), &parsed));
      g_assert_cmpint (parsed, ==, t);
    }
  g_assert_false (ld_worklist_tab_from_string ("pending", &(LdWorklistTab){ 0 }));
  g_assert_false (ld_worklist_tab_from_string (NULL, &(LdWorklistTab){ 0 }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/worklist/rules/server-sql-is-the-shared-rule",
                   test_server_sql_is_the_shared_rule);
  g_test_add_func ("/worklist/rules/tab-names-round-trip", test_tab_names_round_trip);

  return g_test_run ();
}
