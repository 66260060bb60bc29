/* ld-appointments-page.c: the desk's day of a doctor's appointments, and the queue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One doctor's day: every slot of the schedule's grid (the shared walk,
 * ld_schedule_day_slots()), each free or taken by its appointment, and
 * beside it the patients checked in and waiting, with their token and
 * since when. The doctors and the schedule are the server's
 * (client/store/ld-clinic-calls.c); the day's appointments are the
 * cache's (ld-cache-appointments.c), read again whenever the feed brings
 * a move, whoever made it, so the slots and the queue are live on every
 * desk and stay on screen offline, where the page says so. Booking a slot
 * still needs the server, which alone says a slot is free. A check-in and
 * a walk-in (the patient picked, the doctor shown, no slot) go through
 * the outbox: offline they wait there, shown in the queue as waiting for
 * the server, and the token is said when the server gives it. What the
 * selected row offers is decided once, in update_actions (), by the
 * shared command check.
 */

#define G_LOG_DOMAIN "ld-appointments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-appointment-text.h"
#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "ld-appointment-rules.h"
#include "ld-appointments-page.h"
#include "ld-time.h"
#include "store/ld-appointment-outbox.h"
#include "store/ld-cache-appointments.h"
#include "store/ld-cache-list.h"
#include "store/ld-cache-view.h"
#include "store/ld-clinic-calls.h"
#include "store/ld-doctor-list.h"
#include "store/ld-outbox-entry.h"
#include "store/ld-outbox.h"

struct _LdAppointmentsPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  GCancellable   *cancellable;
  /* The doctors, in the drop-down's order. */
  GPtrArray      *doctors;
  /* The day shown, local midnight. */
  GDateTime      *day;
  LdSchedule     *schedule;
  /* The doctor whose schedule that is. */
  char           *schedule_of;
  /* The day's live appointments, in queue order, as the cache has them. */
  GPtrArray      *appointments;
  /* The cache's read of them in flight, cancelled by a newer one. */
  GCancellable   *queue_cancellable;
  /* A move sent and not yet answered: nothing else is offered. */
  gboolean        busy;
  LdCacheList    *patients;

  GtkDropDown    *doctor_drop;
  GtkLabel       *day_label;
  GtkLabel       *status_label;
  GtkListBox     *slots_list;
  GtkListBox     *queue_list;
  GtkSearchEntry *patient_entry;
  GtkListView    *patient_view;
  GtkSingleSelection *patient_selection;
};

G_DEFINE_FINAL_TYPE (LdAppointmentsPage, ld_appointments_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void load_day (LdAppointmentsPage *self);

static void
toast (LdAppointmentsPage *self,
       const char         *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static const LdDoctor *
current_doctor (LdAppointmentsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->doctor_drop);

  if (self->doctors == NULL || position >= self->doctors->len)
    return NULL;
  return g_ptr_array_index (self->doctors, position);
}

static char *
current_day (LdAppointmentsPage *self)
{
  return g_date_time_format (self->day, "%Y-%m-%d");
}

/* The appointment holding the slot at @start_us, if any. */
static LdAppointment *
find_booking (LdAppointmentsPage *self,
              gint64              start_us)
{
  for (guint i = 0; self->appointments != NULL && i < self->appointments->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (self->appointments, i);

      if (appointment->slot_us == start_us &&
          ld_appointment_state_holds_slot (appointment->state))
        return appointment;
    }
  return NULL;
}

static LdAppointment *
selected_appointment (LdAppointmentsPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->slots_list);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "appointment") : NULL;
}

static gint64
selected_slot (LdAppointmentsPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->slots_list);
  gint64 *start = row != NULL ? g_object_get_data (G_OBJECT (row), "slot") : NULL;

  return start != NULL ? *start : 0;
}

static const char *
selected_patient_id (LdAppointmentsPage *self)
{
  LdCacheRecord *record = gtk_single_selection_get_selected_item (self->patient_selection);

  return record != NULL && ld_cache_record_get_loaded (record) ? ld_cache_record_get_id (record)
                                                               : NULL;
}

