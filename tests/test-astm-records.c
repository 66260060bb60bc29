/* test-astm-records.c: ASTM E1394 records into LdInstrumentMessage and back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-astm-records.h"

#include <string.h>

/* Records as a transmission carries them, CR-separated, into the array
 * the parser takes. */
static GPtrArray *
split_records (const char *text)
{
  GPtrArray     *records = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = g_strsplit (text, "\r", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (records, g_strdup (lines[i]));
  return records;
}

static LdInstrumentMessage *
parse (const char *text)
{
  g_autoptr (GPtrArray) records = split_records (text);
  g_autoptr (GError) error = NULL;
  LdInstrumentMessage *message = ld_astm_records_parse (records, &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static void
assert_refused (const char *text,
                const char *why)
{
  g_autoptr (GPtrArray) records = split_records (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (LdInstrumentMessage) message = ld_astm_records_parse (records, &error);

  g_assert_null (message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  if (strstr (error->message, why) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, why);
}

static LdInstrumentResult *
result_at (LdInstrumentMessage *message,
           guint                i)
{
  g_assert_cmpuint (i, <, message->results->len);
  return g_ptr_array_index (message->results, i);
}

/* A haematology counter's run, laid out as such analyzers send it. */
static const char haematology[] =
  "H|\\^&|XN-20261126-0007||XN-350^00-21^12345^^^^BD123456||||||||E1394-97\r"
  "P|1|||||||U\r"
  "O|1|LAB-2611-0042^01^5||^^^WBC\\^^^RBC\\^^^HGB\\^^^PLT|R||20261126083000||||N||||||||||||||F\r"
  "R|1|^^^WBC^1|7.85|10*3/uL|4.00 to 10.00|N||F||||20261126084512\r"
  "R|2|^^^RBC^1|5.61|10*6/uL|4.50 to 5.50|H||F||||20261126084512\r"
  "C|1|I|Confirm by smear^review|G\r"
  "C|2|I|RBC agglutination?|G\r"
  "R|3|^^^HGB^1|14.2|g/dL|13.0 to 17.0|N||F||||20261126084512\r"
  "R|4|^^^PLT^1|98|10*3/uL|150 to 410|L||F||||20261126084512\r"
  "L|1|N\r";

static void
test_haematology (void)
{
  g_autoptr (LdInstrumentMessage) m = parse (haematology);
  LdInstrumentResult *r;

  g_assert_cmpstr (m->message_id, ==, "XN-20261126-0007");
  g_assert_cmpstr (m->sender, ==, "XN-350");
  g_assert_cmpuint (m->results->len, ==, 4);
  g_assert_cmpuint (m->queries->len, ==, 0);

  r = result_at (m, 0);
  g_assert_cmpstr (r->accession, ==, "LAB-2611-0042");
  g_assert_cmpstr (r->instrument_code, ==, "WBC");
  g_assert_cmpstr (r->value, ==, "7.85");
  g_assert_cmpstr (r->units, ==, "10*3/uL");
  g_assert_cmpstr (r->reference_range, ==, "4.00 to 10.00");
  g_assert_cmpstr (r->flags, ==, "N");
  g_assert_cmpstr (r->status, ==, "F");
  g_assert_cmpstr (r->observed_at, ==, "20261126084512");
  g_assert_null (r->comment);

  r = result_at (m, 1);
  g_assert_cmpstr (r->instrument_code, ==, "RBC");
  g_assert_cmpstr (r->flags, ==, "H");
  g_assert_cmpstr (r->comment, ==, "Confirm by smear review\nRBC agglutination?");

  r = result_at (m, 3);
  g_assert_cmpstr (r->accession, ==, "LAB-2611-0042");
  g_assert_cmpstr (r->instrument_code, ==, "PLT");
  g_assert_cmpstr (r->value, ==, "98");
  g_assert_cmpstr (r->flags, ==, "L");
  g_assert_null (result_at (m, 2)->comment);
}

static void
test_two_samples (void)
{
  g_autoptr (LdInstrumentMessage) m =
    parse ("H|\\^&\r"
           "P|1\rO|1|S-1||^^^GLU\rR|1|^^^GLU|5.4|mmol/L\r"
           "P|2\rO|1|S-2||^^^GLU\rR|1|^^^GLU|7.9|mmol/L||H\r"
           "L|1|N\r");

  g_assert_cmpuint (m->results->len, ==, 2);
  g_assert_cmpstr (result_at (m, 0)->accession, ==, "S-1");
  g_assert_cmpstr (result_at (m, 1)->accession, ==, "S-2");
  g_assert_cmpstr (result_at (m, 1)->flags, ==, "H");
  /* Fields not sent are NULL, never "". */
  g_assert_null (result_at (m, 0)->flags);
  g_assert_null (result_at (m, 0)->observed_at);
  g_assert_null (m->sender);
}

static void
test_delimiters_and_escapes (void)
{
  /* Delimiters of the instrument's choosing: field ';', repeat '~',
   * component ':', escape '%'. Escaped delimiters are text, not splits. */
  g_autoptr (LdInstrumentMessage) m =
    parse ("H;~:%;;;Chem%F%1:2\r"
           "O;1;A%S%7:x;;:::ALT~:::AST\r"
           "R;1;:::ALT%R%2;31;U%F%L;5 to 40;;;F\r"
           "C;1;I;a%E%b%Xc3a9%%H%bold%N% %Q%;G\r"
           "R;2;AST;12\r"
           "L;1\r");
  LdInstrumentResult *r = result_at (m, 0);

  g_assert_cmpstr (m->sender, ==, "Chem;1");
  g_assert_cmpstr (r->accession, ==, "A:7");
  g_assert_cmpstr (r->instrument_code, ==, "ALT~2");
  g_assert_cmpstr (r->units, ==, "U;L");
  g_assert_cmpstr (r->status, ==, "F");
  /* %E% the escape, %Xhh% bytes (here UTF-8 é), %H%/%N% dropped, an
   * unknown sequence kept. */
  g_assert_cmpstr (r->comment, ==, "a%b\xc3\xa9" "bold %Q%");
  /* A test code sent bare, not as ^^^code. */
  g_assert_cmpstr (result_at (m, 1)->instrument_code, ==, "AST");
}

static void
test_query (void)
{
  g_autoptr (LdInstrumentMessage) m =
    parse ("H|\\^&|||cobas-c111\r"
           "Q|1|^LAB-2611-0042\\^LAB-2611-0043||^^^ALL||||||||O\r"
           "Q|2|LAB-2611-0050||^^^ALL||||||||O\r"
           "L|1|N\r");

  g_assert_cmpuint (m->results->len, ==, 0);
  g_assert_cmpuint (m->queries->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (m->queries, 0), ==, "LAB-2611-0042");
  g_assert_cmpstr (g_ptr_array_index (m->queries, 1), ==, "LAB-2611-0043");
  g_assert_cmpstr (g_ptr_array_index (m->queries, 2), ==, "LAB-2611-0050");
  g_assert_cmpstr (m->sender, ==, "cobas-c111");
}

static void
test_digest_id (void)
{
  const char *one = "H|\\^&\rP|1\rO|1|S-1\rR|1|^^^GLU|5.4\rL|1\r";
  const char *other = "H|\\^&\rP|1\rO|1|S-1\rR|1|^^^GLU|5.5\rL|1\r";
  g_autoptr (LdInstrumentMessage) a = parse (one);
  g_autoptr (LdInstrumentMessage) b = parse (one);
  g_autoptr (LdInstrumentMessage) c = parse (other);
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, one, -1);

  /* Without H-3, the message is known by a SHA-256 of its records, so the
   * same message sent twice is stored once. */
  g_assert_cmpstr (a->message_id, ==, expected);
  g_assert_cmpstr (a->message_id, ==, b->message_id);
  g_assert_cmpstr (a->message_id, !=, c->message_id);
}

static void
test_refusals (void)
{
  assert_refused ("P|1\rL|1\r", "header");
  assert_refused ("H|\\^&\r", "at least");
  assert_refused ("H|\\\\&\rL|1\r", "delimiters");
  assert_refused ("Habcde\rL|1\r", "delimiters");
  assert_refused ("H|\\^&\rP|1\rR|1|^^^WBC|7\rL|1\r", "before any order");
  assert_refused ("H|\\^&\rO|1|\rL|1\r", "no specimen id");
  assert_refused ("H|\\^&\rO|1|S\rR|1||7\rL|1\r", "names no test");
  assert_refused ("H|\\^&\rX|1\rL|1\r", "unknown type");
  assert_refused ("H|\\^&\rL|1\rP|1\r", "out of place");
  assert_refused ("H|\\^&\rH|\\^&\rL|1\r", "out of place");
  assert_refused ("H|\\^&\rP|1\r", "out of place");
  assert_refused ("H|\\^&\rPP|1\rL|1\r", "out of place");
}

static GPtrArray *
orders (const char *first,
        ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_instrument_order_free);
  va_list    args;

  va_start (args, first);
  for (const char *code = first; code != NULL; code = va_arg (args, const char *))
    {
      LdInstrumentOrder *order = g_new0 (LdInstrumentOrder, 1);

      order->instrument_code = g_strdup (code);
      g_ptr_array_add (array, order);
    }
  va_end (args);
  return array;
}

static void
test_answer (void)
{
  g_autoptr (GPtrArray) answers =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_astm_answer_free);
  g_autoptr (GPtrArray) known = orders ("WBC", "RBC", "A^B|C", NULL);
  g_autoptr (GPtrArray) empty = orders (NULL);
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 5, 7);
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LdInstrumentMessage) again = NULL;

  g_ptr_array_add (answers, ld_astm_answer_new ("LAB-1", known));
  g_ptr_array_add (answers, ld_astm_answer_new ("LAB-UNKNOWN", NULL));
  g_ptr_array_add (answers, ld_astm_answer_new ("LAB-2", empty));
  text = ld_astm_records_build_answer (answers, now);
  g_assert_cmpstr (text, ==,
                   "H|\\^&|||Labdesk|||||||P|LIS2-A2|20261126090507\r"
                   "P|1\r"
                   "O|1|LAB-1||^^^WBC\\^^^RBC\\^^^A&S&B&F&C|R||||||N||||||||||||||O\r"
                   "L|1|F\r");

  /* What it says reads back with the same rules: field n where the
   * standard puts it (O-12 the action, O-26 the report type). */
  records = split_records (text);
  {
    g_auto (GStrv) fields = g_strsplit (g_ptr_array_index (records, 2), "|", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, 26);
    g_assert_cmpstr (fields[11], ==, "N");
    g_assert_cmpstr (fields[25], ==, "O");
  }
  again = ld_astm_records_parse (records, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->sender, ==, "Labdesk");

  /* Nothing known: no information. */
  g_ptr_array_remove_index (answers, 0);
  g_free (text);
  text = ld_astm_records_build_answer (answers, now);
  g_assert_cmpstr (text, ==, "H|\\^&|||Labdesk|||||||P|LIS2-A2|20261126090507\rL|1|I\r");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/astm/records/haematology", test_haematology);
  g_test_add_func ("/astm/records/two-samples", test_two_samples);
  g_test_add_func ("/astm/records/delimiters-and-escapes", test_delimiters_and_escapes);
  g_test_add_func ("/astm/records/query", test_query);
  g_test_add_func ("/astm/records/digest-id", test_digest_id);
  g_test_add_func ("/astm/records/refusals", test_refusals);
  g_test_add_func ("/astm/records/answer", test_answer);

  return g_test_run ();
}
