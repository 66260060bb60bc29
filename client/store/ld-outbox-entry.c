/* ld-outbox-entry.c: one action in the outbox, as the screens show it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry is made by the outbox from its row in the cache and changed
 * only by the outbox, on the main context, as the item is sent, refused,
 * fixed and sent again; each change is notified, so a row bound to it
 * follows without the list being rebuilt.
 */

#define G_LOG_DOMAIN "ld-outbox-entry"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-outbox-entry-private.h"

struct _LdOutboxEntry
{
  GObject             parent_instance;

  gint64              seq;
  LdOutboxAction      action;
  char               *entity;
  char               *target_id;
  char               *depends_on;
  char               *label;
  GDateTime          *created;
  guint               attempts;
  LdOutboxEntryState  state;
  char               *error_code;
  char               *error_message;
  JsonNode           *error_fields;
  JsonNode           *current;
  JsonNode           *params;
  gboolean            blocked;
};

G_DEFINE_ENUM_TYPE (LdOutboxEntryState, ld_outbox_entry_state,
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ENTRY_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ENTRY_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (LD_OUTBOX_ENTRY_REFUSED, "refused"))

G_DEFINE_FINAL_TYPE (LdOutboxEntry, ld_outbox_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SEQ,
  PROP_ACTION,
  PROP_ENTITY,
  PROP_TARGET_ID,
  PROP_LABEL,
  PROP_CREATED,
  PROP_ATTEMPTS,
  PROP_STATE,
  PROP_ERROR_CODE,
  PROP_ERROR_MESSAGE,
  PROP_ERROR_FIELDS,
  PROP_CURRENT,
  PROP_PARAMS,
  PROP_BLOCKED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_outbox_entry_finalize (GObject *object)
{
  LdOutboxEntry *self = (LdOutboxEntry *) object;

  g_free (self->entity);
  g_free (self->target_id);
  g_free (self->depends_on);
  g_free (self->label);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->error_code);
  g_free (self->error_message);
  g_clear_pointer (&self->error_fields, json_node_unref);
  g_clear_pointer (&self->current, json_node_unref);
  g_clear_pointer (&self->params, json_node_unref);

  G_OBJECT_CLASS (ld_outbox_entry_parent_class)->finalize (object);
}

