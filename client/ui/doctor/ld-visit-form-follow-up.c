/* ld-visit-form-follow-up.c: the visit's follow-up, booked from its date
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The follow-up date offers the doctor's next free slots from that day
 * (GET /api/v1/slots), and the one chosen is booked with the
 * appointment's doctor, which the shared rule allows a doctor for their
 * own patient.
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

/* How many free slots the follow-up offers. */
#define FOLLOW_UP_SLOTS 6

/* The follow-up date typed, if it is one. */
gboolean
ld_visit_form_follow_up_date (LdVisitForm *self,
                GDate       *out_date)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->follow_up_entry))));

  return *text != '\0' && ld_time_parse_date (text, out_date);
}

void
ld_visit_form_clear_follow_up (LdVisitForm *self)
{
  ld_visit_form_clear_list (self->follow_up_slots);
  g_array_set_size (self->slots, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_up_slots), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_up_label), FALSE);
}

static char *
format_slot (gint64 start_us)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (start_us / G_USEC_PER_SEC);

  /* Translators: a free slot offered for a follow-up, in strftime() form. */
  return g_date_time_format (start, _("%a %d %b %Y, %H:%M"));
}

static void
on_slots_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdVisitForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) slots = ld_clinic_free_slots_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  ld_visit_form_update_actions (self);
  if (slots == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      ld_visit_form_toast (self, text);
      return;
    }
  ld_visit_form_clear_follow_up (self);
  g_array_append_vals (self->slots, slots->data, slots->len);
  for (guint i = 0; i < slots->len; i++)
    {
      g_autofree char *text = format_slot (g_array_index (slots, gint64, i));
      g_autofree char *name = g_strdup_printf ("follow-up-slot-%u", i);

      gtk_list_box_append (self->follow_up_slots, ld_visit_form_make_text_row (text, name));
    }
  if (slots->len == 0)
    {
      GtkWidget *row = ld_visit_form_make_text_row (_("No free slots in the next 60 days."), NULL);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->follow_up_slots, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->follow_up_slots), TRUE);
  gtk_widget_child_focus (GTK_WIDGET (self->follow_up_slots), GTK_DIR_TAB_FORWARD);
}

/* The doctor's next free slots from the follow-up date. */
void
ld_visit_form_book_follow_up_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  LdVisitForm *self = LD_VISIT_FORM (widget);
  GDate date;
  char day[16];

  if (self->appointment == NULL || !ld_visit_form_follow_up_date (self, &date))
    return;
  g_date_strftime (day, sizeof day, "%Y-%m-%d", &date);
  self->busy = TRUE;
  ld_visit_form_update_actions (self);
  ld_clinic_free_slots_async (ld_session_get_api_client (self->session),
                              self->appointment->doctor_id, day, FOLLOW_UP_SLOTS,
                              self->cancellable, on_slots_cb, g_object_ref (self));
}

static void
on_follow_up_booked_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(LdVisitForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAppointment) booked =
               ld_clinic_appointment_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  ld_visit_form_update_actions (self);
  if (booked == NULL)
    {
      g_autofree char *problem = ld_error_text_describe (error);

      ld_visit_form_toast (self, problem);
      return;
    }
  ld_visit_form_clear_follow_up (self);
  when = format_slot (booked->slot_us);
  /* Translators: a follow-up appointment the doctor has just booked. */
  text = g_strdup_printf (_("Follow-up booked: %s."), when);
  gtk_label_set_text (self->follow_up_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_up_label), TRUE);
  ld_visit_form_toast (self, text);
}

void
ld_visit_form_follow_up_row_activated (GtkListBox    *list,
                                     GtkListBoxRow *row,
                                     LdVisitForm   *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->appointment == NULL || index < 0 || (guint) index >= self->slots->len || self->busy)
    return;
  self->busy = TRUE;
  ld_visit_form_update_actions (self);
  ld_clinic_book_async (ld_session_get_api_client (self->session), self->appointment->patient_id,
                        self->appointment->doctor_id, g_array_index (self->slots, gint64, index),
                        self->cancellable, on_follow_up_booked_cb, g_object_ref (self));
}
