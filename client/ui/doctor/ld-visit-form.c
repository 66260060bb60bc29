/* ld-visit-form.c: the visit of the patient the doctor has chosen
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The complaint, the vitals (each with its unit, checked against the
 * shared plausible ranges of ld-vitals.c before anything is sent),
 * findings, diagnosis, advice and follow-up of the appointment the Today
 * page has chosen. A draft is saved as it stands; once signed the record
 * is read-only until the doctor amends it, giving a reason: the server
 * keeps what it said, and the form lists each amendment. Tests prescribed
 * from a saved visit belong to it, and the visit lists them with their
 * results as the feed brings them from the cache. The follow-up date
 * offers the doctor's next free slots from that day, and a choice books
 * it (ld-visit-form-follow-up.c); the code field offers the lab's ICD-10
 * codes (ld-icd10-popover.c); the patient's earlier visits are listed
 * above, each shown read-only when chosen (ld-visit-form-previous.c).
 * What is offered comes from the command table's check, in
 * ld_visit_form_update_actions ().
 */

#define G_LOG_DOMAIN "ld-visit-form"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "common/ld-appointment-text.h"
#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-doctor-lists.h"
#include "ld-doctor-result-rows.h"
#include "ld-icd10-popover.h"
#include "ld-time.h"
#include "ld-visit-form-private.h"
#include "ld-visit-text.h"
#include "store/ld-cache-list.h"
#include "store/ld-clinic-calls.h"
#include "store/ld-visit-calls.h"


G_DEFINE_FINAL_TYPE (LdVisitForm, ld_visit_form, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

void
ld_visit_form_toast (LdVisitForm *self,
       const char  *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static gboolean
visit_is_signed (LdVisitForm *self)
{
  return self->visit != NULL && self->visit->signed_us != 0;
}

static void
set_read_only (LdVisitForm *self,
               gboolean     read_only)
{
  GtkWidget *entries[] = { GTK_WIDGET (self->complaint_entry), GTK_WIDGET (self->findings_entry),
                           GTK_WIDGET (self->diagnosis_entry), GTK_WIDGET (self->icd10_entry),
                           GTK_WIDGET (self->advice_entry),    GTK_WIDGET (self->follow_up_entry) };

  for (guint i = 0; i < LD_VITAL_N; i++)
    if (gtk_editable_get_editable (GTK_EDITABLE (self->vitals[i])) == read_only)
      gtk_editable_set_editable (GTK_EDITABLE (self->vitals[i]), !read_only);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (gtk_editable_get_editable (GTK_EDITABLE (entries[i])) == read_only)
      gtk_editable_set_editable (GTK_EDITABLE (entries[i]), !read_only);
}

/* What the appointment offers, from the shared rules, in one place. */
void
ld_visit_form_update_actions (LdVisitForm *self)
{
  LdCommandTarget target = { 0 };
  GtkWidget      *widget = GTK_WIDGET (self);
  gboolean        ready =
    !self->busy && self->appointment != NULL && ld_session_get_online (self->session);
  gboolean may_write, writable;
  GDate date;

  target.appointment = self->appointment;
  may_write =
    ready && self->visit != NULL && ld_session_can (self->session, LD_COMMAND_VISIT_SAVE, &target);
  writable = may_write && (!visit_is_signed (self) || self->amending);
  gtk_widget_action_set_enabled (widget, "visit.save", writable);
  gtk_widget_action_set_enabled (widget, "visit.sign",
                                 writable && !self->amending && self->visit->id != NULL &&
                                   ld_session_can (self->session, LD_COMMAND_VISIT_SIGN, &target));
  gtk_widget_action_set_enabled (widget, "visit.amend",
                                 may_write && visit_is_signed (self) && !self->amending);
  /* The server knows a visit once it is saved: then tests are its own. */
  gtk_widget_action_set_enabled (widget, "visit.prescribe",
                                 !self->busy && self->visit != NULL && self->visit->id != NULL);
  /* A follow-up is booked with the appointment's doctor: the command
   * table says whether this user may (a doctor with themselves). */
  gtk_widget_action_set_enabled (widget, "visit.book-follow-up",
                                 ready && ld_visit_form_follow_up_date (self, &date) &&
                                   ld_session_can (self->session, LD_COMMAND_APPOINTMENT_BOOK,
                                                   &target));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_entry), self->amending);
  /* A visit is written once the patient is called in, and a signed one
   * is read-only until amended. Nothing is made insensitive while the day
   * is read again: GTK 4.8 leaves a focused field's cursor blinking with
   * no focus. */
  set_read_only (self, self->visit == NULL || (visit_is_signed (self) && !self->amending));
}

