/* ld-admin-schedule-page.c: the administrator sets each doctor's working week and leave
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctors are listed; choosing one reads their schedule. Each
 * weekday is one entry, "09:00-17:00" or empty for a day off, which is
 * what a clerk types fastest; the breaks are one entry of spans with
 * commas. Before anything is sent the form's texts are judged by
 * ld_schedule_from_form(), which runs the server's own reader
 * (ld_schedule_read()), so a bad span is refused beside its field by the
 * one rule; the server's own refusal is put beside the field it names the
 * same way. Leave days are listed and added through the leave dialog the
 * doctors use themselves.
 */

#define G_LOG_DOMAIN "ld-admin-schedule-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-leave-dialog.h"
#include "ld-admin-call.h"
#include "ld-admin-schedule-page.h"
#include "ld-clinic-calls.h"
#include "ld-doctor-list.h"
#include "ld-schedule.h"

struct _LdAdminSchedulePage
{
  AdwBin        parent_instance;

  LdSession    *session;
  char         *doctor_id;
  GHashTable   *fields;
  gboolean      busy;

  GtkListBox   *doctors_list;
  GtkLabel     *title_label;
  GtkListBox   *week_list;
  GtkListBox   *days_list;
  AdwEntryRow  *speciality_row;
  AdwEntryRow  *room_row;
  AdwEntryRow  *slot_row;
  AdwEntryRow  *day_rows[7];
  AdwEntryRow  *breaks_row;
  GtkLabel     *status_label;
  GtkLabel     *leave_label;
};

G_DEFINE_FINAL_TYPE (LdAdminSchedulePage, ld_admin_schedule_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The wire's weekdays, Monday first, as LdSchedule's hours are. */
static const struct
{
  const char *key;
  const char *title;
} weekdays[] = {
  { "mon", N_("Monday") },   { "tue", N_("Tuesday") }, { "wed", N_("Wednesday") },
                                                           { "thu", N_("Thursday") }, { "fri", N_("Friday") },  { "sat", N_("Saturday") },
                                                                                                                    { "sun", N_("Sunday") } };

G_STATIC_ASSERT (G_N_ELEMENTS (weekdays) == 7);

static void load (LdAdminSchedulePage *self);

static void
update_actions (LdAdminSchedulePage *self)
{
  gboolean ready = self->doctor_id != NULL && !self->busy && ld_session_get_online (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.save", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.add-leave", ready);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
show_leave (LdAdminSchedulePage *self,
            const LdSchedule    *schedule)
{
  g_autofree char *days = ld_leave_dialog_format_days (schedule);

  gtk_label_set_text (self->leave_label, days != NULL ? days : _("No days of leave."));
}

/* The form shows @schedule's week in the words the API writes
 * (ld_span_format()), so the spans read back as they were saved. */
static void
fill_form (LdAdminSchedulePage *self,
           const LdSchedule    *schedule)
{
  g_autofree char *slot = g_strdup_printf ("%d", schedule->slot_minutes);
  g_autoptr(GString) breaks = g_string_new (NULL);

  set_text (self->speciality_row, schedule->speciality);
  set_text (self->room_row, schedule->room);
  set_text (self->slot_row, slot);
  for (guint day = 0; day < G_N_ELEMENTS (weekdays); day++)
    {
      /* A day off has no end. */
      g_autofree char *span = schedule->hours[day].end_min > 0
                                ? ld_span_format (&schedule->hours[day])
                                : NULL;

      set_text (self->day_rows[day], span);
    }
  for (guint i = 0; i < schedule->breaks->len; i++)
    {
      g_autofree char *span = ld_span_format (&g_array_index (schedule->breaks, LdSpan, i));

      g_string_append_printf (breaks, "%s%s", i > 0 ? ", " : "", span);
    }
  set_text (self->breaks_row, breaks->str);
  show_leave (self, schedule);
}

/* The form's texts judged by the shared rule (ld_schedule_from_form()),
 * the one place a span, a slot length or a text's length is judged. */
static LdSchedule *
read_form (LdAdminSchedulePage  *self,
           GError              **error)
{
  LdScheduleForm form = { 0 };
  LdSchedule *schedule;

  form.speciality = gtk_editable_get_text (GTK_EDITABLE (self->speciality_row));
  form.room = gtk_editable_get_text (GTK_EDITABLE (self->room_row));
  form.slot_minutes = gtk_editable_get_text (GTK_EDITABLE (self->slot_row));
  for (guint day = 0; day < G_N_ELEMENTS (weekdays); day++)
    form.hours[day] = gtk_editable_get_text (GTK_EDITABLE (self->day_rows[day]));
  form.breaks = gtk_editable_get_text (GTK_EDITABLE (self->breaks_row));
  schedule = ld_schedule_from_form (&form, error);
  if (schedule != NULL)
    schedule->doctor_id = g_strdup (self->doctor_id);
  return schedule;
}

static void
set_editable (LdAdminSchedulePage *self,
              gboolean             editable)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->week_list), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->days_list), editable);
}

