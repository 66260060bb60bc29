/* ld-calendar-page.c: the desk's calendar: every doctor's day, or one doctor's week
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME Calendar's day and week, for a clinic: the day view has a column
 * per doctor, the week view a column per day of the doctor under the
 * cursor. Everything is read through ld-calendar-source.c and drawn by
 * ld-calendar-grid.c; this page moves between days and acts on the slot
 * under the cursor. Enter on a free slot asks whom to book; Enter on a
 * booking offers what the shared command check allows (check in,
 * reschedule, cancel with a reason, print the token); while a booking is
 * being moved, Enter on a free slot moves it there. A check-in goes
 * through the outbox, so offline it is kept and sent when the server is
 * back; the other moves need the server.
 */

#define G_LOG_DOMAIN "ld-calendar-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-appointment-text.h"
#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-calendar-dialogs.h"
#include "ld-calendar-grid.h"
#include "ld-calendar-page.h"
#include "ld-calendar-print.h"
#include "ld-calendar-source.h"
#include "ld-time.h"
#include "store/ld-appointment-outbox.h"
#include "store/ld-cache-appointments.h"
#include "store/ld-cache.h"
#include "store/ld-clinic-calls.h"
#include "store/ld-outbox.h"

struct _LdCalendarPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  /* The read under way, and the moves and prints. */
  GCancellable   *cancellable;
  GCancellable   *moves;
  /* The day shown (the day view), or a day of the week shown; local midnight. */
  GDateTime      *day;
  char           *view;
  /* The doctor of the week view. */
  char           *week_doctor;
  gboolean        busy;
  /* A booking being moved to another slot: its data keeps it. */
  LdCalendarData *moving_data;
  LdAppointment  *moving;
  char           *export_path;
  guint           reload_id;

  LdCalendarGrid *grid;
  GtkLabel       *day_label;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (LdCalendarPage, ld_calendar_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void load (LdCalendarPage *self);

static void
toast (LdCalendarPage *self,
       const char     *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static gboolean
is_week (LdCalendarPage *self)
{
  return g_strcmp0 (self->view, "week") == 0;
}

static gboolean
offers (LdCalendarPage      *self,
        LdCommandKind        kind,
        const LdAppointment *appointment)
{
  LdCommandTarget target = { 0 };

  target.appointment = (LdAppointment *) appointment;
  return ld_session_can (self->session, kind, appointment != NULL ? &target : NULL);
}

/* What the cursor's slot offers, from the shared rules, in one place. */
static void
update_actions (LdCalendarPage *self)
{
  LdAppointment *appointment = NULL;
  gint64 slot = 0;
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, &slot, &appointment);
  gboolean online = ld_session_get_online (self->session);
  gboolean ready = !self->busy && online && column != NULL;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean free_slot = ready && slot > ld_time_now () && appointment == NULL;

  gtk_widget_action_set_enabled (widget, "calendar.book",
                                 free_slot && self->moving == NULL &&
                                   offers (self, LD_COMMAND_APPOINTMENT_BOOK, NULL));
  gtk_widget_action_set_enabled (widget, "calendar.move-here",
                                 free_slot && self->moving != NULL);
  gtk_widget_action_set_enabled (widget, "calendar.stop-moving", self->moving != NULL);
  /* A check-in waits in the outbox offline; the rest needs the server. */
  gtk_widget_action_set_enabled (widget, "calendar.check-in",
                                 !self->busy && column != NULL && appointment != NULL &&
                                   offers (self, LD_COMMAND_APPOINTMENT_CHECK_IN, appointment));
  gtk_widget_action_set_enabled (widget, "calendar.cancel",
                                 ready && appointment != NULL &&
                                   offers (self, LD_COMMAND_APPOINTMENT_CANCEL, appointment));
  gtk_widget_action_set_enabled (widget, "calendar.reschedule",
                                 ready && appointment != NULL && self->moving == NULL &&
                                   offers (self, LD_COMMAND_APPOINTMENT_RESCHEDULE, appointment));
  gtk_widget_action_set_enabled (widget, "calendar.print-token",
                                 column != NULL && appointment != NULL && appointment->token > 0);
  gtk_widget_action_set_enabled (widget, "calendar.print-day", column != NULL);
}

static void
show_status (LdCalendarPage *self)
{
  LdCalendarData *data = ld_calendar_grid_get_data (self->grid);

  if (self->moving != NULL)
    {
      /* Translators: while a booking is moved; %s is the patient. */
      g_autofree char *text =
        g_strdup_printf (_("Choose the new time for %s and press Enter; Escape to stop."),
                            self->moving->patient_name ?: "");

      gtk_label_set_text (self->status_label, text);
    }
  else if (data != NULL && data->columns->len == 0)
    gtk_label_set_text (self->status_label, _("No doctor sees patients by appointment yet."));
  else if (!ld_session_get_online (self->session))
    gtk_label_set_text (self->status_label, _("Booking needs the server."));
  else
    gtk_label_set_text (self->status_label, "");
}

static void
show_title (LdCalendarPage *self)
{
  g_autofree char *title = NULL;

  if (is_week (self))
    {
      g_autoptr(GDateTime) monday =
                   g_date_time_add_days (self->day, 1 - g_date_time_get_day_of_week (self->day));

      /* Translators: the week shown, in strftime() form: "Week of Mon 23 Nov 2026". */
      title = g_date_time_format (monday, _("Week of %a %d %b %Y"));
    }
  else
    /* Translators: the day shown, in strftime() form: "Thu 26 Nov 2026". */
    title = g_date_time_format (self->day, _("%a %d %b %Y"));
  gtk_label_set_text (self->day_label, title);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdCalendarPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCalendarData) data =
               ld_calendar_source_load_finish (LD_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data == NULL)
    {
      toast (self, ld_error_text_title (error));
      return;
    }
  ld_calendar_grid_set_data (self->grid, data, is_week (self));
  show_status (self);
  update_actions (self);
}

