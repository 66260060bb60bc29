/* test-client-lab-items.c: results and samples as typed, bindable items
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared readers (ld_command_read_result(), ld_command_read_sample())
 * give back all the server wrote (ld_result_to_json(),
 * ld_sample_to_json()). The items (LdResultView, LdSampleView) notify the
 * properties a fresh copy changes, and only those. Read through a real
 * session against the real server, an order's list of items
 * (LdRecordItems) shows the records as the server has them, and a value
 * entered or a tube stored by another technician over HTTP arrives as
 * notifications on the same item objects.
 */

#include "config.h"

#include "ld-command-records.h"
#include "ld-json.h"
#include "ld-result-flow.h"
#include "ld-session.h"
#include "ld-test-client.h"
#include "ld-test-lab.h"
#include "store/ld-record-items.h"
#include "store/ld-result-view.h"
#include "store/ld-sample-view.h"

/* A temporary directory per test. */
typedef LdTestTmpdir Fixture;
#define fixture_setup ld_test_tmpdir_setup
#define fixture_teardown ld_test_tmpdir_teardown

static LdResult *
build_result (void)
{
  LdResult *result = ld_result_new ();
  LdResultAmendment *returned = ld_result_amendment_new ();
  g_autoptr(JsonObject) range = json_object_new ();
  g_autoptr(JsonObject) delta = json_object_new ();

  result->id = g_strdup ("res-1");
  result->order_id = g_strdup ("ord-1");
  result->order_number = g_strdup ("O2611-000007");
  result->test_code = g_strdup ("K");
  result->test_name = g_strdup ("Potassium");
  result->state = g_strdup ("verified");
  ld_result_set_value (result, "6.8", TRUE, 6.8, "critical_high");
  result->unit = g_strdup ("mmol/L");
  json_object_set_string_member (range, "text", "3.5–5.1");
  result->reference_range = json_node_init_object (json_node_alloc (), range);
  result->has_critical_high = TRUE;
  result->critical_high = 6.5;
  json_object_set_double_member (delta, "difference", 2.1);
  result->delta = json_node_init_object (json_node_alloc (), delta);
  result->comment = g_strdup ("Repeat advised");
  result->sample_id = g_strdup ("smp-1");
  result->collected_us = 1795000000000000;
  result->received_us = 1795000600000000;
  result->entered_by = g_strdup ("usr-tech");
  result->entered_at = g_strdup ("2026-11-26T08:00:00Z");
  result->verified_by = g_strdup ("usr-sunita");
  result->verified_at = g_strdup ("2026-11-26T08:30:00Z");
  result->version = 4;
  result->critical_call = ld_critical_call_new ();
  result->critical_call->name = g_strdup ("Dr Mehta");
  result->critical_call->role = g_strdup ("referring doctor");
  result->critical_call->called_at = g_strdup ("2026-11-26T08:25:00Z");
  result->critical_call->called_by = g_strdup ("usr-sunita");
  returned->kind = g_strdup ("returned");
  returned->old_value = g_strdup ("6.9");
  returned->reason = g_strdup ("haemolysed");
  g_ptr_array_add (result->amendments, returned);
  return result;
}

/* @result as the client reads what the server wrote of it. */
static LdResult *
read_back_result (const LdResult *result)
{
  g_autoptr(JsonNode) node = ld_result_to_node (result);

  return ld_command_read_result (json_node_get_object (node));
}

static LdResult *
read_back_built_result (void)
{
  g_autoptr(LdResult) built = build_result ();

  return read_back_result (built);
}

