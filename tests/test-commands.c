/* test-commands.c: the command table and the one check both sides ask
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-command.h"
#include "ld-json.h"
#include "ld-patient-apply.h"
#include "ld-payment-rules.h"
#include "ld-permissions.h"
#include "ld-result-apply.h"
#include "ld-time.h"

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

  g_assert_cmpint (ld_command_get_info (LD_COMMAND_SAMPLE_REJECT)->kind, ==,
                   LD_COMMAND_SAMPLE_REJECT);
  g_assert_cmpint (ld_command_lookup ("POST", "/api/v1/samples/{id}/custody")->kind, ==,
                   LD_COMMAND_SAMPLE_RECEIVE);
  g_assert_null (ld_command_lookup ("GET", "/api/v1/orders"));
  g_assert_null (ld_command_find ("no.such"));
  g_assert_true (ld_command_may_wait (LD_COMMAND_PAYMENT_TAKE));
  g_assert_false (ld_command_may_wait (LD_COMMAND_PAYMENT_REFUND));
  g_assert_false (ld_command_may_wait (LD_COMMAND_REPORT_RELEASE));
  g_assert_true (
    ld_command_allows_role (LD_COMMAND_RESULT_VERIFY, LD_ROLE_TECHNICIAN | LD_ROLE_DOCTOR));
  g_assert_false (ld_command_allows_role (LD_COMMAND_RESULT_VERIFY, LD_ROLE_ADMIN));
}

/* Each permission row is there once, the commands' among them. */
/* The check the client's API client makes of every write it sends: by the
 * request's method and path, which command of the table it runs. */