/* Fills @field from the server unless the doctor has typed in it. */
static void
fill (LdVisitForm *self,
      GtkWidget   *field,
      const char  *text)
{
  if (g_hash_table_contains (self->edited, field))
    return;
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (field), text != NULL ? text : "");
  self->filling = FALSE;
}

static void
on_field_changed_cb (GtkEditable *field,
                     LdVisitForm *self)
{
  if (!self->filling)
    g_hash_table_add (self->edited, field);
}

static void
update_bmi (LdVisitForm *self)
{
  LdVitals vitals;
  double bmi;

  ld_vitals_init (&vitals);
  for (guint i = LD_VITAL_WEIGHT; i <= LD_VITAL_HEIGHT; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->vitals[i]));
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);

      if (*text != '\0' && end != NULL && *end == '\0')
        vitals.values[i] = value;
    }
  bmi = ld_vitals_get_bmi (&vitals);
  if (isnan (bmi))
    gtk_label_set_text (self->bmi_label, _("BMI: weight and height needed"));
  else
    {
      /* Translators: the body mass index computed from weight and height. */
      g_autofree char *text = g_strdup_printf (_("BMI: %.1f kg/m²"), bmi);

      gtk_label_set_text (self->bmi_label, text);
    }
}

static void
update_results_shown (LdVisitForm *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->tests_view),
                          self->tests != NULL &&
                            g_list_model_get_n_items (G_LIST_MODEL (self->tests)) > 0);
}

/* The visit's orders and their results, followed in the cache as the
 * lab works on them; nothing while the visit is not saved. */
static void
show_tests (LdVisitForm *self)
{
  LdVisit *visit = self->visit;
  LdCache *cache = ld_session_get_cache (self->session);
  g_autoptr(LdCacheView) orders = NULL;
  g_autoptr(LdCacheView) results = NULL;
  GtkSelectionModel *model;

  if (visit == NULL || visit->id == NULL)
    {
      if (self->tests_of != NULL)
        {
          g_autoptr(GListStore) none = g_list_store_new (LD_TYPE_CACHE_RECORD);

          g_signal_handlers_disconnect_by_data (self->tests, self);
          g_clear_object (&self->tests);
          g_clear_object (&self->orders);
          g_clear_pointer (&self->tests_of, g_free);
          gtk_list_view_set_model (self->tests_view, NULL);
          ld_doctor_list_set_model (self->orders_list, G_LIST_MODEL (none));
        }
      update_results_shown (self);
      return;
    }
  if (g_strcmp0 (self->tests_of, visit->id) == 0)
    return;
  g_free (self->tests_of);
  self->tests_of = g_strdup (visit->id);
  orders = ld_cache_view_new_visit_orders (visit->patient_id, visit->id);
  results = ld_cache_view_new_visit_results (visit->patient_id, visit->id);
  if (self->tests != NULL)
    {
      ld_cache_list_set_view (self->orders, orders);
      ld_cache_list_set_view (self->tests, results);
      return;
    }
  self->orders = ld_cache_list_new (cache, orders);
  ld_doctor_list_set_model (self->orders_list, G_LIST_MODEL (self->orders));
  self->tests = ld_cache_list_new (cache, results);
  g_signal_connect_object (self->tests, "items-changed", G_CALLBACK (update_results_shown), self,
                           G_CONNECT_SWAPPED);
  model = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tests))));
  gtk_list_view_set_model (self->tests_view, model);
  g_object_unref (model);
  update_results_shown (self);
}

static void
show_amendments (LdVisitForm *self)
{
  g_autofree char *text = ld_visit_text_describe_amendments (self->visit);

  gtk_widget_set_visible (self->amendments_box, text != NULL);
  gtk_label_set_text (self->amendments_label, text != NULL ? text : "");
}

/* Shows the appointment and its visit; the fields the doctor has typed
 * in are kept as typed. */
