/* test-instruments-listen.c: analyzers send results over HL7 and ASTM
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. A real HL7 client (python3-hl7's mllp_send) sends to the
 * instrument's port on the real server; what arrived is read back over
 * the HTTP API as a technician would: drafts with their source and the
 * instrument's flags, never verified; the same message twice stored once;
 * an unknown accession in the unmatched list, resolved by the lab; an
 * ADT^A01 refused with AR; garbage, an oversized message and a message
 * broken off store nothing. A host query (QBP^Q11) is answered with the
 * sample's ordered tests. An ASTM analyzer (tools/instrument-sim, written
 * apart from the server's framing) sends the same way through the same
 * listener: a frame with a wrong checksum is NAKed and sent again, the
 * value lands as a draft once, and a query (Q record) is answered.
 */

#include "config.h"

#include "ld-test-lab.h"
#include "ld-server.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLab, ld_lab_free)

#define PATIENT "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 52}"
/* A generous bound for a condition on a busy machine, not a timing. */
#define WAIT_LIMIT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  LdLab *lab;
  char  *order_id;
  char  *glucose_accession;
  char  *potassium_accession;
  char  *instrument_id;
  gint64 port;
} Bench;

static JsonObject *
instrument_status (Bench *bench)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (bench->lab->server, "/api/v1/instruments/status", bench->lab->admin);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  g_assert_cmpint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

static void
bench_setup (Bench         *bench,
             gconstpointer  data)
{
  g_autofree char *patient_id = NULL;
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *body = NULL;

  bench->lab = ld_lab_new ();
  patient_id = ld_lab_new_patient (bench->lab, PATIENT);
  bench->order_id = ld_lab_order_in_lab (bench->lab, patient_id, "\"items\": [\"GLUF\", \"K\"]");
  bench->glucose_accession = ld_lab_accession_for (bench->lab, bench->order_id, "GLUF");
  bench->potassium_accession = ld_lab_accession_for (bench->lab, bench->order_id, "K");

  /* @data: "astm" for a Sysmex on ASTM, else a Cobas on HL7. */
  body = g_strdup_printf ("{\"name\": \"%s\", \"protocol\": \"%s\","
                          " \"address\": \"127.0.0.1\", \"port\": 0, \"codes\": ["
                          "{\"instrument_code\": \"GLU\", \"test_code\": \"GLUF\","
                          " \"unit\": \"mmol/L\", \"factor\": 18.016},"
                          "{\"instrument_code\": \"K\", \"test_code\": \"K\"}]}",
                          data != NULL ? "Sysmex XN" : "Cobas c111",
                          data != NULL ? (const char *) data : "hl7");
  created =
    ld_test_send_json (bench->lab->server, "POST", "/api/v1/instruments", bench->lab->admin, body);
  ld_test_assert_status (created, 201);
  bench->instrument_id = g_strdup (ld_test_response_get_string (created, "instrument.id"));
  status = instrument_status (bench);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "listening");
  bench->port = json_object_get_int_member (status, "port");
}

static void
bench_teardown (Bench         *bench,
                gconstpointer  data)
{
  g_free (bench->order_id);
  g_free (bench->glucose_accession);
  g_free (bench->potassium_accession);
  g_free (bench->instrument_id);
  ld_lab_free (bench->lab);
}

/* Sends @text to the bench's instrument port (ld_lab_mllp_send()). */
static char *
mllp_send (Bench      *bench,
           const char *text)
{
  return ld_lab_mllp_send (bench->lab, bench->port, text);
}

static char *
oru (const char *control_id,
     const char *obr_and_obx)
{
  return g_strdup_printf ("MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||ORU^R01^ORU_R01|%s|P|"
                          "2.5.1\n"
                          "PID|1||P0001\n"
                          "%s",
                          control_id, obr_and_obx);
}

static char *
two_results (Bench      *bench,
             const char *control_id)
{
  g_autofree char *body =
    g_strdup_printf ("OBR|1||%s|GLU^Glucose|||20261126101000\n"
                     "OBX|1|NM|GLU^Glucose||5.5|mmol/L|3.9-5.5|N|||F|||20261126101200\n"
                     "NTE|1||Fasting sample\n"
                     "SPM|1|%s||SER\n"
                     "OBR|2||%s|K^Potassium|||20261126101000\n"
                     "OBX|1|NM|K^Potassium||5.8|mmol/L|3.5-5.1|H~A|||F\n",
                     bench->glucose_accession, bench->glucose_accession,
                     bench->potassium_accession);

  return oru (control_id, body);
}

