/* test-result-flow.c: which moves results and orders may make
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "domain/ld-lab-state.h"
#include "domain/ld-report-code.h"
#include "domain/ld-result-flow.h"

static LdOrder *
order_in (const char *lab_state)
{
  LdOrder *order = ld_order_new ();

  order->number = g_strdup ("O2611-000042");
  order->lab_state = g_strdup (lab_state);
  return order;
}

static LdResult *
result_in (const char *test_code,
           const char *state,
           const char *entered_by)
{
  LdResult *result = ld_result_new ();

  result->test_code = g_strdup (test_code);
  result->state = g_strdup (state);
  result->entered_by = g_strdup (entered_by);
  return result;
}

static void
test_state_for_results (void)
{
  static const struct
  {
    guint       pending;
    guint       entered;
    guint       verified;
    guint       cancelled;
    const char *state;
  } cases[] = {
    { 3, 0, 0, 0, "in_process" },
    { 1, 2, 0, 0, "in_process" },
    { 1, 0, 2, 1, "in_process" },
    { 0, 1, 0, 0, "resulted" },
    { 0, 1, 5, 2, "resulted" },
    { 0, 0, 1, 0, "verified" },
    { 0, 0, 1, 3, "verified" },
    /* Every test cancelled: nothing to report, nothing left to do. */
    { 0, 0, 0, 1, "cancelled" },
    { 0, 0, 0, 4, "cancelled" },
    /* No results at all (not opened yet): the order stays where it is. */
    { 0, 0, 0, 0, "in_process" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (ld_lab_state_for_results (cases[i].pending, cases[i].entered,
                                               cases[i].verified, cases[i].cancelled),
                     ==, cases[i].state);
}

/* Forward one step at a time; never back, never off the way. */
static void
test_next_toward (void)
{
  static const struct
  {
    const char *from;
    const char *target;
    const char *next;
    gboolean    allowed;
  } cases[] = {
    { "collected", "in_process", "in_process", TRUE },
    { "collected", "resulted", "in_process", TRUE },
    { "in_process", "verified", "resulted", TRUE },
    { "resulted", "verified", "verified", TRUE },
    { "verified", "reported", "reported", TRUE },
    { "resulted", "resulted", NULL, TRUE },
    /* Back only when a verified result is sent back for re-entry. */
    { "resulted", "in_process", "in_process", TRUE },
    { "verified", "in_process", "in_process", TRUE },
    { "reported", "in_process", NULL, FALSE },
    { "reported", "verified", NULL, FALSE },
    { "cancelled", "in_process", NULL, FALSE },
    { "expired", "collected", NULL, FALSE },
    { "ordered", "cancelled", "cancelled", TRUE },
    /* The lab cancelled every test: straight off the way, until verified. */
    { "collected", "cancelled", "cancelled", TRUE },
    { "in_process", "cancelled", "cancelled", TRUE },
    { "resulted", "cancelled", "cancelled", TRUE },
    { "verified", "cancelled", NULL, FALSE },
    { "reported", "cancelled", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdOrder) order = order_in (cases[i].from);
      g_autoptr(GError) error = NULL;
      const char *next = "unset";
      gboolean ok = ld_lab_state_next_toward (order, cases[i].target, &next, &error);

      g_test_message ("%s → %s", cases[i].from, cases[i].target);
      g_assert_cmpint (ok, ==, cases[i].allowed);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (next, ==, cases[i].next);
        }
      else
        {
          g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
          /* The message says where the order is. */
          g_assert_nonnull (strstr (error->message, "O2611-000042 is"));
        }
    }
}

