/* test-service-samples.c: booking and collection services, run without HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30 moved booking and collection out of their handlers into
 * ld_service_book_order() and ld_service_collect_order()
 * (server/service/ld-service-booking.c, ld-service-samples.c). Here they
 * run straight on a real SQLite store. A booking writes one "order.create"
 * audit row and the order to the feed; a refused one writes nothing.
 * Collecting a paid order writes its one "order.collect" audit row and, in
 * the same transaction, the sample, the pending result and the order to
 * the change feed; an unpaid order is refused and nothing of it is written.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-server.h"
#include "ld-service-booking.h"
#include "ld-service-money.h"
#include "ld-service-samples.h"
#include "store/ld-store.h"

typedef struct
{
  char      *dir;
  char      *path;
  LdStore   *store;
  LdUser    *desk;
  LdUser    *technician;
  char      *patient_id;
} Fixture;

static void
insert_catalogue_test (Fixture    *fx,
                       const char *code)
{
  g_autoptr(GError) error = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

  test->code = g_strdup (code);
  test->name = g_strdup (code);
  test->specimen = g_strdup ("serum");
  test->container = g_strdup ("plain");
  test->turnaround_hours = 6;
  test->department = g_strdup ("biochemistry");
  test->price_paise = 25000;
  test->active = TRUE;
  g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
  g_assert_true (ld_store_catalog_insert_test (fx->store, test, &error));
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *desk_id = g_uuid_string_random ();
  g_autofree char *technician_id = g_uuid_string_random ();
  g_autoptr(LdPatient) patient = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-service-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "lab.db", NULL);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);

  fx->desk = ld_user_new (desk_id, "desk", "Front Desk", LD_ROLE_RECEPTION);
  fx->technician = ld_user_new (technician_id, "tech", "Lab Technician", LD_ROLE_TECHNICIAN);
  fx->patient_id = g_uuid_string_random ();
  patient = ld_patient_new (fx->patient_id);
  ld_patient_set_fields (patient, "Asha Rao", LD_SEX_FEMALE, NULL, 40, "9876543210",
                         NULL, NULL, NULL);
  g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
  g_assert_true (ld_store_users_insert (fx->store, fx->desk, "$argon2id$fake", &error));
  g_assert_true (ld_store_users_insert (fx->store, fx->technician, "$argon2id$fake", &error));
  g_assert_true (ld_store_patients_insert (fx->store, patient, desk_id, &error));
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);
  insert_catalogue_test (fx, "GLU");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->store, ld_store_close);
  g_clear_object (&fx->desk);
  g_clear_object (&fx->technician);
  ld_test_remove_tree (fx->dir);
  g_free (fx->patient_id);
  g_free (fx->path);
  g_free (fx->dir);
}

static gint64
count (Fixture    *fx,
       const char *sql)
{
  return ld_test_query_int (fx->path, sql);
}

static LdOrder *
book (Fixture     *fx,
      const char  *patient_id,
      GError     **error)
{
  g_autoptr(LdServiceContext) ctx =
               ld_service_context_new (fx->store, fx->desk, NULL, NULL, "127.0.0.1");
  g_autoptr(LdOrder) order = ld_order_new ();
  g_auto(LdBookingRequest) request = { NULL };

  order->priority = g_strdup ("routine");
  order->collection = g_strdup ("lab");
  request.patient_id = g_strdup (patient_id);
  request.codes = g_strsplit ("GLU", ",", -1);
  return ld_service_book_order (ctx, order, &request, error);
}

static LdOrder *
collect (Fixture     *fx,
         const char  *order_id,
         GPtrArray  **out_collected,
         GError     **error)
{
  g_autoptr(LdServiceContext) ctx =
               ld_service_context_new (fx->store, fx->technician, NULL, NULL, "127.0.0.2");

  return ld_service_collect_order (ctx, order_id, "Room 1", NULL, NULL, out_collected, error);
}

static void
pay (Fixture       *fx,
     const LdOrder *order)
{
  g_autoptr(LdServiceContext) ctx =
               ld_service_context_new (fx->store, fx->desk, NULL, NULL, "127.0.0.1");
  g_autoptr(LdPayment) payment = ld_payment_new ();
  g_autoptr(LdOrder) paid = NULL;
  g_autoptr(GError) error = NULL;

  payment->method = g_strdup ("cash");
  payment->amount_paise = -1;
  payment->tendered_paise = order->total_paise;
  paid = ld_service_take_payment (ctx, order->id, payment, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (paid->payment_state, ==, "paid");
}

static void
test_collection_audits_and_announces (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOrder) booked = book (fx, fx->patient_id, &error);
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GPtrArray) collected = NULL;
  g_autofree char *audited = NULL;
  g_autofree char *announced = NULL;
  gint64 audit_before, changes_before;

  g_assert_no_error (error);
  pay (fx, booked);
  audit_before = count (fx, "SELECT count(*) FROM audit_events");
  changes_before = count (fx, "SELECT count(*) FROM changes");

  saved = collect (fx, booked->id, &collected, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->lab_state, ==, "collected");
  g_assert_cmpuint (collected->len, ==, 1);

  /* One audit row, as the technician who collected. */
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, audit_before + 1);
  audited = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'order.collect'"
                             " AND entity = 'order' AND entity_id = '%s' AND user_id = '%s'"
                             " AND username = 'tech' AND client = '127.0.0.2' AND detail IS NULL",
                             booked->id, ld_user_get_id (fx->technician));
  g_assert_cmpint (count (fx, audited), ==, 1);

  /* The sample and the pending result, then the order, in one commit. */
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, changes_before + 3);
  announced =
    g_strdup_printf ("SELECT count(*) FROM changes WHERE seq > %" G_GINT64_FORMAT
                     " AND ((entity = 'sample' AND entity_id = '%s' AND visible_to = %d)"
                     "   OR (entity = 'result' AND record LIKE '%%\"state\":\"pending\"%%')"
                     "   OR (entity = 'order' AND entity_id = '%s'"
                     "       AND record LIKE '%%\"lab_state\":\"collected\"%%'))",
                     count (fx, "SELECT max(seq) FROM changes") - 3,
                     ((LdSample *) g_ptr_array_index (collected, 0))->id, LD_ROLE_ALL, booked->id);
  g_assert_cmpint (count (fx, announced), ==, 3);
  g_assert_cmpint (count (fx, "SELECT count(DISTINCT commit_id) FROM changes"
                              " WHERE seq > (SELECT max(seq) - 3 FROM changes)"), ==, 1);
}

