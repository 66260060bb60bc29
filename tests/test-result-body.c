/* test-result-body.c: a results body the bench writes is the one the
 * server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bench writes a save with ld_result_save_body_write(), the server
 * (and the outbox, showing a queued save) reads it with
 * ld_result_save_body_read(); the same file spells both, and the bodies
 * of a cancel or return, a verification, a release and an amendment.
 * Each is written and read back whole, and each thing the server refuses
 * is refused naming its member.
 */

#include "config.h"

#include "ld-error.h"
#include "ld-result-body.h"

static JsonObject *
written_save (const LdResultSave *save)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_result_save_body_write (builder, save);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static LdResultSave *
read_save (JsonObject *body,
           GError    **error)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(LdResultSave) save = ld_result_save_new ();

  ld_result_save_body_read (reader, save);
  if (!ld_json_reader_finish (reader, error))
    return NULL;
  return g_steal_pointer (&save);
}

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (text, -1, NULL);

  g_assert_nonnull (object);
  return g_steal_pointer (&object);
}

static void
test_save_round_trip (void)
{
  g_autoptr(LdResultSave) sent = ld_result_save_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdResultSave) read = NULL;
  g_autoptr(GError) error = NULL;
  LdResultEntry *abnormal = ld_result_entry_new ("URINE", 1, "Cloudy", NULL);
  LdResultEntry *kept = ld_result_entry_new ("TSH", 4, "2.5", NULL);

  abnormal->abnormal = TRUE;
  kept->has_comment = FALSE;
  sent->submit = TRUE;
  g_ptr_array_add (sent->entries, ld_result_entry_new ("HB", 3, "12.4", "Repeated"));
  g_ptr_array_add (sent->entries, ld_result_entry_new ("GLUF", 1, NULL, NULL));
  g_ptr_array_add (sent->entries, abnormal);
  g_ptr_array_add (sent->entries, kept);

  body = written_save (sent);
  read = read_save (body, &error);
  g_assert_no_error (error);
  g_assert_true (read->submit);
  g_assert_cmpuint (read->entries->len, ==, 4);

  for (guint i = 0; i < sent->entries->len; i++)
    {
      const LdResultEntry *s = g_ptr_array_index (sent->entries, i);
      const LdResultEntry *r = g_ptr_array_index (read->entries, i);

      g_assert_cmpstr (r->test_code, ==, s->test_code);
      g_assert_cmpint (r->version, ==, s->version);
      g_assert_cmpstr (r->value, ==, s->value);
      g_assert_cmpint (r->has_comment, ==, s->has_comment);
      g_assert_cmpstr (r->comment, ==, s->comment);
      g_assert_cmpint (r->abnormal, ==, s->abnormal);
      g_assert_true (ld_result_save_find (read, s->test_code) == r);
    }
  g_assert_null (ld_result_save_find (read, "LIPID"));
}

/* An empty value or comment is written as null: it clears the draft. A
 * draft (no submit) is read as one. */
static void
test_empty_is_null (void)
{
  g_autoptr(LdResultSave) sent = ld_result_save_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdResultSave) read = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *element;
  const LdResultEntry *entry;

  g_ptr_array_add (sent->entries, ld_result_entry_new ("HB", 2, "", ""));
  body = written_save (sent);
  element = json_array_get_object_element (json_object_get_array_member (body, "results"), 0);
  g_assert_true (json_object_get_null_member (element, "value"));
  g_assert_true (json_object_get_null_member (element, "comment"));
  g_assert_false (json_object_has_member (element, "abnormal"));
  g_assert_false (json_object_get_boolean_member (body, "submit"));

  read = read_save (body, &error);
  g_assert_no_error (error);
  entry = g_ptr_array_index (read->entries, 0);
  g_assert_false (read->submit);
  g_assert_null (entry->value);
  g_assert_true (entry->has_comment);
  g_assert_null (entry->comment);
}

static void
assert_refused (const char *text,
                const char *field)
{
  g_autoptr(JsonObject) body = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdResultSave) save = read_save (body, &error);
  GHashTable *fields;

  g_assert_null (save);
  g_assert_nonnull (error);
  fields = ld_api_error_get_fields (error);
  if (fields == NULL || !g_hash_table_contains (fields, field))
    g_error ("%s: expected a refusal naming %s, got: %s", text, field, error->message);
}