/* The outbox's entries still to be sent (waiting, or being sent) of
 * @action. */
static GPtrArray *
pending_entries (LdAppointmentsPage *self,
                 LdOutboxAction      action)
{
  LdOutbox *outbox = ld_session_get_outbox (self->session);
  GListModel *entries = outbox != NULL ? ld_outbox_get_entries (outbox) : NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = entries != NULL ? g_list_model_get_n_items (entries) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdOutboxEntry) entry = g_list_model_get_item (entries, i);
      LdOutboxEntryState state = ld_outbox_entry_get_state (entry);

      if (ld_outbox_entry_get_action (entry) == action &&
          (state == LD_OUTBOX_ENTRY_WAITING || state == LD_OUTBOX_ENTRY_SENDING))
        g_ptr_array_add (found, g_steal_pointer (&entry));
    }
  return found;
}

/* Whether a check-in of @appointment_id waits in the outbox. */
static gboolean
check_in_waits (LdAppointmentsPage *self,
                const char         *appointment_id)
{
  g_autoptr(GPtrArray) waiting =
               pending_entries (self, LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN);

  for (guint i = 0; i < waiting->len; i++)
    if (g_strcmp0 (ld_outbox_entry_get_target_id (g_ptr_array_index (waiting, i)),
                   appointment_id) == 0)
      return TRUE;
  return FALSE;
}

/* Walk-ins are for today only: the server gives today's token. */
static gboolean
shows_today (LdAppointmentsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (ld_time_now () / G_USEC_PER_SEC);

  return g_date_time_get_year (now) == g_date_time_get_year (self->day) &&
         g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (self->day);
}

/* What the selected slot offers, from the shared rules, in one place. */
static void
update_actions (LdAppointmentsPage *self)
{
  LdAppointment *appointment = selected_appointment (self);
  gint64 slot = selected_slot (self);
  LdCommandTarget target = { 0 };
  gboolean online = ld_session_get_online (self->session);
  GtkWidget *widget = GTK_WIDGET (self);

  target.appointment = appointment;
  gtk_widget_action_set_enabled (widget, "appointments.book",
                                 !self->busy && online && appointment == NULL &&
                                   slot > ld_time_now () && selected_patient_id (self) != NULL &&
                                   current_doctor (self) != NULL &&
                                   ld_session_can (self->session, LD_COMMAND_APPOINTMENT_BOOK,
                                                   NULL));
  gtk_widget_action_set_enabled (widget, "appointments.check-in",
                                 !self->busy && appointment != NULL &&
                                   !check_in_waits (self, appointment->id) &&
                                   ld_session_can (self->session, LD_COMMAND_APPOINTMENT_CHECK_IN,
                                                   &target));
  gtk_widget_action_set_enabled (widget, "appointments.walk-in",
                                 !self->busy && selected_patient_id (self) != NULL &&
                                   current_doctor (self) != NULL && shows_today (self) &&
                                   ld_session_can (self->session, LD_COMMAND_APPOINTMENT_WALK_IN,
                                                   NULL));
  gtk_widget_action_set_enabled (widget, "appointments.no-show",
                                 !self->busy && online && appointment != NULL &&
                                   appointment->slot_us <= ld_time_now () &&
                                   ld_session_can (self->session, LD_COMMAND_APPOINTMENT_NO_SHOW,
                                                   &target));
  gtk_widget_action_set_enabled (widget, "appointments.cancel",
                                 !self->busy && online && appointment != NULL &&
                                   ld_session_can (self->session, LD_COMMAND_APPOINTMENT_CANCEL,
                                                   &target));
}

static GtkWidget *
make_line (const char *left,
           const char *middle,
           const char *right)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *first = gtk_label_new (left);
  GtkWidget *second = gtk_label_new (middle);
  GtkWidget *third = gtk_label_new (right);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (first, "numeric");
  gtk_widget_add_css_class (first, "heading");
  gtk_label_set_xalign (GTK_LABEL (second), 0);
  gtk_widget_set_hexpand (second, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (second), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (third, "dim-label");
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  gtk_box_append (GTK_BOX (box), third);
  return box;
}

