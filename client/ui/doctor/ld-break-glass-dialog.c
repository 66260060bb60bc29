/* ld-break-glass-dialog.c: why a doctor must read another doctor's patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Breaking the glass opens a patient's results to a doctor who has not
 * ordered for them, for a while, on a stated reason that the audit log
 * keeps and the administrators see in a list. The dialog says so before
 * anything is sent, and checks the reason as it is typed with the
 * server's own rule (shared/model/ld-break-glass.c): "Break the Glass" is
 * enabled only for a reason the server will take.
 */

#define G_LOG_DOMAIN "ld-break-glass-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-break-glass.h"
#include "ld-break-glass-dialog.h"

struct _LdBreakGlassDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *reason_row;
  GtkLabel         *problem_label;
};

G_DEFINE_FINAL_TYPE (LdBreakGlassDialog, ld_break_glass_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_reason_changed_cb (LdBreakGlassDialog *self)
{
  g_autofree char *reason = ld_break_glass_dialog_dup_reason (self);
  glong length = g_utf8_strlen (reason, -1);
  g_autofree char *problem = NULL;

  if (ld_break_glass_check_reason (reason) == NULL)
    /* Translators: under a valid break-the-glass reason: its length in characters. */
    problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld character of at most %d.",
                                            "%ld characters of at most %d.", length),
                               length, LD_BREAK_GLASS_REASON_MAX);
  else if (length < LD_BREAK_GLASS_REASON_MIN)
    /* Translators: under a break-the-glass reason that is too short. */
    problem =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "Too short: %ld character; say why in at least %d.",
                                    "Too short: %ld characters; say why in at least %d.", length),
                       length, LD_BREAK_GLASS_REASON_MIN);
  else
    /* Translators: under a break-the-glass reason that is too long. */
    problem = g_strdup_printf (_("Too long: %ld characters; at most %d."), length,
                                  LD_BREAK_GLASS_REASON_MAX);
  gtk_label_set_text (self->problem_label, problem);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "break",
                                           ld_break_glass_check_reason (reason) == NULL);
}

static void
ld_break_glass_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_BREAK_GLASS_DIALOG);

  G_OBJECT_CLASS (ld_break_glass_dialog_parent_class)->dispose (object);
}

static void
ld_break_glass_dialog_class_init (LdBreakGlassDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_break_glass_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/doctor/ld-break-glass-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdBreakGlassDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LdBreakGlassDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed_cb);
}

static void
ld_break_glass_dialog_init (LdBreakGlassDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_reason_changed_cb (self);
}

/**
 * ld_break_glass_dialog_new:
 * @parent: the window
 * @patient: the patient's name and MRN, said in the dialog's body
 *
 * Returns: (transfer full): the dialog, not yet shown; its "break"
 *   response is enabled only for a reason the server takes
 */
GtkWidget *
ld_break_glass_dialog_new (GtkWindow  *parent,
                           const char *patient)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (patient != NULL, NULL);

  /* Translators: %s is the patient ("Farhan Qureshi, P000001"). */
  body = g_strdup_printf (_("You have not ordered for %s. Breaking the glass opens their orders "
                            "and results to you for a limited time. It is recorded in the audit "
                            "log with your name and reason, and shown to the administrators. "
                            "Say why you must read them now."), patient);
  return g_object_new (LD_TYPE_BREAK_GLASS_DIALOG, "transient-for", parent, "modal", TRUE,
                       "body", body, NULL);
}

/**
 * ld_break_glass_dialog_dup_reason:
 *
 * Returns: (transfer full): the reason typed, without spaces at either end
 */
char *
ld_break_glass_dialog_dup_reason (LdBreakGlassDialog *self)
{
  g_return_val_if_fail (LD_IS_BREAK_GLASS_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}
