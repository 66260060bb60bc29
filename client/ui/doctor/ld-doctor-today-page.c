/* ld-doctor-today-page.c: the doctor's day: the queue, and the visit being written
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor's appointments of today in the order patients are seen (the
 * cache's queue, live as the feed brings the desk's check-ins), and beside
 * them the visit of the one selected: the complaint, the vitals (each
 * with its unit, checked against the shared plausible ranges of
 * ld-vitals.c before anything is sent), findings,
 * diagnosis, advice and follow-up. A draft is saved as it stands; once
 * signed the record is read-only here. Tests prescribed from a saved
 * visit belong to it, and the visit lists them with their results as the
 * feed brings them from the cache. What is offered comes from the
 * command table's check, in update_actions ().
 */

#define G_LOG_DOMAIN "ld-doctor-today-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "common/ld-appointment-text.h"
#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-doctor-lists.h"
#include "ld-doctor-result-rows.h"
#include "ld-doctor-today-page.h"
#include "ld-time.h"
#include "store/ld-cache-appointments.h"
#include "store/ld-cache-list.h"
#include "store/ld-clinic-calls.h"

struct _LdDoctorTodayPage
{
  AdwBin        parent_instance;

  LdSession    *session;
  GCancellable *cancellable;
  GPtrArray    *appointments;
  /* The visit of the selected appointment, as last read; NULL while read
   * or before the patient is called in. */
  LdVisit      *visit;
  char         *visit_of;
  /* The read of visit_of's visit in flight, cancelled when another is chosen. */
  GCancellable *visit_cancellable;
  /* The fields the doctor has typed in since the form was last filled
   * from the server: a read never overwrites them, only a save does. */
  GHashTable   *edited;
  /* Set while the form is filled from the server, so that the fill does
   * not count as the doctor's typing. */
  gboolean      filling;
  gboolean      busy;
  /* The orders prescribed during the visit shown, and their results. */
  LdCacheList  *orders;
  LdCacheList  *tests;
  GtkWidget    *orders_list;
  char         *tests_of;
  GtkWidget    *vitals[LD_VITAL_N];
  GtkLabel     *bmi_label;
  GHashTable   *fields;

  GtkLabel     *day_label;
  GtkListBox   *today_list;
  GtkWidget    *visit_box;
  GtkLabel     *visit_title;
  GtkLabel     *visit_state;
  GtkGrid      *vitals_grid;
  GtkEntry     *complaint_entry;
  GtkEntry     *findings_entry;
  GtkEntry     *diagnosis_entry;
  GtkEntry     *icd10_entry;
  GtkEntry     *advice_entry;
  GtkEntry     *follow_up_entry;
  GtkBox       *orders_box;
  GtkListView  *tests_view;
};

G_DEFINE_FINAL_TYPE (LdDoctorTodayPage, ld_doctor_today_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Indexed by LdVital; the units are the shared table's. */
/* clang-format off */
static const char *const vital_titles[] = {
  N_("Blood pressure, systolic"), N_("Blood pressure, diastolic"), N_("Pulse"),
  N_("Temperature"), N_("SpO₂"), N_("Respiratory rate"), N_("Weight"), N_("Height"),
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (vital_titles) == LD_VITAL_N);

static void load_day (LdDoctorTodayPage *self);
static void on_selected_cb (LdDoctorTodayPage *self);

static void
toast (LdDoctorTodayPage *self,
       const char        *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static LdAppointment *
selected (LdDoctorTodayPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->today_list);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "appointment") : NULL;
}

static gboolean
visit_is_signed (LdDoctorTodayPage *self)
{
  return self->visit != NULL && self->visit->signed_us != 0;
}

static void
set_read_only (LdDoctorTodayPage *self,
               gboolean           read_only)
{
  GtkWidget *texts[] = { GTK_WIDGET (self->complaint_entry), GTK_WIDGET (self->findings_entry),
                         GTK_WIDGET (self->diagnosis_entry), GTK_WIDGET (self->icd10_entry),
                         GTK_WIDGET (self->advice_entry),    GTK_WIDGET (self->follow_up_entry) };

  for (guint i = 0; i < LD_VITAL_N; i++)
    if (gtk_editable_get_editable (GTK_EDITABLE (self->vitals[i])) == read_only)
      gtk_editable_set_editable (GTK_EDITABLE (self->vitals[i]), !read_only);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (gtk_editable_get_editable (GTK_EDITABLE (texts[i])) == read_only)
      gtk_editable_set_editable (GTK_EDITABLE (texts[i]), !read_only);
}

