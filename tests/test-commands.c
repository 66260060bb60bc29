/* test-commands.c: the command table and the one check both sides ask
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-command.h"
#include "ld-payment-rules.h"
#include "ld-permissions.h"

static const LdActor desk = { LD_ROLE_RECEPTION, FALSE, "desk-1" };
static const LdActor bench = { LD_ROLE_TECHNICIAN, FALSE, "tech-1" };
static const LdActor signer = { LD_ROLE_TECHNICIAN, TRUE, "tech-2" };
static const LdActor doctor = { LD_ROLE_DOCTOR, FALSE, "doc-1" };
static const LdActor admin = { LD_ROLE_ADMIN, FALSE, "admin-1" };

static LdOrder *
order_in (const char *lab_state,
          const char *payment_state,
          gint64      total_paise,
          gint64      paid_paise,
          gint64      refunded_paise)
{
  LdOrder *order = ld_order_new ();

  order->id = g_strdup ("order-1");
  order->number = g_strdup ("O2611-000042");
  order->lab_state = g_strdup (lab_state);
  order->payment_state = g_strdup (payment_state);
  order->total_paise = total_paise;
  order->paid_paise = paid_paise;
  order->refunded_paise = refunded_paise;
  order->updated_at = g_strdup ("2026-11-25T10:00:00Z");
  order->expires_at = g_strdup ("2026-11-25T12:00:00Z");
  return order;
}

/* What the server stores and the client shows for a queued payment come
 * from the one rule. */
static void
test_payment_settles (void)
{
  g_autoptr(LdOrder) owing = order_in ("ordered", "pending", 50000, 0, 0);
  static const struct
  {
    const char *method;
    gint64      tendered;
    gint64      change;
    const char *status;
  } cases[] = {
    { "cash", 70000, 20000, "succeeded" }, { "cash", 50000, 0, "succeeded" },
    { "card", -1, -1, "succeeded" },       { "upi", -1, -1, "succeeded" },
    { "online", -1, -1, "pending" },       { "cod", -1, -1, "pending" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdPayment) payment = ld_payment_new ();
      g_autoptr(GError) error = NULL;

      payment->method = g_strdup (cases[i].method);
      payment->tendered_paise = cases[i].tendered;
      payment->amount_paise = -1;
      g_assert_true (ld_payment_settle (payment, owing, &error));
      g_assert_no_error (error);
      g_assert_cmpint (payment->amount_paise, ==, 50000);
      g_assert_cmpint (payment->change_paise, ==, cases[i].change);
      g_assert_cmpstr (payment->status, ==, cases[i].status);
    }

  {
    g_autoptr(LdPayment) payment = ld_payment_new ();
    g_autoptr(GError) error = NULL;

    payment->method = g_strdup ("card");
    payment->amount_paise = 40000;
    g_assert_false (ld_payment_settle (payment, owing, &error));
    g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
    g_assert_nonnull (strstr (error->message, "O2611-000042 has 500.00 to pay"));
    g_assert_null (payment->status);
  }
}

static LdResult *
result_in (const char *state,
           const char *entered_by)
{
  LdResult *result = ld_result_new ();

  result->id = g_strdup ("result-1");
  result->test_code = g_strdup ("HB");
  result->state = g_strdup (state);
  result->entered_by = g_strdup (entered_by);
  return result;
}

/* Refused with @code, or accepted when @code is -1. */
static void
assert_check (LdCommandKind           kind,
              const LdActor          *actor,
              const LdCommandTarget  *target,
              int                     code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ld_command_check (kind, actor, target, &error);

  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, LD_API_ERROR, code);
    }
}