static void
show_visit (LdVisitForm *self)
{
  LdAppointment *appointment = self->appointment;
  LdVisit *visit = self->visit;

  if (appointment == NULL)
    {
      gtk_label_set_text (self->visit_title, _("Choose a patient from today’s list."));
      gtk_label_set_text (self->visit_state, "");
    }
  else
    {
      gtk_label_set_text (self->visit_title, appointment->patient_name);
      if (visit_is_signed (self) && self->amending)
        gtk_label_set_text (self->visit_state,
                            _("Amending the signed visit: say why below, then save."));
      else if (visit_is_signed (self))
        gtk_label_set_text (self->visit_state,
                            _("Signed: it can only be amended, with a reason."));
      else if (visit != NULL && visit->id != NULL)
        gtk_label_set_text (self->visit_state, _("Draft, not signed yet."));
      else if (visit != NULL)
        gtk_label_set_text (self->visit_state, _("With you now: write the visit."));
      else
        gtk_label_set_text (self->visit_state, ld_appointment_text_state (appointment->state));
    }
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      g_autofree char *text =
        ld_visit_text_format_vital (visit != NULL ? visit->vitals.values[i] : NAN, i);

      fill (self, self->vitals[i], text);
    }
  fill (self, GTK_WIDGET (self->complaint_entry), visit != NULL ? visit->complaint : NULL);
  fill (self, GTK_WIDGET (self->findings_entry), visit != NULL ? visit->findings : NULL);
  fill (self, GTK_WIDGET (self->diagnosis_entry), visit != NULL ? visit->diagnosis : NULL);
  fill (self, GTK_WIDGET (self->icd10_entry), visit != NULL ? visit->icd10 : NULL);
  fill (self, GTK_WIDGET (self->advice_entry), visit != NULL ? visit->advice : NULL);
  fill (self, GTK_WIDGET (self->follow_up_entry), visit != NULL ? visit->follow_up : NULL);
  update_bmi (self);
  show_amendments (self);
  show_tests (self);
  ld_visit_form_update_actions (self);
}

static void
on_visit_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LdVisitForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdVisit) visit = ld_clinic_visit_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->visit_cancellable);
  if (visit == NULL)
    {
      ld_visit_form_toast (self, ld_error_text_title (error));
      return;
    }
  g_clear_pointer (&self->visit, ld_visit_free);
  self->visit = g_steal_pointer (&visit);
  show_visit (self);
}

static gboolean
has_visit (const LdAppointment *appointment)
{
  return appointment->state == LD_APPOINTMENT_STATE_WITH_DOCTOR ||
         appointment->state == LD_APPOINTMENT_STATE_DONE;
}

/* The visit of the appointment, read when it is chosen: one is written
 * only once the patient is called in. The open visit is kept while the
 * day is read again, and what the doctor typed stays. */
static void
read_visit (LdVisitForm *self)
{
  LdAppointment *appointment = self->appointment;

  show_visit (self);
  if (appointment == NULL || !has_visit (appointment) || self->visit != NULL ||
      self->visit_cancellable != NULL)
    return;
  self->visit_cancellable = g_cancellable_new ();
  ld_clinic_visit_get_async (ld_session_get_api_client (self->session), appointment->id,
                             self->visit_cancellable, on_visit_read_cb, g_object_ref (self));
}

static char *
dup_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* Puts each of ld_vitals_check()'s refusals under its field: a value out
 * of range says the shared range and unit in the person's language.
 * Returns how many were shown. */
static guint
show_vital_errors (LdVisitForm    *self,
                   const LdVitals *vitals,
                   const GError   *error)
{
  GHashTable *problems = ld_api_error_get_fields (error);
  guint shown = 0;

  for (guint i = 0; problems != NULL && i < LD_VITAL_N; i++)
    {
      const char *problem = g_hash_table_lookup (problems, ld_vital_get_name (i));
      double value = vitals->values[i];
      double low, high;

      if (problem == NULL)
        continue;
      ld_vital_get_range (i, &low, &high);
      if (value < low || value > high)
        {
          /* Translators: a vital sign out of its plausible range, such as
           * "must be from 25 to 45 °C". */
          g_autofree char *text =
            g_strdup_printf (_("must be from %g to %g %s"), low, high, ld_vital_get_unit (i));

          ld_field_error_set (self->vitals[i], text);
        }
      else
        ld_field_error_set (self->vitals[i], problem);
      shown++;
    }
  return shown;
}

