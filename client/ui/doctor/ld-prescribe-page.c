/* ld-prescribe-page.c: the doctor prescribes tests for a patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several tests and panels at once, picked from the cached catalogue as
 * the desk picks them (common/ld-cart-picker.c), with a priority and the
 * clinical notes the report prints under the patient. The prescription
 * goes through the outbox, so it works offline: it waits there, shown in
 * the doctor's orders at once, and is sent exactly once when the server
 * is back (its Idempotency-Key). Online, the page waits for the server's
 * answer and shows a refusal in words. The server makes a doctor's order
 * a prescription (source "doctor", the doctor its doctor_id); the page
 * names the doctor too, so that the order waiting offline is already in
 * "my orders". Prescribed from a visit (the doctor's Today page), the
 * order names the visit (visit_id) and the doctor is taken back to it.
 */

#define G_LOG_DOMAIN "ld-prescribe-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-cart-picker.h"
#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-patient-text.h"
#include "common/ld-status-line.h"
#include "ld-prescribe-page.h"
#include "ld-record-id.h"
#include "store/ld-outbox.h"


struct _LdPrescribePage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *patient_id;
  /* The visit the tests are prescribed during, or NULL. */
  char           *visit_id;
  LdBookingCart  *cart;
  LdCartPicker   *picker;
  GCancellable   *cancellable;
  /* The prescription's client-made id, kept across a refusal. */
  char           *order_id;
  gboolean        waiting;

  GtkLabel       *patient_label;
  GtkSearchEntry *catalog_entry;
  GtkListBox     *catalog_list;
  GtkListBox     *cart_list;
  AdwComboRow    *priority_row;
  GtkTextView    *notes_view;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (LdPrescribePage, ld_prescribe_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_PATIENT_ID,
  PROP_VISIT_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
set_status (LdPrescribePage *self,
            const char      *text,
            gboolean         is_error)
{
  ld_status_line_show (self->status_label, text, is_error);
}

static void
update (LdPrescribePage *self)
{
  g_auto(LdCartPrice) price = { 0 };

  ld_booking_cart_price (self->cart, LD_DISCOUNT_NONE, 0, FALSE, &price);
  ld_cart_picker_show_cart (self->picker, price.items);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prescribe.send",
                                 !self->waiting && ld_booking_cart_get_n_items (self->cart) > 0);
}

static char *
dup_notes (LdPrescribePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* The server has the prescription, or it waits offline: back to the
 * doctor's orders, where it shows, or to the visit it was written from. */
static void
sent (LdPrescribePage *self,
      const char      *message)
{
  self->waiting = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  gtk_widget_activate_action (GTK_WIDGET (self), "doctor.show-section", "s",
                              self->visit_id != NULL ? "today" : "orders");
}

static void
show_refusal (LdPrescribePage *self,
              const GError    *error)
{
  g_autofree char *text = ld_error_text_describe (error);

  self->waiting = FALSE;
  update (self);
  set_status (self, text, TRUE);
}

static gboolean
is_this_order (LdPrescribePage *self,
               LdOutboxEntry   *entry)
{
  return self->waiting &&
         ld_outbox_entry_get_action (entry) == LD_OUTBOX_ACTION_ORDER_CREATE &&
         g_strcmp0 (ld_outbox_entry_get_target_id (entry), self->order_id) == 0;
}

static void
on_outbox_entry_sent_cb (LdPrescribePage *self,
                         LdOutboxEntry   *entry)
{
  if (is_this_order (self, entry))
    sent (self, _("The prescription was sent to the lab."));
}

/* Refused items stay in the outbox, to be fixed or discarded from the
 * header's outbox like the desk's. */
static void
on_outbox_entry_refused_cb (LdPrescribePage *self,
                            LdOutboxEntry   *entry)
{
  g_autoptr(GError) error = NULL;
  LdApiError code = LD_API_ERROR_VALIDATION_FAILED;

  if (!is_this_order (self, entry))
    return;
  ld_api_error_from_code (ld_outbox_entry_get_error_code (entry), &code);
  error = g_error_new_literal (LD_API_ERROR, code, ld_outbox_entry_get_error_message (entry));
  show_refusal (self, error);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdPrescribePage) self = user_data;
  g_autoptr(GError) error = NULL;

  ld_booking_cart_book_finish (LD_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    {
      show_refusal (self, error);
      return;
    }
  /* Online, the server's answer (entry-sent or entry-refused) decides. */
  if (!ld_session_get_online (LD_SESSION (source)))
    sent (self, _("The prescription waits to be sent: the server cannot be reached now."));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdPrescribePage *self = LD_PRESCRIBE_PAGE (widget);
  g_autofree char *notes = NULL;
  LdUser *user = ld_session_get_user (self->session);
  LdPriority priority;

  if (self->waiting || ld_booking_cart_get_n_items (self->cart) == 0)
    return;

  /* A refused prescription stays in the outbox; a new send is a new order. */
  g_free (self->order_id);
  self->order_id = ld_record_id_new ();
  notes = dup_notes (self);
  /* Past the last row reads as the last, STAT, as it always has. */
  if (!ld_order_text_priority_at (adw_combo_row_get_selected (self->priority_row), &priority))
    priority = LD_PRIORITY_STAT;
  self->waiting = TRUE;
  set_status (self, _("Sending the prescription…"), FALSE);
  gtk_widget_action_set_enabled (widget, "prescribe.send", FALSE);
  ld_booking_cart_prescribe_async (self->cart, self->session, self->order_id, self->patient_id,
                                   ld_user_get_id (user), self->visit_id, priority, notes,
                                   self->cancellable, on_submitted_cb, g_object_ref (self));
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdPrescribePage *self = LD_PRESCRIBE_PAGE (widget);

  ld_cart_picker_remove (self->picker, g_variant_get_string (parameter, NULL));
}

static void
on_patient_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdPrescribePage) self = user_data;
  g_autoptr(LdPatient) patient = ld_cache_get_patient_finish (LD_CACHE (source), result, NULL);
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable) || patient == NULL)
    return;
  text = ld_patient_text_for (patient);
  gtk_label_set_text (self->patient_label, text);
}

