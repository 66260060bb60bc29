/* ld-instrument.c: an analyzer as the administrator configures it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body of POST and PUT /api/v1/instruments is read here, once: what
 * the server refuses, a client building the body can check the same way.
 * Whether a mapped test is in the catalogue is the server's to say.
 */

#define G_LOG_DOMAIN "ld-instrument"

#include "config.h"

#include "ld-instrument.h"

static const char * const protocols[] = { "hl7", "astm", NULL };

LdInstrument *
ld_instrument_new (void)
{
  LdInstrument *instrument = g_new0 (LdInstrument, 1);

  instrument->enabled = TRUE;
  instrument->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_instrument_code_free);
  return instrument;
}

void
ld_instrument_free (LdInstrument *instrument)
{
  if (instrument == NULL)
    return;

  g_free (instrument->id);
  g_free (instrument->name);
  g_free (instrument->protocol);
  g_free (instrument->address);
  g_clear_pointer (&instrument->codes, g_ptr_array_unref);
  g_free (instrument);
}

/**
 * ld_instrument_code_new:
 * @instrument_code: the analyzer's code
 * @test_code: the catalogue's
 *
 * Returns: (transfer full): a map line with no unit and no factor
 */
LdInstrumentCode *
ld_instrument_code_new (const char *instrument_code,
                        const char *test_code)
{
  LdInstrumentCode *code = g_new0 (LdInstrumentCode, 1);

  code->instrument_code = g_strdup (instrument_code);
  code->test_code = g_strdup (test_code);
  return code;
}

void
ld_instrument_code_free (LdInstrumentCode *code)
{
  if (code == NULL)
    return;

  g_free (code->instrument_code);
  g_free (code->test_code);
  g_free (code->unit);
  g_free (code);
}

/**
 * ld_instrument_find_code:
 * @instrument: an instrument
 * @instrument_code: (nullable): a code it sent
 *
 * Returns: (transfer none) (nullable): the map line for @instrument_code
 */
const LdInstrumentCode *
ld_instrument_find_code (const LdInstrument *instrument,
                         const char         *instrument_code)
{
  g_return_val_if_fail (instrument != NULL, NULL);

  for (guint i = 0; instrument_code != NULL && i < instrument->codes->len; i++)
    {
      const LdInstrumentCode *code = g_ptr_array_index (instrument->codes, i);

      if (g_strcmp0 (code->instrument_code, instrument_code) == 0)
        return code;
    }
  return NULL;
}

/**
 * ld_instrument_protocol_is_known:
 * @protocol: (nullable): a protocol's name
 *
 * Returns: whether it is "hl7" or "astm"
 */
gboolean
ld_instrument_protocol_is_known (const char *protocol)
{
  return protocol != NULL && g_strv_contains (protocols, protocol);
}

static char *
codes_field (guint       index,
             const char *member)
{
  return member ? g_strdup_printf ("codes[%u].%s", index, member)
                : g_strdup_printf ("codes[%u]", index);
}

static void
read_code (LdJsonReader     *item,
           LdInstrumentCode *code)
{
  ld_json_reader_get_text (item, "instrument_code", LD_JSON_REQUIRED, LD_INSTRUMENT_MAX_CODE,
                           &code->instrument_code);
  ld_json_reader_get_text (item, "test_code", LD_JSON_REQUIRED, LD_INSTRUMENT_MAX_CODE,
                           &code->test_code);
  ld_json_reader_get_text (item, "unit", LD_JSON_NULLABLE, LD_INSTRUMENT_MAX_CODE, &code->unit);
  if (ld_json_reader_get_number (item, "factor", LD_JSON_NULLABLE, &code->factor))
    {
      code->has_factor = TRUE;
      if (!(code->factor > 0) || code->factor > 1e9)
        ld_json_reader_add_error (item, "factor", "must be a number above 0");
    }
}

static void
read_codes (LdInstrument *instrument,
            LdJsonReader *reader)
{
  g_autofree char *message =
    g_strdup_printf ("must be a list of at most %u objects", LD_INSTRUMENT_MAX_CODES);
  JsonNode *node = ld_json_reader_get_node (reader, "codes", LD_JSON_REQUIRED);
  JsonArray *array;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) > LD_INSTRUMENT_MAX_CODES)
    {
      ld_json_reader_add_error (reader, "codes", message);
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = codes_field (i, NULL);
      LdInstrumentCode *code = g_new0 (LdInstrumentCode, 1);
      LdJsonReader *item;

      g_ptr_array_add (instrument->codes, code);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ld_json_reader_add_error (reader, field, "must be an object");
          continue;
        }
      item = ld_json_reader_new (json_node_get_object (element));
      read_code (item, code);
      ld_json_reader_end_object (reader, field, item);

      for (guint j = 0; code->instrument_code != NULL && j < i; j++)
        if (g_strcmp0 (code->instrument_code,
                       ((LdInstrumentCode *) g_ptr_array_index (instrument->codes, j))
                         ->instrument_code) == 0)
          {
            g_autofree char *code_field = codes_field (i, "instrument_code");

            ld_json_reader_add_error (reader, code_field, "is already mapped above");
            break;
          }
    }
}