/* What the selected appointment offers, from the shared rules, in one place. */
static void
update_actions (LdDoctorTodayPage *self)
{
  LdAppointment *appointment = selected (self);
  LdCommandTarget target = { 0 };
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = !self->busy && appointment != NULL && ld_session_get_online (self->session);
  gboolean writable;

  target.appointment = appointment;
  writable = ready && self->visit != NULL && !visit_is_signed (self) &&
             ld_session_can (self->session, LD_COMMAND_VISIT_SAVE, &target);
  gtk_widget_action_set_enabled (widget, "today.start",
                                 ready && ld_session_can (self->session,
                                                          LD_COMMAND_APPOINTMENT_START, &target));
  gtk_widget_action_set_enabled (widget, "today.finish",
                                 ready && ld_session_can (self->session,
                                                          LD_COMMAND_APPOINTMENT_FINISH, &target));
  gtk_widget_action_set_enabled (widget, "today.save", writable);
  /* The server knows a visit once it is saved: then tests are its own. */
  gtk_widget_action_set_enabled (widget, "today.prescribe",
                                 !self->busy && self->visit != NULL && self->visit->id != NULL);
  gtk_widget_action_set_enabled (widget, "today.sign",
                                 writable && self->visit->id != NULL &&
                                   ld_session_can (self->session, LD_COMMAND_VISIT_SIGN, &target));
  /* A visit is written once the patient is called in, and a signed one
   * is read-only. Nothing is made insensitive while the day is read
   * again: GTK 4.8 leaves a focused field's cursor blinking with no focus. */
  set_read_only (self, self->visit == NULL || visit_is_signed (self));
}

/* Fills @field from the server unless the doctor has typed in it. */
static void
fill (LdDoctorTodayPage *self,
      GtkWidget         *field,
      const char        *text)
{
  if (g_hash_table_contains (self->edited, field))
    return;
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (field), text != NULL ? text : "");
  self->filling = FALSE;
}

static void
on_field_changed_cb (GtkEditable       *field,
                     LdDoctorTodayPage *self)
{
  if (!self->filling)
    g_hash_table_add (self->edited, field);
}

static char *
format_vital (double  value,
              LdVital vital)
{
  if (isnan (value))
    return g_strdup ("");
  return ld_vital_is_whole (vital) ? g_strdup_printf ("%d", (int) value)
                                   : g_strdup_printf ("%.1f", value);
}

static void
update_bmi (LdDoctorTodayPage *self)
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
update_results_shown (LdDoctorTodayPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->tests_view),
                          self->tests != NULL &&
                            g_list_model_get_n_items (G_LIST_MODEL (self->tests)) > 0);
}

/* The visit's orders and their results, followed in the cache as the
 * lab works on them; nothing while the visit is not saved. */
static void
show_tests (LdDoctorTodayPage *self)
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

/* Shows the selected appointment and its visit; the fields the doctor
 * has typed in are kept as typed. */
static void
show_visit (LdDoctorTodayPage *self)
{
  LdAppointment *appointment = selected (self);
  LdVisit *visit = self->visit;

  if (appointment == NULL)
    {
      gtk_label_set_text (self->visit_title, _("Choose a patient from today’s list."));
      gtk_label_set_text (self->visit_state, "");
    }
  else
    {
      gtk_label_set_text (self->visit_title, appointment->patient_name);
      if (visit_is_signed (self))
        gtk_label_set_text (self->visit_state,
                            _("Signed: the visit can no longer be changed here."));
      else if (visit != NULL && visit->id != NULL)
        gtk_label_set_text (self->visit_state, _("Draft, not signed yet."));
      else if (visit != NULL)
        gtk_label_set_text (self->visit_state, _("With you now: write the visit."));
      else
        gtk_label_set_text (self->visit_state, ld_appointment_text_state (appointment->state));
    }
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      g_autofree char *text = format_vital (visit != NULL ? visit->vitals.values[i] : NAN, i);

      fill (self, self->vitals[i], text);
    }
  fill (self, GTK_WIDGET (self->complaint_entry), visit != NULL ? visit->complaint : NULL);
  fill (self, GTK_WIDGET (self->findings_entry), visit != NULL ? visit->findings : NULL);
  fill (self, GTK_WIDGET (self->diagnosis_entry), visit != NULL ? visit->diagnosis : NULL);
  fill (self, GTK_WIDGET (self->icd10_entry), visit != NULL ? visit->icd10 : NULL);
  fill (self, GTK_WIDGET (self->advice_entry), visit != NULL ? visit->advice : NULL);
  fill (self, GTK_WIDGET (self->follow_up_entry), visit != NULL ? visit->follow_up : NULL);
  update_bmi (self);
  show_tests (self);
  update_actions (self);
}