static void
test_entry_and_cancel (void)
{
  static const struct
  {
    const char *state;
    gboolean    allowed;
    const char *says;
  } cases[] = {
    { "pending", TRUE, NULL },
    { "entered", TRUE, NULL },
    { "verified", FALSE, "only by an amendment after release" },
    { "released", FALSE, "change it by an amendment" },
    { "amended", FALSE, "change it by an amendment" },
    { "cancelled", FALSE, "was cancelled (no sample)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdResult) result = result_in ("HB", cases[i].state, "tech-1");
      g_autoptr(GError) entry_error = NULL;
      g_autoptr(GError) cancel_error = NULL;

      result->cancel_reason = g_strdup ("no sample");
      g_assert_cmpint (ld_result_check_entry (result, &entry_error), ==, cases[i].allowed);
      g_assert_cmpint (ld_result_check_cancel (result, &cancel_error), ==, cases[i].allowed);
      if (!cases[i].allowed)
        {
          g_assert_error (entry_error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
          g_assert_nonnull (strstr (entry_error->message, cases[i].says));
        }
    }
}

static void
test_orders_in_the_lab (void)
{
  static const char * const in_lab[] = { "collected", "in_process", "resulted" };
  static const char * const elsewhere[] = { "ordered", "verified", "reported", "cancelled",
                                            "expired" };

  for (guint i = 0; i < G_N_ELEMENTS (in_lab); i++)
    {
      g_autoptr(LdOrder) order = order_in (in_lab[i]);

      g_assert_true (ld_result_check_order_in_lab (order, "enter results", NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    {
      g_autoptr(LdOrder) order = order_in (elsewhere[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (ld_result_check_order_in_lab (order, "enter results", &error));
      g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
      g_assert_nonnull (strstr (error->message, "you cannot enter results"));
    }
}

/* By default another technician verifies; the setting lets one do both. */
static void
test_verification (void)
{
  g_autoptr(LdResult) entered = result_in ("K", "entered", "tech-1");
  g_autoptr(LdResult) pending = result_in ("K", "pending", "tech-1");
  g_autoptr(LdResult) verified = result_in ("K", "verified", "tech-1");
  g_autoptr(GError) own = NULL;
  g_autoptr(GError) empty = NULL;
  g_autoptr(GError) twice = NULL;

  g_assert_true (ld_result_check_verify (entered, "tech-2", FALSE, NULL));
  g_assert_false (ld_result_check_verify (entered, "tech-1", FALSE, &own));
  g_assert_error (own, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_assert_true (ld_result_check_verify (entered, "tech-1", TRUE, NULL));
  g_assert_false (ld_result_check_verify (pending, "tech-2", FALSE, &empty));
  g_assert_error (empty, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_assert_false (ld_result_check_verify (verified, "tech-2", TRUE, &twice));
  g_assert_error (twice, LD_API_ERROR, LD_API_ERROR_CONFLICT);
}

/* Doctors see values from verification on, never before. */
static void
test_checked (void)
{
  static const char * const checked[] = { "verified", "released", "amended" };
  static const char * const unchecked[] = { "pending", "entered", "cancelled" };

  for (guint i = 0; i < G_N_ELEMENTS (checked); i++)
    {
      g_autoptr(LdResult) result = result_in ("K", checked[i], "tech-1");

      g_assert_true (ld_result_is_checked (result));
    }
  for (guint i = 0; i < G_N_ELEMENTS (unchecked); i++)
    {
      g_autoptr(LdResult) result = result_in ("K", unchecked[i], "tech-1");

      g_assert_false (ld_result_is_checked (result));
    }
}

static GPtrArray *
results_in (const char * const *states)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_free);

  for (guint i = 0; states[i] != NULL; i += 2)
    g_ptr_array_add (results, result_in (states[i], states[i + 1], "tech-1"));

  return results;
}

static void
test_release_and_amendment (void)
{
  const char * const ready[] = { "HB", "verified", "TSH", "cancelled", NULL };
  const char * const waiting[] = { "HB", "verified", "K", "entered", "NA", "pending", NULL };
  const char * const nothing[] = { "TSH", "cancelled", NULL };
  g_autoptr(GPtrArray) all_ready = results_in (ready);
  g_autoptr(GPtrArray) some_waiting = results_in (waiting);
  g_autoptr(GPtrArray) all_cancelled = results_in (nothing);
  g_autoptr(LdOrder) verified = order_in ("verified");
  g_autoptr(LdOrder) resulted = order_in ("resulted");
  g_autoptr(LdOrder) reported = order_in ("reported");
  g_autoptr(GError) waiting_error = NULL;
  g_autoptr(GError) nothing_error = NULL;
  g_autoptr(GError) early = NULL;
  g_autoptr(GError) not_reported = NULL;
  g_autoptr(LdResult) released = result_in ("HB", "released", "tech-1");
  g_autoptr(LdResult) amended = result_in ("HB", "amended", "tech-1");

  g_assert_true (ld_result_check_release (verified, all_ready, NULL));
  g_assert_false (ld_result_check_release (resulted, some_waiting, &waiting_error));
  g_assert_nonnull (strstr (waiting_error->message, "resulted: K, NA not verified yet"));
  g_assert_false (ld_result_check_release (verified, all_cancelled, &nothing_error));
  g_assert_error (nothing_error, LD_API_ERROR, LD_API_ERROR_CONFLICT);

  g_assert_true (ld_result_check_amend (reported, released, NULL));
  g_assert_true (ld_result_check_amend (reported, amended, NULL));
  g_assert_false (ld_result_check_amend (verified, released, &early));
  g_assert_nonnull (strstr (early->message, "only a released report is amended"));
  g_assert_false (
    ld_result_check_amend (reported, g_ptr_array_index (all_ready, 1), &not_reported));
  g_assert_nonnull (strstr (not_reported->message, "TSH is cancelled"));
}

static LdSample *
sample_in (const char *accession,
           const char *state,
           const char *test_code)
{
  LdSample *sample = ld_sample_new ();

  sample->id = g_strdup (accession);
  sample->accession = g_strdup (accession);
  sample->state = g_strdup (state);
  sample->test_codes = g_strsplit (test_code, ",", -1);
  return sample;
}

/* The newest tube holding the test, once received; a recollection
 * replaces a rejected one. */
static void
test_find_sample (void)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  g_autoptr(GError) not_received = NULL;
  g_autoptr(GError) none = NULL;
  g_autoptr(GError) rejected = NULL;

  g_ptr_array_add (samples, sample_in ("S1", "recollection_requested", "GLUF"));
  g_ptr_array_add (samples, sample_in ("S2", "stored", "HB,WBC"));
  g_ptr_array_add (samples, sample_in ("S3", "collected", "UREA,K"));
  g_assert_false (ld_result_find_sample (samples, "GLUF", &rejected) != NULL);
  g_assert_nonnull (strstr (rejected->message, "to be collected again"));

  g_ptr_array_add (samples, sample_in ("S4", "received", "GLUF"));
  g_assert_cmpstr (ld_result_find_sample (samples, "GLUF", NULL)->accession, ==, "S4");
  g_assert_cmpstr (ld_result_find_sample (samples, "WBC", NULL)->accession, ==, "S2");
  g_assert_null (ld_result_find_sample (samples, "K", &not_received));
  g_assert_nonnull (strstr (not_received->message, "(S3) is collected; it must be received first"));
  g_assert_null (ld_result_find_sample (samples, "TSH", &none));
  g_assert_error (none, LD_API_ERROR, LD_API_ERROR_CONFLICT);
}

static void
test_report_codes (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const char * const malformed[] = {
    "",
    "K7QM3XPDW2HC",
    "K7QM-3XPD-W2H",
    "K7QM-3XPD-W2HO",
    "k7qm-3xpd-w2hc",
    "K7QM-3XPD-W2H1",
    "K7QM_3XPD_W2HC",
  };

  for (guint i = 0; i < 1000; i++)
    {
      char *code = ld_report_code_new ();

      g_assert_true (ld_report_code_is_valid (code));
      g_assert_true (g_hash_table_add (seen, code));
    }
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    g_assert_false (ld_report_code_is_valid (malformed[i]));
  g_assert_false (ld_report_code_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/result-flow/state-for-results", test_state_for_results);
  g_test_add_func ("/result-flow/next-toward", test_next_toward);
  g_test_add_func ("/result-flow/entry-and-cancel", test_entry_and_cancel);
  g_test_add_func ("/result-flow/orders-in-the-lab", test_orders_in_the_lab);
  g_test_add_func ("/result-flow/verification", test_verification);
  g_test_add_func ("/result-flow/checked", test_checked);
  g_test_add_func ("/result-flow/release-and-amendment", test_release_and_amendment);
  g_test_add_func ("/result-flow/find-sample", test_find_sample);
  g_test_add_func ("/result-flow/report-codes", test_report_codes);

  return g_test_run ();
}