/* The form as a body, or FALSE with the fields' errors shown: a number
 * that is not one, a vital out of the shared plausible range, or an
 * amendment without its reason. */
static gboolean
read_form (LdVisitForm *self,
           LdVisitBody *body)
{
  g_autoptr(GError) error = NULL;

  body->version = self->visit != NULL ? self->visit->version : 0;
  body->complaint = dup_text (self->complaint_entry);
  body->findings = dup_text (self->findings_entry);
  body->diagnosis = dup_text (self->diagnosis_entry);
  body->icd10 = dup_text (self->icd10_entry);
  body->advice = dup_text (self->advice_entry);
  body->follow_up = dup_text (self->follow_up_entry);
  body->reason = self->amending ? dup_text (self->reason_entry) : NULL;
  ld_vitals_init (&body->vitals);
  ld_field_errors_clear (self->fields);
  if (self->amending && body->reason == NULL)
    {
      ld_field_error_set (GTK_WIDGET (self->reason_entry), _("Say why the visit is amended."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
      return FALSE;
    }
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->vitals[i]));
      char *end = NULL;
      double value;

      if (*text == '\0')
        continue;
      value = g_ascii_strtod (text, &end);
      if (end == NULL || *end != '\0' || isnan (value))
        {
          ld_field_error_set (self->vitals[i], _("Type a number."));
          return FALSE;
        }
      body->vitals.values[i] = value;
    }
  if (!ld_vitals_check (&body->vitals, &error))
    {
      if (show_vital_errors (self, &body->vitals, error) == 0)
        ld_visit_form_toast (self, ld_error_text_title (error));
      return FALSE;
    }
  return TRUE;
}

static void
on_visit_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LdVisitForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdVisit) visit = ld_clinic_visit_finish (LD_API_CLIENT (source), result, &error);
  gboolean amended;

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (visit == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      if (ld_field_errors_show (error, self->fields) == 0)
        ld_visit_form_toast (self, text);
      ld_visit_form_update_actions (self);
      return;
    }
  /* Another patient chosen meanwhile: the save is kept, not shown. */
  if (self->appointment == NULL || g_strcmp0 (visit->appointment_id, self->appointment->id) != 0)
    return;
  amended = self->amending && visit->amendments->len > 0;
  g_clear_pointer (&self->visit, ld_visit_free);
  self->visit = g_steal_pointer (&visit);
  if (amended)
    ld_visit_form_toast (self, _("Amendment saved."));
  else
    ld_visit_form_toast (self, visit_is_signed (self) ? _("Visit signed.") : _("Draft saved."));
  self->amending = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  /* What is saved is what the server keeps: the form shows it. */
  g_hash_table_remove_all (self->edited);
  ld_field_errors_clear (self->fields);
  show_visit (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdVisitForm *self = LD_VISIT_FORM (widget);
  g_auto (LdVisitBody) body = { 0 };

  if (self->appointment == NULL || !read_form (self, &body))
    return;
  self->busy = TRUE;
  ld_visit_form_update_actions (self);
  ld_clinic_visit_save_async (ld_session_get_api_client (self->session), self->appointment->id,
                              &body, self->cancellable, on_visit_saved_cb, g_object_ref (self));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdVisitForm *self = LD_VISIT_FORM (widget);

  if (self->appointment == NULL || self->visit == NULL || self->visit->id == NULL)
    return;
  self->busy = TRUE;
  ld_visit_form_update_actions (self);
  ld_clinic_visit_sign_async (ld_session_get_api_client (self->session), self->appointment->id,
                              self->visit->version, self->cancellable, on_visit_saved_cb,
                              g_object_ref (self));
}

/* The signed visit opens for editing; the save asks for the reason. */
static void
amend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdVisitForm *self = LD_VISIT_FORM (widget);

  if (!visit_is_signed (self))
    return;
  self->amending = TRUE;
  show_visit (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->complaint_entry));
}

/* The prescribing page over the day, carrying the visit; the doctor
 * comes back here once it is sent. */
