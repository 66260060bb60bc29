/* ld-visit-form-previous.c: the patient's earlier visits, beside the one written
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read once a patient is chosen (GET /api/v1/patients/{id}/visits, which
 * the server audits), listed by day, doctor, complaint and diagnosis,
 * each shown read-only when chosen; the visit being written is left out.
 */

#define G_LOG_DOMAIN "ld-visit-form"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-visit-form-private.h"
#include "ld-visit-text.h"
#include "store/ld-clinic-calls.h"
#include "store/ld-visit-calls.h"
#include "ld-time.h"

void
ld_visit_form_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
ld_visit_form_make_text_row (const char *text,
               const char *name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  if (name != NULL)
    gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return row;
}

void
ld_visit_form_previous_row_selected (GtkListBox    *list,
                                  GtkListBoxRow *row,
                                  LdVisitForm   *self)
{
  LdPastVisit     *past = row != NULL ? g_object_get_data (G_OBJECT (row), "visit") : NULL;
  g_autofree char *text =
    past != NULL ? ld_visit_text_describe (past->visit, past->day, past->doctor_name) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->previous_label), text != NULL);
  gtk_label_set_text (self->previous_label, text != NULL ? text : "");
}

void
ld_visit_form_show_previous (LdVisitForm *self)
{
  guint shown = 0;

  ld_visit_form_clear_list (self->previous_list);
  gtk_widget_set_visible (GTK_WIDGET (self->previous_label), FALSE);
  for (guint i = 0; self->previous != NULL && i < self->previous->len; i++)
    {
      LdPastVisit *past = g_ptr_array_index (self->previous, i);
      g_autofree char *name = g_strdup_printf ("previous-visit-%s", past->visit->appointment_id);
      /* Translators: a past visit in a list: day, doctor, complaint, diagnosis. */
      g_autofree char *text =
        g_strdup_printf (_("%s · %s · %s · %s"), past->day,
                            past->doctor_name != NULL ? past->doctor_name : "",
                            past->visit->complaint != NULL ? past->visit->complaint : "—",
                            past->visit->diagnosis != NULL ? past->visit->diagnosis : "—");
      GtkWidget *row;

      /* The visit being written is the one above. */
      if (self->appointment != NULL &&
          g_strcmp0 (past->visit->appointment_id, self->appointment->id) == 0)
        continue;
      row = ld_visit_form_make_text_row (text, name);
      g_object_set_data (G_OBJECT (row), "visit", past);
      gtk_list_box_append (self->previous_list, row);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *row = ld_visit_form_make_text_row (_("No earlier visits."), NULL);

      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->previous_list, row);
    }
}

static void
on_previous_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdVisitForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) visits =
               ld_clinic_patient_visits_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->previous_cancellable);
  if (visits == NULL)
    {
      ld_visit_form_toast (self, ld_error_text_title (error));
      return;
    }
  g_clear_pointer (&self->previous, g_ptr_array_unref);
  self->previous = g_steal_pointer (&visits);
  ld_visit_form_show_previous (self);
}

/* The patient's earlier visits, read once a patient is chosen. */
void
ld_visit_form_read_previous (LdVisitForm *self)
{
  const char *patient_id = self->appointment != NULL ? self->appointment->patient_id : NULL;

  if (g_strcmp0 (patient_id, self->previous_of) == 0)
    return;
  g_cancellable_cancel (self->previous_cancellable);
  g_clear_object (&self->previous_cancellable);
  g_clear_pointer (&self->previous, g_ptr_array_unref);
  g_free (self->previous_of);
  self->previous_of = g_strdup (patient_id);
  ld_visit_form_show_previous (self);
  if (patient_id == NULL)
    return;
  self->previous_cancellable = g_cancellable_new ();
  ld_clinic_patient_visits_async (ld_session_get_api_client (self->session), patient_id,
                                  self->previous_cancellable, on_previous_cb, g_object_ref (self));
}
