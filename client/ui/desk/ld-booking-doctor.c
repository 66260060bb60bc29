/* ld-booking-doctor.c: the booking page's referring doctor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row names the order's referring doctor: as the name is typed, the
 * lab's doctors whose names it matches (each word starting a word of the
 * name, the patient search's rule) are listed under it; Down goes to the
 * list and Enter chooses one, which the order names by id (doctor_id).
 * A name that is not chosen is an outside doctor's, sent as typed
 * (referring_doctor_name) and checked as it is typed by the server's own
 * rule, ld_order_check_referring_doctor(): an order names one or the
 * other. Editing a chosen doctor's name makes it a typed name again.
 *
 * The doctors come from the server (GET …/doctors) when it is
 * there; offline, only an outside name can be typed.
 */

#define G_LOG_DOMAIN "ld-booking-doctor"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-booking-doctor.h"
#include "ld-json.h"
#include "ld-order.h"
#include "ld-patient-rules.h"
#include "ld-text.h"
#include "store/ld-doctor-list.h"

#define MAX_MATCHES 6

struct _LdBookingDoctor
{
  GObject       parent_instance;

  LdSession    *session;
  GCancellable *cancellable;
  GPtrArray    *doctors;     /* LdDoctor, NULL until read */
  gboolean      reading;
  /* The doctor chosen from the list, while the row shows their name. */
  LdDoctor     *chosen;
  gboolean      setting_text;

  AdwEntryRow  *name_row;
  GtkListBox   *matches_list;
  GtkLabel     *kind_label;
};

G_DEFINE_FINAL_TYPE (LdBookingDoctor, ld_booking_doctor, G_TYPE_OBJECT)

static void refresh (LdBookingDoctor *self);

static char *
dup_typed (LdBookingDoctor *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static void
on_doctors_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdBookingDoctor) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *doctors = ld_doctor_list_fetch_finish (LD_API_CLIENT (source), result, &error);

  self->reading = FALSE;
  if (doctors == NULL)
    {
      /* Offline or refused: an outside name can still be typed. */
      g_debug ("The lab's doctors were not read: %s", error->message);
      return;
    }
  g_clear_pointer (&self->doctors, g_ptr_array_unref);
  self->doctors = doctors;
  if (self->name_row != NULL)
    refresh (self);
}

static void
read_doctors (LdBookingDoctor *self)
{
  LdApiClient *client = ld_session_get_api_client (self->session);

  if (self->doctors != NULL || self->reading || !ld_api_client_get_online (client))
    return;
  self->reading = TRUE;
  ld_doctor_list_fetch_async (client, self->cancellable, on_doctors_read_cb, g_object_ref (self));
}

/* The lab's doctors whose names @typed matches, at most MAX_MATCHES. */
static GPtrArray *
find_matches (LdBookingDoctor *self,
              const char      *typed)
{
  GPtrArray *found = g_ptr_array_new ();
  LdPatientQuery query = { LD_PATIENT_QUERY_NAME, ld_text_fold_words (typed), NULL, NULL };

  for (guint i = 0; self->doctors != NULL && i < self->doctors->len && found->len < MAX_MATCHES;
       i++)
    {
      LdDoctor *doctor = g_ptr_array_index (self->doctors, i);
      g_autofree char *fold = ld_text_fold (doctor->display_name);

      if (query.words != NULL && query.words[0] != NULL &&
          ld_patient_query_matches_name (&query, fold))
        g_ptr_array_add (found, doctor);
    }
  ld_patient_query_clear (&query);
  return found;
}

/* The list appears under the row, maybe below the page's fold: once it is
 * laid out, the page scrolls so that it is in view as the name is typed. */
