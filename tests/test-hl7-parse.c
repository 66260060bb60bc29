/* test-hl7-parse.c: HL7 v2 messages read and answered, without a network
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. The separators are each message's own (MSH-1, MSH-2); an
 * escaped separator never splits; an ORU^R01's results carry their
 * group's accession; MLLP frames are found in noise and a frame over the
 * limit is refused.
 */

#include "config.h"

#include "ld-hl7.h"

static void
test_own_separators (void)
{
  /* Field '#', component '$', repetition '*', escape '@', subcomponent '%'. */
  const char *text = "MSH#$*@%#ANALYZER#LAB#LABDESK#LAB#20261126##ORU$R01#M1#P#2.5.1\r"
                     "OBR#1##ACC@F@1\r"
                     "OBX#1#ST#NOTE$Note##a@S@b@T@c@R@d@E@e@.br@f@X41@#####F\r"
                     "OBX#2#NM#K$Potassium##5.8#mmol/L#3.5-5.1#H*A###F\r";
  g_autoptr(GError) error = NULL;
  g_autoptr(LdHl7Message) message = ld_hl7_message_parse (text, &error);
  g_autoptr(LdInstrumentMessage) results = NULL;
  g_autofree char *type = NULL;
  LdInstrumentResult *note;
  LdInstrumentResult *potassium;

  g_assert_no_error (error);
  type = ld_hl7_message_dup (message, "MSH", 0, 9, 0);
  g_assert_cmpstr (type, ==, "ORU$R01");
  results = ld_hl7_read_results (message, text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (results->message_id, ==, "M1");
  g_assert_cmpstr (results->sender, ==, "ANALYZER");
  g_assert_cmpstr (results->raw, ==, text);
  g_assert_cmpint (results->results->len, ==, 2);
  note = g_ptr_array_index (results->results, 0);
  potassium = g_ptr_array_index (results->results, 1);
  g_assert_cmpstr (note->accession, ==, "ACC#1");
  g_assert_cmpstr (note->instrument_code, ==, "NOTE");
  g_assert_cmpstr (note->value, ==, "a$b%c*d@e\nfA");
  g_assert_cmpstr (potassium->value, ==, "5.8");
  g_assert_cmpstr (potassium->units, ==, "mmol/L");
  g_assert_cmpstr (potassium->reference_range, ==, "3.5-5.1");
  g_assert_cmpstr (potassium->flags, ==, "H,A");
  g_assert_cmpstr (potassium->status, ==, "F");
}

static void
test_specimen_accession (void)
{
  const char *text = "MSH|^~\\&|A|B|C|D|20261126||ORU^R01|M2|P|2.5.1\r"
                     "OBR|1|PLACER|FILLER|GLU|||20261126101000\r"
                     "OBX|1|SN|GLU||<^0.5|mmol/L||L\r"
                     "NTE|1||first\r"
                     "NTE|2||second\r"
                     "SPM|1|SPEC123^X||SER\r"
                     "OBX|1|CWE|SPECIMEN-CONDITION||OK\r"
                     "OBR|2|PLACER2\r"
                     "OBX|1|NM|K||4.0\r";
  g_autoptr(GError) error = NULL;
  g_autoptr(LdHl7Message) message = ld_hl7_message_parse (text, &error);
  g_autoptr(LdInstrumentMessage) results = ld_hl7_read_results (message, text, &error);
  LdInstrumentResult *glucose;
  LdInstrumentResult *potassium;

  g_assert_no_error (error);
  /* The specimen's own OBX (after SPM) is not a result. */
  g_assert_cmpint (results->results->len, ==, 2);
  glucose = g_ptr_array_index (results->results, 0);
  potassium = g_ptr_array_index (results->results, 1);
  g_assert_cmpstr (glucose->accession, ==, "SPEC123");
  g_assert_cmpstr (glucose->value, ==, "<0.5");
  g_assert_cmpstr (glucose->comment, ==, "first\nsecond");
  g_assert_cmpstr (glucose->observed_at, ==, "20261126101000");
  g_assert_cmpstr (potassium->accession, ==, "PLACER2");
}

static void
test_refusals (void)
{
  static const struct
  {
    const char *text;
    int         code;
  } cases[] = {
    { "PID|1||P1\r", LD_HL7_ERROR_SEGMENT_SEQUENCE },
    { "MSH|AB\r", LD_HL7_ERROR_SEGMENT_SEQUENCE },
    { "MSH|^~\\&|A|B|C|D|1||ADT^A01|M3|P|2.5.1\r", LD_HL7_ERROR_UNSUPPORTED_MESSAGE },
    { "MSH|^~\\&|A|B|C|D|1||ORU^R30|M4|P|2.5.1\r", LD_HL7_ERROR_UNSUPPORTED_EVENT },
    { "MSH|^~\\&|A|B|C|D|1||ORU^R01||P|2.5.1\r", LD_HL7_ERROR_REQUIRED_FIELD },
    { "MSH|^~\\&|A|B|C|D|1||ORU^R01|M5|P|2.5.1\rOBX|1|NM|K||4\r", LD_HL7_ERROR_SEGMENT_SEQUENCE },
    { "MSH|^~\\&|A|B|C|D|1||ORU^R01|M6|P|2.5.1\rOBR|1||S1\rOBX|1|NM|||4\r",
      LD_HL7_ERROR_REQUIRED_FIELD },
    { "MSH|^~\\&|A|B|C|D|1||ORU^R01|M7|P|2.5.1\rob|x\r", LD_HL7_ERROR_SEGMENT_SEQUENCE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdHl7Message) message = ld_hl7_message_parse (cases[i].text, &error);
      g_autoptr(LdInstrumentMessage) results = NULL;
      g_autofree char *ack = NULL;

      if (message != NULL)
        results = ld_hl7_read_results (message, cases[i].text, &error);
      g_assert_null (results);
      g_assert_error (error, LD_HL7_ERROR, cases[i].code);
      ack = ld_hl7_ack (message, "AE", error);
      g_assert_true (g_str_has_prefix (ack, "MSH|^~\\&|LABDESK|"));
      g_assert_nonnull (strstr (ack, "\rMSA|AE|"));
      g_assert_nonnull (strstr (ack, "\rERR|||"));
    }
}

static void
test_escape_round_trip (void)
{
  g_autoptr(LdHl7Message) message =
               ld_hl7_message_parse ("MSH|^~\\&|A|B|C|D|1||ORU^R01|M8|P|2.5.1\r", NULL);
  const char      *text = "a|b^c~d\\e&f\ng";
  g_autofree char *escaped = ld_hl7_escape (text);
  g_autofree char *back = ld_hl7_unescape (message, escaped, -1);

  g_assert_null (strpbrk (escaped, "|^~&\n"));
  g_assert_cmpstr (back, ==, text);
}

/* @bytes holds no NUL: its length is counted, never written by hand. */
static char *
read_frame (const char *bytes,
            gsize       max,
            GError    **error)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (bytes, strlen (bytes), NULL);
  g_autoptr(LdMllpReader) reader = ld_mllp_reader_new (input);

  return ld_mllp_read (reader, max, NULL, error);
}

static void
test_mllp (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *framed = read_frame ("noise\x0bMSH|one\x1c\x0dmore", 100, &error);
  g_autofree char *restarted = NULL;
  g_autofree char *none = NULL;
  g_autofree char *big = NULL;
  g_autofree char *cut = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (framed, ==, "MSH|one");

  /* A new start block before the end: the first frame was broken off. */
  restarted = read_frame ("\x0bMSH|lost\x0bMSH|two\x1c\x0d", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restarted, ==, "MSH|two");

  none = read_frame ("only noise", 100, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  big = read_frame ("\x0b" "0123456789", 5, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_null (big);
  g_clear_error (&error);

  cut = read_frame ("\x0bMSH|cut", 100, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_null (cut);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/hl7/own-separators", test_own_separators);
  g_test_add_func ("/server/hl7/specimen-accession", test_specimen_accession);
  g_test_add_func ("/server/hl7/refusals", test_refusals);
  g_test_add_func ("/server/hl7/escape-round-trip", test_escape_round_trip);
  g_test_add_func ("/server/hl7/mllp", test_mllp);

  return g_test_run ();
}