static gint64
count_stored (Bench *bench)
{
  return ld_test_server_query_int (bench->lab->server,
                                   "SELECT (SELECT count(*) FROM instrument_messages)"
                                   " + (SELECT count(*) FROM instrument_unmatched)"
                                   " + (SELECT count(*) FROM results WHERE value IS NOT NULL)");
}

static void
test_oru_drafts (Bench         *bench,
                 gconstpointer  data)
{
  g_autofree char *message = two_results (bench, "MSG0001");
  g_autofree char *answer = mllp_send (bench, message);
  g_autofree char *again = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  g_autoptr(LdTestResponse) later = NULL;
  g_autoptr(JsonObject) status = NULL;
  JsonObject *glucose;
  JsonObject *potassium;
  gint64 stored;

  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0001"));
  g_assert_nonnull (strstr (answer, "ACK^R01"));

  results = ld_lab_get_results (bench->lab, bench->lab->technician, bench->order_id);
  ld_test_assert_status (results, 200);
  glucose = ld_lab_find_result (results, "items", "GLUF");
  potassium = ld_lab_find_result (results, "items", "K");
  /* 5.5 mmol/L times 18.016 is 99.088 mg/dL, written with GLUF's 0 decimals. */
  g_assert_cmpstr (json_object_get_string_member (glucose, "value"), ==, "99");
  g_assert_cmpstr (json_object_get_string_member (glucose, "source"), ==, "Cobas c111");
  g_assert_cmpstr (json_object_get_string_member (glucose, "instrument_flags"), ==, "N");
  g_assert_cmpstr (json_object_get_string_member (glucose, "observed_at"), ==, "20261126101200");
  g_assert_cmpstr (json_object_get_string_member (potassium, "value"), ==, "5.8");
  g_assert_cmpstr (json_object_get_string_member (potassium, "instrument_flags"), ==, "H,A");
  /* OBX-14 absent: the order's observation time (OBR-7). */
  g_assert_cmpstr (json_object_get_string_member (potassium, "observed_at"), ==,
                   "20261126101000");
  /* Drafts: neither submitted nor verified, and nobody's entry. */
  g_assert_cmpstr (json_object_get_string_member (potassium, "state"), ==, "pending");
  g_assert_true (json_object_get_null_member (potassium, "verified_by"));
  g_assert_true (json_object_get_null_member (potassium, "entered_by"));
  g_assert_cmpint (ld_test_server_query_int (bench->lab->server,
                                             "SELECT count(*) FROM audit_events WHERE"
                                             " action = 'instrument.message' AND"
                                             " username = 'instrument Cobas c111'"),
                   ==, 1);

  status = instrument_status (bench);
  g_assert_nonnull (json_object_get_string_member (status, "last_message_at"));
  g_assert_nonnull (strstr (json_object_get_string_member (status, "last_message"),
                            "MSG0001: 2 drafts, 0 unmatched"));

  /* The same message again: acknowledged, stored once. */
  stored = count_stored (bench);
  again = mllp_send (bench, message);
  g_assert_nonnull (strstr (again, "MSA|AA|MSG0001"));
  g_assert_cmpint (count_stored (bench), ==, stored);
  g_assert_cmpint (ld_test_server_query_int (bench->lab->server,
                                             "SELECT count(*) FROM instrument_messages"),
                   ==, 1);
  later = ld_lab_get_results (bench->lab, bench->lab->technician, bench->order_id);
  g_assert_cmpint (json_object_get_int_member (ld_lab_find_result (later, "items", "K"),
                                               "version"),
                   ==, json_object_get_int_member (potassium, "version"));
}