/* Reads what the view shows again. */
static void
load (LdCalendarPage *self)
{
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *day = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_title (self);
  if (is_week (self) && self->week_doctor != NULL)
    first = g_date_time_add_days (self->day, 1 - g_date_time_get_day_of_week (self->day));
  else
    first = g_date_time_ref (self->day);
  day = g_date_time_format (first, "%Y-%m-%d");
  ld_calendar_source_load_async (self->session, is_week (self) ? self->week_doctor : NULL, day,
                                 is_week (self) && self->week_doctor != NULL ? 7 : 1,
                                 self->cancellable, on_loaded_cb, g_object_ref (self));
}

static gboolean
reload_cb (gpointer user_data)
{
  LdCalendarPage *self = user_data;

  self->reload_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  return G_SOURCE_REMOVE;
}

/* The cache heard of an appointment's move (another desk booked, a
 * doctor called a patient in): read again, once for a burst of them. */
static void
on_cache_changed_cb (LdCalendarPage     *self,
                     const LdCacheBatch *batch)
{
  if (!ld_cache_batch_has_appointments (batch))
    return;
  if (self->reload_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_id = g_timeout_add (250, reload_cb, self);
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
set_day (LdCalendarPage *self,
         GDateTime      *day)
{
  g_date_time_unref (self->day);
  self->day = day;
  load (self);
}

static void
stop_moving (LdCalendarPage *self)
{
  self->moving = NULL;
  g_clear_pointer (&self->moving_data, ld_calendar_data_unref);
  show_status (self);
  update_actions (self);
}

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdCalendarPage) self = user_data;
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
  load (self);
}

static void
on_checked_in_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LdCalendarPage) self = user_data;
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
  update_actions (self);
}

/* The token of a check-in the server took, said when this page is shown. */
static void
on_entry_sent_cb (LdCalendarPage *self,
                  LdOutboxEntry  *entry,
                  gpointer        answer)
{
  g_autofree char *text = ld_appointment_text_sent (entry, answer);

  if (text != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    toast (self, text);
}

static void
send_move (LdCalendarPage      *self,
           LdCommandKind        kind,
           const LdAppointment *appointment,
           const char          *reason,
           gint64               start_us)
{
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_move_async (ld_session_get_api_client (self->session), kind, appointment, reason,
                        start_us, self->moves, on_moved_cb, g_object_ref (self));
}

/* Dialogs. */

static void
on_patient_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        LdCalendarPage   *self)
{
  const char *patient_id = ld_calendar_patient_dialog_get_id (dialog);
  gint64 *slot = g_object_get_data (G_OBJECT (dialog), "slot");
  const char *doctor_id = g_object_get_data (G_OBJECT (dialog), "doctor");

  if (!g_str_equal (response, "book") || patient_id == NULL || self->busy)
    return;
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_book_async (ld_session_get_api_client (self->session), patient_id, doctor_id, *slot,
                        self->moves, on_moved_cb, g_object_ref (self));
}

