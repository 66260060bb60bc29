/* ld-cache-record.c: one row of a cache list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list hands out a row at once, even before its page is read: the row
 * is then a placeholder ("loaded" FALSE) that is filled in place when the
 * page arrives, so a view bound to it updates without being rebuilt.
 */

#define G_LOG_DOMAIN "ld-cache-record"

#include "config.h"

#include "ld-cache-record.h"
#include "ld-command-records.h"
#include "ld-json.h"
#include "ld-patient.h"

struct _LdCacheRecord
{
  GObject     parent_instance;

  const char *entity;
  char       *id;
  char       *text;
  char       *pending;
  GArray     *seqs;
  gint64      pending_seq;
  char       *error_code;
  char       *error_message;
  JsonObject *object;
  gboolean    loaded;

  /* The record read typed, once, on first ask; dropped with @object. */
  LdOrder    *order;
  LdPatient  *patient;
  LdAlert    *alert;
};

G_DEFINE_FINAL_TYPE (LdCacheRecord, ld_cache_record, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_PENDING,
  PROP_PENDING_SEQ,
  PROP_ERROR_CODE,
  PROP_ERROR_MESSAGE,
  PROP_ORDER,
  PROP_PATIENT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
clear_typed (LdCacheRecord *self)
{
  g_clear_pointer (&self->order, ld_order_free);
  g_clear_object (&self->patient);
  g_clear_pointer (&self->alert, ld_alert_free);
}

static void
ld_cache_record_finalize (GObject *object)
{
  LdCacheRecord *self = (LdCacheRecord *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->pending, g_free);
  g_clear_pointer (&self->seqs, g_array_unref);
  g_clear_pointer (&self->error_code, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->object, json_object_unref);
  clear_typed (self);

  G_OBJECT_CLASS (ld_cache_record_parent_class)->finalize (object);
}

static void
ld_cache_record_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdCacheRecord *self = LD_CACHE_RECORD (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_PENDING:
      g_value_set_string (value, self->pending);
      break;

    case PROP_PENDING_SEQ:
      g_value_set_int64 (value, self->pending_seq);
      break;

    case PROP_ERROR_CODE:
      g_value_set_string (value, self->error_code);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_ORDER:
      g_value_set_boxed (value, ld_cache_record_get_order (self));
      break;

    case PROP_PATIENT:
      g_value_set_object (value, ld_cache_record_get_patient (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_cache_record_class_init (LdCacheRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_cache_record_finalize;
  object_class->get_property = ld_cache_record_get_property;

  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdCacheRecord:pending:
   *
   * %NULL when the row is as the server has it; "queued" while work done
   * here waits in the outbox; "rejected" when the server refused it.
   */
  properties [PROP_PENDING] =
    g_param_spec_string ("pending", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdCacheRecord:pending-seq:
   *
   * The outbox entry to show beside the row (ld_outbox_get_entry()): the
   * first refused one, else the first waiting; 0 when none.
   */
  properties [PROP_PENDING_SEQ] =
    g_param_spec_int64 ("pending-seq", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdCacheRecord:error-code:
   *
   * Why the server refused work on this record: the first refused
   * entry's wire code ("validation_failed", "conflict", …), or %NULL.
   */
  properties [PROP_ERROR_CODE] =
    g_param_spec_string ("error-code", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdCacheRecord:error-message:
   *
   * The server's message for the first refused entry, or %NULL.
   */
  properties [PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdCacheRecord:order:
   *
   * The row of a list of orders, read by the shared reader
   * (ld_cache_record_get_order()); %NULL until loaded. Notified when the
   * row is filled with another record or unloaded, so a row bound to it
   * follows the record.
   */
  properties [PROP_ORDER] =
    g_param_spec_boxed ("order", NULL, NULL, LD_TYPE_ORDER,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdCacheRecord:patient:
   *
   * As #LdCacheRecord:order, for a row of a list of patients.
   */
  properties [PROP_PATIENT] =
    g_param_spec_object ("patient", NULL, NULL, LD_TYPE_PATIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_cache_record_init (LdCacheRecord *self)
{
}

/* The typed reads follow the record's text: dropped, and notified. */
static void
drop_typed (LdCacheRecord *self)
{
  g_clear_pointer (&self->object, json_object_unref);
  clear_typed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ORDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATIENT]);
}

/* As g_set_str(), which is newer than GLib 2.74. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * ld_cache_record_new:
 * @entity: "patient", "order", …
 *
 * Returns: (transfer full): a placeholder, not loaded yet
 */
LdCacheRecord *
ld_cache_record_new (const char *entity)
{
  LdCacheRecord *self = g_object_new (LD_TYPE_CACHE_RECORD, NULL);

  self->entity = g_intern_string (entity);
  return self;
}

const char *
ld_cache_record_get_entity (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  return self->entity;
}

/**
 * ld_cache_record_get_id:
 * @self: a row
 *
 * Returns: (nullable): the record's id; %NULL until loaded
 */
const char *
ld_cache_record_get_id (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  return self->id;
}

gboolean
ld_cache_record_get_loaded (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), FALSE);

  return self->loaded;
}

const char *
ld_cache_record_get_pending (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  return self->pending;
}

gint64
ld_cache_record_get_pending_seq (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), 0);

  return self->pending_seq;
}

/**
 * ld_cache_record_get_pending_seqs:
 * @self: a row
 * @n_seqs: (out): how many
 *
 * Returns: (array length=n_seqs) (transfer none) (nullable): the seqs of
 *   the outbox entries acting on the record, oldest first
 */
const gint64 *
ld_cache_record_get_pending_seqs (LdCacheRecord *self,
                                  guint         *n_seqs)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);
  g_return_val_if_fail (n_seqs != NULL, NULL);

  *n_seqs = self->seqs ? self->seqs->len : 0;
  return self->seqs && self->seqs->len > 0 ? (const gint64 *) (gpointer) self->seqs->data : NULL;
}

const char *
ld_cache_record_get_error_code (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  return self->error_code;
}

const char *
ld_cache_record_get_error_message (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  return self->error_message;
}

void
ld_cache_pending_free (LdCachePending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->state);
  g_clear_pointer (&pending->seqs, g_array_unref);
  g_free (pending->error_code);
  g_free (pending->error_message);
  g_free (pending);
}

/**
 * ld_cache_record_get_object:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): the record as the server sent it
 *   (or as made here); %NULL until loaded
 */
JsonObject *
ld_cache_record_get_object (LdCacheRecord *self)
{
  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  if (self->object == NULL && self->text != NULL)
    self->object = ld_json_parse_object (self->text, -1, NULL);
  return self->object;
}

/**
 * ld_cache_record_dup_result:
 * @self: a row of a list of results
 *
 * The row as a typed record, read by the shared reader
 * (ld_command_read_result()), for the screens that show it.
 *
 * Returns: (transfer full) (nullable): the result; %NULL until loaded
 */
LdResult *
ld_cache_record_dup_result (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  return object != NULL ? ld_command_read_result (object) : NULL;
}

/**
 * ld_cache_record_dup_order:
 * @self: a row of a list of orders
 *
 * The row as a typed record, read by the shared reader
 * (ld_command_read_order()), for the screens that show it.
 *
 * Returns: (transfer full) (nullable): the order; %NULL until loaded
 */
LdOrder *
ld_cache_record_dup_order (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  return object != NULL ? ld_command_read_order (object) : NULL;
}

/**
 * ld_cache_record_dup_sample:
 * @self: a row of a list of samples
 *
 * As ld_cache_record_dup_order(), for a sample.
 *
 * Returns: (transfer full) (nullable): the sample; %NULL until loaded
 */
LdSample *
ld_cache_record_dup_sample (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  return object != NULL ? ld_command_read_sample (object) : NULL;
}

/**
 * ld_cache_record_dup_catalog_test:
 * @self: a row of a list of catalogue tests
 *
 * As ld_cache_record_dup_order(), for a catalogue test
 * (ld_catalog_test_new_from_json()).
 *
 * Returns: (transfer full) (nullable): the test; %NULL until loaded, or
 *   when the row holds no test
 */
LdCatalogTest *
ld_cache_record_dup_catalog_test (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  return object != NULL ? ld_catalog_test_new_from_json (object) : NULL;
}

/**
 * ld_cache_record_get_order:
 * @self: a row of a list of orders
 *
 * The row read once by the shared reader (ld_command_read_order()) and
 * kept with it, for the screens that show it row after row.
 *
 * Returns: (transfer none) (nullable): the order, valid until the row is
 *   filled with another record or unloaded; %NULL until loaded
 */
const LdOrder *
ld_cache_record_get_order (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  if (self->order == NULL && object != NULL)
    self->order = ld_command_read_order (object);
  return self->order;
}

/**
 * ld_cache_record_get_patient:
 * @self: a row of a list of patients
 *
 * As ld_cache_record_get_order(), for a patient
 * (ld_patient_new_from_json()).
 *
 * Returns: (transfer none) (nullable): the patient; %NULL until loaded
 */
LdPatient *
ld_cache_record_get_patient (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  if (self->patient == NULL && object != NULL)
    self->patient = ld_patient_new_from_json (object);
  return self->patient;
}

/**
 * ld_cache_record_get_alert:
 * @self: a row of a list of critical alerts
 *
 * As ld_cache_record_get_order(), for an alert (ld_command_read_alert()).
 *
 * Returns: (transfer none) (nullable): the alert; %NULL until loaded
 */
const LdAlert *
ld_cache_record_get_alert (LdCacheRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (LD_IS_CACHE_RECORD (self), NULL);

  object = ld_cache_record_get_object (self);
  if (self->alert == NULL && object != NULL)
    self->alert = ld_command_read_alert (object);
  return self->alert;
}

/**
 * ld_cache_record_fill:
 * @self: a row
 * @id: the record's id
 * @record: the record's JSON text
 * @object: (nullable): @record parsed, when the reader's thread did it
 *   (kept, so the main thread does not parse it again)
 * @pending: (nullable): what the outbox holds for it
 *
 * Loads a placeholder, or refreshes a row; notifies what changed. A
 * loaded row given another record (a search list switched to another
 * query in place) notifies #LdCacheRecord:loaded again, so a view bound
 * to it shows the new record without being rebuilt.
 */
void
ld_cache_record_fill (LdCacheRecord        *self,
                      const char           *id,
                      const char           *record,
                      JsonObject           *object,
                      const LdCachePending *pending)
{
  gboolean was_loaded;
  gboolean changed;
  gint64 seq = pending ? pending->seq : 0;

  g_return_if_fail (LD_IS_CACHE_RECORD (self));

  g_object_freeze_notify (G_OBJECT (self));
  changed = set_str (&self->id, id);
  if (set_str (&self->text, record))
    {
      drop_typed (self);
      changed = TRUE;
    }
  if (self->object == NULL && object != NULL && record != NULL)
    self->object = json_object_ref (object);
  if (set_str (&self->pending, pending ? pending->state : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);
  g_clear_pointer (&self->seqs, g_array_unref);
  if (pending != NULL && pending->seqs != NULL)
    self->seqs = g_array_ref (pending->seqs);
  if (self->pending_seq != seq)
    {
      self->pending_seq = seq;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_SEQ]);
    }
  if (set_str (&self->error_code, pending ? pending->error_code : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR_CODE]);
  if (set_str (&self->error_message, pending ? pending->error_message : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR_MESSAGE]);

  was_loaded = self->loaded;
  self->loaded = TRUE;
  if (!was_loaded || changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ld_cache_record_unload:
 * @self: a row
 *
 * Makes the row a placeholder again, until ld_cache_record_fill(): its
 * place in a list switched to another query is still to be read.
 */
void
ld_cache_record_unload (LdCacheRecord *self)
{
  g_return_if_fail (LD_IS_CACHE_RECORD (self));

  if (!self->loaded)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->text, g_free);
  drop_typed (self);
  g_clear_pointer (&self->seqs, g_array_unref);
  self->pending_seq = 0;
  if (set_str (&self->pending, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);
  g_clear_pointer (&self->error_code, g_free);
  g_clear_pointer (&self->error_message, g_free);
  self->loaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
  g_object_thaw_notify (G_OBJECT (self));
}