/* A person typing over the instrument's draft makes the value theirs. */
static void
test_typed_over (Bench         *bench,
                 gconstpointer  data)
{
  g_autofree char *message = two_results (bench, "MSG0002");
  g_autofree char *answer = mllp_send (bench, message);
  g_autoptr(LdTestResponse) saved = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  JsonObject *potassium;

  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0002"));
  saved =
    ld_lab_save (bench->lab, bench->lab->technician, bench->order_id, FALSE, "K", "4.9", NULL);
  ld_test_assert_status (saved, 200);
  results = ld_lab_get_results (bench->lab, bench->lab->technician, bench->order_id);
  potassium = ld_lab_find_result (results, "items", "K");
  g_assert_cmpstr (json_object_get_string_member (potassium, "value"), ==, "4.9");
  g_assert_cmpstr (json_object_get_string_member (potassium, "source"), ==, "typed");
  g_assert_true (json_object_get_null_member (potassium, "instrument_flags"));
}

static JsonArray *
unmatched_items (LdTestResponse *resp)
{
  ld_test_assert_status (resp, 200);
  return json_object_get_array_member (ld_test_response_object (resp), "items");
}

static void
test_unmatched (Bench         *bench,
                gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("OBR|1||S99999999|||20261126101000\n"
                                           "OBX|1|NM|K^Potassium||4.1|mmol/L|3.5-5.1|N|||F\n"
                                           "OBR|2||%s|||20261126101000\n"
                                           "OBX|1|NM|CRP^C-reactive protein||12|mg/L||H|||F\n",
                                           bench->potassium_accession);
  g_autofree char *message = oru ("MSG0100", body);
  g_autofree char *answer = mllp_send (bench, message);
  g_autoptr(LdTestResponse) list = NULL;
  g_autoptr(LdTestResponse) attached = NULL;
  g_autoptr(LdTestResponse) discarded = NULL;
  g_autoptr(LdTestResponse) twice = NULL;
  g_autoptr(LdTestResponse) unknown = NULL;
  g_autoptr(LdTestResponse) open = NULL;
  g_autoptr(LdTestResponse) all = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  g_autofree char *attach_path = NULL;
  g_autofree char *discard_path = NULL;
  g_autofree char *attach_body = NULL;
  g_autofree char *wrong_body = NULL;
  const char *accession_id = NULL;
  const char *code_id = NULL;
  JsonArray *items;
  JsonObject *potassium;

  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0100"));
  list = ld_test_get (bench->lab->server, "/api/v1/unmatched-results", bench->lab->technician);
  items = unmatched_items (list);
  g_assert_cmpint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *reason = json_object_get_string_member (item, "reason");

      g_assert_cmpstr (json_object_get_string_member (item, "instrument"), ==, "Cobas c111");
      if (g_str_equal (reason, "unknown-accession"))
        {
          accession_id = json_object_get_string_member (item, "id");
          g_assert_cmpstr (json_object_get_string_member (item, "accession"), ==, "S99999999");
          g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "4.1");
        }
      else
        {
          g_assert_cmpstr (reason, ==, "unmapped-code");
          code_id = json_object_get_string_member (item, "id");
          g_assert_cmpstr (json_object_get_string_member (item, "instrument_code"), ==, "CRP");
        }
    }
  g_assert_nonnull (accession_id);
  g_assert_nonnull (code_id);

  /* Attached where the technician says it belongs: a draft, from the instrument. */
  attach_path = g_strdup_printf ("/api/v1/unmatched-results/%s/resolve", accession_id);
  wrong_body = g_strdup_printf ("{\"action\": \"attach\", \"accession\": \"%s\","
                                " \"test_code\": \"HB\"}",
                                bench->potassium_accession);
  unknown =
    ld_test_send_json (bench->lab->server, "POST", attach_path, bench->lab->technician, wrong_body);
  ld_test_assert_error (unknown, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (unknown, "test_code"));
  attach_body = g_strdup_printf ("{\"action\": \"attach\", \"accession\": \"%s\","
                                 " \"test_code\": \"K\"}",
                                 bench->potassium_accession);
  attached = ld_test_send_json (bench->lab->server, "POST", attach_path, bench->lab->technician,
                                attach_body);
  ld_test_assert_status (attached, 200);
  g_assert_cmpstr (ld_test_response_get_string (attached, "unmatched.resolution"), ==,
                   "attached");
  results = ld_lab_get_results (bench->lab, bench->lab->technician, bench->order_id);
  potassium = ld_lab_find_result (results, "items", "K");
  g_assert_cmpstr (json_object_get_string_member (potassium, "value"), ==, "4.1");
  g_assert_cmpstr (json_object_get_string_member (potassium, "source"), ==, "Cobas c111");
  g_assert_cmpstr (json_object_get_string_member (potassium, "state"), ==, "pending");

  twice = ld_test_send_json (bench->lab->server, "POST", attach_path, bench->lab->technician,
                             attach_body);
  ld_test_assert_error (twice, 409, "conflict");

  discard_path = g_strdup_printf ("/api/v1/unmatched-results/%s/resolve", code_id);
  discarded = ld_test_send_json (bench->lab->server, "POST", discard_path, bench->lab->technician,
                                 "{\"action\": \"discard\", \"reason\": \"CRP is sent out\"}");
  ld_test_assert_status (discarded, 200);
  g_assert_cmpstr (ld_test_response_get_string (discarded, "unmatched.resolution_note"), ==,
                   "CRP is sent out");

  open = ld_test_get (bench->lab->server, "/api/v1/unmatched-results", bench->lab->technician);
  g_assert_cmpint (json_array_get_length (unmatched_items (open)), ==, 0);
  all =
    ld_test_get (bench->lab->server, "/api/v1/unmatched-results?state=all", bench->lab->technician);
  g_assert_cmpint (json_array_get_length (unmatched_items (all)), ==, 2);
  g_assert_cmpint (ld_test_server_query_int (bench->lab->server,
                                             "SELECT count(*) FROM audit_events WHERE action IN"
                                             " ('instrument.unmatched_attach',"
                                             " 'instrument.unmatched_discard')"),
                   ==, 2);
}

