/* ld-patient-form.c: a patient's details as the desk types them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form registration and editing share. It hands out the patient as
 * typed (an #LdPatient and the details given) for the shared body writer,
 * and checks it as the person types with ld_patient_body_check(): the
 * body written and read back by the server's own reader, so what the desk is
 * told is wrong is what the server would refuse. A field's error shows
 * beside it once something is typed there; a required field still empty
 * is said once, as the reason the dialog cannot go on.
 */

#define G_LOG_DOMAIN "ld-patient-form"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-patient-form.h"
#include "ui/common/ld-error-text.h"

struct _LdPatientForm
{
  AdwBin        parent_instance;

  /* Wire name → its row, for the errors beside the fields. */
  GHashTable   *rows;
  gboolean      valid;
  char         *reason;

  AdwEntryRow  *name_row;
  AdwComboRow  *sex_row;
  AdwEntryRow  *date_of_birth_row;
  AdwEntryRow  *age_row;
  AdwEntryRow  *phone_row;
  AdwEntryRow  *email_row;
  GtkSwitch    *phone_do_not_send_switch;
  GtkSwitch    *email_do_not_send_switch;
  AdwEntryRow  *address_row;
  AdwEntryRow  *national_id_row;
};

G_DEFINE_FINAL_TYPE (LdPatientForm, ld_patient_form, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_VALID,
  PROP_REASON,
  N_PROPS
};

enum
{
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* The sex combo's rows, in the order of the .ui's string list; the first
 * is "not chosen yet", which the server refuses as missing. */
static const char * const sex_values[] = { NULL, "female", "male", "other", "unknown" };

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* NULL for an empty row: the server keeps a cleared field as none. */
static char *
row_text_or_null (AdwEntryRow *row)
{
  char *text = row_text (row);

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/**
 * ld_patient_form_dup_patient:
 * @self: a form
 * @out_fields: (out): the details given: all but a missing name, sex,
 *   or both of date and age (an empty optional field is given as none)
 *
 * Returns: (transfer full): the patient as typed, for
 *   ld_patient_body_write_registration() or, with the details that
 *   changed, ld_patient_body_write_edit()
 */
LdPatient *
ld_patient_form_dup_patient (LdPatientForm   *self,
                             LdPatientFields *out_fields)
{
  LdPatient *patient = ld_patient_new (NULL);
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *date = row_text_or_null (self->date_of_birth_row);
  g_autofree char *age = row_text_or_null (self->age_row);
  g_autofree char *phone = row_text_or_null (self->phone_row);
  g_autofree char *email = row_text_or_null (self->email_row);
  g_autofree char *address = row_text_or_null (self->address_row);
  g_autofree char *national_id = row_text_or_null (self->national_id_row);
  guint sex = adw_combo_row_get_selected (self->sex_row);
  LdSex typed_sex = LD_SEX_UNKNOWN;
  LdPatientFields fields = LD_PATIENT_FIELD_ALL;
  gint64 years = -1;

  g_return_val_if_fail (LD_IS_PATIENT_FORM (self), patient);
  g_return_val_if_fail (out_fields != NULL, patient);

  if (*name == '\0')
    fields &= ~LD_PATIENT_FIELD_NAME;
  if (sex >= G_N_ELEMENTS (sex_values) || sex_values[sex] == NULL ||
      !ld_sex_from_string (sex_values[sex], &typed_sex))
    fields &= ~LD_PATIENT_FIELD_SEX;
  if (date == NULL && age == NULL)
    fields &= ~(LD_PATIENT_FIELD_DATE_OF_BIRTH | LD_PATIENT_FIELD_AGE_YEARS);
  /* Not an age in whole years: one no rule takes, so the rule names the
   * mistake beside the field. */
  if (age != NULL &&
      (!g_ascii_string_to_signed (age, 10, G_MININT64, G_MAXINT64, &years, NULL) || years < 0))
    years = G_MAXINT64;

  ld_patient_set_fields (patient, *name ? name : NULL, typed_sex, date, -1, phone, email,
                         address, national_id);
  ld_patient_set_age_years (patient, years);
  ld_patient_set_do_not_send (patient, gtk_switch_get_active (self->email_do_not_send_switch),
                              gtk_switch_get_active (self->phone_do_not_send_switch));
  *out_fields = fields;
  return patient;
}

static const char *
missing_reason (const char *field)
{
  if (g_str_equal (field, "name"))
    return _("Enter the patient’s name.");
  if (g_str_equal (field, "sex"))
    return _("Choose the patient’s sex.");
  if (g_str_equal (field, "date_of_birth") || g_str_equal (field, "age_years"))
    return _("Enter a date of birth or an age in years.");
  return _("Fill in the missing details.");
}

static gboolean
row_is_empty (GtkWidget *row)
{
  if (ADW_IS_COMBO_ROW (row))
    return adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == 0;
  return *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0';
}

static void
set_reason (LdPatientForm *self,
            gboolean       valid,
            const char    *reason)
{
  if (g_strcmp0 (self->reason, reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REASON]);
    }
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VALID]);
    }
}

/* Each field's error beside it once something is typed there; an empty
 * required field is said as the reason instead. */
