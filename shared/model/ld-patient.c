/* ld-patient.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-patient"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-email-address.h"
#include "ld-patient.h"
#include "ld-text.h"
#include "ld-time.h"

struct _LdPatient
{
  GObject  parent_instance;

  char    *id;
  char    *mrn;
  char    *name;
  LdSex    sex;
  char    *date_of_birth;
  gint64   age_years;       /* -1 when a date of birth is known */
  char    *phone;
  char    *email;
  char    *address;
  char    *national_id;
  /* The patient asked not to be sent messages at this address or number. */
  gboolean email_do_not_send;
  gboolean phone_do_not_send;
  gint64   version;
  char    *created_at;
  char    *updated_at;
};

G_DEFINE_FINAL_TYPE (LdPatient, ld_patient, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_MRN,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const sex_names[] = { "unknown", "female", "male", "other" };

const char *
ld_sex_to_string (LdSex sex)
{
  g_return_val_if_fail ((guint) sex < G_N_ELEMENTS (sex_names), "unknown");

  return sex_names[sex];
}

gboolean
ld_sex_from_string (const char *text,
                    LdSex      *out_sex)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sex_names); i++)
    if (g_str_equal (sex_names[i], text))
      {
        *out_sex = (LdSex) i;
        return TRUE;
      }

  return FALSE;
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (*field == value)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
ld_patient_finalize (GObject *object)
{
  LdPatient *self = (LdPatient *) object;

  g_free (self->id);
  g_free (self->mrn);
  g_free (self->name);
  g_free (self->date_of_birth);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->address);
  g_free (self->national_id);
  g_free (self->created_at);
  g_free (self->updated_at);

  G_OBJECT_CLASS (ld_patient_parent_class)->finalize (object);
}

static void
ld_patient_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LdPatient *self = LD_PATIENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_MRN:
      g_value_set_string (value, self->mrn);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_patient_class_init (LdPatientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_patient_finalize;
  object_class->get_property = ld_patient_get_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_MRN] =
    g_param_spec_string ("mrn", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_patient_init (LdPatient *self)
{
  self->age_years = -1;
}

/**
 * ld_patient_new:
 * @id: the patient's UUID
 *
 * Returns: (transfer full): an empty patient
 */
LdPatient *
ld_patient_new (const char *id)
{
  LdPatient *self = g_object_new (LD_TYPE_PATIENT, NULL);

  self->id = g_strdup (id);
  return self;
}

static gboolean
phone_is_valid (const char *phone)
{
  g_autofree char *digits = ld_text_digits (phone);
  gsize n = strlen (digits);

  for (const char *p = phone; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !strchr ("+ -()", *p))
      return FALSE;

  return n >= 7 && n <= 15;
}

static gboolean
national_id_is_valid (const char *id)
{
  gsize n = strlen (id);

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != ' ')
      return FALSE;

  return n >= 4 && n <= 32;
}

/* Reads an optional text member into @field; "" and null clear it. */
static gboolean
read_text (LdJsonReader  *reader,
           const char    *name,
           char         **field,
           gsize          max_chars)
{
  g_autofree char *value = NULL;

  if (!ld_json_reader_has (reader, name))
    return FALSE;

  if (!ld_json_reader_get_string (reader, name, LD_JSON_NULLABLE, &value))
    {
      /* Absent after has(): it was null, which clears the field. */
      g_clear_pointer (field, g_free);
      return FALSE;
    }

  g_strstrip (value);
  if ((gsize) g_utf8_strlen (value, -1) > max_chars)
    {
      ld_json_reader_add_error (reader, name, N_("is too long"));
      return FALSE;
    }

  g_free (*field);
  *field = *value ? g_steal_pointer (&value) : NULL;
  return *field != NULL;
}

/**
 * ld_patient_read_json:
 * @self: a new patient, or a copy of the current record to update
 * @reader: the request body
 * @creating: whether this is a registration (name, sex and date of birth
 *   or age are then required)
 *
 * Applies the members present in @reader and checks the whole record:
 * field errors go to @reader, so ld_json_reader_finish() reports them.
 * A date of birth clears the age and an age clears the date of birth.
 */