/* The last record of @entity @id in the change feed as @token reads it
 * from 0 to its end, or NULL if that reader sees none. */
static JsonObject *
last_in_feed (Bench      *bench,
              const char *token,
              const char *entity,
              const char *id)
{
  JsonObject *found = NULL;
  gint64 since = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT
                                               "&limit=1000",
                                               since);
      g_autoptr(LdTestResponse) page = ld_test_get (bench->lab->server, path, token);
      JsonObject *object;
      JsonArray *changes;

      ld_test_assert_status (page, 200);
      object = ld_test_response_object (page);
      changes = json_object_get_array_member (object, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);

          if (g_str_equal (json_object_get_string_member (change, "entity"), entity) &&
              g_str_equal (json_object_get_string_member (change, "id"), id))
            {
              g_clear_pointer (&found, json_object_unref);
              found = json_object_ref (json_object_get_object_member (change, "record"));
            }
        }
      since = json_object_get_int_member (object, "next");
      if (since >= json_object_get_int_member (object, "last_seq"))
        return found;
    }
}

/* Held and resolved results are in the change feed, for the lab only, as
 * the list shows them: a second lab client follows them there. */
static void
test_unmatched_feed (Bench         *bench,
                     gconstpointer  data)
{
  g_autofree char *message = oru ("MSG0110", "OBR|1||S99999999|||20261126101000\n"
                                             "OBX|1|NM|K^Potassium||4.1|mmol/L|3.5-5.1|N|||F\n");
  g_autofree char *answer = mllp_send (bench, message);
  g_autoptr(LdTestResponse) list = ld_test_get (bench->lab->server, "/api/v1/unmatched-results",
                                                 bench->lab->technician);
  JsonObject      *listed = json_array_get_object_element (unmatched_items (list), 0);
  const char      *id = json_object_get_string_member (listed, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/unmatched-results/%s/resolve", id);
  g_autoptr(JsonObject) held = NULL;
  g_autoptr(JsonObject) resolved = NULL;
  g_autoptr(JsonObject) at_desk = NULL;
  g_autoptr(LdTestResponse) discarded = NULL;
  g_autoptr(JsonNode) listed_node = json_node_init_object (json_node_alloc (), listed);
  g_autoptr(JsonNode) held_node = NULL;

  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0110"));
  held = last_in_feed (bench, bench->lab->technician, "unmatched_result", id);
  g_assert_nonnull (held);
  held_node = json_node_init_object (json_node_alloc (), held);
  g_assert_true (json_node_equal (held_node, listed_node));
  g_assert_true (json_object_get_null_member (held, "resolution"));
  at_desk = last_in_feed (bench, bench->lab->desk, "unmatched_result", id);
  g_assert_null (at_desk);

  discarded = ld_test_send_json (bench->lab->server, "POST", path, bench->lab->technician,
                                 "{\"action\": \"discard\", \"reason\": \"Repeat run\"}");
  ld_test_assert_status (discarded, 200);
  resolved = last_in_feed (bench, bench->lab->admin, "unmatched_result", id);
  g_assert_cmpstr (json_object_get_string_member (resolved, "resolution"), ==, "discarded");
  g_assert_cmpstr (json_object_get_string_member (resolved, "resolution_note"), ==, "Repeat run");
  g_assert_cmpstr (json_object_get_string_member (resolved, "resolved_at"), ==,
                   ld_test_response_get_string (discarded, "unmatched.resolved_at"));
}

static void
test_refusals (Bench         *bench,
               gconstpointer  data)
{
  gint64 stored = count_stored (bench);
  g_autofree char *adt = mllp_send (bench, "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||"
                                           "ADT^A01^ADT_A01|MSG0200|P|2.5.1\n"
                                           "EVN|A01|20261126101500\n"
                                           "PID|1||P0001||Verma^Asha\n");
  g_autofree char *oml = mllp_send (bench, "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||"
                                           "ORU^R03|MSG0201|P|2.5.1\n");
  g_autofree char *version = mllp_send (bench, "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||"
                                               "ORU^R01|MSG0202|P|3.0\n");
  g_autofree char *no_id = mllp_send (bench, "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||"
                                             "ORU^R01||P|2.5.1\n"
                                             "OBR|1||S1\nOBX|1|NM|K||4.0\n");
  g_autofree char *orphan = mllp_send (bench, "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||"
                                              "ORU^R01|MSG0203|P|2.5.1\n"
                                              "OBX|1|NM|K||4.0\n");

  g_assert_nonnull (strstr (adt, "MSA|AR|MSG0200"));
  g_assert_nonnull (strstr (adt, "ERR|||200^Unsupported message type^HL70357"));
  g_assert_nonnull (strstr (oml, "MSA|AR|MSG0201"));
  g_assert_nonnull (strstr (oml, "201^Unsupported event code"));
  g_assert_nonnull (strstr (version, "MSA|AR|MSG0202"));
  g_assert_nonnull (strstr (no_id, "MSA|AE|"));
  g_assert_nonnull (strstr (no_id, "101^Required field missing"));
  g_assert_nonnull (strstr (orphan, "MSA|AE|MSG0203"));
  g_assert_cmpint (count_stored (bench), ==, stored);
}

static GSocketConnection *
connect_raw (Bench *bench)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", bench->port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 60);
  return connection;
}