static gboolean
scroll_to_matches_cb (GtkWidget     *list,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double below;

  if (scrolled == NULL || !gtk_widget_get_visible (list))
    return G_SOURCE_REMOVE;
  /* Shown in this frame: laid out by the next. */
  if (!gtk_widget_compute_bounds (list, scrolled, &bounds) || bounds.size.height <= 0)
    return G_SOURCE_CONTINUE;
  /* The bounds are in the window's visible part: how far the list's
   * bottom is below it is how far to scroll. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  below = bounds.origin.y + bounds.size.height - gtk_widget_get_height (scrolled);
  if (below > 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + below);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
build_match_row (LdDoctor *doctor)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_strdup_printf ("doctor-%s", doctor->id);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), doctor->display_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Doctor of this lab · Enter chooses"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "doctor", doctor);
  return row;
}

/* The list under the row and the words beside it follow what is typed. */
static void
refresh (LdBookingDoctor *self)
{
  g_autofree char *typed = dup_typed (self);
  g_autoptr(GPtrArray) matches = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matches_list))) != NULL)
    gtk_list_box_remove (self->matches_list, child);

  if (self->chosen != NULL)
    {
      gtk_label_set_text (self->kind_label, _("Doctor of this lab"));
      gtk_widget_set_visible (GTK_WIDGET (self->kind_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->matches_list), FALSE);
      ld_field_error_set (GTK_WIDGET (self->name_row), NULL);
      return;
    }

  matches = find_matches (self, typed);
  for (guint i = 0; i < matches->len; i++)
    gtk_list_box_append (self->matches_list, build_match_row (g_ptr_array_index (matches, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), matches->len > 0);
  if (matches->len > 0)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->matches_list), scroll_to_matches_cb, NULL,
                                  NULL);

  gtk_label_set_text (self->kind_label, _("Outside doctor, printed as typed"));
  gtk_widget_set_visible (GTK_WIDGET (self->kind_label), *typed != '\0');
  /* A name the server would refuse is said as it is typed; nothing typed
   * is no referring doctor, which is no error. */
  ld_field_error_set (GTK_WIDGET (self->name_row),
                      *typed != '\0' ? ld_order_check_referring_doctor (NULL, typed) : NULL);
}

static void
choose (LdBookingDoctor *self,
        LdDoctor        *doctor)
{
  g_clear_pointer (&self->chosen, ld_doctor_free);
  self->chosen = g_new0 (LdDoctor, 1);
  self->chosen->id = g_strdup (doctor->id);
  self->chosen->display_name = g_strdup (doctor->display_name);

  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->chosen->display_name);
  self->setting_text = FALSE;
  refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_set_position (GTK_EDITABLE (self->name_row), -1);
}

static void
on_name_row_changed_cb (LdBookingDoctor *self)
{
  g_autofree char *typed = NULL;

  if (self->setting_text)
    return;
  /* The chosen doctor's name edited: a typed name again. */
  typed = dup_typed (self);
  if (self->chosen != NULL && g_strcmp0 (typed, self->chosen->display_name) != 0)
    g_clear_pointer (&self->chosen, ld_doctor_free);
  read_doctors (self);
  refresh (self);
}

/* Enter on the name: the one lab doctor with exactly that name is
 * chosen; any other name stays an outside doctor's. */
static void
on_name_row_entry_activated_cb (LdBookingDoctor *self)
{
  g_autofree char *typed = dup_typed (self);
  g_autofree char *typed_fold = ld_text_fold (typed);
  g_autoptr(GPtrArray) matches = NULL;
  LdDoctor *same = NULL;

  if (self->chosen != NULL)
    return;
  matches = find_matches (self, typed);
  for (guint i = 0; i < matches->len; i++)
    {
      LdDoctor *doctor = g_ptr_array_index (matches, i);
      g_autofree char *fold = ld_text_fold (doctor->display_name);

      if (g_str_equal (fold, typed_fold))
        {
          if (same != NULL)
            return;
          same = doctor;
        }
    }
  if (same != NULL)
    choose (self, same);
}

/* Down from the name goes to the first match. */
static gboolean
on_name_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        LdBookingDoctor       *self)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (self->matches_list, 0);
  if (first == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->matches_list)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static void
on_matches_list_row_activated_cb (LdBookingDoctor *self,
                                  GtkListBoxRow   *row)
{
  LdDoctor *doctor = g_object_get_data (G_OBJECT (row), "doctor");

  if (doctor != NULL)
    choose (self, doctor);
}