static void
prescribe_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdVisitForm *self = LD_VISIT_FORM (widget);

  if (self->visit == NULL || self->visit->id == NULL)
    return;
  gtk_widget_activate_action (widget, "doctor.prescribe-visit", "(ss)", self->visit->patient_id,
                              self->visit->id);
}

static void
build_vitals (LdVisitForm *self)
{
  GtkEntry *entries[] = { self->complaint_entry, self->findings_entry, self->diagnosis_entry,
                          self->icd10_entry,     self->advice_entry,   self->follow_up_entry };

  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      GtkWidget *title = gtk_label_new (ld_visit_text_vital_title (i));
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *unit = gtk_label_new (ld_vital_get_unit (i));
      GtkWidget *problem = gtk_label_new (NULL);
      int row = (i / 2) * 2;
      /* Translators: a vital sign's name and its unit, for a screen reader. */
      g_autofree char *spoken =
        g_strdup_printf (_("%s, in %s"), ld_visit_text_vital_title (i), ld_vital_get_unit (i));
      g_autofree char *field = g_strdup_printf ("vitals.%s", ld_vital_get_name (i));
      g_autofree char *name = g_strdup_printf ("vital-%s", ld_vital_get_name (i));

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_xalign (GTK_LABEL (unit), 0);
      gtk_widget_add_css_class (unit, "dim-label");
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_set_name (entry, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                      -1);
      gtk_label_set_xalign (GTK_LABEL (problem), 0);
      gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
      ld_field_error_set_label (entry, problem);
      gtk_grid_attach (self->vitals_grid, title, (i % 2) * 3, row, 1, 1);
      gtk_grid_attach (self->vitals_grid, entry, (i % 2) * 3 + 1, row, 1, 1);
      gtk_grid_attach (self->vitals_grid, unit, (i % 2) * 3 + 2, row, 1, 1);
      /* The error under the field, in words. */
      gtk_grid_attach (self->vitals_grid, problem, (i % 2) * 3 + 1, row + 1, 2, 1);
      self->vitals[i] = entry;
      g_hash_table_insert (self->fields, g_steal_pointer (&field), entry);
      g_signal_connect (entry, "changed", G_CALLBACK (on_field_changed_cb), self);
      if (i >= LD_VITAL_WEIGHT)
        g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_bmi), self);
    }
  self->bmi_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->bmi_label, 0);
  gtk_grid_attach (self->vitals_grid, GTK_WIDGET (self->bmi_label), 0, LD_VITAL_N, 6, 1);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_hash_table_insert (self->fields, g_strdup (ld_visit_text_member (i)), entries[i]);
      g_signal_connect (entries[i], "changed", G_CALLBACK (on_field_changed_cb), self);
    }
  g_hash_table_insert (self->fields, g_strdup ("reason"), self->reason_entry);
  ld_field_error_set_label (GTK_WIDGET (self->reason_entry), self->reason_problem);
  /* A date typed offers the follow-up's booking. */
  g_signal_connect_swapped (self->follow_up_entry, "changed",
                            G_CALLBACK (ld_visit_form_update_actions), self);
}

static void
ld_visit_form_constructed (GObject *object)
{
  LdVisitForm *self = LD_VISIT_FORM (object);

  G_OBJECT_CLASS (ld_visit_form_parent_class)->constructed (object);

  self->icd10_popover = ld_icd10_popover_new (self->session, self->icd10_entry);
  g_signal_connect_object (self->session, "notify::online",
                           G_CALLBACK (ld_visit_form_update_actions), self, G_CONNECT_SWAPPED);
  show_visit (self);
  ld_visit_form_show_previous (self);
}

static void
ld_visit_form_dispose (GObject *object)
{
  LdVisitForm *self = LD_VISIT_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->visit_cancellable);
  g_cancellable_cancel (self->previous_cancellable);
  /* The lists tell of their rows going as they are disposed. */
  if (self->follow_up_entry != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->follow_up_entry, self);
      g_signal_handlers_disconnect_by_data (self->follow_up_slots, self);
      g_signal_handlers_disconnect_by_data (self->previous_list, self);
    }
  g_clear_pointer (&self->icd10_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_VISIT_FORM);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->visit_cancellable);
  g_clear_object (&self->previous_cancellable);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_object (&self->tests);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->tests_of, g_free);
  g_clear_pointer (&self->appointment, ld_appointment_free);
  g_clear_pointer (&self->visit, ld_visit_free);
  g_clear_pointer (&self->previous, g_ptr_array_unref);
  g_clear_pointer (&self->previous_of, g_free);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_visit_form_parent_class)->dispose (object);
}

