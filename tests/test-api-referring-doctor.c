/* test-api-referring-doctor.c: an outside doctor's name on an order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk types the name of a doctor who is not a Labdesk user from the
 * patient's slip: it is kept on the order, shown in the order's JSON and
 * the change feed, and printed on the receipt and the lab report. The
 * rule lives in shared/model, so the desk's form checks it as it is
 * typed; it is tested here once on its own and once through the server.
 */

#include "config.h"

#include "ld-order.h"
#include "ld-test-documents.h"
#include "ld-test-reports.h"

#define OUTSIDE_DOCTOR "Dr. Meera Kulkarni, MD"

typedef struct
{
  LdLab *lab;
  char  *patient_id;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->lab = ld_lab_new ();
  fx->patient_id = ld_lab_new_patient (fx->lab, "{\"name\": \"Rohan Joshi\", \"sex\": \"male\","
                                                " \"age_years\": 41}");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->patient_id, g_free);
  g_clear_pointer (&fx->lab, ld_lab_free);
}

static LdTestResponse *
book (Fixture    *fx,
      const char *token,
      const char *members_json)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]%s%s}", fx->patient_id,
                     members_json ? ", " : "", members_json ? members_json : "");

  return ld_lab_post (fx->lab, token, "/api/v1/orders", body);
}

static char *
document_text (Fixture    *fx,
               const char *order_id,
               const char *document,
               const char *file_name)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get_document (fx->lab, fx->lab->desk, order_id, document);
  g_autofree char *pdf = NULL;

  ld_test_assert_status (resp, 200);
  pdf = ld_test_save_body (fx->lab, resp, file_name);
  return ld_test_pdf_text (pdf, 0);
}

/* The order's HB paid, collected, entered as @value, verified and
 * released, so that its report can be printed. */
static void
release_hb (Fixture    *fx,
            const char *order_id,
            const char *value)
{
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) released = NULL;

  ld_lab_pay (fx->lab, order_id);
  collected = ld_lab_collect (fx->lab, order_id);
  ld_test_assert_status (collected, 201);
  ld_lab_receive_all (fx->lab, order_id);
  entered = ld_lab_save (fx->lab, fx->lab->technician, order_id, TRUE, "HB", value, NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);
  released = ld_lab_release (fx->lab, fx->lab->signatory, order_id);
  ld_test_assert_status (released, 201);
}

/* Kept as typed (without the spaces around it), in the order, the feed,
 * the receipt and the released report. */
static void
test_kept_and_printed (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(LdTestResponse) made =
               book (fx, fx->lab->desk, "\"referring_doctor_name\": \"  " OUTSIDE_DOCTOR "  \"");
  g_autoptr(LdTestResponse) read = NULL;
  g_autoptr(LdTestResponse) plain = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *in_feed = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *report = NULL;

  ld_test_assert_status (made, 201);
  order_id = g_strdup (ld_test_response_get_string (made, "order.id"));
  g_assert_cmpstr (ld_test_response_get_string (made, "order.referring_doctor_name"), ==,
                   OUTSIDE_DOCTOR);
  g_assert_null (ld_test_response_get_string (made, "order.doctor_id"));

  path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  read = ld_test_get (fx->lab->server, path, fx->lab->technician);
  g_assert_cmpstr (ld_test_response_get_string (read, "order.referring_doctor_name"), ==,
                   OUTSIDE_DOCTOR);

  /* Every client following the feed learns it with the order. */
  in_feed =
    g_strdup_printf ("SELECT count(*) FROM changes WHERE entity = 'order' AND entity_id = '%s'"
                     " AND record LIKE"
                     " '%%\"referring_doctor_name\":\"" OUTSIDE_DOCTOR "\"%%'",
                     order_id);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, in_feed), >=, 1);

  receipt = document_text (fx, order_id, "receipt.pdf", "receipt.pdf");
  ld_test_assert_contains (receipt, "Requested by");
  ld_test_assert_contains (receipt, OUTSIDE_DOCTOR);

  release_hb (fx, order_id, "13.9");
  report = document_text (fx, order_id, "report.pdf", "report.pdf");
  /* An outside doctor is printed as the one who referred the patient. */
  ld_test_assert_contains (report, "Referred by");
  ld_test_assert_contains (report, OUTSIDE_DOCTOR);
  ld_test_assert_contains (report, "13.9");

  /* An order with no referring doctor says so with null. */
  plain = book (fx, fx->lab->desk, NULL);
  ld_test_assert_status (plain, 201);
  g_assert_null (ld_test_response_get_string (plain, "order.referring_doctor_name"));
}