static GtkWidget *
make_row (const char *left,
          const char *middle,
          const char *right)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *spoken = g_strjoin (", ", left, middle, right, NULL);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), make_line (left, middle, right));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill_slots (LdAppointmentsPage *self,
            gint64              keep_slot)
{
  g_autofree char *day = current_day (self);
  g_autoptr(GArray) slots = NULL;
  GtkListBoxRow *keep = NULL;

  clear_list (self->slots_list);
  if (self->schedule == NULL)
    return;

  slots = ld_schedule_day_slots (self->schedule, day);
  for (guint i = 0; slots != NULL && i < slots->len; i++)
    {
      gint64 start = g_array_index (slots, gint64, i);
      LdAppointment *appointment = find_booking (self, start);
      g_autofree char *clock = ld_order_text_clock (start);
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (start / G_USEC_PER_SEC);
      /* A name for the tests, in the same words in every language. */
      g_autofree char *name = g_date_time_format (local, "slot-%H:%M");
      GtkWidget *row;

      if (appointment != NULL)
        row = make_row (clock, appointment->patient_name ? appointment->patient_name : "",
                        ld_appointment_text_state (appointment->state));
      else
        row = make_row (clock, C_("slot", "Free"), start < ld_time_now () ? _("Past") : "");
      gtk_widget_set_name (row, name);
      g_object_set_data_full (G_OBJECT (row), "slot", g_memdup2 (&start, sizeof start), g_free);
      g_object_set_data (G_OBJECT (row), "appointment", appointment);
      gtk_list_box_append (self->slots_list, row);
      if (start == keep_slot)
        keep = GTK_LIST_BOX_ROW (row);
    }
  if (keep != NULL)
    gtk_list_box_select_row (self->slots_list, keep);
}

