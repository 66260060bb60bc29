/* test-client-worklist-rules.c: the cache's worklist tabs follow the shared rule
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-worklist-rules holds the server's worklist SQL to
 * shared/model/ld-worklist.c on every combination; this holds the
 * client's side to it: an order of every combination of lab state,
 * payment state and priority goes through a real cache's feed code, and
 * each tab the offline worklist shows holds exactly the orders the rule
 * puts there, stat first, then urgent, then routine, oldest first.
 */

#include "config.h"

#include "ld-cache-list.h"
#include "ld-test-client.h"
#include "ld-worklist.h"

typedef struct
{
  char   *id;
  int     rank;
  gint64  created;
} Expected;

static void
expected_free (Expected *expected)
{
  g_free (expected->id);
  g_free (expected);
}

static int
compare_expected (gconstpointer a,
                  gconstpointer b)
{
  const Expected *x = *(const Expected * const *) a;
  const Expected *y = *(const Expected * const *) b;

  if (x->rank != y->rank)
    return x->rank - y->rank;
  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return strcmp (x->id, y->id);
}

static gboolean
settled (gpointer data)
{
  return !ld_cache_list_get_loading (LD_CACHE_LIST (data));
}

static GPtrArray *
ids_of (GListModel *model)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  ld_test_wait_until (settled, model, 30000, "a worklist tab to load");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (rows, g_list_model_get_item (model, i));
  ld_test_wait_until (settled, model, 30000, "a worklist tab's rows");
  for (guint i = 0; i < rows->len; i++)
    {
      LdCacheRecord *row = g_ptr_array_index (rows, i);

      g_assert_true (ld_cache_record_get_loaded (row));
      g_ptr_array_add (ids, g_strdup (ld_cache_record_get_id (row)));
    }
  return ids;
}

static void
test_cache_tabs_are_the_shared_rule (void)
{
  const char * const *lab_states = ld_order_lab_states ();
  const char * const *payment_states = ld_order_payment_states ();
  const char * const *priorities = ld_order_priorities ();
  GPtrArray *expected[LD_WORKLIST_N_TABS];
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("labdesk-worklist-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "server", "user", NULL);
  g_autofree char *page_text = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  LdCacheFeedPage answer;
  LdCache *cache;
  guint seq = 0;

  g_assert_no_error (error);
  for (guint t = 0; t < LD_WORKLIST_N_TABS; t++)
    expected[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_free);

  /* Later combinations are older, so the order of the feed is not the
   * order of a tab. */
  for (guint l = 0; lab_states[l] != NULL; l++)
    for (guint p = 0; payment_states[p] != NULL; p++)
      for (guint r = 0; priorities[r] != NULL; r++)
        for (guint awaiting = 0; awaiting < 2; awaiting++)
          {
            g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", ++seq);
            gint64 created = G_GINT64_CONSTANT (1763800000000000) - seq * G_USEC_PER_SEC;
            g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (created / G_USEC_PER_SEC);
            g_autofree char *at = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000Z");
            LdWorklistTab    tab =
              ld_worklist_tab_of_order (lab_states[l], payment_states[p], awaiting);

            g_string_append_printf (
              changes,
              "%s{\"seq\": %u, \"entity\": \"order\", \"id\": \"%s\","
              " \"at\": \"%s\", \"record\": {\"id\": \"%s\","
              " \"number\": \"O2611-%06u\","
              " \"patient\": {\"id\": \"5e1b3c2a-0000-4000-8000-000000000001\"},"
              " \"lab_state\": \"%s\", \"payment_state\": \"%s\","
              " \"priority\": \"%s\", \"created_at\": \"%s\","
              " \"awaiting_recollection\": %s,"
              " \"technician_id\": null, \"version\": 1}}",
              seq > 1 ? ", " : "", seq, id, at, id, seq, lab_states[l], payment_states[p],
              priorities[r], at, awaiting ? "true" : "false");
            if (tab != LD_WORKLIST_NONE)
              {
                Expected *e = g_new0 (Expected, 1);

                e->id = g_strdup (id);
                e->rank = ld_worklist_priority_rank (priorities[r]);
                e->created = created;
                g_ptr_array_add (expected[tab], e);
              }
          }

  cache = ld_test_cache_open (dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  page_text =
    g_strdup_printf ("{\"changes\": [%s], \"next\": %u, \"last_seq\": %u}", changes->str, seq, seq);
  page = g_bytes_new (page_text, strlen (page_text));
  ld_cache_apply_changes_async (cache, page, 0, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  g_assert_true (ld_cache_apply_changes_finish (cache, result, &answer, &error));
  g_assert_no_error (error);

  for (guint t = 0; t < LD_WORKLIST_N_TABS; t++)
    {
      g_autoptr(LdCacheList) list = NULL;
      g_autoptr(GPtrArray) ids = NULL;

      list = ld_cache_list_new_worklist (cache, ld_worklist_tab_to_string (t));
      ids = ids_of (G_LIST_MODEL (list));

      g_ptr_array_sort (expected[t], compare_expected);
      g_assert_cmpuint (expected[t]->len, >, 0);
      if (ids->len != expected[t]->len)
        g_error ("tab %s: the cache shows %u orders, the rule %u", ld_worklist_tab_to_string (t),
                 ids->len, expected[t]->len);
      for (guint i = 0; i < ids->len; i++)
        g_assert_cmpstr (g_ptr_array_index (ids, i), ==,
                         ((Expected *) g_ptr_array_index (expected[t], i))->id);
      g_ptr_array_unref (expected[t]);
    }

  /* The apply's result holds the cache too. */
  g_clear_object (&result);
  ld_cache_close (cache);
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
  g_assert_finalize_object (cache);
  ld_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add_func ("/client/worklist/tabs-are-the-shared-rule",
                   test_cache_tabs_are_the_shared_rule);

  return g_test_run ();
}