static void
write_raw (GSocketConnection *connection,
           const char        *data,
           gsize              length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), data,
                             length, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads until the server closes the connection; what it sent. */
static char *
read_to_end (GSocketConnection *connection)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GString) got = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (got, buffer, n);
  return g_string_free (g_steal_pointer (&got), FALSE);
}

/* Until the listener has seen every connection end. */
static void
wait_no_connections (Bench *bench)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  for (;;)
    {
      g_autoptr(JsonObject) status = instrument_status (bench);

      if (json_object_get_int_member (status, "connections") == 0)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
}

static void
test_bad_bytes (Bench         *bench,
                gconstpointer  data)
{
  gint64 stored = count_stored (bench);
  g_autoptr(GSocketConnection) garbage = connect_raw (bench);
  g_autoptr(GSocketConnection) framed = connect_raw (bench);
  g_autoptr(GSocketConnection) huge = connect_raw (bench);
  g_autoptr(GSocketConnection) broken = connect_raw (bench);
  g_autofree char *message = two_results (bench, "MSG0300");
  g_autofree char *framed_answer = NULL;
  g_autofree char *huge_answer = NULL;
  g_autofree char *complete = NULL;
  g_autofree char *big = NULL;
  gsize big_length = 1024 * 1024 + 16;

  /* Noise outside any frame: nothing answers it, nothing is stored. */
  write_raw (garbage, "\x01\x02garbage\xff\xfe\r\n", 13);
  g_io_stream_close (G_IO_STREAM (garbage), NULL, NULL);

  /* A frame that is no HL7 message: AE, and the connection serves on. */
  write_raw (framed, "\x0bhello, analyzer\x1c\x0d", 18);
  g_socket_shutdown (g_socket_connection_get_socket (framed), FALSE, TRUE, NULL);
  framed_answer = read_to_end (framed);
  g_assert_nonnull (strstr (framed_answer, "MSA|AE|"));
  g_assert_nonnull (strstr (framed_answer, "100^Segment sequence error"));

  /* Over 1 MiB: the connection is dropped without an answer. */
  big = g_malloc (big_length);
  memset (big, 'A', big_length);
  big[0] = 0x0b;
  write_raw (huge, big, big_length);
  huge_answer = read_to_end (huge);
  g_assert_cmpstr (huge_answer, ==, "");

  /* A whole message broken off before its end: nothing of it is stored. */
  {
    g_autofree char *cr = g_strdelimit (g_strdup (message), "\n", '\r');
    g_autofree char *start = g_strconcat ("\x0b", cr, NULL);

    write_raw (broken, start, strlen (start));
    g_io_stream_close (G_IO_STREAM (broken), NULL, NULL);
  }

  wait_no_connections (bench);
  g_assert_cmpint (count_stored (bench), ==, stored);

  /* The port serves on: the message sent whole is stored. */
  complete = mllp_send (bench, message);
  g_assert_nonnull (strstr (complete, "MSA|AA|MSG0300"));
  g_assert_cmpint (ld_test_server_query_int (bench->lab->server,
                                             "SELECT count(*) FROM instrument_messages"),
                   ==, 1);
}