void
ld_patient_read_json (LdPatient    *self,
                      LdJsonReader *reader,
                      gboolean      creating)
{
  g_autofree char *name = NULL;
  g_autofree char *sex = NULL;
  const char *reason;
  gint64 age = -1;

  g_return_if_fail (LD_IS_PATIENT (self));

  if (ld_json_reader_get_string (reader, "name", creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                                 &name))
    {
      g_strstrip (name);
      if (*name == '\0')
        ld_json_reader_add_error (reader, "name", N_("must not be empty"));
      else if (g_utf8_strlen (name, -1) > 200)
        ld_json_reader_add_error (reader, "name", N_("is too long"));
      else
        replace_string (&self->name, name);
    }

  if (ld_json_reader_get_string (reader, "sex", creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                                 &sex) &&
      !ld_sex_from_string (sex, &self->sex))
    ld_json_reader_add_error (reader, "sex", N_("must be female, male, other or unknown"));

  if (ld_json_reader_has (reader, "date_of_birth"))
    {
      g_autofree char *dob = NULL;
      GDate date, today;

      g_date_clear (&date, 1);
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      if (ld_json_reader_get_string (reader, "date_of_birth", LD_JSON_NULLABLE, &dob))
        {
          if (!ld_time_parse_date (dob, &date))
            ld_json_reader_add_error (reader, "date_of_birth",
                                      N_("must be a date such as 1984-03-21"));
          else if (g_date_compare (&date, &today) > 0)
            ld_json_reader_add_error (reader, "date_of_birth", N_("is in the future"));
          else if (g_date_get_year (&today) - g_date_get_year (&date) > LD_PATIENT_MAX_AGE_YEARS)
            ld_json_reader_add_error (reader, "date_of_birth", N_("is more than 130 years ago"));
          else
            {
              replace_string (&self->date_of_birth, dob);
              self->age_years = -1;
            }
        }
      else
        g_clear_pointer (&self->date_of_birth, g_free);
    }

  if (ld_json_reader_has (reader, "age_years"))
    {
      if (ld_json_reader_get_int (reader, "age_years", LD_JSON_NULLABLE, &age))
        {
          if (age < 0 || age > LD_PATIENT_MAX_AGE_YEARS)
            ld_json_reader_add_error (reader, "age_years", N_("must be from 0 to 130"));
          else if (ld_json_reader_has (reader, "date_of_birth") && self->date_of_birth != NULL)
            ld_json_reader_add_error (reader, "age_years", N_("cannot go with a date of birth"));
          else
            {
              self->age_years = age;
              g_clear_pointer (&self->date_of_birth, g_free);
            }
        }
      else if (self->date_of_birth == NULL)
        self->age_years = -1;
    }

  if (read_text (reader, "phone", &self->phone, 30) && !phone_is_valid (self->phone))
    ld_json_reader_add_error (reader, "phone", N_("must be a phone number of 7 to 15 digits"));
  if (read_text (reader, "email", &self->email, LD_EMAIL_ADDRESS_MAX_CHARS) &&
      !ld_email_address_check (self->email, &reason))
    ld_json_reader_add_error (reader, "email", reason);
  ld_json_reader_get_bool (reader, "email_do_not_send", LD_JSON_OPTIONAL,
                           &self->email_do_not_send);
  ld_json_reader_get_bool (reader, "phone_do_not_send", LD_JSON_OPTIONAL,
                           &self->phone_do_not_send);
  read_text (reader, "address", &self->address, 500);
  if (read_text (reader, "national_id", &self->national_id, 32) &&
      !national_id_is_valid (self->national_id))
    ld_json_reader_add_error (reader, "national_id", N_("may hold only letters, digits and '-'"));

  /* Without a date or an age no reference range can apply, so a record
   * is never left with neither, even when both are sent as null. A record
   * already without them is left so by edits that touch neither. */
  if (self->date_of_birth == NULL && self->age_years < 0 &&
      (creating || ld_json_reader_has (reader, "date_of_birth") ||
       ld_json_reader_has (reader, "age_years")))
    {
      if (ld_json_reader_has (reader, "age_years"))
        ld_json_reader_add_error (reader, "age_years", N_("or date_of_birth is required"));
      else
        ld_json_reader_add_error (reader, "date_of_birth", N_("or age_years is required"));
    }
}