/* Everything that touches an order, or records that one was touched. */
static gint64
count_writes (Fixture *fx)
{
  return ld_test_server_query_int (
    fx->lab->server, "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM audit_events)"
                     " + (SELECT count(*) FROM changes)"
                     " + (SELECT coalesce (sum (value), 0) FROM counters)");
}

static void
test_refusals_are_named (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *with_user =
    g_strdup_printf ("\"doctor_id\": \"%s\", \"referring_doctor_name\": \"Dr. Rao\"",
                     fx->lab->doctor_id);
  g_autofree char *too_long =
    g_strdup_printf ("\"referring_doctor_name\": \"Dr. %s\"",
                     "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  const struct
  {
    const char *token;
    const char *members;
    const char *message;
  } cases[] = {
    { fx->lab->desk, with_user,
      "must not be given with doctor_id: an order names one referring doctor" },
    { fx->lab->desk, "\"referring_doctor_name\": \"   \"", "must not be empty" },
    { fx->lab->desk, "\"referring_doctor_name\": \"\"", "must not be empty" },
    { fx->lab->desk, too_long, "must be at most 120 characters long" },
    { fx->lab->desk, "\"referring_doctor_name\": \"Dr. Rao\\nMBBS\"",
      "must be one line, without control characters" },
    { fx->lab->desk, "\"referring_doctor_name\": \"Dr.\\u0007 Rao\"",
      "must be one line, without control characters" },
    /* A doctor's own prescription names that doctor already. */
    { fx->lab->doctor, "\"referring_doctor_name\": \"Dr. Rao\"",
      "must not be given with doctor_id: an order names one referring doctor" },
  };
  gint64 before = count_writes (fx);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = book (fx, cases[i].token, cases[i].members);

      g_test_message ("case %u: %s", i, cases[i].members);
      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_cmpstr (ld_test_response_get_field_error (resp, "referring_doctor_name"), ==,
                       cases[i].message);
    }

  {
    g_autoptr(LdTestResponse) wrong_type =
                 book (fx, fx->lab->desk, "\"referring_doctor_name\": 42");
    g_autoptr(LdTestResponse) nested =
                 book (fx, fx->lab->desk, "\"referring_doctor_name\": {\"name\": \"Dr. Rao\"}");

    ld_test_assert_error (wrong_type, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (wrong_type, "referring_doctor_name"));
    ld_test_assert_error (nested, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (nested, "referring_doctor_name"));
  }

  g_assert_cmpint (count_writes (fx), ==, before);

  /* Exactly the limit is a name, and null is no name. */
  {
    g_autofree char *letters = g_strnfill (LD_ORDER_REFERRING_DOCTOR_MAX_CHARS, 'a');
    g_autofree char *longest = g_strdup_printf ("\"referring_doctor_name\": \"%s\"", letters);
    g_autoptr(LdTestResponse) at_limit = book (fx, fx->lab->desk, longest);
    g_autoptr(LdTestResponse) none = book (fx, fx->lab->desk, "\"referring_doctor_name\": null");

    ld_test_assert_status (at_limit, 201);
    ld_test_assert_status (none, 201);
    g_assert_null (ld_test_response_get_string (none, "order.referring_doctor_name"));
  }
}

/* The database keeps the rule too: a doctor user and a typed name on one
 * order is refused even by a statement that skips the server. */
