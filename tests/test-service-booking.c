/* test-service-booking.c: the booking service, run without HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30 moved booking out of the handler into ld_service_book_order()
 * (server/service/ld-service-booking.c). Here it runs straight on a real
 * SQLite store, as the expiry sweep runs its services: a booking writes
 * the order with exactly one "order.create" audit row and one "order"
 * row in the change feed, in the same transaction; a booking the
 * database refuses writes neither.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-server.h"
#include "ld-service-booking.h"
#include "store/ld-store.h"

typedef struct
{
  char      *dir;
  char      *path;
  LdStore   *store;
  LdUser    *desk;
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
  g_autoptr(LdPatient) patient = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-service-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "lab.db", NULL);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);

  fx->desk = ld_user_new (desk_id, "desk", "Front Desk", LD_ROLE_RECEPTION);
  fx->patient_id = g_uuid_string_random ();
  patient = ld_patient_new (fx->patient_id);
  ld_patient_set_fields (patient, "Asha Rao", LD_SEX_FEMALE, NULL, 40, "9876543210",
                         NULL, NULL, NULL);
  g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
  g_assert_true (ld_store_users_insert (fx->store, fx->desk, "$argon2id$fake", &error));
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
  g_autoptr(LdServiceContext) ctx = ld_service_context_new (fx->store, fx->desk, NULL, NULL,
                                                            "127.0.0.1");
  g_autoptr(LdOrder) order = ld_order_new ();
  g_auto(LdBookingRequest) request = { NULL, };

  order->priority = g_strdup ("routine");
  order->collection = g_strdup ("lab");
  request.patient_id = g_strdup (patient_id);
  request.codes = g_strsplit ("GLU", ",", -1);
  return ld_service_book_order (ctx, order, &request, error);
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
  audited = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'order.create'"
                             " AND entity = 'order' AND entity_id = '%s' AND user_id = '%s'"
                             " AND username = 'desk' AND client = '127.0.0.1'"
                             " AND detail = '%s, total %" G_GINT64_FORMAT " paise'",
                             saved->id, ld_user_get_id (fx->desk), saved->number,
                             saved->total_paise);
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
test_refusal_writes_nothing (Fixture       *fx,
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
              test_refusal_writes_nothing, fixture_teardown);

  return g_test_run ();
}