static void
test_refusals_name_the_member (void)
{
  g_autoptr(GString) long_comment = g_string_new (NULL);
  g_autoptr(GString) too_many = g_string_new ("{\"results\": [");
  g_autofree char *long_body = NULL;

  assert_refused ("{\"submit\": true}", "results");
  assert_refused ("{\"results\": []}", "results");
  assert_refused ("{\"results\": {}}", "results");
  assert_refused ("{\"results\": [1]}", "results[0]");
  assert_refused ("{\"results\": [{\"version\": 1, \"value\": \"1\"}]}", "results[0].test_code");
  assert_refused ("{\"results\": [{\"test_code\": \"\", \"version\": 1, \"value\": \"1\"}]}",
                  "results[0].test_code");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"value\": \"1\"}]}",
                  "results[0].version");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1}]}", "results[0].value");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": 12}]}",
                  "results[0].value");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": null,"
                  " \"comment\": \"  \"}]}",
                  "results[0].comment");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": null,"
                  " \"abnormal\": \"yes\"}]}",
                  "results[0].abnormal");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": null,"
                  " \"flag\": \"high\"}]}",
                  "results[0].flag");
  assert_refused ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": null},"
                  " {\"test_code\": \"HB\", \"version\": 1, \"value\": \"12\"}]}",
                  "results[1].test_code");
  assert_refused ("{\"submit\": \"yes\", \"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                  " \"value\": null}]}",
                  "submit");
  assert_refused ("{\"interpretation\": \"x\", \"results\": [{\"test_code\": \"HB\","
                  " \"version\": 1, \"value\": null}]}",
                  "interpretation");

  for (guint i = 0; i <= LD_RESULT_MAX_COMMENT_CHARS; i++)
    g_string_append_c (long_comment, 'x');
  long_body = g_strdup_printf ("{\"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                               " \"value\": null, \"comment\": \"%s\"}]}",
                               long_comment->str);
  assert_refused (long_body, "results[0].comment");

  for (guint i = 0; i <= LD_RESULT_MAX_ITEMS; i++)
    g_string_append_printf (too_many, "%s{\"test_code\": \"T%u\", \"version\": 1, \"value\": null}",
                            i ? ", " : "", i);
  g_string_append (too_many, "]}");
  assert_refused (too_many->str, "results");
}

/* The longest comment and the longest list are taken. */
static void
test_limits_are_taken (void)
{
  g_autoptr(LdResultSave) sent = ld_result_save_new ();
  g_autoptr(GString) comment = g_string_new (NULL);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdResultSave) read = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < LD_RESULT_MAX_COMMENT_CHARS; i++)
    g_string_append (comment, "\xe0\xa4\x95"); /* one Devanagari letter, three bytes */
  for (guint i = 0; i < LD_RESULT_MAX_ITEMS; i++)
    {
      g_autofree char *code = g_strdup_printf ("T%u", i);

      g_ptr_array_add (sent->entries, ld_result_entry_new (code, 1, "1", comment->str));
    }
  body = written_save (sent);
  read = read_save (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->entries->len, ==, LD_RESULT_MAX_ITEMS);
}