static void
validate (LdPatientForm *self)
{
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  LdPatientFields fields = 0;
  GHashTable *errors;
  GHashTableIter iter;
  gpointer name, row;
  const char *missing = NULL;
  gboolean marked = FALSE;

  patient = ld_patient_form_dup_patient (self, &fields);
  if (ld_patient_body_check (patient, fields, &error))
    {
      ld_field_errors_clear (self->rows);
      set_reason (self, TRUE, NULL);
      return;
    }

  errors = ld_api_error_get_fields (error);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &name, &row))
    {
      const char *message = errors ? g_hash_table_lookup (errors, name) : NULL;

      if (message != NULL && row_is_empty (row))
        {
          if (missing == NULL || g_str_equal (name, "name"))
            missing = name;
          message = NULL;
        }
      ld_field_error_set (row, message);
      marked |= message != NULL;
    }

  if (marked)
    set_reason (self, FALSE, _("Some details need correcting; each is said beside its field."));
  else if (missing != NULL)
    set_reason (self, FALSE, missing_reason (missing));
  else
    set_reason (self, FALSE, ld_error_text_title (error));
}

static void
on_field_changed_cb (LdPatientForm *self)
{
  validate (self);
}

static void
on_entry_activated_cb (LdPatientForm *self)
{
  g_signal_emit (self, signals [ACTIVATE], 0);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/**
 * ld_patient_form_set_patient:
 * @self: a form
 * @patient: a patient as the server sent it
 *
 * Fills the form with @patient, for an edit.
 */
void
ld_patient_form_set_patient (LdPatientForm *self,
                             LdPatient     *patient)
{
  gint64 age;
  const char *sex;

  g_return_if_fail (LD_IS_PATIENT_FORM (self));
  g_return_if_fail (LD_IS_PATIENT (patient));

  set_row_text (self->name_row, ld_patient_get_name (patient));
  sex = ld_sex_to_string (ld_patient_get_sex (patient));
  adw_combo_row_set_selected (self->sex_row, 0);
  for (guint i = 1; i < G_N_ELEMENTS (sex_values); i++)
    if (g_str_equal (sex_values[i], sex))
      adw_combo_row_set_selected (self->sex_row, i);
  set_row_text (self->date_of_birth_row, ld_patient_get_date_of_birth (patient));
  age = ld_patient_get_age_years (patient);
  if (age >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, age);

      gtk_editable_set_text (GTK_EDITABLE (self->age_row), text);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->age_row), "");
  set_row_text (self->phone_row, ld_patient_get_phone (patient));
  set_row_text (self->email_row, ld_patient_get_email (patient));
  gtk_switch_set_active (self->phone_do_not_send_switch,
                         ld_patient_get_phone_do_not_send (patient));
  gtk_switch_set_active (self->email_do_not_send_switch,
                         ld_patient_get_email_do_not_send (patient));
  set_row_text (self->address_row, ld_patient_get_address (patient));
  set_row_text (self->national_id_row, ld_patient_get_national_id (patient));
  validate (self);
}

gboolean
ld_patient_form_get_valid (LdPatientForm *self)
{
  g_return_val_if_fail (LD_IS_PATIENT_FORM (self), FALSE);

  return self->valid;
}

/**
 * ld_patient_form_get_reason:
 * @self: a form
 *
 * Returns: (nullable): why the form cannot be sent yet, in words
 */
const char *
ld_patient_form_get_reason (LdPatientForm *self)
{
  g_return_val_if_fail (LD_IS_PATIENT_FORM (self), NULL);

  return self->reason;
}

/**
 * ld_patient_form_show_refusal:
 * @self: a form
 * @error: the server's refusal
 *
 * Puts the server's field errors beside their fields.
 *
 * Returns: how many found their field
 */
guint
ld_patient_form_show_refusal (LdPatientForm *self,
                              const GError  *error)
{
  g_return_val_if_fail (LD_IS_PATIENT_FORM (self), 0);

  return ld_field_errors_show (error, self->rows);
}

static void
ld_patient_form_dispose (GObject *object)
{
  LdPatientForm *self = (LdPatientForm *) object;

  g_clear_pointer (&self->rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PATIENT_FORM);

  G_OBJECT_CLASS (ld_patient_form_parent_class)->dispose (object);
}

static void
ld_patient_form_finalize (GObject *object)
{
  LdPatientForm *self = (LdPatientForm *) object;

  g_free (self->reason);

  G_OBJECT_CLASS (ld_patient_form_parent_class)->finalize (object);
}

static void
ld_patient_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdPatientForm *self = LD_PATIENT_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_PATIENT_FORM (widget)->name_row));
}

static void
ld_patient_form_class_init (LdPatientFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_patient_form_dispose;
  object_class->finalize = ld_patient_form_finalize;
  object_class->get_property = ld_patient_form_get_property;
  widget_class->grab_focus = grab_focus;

  properties [PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdPatientForm::activate:
   *
   * Enter in a field: the dialog's main button.
   */
  signals [ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/common/ld-patient-form.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, sex_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, date_of_birth_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, age_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, phone_do_not_send_switch);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, email_do_not_send_switch);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, address_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientForm, national_id_row);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
}

static void
ld_patient_form_init (LdPatientForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->rows, (gpointer) "name", self->name_row);
  g_hash_table_insert (self->rows, (gpointer) "sex", self->sex_row);
  g_hash_table_insert (self->rows, (gpointer) "date_of_birth", self->date_of_birth_row);
  g_hash_table_insert (self->rows, (gpointer) "age_years", self->age_row);
  g_hash_table_insert (self->rows, (gpointer) "phone", self->phone_row);
  g_hash_table_insert (self->rows, (gpointer) "email", self->email_row);
  g_hash_table_insert (self->rows, (gpointer) "address", self->address_row);
  g_hash_table_insert (self->rows, (gpointer) "national_id", self->national_id_row);
  validate (self);
}

GtkWidget *
ld_patient_form_new (void)
{
  return g_object_new (LD_TYPE_PATIENT_FORM, NULL);
}