static void
test_database_keeps_one_doctor (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(LdTestResponse) made =
               book (fx, fx->lab->desk, "\"referring_doctor_name\": \"Dr. Rao\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->lab->server);
  g_autofree char *both = NULL;

  ld_test_assert_status (made, 201);
  both = g_strdup_printf ("UPDATE orders SET doctor_id = '%s' WHERE id = '%s'", fx->lab->doctor_id,
                          ld_test_response_get_string (made, "order.id"));
  g_assert_false (ld_db_exec (db, both, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
}

/* A doctor of the lab chosen at the desk: named on the order by id, with
 * their name for the receipt, which prints it as the report does. */
static void
test_doctor_user_printed (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *members = g_strdup_printf ("\"doctor_id\": \"%s\"", fx->lab->doctor_id);
  g_autoptr(LdTestResponse) made = book (fx, fx->lab->desk, members);
  g_autofree char *in_feed = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *report = NULL;
  const char *order_id;

  ld_test_assert_status (made, 201);
  order_id = ld_test_response_get_string (made, "order.id");
  g_assert_cmpstr (ld_test_response_get_string (made, "order.doctor_id"), ==, fx->lab->doctor_id);
  g_assert_cmpstr (ld_test_response_get_string (made, "order.doctor_name"), ==, "Dr. Arjun Mehta");
  g_assert_null (ld_test_response_get_string (made, "order.referring_doctor_name"));

  in_feed =
    g_strdup_printf ("SELECT count(*) FROM changes WHERE entity = 'order' AND entity_id = '%s'"
                     " AND record LIKE '%%\"doctor_name\":\"Dr. Arjun Mehta\"%%'",
                     order_id);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, in_feed), >=, 1);

  receipt = document_text (fx, order_id, "receipt.pdf", "receipt-doctor.pdf");
  ld_test_assert_contains (receipt, "Requested by");
  ld_test_assert_contains (receipt, "Dr. Arjun Mehta");

  release_hb (fx, order_id, "12.4");
  report = document_text (fx, order_id, "report.pdf", "report-doctor.pdf");
  ld_test_assert_contains (report, "Requested by");
  ld_test_assert_contains (report, "Dr. Arjun Mehta");
}

/* GET /api/v1/doctors: whom the desk may name, and nothing else. */
static void
test_doctors_list (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(LdTestResponse) kavita =
      ld_lab_post (fx->lab, fx->lab->admin, "/api/v1/users",
                   "{\"username\": \"kavita\", \"display_name\": \"Dr. Kavita Rao\","
                   " \"roles\": [\"doctor\", \"technician\"], \"password\": \"kavita-demo-1\"}");
  g_autoptr(LdTestResponse) gone =
               ld_lab_post (fx->lab, fx->lab->admin, "/api/v1/users",
                            "{\"username\": \"gone\", \"display_name\": \"Dr. Gone Away\","
                            " \"roles\": [\"doctor\"], \"password\": \"gone-demo-12\"}");
  g_autofree char *gone_path = NULL;
  g_autoptr(LdTestResponse) disabled = NULL;
  g_autoptr(LdTestResponse) list = NULL;
  JsonArray *items;
  gint64 before;

  ld_test_assert_status (kavita, 201);
  ld_test_assert_status (gone, 201);
  gone_path = g_strdup_printf ("/api/v1/users/%s", ld_test_response_get_string (gone, "user.id"));
  disabled = ld_test_send_json (fx->lab->server, "PATCH", gone_path, fx->lab->admin,
                                "{\"version\": 1, \"disabled\": true}");
  ld_test_assert_status (disabled, 200);

  before = count_writes (fx);
  for (guint t = 0; t < 2; t++)
    {
      g_clear_pointer (&list, ld_test_response_free);
      list =
        ld_test_get (fx->lab->server, "/api/v1/doctors", t == 0 ? fx->lab->desk : fx->lab->admin);
      ld_test_assert_status (list, 200);
      items = json_object_get_array_member (ld_test_response_object (list), "items");
      /* Enabled doctors by name; the disabled one and the other roles are not there. */
      g_assert_cmpuint (json_array_get_length (items), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          g_assert_cmpuint (json_object_get_size (item), ==, 2);
          g_assert_true (json_object_has_member (item, "id"));
          g_assert_cmpstr (json_object_get_string_member (item, "display_name"), ==,
                           i == 0 ? "Dr. Arjun Mehta" : "Dr. Kavita Rao");
        }
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                      "id"),
                       ==, fx->lab->doctor_id);
    }

  {
    g_autoptr(LdTestResponse) doctor =
                 ld_test_get (fx->lab->server, "/api/v1/doctors", fx->lab->doctor);
    g_autoptr(LdTestResponse) technician =
                 ld_test_get (fx->lab->server, "/api/v1/doctors", fx->lab->technician);
    g_autoptr(LdTestResponse) nobody = ld_test_get (fx->lab->server, "/api/v1/doctors", NULL);
    g_autoptr(LdTestResponse) query =
                 ld_test_get (fx->lab->server, "/api/v1/doctors?q=rao", fx->lab->desk);
    g_autoptr(LdTestResponse) limit =
                 ld_test_get (fx->lab->server, "/api/v1/doctors?limit=5", fx->lab->desk);

    ld_test_assert_error (doctor, 403, "forbidden");
    ld_test_assert_error (technician, 403, "forbidden");
    ld_test_assert_error (nobody, 401, "unauthorized");
    ld_test_assert_error (query, 400, "bad_request");
    ld_test_assert_error (limit, 400, "bad_request");
  }
  g_assert_cmpint (count_writes (fx), ==, before);
}