/* "12 min" since check-in. */
static char *
format_waiting (gint64 since_us)
{
  gint64 minutes = MAX (0, (ld_time_now () - since_us) / (60 * G_USEC_PER_SEC));

  /* Translators: how long a checked-in patient has waited, in minutes. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "waiting %d min", "waiting %d min",
                                       (gulong) minutes),
                          (int) minutes);
}

/* The check-ins and walk-ins this desk made that wait for the server,
 * after those the server has: their token is the server's to give. */
static guint
fill_pending (LdAppointmentsPage *self)
{
  const LdDoctor *doctor = current_doctor (self);
  g_autoptr(GPtrArray) check_ins = pending_entries (self, LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN);
  g_autoptr(GPtrArray) walk_ins = pending_entries (self, LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN);
  const char *waiting = _("waiting for the server");
  guint n = 0;

  for (guint i = 0; self->appointments != NULL && i < check_ins->len; i++)
    for (guint j = 0; j < self->appointments->len; j++)
      {
        LdAppointment *appointment = g_ptr_array_index (self->appointments, j);

        if (appointment->state != LD_APPOINTMENT_STATE_BOOKED ||
            g_strcmp0 (appointment->id,
                       ld_outbox_entry_get_target_id (g_ptr_array_index (check_ins, i))) != 0)
          continue;
        gtk_list_box_append (self->queue_list,
                             make_row ("—",
                                       appointment->patient_name ? appointment->patient_name : "",
                                       waiting));
        n++;
      }
  for (guint i = 0; doctor != NULL && shows_today (self) && i < walk_ins->len; i++)
    {
      LdOutboxEntry *entry = g_ptr_array_index (walk_ins, i);
      const char *label = ld_outbox_entry_get_label (entry);

      if (g_strcmp0 (ld_appointment_outbox_doctor_id (entry), doctor->id) != 0)
        continue;
      /* Translators: a walk-in waiting for the server, and their name. */
      gtk_list_box_append (self->queue_list,
                           make_row ("—", label != NULL ? label : _("Walk-in"), waiting));
      n++;
    }
  return n;
}

static void
fill_queue (LdAppointmentsPage *self)
{
  guint n = 0;

  clear_list (self->queue_list);
  for (guint i = 0; self->appointments != NULL && i < self->appointments->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (self->appointments, i);
      g_autofree char *token = NULL;
      g_autofree char *waiting = NULL;

      if (appointment->state != LD_APPOINTMENT_STATE_CHECKED_IN &&
          appointment->state != LD_APPOINTMENT_STATE_WITH_DOCTOR)
        continue;
      /* Translators: a patient's token number in the doctor's queue. */
      token = g_strdup_printf (_("Token %d"), (int) appointment->token);
      waiting = appointment->state == LD_APPOINTMENT_STATE_WITH_DOCTOR
                  ? g_strdup (ld_appointment_text_state (appointment->state))
                  : format_waiting (appointment->checked_in_us);
      gtk_list_box_append (self->queue_list,
                           make_row (token,
                                     appointment->patient_name ? appointment->patient_name : "",
                                     waiting));
      n++;
    }
  n += fill_pending (self);
  if (n == 0)
    gtk_list_box_append (self->queue_list, make_row ("", _("Nobody is waiting."), ""));
}

static void
show_day (LdAppointmentsPage *self)
{
  g_autofree char *day = current_day (self);
  /* Translators: the day shown, in strftime() form: "Thu 26 Nov 2026". */
  g_autofree char *title = g_date_time_format (self->day, _("%a %d %b %Y"));
  gint64 keep = selected_slot (self);

  gtk_label_set_text (self->day_label, title);
  if (current_doctor (self) == NULL)
    gtk_label_set_text (self->status_label, _("No doctor sees patients by appointment yet."));
  else if (!ld_session_get_online (self->session))
    gtk_label_set_text (self->status_label,
                        _("Offline: the day as this computer last heard of it. Booking needs "
                          "the server; check-ins and walk-ins wait here for it."));
  else if (self->schedule == NULL)
    gtk_label_set_text (self->status_label, _("This doctor has no schedule yet."));
  else if (ld_schedule_is_on_leave (self->schedule, day))
    gtk_label_set_text (self->status_label, _("The doctor is on leave this day."));
  else
    gtk_label_set_text (self->status_label, "");
  fill_slots (self, keep);
  fill_queue (self);
  update_actions (self);
}

static void
on_queue_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdAppointmentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items =
               ld_cache_appointments_day_finish (LD_CACHE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (items == NULL)
    toast (self, ld_error_text_title (error));
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  self->appointments = g_steal_pointer (&items);
  show_day (self);
}

static void
on_schedule_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdAppointmentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule =
               ld_clinic_schedule_finish (LD_API_CLIENT (source), result, &error);
  const LdDoctor *doctor = current_doctor (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Offline, the doctor's schedule last read stays: the page says so. */
  if (schedule == NULL && !ld_session_get_online (self->session) && doctor != NULL &&
      g_strcmp0 (self->schedule_of, doctor->id) == 0)
    {
      show_day (self);
      return;
    }
  /* No schedule yet is said on the page; anything else in a toast. */
  if (schedule == NULL && !g_error_matches (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND))
    toast (self, ld_error_text_title (error));
  g_clear_pointer (&self->schedule, ld_schedule_free);
  self->schedule = g_steal_pointer (&schedule);
  g_free (self->schedule_of);
  self->schedule_of = doctor != NULL ? g_strdup (doctor->id) : NULL;
  show_day (self);
}

/* Reads the day's appointments again, from the cache. */
static void
read_queue (LdAppointmentsPage *self)
{
  const LdDoctor *doctor = current_doctor (self);
  LdCache *cache = ld_session_get_cache (self->session);
  g_autofree char *day = current_day (self);

  g_cancellable_cancel (self->queue_cancellable);
  g_clear_object (&self->queue_cancellable);
  if (doctor == NULL || cache == NULL)
    return;
  self->queue_cancellable = g_cancellable_new ();
  ld_cache_appointments_day_async (cache, day, doctor->id, self->queue_cancellable, on_queue_cb,
                                   g_object_ref (self));
}

static void
on_cache_changed_cb (LdAppointmentsPage *self,
                     const LdCacheBatch *batch)
{
  if (ld_cache_batch_has_appointments (batch))
    read_queue (self);
}

/* Reads the doctor's schedule again, from the server, and the day from
 * the cache. */
static void
load_day (LdAppointmentsPage *self)
{
  const LdDoctor *doctor = current_doctor (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (doctor == NULL)
    {
      show_day (self);
      return;
    }
  read_queue (self);
  ld_clinic_schedule_async (ld_session_get_api_client (self->session), doctor->id,
                            self->cancellable, on_schedule_cb, g_object_ref (self));
}

static void
on_doctors_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdAppointmentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) doctors =
               ld_doctor_list_fetch_finish (LD_API_CLIENT (source), result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (doctors == NULL)
    {
      toast (self, ld_error_text_title (error));
      return;
    }
  for (guint i = 0; i < doctors->len; i++)
    gtk_string_list_append (names, ((LdDoctor *) g_ptr_array_index (doctors, i))->display_name);
  g_clear_pointer (&self->doctors, g_ptr_array_unref);
  self->doctors = g_steal_pointer (&doctors);
  gtk_drop_down_set_model (self->doctor_drop, G_LIST_MODEL (names));
  load_day (self);
}

static void
on_doctor_selected_cb (LdAppointmentsPage *self)
{
  if (self->doctors != NULL)
    load_day (self);
}

/* Local midnight of today, by the clock the server's rules read. */
static GDateTime *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (ld_time_now () / G_USEC_PER_SEC);

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 0, 0, 0);
}