static void
on_reason_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       LdCalendarPage   *self)
{
  g_autofree char *reason = ld_calendar_reason_dialog_dup_reason (dialog);
  LdAppointment *appointment = NULL;

  ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);
  if (g_str_equal (response, "cancel-appointment") && *reason != '\0' && appointment != NULL &&
      !self->busy)
    send_move (self, LD_COMMAND_APPOINTMENT_CANCEL, appointment, reason, 0);
}

static void
on_slot_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     LdCalendarPage   *self)
{
  if (g_str_has_prefix (response, "calendar."))
    gtk_widget_activate_action (GTK_WIDGET (self), response, NULL);
}

static void
add_offer (LdCalendarPage   *self,
           AdwMessageDialog *dialog,
           const char       *action,
           const char       *label)
{
  LdAppointment *appointment = NULL;
  gboolean enabled = FALSE;

  ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);
  if (g_str_equal (action, "calendar.check-in"))
    enabled = offers (self, LD_COMMAND_APPOINTMENT_CHECK_IN, appointment);
  else if (g_str_equal (action, "calendar.reschedule"))
    enabled = offers (self, LD_COMMAND_APPOINTMENT_RESCHEDULE, appointment);
  else if (g_str_equal (action, "calendar.cancel"))
    enabled = offers (self, LD_COMMAND_APPOINTMENT_CANCEL, appointment);
  else
    enabled = appointment->token > 0;
  adw_message_dialog_add_response (dialog, action, label);
  adw_message_dialog_set_response_enabled (dialog, action,
                                           enabled && !self->busy &&
                                             (ld_session_get_online (self->session) ||
                                              g_str_equal (action, "calendar.print-token") ||
                                              g_str_equal (action, "calendar.check-in")));
}

/* Enter on a booking: what it offers, in a dialog a keyboard answers. */
static void
offer_slot (LdCalendarPage *self)
{
  LdAppointment *appointment = NULL;
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);
  g_autofree char *said = ld_calendar_grid_describe_cursor (self->grid);
  AdwMessageDialog *dialog;

  g_return_if_fail (column != NULL && appointment != NULL);

  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                            appointment->patient_name, said));
  /* libadwaita 1.2 puts the cursor on the last button, so Enter answers
   * with the one that comes last: checking in a booking, else its token.
   * Escape closes. */
  add_offer (self, dialog, "calendar.cancel", _("_Cancel Appointment"));
  add_offer (self, dialog, "calendar.reschedule", _("_Reschedule"));
  if (appointment->state == LD_APPOINTMENT_STATE_BOOKED)
    {
      add_offer (self, dialog, "calendar.print-token", _("_Print Token"));
      add_offer (self, dialog, "calendar.check-in", _("Check _In"));
    }
  else
    {
      add_offer (self, dialog, "calendar.check-in", _("Check _In"));
      add_offer (self, dialog, "calendar.print-token", _("_Print Token"));
    }
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_slot_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_grid_activate_cb (LdCalendarPage *self)
{
  LdAppointment *appointment = NULL;
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);

  if (column == NULL)
    return;
  if (appointment != NULL)
    offer_slot (self);
  else if (self->moving != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "calendar.move-here", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "calendar.book", NULL);
}

static void
on_cursor_changed_cb (LdCalendarPage *self)
{
  update_actions (self);
}

/* Actions. */

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  gint64 slot = 0;
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, &slot, NULL);
  g_autofree char *clock = NULL;
  g_autofree char *heading = NULL;
  GtkWindow *dialog;

  if (column == NULL || slot == 0)
    return;
  clock = ld_order_text_clock (slot);
  /* Translators: the booking dialog's heading: the doctor and the slot's time. */
  heading = g_strdup_printf (_("Book %s at %s"), column->doctor_name, clock);
  dialog = ld_calendar_patient_dialog_new (widget, self->session, heading);
  g_object_set_data_full (G_OBJECT (dialog), "slot", g_memdup2 (&slot, sizeof slot), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "doctor", g_strdup (column->doctor_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_patient_response_cb), self, 0);
  gtk_window_present (dialog);
}