static void
on_visit_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LdDoctorTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdVisit) visit = ld_clinic_visit_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->visit_cancellable);
  if (visit == NULL)
    {
      toast (self, ld_error_text_title (error));
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

/* The visit of the selected appointment, read when it is chosen: one is
 * written only once the patient is called in. The open visit is kept
 * while the day is read again, and what the doctor typed stays. */
static void
read_visit (LdDoctorTodayPage *self)
{
  LdAppointment *appointment = selected (self);

  if (appointment == NULL || g_strcmp0 (appointment->id, self->visit_of) != 0)
    {
      g_cancellable_cancel (self->visit_cancellable);
      g_clear_object (&self->visit_cancellable);
      g_clear_pointer (&self->visit, ld_visit_free);
      g_hash_table_remove_all (self->edited);
      ld_field_errors_clear (self->fields);
      g_free (self->visit_of);
      self->visit_of = appointment != NULL ? g_strdup (appointment->id) : NULL;
    }
  show_visit (self);
  if (appointment == NULL || !has_visit (appointment) || self->visit != NULL ||
      self->visit_cancellable != NULL)
    return;
  self->visit_cancellable = g_cancellable_new ();
  ld_clinic_visit_get_async (ld_session_get_api_client (self->session), appointment->id,
                             self->visit_cancellable, on_visit_read_cb, g_object_ref (self));
}

static GtkWidget *
make_row (LdAppointment *appointment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *when = appointment->token > 0
    /* Translators: a patient's token number in the doctor's queue. */
    ? g_strdup_printf (_("Token %d"), (int) appointment->token)
    : ld_order_text_clock (appointment->slot_us);
  g_autofree char *name = g_strdup_printf ("appointment-%s", appointment->id);
  g_autofree char *spoken = g_strjoin (", ", when, appointment->patient_name,
                                       ld_appointment_text_state (appointment->state), NULL);
  GtkWidget *first = gtk_label_new (when);
  GtkWidget *second = gtk_label_new (appointment->patient_name);
  GtkWidget *third = gtk_label_new (ld_appointment_text_state (appointment->state));

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (first, "heading");
  gtk_widget_add_css_class (first, "numeric");
  gtk_widget_set_hexpand (second, TRUE);
  gtk_label_set_xalign (GTK_LABEL (second), 0);
  gtk_widget_add_css_class (third, "dim-label");
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  gtk_box_append (GTK_BOX (box), third);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_object_set_data (G_OBJECT (row), "appointment", appointment);
  return row;
}

static void
on_queue_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdDoctorTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items =
               ld_cache_appointments_day_finish (LD_CACHE (source), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (items == NULL)
    {
      toast (self, ld_error_text_title (error));
      return;
    }
  /* The list is rebuilt with the open appointment selected again: the
   * rows going and coming are no choice of the doctor's. */
  g_signal_handlers_block_by_func (self->today_list, on_selected_cb, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->today_list))) != NULL)
    gtk_list_box_remove (self->today_list, child);
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  self->appointments = g_steal_pointer (&items);
  for (guint i = 0; i < self->appointments->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (self->appointments, i);
      GtkWidget *row = make_row (appointment);

      gtk_list_box_append (self->today_list, row);
      if (g_strcmp0 (appointment->id, self->visit_of) == 0)
        gtk_list_box_select_row (self->today_list, GTK_LIST_BOX_ROW (row));
    }
  if (self->appointments->len == 0)
    {
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                                  gtk_label_new (_("No patients booked for today.")));
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->today_list, row);
    }
  g_signal_handlers_unblock_by_func (self->today_list, on_selected_cb, self);
  read_visit (self);
}