static void
test_request_gate (void)
{
  static const char release[] = "/api/v1/orders/0f6c1f7e-3b7a-4f55-9b43-1c2d3e4f5a6b/release";
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_command_check_request ("POST", release, &bench, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_true (ld_command_check_request ("POST", release, &signer, &error));
  g_assert_false (ld_command_check_request ("POST", release, &desk, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* A query does not hide the route; another method is another request. */
  g_assert_false (
    ld_command_check_request ("POST", "/api/v1/orders/x/payments?dry=1", &bench, NULL));
  g_assert_true (ld_command_check_request ("POST", "/api/v1/orders/x/payments", &desk, NULL));
  g_assert_true (ld_command_check_request ("GET", release, &desk, NULL));
  /* An id is one whole segment: no route matches an empty or a split one. */
  g_assert_true (ld_command_check_request ("POST", "/api/v1/orders//release", &desk, NULL));
  g_assert_true (ld_command_check_request ("POST", "/api/v1/orders/a/b/release", &desk, NULL));
  g_assert_true (ld_command_check_request ("POST", "/api/v1/orders/a/release/x", &desk, NULL));
  /* What runs no command of the table is left to the server. */
  g_assert_true (ld_command_check_request ("POST", "/api/v1/sessions", &desk, NULL));
}

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
  target = (LdCommandTarget){ .order = paid, .now_us = 1 };
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
  target = (LdCommandTarget){ .order = paid };
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

  target = (LdCommandTarget){ .order = reported, .result = released };
  assert_check (LD_COMMAND_RESULT_AMEND, &bench, &target, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_RESULT_AMEND, &signer, &target, -1);
  target.result = done;
  assert_check (LD_COMMAND_RESULT_AMEND, &signer, &target, LD_API_ERROR_CONFLICT);

  /* Sending back: a technician or a signatory, a verified result. */
  target = (LdCommandTarget){ .order = verified, .result = done };
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
  target = (LdCommandTarget){ .order = order, .result = mine };
  assert_check (LD_COMMAND_RESULT_SAVE, &bench, &target, -1);
  target.samples = samples;
  assert_check (LD_COMMAND_RESULT_SAVE, &bench, &target, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_RESULT_SAVE, &admin, &target, LD_API_ERROR_FORBIDDEN);

  target = (LdCommandTarget){ .sample = sample };
  assert_check (LD_COMMAND_SAMPLE_RECEIVE, &bench, &target, -1);
  assert_check (LD_COMMAND_SAMPLE_RECEIVE, &desk, &target, LD_API_ERROR_FORBIDDEN);
  g_free (sample->state);
  sample->state = g_strdup ("received");
  assert_check (LD_COMMAND_SAMPLE_RECEIVE, &bench, &target, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_SAMPLE_REJECT, &bench, &target, -1);
  /* Stored, then disposed of, by the bench only; nothing after that. */
  assert_check (LD_COMMAND_SAMPLE_STORE, &bench, &target, -1);
  assert_check (LD_COMMAND_SAMPLE_STORE, &desk, &target, LD_API_ERROR_FORBIDDEN);
  g_free (sample->state);
  sample->state = g_strdup ("stored");
  assert_check (LD_COMMAND_SAMPLE_STORE, &bench, &target, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_SAMPLE_DISPOSE, &bench, &target, -1);
  assert_check (LD_COMMAND_SAMPLE_DISPOSE, &desk, &target, LD_API_ERROR_FORBIDDEN);
  g_free (sample->state);
  sample->state = g_strdup ("disposed");
  assert_check (LD_COMMAND_SAMPLE_DISPOSE, &bench, &target, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_SAMPLE_STORE, &bench, &target, LD_API_ERROR_CONFLICT);
  target.sample = NULL;
  assert_check (LD_COMMAND_SAMPLE_REJECT, &bench, &target, LD_API_ERROR_NOT_FOUND);
  assert_check (LD_COMMAND_SAMPLE_DISPOSE, &bench, &target, LD_API_ERROR_NOT_FOUND);
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

static const char hb_json[] =
  "{\"code\": \"HB\", \"name\": \"Haemoglobin\", \"specimen\": \"whole blood\","
  " \"container\": \"EDTA (lavender)\", \"unit\": \"g/dL\", \"result_type\": \"numeric\","
  " \"decimals\": 1, \"price_paise\": 10000, \"turnaround_hours\": 6,"
  " \"reference_ranges\": [{\"sex\": \"male\", \"age_from\": {\"value\": 18, \"unit\": \"years\"},"
  " \"age_to\": null, \"low\": 13.0, \"high\": 17.0}],"
  " \"critical_low\": 7.0, \"critical_high\": 20.0, \"department\": \"haematology\"}";

static LdResult *
result_saved (const char *state,
              const char *value)
{
  LdResult *result = ld_result_new ();

  result->id = g_strdup ("result-1");
  result->test_code = g_strdup ("HB");
  result->state = g_strdup (state);
  ld_result_set_value (result, value, value != NULL, value ? g_ascii_strtod (value, NULL) : 0,
                       value ? "normal" : NULL);
  result->comment = g_strdup ("kept");
  result->entered_by = g_strdup ("tech-0");
  return result;
}

/* What the server stores and the client shows for a queued result save
 * come from the one rule: drafts and submissions, cleared drafts, values
 * read and flagged against the patient's band, problems changing
 * nothing. */
static void
test_result_save_applies (void)
{
  g_autoptr(JsonObject) test_object = ld_json_parse_object (hb_json, -1, NULL);
  g_autoptr(JsonObject) patient_object =
               ld_json_parse_object ("{\"name\": \"A\", \"sex\": \"male\", \"age_years\": 40}", -1,
                                     NULL);
  g_autoptr(LdJsonReader) test_reader = ld_json_reader_new (test_object);
  g_autoptr(LdJsonReader) patient_reader = ld_json_reader_new (patient_object);
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();
  g_autoptr(LdPatient) patient = ld_patient_new ("patient-1");
  g_autoptr(LdSample) sample = ld_sample_new ();
  gint64 now_us = 1795600000000000;
  LdResultSaveContext context = { NULL, patient, sample, "tech-1", now_us };
  static const struct
  {
    const char *state;
    const char *value;
    gboolean    abnormal;
    gboolean    submit;
    const char *field;
    const char *new_state;
    const char *new_value;
    const char *new_flag;
  } cases[] = {
    { "pending", "11.24", FALSE, FALSE, NULL, "pending", "11.2", "low" },
    { "pending", "11.24", FALSE, TRUE, NULL, "entered", "11.2", "low" },
    { "pending", "15", FALSE, TRUE, NULL, "entered", "15.0", "normal" },
    { "pending", "6.5", FALSE, TRUE, NULL, "entered", "6.5", "critical_low" },
    { "entered", "21", FALSE, FALSE, NULL, "entered", "21.0", "critical_high" },
    { "pending", NULL, FALSE, TRUE, NULL, "pending", NULL, NULL },
    { "entered", NULL, FALSE, TRUE, "value", "entered", "14", "normal" },
    { "pending", "abc", FALSE, TRUE, "value", "pending", "14", "normal" },
    { "pending", "14", TRUE, TRUE, "abnormal", "pending", "14", "normal" },
  };

  ld_catalog_test_read_json (test, test_reader, TRUE);
  g_assert_true (ld_json_reader_finish (test_reader, NULL));
  ld_patient_read_json (patient, patient_reader, TRUE);
  sample->id = g_strdup ("sample-1");
  sample->collected_at = g_strdup ("2026-11-25T08:00:00Z");
  sample->received_at = g_strdup ("2026-11-25T09:00:00Z");
  context.test = test;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdResult) result = result_saved (cases[i].state, "14");
      LdResultSaveInput input = { cases[i].value, cases[i].abnormal, FALSE, NULL, cases[i].submit };
      g_autofree char *problem = NULL;
      const char *field = NULL;

      problem = ld_result_apply_save (result, &input, &context, &field);
      g_test_message ("case %u: %s", i, problem ? problem : "applied");
      g_assert_cmpstr (field, ==, cases[i].field);
      g_assert_true ((problem != NULL) == (cases[i].field != NULL));
      g_assert_cmpstr (result->state, ==, cases[i].new_state);
      g_assert_cmpstr (result->value, ==, cases[i].new_value);
      g_assert_cmpstr (result->flag, ==, cases[i].new_flag);
      g_assert_cmpstr (result->comment, ==, "kept");
      if (problem != NULL)
        {
          g_assert_cmpstr (result->entered_by, ==, "tech-0");
          g_assert_null (result->unit);
          continue;
        }
      g_assert_cmpstr (result->entered_by, ==, "tech-1");
      g_assert_cmpint (result->entered_us, ==, now_us);
      if (cases[i].value == NULL)
        {
          g_assert_null (result->reference_range);
          continue;
        }
      g_assert_cmpstr (result->unit, ==, "g/dL");
      g_assert_cmpstr (result->sample_id, ==, "sample-1");
      g_assert_nonnull (result->reference_range);
      g_assert_true (result->has_critical_low && result->critical_low == 7.0);
      g_assert_cmpint (result->collected_us, >, 0);
      g_assert_cmpint (result->received_us, >, result->collected_us);
      g_assert_cmpstr (result->source, ==, "typed");
      g_assert_null (result->instrument_flags);
    }

  /* Issue 34: an instrument's value names it, with its flags and time. */
  {
    g_autoptr(LdResult) result = result_saved ("pending", "14");
    LdResultSaveInput input = { "12.4", FALSE, FALSE, NULL, FALSE };
    LdResultSaveContext from = context;
    g_autofree char *problem = NULL;
    const char *field = NULL;

    from.instrument = "Sysmex XN";
    from.instrument_flags = "L";
    from.observed_at = "20261125093000";
    problem = ld_result_apply_save (result, &input, &from, &field);
    g_assert_null (problem);
    g_assert_cmpstr (result->state, ==, "pending");
    g_assert_cmpstr (result->source, ==, "Sysmex XN");
    g_assert_cmpstr (result->instrument_flags, ==, "L");
    g_assert_cmpstr (result->observed_at, ==, "20261125093000");

    /* Submitted by a person as it came: still the instrument's reading,
     * with its flags, for auto-verification to look at. */
    input.submit = TRUE;
    g_clear_pointer (&problem, g_free);
    problem = ld_result_apply_save (result, &input, &context, &field);
    g_assert_null (problem);
    g_assert_cmpstr (result->state, ==, "entered");
    g_assert_cmpstr (result->source, ==, "Sysmex XN");
    g_assert_cmpstr (result->instrument_flags, ==, "L");
    g_assert_cmpstr (result->observed_at, ==, "20261125093000");

    /* Typed over: the person's value, without the instrument's flags. */
    input.value = "12.6";
    g_clear_pointer (&problem, g_free);
    problem = ld_result_apply_save (result, &input, &context, &field);
    g_assert_null (problem);
    g_assert_cmpstr (result->source, ==, "typed");
    g_assert_null (result->instrument_flags);
    g_assert_null (result->observed_at);
  }

  /* A comment cleared or changed only when the save names it; on the
   * wire, the user left as is when not named (a queued save). */
  {
    g_autoptr(JsonObject) shown = ld_json_parse_object (
      "{\"id\": \"result-1\", \"test_code\": \"HB\", \"state\": \"pending\", \"value\": null,"
      " \"comment\": \"kept\", \"entered_by\": \"tech-0\", \"unit\": \"g/dL\", \"version\": 3}",
      -1, NULL);
    g_autoptr(JsonObject) body = ld_json_parse_object (
      "{\"submit\": true, \"results\": [{\"test_code\": \"GLUF\", \"version\": 1, \"value\": "
      "\"90\"},"
      " {\"test_code\": \"HB\", \"version\": 3, \"value\": \"12.06\", \"comment\": null}]}",
      -1, NULL);
    g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
    g_autoptr(LdResultSave) save = ld_result_save_new ();
    const LdResultEntry *element;
    LdResultSaveInput   input;
    LdResultSaveContext queued = { test, patient, sample, NULL, now_us };
    g_autofree char *problem = NULL;
    const char *field = NULL;

    ld_result_save_body_read (reader, save);
    g_assert_true (ld_json_reader_finish (reader, NULL));
    element = ld_result_save_find (save, "HB");
    g_assert_nonnull (element);
    g_assert_null (ld_result_save_find (save, "TSH"));
    ld_result_save_input_init (&input, save, element);
    g_assert_true (input.submit && input.has_comment && input.comment == NULL);
    problem = ld_result_apply_save_json (shown, &input, &queued, &field);
    g_assert_null (problem);
    g_assert_cmpstr (ld_json_object_get_string (shown, "state"), ==, "entered");
    g_assert_cmpstr (ld_json_object_get_string (shown, "value"), ==, "12.1");
    g_assert_cmpstr (ld_json_object_get_string (shown, "flag"), ==, "low");
    g_assert_null (ld_json_object_get_string (shown, "comment"));
    g_assert_cmpstr (ld_json_object_get_string (shown, "entered_by"), ==, "tech-0");
    g_assert_cmpstr (ld_json_object_get_string (shown, "sample_id"), ==, "sample-1");
    g_assert_cmpint (json_object_get_int_member (shown, "version"), ==, 3);
  }
}

/* A queued patient edit shows as the server stores it; one the server
 * would refuse is not shown. */
static void
test_patient_edit_applies (void)
{
  g_autoptr(JsonObject) record = ld_json_parse_object (
    "{\"id\": \"patient-1\", \"mrn\": \"M-1\", \"name\": \"Kavya Rao\", \"sex\": \"female\","
    " \"date_of_birth\": null, \"age_years\": 34, \"phone\": \"9811100023\", \"email\": null,"
    " \"address\": null, \"national_id\": null, \"version\": 2}", -1, NULL);
  g_autoptr(JsonObject) edit = ld_json_parse_object (
    "{\"version\": 2, \"name\": \" Kavya S. Rao \", \"date_of_birth\": \"1991-04-12\"}", -1, NULL);
  g_autoptr(JsonObject) bad =
               ld_json_parse_object ("{\"version\": 2, \"phone\": \"12\"}", -1, NULL);
  g_autoptr(JsonObject) stray =
               ld_json_parse_object ("{\"version\": 2, \"colour\": \"blue\"}", -1, NULL);

  g_assert_true (ld_patient_apply_edit_json (record, edit));
  g_assert_cmpstr (ld_json_object_get_string (record, "name"), ==, "Kavya S. Rao");
  g_assert_cmpstr (ld_json_object_get_string (record, "date_of_birth"), ==, "1991-04-12");
  g_assert_true (json_object_get_null_member (record, "age_years"));
  g_assert_cmpstr (ld_json_object_get_string (record, "mrn"), ==, "M-1");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 2);

  g_assert_false (ld_patient_apply_edit_json (record, bad));
  g_assert_cmpstr (ld_json_object_get_string (record, "phone"), ==, "9811100023");
  g_assert_false (ld_patient_apply_edit_json (record, stray));
}

