/* ld-instrument-item.c: one instrument's port and last message, as GET /api/v1/instruments/status lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot of what the server said when the list was read: the page
 * reads the list again rather than changing an item, so its values are
 * read-only and have getters only.
 */

#define G_LOG_DOMAIN "ld-instrument-item"

#include "config.h"

#include "ld-instrument-item.h"
#include "ld-instrument.h"
#include "ld-record.h"

struct _LdInstrumentItem
{
  GObject parent_instance;

  char    *id;
  char    *name;
  char    *protocol;
  char    *state;
  char    *problem;
  char    *last_message_at;
  char    *last_message;
  gboolean enabled;
  gint64   port;
  gint64   connections;
  LdInstrument *configuration;
};

G_DEFINE_FINAL_TYPE (LdInstrumentItem, ld_instrument_item, G_TYPE_OBJECT)

/* The member when it is a boolean and true. */
static gboolean
get_true (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static void
ld_instrument_item_finalize (GObject *object)
{
  LdInstrumentItem *self = LD_INSTRUMENT_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->protocol, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->last_message_at, g_free);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->configuration, ld_instrument_free);

  G_OBJECT_CLASS (ld_instrument_item_parent_class)->finalize (object);
}

static void
ld_instrument_item_class_init (LdInstrumentItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_instrument_item_finalize;
}

static void
ld_instrument_item_init (LdInstrumentItem *self)
{
}

/**
 * ld_instrument_item_new_from_json:
 * @object: one item as the server writes it
 *
 * A missing member reads as %NULL (or 0, or %FALSE).
 *
 * Returns: (transfer full): the item
 */
LdInstrumentItem *
ld_instrument_item_new_from_json (JsonObject *object)
{
  LdInstrumentItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (LD_TYPE_INSTRUMENT_ITEM, NULL);
  self->id = ld_record_dup_string (object, "id");
  self->name = ld_record_dup_string (object, "name");
  self->protocol = ld_record_dup_string (object, "protocol");
  self->state = ld_record_dup_string (object, "state");
  self->problem = ld_record_dup_string (object, "problem");
  self->last_message_at = ld_record_dup_string (object, "last_message_at");
  self->last_message = ld_record_dup_string (object, "last_message");
  self->enabled = get_true (object, "enabled");
  self->port = ld_record_get_int_or (object, "port", 0);
  self->connections = ld_record_get_int_or (object, "connections", 0);
  return self;
}

/**
 * ld_instrument_item_get_id:
 *
 * Returns: (nullable): the instrument
 */
const char *
ld_instrument_item_get_id (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->id;
}

/**
 * ld_instrument_item_get_name:
 *
 * Returns: (nullable): its name
 */
const char *
ld_instrument_item_get_name (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->name;
}

/**
 * ld_instrument_item_get_protocol:
 *
 * Returns: (nullable): hl7 or astm
 */
const char *
ld_instrument_item_get_protocol (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->protocol;
}

/**
 * ld_instrument_item_get_state:
 *
 * Returns: (nullable): listening, connected, stopped or failed
 */
const char *
ld_instrument_item_get_state (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->state;
}

/**
 * ld_instrument_item_get_problem:
 *
 * Returns: (nullable): why the port failed
 */
const char *
ld_instrument_item_get_problem (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->problem;
}

/**
 * ld_instrument_item_get_last_message_at:
 *
 * Returns: (nullable): when the last message came (RFC 3339)
 */
const char *
ld_instrument_item_get_last_message_at (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->last_message_at;
}

/**
 * ld_instrument_item_get_last_message:
 *
 * Returns: (nullable): the last message in one line
 */
const char *
ld_instrument_item_get_last_message (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->last_message;
}

/**
 * ld_instrument_item_get_enabled:
 *
 * Returns: whether the port is meant to be open
 */
gboolean
ld_instrument_item_get_enabled (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), FALSE);

  return self->enabled;
}

/**
 * ld_instrument_item_get_port:
 *
 * Returns: the port listened on; 0 when none
 */
gint64
ld_instrument_item_get_port (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), 0);

  return self->port;
}

/**
 * ld_instrument_item_get_connections:
 *
 * Returns: how many analyzers are connected
 */
gint64
ld_instrument_item_get_connections (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), 0);

  return self->connections;
}

/**
 * ld_instrument_item_set_configuration:
 * @object: the same instrument as GET /api/v1/instruments lists it
 *
 * Adds what the status leaves out: the address its port binds, its code
 * map and its version, read by the shared model's reader.
 */
void
ld_instrument_item_set_configuration (LdInstrumentItem *self,
                                      JsonObject       *object)
{
  g_autoptr(LdJsonReader) reader = NULL;
  LdInstrument *configuration;

  g_return_if_fail (LD_IS_INSTRUMENT_ITEM (self));
  g_return_if_fail (object != NULL);

  configuration = ld_instrument_new ();
  configuration->id = ld_record_dup_string (object, "id");
  configuration->version = ld_record_get_int_or (object, "version", 0);
  reader = ld_json_reader_new (object);
  ld_instrument_read (configuration, reader);
  g_clear_pointer (&self->configuration, ld_instrument_free);
  self->configuration = configuration;
}

/**
 * ld_instrument_item_get_configuration:
 *
 * Returns: (nullable) (transfer none): the instrument as configured,
 *   once that was read
 */
const LdInstrument *
ld_instrument_item_get_configuration (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->configuration;
}

/**
 * ld_instrument_item_get_address:
 *
 * Returns: (nullable): the address its port binds, once its
 *   configuration was read
 */
const char *
ld_instrument_item_get_address (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), NULL);

  return self->configuration ? self->configuration->address : NULL;
}

/**
 * ld_instrument_item_get_n_codes:
 *
 * Returns: how many codes its map holds
 */
gint64
ld_instrument_item_get_n_codes (LdInstrumentItem *self)
{
  g_return_val_if_fail (LD_IS_INSTRUMENT_ITEM (self), 0);

  return self->configuration ? self->configuration->codes->len : 0;
}
