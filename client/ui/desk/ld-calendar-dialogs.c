/* ld-calendar-dialogs.c: the calendar's questions: whom to book, why cancel
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enter on a free slot asks whom to book: a search of the patients the
 * desk's cache holds (the same search view as the window's), where Enter
 * books the first found. Cancelling asks why; the response is enabled
 * only once a reason is typed, as the server requires one.
 */

#define G_LOG_DOMAIN "ld-calendar-dialogs"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-record-rows.h"
#include "ld-appointment-rules.h"
#include "ld-calendar-dialogs.h"
#include "store/ld-cache-list.h"
#include "store/ld-cache-view.h"

typedef struct
{
  AdwMessageDialog   *dialog;
  LdCache            *cache;
  LdCacheList        *patients;
  GtkSingleSelection *selection;
  GtkSearchEntry     *entry;
} Picker;

static void
picker_free (Picker *picker)
{
  g_clear_object (&picker->patients);
  g_clear_object (&picker->cache);
  g_free (picker);
}

static const char *
picked_id (Picker *picker)
{
  LdCacheRecord *record = gtk_single_selection_get_selected_item (picker->selection);

  return record != NULL && ld_cache_record_get_loaded (record) ? ld_cache_record_get_id (record)
                                                               : NULL;
}

static void
on_picked_cb (Picker *picker)
{
  adw_message_dialog_set_response_enabled (picker->dialog, "book", picked_id (picker) != NULL);
}

static void
on_search_changed_cb (Picker *picker)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (picker->entry));
  g_autoptr(LdCacheView) view = NULL;

  if (picker->cache == NULL || *text == '\0')
    return;
  view = ld_cache_view_new_patient_search (text, NULL);
  if (view == NULL)
    return;
  if (picker->patients == NULL)
    {
      picker->patients = ld_cache_list_new (picker->cache, view);
      gtk_single_selection_set_model (picker->selection, G_LIST_MODEL (picker->patients));
    }
  else
    ld_cache_list_set_view (picker->patients, view);
}

/* Enter books the first patient found, as the appointments page does. */
static void
on_entry_activate_cb (Picker *picker)
{
  if (picker->patients == NULL || g_list_model_get_n_items (G_LIST_MODEL (picker->patients)) == 0)
    return;
  gtk_single_selection_set_selected (picker->selection, 0);
  if (picked_id (picker) == NULL)
    return;
  /* A response emitted by hand leaves the dialog open, unlike its button. */
  adw_message_dialog_response (picker->dialog, "book");
  gtk_window_close (GTK_WINDOW (picker->dialog));
}

/**
 * ld_calendar_patient_dialog_new:
 * @origin: the widget the dialog is for
 * @session: the session, whose cache is searched
 * @heading: what is booked ("Book Dr Rao at 10:30")
 *
 * Asks whom to book. Its "book" response is enabled once a patient is
 * chosen; ld_calendar_patient_dialog_get_id() says whom.
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
ld_calendar_patient_dialog_new (GtkWidget  *origin,
                                LdSession  *session,
                                const char *heading)
{
  Picker *picker = g_new0 (Picker, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;
  GtkWidget *dialog;
  LdCache *cache = ld_session_get_cache (session);

  g_return_val_if_fail (GTK_IS_WIDGET (origin), NULL);
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (origin)), heading,
                                   _("Type the patient's name, number or phone, and press Enter "
                                     "to book the first found."));
  picker->dialog = ADW_MESSAGE_DIALOG (dialog);
  picker->cache = cache != NULL ? g_object_ref (cache) : NULL;
  picker->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (picker->entry), "patient_entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picker->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Patient to book"), -1);
  picker->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (picker->selection, FALSE);
  gtk_single_selection_set_can_unselect (picker->selection, TRUE);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (picker->selection),
                            ld_patient_row_factory_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Patients found"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 180);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (picker->entry));
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_message_dialog_set_extra_child (picker->dialog, box);
  adw_message_dialog_add_responses (picker->dialog, "close", _("_Close"), "book", _("_Book"),
                                    NULL);
  adw_message_dialog_set_response_appearance (picker->dialog, "book", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (picker->dialog, "book", FALSE);
  adw_message_dialog_set_close_response (picker->dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "picker", picker, (GDestroyNotify) picker_free);
  g_signal_connect_swapped (picker->selection, "notify::selected", G_CALLBACK (on_picked_cb),
                            picker);
  g_signal_connect_swapped (picker->entry, "search-changed", G_CALLBACK (on_search_changed_cb),
                            picker);
  g_signal_connect_swapped (picker->entry, "activate", G_CALLBACK (on_entry_activate_cb), picker);
  /* The dialog focuses its buttons when shown: the cursor goes in after. */
  g_signal_connect_object (dialog, "map", G_CALLBACK (gtk_widget_grab_focus), picker->entry,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  return GTK_WINDOW (dialog);
}

/**
 * ld_calendar_patient_dialog_get_id:
 *
 * Returns: (transfer none) (nullable): the id of the patient chosen
 */
const char *
ld_calendar_patient_dialog_get_id (AdwMessageDialog *dialog)
{
  Picker *picker = g_object_get_data (G_OBJECT (dialog), "picker");

  g_return_val_if_fail (picker != NULL, NULL);

  return picked_id (picker);
}

static void
on_reason_changed_cb (GtkEditable      *reason,
                      AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "cancel-appointment", *text != '\0');
}

/**
 * ld_calendar_reason_dialog_new:
 * @origin: the widget the dialog is for
 * @patient_name: whose appointment is cancelled
 *
 * Asks why an appointment is cancelled; its "cancel-appointment"
 * response is enabled once a reason is typed.
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
ld_calendar_reason_dialog_new (GtkWidget  *origin,
                               const char *patient_name)
{
  GtkWidget *dialog;
  GtkWidget *reason;

  g_return_val_if_fail (GTK_IS_WIDGET (origin), NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (origin)),
                                   _("Cancel the Appointment?"), NULL);
  /* Translators: the patient whose appointment is being cancelled. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The slot of %s becomes free for another booking. Say why "
                                    "it is cancelled."),
                                     patient_name != NULL ? patient_name : "");
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
  g_signal_connect_object (dialog, "map", G_CALLBACK (gtk_widget_grab_focus), reason,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  return GTK_WINDOW (dialog);
}

/**
 * ld_calendar_reason_dialog_dup_reason:
 *
 * Returns: (transfer full): the reason typed, trimmed; "" for none
 */
char *
ld_calendar_reason_dialog_dup_reason (AdwMessageDialog *dialog)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");

  g_return_val_if_fail (reason != NULL, NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (reason)));
}