static void
ld_booking_doctor_dispose (GObject *object)
{
  LdBookingDoctor *self = (LdBookingDoctor *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->doctors, g_ptr_array_unref);
  g_clear_pointer (&self->chosen, ld_doctor_free);
  self->name_row = NULL;
  self->matches_list = NULL;
  self->kind_label = NULL;

  G_OBJECT_CLASS (ld_booking_doctor_parent_class)->dispose (object);
}

static void
ld_booking_doctor_finalize (GObject *object)
{
  LdBookingDoctor *self = (LdBookingDoctor *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_booking_doctor_parent_class)->finalize (object);
}

static void
ld_booking_doctor_class_init (LdBookingDoctorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_booking_doctor_dispose;
  object_class->finalize = ld_booking_doctor_finalize;
}

static void
ld_booking_doctor_init (LdBookingDoctor *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * ld_booking_doctor_new:
 * @session: the signed-in session
 * @name_row: the row the name is typed in
 * @matches_list: the list of the lab's doctors under it
 * @kind_label: says which kind of doctor the row names
 *
 * Drives the three widgets of the booking page's template, which outlive
 * it: the page drops it first when it goes.
 *
 * Returns: (transfer full): the referring doctor of the order being booked
 */
LdBookingDoctor *
ld_booking_doctor_new (LdSession   *session,
                       AdwEntryRow *name_row,
                       GtkListBox  *matches_list,
                       GtkLabel    *kind_label)
{
  LdBookingDoctor *self;
  GtkEventController *keys;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (ADW_IS_ENTRY_ROW (name_row), NULL);
  g_return_val_if_fail (GTK_IS_LIST_BOX (matches_list), NULL);
  g_return_val_if_fail (GTK_IS_LABEL (kind_label), NULL);

  self = g_object_new (LD_TYPE_BOOKING_DOCTOR, NULL);
  self->session = g_object_ref (session);
  self->name_row = name_row;
  self->matches_list = matches_list;
  self->kind_label = kind_label;

  g_signal_connect_object (name_row, "changed", G_CALLBACK (on_name_row_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (name_row, "entry-activated",
                           G_CALLBACK (on_name_row_entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (matches_list, "row-activated",
                           G_CALLBACK (on_matches_list_row_activated_cb), self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_name_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (name_row), keys);

  read_doctors (self);
  refresh (self);
  return self;
}

/* Returns: (nullable): the lab doctor chosen, or %NULL for none or a typed name */
const char *
ld_booking_doctor_get_doctor_id (LdBookingDoctor *self)
{
  g_return_val_if_fail (LD_IS_BOOKING_DOCTOR (self), NULL);

  return self->chosen ? self->chosen->id : NULL;
}

/**
 * ld_booking_doctor_check:
 *
 * What the server would refuse of the name, said at the row first.
 *
 * Returns: whether the order may be sent with it
 */
gboolean
ld_booking_doctor_check (LdBookingDoctor *self)
{
  g_autofree char *typed = NULL;
  const char *problem;

  g_return_val_if_fail (LD_IS_BOOKING_DOCTOR (self), FALSE);

  typed = dup_typed (self);
  if (self->chosen != NULL || *typed == '\0')
    return TRUE;
  problem = ld_order_check_referring_doctor (NULL, typed);
  ld_field_error_set (GTK_WIDGET (self->name_row), problem);
  return problem == NULL;
}

/**
 * ld_booking_doctor_fill_form:
 * @form: the order being booked
 *
 * Sets its `doctor_id` for a lab doctor chosen, or its
 * `referring_doctor_name` for a name typed (empty when none).
 */
void
ld_booking_doctor_fill_form (LdBookingDoctor *self,
                             LdBookingForm   *form)
{
  g_return_if_fail (LD_IS_BOOKING_DOCTOR (self));

  if (self->chosen != NULL)
    form->doctor_id = g_strdup (self->chosen->id);
  else
    form->referring_doctor_name = dup_typed (self);
}
