/* ld-custody-dialog.c: a sample rejected (why, and what becomes of its
 * tests) or stored (where)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rejection says why, from the reasons a lab meets every day or in the
 * person's own words (or both), and what becomes of the sample's tests:
 * a new sample collected (the order goes to the recollection tab) or the
 * tests cancelled. The server needs both, so the dialog cannot be
 * accepted until a reason is given. Storing asks only where the tube is
 * put: a rack, a fridge.
 */

#define G_LOG_DOMAIN "ld-custody-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-custody-dialog.h"

struct _LdCustodyDialog
{
  AdwMessageDialog  parent_instance;

  char             *event;

  GtkWidget        *reject_box;
  GtkCheckButton   *haemolysed_check;
  GtkCheckButton   *clotted_check;
  GtkCheckButton   *too_little_check;
  GtkCheckButton   *wrong_tube_check;
  GtkCheckButton   *label_check;
  GtkCheckButton   *leaked_check;
  GtkCheckButton   *other_check;
  AdwEntryRow      *details_row;
  GtkCheckButton   *recollect_check;
  GtkCheckButton   *cancel_tests_check;
  AdwEntryRow      *location_row;
};

G_DEFINE_FINAL_TYPE (LdCustodyDialog, ld_custody_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GtkCheckButton *
chosen_reason (LdCustodyDialog *self)
{
  GtkCheckButton *reasons[] = { self->haemolysed_check, self->clotted_check,
                                self->too_little_check, self->wrong_tube_check,
                                self->label_check, self->leaked_check, self->other_check };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (gtk_check_button_get_active (reasons[i]))
      return reasons[i];
  return NULL;
}

/* A check button's label without its mnemonic's underline. */
static char *
dup_plain_label (GtkCheckButton *check)
{
  g_autofree char *label = g_strdup (gtk_check_button_get_label (check));
  GString *plain = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  return g_string_free (plain, FALSE);
}

static char *
dup_details (LdCustodyDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->details_row))));
}

static void
on_field_changed_cb (LdCustodyDialog *self)
{
  g_autofree char *reason = ld_custody_dialog_dup_reason (self);

  if (g_str_equal (self->event, "rejected"))
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "accept",
                                             reason != NULL && *reason != '\0');
}

static void
ld_custody_dialog_finalize (GObject *object)
{
  g_free (LD_CUSTODY_DIALOG (object)->event);

  G_OBJECT_CLASS (ld_custody_dialog_parent_class)->finalize (object);
}

static void
ld_custody_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CUSTODY_DIALOG);

  G_OBJECT_CLASS (ld_custody_dialog_parent_class)->dispose (object);
}

static void
ld_custody_dialog_class_init (LdCustodyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_custody_dialog_dispose;
  object_class->finalize = ld_custody_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-custody-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, reject_box);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, haemolysed_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, clotted_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, too_little_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, wrong_tube_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, label_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, leaked_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, other_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, details_row);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, recollect_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, cancel_tests_check);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyDialog, location_row);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
}

static void
ld_custody_dialog_init (LdCustodyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_custody_dialog_new:
 * @parent: (nullable): the bench's window
 * @event: "rejected" or "stored"
 * @accession: the sample's accession, named in the heading
 *
 * The dialog answers "accept" when the person confirms.
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
GtkWidget *
ld_custody_dialog_new (GtkWindow  *parent,
                       const char *event,
                       const char *accession)
{
  LdCustodyDialog *self;
  gboolean rejecting;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (g_strcmp0 (event, "rejected") == 0 || g_strcmp0 (event, "stored") == 0,
                        NULL);

  self = g_object_new (LD_TYPE_CUSTODY_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->event = g_strdup (event);
  rejecting = g_str_equal (event, "rejected");
  heading = rejecting
    /* Translators: the reject dialog's heading; %s is the sample's accession. */
    ? g_strdup_printf (_("Reject Sample %s"), accession ? accession : "")
    /* Translators: the store dialog's heading; %s is the sample's accession. */
    : g_strdup_printf (_("Store Sample %s"), accession ? accession : "");
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (
    ADW_MESSAGE_DIALOG (self),
    rejecting ? _("Say why the sample cannot be used, and whether a new one is to be collected.")
              : _("Say where the tube is kept: a rack, a fridge, a shelf."));
  gtk_widget_set_visible (self->reject_box, rejecting);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->location_row)), !rejecting);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "accept",
                                         rejecting ? _("_Reject Sample") : _("_Store Sample"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "accept",
                                              rejecting ? ADW_RESPONSE_DESTRUCTIVE
                                                        : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "accept", !rejecting);
  return GTK_WIDGET (self);
}

/* Returns: "rejected" or "stored" */
const char *
ld_custody_dialog_get_event (LdCustodyDialog *self)
{
  g_return_val_if_fail (LD_IS_CUSTODY_DIALOG (self), NULL);

  return self->event;
}

/**
 * ld_custody_dialog_dup_reason:
 *
 * Returns: (transfer full) (nullable): the reason chosen, with the words
 *   typed after it ("Haemolysed: drawn through a thin needle"), or the
 *   words alone; %NULL when neither is given
 */
char *
ld_custody_dialog_dup_reason (LdCustodyDialog *self)
{
  GtkCheckButton *chosen;
  g_autofree char *details = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (LD_IS_CUSTODY_DIALOG (self), NULL);

  chosen = chosen_reason (self);
  details = dup_details (self);
  label = chosen != NULL && chosen != self->other_check
    ? dup_plain_label (chosen) : NULL;
  if (label != NULL && *details != '\0')
    /* Translators: a rejection's reason, then the words typed about it. */
    return g_strdup_printf (_("%s: %s"), label, details);
  if (label != NULL)
    return g_steal_pointer (&label);
  return *details != '\0' ? g_steal_pointer (&details) : NULL;
}

/* Returns: (transfer full): where the sample is stored, as typed */
char *
ld_custody_dialog_dup_location (LdCustodyDialog *self)
{
  g_return_val_if_fail (LD_IS_CUSTODY_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->location_row))));
}

/* Returns: whether a new sample is wanted (else the sample's tests are
 * cancelled) */
gboolean
ld_custody_dialog_get_recollect (LdCustodyDialog *self)
{
  g_return_val_if_fail (LD_IS_CUSTODY_DIALOG (self), TRUE);

  return !gtk_check_button_get_active (self->cancel_tests_check);
}