/**
 * ld_patient_new_from_json:
 * @record: a patient as the server sends it
 *
 * Reads a record the server sent (and so took): its id, MRN, version and
 * times, and its details by ld_patient_read_json().
 *
 * Returns: (transfer full): the patient
 */
LdPatient *
ld_patient_new_from_json (JsonObject *record)
{
  g_autoptr(LdJsonReader) reader = NULL;
  LdPatient *self;
  gint64 version = 0;

  g_return_val_if_fail (record != NULL, NULL);

  self = ld_patient_new (ld_json_object_get_string (record, "id"));
  reader = ld_json_reader_new (record);
  ld_patient_read_json (self, reader, TRUE);
  replace_string (&self->mrn, ld_json_object_get_string (record, "mrn"));
  if (ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &version))
    self->version = version;
  replace_string (&self->created_at, ld_json_object_get_string (record, "created_at"));
  replace_string (&self->updated_at, ld_json_object_get_string (record, "updated_at"));
  return self;
}

/**
 * ld_patient_write_json:
 * @self: a patient
 * @out: where to write it, as a value (in an array or at the top)
 *
 * The patient's one wire form, whichever way it is written.
 */
void
ld_patient_write_json (LdPatient *self,
                       LdJsonOut *out)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "id", self->id);
  ld_json_out_string (out, "mrn", self->mrn);
  ld_json_out_string (out, "name", self->name);
  ld_json_out_string (out, "sex", ld_sex_to_string (self->sex));
  ld_json_out_string (out, "date_of_birth", self->date_of_birth);
  if (self->age_years >= 0)
    ld_json_out_int (out, "age_years", self->age_years);
  else
    ld_json_out_null (out, "age_years");
  ld_json_out_string (out, "phone", self->phone);
  ld_json_out_string (out, "email", self->email);
  ld_json_out_bool (out, "phone_do_not_send", self->phone_do_not_send);
  ld_json_out_bool (out, "email_do_not_send", self->email_do_not_send);
  ld_json_out_string (out, "address", self->address);
  ld_json_out_string (out, "national_id", self->national_id);
  ld_json_out_int (out, "version", self->version);
  ld_json_out_string (out, "created_at", self->created_at);
  ld_json_out_string (out, "updated_at", self->updated_at);
  ld_json_out_end_object (out);
}

void
ld_patient_to_json (LdPatient   *self,
                    JsonBuilder *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_patient_write_json (self, &out);
}

const char *
ld_patient_get_id (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->id;
}
const char *
ld_patient_get_mrn (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->mrn;
}
const char *
ld_patient_get_name (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->name;
}
LdSex
ld_patient_get_sex (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), LD_SEX_UNKNOWN);
  return self->sex;
}
const char *
ld_patient_get_date_of_birth (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->date_of_birth;
}
gint64
ld_patient_get_age_years (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), -1);
  return self->age_years;
}
const char *
ld_patient_get_phone (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->phone;
}
const char *
ld_patient_get_email (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->email;
}
gboolean
ld_patient_get_email_do_not_send (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), FALSE);
  return self->email_do_not_send;
}
gboolean
ld_patient_get_phone_do_not_send (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), FALSE);
  return self->phone_do_not_send;
}
const char *
ld_patient_get_address (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->address;
}
const char *
ld_patient_get_national_id (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->national_id;
}
gint64
ld_patient_get_version (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), 0);
  return self->version;
}
const char *
ld_patient_get_created_at (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->created_at;
}
const char *
ld_patient_get_updated_at (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), NULL);
  return self->updated_at;
}

void
ld_patient_set_mrn (LdPatient  *self,
                    const char *mrn)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  replace_string (&self->mrn, mrn);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MRN]);
}

void
ld_patient_set_version (LdPatient *self,
                        gint64     version)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERSION]);
}

void
ld_patient_set_times (LdPatient  *self,
                      const char *created_at,
                      const char *updated_at)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  replace_string (&self->created_at, created_at);
  replace_string (&self->updated_at, updated_at);
}

