/* ld-break-glass-item.c: one break-the-glass grant, as GET /api/v1/break-glass lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A doctor opened a patient's results outside their care, with a
 * reason; the administrator reviews the grants. Read-only.
 */

#define G_LOG_DOMAIN "ld-break-glass-item"

#include "config.h"

#include "ld-break-glass-item.h"
#include "ld-json.h"
#include "ld-record.h"

struct _LdBreakGlassItem
{
  GObject parent_instance;

  char   *id;
  char   *doctor_id;
  char   *doctor_name;
  char   *patient_id;
  char   *patient_mrn;
  char   *patient_name;
  char   *reason;
  char   *at;
  char   *until;
};

G_DEFINE_FINAL_TYPE (LdBreakGlassItem, ld_break_glass_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_DOCTOR_ID,
  PROP_DOCTOR_NAME,
  PROP_PATIENT_ID,
  PROP_PATIENT_MRN,
  PROP_PATIENT_NAME,
  PROP_REASON,
  PROP_AT,
  PROP_UNTIL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_break_glass_item_finalize (GObject *object)
{
  LdBreakGlassItem *self = LD_BREAK_GLASS_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->doctor_id, g_free);
  g_clear_pointer (&self->doctor_name, g_free);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->patient_mrn, g_free);
  g_clear_pointer (&self->patient_name, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->at, g_free);
  g_clear_pointer (&self->until, g_free);

  G_OBJECT_CLASS (ld_break_glass_item_parent_class)->finalize (object);
}

static void
ld_break_glass_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdBreakGlassItem *self = LD_BREAK_GLASS_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DOCTOR_ID:
      g_value_set_string (value, self->doctor_id);
      break;

    case PROP_DOCTOR_NAME:
      g_value_set_string (value, self->doctor_name);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    case PROP_PATIENT_MRN:
      g_value_set_string (value, self->patient_mrn);
      break;

    case PROP_PATIENT_NAME:
      g_value_set_string (value, self->patient_name);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_AT:
      g_value_set_string (value, self->at);
      break;

    case PROP_UNTIL:
      g_value_set_string (value, self->until);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_break_glass_item_class_init (LdBreakGlassItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_break_glass_item_finalize;
  object_class->get_property = ld_break_glass_item_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_DOCTOR_ID] =
    g_param_spec_string ("doctor-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_DOCTOR_NAME] =
    g_param_spec_string ("doctor-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_PATIENT_MRN] =
    g_param_spec_string ("patient-mrn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_PATIENT_NAME] =
    g_param_spec_string ("patient-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_AT] =
    g_param_spec_string ("at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_UNTIL] =
    g_param_spec_string ("until", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_break_glass_item_init (LdBreakGlassItem *self)
{
}

/**
 * ld_break_glass_item_new_from_json:
 * @object: one break-the-glass grant, as the server writes it
 *
 * Missing members read as %NULL (or -1 for a number), as an older server
 * may leave them out.
 *
 * Returns: (transfer full): the item
 */
LdBreakGlassItem *
ld_break_glass_item_new_from_json (JsonObject *object)
{
  LdBreakGlassItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (LD_TYPE_BREAK_GLASS_ITEM, NULL);
  self->id = ld_record_dup_string (object, "id");
  self->doctor_id = ld_record_dup_string (ld_record_get_object (object, "doctor"), "id");
  self->doctor_name = ld_record_dup_string (ld_record_get_object (object, "doctor"), "name");
  self->patient_id = ld_record_dup_string (ld_record_get_object (object, "patient"), "id");
  self->patient_mrn = ld_record_dup_string (ld_record_get_object (object, "patient"), "mrn");
  self->patient_name = ld_record_dup_string (ld_record_get_object (object, "patient"), "name");
  self->reason = ld_record_dup_string (object, "reason");
  self->at = ld_record_dup_string (object, "at");
  self->until = ld_record_dup_string (object, "until");
  return self;
}

/**
 * ld_break_glass_item_get_id:
 *
 * Returns: (nullable): the grant
 */
const char *
ld_break_glass_item_get_id (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->id;
}

/**
 * ld_break_glass_item_get_doctor_id:
 *
 * Returns: (nullable): the doctor
 */
const char *
ld_break_glass_item_get_doctor_id (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->doctor_id;
}

/**
 * ld_break_glass_item_get_doctor_name:
 *
 * Returns: (nullable): their name
 */
const char *
ld_break_glass_item_get_doctor_name (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->doctor_name;
}

/**
 * ld_break_glass_item_get_patient_id:
 *
 * Returns: (nullable): the patient
 */
const char *
ld_break_glass_item_get_patient_id (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->patient_id;
}

/**
 * ld_break_glass_item_get_patient_mrn:
 *
 * Returns: (nullable): their MRN
 */
const char *
ld_break_glass_item_get_patient_mrn (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->patient_mrn;
}

/**
 * ld_break_glass_item_get_patient_name:
 *
 * Returns: (nullable): their name
 */
const char *
ld_break_glass_item_get_patient_name (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->patient_name;
}

/**
 * ld_break_glass_item_get_reason:
 *
 * Returns: (nullable): the reason given
 */
const char *
ld_break_glass_item_get_reason (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->reason;
}

/**
 * ld_break_glass_item_get_at:
 *
 * Returns: (nullable): when it was opened (RFC 3339)
 */
const char *
ld_break_glass_item_get_at (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->at;
}

/**
 * ld_break_glass_item_get_until:
 *
 * Returns: (nullable): when it closes (RFC 3339)
 */
const char *
ld_break_glass_item_get_until (LdBreakGlassItem *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_ITEM (self), NULL);

  return self->until;
}