static void
ld_outbox_entry_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdOutboxEntry *self = LD_OUTBOX_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_ACTION:
      g_value_set_enum (value, self->action);
      break;
    case PROP_ENTITY:
      g_value_set_string (value, self->entity);
      break;
    case PROP_TARGET_ID:
      g_value_set_string (value, self->target_id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_CODE:
      g_value_set_string (value, self->error_code);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_ERROR_FIELDS:
      g_value_set_boxed (value, self->error_fields);
      break;
    case PROP_CURRENT:
      g_value_set_boxed (value, self->current);
      break;
    case PROP_PARAMS:
      g_value_set_boxed (value, self->params);
      break;
    case PROP_BLOCKED:
      g_value_set_boolean (value, self->blocked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READABLE (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
ld_outbox_entry_class_init (LdOutboxEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_outbox_entry_finalize;
  object_class->get_property = ld_outbox_entry_get_property;

  properties [PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0, READABLE);
  properties [PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL, LD_TYPE_OUTBOX_ACTION,
                       LD_OUTBOX_ACTION_PATIENT_REGISTER, READABLE);
  properties [PROP_ENTITY] =
    g_param_spec_string ("entity", NULL, NULL, NULL, READABLE);
  properties [PROP_TARGET_ID] =
    g_param_spec_string ("target-id", NULL, NULL, NULL, READABLE);
  /**
   * LdOutboxEntry:label:
   *
   * A human name of the record the item acts on, as known when it was
   * queued: the patient's name, the order's number (or its patient's
   * name while it has none). May be %NULL.
   */
  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, READABLE);
  properties [PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, READABLE);
  /**
   * LdOutboxEntry:attempts:
   *
   * How many times the server was asked and refused it, or could not
   * take it, in this session and the refusals of earlier ones.
   */
  properties [PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, READABLE);
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LD_TYPE_OUTBOX_ENTRY_STATE,
                       LD_OUTBOX_ENTRY_WAITING, READABLE);
  /**
   * LdOutboxEntry:error-code:
   *
   * For a refused item, the wire code ("validation_failed", "conflict",
   * …); the screens choose their words by it.
   */
  properties [PROP_ERROR_CODE] =
    g_param_spec_string ("error-code", NULL, NULL, NULL, READABLE);
  properties [PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, READABLE);
  /**
   * LdOutboxEntry:error-fields:
   *
   * A JSON object, field → the server's message, or %NULL.
   */
  properties [PROP_ERROR_FIELDS] =
    g_param_spec_boxed ("error-fields", NULL, NULL, JSON_TYPE_NODE, READABLE);
  /**
   * LdOutboxEntry:current:
   *
   * For a conflict, the record as the server has it now, or %NULL.
   */
  properties [PROP_CURRENT] =
    g_param_spec_boxed ("current", NULL, NULL, JSON_TYPE_NODE, READABLE);
  /**
   * LdOutboxEntry:params:
   *
   * The action's parameters as they will be sent (a JSON object in the
   * form ld_outbox_submit_async() takes), which a person may correct and
   * give to ld_outbox_resend_async().
   */
  properties [PROP_PARAMS] =
    g_param_spec_boxed ("params", NULL, NULL, JSON_TYPE_NODE, READABLE);
  /**
   * LdOutboxEntry:blocked:
   *
   * Waiting behind a refused item: it needs the record that item was
   * to make or change first.
   */
  properties [PROP_BLOCKED] =
    g_param_spec_boolean ("blocked", NULL, NULL, FALSE, READABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_outbox_entry_init (LdOutboxEntry *self)
{
}

static JsonNode *
parse_or_null (const char *text)
{
  return text != NULL ? ld_json_parse (text, -1, NULL) : NULL;
}

static void
notify (LdOutboxEntry *self,
        guint          prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

static void
set_string (LdOutboxEntry *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop);
}

/* Takes @value. */
static void
set_node (LdOutboxEntry  *self,
          JsonNode      **field,
          JsonNode       *value,
          guint           prop)
{
  if (*field == value || (*field != NULL && value != NULL && json_node_equal (*field, value)))
    {
      g_clear_pointer (&value, json_node_unref);
      return;
    }
  g_clear_pointer (field, json_node_unref);
  *field = value;
  notify (self, prop);
}

/* The refusal's fields, without notifying: for a new entry. */
static void
fill_refusal (LdOutboxEntry      *self,
              const LdOutboxItem *item)
{
  self->error_code = g_strdup (item->error_code);
  self->error_message = g_strdup (item->error_message);
  self->error_fields = parse_or_null (item->error_fields);
  self->current = parse_or_null (item->error_current);
}

/**
 * ld_outbox_entry_new:
 * @item: its row in the cache
 * @action: its action (from @item's kind)
 * @params: (transfer full): the action's parameters
 *
 * Returns: (transfer full): an entry
 */
LdOutboxEntry *
ld_outbox_entry_new (const LdOutboxItem *item,
                     LdOutboxAction      action,
                     JsonNode           *params)
{
  LdOutboxEntry *self = g_object_new (LD_TYPE_OUTBOX_ENTRY, NULL);

  self->seq = item->seq;
  self->action = action;
  self->entity = g_strdup (item->entity);
  self->target_id = g_strdup (item->target_id);
  self->depends_on = g_strdup (item->depends_on);
  self->label = g_strdup (item->label);
  if (item->created_at != NULL)
    self->created = g_date_time_new_from_iso8601 (item->created_at, NULL);
  if (self->created == NULL)
    self->created = g_date_time_new_now_utc ();
  self->attempts = item->attempts;
  self->params = params;
  if (g_strcmp0 (item->state, "rejected") == 0)
    {
      self->state = LD_OUTBOX_ENTRY_REFUSED;
      fill_refusal (self, item);
    }
  return self;
}

const char *
ld_outbox_entry_get_depends_on (LdOutboxEntry *self)
{
  return self->depends_on;
}

void
ld_outbox_entry_set_state (LdOutboxEntry      *self,
                           LdOutboxEntryState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  notify (self, PROP_STATE);
}

void
ld_outbox_entry_set_attempts (LdOutboxEntry *self,
                              guint          attempts)
{
  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  notify (self, PROP_ATTEMPTS);
}

void
ld_outbox_entry_set_blocked (LdOutboxEntry *self,
                             gboolean       blocked)
{
  blocked = !!blocked;
  if (self->blocked == blocked)
    return;
  self->blocked = blocked;
  notify (self, PROP_BLOCKED);
}

/* The server refused it: @item holds its reasons. */
void
ld_outbox_entry_set_refusal (LdOutboxEntry      *self,
                             const LdOutboxItem *item)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->error_code, item->error_code, PROP_ERROR_CODE);
  set_string (self, &self->error_message, item->error_message, PROP_ERROR_MESSAGE);
  set_node (self, &self->error_fields, parse_or_null (item->error_fields), PROP_ERROR_FIELDS);
  set_node (self, &self->current, parse_or_null (item->error_current), PROP_CURRENT);
  ld_outbox_entry_set_attempts (self, self->attempts + 1);
  ld_outbox_entry_set_state (self, LD_OUTBOX_ENTRY_REFUSED);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Fixed and queued again with @params (taken), in its place. */
void
ld_outbox_entry_set_resent (LdOutboxEntry      *self,
                            const LdOutboxItem *item,
                            JsonNode           *params)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->depends_on);
  self->depends_on = g_strdup (item->depends_on);
  set_string (self, &self->error_code, NULL, PROP_ERROR_CODE);
  set_string (self, &self->error_message, NULL, PROP_ERROR_MESSAGE);
  set_node (self, &self->error_fields, NULL, PROP_ERROR_FIELDS);
  set_node (self, &self->current, NULL, PROP_CURRENT);
  set_node (self, &self->params, params, PROP_PARAMS);
  ld_outbox_entry_set_state (self, LD_OUTBOX_ENTRY_WAITING);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
ld_outbox_entry_get_seq (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), 0);
  return self->seq;
}