/* The rule the desk's form runs as the name is typed. */
static void
test_shared_rule (void)
{
  g_autofree char *limit = g_strnfill (LD_ORDER_REFERRING_DOCTOR_MAX_CHARS, 'a');
  g_autofree char *over = g_strnfill (LD_ORDER_REFERRING_DOCTOR_MAX_CHARS + 1, 'a');
  /* 120 Devanagari letters are 360 bytes: the limit counts characters. */
  g_autoptr(GString) devanagari = g_string_new (NULL);

  for (guint i = 0; i < LD_ORDER_REFERRING_DOCTOR_MAX_CHARS; i++)
    g_string_append (devanagari, "\xe0\xa4\x95");

  g_assert_null (ld_order_check_referring_doctor (NULL, NULL));
  g_assert_null (ld_order_check_referring_doctor ("5504", NULL));
  g_assert_null (ld_order_check_referring_doctor (NULL, OUTSIDE_DOCTOR));
  g_assert_null (ld_order_check_referring_doctor (NULL, "  डॉ. मीरा कुलकर्णी  "));
  g_assert_null (ld_order_check_referring_doctor (NULL, limit));
  g_assert_null (ld_order_check_referring_doctor (NULL, devanagari->str));
  g_assert_cmpstr (ld_order_check_referring_doctor (NULL, over), ==,
                   "must be at most 120 characters long");
  g_assert_cmpstr (ld_order_check_referring_doctor (NULL, " \t "), ==, "must not be empty");
  g_assert_cmpstr (ld_order_check_referring_doctor (NULL, "Dr.\tRao"), ==,
                   "must be one line, without control characters");
  g_assert_cmpstr (ld_order_check_referring_doctor ("5504", OUTSIDE_DOCTOR), ==,
                   "must not be given with doctor_id: an order names one referring doctor");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/order/referring-doctor-rule", test_shared_rule);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/referring-doctor/kept-and-printed", test_kept_and_printed);
  ADD ("/server/referring-doctor/refusals-are-named", test_refusals_are_named);
  ADD ("/server/referring-doctor/database-keeps-one-doctor", test_database_keeps_one_doctor);
  ADD ("/server/referring-doctor/doctor-user-printed", test_doctor_user_printed);
  ADD ("/server/referring-doctor/doctors-list", test_doctors_list);
#undef ADD

  return g_test_run ();
}
