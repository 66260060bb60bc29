/* ld-leave-dialog.c: a doctor's day of leave, taken by the doctor or set by the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dialog for both: the doctor takes their own day of leave from the
 * Today page, the administrator adds one to any doctor's schedule. The day
 * is checked by the shared rule (ld_schedule_parse_day()) before anything
 * is sent; the server's refusal (a day that is leave already) is shown
 * beside the day. The days of leave are listed under the form, as the
 * server last gave them.
 */

#define G_LOG_DOMAIN "ld-leave-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-clinic-calls.h"
#include "ld-leave-dialog.h"
#include "ld-time.h"

struct _LdLeaveDialog
{
  AdwWindow     parent_instance;

  LdSession    *session;
  char         *doctor_id;
  GCancellable *cancellable;
  gboolean      busy;

  AdwEntryRow  *day_row;
  AdwEntryRow  *reason_row;
  GtkLabel     *status_label;
  GtkLabel     *leave_label;
};

G_DEFINE_FINAL_TYPE (LdLeaveDialog, ld_leave_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_DOCTOR_ID,
  N_PROPS
};

enum
{
  TAKEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
say (LdLeaveDialog *self,
     const char    *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
show_leave (LdLeaveDialog    *self,
            const LdSchedule *schedule)
{
  g_autofree char *days = ld_leave_dialog_format_days (schedule);
  g_autofree char *text = NULL;

  if (days == NULL)
    {
      gtk_label_set_text (self->leave_label, _("No days of leave."));
      return;
    }
  /* Translators: %s lists the days of leave, "2030-01-10, 2030-01-11". */
  text = g_strdup_printf (_("Days of leave: %s"), days);
  gtk_label_set_text (self->leave_label, text);
}

static void
update_actions (LdLeaveDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.take",
                                 !self->busy && ld_session_get_online (self->session));
}

static void
on_schedule_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdLeaveDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule =
               ld_clinic_schedule_finish (LD_API_CLIENT (source), result, &error);

  if (schedule != NULL)
    show_leave (self, schedule);
}

static void
on_taken_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdLeaveDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule =
               ld_clinic_schedule_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_actions (self);
  if (schedule == NULL)
    {
      g_autofree char *described = ld_error_text_describe (error);
      GHashTable *fields = ld_api_error_get_fields (error);
      const char *day_error = fields ? g_hash_table_lookup (fields, "day") : NULL;

      if (day_error != NULL)
        ld_field_error_set (GTK_WIDGET (self->day_row), day_error);
      say (self, described);
      return;
    }
  /* Translators: %s is the day of leave just taken, "2030-01-10". */
  text = g_strdup_printf (_("Leave taken for %s."),
                             gtk_editable_get_text (GTK_EDITABLE (self->day_row)));
  say (self, text);
  show_leave (self, schedule);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  g_signal_emit (self, signals[TAKEN], 0);
}

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdLeaveDialog   *self = LD_LEAVE_DIALOG (widget);
  g_autofree char *day =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->day_row))));
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  gint64 midnight;

  if (self->busy)
    return;
  ld_field_error_set (GTK_WIDGET (self->day_row), NULL);
  say (self, NULL);
  if (!ld_schedule_parse_day (day, &midnight))
    {
      ld_field_error_set (GTK_WIDGET (self->day_row), _("Type a date such as 2030-01-10."));
      gtk_widget_grab_focus (GTK_WIDGET (self->day_row));
      return;
    }
  self->busy = TRUE;
  update_actions (self);
  ld_clinic_leave_async (ld_session_get_api_client (self->session), self->doctor_id, day,
                         *reason ? reason : NULL, self->cancellable, on_taken_cb,
                         g_object_ref (self));
}

static void
on_row_entry_activated_cb (LdLeaveDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "leave.take", NULL);
}

static void
ld_leave_dialog_constructed (GObject *object)
{
  LdLeaveDialog *self = LD_LEAVE_DIALOG (object);
  g_autofree char *today = ld_schedule_day_of (ld_time_now ());

  G_OBJECT_CLASS (ld_leave_dialog_parent_class)->constructed (object);

  gtk_editable_set_text (GTK_EDITABLE (self->day_row), today);
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  ld_clinic_schedule_async (ld_session_get_api_client (self->session), self->doctor_id,
                            self->cancellable, on_schedule_cb, g_object_ref (self));
}

static void
ld_leave_dialog_dispose (GObject *object)
{
  LdLeaveDialog *self = LD_LEAVE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_LEAVE_DIALOG);

  G_OBJECT_CLASS (ld_leave_dialog_parent_class)->dispose (object);
}

static void
ld_leave_dialog_finalize (GObject *object)
{
  LdLeaveDialog *self = LD_LEAVE_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->doctor_id, g_free);

  G_OBJECT_CLASS (ld_leave_dialog_parent_class)->finalize (object);
}

static void
ld_leave_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdLeaveDialog *self = LD_LEAVE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DOCTOR_ID:
      g_value_set_string (value, self->doctor_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_leave_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdLeaveDialog *self = LD_LEAVE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_DOCTOR_ID:
      self->doctor_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_leave_dialog_class_init (LdLeaveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_leave_dialog_constructed;
  object_class->dispose = ld_leave_dialog_dispose;
  object_class->finalize = ld_leave_dialog_finalize;
  object_class->get_property = ld_leave_dialog_get_property;
  object_class->set_property = ld_leave_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCTOR_ID] =
    g_param_spec_string ("doctor-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdLeaveDialog::taken:
   *
   * A day of leave was taken; the doctor's schedule changed.
   */
  signals[TAKEN] = g_signal_new ("taken", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/common/ld-leave-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLeaveDialog, day_row);
  gtk_widget_class_bind_template_child (widget_class, LdLeaveDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LdLeaveDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdLeaveDialog, leave_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "leave.take", NULL, take_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_leave_dialog_init (LdLeaveDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_leave_dialog_new:
 * @session: the signed-in session
 * @doctor_id: whose leave: the signed-in doctor, or any for the administrator
 * @parent: (nullable): the window it opens over
 *
 * Returns: (transfer none): the dialog, not yet presented; it is destroyed
 *   when closed
 */
LdLeaveDialog *
ld_leave_dialog_new (LdSession  *session,
                     const char *doctor_id,
                     GtkWindow  *parent)
{
  LdLeaveDialog *self;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (doctor_id != NULL, NULL);

  self = g_object_new (LD_TYPE_LEAVE_DIALOG, "session", session, "doctor-id", doctor_id,
                       "transient-for", parent, "destroy-with-parent", TRUE, NULL);
  return self;
}

static int
compare_day (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * ld_leave_dialog_format_days:
 * @schedule: a doctor's schedule
 *
 * Returns: (transfer full) (nullable): the days of leave in order,
 *   "2030-01-10, 2030-01-11", or %NULL when there are none
 */
char *
ld_leave_dialog_format_days (const LdSchedule *schedule)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer day;

  g_return_val_if_fail (schedule != NULL, NULL);

  g_hash_table_iter_init (&iter, schedule->leave);
  while (g_hash_table_iter_next (&iter, &day, NULL))
    g_ptr_array_add (days, day);
  if (days->len == 0)
    return NULL;
  g_ptr_array_sort (days, compare_day);
  g_ptr_array_add (days, NULL);
  return g_strjoinv (", ", (char **) days->pdata);
}