static void
test_table (void)
{
  for (guint kind = 0; kind < LD_COMMAND_N; kind++)
    {
      const LdCommandInfo *info = ld_command_get_info (kind);
      const LdPermission *permission;

      g_assert_cmpint (info->kind, ==, kind);
      g_assert_true (ld_command_find (info->name) == info);
      g_assert_nonnull (info->doing);
      g_assert_true (g_str_has_prefix (info->pattern, "/api/v1/"));
      g_assert_cmpint (info->roles, !=, LD_ROLE_NONE);

      /* The router's row for the route is the command's. */
      permission = ld_permissions_lookup (info->method, info->pattern);
      g_assert_nonnull (permission);
      g_assert_false (permission->is_public);
      g_assert_cmpint (permission->roles, ==, info->roles);
      g_assert_true (ld_command_lookup (info->method, info->pattern)->roles == info->roles);
    }

  g_assert_cmpint (ld_command_get_info (LD_COMMAND_SAMPLE_REJECT)->kind, ==, LD_COMMAND_SAMPLE_REJECT);
  g_assert_cmpint (ld_command_lookup ("POST", "/api/v1/samples/{id}/custody")->kind, ==,
                   LD_COMMAND_SAMPLE_RECEIVE);
  g_assert_null (ld_command_lookup ("GET", "/api/v1/orders"));
  g_assert_null (ld_command_find ("no.such"));
  g_assert_true (ld_command_may_wait (LD_COMMAND_PAYMENT_TAKE));
  g_assert_false (ld_command_may_wait (LD_COMMAND_PAYMENT_REFUND));
  g_assert_false (ld_command_may_wait (LD_COMMAND_REPORT_RELEASE));
  g_assert_true (ld_command_allows_role (LD_COMMAND_RESULT_VERIFY, LD_ROLE_TECHNICIAN | LD_ROLE_DOCTOR));
  g_assert_false (ld_command_allows_role (LD_COMMAND_RESULT_VERIFY, LD_ROLE_ADMIN));
}

/* Each permission row is there once, the commands' among them. */
static void
test_permissions_whole (void)
{
  const LdPermission *table;
  guint n;

  table = ld_permissions_get_table (&n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (ld_permissions_lookup (table[i].method, table[i].pattern) == &table[i]);
      for (guint j = i + 1; j < n; j++)
        g_assert_false (g_str_equal (table[i].method, table[j].method) &&
                        g_str_equal (table[i].pattern, table[j].pattern));
    }
  g_assert_nonnull (ld_permissions_lookup ("POST", "/api/v1/orders/{id}/refunds"));
  g_assert_nonnull (ld_permissions_lookup ("GET", "/health"));
}

static void
test_money (void)
{
  g_autoptr(LdOrder) paid = order_in ("ordered", "paid", 50000, 50000, 0);
  g_autoptr(LdOrder) owing = order_in ("ordered", "pending", 50000, 0, 0);
  LdCommandTarget target = { .order = paid, .amount_paise = 50000 };

  /* Role first, then the amount, then the record, then its state. */
  assert_check (LD_COMMAND_PAYMENT_REFUND, &bench, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_PAYMENT_REFUND, &desk, &target, -1);
  target.amount_paise = 50001;
  assert_check (LD_COMMAND_PAYMENT_REFUND, &desk, &target, LD_API_ERROR_VALIDATION_FAILED);
  target.amount_paise = 0;
  assert_check (LD_COMMAND_PAYMENT_REFUND, &desk, &target, LD_API_ERROR_VALIDATION_FAILED);
  target.order = NULL;
  assert_check (LD_COMMAND_PAYMENT_REFUND, &desk, &target, LD_API_ERROR_VALIDATION_FAILED);
  target.amount_paise = 100;
  assert_check (LD_COMMAND_PAYMENT_REFUND, &desk, &target, LD_API_ERROR_NOT_FOUND);

  {
    g_autoptr(GError) error = NULL;
    LdCommandTarget over = { .order = paid, .amount_paise = 60000 };

    g_assert_false (ld_command_check (LD_COMMAND_PAYMENT_REFUND, &admin, &over, &error));
    g_assert_true (g_hash_table_contains (ld_api_error_get_fields (error), "amount_paise"));
  }

  /* Payment: nothing due, then due, then past its deadline. */
  target = (LdCommandTarget) { .order = paid, .now_us = 1 };
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, LD_API_ERROR_CONFLICT);
  target.order = owing;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, -1);
  target.amount_paise = 100;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, LD_API_ERROR_VALIDATION_FAILED);
  target.amount_paise = 0;
  owing->expires_us = 1000;
  target.now_us = 2000;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, LD_API_ERROR_GONE);
  assert_check (LD_COMMAND_PAYMENT_TAKE, &doctor, &target, LD_API_ERROR_FORBIDDEN);

  /* With the method chosen: cash must cover what is due, and cash on
   * collection is promised once. */
  owing->expires_us = 0;
  target = (LdCommandTarget){ .order = owing, .method = "cash", .tendered_paise = 49999 };
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ld_command_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, &error));
    g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
    g_assert_true (g_hash_table_contains (ld_api_error_get_fields (error), "tendered_paise"));
  }
  target.tendered_paise = 0;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, LD_API_ERROR_VALIDATION_FAILED);
  target.tendered_paise = 50000;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, -1);
  target.method = "upi";
  target.tendered_paise = 0;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, -1);
  target.method = "cod";
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, -1);
  g_free (owing->payment_state);
  owing->payment_state = g_strdup ("cod_pending");
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, LD_API_ERROR_CONFLICT);
  /* Promised cash is taken with the collection, by no other payment. */
  target.method = "cash";
  target.tendered_paise = 60000;
  assert_check (LD_COMMAND_PAYMENT_TAKE, &desk, &target, LD_API_ERROR_CONFLICT);
  g_assert_true (ld_payment_check_collection (owing, "cash", -1, 60000, NULL));

  /* Cancel: holding money, then refunded, then collected. */
  target = (LdCommandTarget) { .order = paid };
  assert_check (LD_COMMAND_ORDER_CANCEL, &desk, &target, LD_API_ERROR_CONFLICT);
  paid->refunded_paise = 50000;
  assert_check (LD_COMMAND_ORDER_CANCEL, &desk, &target, -1);
  g_free (paid->lab_state);
  paid->lab_state = g_strdup ("collected");
  assert_check (LD_COMMAND_ORDER_CANCEL, &desk, &target, LD_API_ERROR_CONFLICT);
}