/* An appointment's commands decide by the shared moves: role, whose, state. */
static void
test_appointment (void)
{
  g_autoptr(LdAppointment) booked = ld_appointment_new ();
  g_autoptr(LdAppointment) seen = ld_appointment_new ();
  static const LdActor other_doctor = { LD_ROLE_DOCTOR, FALSE, "doc-2" };
  LdCommandTarget on_booked = { 0 };
  LdCommandTarget on_seen = { 0 };

  booked->id = g_strdup ("appt-1");
  booked->doctor_id = g_strdup ("doc-1");
  booked->state = LD_APPOINTMENT_STATE_BOOKED;
  seen->id = g_strdup ("appt-2");
  seen->doctor_id = g_strdup ("doc-1");
  seen->state = LD_APPOINTMENT_STATE_WITH_DOCTOR;
  on_booked.appointment = booked;
  on_seen.appointment = seen;

  assert_check (LD_COMMAND_APPOINTMENT_BOOK, &desk, NULL, -1);
  assert_check (LD_COMMAND_APPOINTMENT_BOOK, &doctor, NULL, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_APPOINTMENT_CHECK_IN, &desk, NULL, LD_API_ERROR_NOT_FOUND);
  assert_check (LD_COMMAND_APPOINTMENT_CHECK_IN, &desk, &on_booked, -1);
  assert_check (LD_COMMAND_APPOINTMENT_NO_SHOW, &desk, &on_booked, -1);
  assert_check (LD_COMMAND_APPOINTMENT_CANCEL, &admin, &on_booked, -1);
  assert_check (LD_COMMAND_APPOINTMENT_RESCHEDULE, &desk, &on_seen, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_APPOINTMENT_START, &doctor, &on_booked, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_APPOINTMENT_START, &desk, &on_booked, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_APPOINTMENT_FINISH, &doctor, &on_seen, -1);
  assert_check (LD_COMMAND_APPOINTMENT_FINISH, &other_doctor, &on_seen, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_VISIT_SAVE, &doctor, &on_seen, -1);
  assert_check (LD_COMMAND_VISIT_SAVE, &doctor, &on_booked, LD_API_ERROR_CONFLICT);
  assert_check (LD_COMMAND_VISIT_SIGN, &admin, &on_seen, LD_API_ERROR_FORBIDDEN);
}