static void
loaded (GtkWidget    *widget,
        LdApiClient  *client,
        GAsyncResult *result)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule = ld_clinic_schedule_finish (client, result, &error);

  self->busy = FALSE;
  update_actions (self);
  if (schedule == NULL && g_error_matches (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND))
    {
      g_autoptr(LdSchedule) empty = ld_schedule_new ();

      fill_form (self, empty);
      set_editable (self, TRUE);
      ld_admin_say (self->status_label, _("No schedule yet: type the working week and save it."));
      return;
    }
  if (schedule == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  fill_form (self, schedule);
  set_editable (self, TRUE);
  ld_admin_say (self->status_label, NULL);
}

static void
load (LdAdminSchedulePage *self)
{
  if (self->doctor_id == NULL)
    return;
  self->busy = TRUE;
  update_actions (self);
  ld_field_errors_clear (self->fields);
  ld_clinic_schedule_async (ld_session_get_api_client (self->session), self->doctor_id, NULL,
                            ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), loaded));
}

static void
saved (GtkWidget    *widget,
       LdApiClient  *client,
       GAsyncResult *result)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule = ld_clinic_schedule_finish (client, result, &error);

  self->busy = FALSE;
  update_actions (self);
  if (schedule == NULL)
    {
      if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_CONFLICT))
        ld_admin_say (self->status_label,
                      _("Someone else changed this schedule meanwhile; read it again and retry."));
      else if (ld_field_errors_show (error, self->fields) > 0)
        ld_admin_say (self->status_label, _("The server refused the fields marked."));
      else
        ld_admin_say_error (self->status_label, error);
      return;
    }
  fill_form (self, schedule);
  ld_admin_say (self->status_label, _("Schedule saved."));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule = NULL;

  if (self->doctor_id == NULL || self->busy)
    return;
  schedule = read_form (self, &error);
  if (ld_field_errors_show (error, self->fields) > 0 || schedule == NULL)
    {
      ld_admin_say (self->status_label, _("Correct the fields marked; nothing was sent."));
      return;
    }
  self->busy = TRUE;
  update_actions (self);
  ld_admin_say (self->status_label, _("Saving…"));
  ld_clinic_schedule_set_async (ld_session_get_api_client (self->session), schedule, NULL,
                                ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), saved));
}