static void
test_signing (void)
{
  g_autoptr(LdOrder) verified = order_in ("verified", "paid", 100, 100, 0);
  g_autoptr(LdOrder) reported = order_in ("reported", "paid", 100, 100, 0);
  g_autoptr(LdResult) done = result_in ("verified", "tech-1");
  g_autoptr(LdResult) released = result_in ("released", "tech-1");
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  LdCommandTarget target = { .order = verified, .results = results };
  LdActor admin_signer = { LD_ROLE_ADMIN, TRUE, "admin-2" };

  g_ptr_array_add (results, done);

  /* The technician who is not a signatory is not offered Release. */
  assert_check (LD_COMMAND_REPORT_RELEASE, &bench, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_REPORT_RELEASE, &signer, &target, -1);
  assert_check (LD_COMMAND_REPORT_RELEASE, &admin_signer, &target, -1);
  assert_check (LD_COMMAND_REPORT_RELEASE, &doctor, &target, LD_API_ERROR_FORBIDDEN);
  target.order = reported;
  assert_check (LD_COMMAND_REPORT_RELEASE, &signer, &target, LD_API_ERROR_CONFLICT);

  target = (LdCommandTarget) { .order = reported, .result = released };
  assert_check (LD_COMMAND_RESULT_AMEND, &bench, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_RESULT_AMEND, &signer, &target, -1);
  target.result = done;
  assert_check (LD_COMMAND_RESULT_AMEND, &signer, &target, LD_API_ERROR_CONFLICT);

  /* Sending back: a technician or a signatory, a verified result. */
  target = (LdCommandTarget) { .order = verified, .result = done };
  assert_check (LD_COMMAND_RESULT_RETURN, &bench, &target, -1);
  assert_check (LD_COMMAND_RESULT_RETURN, &admin, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_RESULT_RETURN, &admin_signer, &target, -1);
  target.result = released;
  assert_check (LD_COMMAND_RESULT_RETURN, &bench, &target, LD_API_ERROR_CONFLICT);
}