static JsonObject *
finish_object (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

/* Reads @text with @read, expecting a refusal that names @field. */
static void
assert_body_refused (void      (*read) (LdJsonReader *reader),
                     const char *text,
                     const char *field)
{
  g_autoptr(JsonObject) body = parse (text);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  read (reader);
  g_assert_false (ld_json_reader_finish (reader, &error));
  fields = ld_api_error_get_fields (error);
  if (fields == NULL || !g_hash_table_contains (fields, field))
    g_error ("%s: expected a refusal naming %s, got: %s", text, field, error->message);
}

static void
read_change (LdJsonReader *reader)
{
  g_autofree char *reason = NULL;
  gint64 version = 0;

  ld_result_change_body_read (reader, &version, &reason);
}

static void
read_verify (LdJsonReader *reader)
{
  g_autofree char *interpretation = NULL;
  g_autoptr(GPtrArray) entries = ld_result_verify_body_read (reader, &interpretation);
}

static void
read_release (LdJsonReader *reader)
{
  g_autofree char *interpretation = NULL;
  gint64 version = 0;

  ld_report_release_body_read (reader, &version, &interpretation);
}

static void
read_amend (LdJsonReader *reader)
{
  g_autofree char *reason = NULL;
  g_autoptr(GPtrArray) entries = ld_result_amend_body_read (reader, &reason);
}

/* Cancelling a test and sending a value back: a version and a reason. */
static void
test_change_round_trip (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *long_reason = g_strnfill (LD_RESULT_MAX_REASON_CHARS + 1, 'r');
  g_autofree char *long_body = NULL;
  gint64 version = 0;

  json_builder_begin_object (builder);
  ld_result_change_body_write (builder, 7, "Haemolysed; value doubtful");
  body = finish_object (builder);
  reader = ld_json_reader_new (body);
  ld_result_change_body_read (reader, &version, &reason);
  g_assert_true (ld_json_reader_finish (reader, NULL));
  g_assert_cmpint (version, ==, 7);
  g_assert_cmpstr (reason, ==, "Haemolysed; value doubtful");

  assert_body_refused (read_change, "{\"reason\": \"x\"}", "version");
  assert_body_refused (read_change, "{\"version\": 1}", "reason");
  assert_body_refused (read_change, "{\"version\": 1, \"reason\": \" \"}", "reason");
  assert_body_refused (read_change, "{\"version\": 1, \"reason\": \"x\", \"value\": \"1\"}",
                       "value");
  long_body = g_strdup_printf ("{\"version\": 1, \"reason\": \"%s\"}", long_reason);
  assert_body_refused (read_change, long_body, "reason");
}

/* A verification names each result, a critical one with its call. */
static void
test_verify_round_trip (void)
{
  g_autoptr(GPtrArray) sent =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autofree char *interpretation = NULL;
  LdResultEntry *critical = ld_result_entry_new ("K", 3, NULL, NULL);
  LdResultEntry *unread = ld_result_entry_new ("NA", 0, NULL, NULL);
  const LdResultEntry *k;
  JsonObject *element;

  critical->critical_call = ld_critical_call_new ();
  critical->critical_call->name = g_strdup ("Dr Meera Iyer");
  critical->critical_call->role = g_strdup ("Ward 4 registrar");
  critical->critical_call->called_at = g_strdup ("2026-11-23T14:32:00.000Z");
  g_ptr_array_add (sent, ld_result_entry_new ("HB", 2, "12.4", "ignored"));
  g_ptr_array_add (sent, critical);

  json_builder_begin_object (builder);
  ld_result_verify_body_write (builder, sent, "Consistent with hypokalaemia.");
  body = finish_object (builder);
  element = json_array_get_object_element (json_object_get_array_member (body, "results"), 0);
  g_assert_cmpuint (json_object_get_size (element), ==, 2);

  reader = ld_json_reader_new (body);
  read = ld_result_verify_body_read (reader, &interpretation);
  g_assert_true (ld_json_reader_finish (reader, NULL));
  g_assert_cmpstr (interpretation, ==, "Consistent with hypokalaemia.");
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_null (((LdResultEntry *) g_ptr_array_index (read, 0))->critical_call);
  k = g_ptr_array_index (read, 1);
  g_assert_cmpstr (k->test_code, ==, "K");
  g_assert_cmpint (k->version, ==, 3);
  g_assert_nonnull (k->critical_call);
  g_assert_cmpstr (k->critical_call->name, ==, "Dr Meera Iyer");
  g_assert_cmpstr (k->critical_call->role, ==, "Ward 4 registrar");
  g_assert_cmpstr (k->critical_call->called_at, ==, "2026-11-23T14:32:00.000Z");

  /* A result not read yet names no version, and is refused for it. */
  g_clear_pointer (&body, json_object_unref);
  g_clear_object (&builder);
  g_ptr_array_set_size (sent, 0);
  g_ptr_array_add (sent, unread);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_result_verify_body_write (builder, sent, "");
  body = finish_object (builder);
  g_assert_false (json_object_has_member (body, "interpretation"));
  element = json_array_get_object_element (json_object_get_array_member (body, "results"), 0);
  g_assert_true (json_object_get_null_member (element, "version"));
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
    g_autofree char *json = ld_json_to_string (node);

    assert_body_refused (read_verify, json, "results[0].version");
  }

  assert_body_refused (read_verify,
                       "{\"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                       " \"value\": \"1\"}]}",
                       "results[0].value");
  assert_body_refused (read_verify,
                       "{\"results\": [{\"test_code\": \"K\", \"version\": 1,"
                       " \"critical_call\": {\"name\": \"A\", \"role\": \"B\","
                       " \"called_at\": \"2026-11-23T14:32:00Z\", \"read_back\": false}}]}",
                       "results[0].critical_call.read_back");
  assert_body_refused (read_verify,
                       "{\"results\": [{\"test_code\": \"HB\", \"version\": 1}],"
                       " \"interpretation\": \"  \"}",
                       "interpretation");
}