static void
test_unpaid_collection_writes_nothing (Fixture       *fx,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOrder) booked = book (fx, fx->patient_id, &error);
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GPtrArray) collected = NULL;
  g_autofree char *message = NULL;
  gint64 audit_before = count (fx, "SELECT count(*) FROM audit_events");
  gint64 changes_before = count (fx, "SELECT count(*) FROM changes");

  g_assert_no_error (error);
  saved = collect (fx, booked->id, &collected, &error);
  g_assert_null (saved);
  g_assert_null (collected);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  message =
    g_strdup_printf ("Order %s is not paid (pending); take the payment first.", booked->number);
  g_assert_cmpstr (error->message, ==, message);

  g_assert_cmpint (count (fx, "SELECT count(*) FROM samples"), ==, 0);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, audit_before);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, changes_before);
}

static void
test_booking_audits_and_announces (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autofree char *audited = NULL;
  g_autofree char *announced = NULL;
  gint64 audit_before = count (fx, "SELECT count(*) FROM audit_events");
  gint64 changes_before = count (fx, "SELECT count(*) FROM changes");

  saved = book (fx, fx->patient_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->patient_id, ==, fx->patient_id);
  g_assert_cmpstr (saved->source, ==, "desk");
  g_assert_cmpint (saved->total_paise, >, 0);

  /* One audit row, as the desk, naming the order and its total. */
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, audit_before + 1);
  audited =
    g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'order.create'"
                     " AND entity = 'order' AND entity_id = '%s' AND user_id = '%s'"
                     " AND username = 'desk' AND client = '127.0.0.1'"
                     " AND detail = '%s, total %" G_GINT64_FORMAT " paise'",
                     saved->id, ld_user_get_id (fx->desk), saved->number, saved->total_paise);
  g_assert_cmpint (count (fx, audited), ==, 1);

  /* One feed row, the order as the API shows it, for every role. */
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, changes_before + 1);
  announced = g_strdup_printf ("SELECT count(*) FROM changes WHERE entity = 'order'"
                               " AND entity_id = '%s' AND visible_to = %d"
                               " AND record LIKE '%%\"number\":\"%s\"%%'",
                               saved->id, LD_ROLE_ALL, saved->number);
  g_assert_cmpint (count (fx, announced), ==, 1);
}

static void
test_booking_refusal_writes_nothing (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autofree char *stranger = g_uuid_string_random ();
  gint64 audit_before = count (fx, "SELECT count(*) FROM audit_events");
  gint64 changes_before = count (fx, "SELECT count(*) FROM changes");

  saved = book (fx, stranger, &error);
  g_assert_null (saved);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);

  g_assert_cmpint (count (fx, "SELECT count(*) FROM orders"), ==, 0);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM audit_events"), ==, audit_before);
  g_assert_cmpint (count (fx, "SELECT count(*) FROM changes"), ==, changes_before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/service/booking/audits-and-announces", Fixture, NULL, fixture_setup,
              test_booking_audits_and_announces, fixture_teardown);
  g_test_add ("/service/booking/refusal-writes-nothing", Fixture, NULL, fixture_setup,
              test_booking_refusal_writes_nothing, fixture_teardown);
  g_test_add ("/service/samples/collection-audits-and-announces", Fixture, NULL, fixture_setup,
              test_collection_audits_and_announces, fixture_teardown);
  g_test_add ("/service/samples/unpaid-collection-writes-nothing", Fixture, NULL, fixture_setup,
              test_unpaid_collection_writes_nothing, fixture_teardown);

  return g_test_run ();
}