static void
move_day (LdAppointmentsPage *self,
          int                 days)
{
  GDateTime *day = days == 0 ? NULL : g_date_time_add_days (self->day, days);

  if (day == NULL)
    day = today ();
  g_date_time_unref (self->day);
  self->day = day;
  gtk_list_box_unselect_all (self->slots_list);
  load_day (self);
}

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdAppointmentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAppointment) appointment =
               ld_clinic_appointment_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *text = NULL;

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = ld_appointment_text_moved (appointment, error);
  toast (self, text);
  update_actions (self);
  /* The feed brings the move to the cache as well; this read only shows
   * it sooner when the cache already has it. */
  read_queue (self);
}

static void
send_move (LdAppointmentsPage *self,
           LdCommandKind       kind,
           const char         *reason)
{
  LdAppointment *appointment = selected_appointment (self);

  g_return_if_fail (appointment != NULL);

  self->busy = TRUE;
  update_actions (self);
  ld_clinic_move_async (ld_session_get_api_client (self->session), kind, appointment, reason, 0,
                        self->cancellable, on_moved_cb, g_object_ref (self));
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (widget);
  const LdDoctor *doctor = current_doctor (self);
  const char *patient_id = selected_patient_id (self);
  gint64 slot = selected_slot (self);

  if (doctor == NULL || patient_id == NULL || slot == 0)
    return;
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_book_async (ld_session_get_api_client (self->session), patient_id, doctor->id, slot,
                        self->cancellable, on_moved_cb, g_object_ref (self));
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdAppointmentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean answered = ld_appointment_outbox_send_finish (LD_SESSION (source), result, &error);
  const char *text;

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text =
    ld_appointment_text_queued (answered ? NULL : error, ld_session_get_online (self->session));
  if (text != NULL)
    toast (self, text);
  /* Online, the token is said when the server answers (on_entry_sent_cb). */
  show_day (self);
}

/* A check-in or walk-in goes through the outbox: now when the server is
 * there, else when it is back. */
static void
set_sending (LdAppointmentsPage *self)
{
  self->busy = TRUE;
  update_actions (self);
}

static void
check_in_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (widget);
  LdAppointment *appointment = selected_appointment (self);

  if (appointment == NULL)
    return;
  set_sending (self);
  ld_appointment_outbox_check_in_async (self->session, appointment,
                                        self->cancellable, on_queued_cb, g_object_ref (self));
}

static void
walk_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (widget);
  const LdDoctor *doctor = current_doctor (self);
  const char *patient_id = selected_patient_id (self);

  if (doctor == NULL || patient_id == NULL)
    return;
  set_sending (self);
  ld_appointment_outbox_walk_in_async (self->session, patient_id,
                                       doctor->id, self->cancellable, on_queued_cb,
                                       g_object_ref (self));
}