/**
 * ld_patient_set_fields:
 * @self: a patient
 * @name: the name
 * @sex: the sex
 * @date_of_birth: (nullable): "YYYY-MM-DD"
 * @age_years: the age when no date of birth is known, or -1
 * @phone: (nullable): the phone
 * @email: (nullable): the email
 * @address: (nullable): the address
 * @national_id: (nullable): the national health ID
 *
 * Sets every editable field at once, as a store reads a row.
 */
void
ld_patient_set_fields (LdPatient  *self,
                       const char *name,
                       LdSex       sex,
                       const char *date_of_birth,
                       gint64      age_years,
                       const char *phone,
                       const char *email,
                       const char *address,
                       const char *national_id)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  replace_string (&self->name, name);
  self->sex = sex;
  replace_string (&self->date_of_birth, date_of_birth);
  self->age_years = date_of_birth ? -1 : age_years;
  replace_string (&self->phone, phone);
  replace_string (&self->email, email);
  replace_string (&self->address, address);
  replace_string (&self->national_id, national_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

/**
 * ld_patient_set_age_years:
 * @self: a patient
 * @age_years: an age in years, or -1 for none
 *
 * Sets the age as typed, leaving any date of birth beside it: a form
 * holds both while the person types, and the rules then refuse the pair.
 */
void
ld_patient_set_age_years (LdPatient *self,
                          gint64     age_years)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  self->age_years = age_years;
}

/**
 * ld_patient_set_do_not_send:
 * @self: a patient
 * @email: whether the patient asked not to be e-mailed
 * @phone: whether the patient asked not to be sent text messages
 *
 * Sets the patient's consent, as a store reads a row.
 */
void
ld_patient_set_do_not_send (LdPatient *self,
                            gboolean   email,
                            gboolean   phone)
{
  g_return_if_fail (LD_IS_PATIENT (self));

  self->email_do_not_send = !!email;
  self->phone_do_not_send = !!phone;
}

/**
 * ld_patient_has_version:
 * @self: a patient
 *
 * Returns: whether the patient names a version: one the server sent
 *   does (versions start at 1); one made here and not sent yet does not
 */
gboolean
ld_patient_has_version (LdPatient *self)
{
  g_return_val_if_fail (LD_IS_PATIENT (self), FALSE);

  return self->version > 0;
}

/**
 * ld_patient_equal:
 * @a: a patient
 * @b: another
 *
 * Returns: whether the two say the same in every member, so a screen
 *   redraws only what changed
 */
gboolean
ld_patient_equal (LdPatient *a,
                  LdPatient *b)
{
  g_return_val_if_fail (LD_IS_PATIENT (a), FALSE);
  g_return_val_if_fail (LD_IS_PATIENT (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->mrn, b->mrn) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 && a->sex == b->sex &&
         g_strcmp0 (a->date_of_birth, b->date_of_birth) == 0 &&
         a->age_years == b->age_years && g_strcmp0 (a->phone, b->phone) == 0 &&
         g_strcmp0 (a->email, b->email) == 0 && g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->national_id, b->national_id) == 0 &&
         a->email_do_not_send == b->email_do_not_send &&
         a->phone_do_not_send == b->phone_do_not_send && a->version == b->version &&
         g_strcmp0 (a->created_at, b->created_at) == 0 &&
         g_strcmp0 (a->updated_at, b->updated_at) == 0;
}

/**
 * ld_patient_read_candidates:
 * @current: what the server sent with a refused registration
 *
 * Reads its "candidates": the patients already registered that the new
 * one may be. A member that is missing or not an array reads as none
 * (%NULL); an element that is not an object is passed over.
 *
 * Returns: (transfer full) (nullable) (element-type LdPatient): the
 *   candidates; %NULL when @current names none
 */
GPtrArray *
ld_patient_read_candidates (JsonObject *current)
{
  JsonNode *member;
  JsonArray *array;
  GPtrArray *patients;

  g_return_val_if_fail (current != NULL, NULL);

  member = json_object_get_member (current, "candidates");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;
  array = json_node_get_array (member);
  patients = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (patients, ld_patient_new_from_json (json_node_get_object (node)));
    }
  return patients;
}