static void
test_read_result (void)
{
  g_autoptr(LdResult) read = read_back_built_result ();
  const LdResultAmendment *returned;

  g_assert_cmpstr (read->id, ==, "res-1");
  g_assert_cmpstr (read->order_number, ==, "O2611-000007");
  g_assert_cmpstr (read->test_name, ==, "Potassium");
  g_assert_cmpstr (read->state, ==, "verified");
  g_assert_cmpstr (read->value, ==, "6.8");
  g_assert_true (read->has_numeric_value);
  g_assert_cmpfloat (read->numeric_value, ==, 6.8);
  g_assert_cmpstr (read->unit, ==, "mmol/L");
  g_assert_cmpstr (ld_result_get_range_text (read), ==, "3.5–5.1");
  g_assert_false (read->has_critical_low);
  g_assert_true (read->has_critical_high);
  g_assert_cmpfloat (read->critical_high, ==, 6.5);
  g_assert_cmpstr (read->flag, ==, "critical_high");
  g_assert_nonnull (read->delta);
  g_assert_cmpstr (read->comment, ==, "Repeat advised");
  g_assert_cmpstr (read->sample_id, ==, "smp-1");
  g_assert_cmpint (read->collected_us, ==, 1795000000000000);
  g_assert_cmpint (read->received_us, ==, 1795000600000000);
  g_assert_cmpstr (read->entered_by, ==, "usr-tech");
  g_assert_cmpstr (read->entered_at, ==, "2026-11-26T08:00:00Z");
  g_assert_cmpint (read->entered_us, >, 0);
  g_assert_cmpstr (read->verified_by, ==, "usr-sunita");
  g_assert_cmpint (read->verified_us, >, read->entered_us);
  g_assert_null (read->released_at);
  g_assert_cmpint (read->released_us, ==, 0);
  g_assert_cmpint (read->version, ==, 4);
  g_assert_nonnull (read->critical_call);
  g_assert_cmpstr (read->critical_call->name, ==, "Dr Mehta");
  g_assert_cmpstr (read->critical_call->called_by, ==, "usr-sunita");
  g_assert_cmpint (read->critical_call->called_us, >, 0);
  g_assert_cmpuint (read->amendments->len, ==, 1);
  returned = g_ptr_array_index (read->amendments, 0);
  g_assert_cmpstr (returned->kind, ==, "returned");
  g_assert_cmpstr (returned->reason, ==, "haemolysed");
}

static LdSample *
build_sample (void)
{
  LdSample *sample = ld_sample_new ();
  LdCustodyEvent *received;
  LdRejectedResult *held = g_new0 (LdRejectedResult, 1);

  sample->id = g_strdup ("smp-1");
  sample->order_id = g_strdup ("ord-1");
  sample->accession = g_strdup ("S26112600017");
  sample->specimen = g_strdup ("serum");
  sample->container = g_strdup ("SST");
  sample->state = g_strdup ("rejected");
  sample->collected_by = g_strdup ("usr-tech");
  sample->collected_at = g_strdup ("2026-11-26T07:00:00Z");
  sample->received_by = g_strdup ("usr-sunita");
  sample->received_at = g_strdup ("2026-11-26T07:20:00Z");
  sample->reject_reason = g_strdup ("haemolysed");
  sample->location = g_strdup ("Bench 1");
  sample->version = 3;
  g_strfreev (sample->test_codes);
  sample->test_codes = g_strsplit ("K,NA", ",", -1);
  g_ptr_array_add (sample->custody, ld_custody_event_new ("collected", "2026-11-26T07:00:00Z",
                                                          "usr-tech", "Collection room 1", NULL));
  received =
    ld_custody_event_new ("received", "2026-11-26T07:20:00Z", "usr-sunita", "Bench 1", NULL);
  received->user_name = g_strdup ("Sunita");
  g_ptr_array_add (sample->custody, received);
  held->test_code = g_strdup ("K");
  held->state = g_strdup ("entered");
  held->value = g_strdup ("6.9");
  g_ptr_array_add (sample->rejected_results, held);
  return sample;
}

static LdSample *
read_back_sample (const LdSample *sample)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  ld_sample_to_json (sample, builder);
  node = json_builder_get_root (builder);
  return ld_command_read_sample (json_node_get_object (node));
}

static LdSample *
read_back_built_sample (void)
{
  g_autoptr(LdSample) built = build_sample ();

  return read_back_sample (built);
}

static void
test_read_sample (void)
{
  g_autoptr(LdSample) read = read_back_built_sample ();
  const LdCustodyEvent *received;
  const LdRejectedResult *held;

  g_assert_cmpstr (read->accession, ==, "S26112600017");
  g_assert_cmpstr (read->specimen, ==, "serum");
  g_assert_cmpstr (read->container, ==, "SST");
  g_assert_cmpstr (read->state, ==, "rejected");
  g_assert_cmpstr (read->collected_by, ==, "usr-tech");
  g_assert_cmpstr (read->received_by, ==, "usr-sunita");
  g_assert_cmpstr (read->received_at, ==, "2026-11-26T07:20:00Z");
  g_assert_cmpstr (read->reject_reason, ==, "haemolysed");
  g_assert_cmpstr (read->location, ==, "Bench 1");
  g_assert_cmpint (read->version, ==, 3);
  g_assert_cmpuint (g_strv_length (read->test_codes), ==, 2);
  g_assert_cmpstr (read->test_codes[1], ==, "NA");
  g_assert_cmpuint (read->custody->len, ==, 2);
  received = g_ptr_array_index (read->custody, 1);
  g_assert_cmpstr (received->event, ==, "received");
  g_assert_cmpstr (received->user_name, ==, "Sunita");
  g_assert_cmpstr (received->location, ==, "Bench 1");
  g_assert_cmpuint (read->rejected_results->len, ==, 1);
  held = g_ptr_array_index (read->rejected_results, 0);
  g_assert_cmpstr (held->value, ==, "6.9");
}