/**
 * ld_instrument_read:
 * @instrument: the instrument to fill
 * @reader: the body of POST or PUT /api/v1/instruments
 *
 * Reads name, protocol, address, port, enabled and codes into
 * @instrument, noting every problem in @reader by its field. The caller
 * reads "version" itself when it takes one.
 */
void
ld_instrument_read (LdInstrument *instrument,
                    LdJsonReader *reader)
{
  g_return_if_fail (instrument != NULL && reader != NULL);

  ld_json_reader_get_text (reader, "name", LD_JSON_REQUIRED, LD_INSTRUMENT_MAX_NAME,
                           &instrument->name);
  if (ld_json_reader_get_string (reader, "protocol", LD_JSON_REQUIRED, &instrument->protocol) &&
      !ld_instrument_protocol_is_known (instrument->protocol))
    ld_json_reader_add_error (reader, "protocol", "must be \"hl7\" or \"astm\"");
  if (ld_json_reader_get_string (reader, "address", LD_JSON_REQUIRED, &instrument->address))
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (instrument->address);

      if (address == NULL)
        ld_json_reader_add_error (reader, "address", "must be an IPv4 or IPv6 address");
    }
  if (ld_json_reader_get_int (reader, "port", LD_JSON_REQUIRED, &instrument->port) &&
      (instrument->port < 0 || instrument->port > 65535))
    ld_json_reader_add_error (reader, "port", "must be from 0 to 65535");
  ld_json_reader_get_bool (reader, "enabled", LD_JSON_OPTIONAL, &instrument->enabled);
  read_codes (instrument, reader);
}

/* What the API view and a request's body share: the settings, then the
 * code map. The version goes between them in the view. */
static void
add_settings (const LdInstrument *instrument,
              JsonBuilder        *builder)
{
  ld_json_builder_add_string (builder, "name", instrument->name);
  ld_json_builder_add_string (builder, "protocol", instrument->protocol);
  ld_json_builder_add_string (builder, "address", instrument->address);
  ld_json_builder_add_int (builder, "port", instrument->port);
  ld_json_builder_add_bool (builder, "enabled", instrument->enabled);
}

static void
add_codes (const LdInstrument *instrument,
           JsonBuilder        *builder)
{
  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < instrument->codes->len; i++)
    {
      const LdInstrumentCode *code = g_ptr_array_index (instrument->codes, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "instrument_code", code->instrument_code);
      ld_json_builder_add_string (builder, "test_code", code->test_code);
      ld_json_builder_add_string (builder, "unit", code->unit);
      json_builder_set_member_name (builder, "factor");
      if (code->has_factor)
        json_builder_add_double_value (builder, code->factor);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * ld_instrument_to_json:
 * @instrument: an instrument
 * @builder: a builder where a value goes
 *
 * Writes the instrument as the API shows it.
 */
void
ld_instrument_to_json (const LdInstrument *instrument,
                       JsonBuilder        *builder)
{
  g_return_if_fail (instrument != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", instrument->id);
  add_settings (instrument, builder);
  ld_json_builder_add_int (builder, "version", instrument->version);
  add_codes (instrument, builder);
  json_builder_end_object (builder);
}

/**
 * ld_instrument_body_to_json:
 * @instrument: an instrument as it is to be; without an id it is new
 * @builder: a builder where a value goes
 *
 * Writes the body of POST /api/v1/instruments, or of PUT
 * /api/v1/instruments/{id} with the version @instrument was read at:
 * what ld_instrument_read() reads.
 */
void
ld_instrument_body_to_json (const LdInstrument *instrument,
                            JsonBuilder        *builder)
{
  g_return_if_fail (instrument != NULL && builder != NULL);

  json_builder_begin_object (builder);
  if (instrument->id != NULL)
    ld_json_builder_add_int (builder, "version", instrument->version);
  add_settings (instrument, builder);
  add_codes (instrument, builder);
  json_builder_end_object (builder);
}