/* A check-in or walk-in the server took: its token, said by the page in
 * sight (the calendar says it when it is the one shown). */
static void
on_entry_sent_cb (LdAppointmentsPage *self,
                  LdOutboxEntry      *entry,
                  gpointer            answer)
{
  g_autofree char *text = ld_appointment_text_sent (entry, answer);

  if (text == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    toast (self, text);
  show_day (self);
}

/* The outbox's list changed: the queue shows what waits in it. */
static void
on_outbox_changed_cb (LdAppointmentsPage *self)
{
  show_day (self);
}

static void
no_show_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  send_move (LD_APPOINTMENTS_PAGE (widget), LD_COMMAND_APPOINTMENT_NO_SHOW, NULL);
}

static void
on_cancel_response_cb (AdwMessageDialog   *dialog,
                       const char         *response,
                       LdAppointmentsPage *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  if (g_str_equal (response, "cancel-appointment") && *text != '\0' &&
      selected_appointment (self) != NULL)
    send_move (self, LD_COMMAND_APPOINTMENT_CANCEL, text);
}

static void
on_reason_changed_cb (GtkEditable      *reason,
                      AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "cancel-appointment", *text != '\0');
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (widget);
  LdAppointment *appointment = selected_appointment (self);
  GtkWidget *dialog;
  GtkWidget *reason;

  if (appointment == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Cancel the Appointment?"), NULL);
  /* Translators: the patient whose appointment is being cancelled. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The slot of %s becomes free for another booking. Say why "
                                    "it is cancelled."),
                                     appointment->patient_name);
  reason = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (reason), LD_APPOINTMENT_REASON_MAX);
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for cancelling"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep It"),
                                    "cancel-appointment", _("_Cancel Appointment"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment",
                                           FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect (reason, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

static void
previous_day_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_day (LD_APPOINTMENTS_PAGE (widget), -1);
}

static void
next_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_day (LD_APPOINTMENTS_PAGE (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  move_day (LD_APPOINTMENTS_PAGE (widget), 0);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load_day (LD_APPOINTMENTS_PAGE (widget));
}

static void
on_patient_search_changed_cb (LdAppointmentsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->patient_entry));
  g_autoptr(LdCacheView) view = NULL;
  LdCache *cache = ld_session_get_cache (self->session);

  if (cache == NULL || *text == '\0')
    return;
  view = ld_cache_view_new_patient_search (text, NULL);
  if (view == NULL)
    return;
  if (self->patients == NULL)
    {
      self->patients = ld_cache_list_new (cache, view);
      gtk_single_selection_set_model (self->patient_selection, G_LIST_MODEL (self->patients));
    }
  else
    ld_cache_list_set_view (self->patients, view);
}

static void
on_patient_activate_cb (LdAppointmentsPage *self)
{
  /* Enter in the entry picks the first patient found and goes to the slots. */
  gtk_single_selection_set_selected (self->patient_selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->slots_list));
}

static void
on_changed_cb (LdAppointmentsPage *self)
{
  update_actions (self);
}

/* Online or offline, the page says where the day it shows comes from; a
 * page opened offline reads the doctors once the server is back. */
static void
on_online_cb (LdAppointmentsPage *self)
{
  if (self->doctors == NULL && ld_session_get_online (self->session))
    ld_doctor_list_fetch_async (ld_session_get_api_client (self->session), self->cancellable,
                                on_doctors_cb, g_object_ref (self));
  show_day (self);
}

static void
ld_appointments_page_map (GtkWidget *widget)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (widget);

  GTK_WIDGET_CLASS (ld_appointments_page_parent_class)->map (widget);
  /* Others book and check in too: the day is read again when shown. */
  if (self->doctors != NULL)
    load_day (self);
}

