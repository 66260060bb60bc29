/* ld-hl7-ack.c: what the laboratory answers an analyzer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every answer is v2.5.1 with the default separators, addressed back to
 * the message's sender (MSH-5/6 from its MSH-3/4). MSA-1 says AA
 * (stored), AE (read but refused: MSA-3 and ERR say why) or AR (not a
 * message this laboratory takes: type, event or version).
 */

#define G_LOG_DOMAIN "ld-hl7"

#include "config.h"

#include "ld-hl7.h"
#include "ld-time.h"

static gint control_counter;

static void
append_msh (GString            *out,
            const LdHl7Message *message,
            const char         *type)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  g_autofree char *application = message ? ld_hl7_message_dup (message, "MSH", 0, 3, 0) : NULL;
  g_autofree char *facility = message ? ld_hl7_message_dup (message, "MSH", 0, 4, 0) : NULL;
  g_autofree char *app_escaped = ld_hl7_escape (application);
  g_autofree char *facility_escaped = ld_hl7_escape (facility);

  g_string_append_printf (out, "MSH|^~\\&|LABDESK|LAB|%s|%s|%s||%s|LD%s%05d|P|2.5.1\r",
                          app_escaped, facility_escaped, stamp, type, stamp,
                          g_atomic_int_add (&control_counter, 1) % 100000);
}

static void
append_msa (GString            *out,
            const LdHl7Message *message,
            const char         *code,
            const GError       *error)
{
  g_autofree char *control = message ? ld_hl7_message_dup (message, "MSH", 0, 10, 0) : NULL;
  g_autofree char *control_escaped = ld_hl7_escape (control);
  g_autofree char *text = error ? ld_hl7_escape (error->message) : NULL;

  g_string_append_printf (out, "MSA|%s|%s", code, control_escaped);
  if (text != NULL)
    g_string_append_printf (out, "|%s", text);
  g_string_append_c (out, '\r');
}

/* ERR-3 is the HL7 table 0357 code, ERR-4 the severity, ERR-8 the text. */
static void
append_err (GString      *out,
            const GError *error)
{
  g_autofree char *text = ld_hl7_escape (error->message);
  int code = error->domain == LD_HL7_ERROR ? error->code : LD_HL7_ERROR_INTERNAL;
  const char *name;

  switch (code)
    {
    case LD_HL7_ERROR_SEGMENT_SEQUENCE: name = "Segment sequence error"; break;
    case LD_HL7_ERROR_REQUIRED_FIELD: name = "Required field missing"; break;
    case LD_HL7_ERROR_DATA_TYPE: name = "Data type error"; break;
    case LD_HL7_ERROR_UNSUPPORTED_MESSAGE: name = "Unsupported message type"; break;
    case LD_HL7_ERROR_UNSUPPORTED_EVENT: name = "Unsupported event code"; break;
    case LD_HL7_ERROR_UNSUPPORTED_VERSION: name = "Unsupported version id"; break;
    case LD_HL7_ERROR_UNKNOWN_KEY: name = "Unknown key identifier"; break;
    default: name = "Application internal error"; break;
    }
  g_string_append_printf (out, "ERR|||%d^%s^HL70357|E||||%s\r", code, name, text);
}

/**
 * ld_hl7_ack:
 * @message: (nullable): the message answered; %NULL when it could not be read
 * @code: "AA", "AE" or "AR"
 * @error: (nullable): why, for AE and AR
 *
 * Returns: (transfer full): the ACK, segments ended by CR
 */
char *
ld_hl7_ack (const LdHl7Message *message,
            const char         *code,
            const GError       *error)
{
  GString *out = g_string_new (NULL);
  g_autofree char *event = message ? ld_hl7_message_dup (message, "MSH", 0, 9, 2) : NULL;
  g_autofree char *event_escaped = ld_hl7_escape (event);
  g_autofree char *type = g_strdup_printf ("ACK^%s^ACK", event_escaped);

  g_return_val_if_fail (code != NULL, NULL);

  append_msh (out, message, type);
  append_msa (out, message, code, error);
  if (error != NULL)
    append_err (out, error);
  return g_string_free (out, FALSE);
}

/**
 * ld_hl7_rsp_k11:
 * @message: the QBP^Q11 answered
 * @accession: (nullable): the accession it asked about
 * @orders: (nullable) (element-type LdInstrumentOrder): what is ordered
 *   on it that the instrument has a code for
 *
 * Returns: (transfer full): the RSP^K11: QAK-2 is OK, NF (no such
 *   accession or nothing ordered) or AE; one ORC and OBR per ordered test,
 *   OBR-4 naming the instrument's code
 */
char *
ld_hl7_rsp_k11 (const LdHl7Message *message,
                const char         *accession,
                GPtrArray          *orders)
{
  GString *out = g_string_new (NULL);
  g_autofree char *tag = ld_hl7_message_dup (message, "QPD", 0, 2, 0);
  g_autofree char *tag_escaped = ld_hl7_escape (tag);
  g_autofree char *accession_escaped = ld_hl7_escape (accession);
  gboolean found = orders != NULL && orders->len > 0;

  append_msh (out, message, "RSP^K11^RSP_K11");
  append_msa (out, message, "AA", NULL);
  g_string_append_printf (out, "QAK|%s|%s\r", tag_escaped, found ? "OK" : "NF");
  g_string_append_printf (out, "QPD|Labdesk order query^^L|%s|%s\r", tag_escaped,
                          accession_escaped);
  for (guint i = 0; found && i < orders->len; i++)
    {
      const LdInstrumentOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *code = ld_hl7_escape (order->instrument_code);
      g_autofree char *name = ld_hl7_escape (order->name);

      g_string_append_printf (out, "ORC|NW|%s\r", accession_escaped);
      g_string_append_printf (out, "OBR|%u|%s||%s^%s^L\r", i + 1, accession_escaped, code, name);
    }
  return g_string_free (out, FALSE);
}