static void
test_bench (void)
{
  g_autoptr(LdOrder) order = order_in ("resulted", "paid", 100, 100, 0);
  g_autoptr(LdResult) mine = result_in ("entered", "tech-1");
  g_autoptr(LdSample) sample = ld_sample_new ();
  g_autoptr(GPtrArray) samples = g_ptr_array_new ();
  LdCommandTarget target = { .order = order, .result = mine };

  /* Verification: not one's own, unless the lab allows it. */
  assert_check (LD_COMMAND_RESULT_VERIFY, &bench, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_RESULT_VERIFY, &signer, &target, -1);
  target.allow_self_verification = TRUE;
  assert_check (LD_COMMAND_RESULT_VERIFY, &bench, &target, -1);
  assert_check (LD_COMMAND_RESULT_VERIFY, &admin, &target, LD_API_ERROR_FORBIDDEN);
  target.result = NULL;
  assert_check (LD_COMMAND_RESULT_VERIFY, &bench, &target, LD_API_ERROR_NOT_FOUND);

  /* Saving a value needs its sample received, when the samples are known. */
  sample->id = g_strdup ("sample-1");
  sample->accession = g_strdup ("S-1");
  sample->state = g_strdup ("collected");
  sample->test_codes = g_strsplit ("HB", ",", -1);
  g_ptr_array_add (samples, sample);
  target = (LdCommandTarget) { .order = order, .result = mine };
  assert_check (LD_COMMAND_RESULT_SAVE, &bench, &target, -1);
  target.samples = samples;
  assert_check (LD_COMMAND_RESULT_SAVE, &bench, &target, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_RESULT_SAVE, &admin, &target, LD_API_ERROR_FORBIDDEN);

  target = (LdCommandTarget) { .sample = sample };
  assert_check (LD_COMMAND_SAMPLE_RECEIVE, &bench, &target, -1);
  assert_check (LD_COMMAND_SAMPLE_RECEIVE, &desk, &target, LD_API_ERROR_FORBIDDEN);
  g_free (sample->state);
  sample->state = g_strdup ("received");
  assert_check (LD_COMMAND_SAMPLE_RECEIVE, &bench, &target, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_SAMPLE_REJECT, &bench, &target, -1);
  target.sample = NULL;
  assert_check (LD_COMMAND_SAMPLE_REJECT, &bench, &target, LD_API_ERROR_NOT_FOUND);
}

static void
test_alert (void)
{
  g_autoptr(LdAlert) alert = ld_alert_new ();
  LdCommandTarget target = { .alert = alert };
  LdActor other = { LD_ROLE_DOCTOR, FALSE, "doc-2" };

  alert->doctor_id = g_strdup ("doc-1");
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &doctor, &target, -1);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &other, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &admin, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &bench, &target, LD_API_ERROR_FORBIDDEN);
  alert->acknowledged_at = g_strdup ("2026-11-25T10:00:00Z");
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &doctor, &target, LD_API_ERROR_CONFLICT);
  g_clear_pointer (&alert->doctor_id, g_free);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &admin, &target, LD_API_ERROR_CONFLICT);
  g_clear_pointer (&alert->acknowledged_at, g_free);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &admin, &target, -1);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &doctor, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_ALERT_ACKNOWLEDGE, &doctor, NULL, LD_API_ERROR_NOT_FOUND);

  assert_check (LD_COMMAND_PATIENT_REGISTER, &doctor, NULL, -1);
  assert_check (LD_COMMAND_PATIENT_REGISTER, &bench, NULL, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_ORDER_BOOK, &desk, NULL, -1);
  assert_check (LD_COMMAND_PATIENT_UPDATE, &desk, NULL, LD_API_ERROR_NOT_FOUND);
  assert_check (LD_COMMAND_PATIENT_UPDATE, &bench, NULL, LD_API_ERROR_FORBIDDEN);
  {
    LdCommandTarget patient = { .patient_id = "patient-1" };

    assert_check (LD_COMMAND_PATIENT_UPDATE, &doctor, &patient, -1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commands/table", test_table);
  g_test_add_func ("/commands/permissions", test_permissions_whole);
  g_test_add_func ("/commands/money", test_money);
  g_test_add_func ("/commands/payment-settles", test_payment_settles);
  g_test_add_func ("/commands/signing", test_signing);
  g_test_add_func ("/commands/bench", test_bench);
  g_test_add_func ("/commands/alert", test_alert);

  return g_test_run ();
}