/* GObject. */

static void
ld_prescribe_page_constructed (GObject *object)
{
  LdPrescribePage *self = LD_PRESCRIBE_PAGE (object);
  LdOutbox *outbox = ld_session_get_outbox (self->session);

  G_OBJECT_CLASS (ld_prescribe_page_parent_class)->constructed (object);

  self->picker = ld_cart_picker_new (self->session, self->cart, self->catalog_entry,
                                     self->catalog_list, self->cart_list, "prescribe.remove-item");
  g_signal_connect_object (self->picker, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->picker, "status", G_CALLBACK (set_status), self,
                           G_CONNECT_SWAPPED);
  ld_cache_get_record_async (ld_session_get_cache (self->session), "patient", self->patient_id,
                             self->cancellable, on_patient_read_cb, g_object_ref (self));
  g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_outbox_entry_sent_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "entry-refused", G_CALLBACK (on_outbox_entry_refused_cb),
                           self, G_CONNECT_SWAPPED);
  update (self);
}

static void
ld_prescribe_page_dispose (GObject *object)
{
  LdPrescribePage *self = LD_PRESCRIBE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->picker);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PRESCRIBE_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cart, ld_booking_cart_free);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->visit_id, g_free);
  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (ld_prescribe_page_parent_class)->dispose (object);
}

static void
ld_prescribe_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LdPrescribePage *self = LD_PRESCRIBE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    case PROP_VISIT_ID:
      g_value_set_string (value, self->visit_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_prescribe_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LdPrescribePage *self = LD_PRESCRIBE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PATIENT_ID:
      self->patient_id = g_value_dup_string (value);
      break;

    case PROP_VISIT_ID:
      self->visit_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_PRESCRIBE_PAGE (widget)->catalog_entry));
}

static void
ld_prescribe_page_class_init (LdPrescribePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_prescribe_page_constructed;
  object_class->dispose = ld_prescribe_page_dispose;
  object_class->get_property = ld_prescribe_page_get_property;
  object_class->set_property = ld_prescribe_page_set_property;
  widget_class->grab_focus = grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_VISIT_ID] =
    g_param_spec_string ("visit-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/doctor/ld-prescribe-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, catalog_entry);
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, catalog_list);
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, cart_list);
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, priority_row);
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, notes_view);
  gtk_widget_class_bind_template_child (widget_class, LdPrescribePage, status_label);

  gtk_widget_class_install_action (widget_class, "prescribe.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "prescribe.remove-item", "s", remove_item_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "prescribe.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "prescribe.send", NULL);
}

static void
ld_prescribe_page_init (LdPrescribePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cart = ld_booking_cart_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * ld_prescribe_page_new:
 * @session: the signed-in session
 * @patient_id: whom the tests are for
 *
 * Returns: (transfer floating): a new prescribing page
 */
GtkWidget *
ld_prescribe_page_new (LdSession  *session,
                       const char *patient_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  return g_object_new (LD_TYPE_PRESCRIBE_PAGE, "session", session, "patient-id", patient_id, NULL);
}

/**
 * ld_prescribe_page_new_for_visit:
 * @session: the signed-in session
 * @patient_id: whom the tests are for
 * @visit_id: the visit (written, so that the server knows it) they are
 *   prescribed during
 *
 * Returns: (transfer floating): a new prescribing page whose order
 *   belongs to @visit_id
 */
GtkWidget *
ld_prescribe_page_new_for_visit (LdSession  *session,
                                 const char *patient_id,
                                 const char *visit_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL && visit_id != NULL, NULL);

  return g_object_new (LD_TYPE_PRESCRIBE_PAGE, "session", session, "patient-id", patient_id,
                       "visit-id", visit_id, NULL);
}