static void
load_day (LdDoctorTodayPage *self)
{
  const char *me = ld_user_get_id (ld_session_get_user (self->session));
  g_autofree char *day = ld_schedule_day_of (ld_time_now ());
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (ld_time_now () / G_USEC_PER_SEC);
  /* Translators: the doctor's day, in strftime() form: "Today, Wed 09 Jan". */
  g_autofree char *title = g_date_time_format (now, _("Today, %a %d %b"));

  gtk_label_set_text (self->day_label, title);
  if (ld_session_get_cache (self->session) == NULL)
    return;
  /* The queue is the cache's, kept live by the feed and there offline. */
  ld_cache_appointments_day_async (ld_session_get_cache (self->session), day, me,
                                   self->cancellable, on_queue_cb, g_object_ref (self));
}

static void
on_cache_changed_cb (LdDoctorTodayPage  *self,
                     const LdCacheBatch *batch)
{
  if (ld_cache_batch_has_appointments (batch))
    load_day (self);
}

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdDoctorTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAppointment) appointment =
               ld_clinic_appointment_finish (LD_API_CLIENT (source), result, &error);

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (appointment == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      toast (self, text);
    }
  load_day (self);
  if (appointment != NULL && appointment->state == LD_APPOINTMENT_STATE_WITH_DOCTOR)
    gtk_widget_grab_focus (GTK_WIDGET (self->complaint_entry));
}

static void
move (LdDoctorTodayPage *self,
      LdCommandKind      kind)
{
  LdAppointment *appointment = selected (self);

  if (appointment == NULL)
    return;
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_move_async (ld_session_get_api_client (self->session), kind, appointment, NULL, 0,
                        self->cancellable, on_moved_cb, g_object_ref (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  move (LD_DOCTOR_TODAY_PAGE (widget), LD_COMMAND_APPOINTMENT_START);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  move (LD_DOCTOR_TODAY_PAGE (widget), LD_COMMAND_APPOINTMENT_FINISH);
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
show_vital_errors (LdDoctorTodayPage *self,
                   const LdVitals    *vitals,
                   const GError      *error)
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
 * that is not one, or a vital out of the shared plausible range. */
static gboolean
read_form (LdDoctorTodayPage *self,
           LdVisitBody       *body)
{
  g_autoptr(GError) error = NULL;

  body->version = self->visit != NULL ? self->visit->version : 0;
  body->complaint = dup_text (self->complaint_entry);
  body->findings = dup_text (self->findings_entry);
  body->diagnosis = dup_text (self->diagnosis_entry);
  body->icd10 = dup_text (self->icd10_entry);
  body->advice = dup_text (self->advice_entry);
  body->follow_up = dup_text (self->follow_up_entry);
  ld_vitals_init (&body->vitals);
  ld_field_errors_clear (self->fields);
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
        toast (self, ld_error_text_title (error));
      return FALSE;
    }
  return TRUE;
}

static void
on_visit_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LdDoctorTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdVisit) visit = ld_clinic_visit_finish (LD_API_CLIENT (source), result, &error);

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (visit == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      if (ld_field_errors_show (error, self->fields) == 0)
        toast (self, text);
      update_actions (self);
      return;
    }
  /* Another patient chosen meanwhile: the save is kept, not shown. */
  if (g_strcmp0 (visit->appointment_id, self->visit_of) != 0)
    return;
  g_clear_pointer (&self->visit, ld_visit_free);
  self->visit = g_steal_pointer (&visit);
  toast (self, visit_is_signed (self) ? _("Visit signed.") : _("Draft saved."));
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
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (widget);
  LdAppointment *appointment = selected (self);
  g_auto (LdVisitBody) body = { 0 };

  if (appointment == NULL || !read_form (self, &body))
    return;
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_visit_save_async (ld_session_get_api_client (self->session), appointment->id, &body,
                              self->cancellable, on_visit_saved_cb, g_object_ref (self));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (widget);
  LdAppointment *appointment = selected (self);

  if (appointment == NULL || self->visit == NULL || self->visit->id == NULL)
    return;
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_visit_sign_async (ld_session_get_api_client (self->session), appointment->id,
                              self->visit->version, self->cancellable, on_visit_saved_cb,
                              g_object_ref (self));
}

/* The prescribing page over the day, carrying the visit; the doctor
 * comes back here once it is sent. */
static void
prescribe_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (widget);

  if (self->visit == NULL || self->visit->id == NULL)
    return;
  gtk_widget_activate_action (widget, "doctor.prescribe-visit", "(ss)", self->visit->patient_id,
                              self->visit->id);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load_day (LD_DOCTOR_TODAY_PAGE (widget));
}

static void
on_selected_cb (LdDoctorTodayPage *self)
{
  read_visit (self);
}