static void
ld_visit_form_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdVisitForm *self = LD_VISIT_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_visit_form_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LdVisitForm *self = LD_VISIT_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_visit_form_class_init (LdVisitFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_visit_form_constructed;
  object_class->dispose = ld_visit_form_dispose;
  object_class->get_property = ld_visit_form_get_property;
  object_class->set_property = ld_visit_form_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/doctor/ld-visit-form.ui");
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, visit_box);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, visit_title);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, visit_state);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, amendments_box);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, amendments_label);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, vitals_grid);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, complaint_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, findings_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, diagnosis_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, icd10_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, advice_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, follow_up_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, follow_up_slots);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, follow_up_label);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, reason_problem);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, orders_box);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, tests_view);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, previous_list);
  gtk_widget_class_bind_template_child (widget_class, LdVisitForm, previous_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_follow_up_slots_row_activated_cb",
                                                G_CALLBACK (ld_visit_form_follow_up_row_activated));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_previous_list_row_selected_cb",
                                                G_CALLBACK (ld_visit_form_previous_row_selected));

  gtk_widget_class_install_action (widget_class, "visit.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "visit.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "visit.amend", NULL, amend_action);
  gtk_widget_class_install_action (widget_class, "visit.prescribe", NULL, prescribe_action);
  gtk_widget_class_install_action (widget_class, "visit.book-follow-up", NULL,
                                   ld_visit_form_book_follow_up_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "visit.prescribe",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "visit.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "visit.sign", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "visit.amend",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "visit.book-follow-up", NULL);
}

static void
ld_visit_form_init (LdVisitForm *self)
{
  g_autoptr(GtkListItemFactory) factory = ld_doctor_result_row_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->edited = g_hash_table_new (NULL, NULL);
  self->slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_list_view_set_factory (self->tests_view, factory);
  /* Enter on an order opens it, as in the doctor's orders. */
  self->orders_list =
    ld_doctor_list_new (LD_DOCTOR_LIST_ORDERS, "visit-orders", _("Orders of this visit"),
                        _("No tests prescribed at this visit yet."));
  gtk_widget_set_size_request (self->orders_list, -1, 96);
  gtk_box_append (self->orders_box, self->orders_list);
  build_vitals (self);
}

/**
 * ld_visit_form_new:
 * @session: the signed-in doctor's session
 *
 * Returns: (transfer full): an empty visit form
 */
GtkWidget *
ld_visit_form_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_VISIT_FORM, "session", session, NULL);
}

/**
 * ld_visit_form_set_appointment:
 * @self: a form
 * @appointment: (nullable): the appointment chosen, which is copied
 *
 * Shows @appointment's visit. The same appointment again (the day read
 * anew) keeps the open visit and what the doctor typed; another starts
 * afresh.
 */
void
ld_visit_form_set_appointment (LdVisitForm         *self,
                               const LdAppointment *appointment)
{
  g_return_if_fail (LD_IS_VISIT_FORM (self));

  if (appointment == NULL || self->appointment == NULL ||
      g_strcmp0 (appointment->id, self->appointment->id) != 0)
    {
      g_cancellable_cancel (self->visit_cancellable);
      g_clear_object (&self->visit_cancellable);
      g_clear_pointer (&self->visit, ld_visit_free);
      g_hash_table_remove_all (self->edited);
      ld_field_errors_clear (self->fields);
      self->amending = FALSE;
      gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
      ld_visit_form_clear_follow_up (self);
    }
  g_clear_pointer (&self->appointment, ld_appointment_free);
  if (appointment != NULL)
    self->appointment = ld_appointment_copy (appointment);
  read_visit (self);
  ld_visit_form_read_previous (self);
}

/**
 * ld_visit_form_focus:
 * @self: a form
 *
 * Puts the cursor in the complaint, where a visit is written from.
 */
void
ld_visit_form_focus (LdVisitForm *self)
{
  g_return_if_fail (LD_IS_VISIT_FORM (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->complaint_entry));
}