static void
check_in_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  LdAppointment *appointment = NULL;

  ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);
  if (appointment == NULL)
    return;
  /* Through the outbox, as the appointments page does: kept offline. */
  self->busy = TRUE;
  update_actions (self);
  ld_appointment_outbox_check_in_async (self->session, appointment,
                                        self->moves, on_checked_in_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  LdAppointment *appointment = NULL;
  GtkWindow *dialog;

  ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);
  if (appointment == NULL)
    return;
  dialog = ld_calendar_reason_dialog_new (widget, appointment->patient_name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reason_response_cb), self, 0);
  gtk_window_present (dialog);
}

static void
reschedule_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  LdAppointment *appointment = NULL;

  ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);
  if (appointment == NULL)
    return;
  g_clear_pointer (&self->moving_data, ld_calendar_data_unref);
  self->moving_data = ld_calendar_data_ref (ld_calendar_grid_get_data (self->grid));
  self->moving = appointment;
  show_status (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
move_here_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  gint64 slot = 0;
  g_autoptr(LdCalendarData) keep = NULL;
  LdAppointment *moving = self->moving;

  ld_calendar_grid_get_cursor (self->grid, &slot, NULL);
  if (moving == NULL || slot == 0)
    return;
  keep = g_steal_pointer (&self->moving_data);
  self->moving = NULL;
  show_status (self);
  send_move (self, LD_COMMAND_APPOINTMENT_RESCHEDULE, moving, NULL, slot);
}

static void
stop_moving_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  stop_moving (LD_CALENDAR_PAGE (widget));
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdCalendarPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (ld_calendar_print_finish (result, &error))
    toast (self, _("Printed"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static GtkWindow *
parent_window (LdCalendarPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
print_day_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, NULL, NULL);

  if (column != NULL)
    ld_calendar_print_day_async (parent_window (self), column, self->export_path, self->moves,
                                 on_printed_cb, g_object_ref (self));
}

static void
print_token_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (widget);
  LdAppointment *appointment = NULL;
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, NULL, &appointment);

  if (column != NULL && appointment != NULL && appointment->token > 0)
    ld_calendar_print_token_async (parent_window (self), column, appointment, self->export_path,
                                   self->moves, on_printed_cb, g_object_ref (self));
}

static void
move_day (LdCalendarPage *self,
          int             step)
{
  set_day (self, g_date_time_add_days (self->day, step * (is_week (self) ? 7 : 1)));
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_day (LD_CALENDAR_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_day (LD_CALENDAR_PAGE (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  set_day (LD_CALENDAR_PAGE (widget), today ());
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load (LD_CALENDAR_PAGE (widget));
}

/* The view, "day" or "week": the week is the doctor's under the cursor,
 * and the day back is the day under the cursor. */
static void
set_view (LdCalendarPage *self,
          const char     *view)
{
  const LdCalendarColumn *column = ld_calendar_grid_get_cursor (self->grid, NULL, NULL);
  gint64 midnight_us = 0;

  if (g_strcmp0 (self->view, view) == 0)
    return;
  g_free (self->view);
  self->view = g_strdup (g_str_equal (view, "week") ? "week" : "day");
  if (column != NULL && is_week (self))
    {
      g_free (self->week_doctor);
      self->week_doctor = g_strdup (column->doctor_id);
    }
  if (column != NULL && ld_schedule_parse_day (column->day, &midnight_us))
    {
      g_date_time_unref (self->day);
      self->day = g_date_time_new_from_unix_local (midnight_us / G_USEC_PER_SEC);
    }
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VIEW]);
}

/* GObject and GtkWidget. */

static void
on_online_cb (LdCalendarPage *self)
{
  show_status (self);
  update_actions (self);
}

static void
ld_calendar_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ld_calendar_page_parent_class)->map (widget);
  /* Others book and check in too: the day is read again when shown. */
  load (LD_CALENDAR_PAGE (widget));
}

