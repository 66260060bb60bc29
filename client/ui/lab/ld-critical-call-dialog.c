/* ld-critical-call-dialog.c: the record of a critical value telephoned
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A critical value is verified only once someone responsible for the
 * patient has been told: the verifier says whom they telephoned, in what
 * role, when (now unless changed, as HH:MM today), and ticks that the
 * value was read back. The record is what the server keeps and prints on
 * the report; until every part is given the dialog says what is missing
 * and cannot be accepted, so nothing is verified without it.
 */

#define G_LOG_DOMAIN "ld-critical-call-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-critical-call-dialog.h"
#include "ld-time.h"

struct _LdCriticalCallDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name_row;
  AdwEntryRow      *role_row;
  AdwEntryRow      *time_row;
  GtkCheckButton   *read_back_check;
  GtkLabel         *problem_label;
};

G_DEFINE_FINAL_TYPE (LdCriticalCallDialog, ld_critical_call_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
dup_field (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* "14:32" today, local time; 0 when it is not a time of day. */
static gint64
parse_clock (const char *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = NULL;
  guint64 hours;
  guint64 minutes;
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);

  if (g_strv_length (parts) != 2 || *parts[0] == '\0' || strlen (parts[1]) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, 23, &hours, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 59, &minutes, NULL))
    return 0;
  at = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), (int) hours, (int) minutes, 0);
  return at ? g_date_time_to_unix (at) * G_USEC_PER_SEC : 0;
}

/* What still stops the record, in words; NULL when it is whole. */
static const char *
find_problem (LdCriticalCallDialog *self,
              gint64               *called_at_us)
{
  g_autofree char *name = dup_field (self->name_row);
  g_autofree char *role = dup_field (self->role_row);
  g_autofree char *clock = dup_field (self->time_row);
  gint64 at = parse_clock (clock);

  if (called_at_us != NULL)
    *called_at_us = at;
  if (*name == '\0')
    return _("Say whom you telephoned.");
  if (g_utf8_strlen (name, -1) > 100)
    return _("The name is too long: at most 100 characters.");
  if (*role == '\0')
    return _("Say their role or relationship, such as referring doctor.");
  if (g_utf8_strlen (role, -1) > 100)
    return _("The role is too long: at most 100 characters.");
  if (at == 0)
    return _("Type the time of the call as HH:MM, such as 14:32.");
  if (at > g_get_real_time ())
    return _("The time of the call is in the future.");
  if (!gtk_check_button_get_active (self->read_back_check))
    return _("The value must be read back by the person called before it is verified.");
  return NULL;
}

static void
on_field_changed_cb (LdCriticalCallDialog *self)
{
  const char *problem = find_problem (self, NULL);

  gtk_label_set_text (self->problem_label, problem ? problem : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "record", problem == NULL);
}

static void
ld_critical_call_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CRITICAL_CALL_DIALOG);

  G_OBJECT_CLASS (ld_critical_call_dialog_parent_class)->dispose (object);
}

static void
ld_critical_call_dialog_class_init (LdCriticalCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_critical_call_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/lab/ld-critical-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCriticalCallDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LdCriticalCallDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, LdCriticalCallDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, LdCriticalCallDialog, read_back_check);
  gtk_widget_class_bind_template_child (widget_class, LdCriticalCallDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
}

static void
ld_critical_call_dialog_init (LdCriticalCallDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), clock);
  on_field_changed_cb (self);
}

/**
 * ld_critical_call_dialog_new:
 * @parent: the window
 * @values: the critical values in words ("Potassium 6.8 mmol/L, critical
 *   high"), said in the dialog's body
 *
 * Returns: (transfer full): the dialog, not yet shown; its "record"
 *   response is enabled only once the record is whole
 */
GtkWidget *
ld_critical_call_dialog_new (GtkWindow  *parent,
                             const char *values)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (values != NULL, NULL);

  /* Translators: %s lists the critical values, "Potassium 6.8 mmol/L (critical high)". */
  body = g_strdup_printf (_("%s is critical. Telephone it to the doctor or ward responsible "
                            "before verifying, and record the call."), values);
  return g_object_new (LD_TYPE_CRITICAL_CALL_DIALOG, "transient-for", parent, "modal", TRUE,
                       "body", body, NULL);
}

/**
 * ld_critical_call_dialog_dup_call:
 *
 * Returns: (transfer full) (nullable): the call recorded (name, role,
 *   when; read back), for a verification's `critical_call`, or %NULL
 *   while the record is not whole
 */
LdCriticalCall *
ld_critical_call_dialog_dup_call (LdCriticalCallDialog *self)
{
  LdCriticalCall *call;
  gint64 called_at_us;

  g_return_val_if_fail (LD_IS_CRITICAL_CALL_DIALOG (self), NULL);

  if (find_problem (self, &called_at_us) != NULL)
    return NULL;
  call = ld_critical_call_new ();
  call->name = dup_field (self->name_row);
  call->role = dup_field (self->role_row);
  call->called_us = called_at_us;
  call->called_at = ld_time_format_rfc3339 (called_at_us);
  return call;
}