/* Issue 34: the lab resolves what an analyzer could not place, once. */
static void
test_unmatched (void)
{
  LdCommandTarget open = { NULL };
  LdCommandTarget done = { NULL };

  open.unmatched_id = "unmatched-1";
  done.unmatched_id = "unmatched-1";
  done.unmatched_resolved = TRUE;

  g_assert_cmpstr (ld_command_get_info (LD_COMMAND_UNMATCHED_RESOLVE)->name, ==,
                   "unmatched.resolve");
  g_assert_false (ld_command_may_wait (LD_COMMAND_UNMATCHED_RESOLVE));
  assert_check (LD_COMMAND_UNMATCHED_RESOLVE, &bench, &open, -1);
  assert_check (LD_COMMAND_UNMATCHED_RESOLVE, &admin, &open, -1);
  assert_check (LD_COMMAND_UNMATCHED_RESOLVE, &desk, &open, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_UNMATCHED_RESOLVE, &doctor, &open, LD_API_ERROR_FORBIDDEN);
  assert_check (LD_COMMAND_UNMATCHED_RESOLVE, &bench, NULL, LD_API_ERROR_NOT_FOUND);
  assert_check (LD_COMMAND_UNMATCHED_RESOLVE, &bench, &done, LD_API_ERROR_CONFLICT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commands/table", test_table);
  g_test_add_func ("/commands/permissions", test_permissions_whole);
  g_test_add_func ("/commands/request-gate", test_request_gate);
  g_test_add_func ("/commands/money", test_money);
  g_test_add_func ("/commands/payment-settles", test_payment_settles);
  g_test_add_func ("/commands/result-save-applies", test_result_save_applies);
  g_test_add_func ("/commands/patient-edit-applies", test_patient_edit_applies);
  g_test_add_func ("/commands/signing", test_signing);
  g_test_add_func ("/commands/bench", test_bench);
  g_test_add_func ("/commands/alert", test_alert);
  g_test_add_func ("/commands/appointment", test_appointment);
  g_test_add_func ("/commands/unmatched", test_unmatched);

  return g_test_run ();
}
