/* ld-doctor-today-page.c: the doctor's day: the queue, and the visit being written
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor's appointments of today in the order patients are seen (the
 * cache's queue, live as the feed brings the desk's check-ins), and beside
 * them the visit of the one selected, in ld-visit-form.c. What is offered
 * comes from the command table's check, in update_actions ().
 */

#define G_LOG_DOMAIN "ld-doctor-today-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-appointment-text.h"
#include "common/ld-error-text.h"
#include "common/ld-leave-dialog.h"
#include "common/ld-order-text.h"
#include "ld-doctor-today-page.h"
#include "ld-time.h"
#include "ld-visit-form.h"
#include "store/ld-cache-appointments.h"
#include "store/ld-clinic-calls.h"

struct _LdDoctorTodayPage
{
  AdwBin        parent_instance;

  LdSession    *session;
  GCancellable *cancellable;
  GPtrArray    *appointments;
  /* The appointment whose visit is open, kept across reads of the day. */
  char         *visit_of;
  gboolean      busy;
  /* The visit of the selected appointment. */
  LdVisitForm  *visit_form;

  GtkLabel     *day_label;
  GtkListBox   *today_list;
  GtkBox       *visit_slot;
};

G_DEFINE_FINAL_TYPE (LdDoctorTodayPage, ld_doctor_today_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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

/* What the selected appointment offers, from the shared rules, in one place. */
static void
update_actions (LdDoctorTodayPage *self)
{
  LdAppointment *appointment = selected (self);
  LdCommandTarget target = { 0 };
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = !self->busy && appointment != NULL && ld_session_get_online (self->session);

  target.appointment = appointment;
  gtk_widget_action_set_enabled (widget, "today.start",
                                 ready && ld_session_can (self->session,
                                                          LD_COMMAND_APPOINTMENT_START, &target));
  gtk_widget_action_set_enabled (widget, "today.finish",
                                 ready && ld_session_can (self->session,
                                                          LD_COMMAND_APPOINTMENT_FINISH, &target));
}

/* The visit of the selected appointment, in the form beside the day. */
static void
read_visit (LdDoctorTodayPage *self)
{
  LdAppointment *appointment = selected (self);

  g_free (self->visit_of);
  self->visit_of = appointment != NULL ? g_strdup (appointment->id) : NULL;
  ld_visit_form_set_appointment (self->visit_form, appointment);
  update_actions (self);
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
    ld_visit_form_focus (self->visit_form);
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

/* The doctor's own day of leave; the desk moves what was booked for it. */
static void
take_leave_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (widget);
  LdLeaveDialog *dialog =
    ld_leave_dialog_new (self->session, ld_user_get_id (ld_session_get_user (self->session)),
                         GTK_WINDOW (gtk_widget_get_root (widget)));

  gtk_window_present (GTK_WINDOW (dialog));
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

/* The visit's shortcuts work from the queue too: the form takes them. */
static gboolean
forward_to_visit_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (widget);

  return gtk_widget_activate_action (GTK_WIDGET (self->visit_form),
                                     g_variant_get_string (args, NULL), NULL);
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

  self->visit_form = LD_VISIT_FORM (ld_visit_form_new (self->session));
  gtk_box_append (self->visit_slot, GTK_WIDGET (self->visit_form));
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  if (ld_session_get_cache (self->session) != NULL)
    g_signal_connect_object (ld_session_get_cache (self->session), "changed",
                             G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ld_doctor_today_page_dispose (GObject *object)
{
  LdDoctorTodayPage *self = LD_DOCTOR_TODAY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->today_list != NULL)
    g_signal_handlers_disconnect_by_data (self->today_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_DOCTOR_TODAY_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  g_clear_pointer (&self->visit_of, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, LdDoctorTodayPage, visit_slot);

  gtk_widget_class_install_action (widget_class, "today.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "today.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "today.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "today.take-leave", NULL, take_leave_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "today.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "today.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "today.refresh", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, forward_to_visit_cb, "s",
                                "visit.save");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                forward_to_visit_cb, "s", "visit.sign");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, forward_to_visit_cb, "s",
                                "visit.prescribe");
}

static void
ld_doctor_today_page_init (LdDoctorTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
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