static gboolean
ld_calendar_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_CALENDAR_PAGE (widget)->grid));
}

static void
ld_calendar_page_constructed (GObject *object)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (object);
  LdCache *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_calendar_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (on_online_cb), self,
                           G_CONNECT_SWAPPED);
  if (cache != NULL)
    g_signal_connect_object (cache, "changed", G_CALLBACK (on_cache_changed_cb), self,
                             G_CONNECT_SWAPPED);
  if (ld_session_get_outbox (self->session) != NULL)
    g_signal_connect_object (ld_session_get_outbox (self->session), "entry-sent",
                             G_CALLBACK (on_entry_sent_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ld_calendar_page_dispose (GObject *object)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->moves);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->grid != NULL)
    g_signal_handlers_disconnect_by_data (self->grid, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CALENDAR_PAGE);
  self->moving = NULL;
  g_clear_pointer (&self->moving_data, ld_calendar_data_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->moves);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->week_doctor, g_free);
  g_clear_pointer (&self->export_path, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_calendar_page_parent_class)->dispose (object);
}

static void
ld_calendar_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_calendar_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LdCalendarPage *self = LD_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind (GtkWidgetClass  *widget_class,
      guint            key,
      GdkModifierType  modifiers,
      const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, modifiers, action, NULL);
}

static void
ld_calendar_page_class_init (LdCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_calendar_page_constructed;
  object_class->dispose = ld_calendar_page_dispose;
  object_class->get_property = ld_calendar_page_get_property;
  object_class->set_property = ld_calendar_page_set_property;
  widget_class->map = ld_calendar_page_map;
  widget_class->grab_focus = ld_calendar_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "day",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_CALENDAR_GRID);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCalendarPage, grid);
  gtk_widget_class_bind_template_child (widget_class, LdCalendarPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, LdCalendarPage, status_label);

  gtk_widget_class_install_property_action (widget_class, "calendar.view", "view");
  gtk_widget_class_install_action (widget_class, "calendar.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "calendar.move-here", NULL, move_here_action);
  gtk_widget_class_install_action (widget_class, "calendar.stop-moving", NULL,
                                   stop_moving_action);
  gtk_widget_class_install_action (widget_class, "calendar.check-in", NULL, check_in_action);
  gtk_widget_class_install_action (widget_class, "calendar.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "calendar.reschedule", NULL,
                                   reschedule_action);
  gtk_widget_class_install_action (widget_class, "calendar.print-day", NULL, print_day_action);
  gtk_widget_class_install_action (widget_class, "calendar.print-token", NULL,
                                   print_token_action);
  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "calendar.refresh", NULL, refresh_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "calendar.view", "s",
                                       "day");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "calendar.view", "s",
                                       "week");
  bind (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "calendar.book");
  bind (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "calendar.check-in");
  bind (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "calendar.cancel");
  bind (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "calendar.reschedule");
  bind (widget_class, GDK_KEY_Escape, 0, "calendar.stop-moving");
  bind (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "calendar.print-day");
  bind (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "calendar.print-token");
  bind (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "calendar.previous");
  bind (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "calendar.next");
  bind (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, "calendar.today");
  bind (widget_class, GDK_KEY_F5, 0, "calendar.refresh");
}

static void
ld_calendar_page_init (LdCalendarPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->moves = g_cancellable_new ();
  self->day = today ();
  self->view = g_strdup ("day");
  g_signal_connect_swapped (self->grid, "activate", G_CALLBACK (on_grid_activate_cb), self);
  g_signal_connect_swapped (self->grid, "cursor-changed", G_CALLBACK (on_cursor_changed_cb),
                            self);
}

/**
 * ld_calendar_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the desk's calendar
 */
GtkWidget *
ld_calendar_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_CALENDAR_PAGE, "session", session, NULL);
}

/**
 * ld_calendar_page_set_export_path:
 * @path: (nullable): a PDF file
 *
 * Makes printing write @path ("Save as PDF") instead of showing the print
 * dialog; %NULL shows the dialog again.
 */
void
ld_calendar_page_set_export_path (LdCalendarPage *self,
                                  const char     *path)
{
  g_return_if_fail (LD_IS_CALENDAR_PAGE (self));

  g_free (self->export_path);
  self->export_path = g_strdup (path);
}
