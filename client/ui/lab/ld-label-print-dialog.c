/* ld-label-print-dialog.c: roll or A4 sheet, and where on the sheet to start
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels go to a label printer's roll of 50 × 25 mm labels, or to an A4
 * sheet of 4 × 11 of them; a part-used sheet is fed again from its first
 * free label, counted along the rows from the top left (the server's
 * labels.pdf `layout` and `start`). The choice is kept with the signed-in
 * session, so a bench that prints on sheets is asked once, and the labels
 * printed at once after a collection follow it; it goes with the session
 * at sign-out.
 */

#define G_LOG_DOMAIN "ld-label-print-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-label-print-dialog.h"
#include "ld-print-labels.h"

struct _LdLabelPrintDialog
{
  AdwMessageDialog  parent_instance;

  LdSession        *session;

  GtkCheckButton   *roll_check;
  GtkCheckButton   *sheet_check;
  GtkSpinButton    *start_spin;
  GtkWidget        *start_box;
};

G_DEFINE_FINAL_TYPE (LdLabelPrintDialog, ld_label_print_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The session's choice: the layout, and on a sheet the first position
 * counted from 1 (0 while nothing was chosen). */
typedef struct
{
  LdLabelLayout layout;
  guint         start;
} Choice;

static GQuark
choice_quark (void)
{
  return g_quark_from_static_string ("ld-label-print-choice");
}

static void
on_layout_toggled_cb (LdLabelPrintDialog *self)
{
  gtk_widget_set_sensitive (self->start_box, gtk_check_button_get_active (self->sheet_check));
}

static void
on_response_cb (LdLabelPrintDialog *self,
                const char         *response)
{
  Choice *choice;

  if (g_strcmp0 (response, "print") != 0)
    return;
  choice = g_new0 (Choice, 1);
  choice->layout = ld_label_print_dialog_get_layout (self);
  choice->start = ld_label_print_dialog_get_start (self) + 1;
  g_object_set_qdata_full (G_OBJECT (self->session), choice_quark (), choice, g_free);
}

static void
ld_label_print_dialog_dispose (GObject *object)
{
  LdLabelPrintDialog *self = LD_LABEL_PRINT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_LABEL_PRINT_DIALOG);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_label_print_dialog_parent_class)->dispose (object);
}

static void
ld_label_print_dialog_class_init (LdLabelPrintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_label_print_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/lab/ld-label-print-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLabelPrintDialog, roll_check);
  gtk_widget_class_bind_template_child (widget_class, LdLabelPrintDialog, sheet_check);
  gtk_widget_class_bind_template_child (widget_class, LdLabelPrintDialog, start_spin);
  gtk_widget_class_bind_template_child (widget_class, LdLabelPrintDialog, start_box);
  gtk_widget_class_bind_template_callback (widget_class, on_layout_toggled_cb);
}

static void
ld_label_print_dialog_init (LdLabelPrintDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spin_button_set_range (self->start_spin, 1, LD_PRINT_LABELS_PER_SHEET);
  gtk_spin_button_set_increments (self->start_spin, 1, 4);
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
}

/**
 * ld_label_print_dialog_new:
 * @parent: the window
 * @session: the signed-in session, which keeps the choice
 *
 * Returns: (transfer full): the dialog, not yet shown, set to the
 *   session's last choice; its "print" response keeps the choice
 */
GtkWidget *
ld_label_print_dialog_new (GtkWindow *parent,
                           LdSession *session)
{
  LdLabelPrintDialog *self;
  LdLabelLayout layout;
  guint first;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  self = g_object_new (LD_TYPE_LABEL_PRINT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  ld_label_print_choice_get (session, &layout, &first);
  gtk_check_button_set_active (layout == LD_LABEL_LAYOUT_A4_SHEET ? self->sheet_check :
                               self->roll_check, TRUE);
  gtk_spin_button_set_value (self->start_spin, first + 1);
  on_layout_toggled_cb (self);
  return GTK_WIDGET (self);
}

LdLabelLayout
ld_label_print_dialog_get_layout (LdLabelPrintDialog *self)
{
  g_return_val_if_fail (LD_IS_LABEL_PRINT_DIALOG (self), LD_LABEL_LAYOUT_ROLL);

  return gtk_check_button_get_active (self->sheet_check) ? LD_LABEL_LAYOUT_A4_SHEET
                                                         : LD_LABEL_LAYOUT_ROLL;
}

/**
 * ld_label_print_dialog_get_start:
 *
 * Returns: the first position to print on, counted from 0 as
 *   ld_print_labels_async() takes it; 0 on a roll
 */
guint
ld_label_print_dialog_get_start (LdLabelPrintDialog *self)
{
  g_return_val_if_fail (LD_IS_LABEL_PRINT_DIALOG (self), 0);

  if (ld_label_print_dialog_get_layout (self) != LD_LABEL_LAYOUT_A4_SHEET)
    return 0;
  return (guint) CLAMP (gtk_spin_button_get_value_as_int (self->start_spin), 1,
                        LD_PRINT_LABELS_PER_SHEET) - 1;
}

/**
 * ld_label_print_choice_get:
 * @session: the signed-in session
 * @out_layout: (out): the layout last chosen, a roll when none was
 * @out_first_position: (out): its first position, from 0; 0 on a roll
 *
 * What the session's last label dialog chose, for labels printed
 * without asking.
 */
void
ld_label_print_choice_get (LdSession     *session,
                           LdLabelLayout *out_layout,
                           guint         *out_first_position)
{
  Choice *choice;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (out_layout != NULL && out_first_position != NULL);

  choice = g_object_get_qdata (G_OBJECT (session), choice_quark ());
  *out_layout = choice ? choice->layout : LD_LABEL_LAYOUT_ROLL;
  *out_first_position =
    choice && choice->layout == LD_LABEL_LAYOUT_A4_SHEET ? choice->start - 1 : 0;
}