static void
ld_appointments_page_constructed (GObject *object)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (object);

  G_OBJECT_CLASS (ld_appointments_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (on_online_cb), self,
                           G_CONNECT_SWAPPED);
  if (ld_session_get_cache (self->session) != NULL)
    g_signal_connect_object (ld_session_get_cache (self->session), "changed",
                             G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  if (ld_session_get_outbox (self->session) != NULL)
    {
      LdOutbox *outbox = ld_session_get_outbox (self->session);

      g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_entry_sent_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "entry-added", G_CALLBACK (on_outbox_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "entry-refused", G_CALLBACK (on_outbox_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "entry-discarded", G_CALLBACK (on_outbox_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  ld_doctor_list_fetch_async (ld_session_get_api_client (self->session), self->cancellable,
                              on_doctors_cb, g_object_ref (self));
  update_actions (self);
}

static void
ld_appointments_page_dispose (GObject *object)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->queue_cancellable);
  /* The lists tell of their rows going as they are disposed. */
  if (self->slots_list != NULL)
    g_signal_handlers_disconnect_by_data (self->slots_list, self);
  if (self->patient_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->patient_selection, self);
  if (self->doctor_drop != NULL)
    g_signal_handlers_disconnect_by_data (self->doctor_drop, self);
  self->patient_selection = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_APPOINTMENTS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->queue_cancellable);
  g_clear_object (&self->patients);
  g_clear_pointer (&self->doctors, g_ptr_array_unref);
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  g_clear_pointer (&self->schedule, ld_schedule_free);
  g_clear_pointer (&self->schedule_of, g_free);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_appointments_page_parent_class)->dispose (object);
}

static void
ld_appointments_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (object);

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
ld_appointments_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LdAppointmentsPage *self = LD_APPOINTMENTS_PAGE (object);

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
ld_appointments_page_class_init (LdAppointmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_appointments_page_constructed;
  object_class->dispose = ld_appointments_page_dispose;
  object_class->get_property = ld_appointments_page_get_property;
  object_class->set_property = ld_appointments_page_set_property;
  widget_class->map = ld_appointments_page_map;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-appointments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, doctor_drop);
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, slots_list);
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, patient_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAppointmentsPage, patient_view);

  gtk_widget_class_install_action (widget_class, "appointments.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "appointments.check-in", NULL, check_in_action);
  gtk_widget_class_install_action (widget_class, "appointments.walk-in", NULL, walk_in_action);
  gtk_widget_class_install_action (widget_class, "appointments.no-show", NULL, no_show_action);
  gtk_widget_class_install_action (widget_class, "appointments.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "appointments.previous-day", NULL,
                                   previous_day_action);
  gtk_widget_class_install_action (widget_class, "appointments.next-day", NULL, next_day_action);
  gtk_widget_class_install_action (widget_class, "appointments.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "appointments.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "appointments.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "appointments.check-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK,
                                       "appointments.walk-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "appointments.no-show",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK,
                                       "appointments.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "appointments.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "appointments.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK,
                                       "appointments.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "appointments.refresh", NULL);
}

static void
ld_appointments_page_init (LdAppointmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->day = today ();
  self->patient_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->patient_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->patient_selection, TRUE);
  gtk_list_view_set_model (self->patient_view, GTK_SELECTION_MODEL (self->patient_selection));
  g_object_unref (self->patient_selection);
  gtk_list_view_set_factory (self->patient_view,
                             ld_patient_row_factory_new ());
  g_signal_connect_swapped (self->patient_selection, "notify::selected",
                            G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->patient_entry, "search-changed",
                            G_CALLBACK (on_patient_search_changed_cb), self);
  g_signal_connect_swapped (self->patient_entry, "activate", G_CALLBACK (on_patient_activate_cb),
                            self);
  g_signal_connect_swapped (self->slots_list, "selected-rows-changed", G_CALLBACK (on_changed_cb),
                            self);
  g_signal_connect_swapped (self->doctor_drop, "notify::selected",
                            G_CALLBACK (on_doctor_selected_cb), self);
}

/**
 * ld_appointments_page_new:
 * @session: the signed-in session, whose API client asks the server
 *
 * Returns: (transfer full): the desk's day of appointments
 */
GtkWidget *
ld_appointments_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_APPOINTMENTS_PAGE, "session", session, NULL);
}