static void
build_vitals (LdDoctorTodayPage *self)
{
  GtkEntry *texts[] = { self->complaint_entry, self->findings_entry, self->diagnosis_entry,
                        self->icd10_entry,     self->advice_entry,   self->follow_up_entry };

  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      GtkWidget *title = gtk_label_new (_(vital_titles[i]));
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *unit = gtk_label_new (ld_vital_get_unit (i));
      GtkWidget *problem = gtk_label_new (NULL);
      int row = (i / 2) * 2;
      /* Translators: a vital sign's name and its unit, for a screen reader. */
      g_autofree char *spoken =
        g_strdup_printf (_("%s, in %s"), _(vital_titles[i]), ld_vital_get_unit (i));
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
  g_hash_table_insert (self->fields, g_strdup ("complaint"), self->complaint_entry);
  g_hash_table_insert (self->fields, g_strdup ("findings"), self->findings_entry);
  g_hash_table_insert (self->fields, g_strdup ("diagnosis"), self->diagnosis_entry);
  g_hash_table_insert (self->fields, g_strdup ("icd10"), self->icd10_entry);
  g_hash_table_insert (self->fields, g_strdup ("advice"), self->advice_entry);
  g_hash_table_insert (self->fields, g_strdup ("follow_up"), self->follow_up_entry);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_signal_connect (texts[i], "changed", G_CALLBACK (on_field_changed_cb), self);
}

static void
ld_doctor_today_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ld_doctor_today_page_parent_class)->map (widget);
  /* The desk checks patients in: the day is read again when shown. */
  load_day (LD_DOCTOR_TODAY_PAGE (widget));
}

static void
ld_doctor_today_page_constructed (GObject *object)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (object);

  G_OBJECT_CLASS (ld_doctor_today_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  if (ld_session_get_cache (self->session) != NULL)
    g_signal_connect_object (ld_session_get_cache (self->session), "changed",
                             G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  show_visit (self);
}

static void
ld_doctor_today_page_dispose (GObject *object)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->visit_cancellable);
  if (self->today_list != NULL)
    g_signal_handlers_disconnect_by_data (self->today_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_DOCTOR_TODAY_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->visit_cancellable);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_object (&self->tests);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->tests_of, g_free);
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  g_clear_pointer (&self->visit, ld_visit_free);
  g_clear_pointer (&self->visit_of, g_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_doctor_today_page_parent_class)->dispose (object);
}

static void
ld_doctor_today_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (object);

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
ld_doctor_today_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (object);

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
ld_doctor_today_page_class_init (LdDoctorTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_doctor_today_page_constructed;
  object_class->dispose = ld_doctor_today_page_dispose;
  object_class->get_property = ld_doctor_today_page_get_property;
  object_class->set_property = ld_doctor_today_page_set_property;
  widget_class->map = ld_doctor_today_page_map;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/doctor/ld-doctor-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, today_list);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, visit_box);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, visit_title);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, visit_state);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, vitals_grid);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, complaint_entry);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, findings_entry);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, diagnosis_entry);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, icd10_entry);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, advice_entry);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, follow_up_entry);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, orders_box);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, tests_view);

  gtk_widget_class_install_action (widget_class, "today.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "today.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "today.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "today.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "today.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "today.prescribe", NULL, prescribe_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "today.prescribe",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "today.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "today.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "today.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "today.sign", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "today.refresh", NULL);
}

static void
ld_doctor_today_page_init (LdDoctorTodayPage *self)
{
  g_autoptr(GtkListItemFactory) factory = ld_doctor_result_row_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->edited = g_hash_table_new (NULL, NULL);
  gtk_list_view_set_factory (self->tests_view, factory);
  /* Enter on an order opens it, as in the doctor's orders. */
  self->orders_list =
    ld_doctor_list_new (LD_DOCTOR_LIST_ORDERS, "visit-orders", _("Orders of this visit"),
                        _("No tests prescribed at this visit yet."));
  gtk_widget_set_size_request (self->orders_list, -1, 96);
  gtk_box_append (self->orders_box, self->orders_list);
  build_vitals (self);
  g_signal_connect_swapped (self->today_list, "selected-rows-changed", G_CALLBACK (on_selected_cb),
                            self);
}

/**
 * ld_doctor_today_page_new:
 * @session: the signed-in doctor's session
 *
 * Returns: (transfer full): the doctor's day and the visit being written
 */
GtkWidget *
ld_doctor_today_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_DOCTOR_TODAY_PAGE, "session", session, NULL);
}