LdOutboxAction
ld_outbox_entry_get_action (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), 0);
  return self->action;
}

const char *
ld_outbox_entry_get_entity (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->entity;
}

const char *
ld_outbox_entry_get_target_id (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->target_id;
}

const char *
ld_outbox_entry_get_label (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->label;
}

/**
 * ld_outbox_entry_get_created:
 * @self: an entry
 *
 * Returns: (transfer none): when the item was queued
 */
GDateTime *
ld_outbox_entry_get_created (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->created;
}

guint
ld_outbox_entry_get_attempts (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), 0);
  return self->attempts;
}

LdOutboxEntryState
ld_outbox_entry_get_state (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), LD_OUTBOX_ENTRY_WAITING);
  return self->state;
}

const char *
ld_outbox_entry_get_error_code (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->error_code;
}

const char *
ld_outbox_entry_get_error_message (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->error_message;
}

/**
 * ld_outbox_entry_get_error_fields:
 * @self: an entry
 *
 * Returns: (transfer none) (nullable): field → message
 */
JsonNode *
ld_outbox_entry_get_error_fields (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->error_fields;
}

/**
 * ld_outbox_entry_dup_error:
 * @self: a refused entry
 *
 * The server's refusal as the %LD_API_ERROR a direct call would have
 * given, its field errors in ld_api_error_get_fields(), for a form to put
 * beside its fields (ld_field_errors_show()).
 *
 * Returns: (transfer full) (nullable): the refusal, or %NULL when @self
 *   was not refused
 */
GError *
ld_outbox_entry_dup_error (LdOutboxEntry *self)
{
  LdApiError code = LD_API_ERROR_BAD_REQUEST;
  GError *error;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);

  if (self->error_code == NULL)
    return NULL;
  ld_api_error_from_code (self->error_code, &code);
  error = g_error_new_literal (LD_API_ERROR, code, self->error_message ? self->error_message : "");
  if (self->error_fields != NULL && JSON_NODE_HOLDS_OBJECT (self->error_fields))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (self->error_fields));
      while (json_object_iter_next (&iter, &name, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          ld_api_error_set_field (error, name, json_node_get_string (value));
    }
  return error;
}

/**
 * ld_outbox_entry_get_current:
 * @self: an entry
 *
 * Returns: (transfer none) (nullable): for a conflict, the server's record
 */
JsonNode *
ld_outbox_entry_get_current (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->current;
}

/**
 * ld_outbox_entry_get_params:
 * @self: an entry
 *
 * Returns: (transfer none): the action's parameters, a JSON object; copy
 *   it before changing it
 */
JsonNode *
ld_outbox_entry_get_params (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), NULL);
  return self->params;
}

gboolean
ld_outbox_entry_get_blocked (LdOutboxEntry *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (self), FALSE);
  return self->blocked;
}