static void
add_leave_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (widget);
  LdLeaveDialog *dialog;

  if (self->doctor_id == NULL)
    return;
  dialog =
    ld_leave_dialog_new (self->session, self->doctor_id, GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "taken", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_doctors_list_row_selected_cb (LdAdminSchedulePage *self,
                                 GtkListBoxRow       *row)
{
  const char *id = row ? g_object_get_data (G_OBJECT (row), "doctor-id") : NULL;
  const char *name = row ? g_object_get_data (G_OBJECT (row), "doctor-name") : NULL;

  if (id == NULL || g_strcmp0 (id, self->doctor_id) == 0)
    return;
  g_free (self->doctor_id);
  self->doctor_id = g_strdup (id);
  gtk_label_set_text (self->title_label, name);
  load (self);
}

static void
doctors_loaded (GtkWidget    *widget,
                LdApiClient  *client,
                GAsyncResult *result)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) doctors = ld_doctor_list_fetch_finish (client, result, &error);

  if (doctors == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  if (doctors->len == 0)
    ld_admin_say (self->status_label, _("No doctors yet: add a user with the doctor role."));
  for (guint i = 0; i < doctors->len; i++)
    {
      const LdDoctor *doctor = g_ptr_array_index (doctors, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), doctor->display_name);
      g_object_set_data_full (G_OBJECT (row), "doctor-id", g_strdup (doctor->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "doctor-name", g_strdup (doctor->display_name),
                              g_free);
      gtk_list_box_append (self->doctors_list, row);
    }
}

static void
build_day_rows (LdAdminSchedulePage *self)
{
  for (guint day = 0; day < G_N_ELEMENTS (weekdays); day++)
    {
      g_autofree char *field = g_strdup_printf ("hours.%s", weekdays[day].key);
      g_autofree char *name = g_strdup_printf ("schedule-%s", weekdays[day].key);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(weekdays[day].title));
      gtk_widget_set_name (row, name);
      gtk_list_box_append (self->days_list, row);
      self->day_rows[day] = ADW_ENTRY_ROW (row);
      g_hash_table_insert (self->fields, g_steal_pointer (&field), row);
    }
  self->breaks_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->breaks_row),
                                 _("Breaks (13:00-14:00, …)"));
  gtk_widget_set_name (GTK_WIDGET (self->breaks_row), "schedule-breaks");
  gtk_list_box_append (self->days_list, GTK_WIDGET (self->breaks_row));
  g_hash_table_insert (self->fields, g_strdup ("breaks"), self->breaks_row);
  g_hash_table_insert (self->fields, g_strdup ("speciality"), self->speciality_row);
  g_hash_table_insert (self->fields, g_strdup ("room"), self->room_row);
  g_hash_table_insert (self->fields, g_strdup ("slot_minutes"), self->slot_row);
}

static void
ld_admin_schedule_page_constructed (GObject *object)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (object);

  G_OBJECT_CLASS (ld_admin_schedule_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  ld_doctor_list_fetch_async (ld_session_get_api_client (self->session), NULL, ld_admin_done_cb,
                              ld_admin_hold (GTK_WIDGET (self), doctors_loaded));
}

static void
ld_admin_schedule_page_dispose (GObject *object)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_SCHEDULE_PAGE);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_admin_schedule_page_parent_class)->dispose (object);
}

static void
ld_admin_schedule_page_finalize (GObject *object)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (object);

  g_free (self->doctor_id);

  G_OBJECT_CLASS (ld_admin_schedule_page_parent_class)->finalize (object);
}

static void
ld_admin_schedule_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (object);

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
ld_admin_schedule_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LdAdminSchedulePage *self = LD_ADMIN_SCHEDULE_PAGE (object);

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
ld_admin_schedule_page_class_init (LdAdminSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_schedule_page_constructed;
  object_class->dispose = ld_admin_schedule_page_dispose;
  object_class->finalize = ld_admin_schedule_page_finalize;
  object_class->get_property = ld_admin_schedule_page_get_property;
  object_class->set_property = ld_admin_schedule_page_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, doctors_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, week_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, days_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, speciality_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, room_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, slot_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSchedulePage, leave_label);
  gtk_widget_class_bind_template_callback (widget_class, on_doctors_list_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "schedule.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "schedule.save",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "schedule.add-leave", NULL, add_leave_action);
}

static void
ld_admin_schedule_page_init (LdAdminSchedulePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  build_day_rows (self);
}

/**
 * ld_admin_schedule_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the doctors' schedules
 */
GtkWidget *
ld_admin_schedule_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_SCHEDULE_PAGE, "session", session, NULL);
}