static void
test_release_round_trip (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autofree char *interpretation = NULL;
  gint64 version = 0;

  json_builder_begin_object (builder);
  ld_report_release_body_write (builder, 12, "Iron deficiency likely.\nRepeat in 3 months.");
  body = finish_object (builder);
  reader = ld_json_reader_new (body);
  ld_report_release_body_read (reader, &version, &interpretation);
  g_assert_true (ld_json_reader_finish (reader, NULL));
  g_assert_cmpint (version, ==, 12);
  g_assert_cmpstr (interpretation, ==, "Iron deficiency likely.\nRepeat in 3 months.");

  assert_body_refused (read_release, "{}", "version");
  assert_body_refused (read_release, "{\"version\": \"12\"}", "version");
  assert_body_refused (read_release, "{\"version\": 12, \"interpretation\": \"a\\u0007b\"}",
                       "interpretation");
  assert_body_refused (read_release, "{\"version\": 12, \"results\": []}", "results");
}

static void
test_amend_round_trip (void)
{
  g_autoptr(GPtrArray) sent =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autofree char *reason = NULL;
  LdResultEntry *entry = ld_result_entry_new ("HB", 5, "13.1", NULL);
  const LdResultEntry *hb;

  entry->has_comment = FALSE;
  g_ptr_array_add (sent, entry);
  json_builder_begin_object (builder);
  ld_result_amend_body_write (builder, "Transcription error", sent);
  body = finish_object (builder);
  g_assert_cmpuint (json_object_get_size (
                      json_array_get_object_element (json_object_get_array_member (body, "results"),
                                                     0)),
                    ==, 3);

  reader = ld_json_reader_new (body);
  read = ld_result_amend_body_read (reader, &reason);
  g_assert_true (ld_json_reader_finish (reader, NULL));
  g_assert_cmpstr (reason, ==, "Transcription error");
  g_assert_cmpuint (read->len, ==, 1);
  hb = g_ptr_array_index (read, 0);
  g_assert_cmpstr (hb->test_code, ==, "HB");
  g_assert_cmpint (hb->version, ==, 5);
  g_assert_cmpstr (hb->value, ==, "13.1");
  g_assert_false (hb->has_comment);

  assert_body_refused (read_amend,
                       "{\"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                       " \"value\": \"1\"}]}",
                       "reason");
  assert_body_refused (read_amend,
                       "{\"reason\": \"x\", \"results\": [{\"test_code\": \"HB\","
                       " \"version\": 1, \"value\": null}]}",
                       "results[0].value");
  assert_body_refused (read_amend,
                       "{\"reason\": \"x\", \"results\": [{\"test_code\": \"HB\","
                       " \"version\": 1, \"value\": \"\"}]}",
                       "results[0].value");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/result-body/save-round-trip", test_save_round_trip);
  g_test_add_func ("/result-body/empty-is-null", test_empty_is_null);
  g_test_add_func ("/result-body/refusals-name-the-member", test_refusals_name_the_member);
  g_test_add_func ("/result-body/limits-are-taken", test_limits_are_taken);
  g_test_add_func ("/result-body/change-round-trip", test_change_round_trip);
  g_test_add_func ("/result-body/verify-round-trip", test_verify_round_trip);
  g_test_add_func ("/result-body/release-round-trip", test_release_round_trip);
  g_test_add_func ("/result-body/amend-round-trip", test_amend_round_trip);

  return g_test_run ();
}