/* The names of the properties notified, in a string, and the refreshes. */
typedef struct
{
  GString *notified;
  guint    refreshed;
} Seen;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Seen       *seen)
{
  g_string_append_printf (seen->notified, "%s%s", seen->notified->len ? " " : "", pspec->name);
}

static void
on_refreshed_cb (GObject *item,
                 Seen    *seen)
{
  seen->refreshed++;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names notified, sorted: a frozen object's notifications come in no
 * set order. */
static char *
dup_notified (Seen *seen)
{
  g_auto(GStrv) names = g_strsplit (seen->notified->str, " ", -1);

  if (seen->notified->len == 0)
    return g_strdup ("");
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return g_strjoinv (" ", names);
}

static void
forget (Seen *seen)
{
  g_string_truncate (seen->notified, 0);
  seen->refreshed = 0;
}

static void
watch (gpointer item,
       Seen    *seen)
{
  g_signal_connect (item, "notify", G_CALLBACK (on_notify_cb), seen);
  g_signal_connect (item, "refreshed", G_CALLBACK (on_refreshed_cb), seen);
}

static void
test_result_view_notifies (void)
{
  g_autoptr(LdResultView) view = ld_result_view_new ();
  Seen seen = { g_string_new (NULL), 0 };
  g_autofree char *notified = NULL;
  g_autofree char *value = NULL;
  gboolean critical = FALSE;
  LdResult *result;

  watch (view, &seen);
  g_assert_false (ld_record_view_get_loaded (LD_RECORD_VIEW (view)));
  g_assert_null (ld_result_view_get_result (view));
  g_assert_null (ld_result_view_get_value (view));
  g_assert_false (ld_result_view_get_critical (view));

  ld_result_view_set_result (view, read_back_built_result ());
  g_assert_cmpuint (seen.refreshed, ==, 1);
  notified = dup_notified (&seen);
  g_assert_cmpstr (notified, ==,
                   "called comment critical entered-at entered-by flag has-delta id loaded"
                   " order-id range-text sample-id state test-code test-name unit value"
                   " verified-at verified-by version");
  g_object_get (view, "value", &value, "critical", &critical, NULL);
  g_assert_cmpstr (value, ==, "6.8");
  g_assert_true (critical);
  g_assert_cmpstr (ld_result_view_get_range_text (view), ==, "3.5–5.1");
  g_assert_cmpuint (ld_result_view_get_result (view)->amendments->len, ==, 1);

  /* The same copy again: refreshed, nothing notified. */
  forget (&seen);
  ld_result_view_set_result (view, read_back_built_result ());
  g_assert_cmpuint (seen.refreshed, ==, 1);
  g_assert_cmpstr (seen.notified->str, ==, "");

  /* Sent back and entered again, in range now (a new value has no delta). */
  forget (&seen);
  result = build_result ();
  g_free (result->state);
  result->state = g_strdup ("entered");
  ld_result_set_value (result, "4.9", TRUE, 4.9, "normal");
  g_clear_pointer (&result->verified_by, g_free);
  g_clear_pointer (&result->verified_at, g_free);
  g_clear_pointer (&result->critical_call, ld_critical_call_free);
  result->version = 6;
  ld_result_view_set_result (view, read_back_result (result));
  ld_result_free (result);
  g_free (notified);
  notified = dup_notified (&seen);
  g_assert_cmpstr (notified, ==,
                   "called critical flag has-delta state value verified-at verified-by version");
  g_assert_false (ld_result_view_get_critical (view));

  /* Verified by the test's rules: no verifier named, the system did it. */
  forget (&seen);
  result = build_result ();
  g_clear_pointer (&result->verified_by, g_free);
  result->version = 7;
  g_assert_true (ld_result_is_auto_verified (result));
  ld_result_view_set_result (view, read_back_result (result));
  ld_result_free (result);
  g_free (notified);
  notified = dup_notified (&seen);
  g_assert_nonnull (strstr (notified, "auto-verified"));
  g_assert_true (ld_result_view_get_auto_verified (view));
  g_assert_null (ld_result_view_get_verified_by (view));
  ld_result_view_set_result (view, read_back_built_result ());
  g_assert_false (ld_result_view_get_auto_verified (view));

  /* The outbox's word, notified once per change. */
  forget (&seen);
  ld_record_view_set_pending (LD_RECORD_VIEW (view), "queued");
  ld_record_view_set_pending (LD_RECORD_VIEW (view), "queued");
  g_assert_cmpstr (seen.notified->str, ==, "pending");
  g_assert_cmpuint (seen.refreshed, ==, 0);

  g_string_free (seen.notified, TRUE);
  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
test_sample_view_notifies (void)
{
  g_autoptr(LdSampleView) view = ld_sample_view_new ();
  Seen seen = { g_string_new (NULL), 0 };
  g_autofree char *notified = NULL;
  LdSample *sample;

  watch (view, &seen);
  g_assert_false (ld_record_view_get_loaded (LD_RECORD_VIEW (view)));
  g_assert_false (ld_sample_view_get_live (view));

  sample = build_sample ();
  g_free (sample->state);
  sample->state = g_strdup ("received");
  g_clear_pointer (&sample->reject_reason, g_free);
  ld_sample_view_set_sample (view, read_back_sample (sample));
  ld_sample_free (sample);
  g_assert_cmpuint (seen.refreshed, ==, 1);
  g_assert_true (ld_sample_view_get_live (view));
  g_assert_cmpstr (ld_sample_view_get_accession (view), ==, "S26112600017");

  /* Rejected at the bench: the state, the reason and the life move. */
  forget (&seen);
  ld_sample_view_set_sample (view, read_back_built_sample ());
  notified = dup_notified (&seen);
  g_assert_cmpstr (notified, ==, "live reject-reason state");
  g_assert_false (ld_sample_view_get_live (view));
  g_assert_cmpstr (ld_sample_view_get_reject_reason (view), ==, "haemolysed");
  g_assert_cmpuint (ld_sample_view_get_sample (view)->custody->len, ==, 2);

  g_string_free (seen.notified, TRUE);
  g_assert_finalize_object (g_steal_pointer (&view));
}

static LdSession *
sign_in (LdApiClient *api,
         const char  *username,
         const char  *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  LdSession *session;

  ld_session_sign_in_async (api, username, password, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  session = ld_session_sign_in_finish (result, &error);
  g_assert_no_error (error);
  return session;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Read, and not empty: the cache may read none before its first sync. */
static gboolean
items_arrived (gpointer items)
{
  return ld_record_items_get_loaded (items) && g_list_model_get_n_items (items) > 0;
}

static gboolean
result_is_entered (gpointer view)
{
  return g_strcmp0 (ld_result_view_get_state (view), "entered") == 0;
}

static gboolean
sample_is_stored (gpointer view)
{
  return g_strcmp0 (ld_sample_view_get_state (view), "stored") == 0;
}

/* The first item of @items, once they are read. */
static gpointer
wait_first_item (LdRecordItems *items,
                 const char    *what)
{
  g_autoptr(GObject) item = NULL;

  ld_test_wait_until (items_arrived, items, 60000, what);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (items)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (items), 0);
  /* The list keeps it: the same object for as long as the list lives. */
  return item;
}

/* Read in a real session: the items show the order's result and sample
 * as the server has them; another technician's work over HTTP arrives
 * through the change feed as notifications on the same objects. */
static void
test_rows_hand_out_items (Fixture       *fx,
                          gconstpointer  data)
{
  LdLab *lab = ld_lab_new ();
  g_autoptr(LdApiClient) api = ld_api_client_new (ld_test_server_get_uri (lab->server));
  g_autofree char *patient = NULL;
  g_autofree char *order = NULL;
  g_autofree char *custody = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) saved = NULL;
  g_autoptr(LdTestResponse) stored = NULL;
  g_autoptr(LdRecordItems) results = NULL;
  g_autoptr(LdRecordItems) samples = NULL;
  g_autofree char *notified = NULL;
  LdResultView *result;
  LdSampleView *sample;
  LdSession *session;
  gpointer weak;
  Seen seen = { g_string_new (NULL), 0 };

  patient =
    ld_lab_new_patient (lab, "{\"name\": \"Meera Items\", \"sex\": \"female\", \"age_years\": 35}");
  order = ld_lab_order_in_lab (lab, patient, "\"items\": [\"HB\"]");

  session = sign_in (api, "sunita", "sunita-demo");
  results = ld_record_items_new_order_results (ld_session_get_cache (session), order);
  samples = ld_record_items_new_order_samples (ld_session_get_cache (session), order);
  result = wait_first_item (results, "the result to be read from the cache");
  sample = wait_first_item (samples, "the sample to be read from the cache");

  g_assert_true (
    g_type_is_a (g_list_model_get_item_type (G_LIST_MODEL (results)), LD_TYPE_RESULT_VIEW));
  g_assert_true (ld_record_view_get_loaded (LD_RECORD_VIEW (result)));
  g_assert_cmpstr (ld_result_view_get_test_code (result), ==, "HB");
  g_assert_cmpstr (ld_result_view_get_state (result), ==, "pending");
  g_assert_null (ld_result_view_get_value (result));
  g_assert_null (ld_record_view_get_pending (LD_RECORD_VIEW (result)));
  g_assert_true (ld_record_items_find (results, ld_result_view_get_id (result)) == result);
  g_assert_null (ld_record_items_find (results, "no-such-id"));

  g_assert_cmpstr (ld_sample_view_get_state (sample), ==, "received");
  g_assert_cmpstr (ld_sample_view_get_received_by (sample), ==, lab->technician_id);
  g_assert_true (ld_sample_view_get_live (sample));
  g_assert_nonnull (ld_sample_view_get_accession (sample));
  g_assert_cmpuint (ld_sample_view_get_sample (sample)->custody->len, ==, 2);
  g_assert_cmpstr (ld_sample_view_get_sample (sample)->test_codes[0], ==, "HB");

  /* Another technician enters the value over HTTP. */
  watch (result, &seen);
  saved = ld_lab_save (lab, lab->technician, order, TRUE, "HB", "11.2", NULL);
  ld_test_assert_status (saved, 200);
  ld_test_wait_until (result_is_entered, result, 60000, "the value to reach the item");
  g_assert_cmpstr (ld_result_view_get_value (result), ==, "11.2");
  g_assert_cmpstr (ld_result_view_get_entered_by (result), ==, lab->technician_id);
  g_assert_nonnull (ld_result_view_get_flag (result));
  notified = dup_notified (&seen);
  g_assert_nonnull (strstr (notified, "value"));
  g_assert_nonnull (strstr (notified, "state"));
  g_assert_nonnull (strstr (notified, "entered-by"));
  g_assert_null (strstr (notified, "test-code"));
  g_assert_null (strstr (notified, "loaded"));
  g_assert_cmpuint (seen.refreshed, >=, 1);
  /* Still the one object the list hands out. */
  g_assert_true (ld_record_items_find (results, ld_result_view_get_id (result)) == result);
  g_signal_handlers_disconnect_by_data (result, &seen);

  /* And puts the tube away: the sample's item hears it. */
  forget (&seen);
  watch (sample, &seen);
  custody = g_strdup_printf ("/api/v1/samples/%s/custody", ld_sample_view_get_id (sample));
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"stored\","
                          " \"location\": \"Fridge 2\"}",
                          ld_sample_view_get_version (sample));
  stored = ld_lab_post (lab, lab->technician, custody, body);
  ld_test_assert_status (stored, 200);
  ld_test_wait_until (sample_is_stored, sample, 60000, "the custody to reach the item");
  g_assert_cmpstr (ld_sample_view_get_location (sample), ==, "Fridge 2");
  g_assert_cmpuint (ld_sample_view_get_sample (sample)->custody->len, ==, 3);
  g_free (notified);
  notified = dup_notified (&seen);
  g_assert_nonnull (strstr (notified, "state"));
  g_assert_nonnull (strstr (notified, "location"));
  g_assert_null (strstr (notified, "accession"));
  g_signal_handlers_disconnect_by_data (sample, &seen);
  g_string_free (seen.notified, TRUE);

  g_clear_object (&results);
  g_clear_object (&samples);
  ld_session_close (session);
  weak = session;
  g_object_add_weak_pointer (G_OBJECT (session), &weak);
  g_object_unref (session);
  ld_test_wait_until (is_gone, &weak, 30000, "the session to be finalized");
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-lab-items-XXXXXX", NULL);
  int status;

  /* The session's cache goes under the user's data directory. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add_func ("/shared/result-read/round-trip", test_read_result);
  g_test_add_func ("/shared/sample-read/round-trip", test_read_sample);
  g_test_add_func ("/client/result-view/notifies-changes", test_result_view_notifies);
  g_test_add_func ("/client/sample-view/notifies-changes", test_sample_view_notifies);
  g_test_add ("/client/lab-items/rows-hand-out-items", Fixture, NULL, fixture_setup,
              test_rows_hand_out_items, fixture_teardown);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