/* An analyzer that connects and then says nothing (here: half an HL7
 * frame, or an ASTM ENQ and no frame) is cut off after the configured
 * idle time, the state shows when, and nothing half is stored. */
static void
test_idle_closed (Bench         *bench,
                  gconstpointer  data)
{
  gboolean astm = data != NULL;
  gint64 stored = count_stored (bench);
  LdServer *server = ld_test_server_get_server (bench->lab->server);
  g_autoptr(GSocketConnection) quiet = NULL;
  g_autoptr(JsonObject) before = instrument_status (bench);
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *answer = NULL;
  gint64 started;

  g_assert_true (json_object_get_null_member (before, "idle_closed_at"));
  ld_instrument_listener_set_idle_timeout (ld_server_get_instruments (server), 1);

  quiet = connect_raw (bench);
  started = g_get_monotonic_time ();
  if (astm)
    write_raw (quiet, "\x05", 1);
  else
    {
      const char *half = "\x0bMSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||ORU^R01|M1|";

      write_raw (quiet, half, strlen (half));
    }
  answer = read_to_end (quiet);
  /* ASTM acknowledged the ENQ before the silence; HL7 answers nothing. */
  g_assert_cmpstr (answer, ==, astm ? "\x06" : "");
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - started, <, WAIT_LIMIT_US);

  wait_no_connections (bench);
  after = instrument_status (bench);
  g_assert_false (json_object_get_null_member (after, "idle_closed_at"));
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "listening");
  g_assert_cmpint (count_stored (bench), ==, stored);
}

static void
test_host_query (Bench         *bench,
                 gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||"
                                            "QBP^Q11^QBP_Q11|MSG0400|P|2.5.1\n"
                                            "QPD|WOS^Work order step^IHELAW|Q0400|%s\n"
                                            "RCP|I||R\n",
                                            bench->potassium_accession);
  g_autofree char *answer = mllp_send (bench, query);
  g_autofree char *ordered =
    g_strdup_printf ("OBR|1|%s||K^Potassium^L", bench->potassium_accession);
  g_autofree char *unknown = mllp_send (bench, "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|"
                                               "20261126101500||QBP^Q11^QBP_Q11|MSG0401|P|2.5.1\n"
                                               "QPD|WOS^Work order step^IHELAW|Q0401|S00000000\n");

  g_assert_nonnull (strstr (answer, "RSP^K11"));
  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0400"));
  g_assert_nonnull (strstr (answer, "QAK|Q0400|OK"));
  g_assert_nonnull (strstr (answer, ordered));
  g_assert_null (strstr (answer, "GLU^"));
  g_assert_nonnull (strstr (unknown, "QAK|Q0401|NF"));
}

/* Runs tools/instrument-sim's ASTM analyzer against the instrument's port
 * with @args, and returns its transcript; it must end accepted. */
static char *
astm_send (Bench              *bench,
           const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, g_strdup ("python3"));
  g_ptr_array_add (argv,
                   g_test_build_filename (G_TEST_DIST, "..", "tools", "instrument-sim", NULL));
  g_ptr_array_add (argv, g_strdup ("astm"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, bench->port));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  sim = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sim, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (sim))
    g_error ("instrument-sim failed:\n%s\n%s", out, err);
  return out;
}

static void
test_astm_drafts (Bench         *bench,
                  gconstpointer  data)
{
  const char * const args[] = { "--accession", bench->potassium_accession, "--result",
                                "K=5.8[mmol/L]:H", "--message-id", "AST0001", "--corrupt", "3",
                                "--sender", "Sysmex XN^00-24^^^^1", NULL };
  g_autofree char *transcript = astm_send (bench, args);
  g_autofree char *again = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  JsonObject *potassium;
  gint64 stored;

  /* The corrupted frame was refused once and taken when sent again. */
  g_assert_nonnull (strstr (transcript, "<NAK>"));
  results = ld_lab_get_results (bench->lab, bench->lab->technician, bench->order_id);
  ld_test_assert_status (results, 200);
  potassium = ld_lab_find_result (results, "items", "K");
  g_assert_cmpstr (json_object_get_string_member (potassium, "value"), ==, "5.8");
  g_assert_cmpstr (json_object_get_string_member (potassium, "source"), ==, "Sysmex XN");
  g_assert_cmpstr (json_object_get_string_member (potassium, "instrument_flags"), ==, "H");
  g_assert_cmpstr (json_object_get_string_member (potassium, "state"), ==, "pending");
  g_assert_true (json_object_get_null_member (potassium, "entered_by"));
  g_assert_cmpint (ld_test_server_query_int (bench->lab->server,
                                             "SELECT count(*) FROM audit_events WHERE"
                                             " action = 'instrument.message' AND"
                                             " username = 'instrument Sysmex XN'"),
                   ==, 1);

  /* The same transmission again: accepted, stored once. */
  stored = count_stored (bench);
  again = astm_send (bench, args);
  g_assert_cmpint (count_stored (bench), ==, stored);
}

static void
test_astm_query (Bench         *bench,
                 gconstpointer  data)
{
  const char * const args[] = { "--query", bench->potassium_accession, NULL };
  g_autofree char *transcript = astm_send (bench, args);
  g_autofree char *ordered = g_strdup_printf ("|%s|", bench->potassium_accession);

  /* The host became the sender and named the sample's test, by the
   * analyzer's code, and not the glucose on the other tube. */
  g_assert_nonnull (strstr (transcript, ordered));
  g_assert_nonnull (strstr (transcript, "^^^K"));
  g_assert_null (strstr (transcript, "^^^GLU"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), Bench, NULL, bench_setup, (func), bench_teardown)
  ADD ("/server/instruments/hl7/oru-drafts", test_oru_drafts);
  ADD ("/server/instruments/hl7/typed-over", test_typed_over);
  ADD ("/server/instruments/hl7/unmatched", test_unmatched);
  ADD ("/server/instruments/hl7/unmatched-feed", test_unmatched_feed);
  ADD ("/server/instruments/hl7/refusals", test_refusals);
  ADD ("/server/instruments/hl7/bad-bytes", test_bad_bytes);
  ADD ("/server/instruments/hl7/host-query", test_host_query);
  g_test_add ("/server/instruments/astm/drafts", Bench, "astm", bench_setup, test_astm_drafts,
              bench_teardown);
  g_test_add ("/server/instruments/astm/query", Bench, "astm", bench_setup, test_astm_query,
              bench_teardown);
  ADD ("/server/instruments/hl7/idle-closed", test_idle_closed);
  g_test_add ("/server/instruments/astm/idle-closed", Bench, "astm", bench_setup,
              test_idle_closed, bench_teardown);
#undef ADD

  return g_test_run ();
}
