/* ld-booking-page.c: the desk books tests for a patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page loads what booking needs (the cached catalogue, the lab's
 * settings, the patient) and books. Its other jobs each have a file
 * (ld-booking-page-private.h lists them): the discount and totals, home collection and the
 * referring doctor; the catalogue search and the cart's lines are
 * common/ld-cart-picker.c, shared with the doctor's prescribing. The cart is priced by shared/model's rule, the
 * server's own (ld-booking-cart.c), so what the desk shows is what the
 * server will charge.
 *
 * Booking goes through the outbox, so it works offline. Online, the page
 * waits for the server's answer: a refusal (the discount above the limit
 * the administrator set today, a slot the server will not take) is put
 * beside its field and the fixed order is sent again in the refused
 * one's place; once the server has it, the order page opens with the
 * payment dialog.
 */

#define G_LOG_DOMAIN "ld-booking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-patient-text.h"
#include "common/ld-status-line.h"
#include "ld-booking-page-private.h"
#include "ld-desk-workspace.h"
#include "ld-error.h"
#include "ld-record-id.h"


G_DEFINE_FINAL_TYPE (LdBookingPage, ld_booking_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

void
ld_booking_page_set_status (LdBookingPage *self,
                            const char    *text,
                            gboolean       is_error)
{
  ld_status_line_show (self->status_label, text, is_error);
}

/* What was typed, without the spaces around it. */
char *
ld_booking_page_dup_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The cart, its totals and what goes with them, after any change. */
void
ld_booking_page_update (LdBookingPage *self)
{
  ld_booking_totals_update (self);
  ld_booking_home_update (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.book",
                                 !self->waiting && ld_booking_cart_get_n_items (self->cart) > 0);
}

static void
on_form_changed_cb (LdBookingPage *self)
{
  ld_booking_page_update (self);
}

/* Booking. */

/* The order as the form has it; the cart writes its body. */
static void
fill_form (LdBookingPage *self,
           LdBookingForm *form)
{
  LdPriority priority;

  form->id = g_strdup (self->order_id);
  form->patient_id = g_strdup (self->patient_id);
  form->priority = LD_PRIORITY_ROUTINE;
  if (ld_order_text_priority_at (adw_combo_row_get_selected (self->priority_row), &priority))
    form->priority = priority;
  ld_booking_totals_fill_form (self, form);
  ld_booking_doctor_fill_form (self->doctor, form);
  ld_booking_home_fill_form (self, form);
}

/* What the server would refuse at once, said at the field first. */
static gboolean
check_form (LdBookingPage *self)
{
  gboolean ok = TRUE;

  ld_field_errors_clear (self->fields);
  /* Each part says what is wrong at its own fields, all at once. */
  if (!ld_booking_totals_check (self))
    ok = FALSE;
  if (!ld_booking_home_check (self))
    ok = FALSE;
  if (!ld_booking_doctor_check (self->doctor))
    ok = FALSE;
  return ok;
}

/* The server has the order (or it waits offline): the order page takes
 * over, with the payment dialog. The booking page goes, so Escape from
 * the order does not come back to a cart already booked. */
static void
booked (LdBookingPage *self)
{
  GtkWidget *workspace = gtk_widget_get_ancestor (GTK_WIDGET (self), LD_TYPE_DESK_WORKSPACE);
  g_autofree char *id = g_strdup (self->order_id);

  self->waiting = FALSE;
  if (workspace == NULL)
    return;
  g_object_ref (workspace);
  ld_desk_workspace_back (LD_DESK_WORKSPACE (workspace));
  gtk_widget_activate_action (workspace, "desk.open-order", "s", id);
  gtk_widget_activate_action (workspace, "desk.take-payment", "s", id);
  g_object_unref (workspace);
}

static void
show_refusal (LdBookingPage *self,
              const GError  *error)
{
  g_autofree char *text = ld_error_text_describe (error);

  /* After update(), which says only what the desk's own rule finds. */
  ld_booking_page_update (self);
  ld_field_errors_show (error, self->fields);
  ld_booking_page_set_status (self, text, TRUE);
}

static gboolean
is_this_order (LdBookingPage *self,
               LdOutboxEntry *entry)
{
  return self->waiting &&
         ld_outbox_entry_get_action (entry) == LD_OUTBOX_ACTION_ORDER_CREATE &&
         g_strcmp0 (ld_outbox_entry_get_target_id (entry), self->order_id) == 0;
}

static void
on_outbox_entry_sent_cb (LdBookingPage *self,
                         LdOutboxEntry *entry,
                         gpointer       answer)
{
  if (is_this_order (self, entry))
    booked (self);
}

/* The server refused the order: its reasons go beside their fields, and
 * Book sends the fixed order in the refused one's place. */
static void
on_outbox_entry_refused_cb (LdBookingPage *self,
                            LdOutboxEntry *entry)
{
  g_autoptr(GError) error = NULL;

  if (!is_this_order (self, entry))
    return;
  self->waiting = FALSE;
  g_set_object (&self->refused_entry, entry);

  error = ld_outbox_entry_dup_error (entry);
  if (error == NULL)
    error = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                 ld_outbox_entry_get_error_message (entry));
  show_refusal (self, error);
}

/* Offline, the order waits in the outbox; the desk goes on. */
static void
on_outbox_online_cb (LdBookingPage *self)
{
  if (self->waiting && !ld_outbox_get_online (ld_session_get_outbox (self->session)))
    booked (self);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;

  ld_booking_cart_book_finish (LD_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    {
      self->waiting = FALSE;
      show_refusal (self, error);
      return;
    }

  g_clear_object (&self->refused_entry);
  /* Online, the server's answer (entry-sent or entry-refused) decides. */
  if (!ld_session_get_online (LD_SESSION (source)))
    booked (self);
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdBookingPage *self = LD_BOOKING_PAGE (widget);
  g_auto(LdBookingForm) form = { 0 };

  if (self->waiting || ld_booking_cart_get_n_items (self->cart) == 0 || !check_form (self))
    return;

  if (self->order_id == NULL)
    self->order_id = ld_record_id_new ();
  fill_form (self, &form);
  self->waiting = TRUE;
  ld_booking_page_set_status (self, _("Sending the order…"), FALSE);
  gtk_widget_action_set_enabled (widget, "booking.book", FALSE);

  ld_booking_cart_book_async (self->cart, self->session, self->refused_entry, &form,
                              self->cancellable, on_submitted_cb, g_object_ref (self));
}

/* The cart's remove buttons. */
static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdBookingPage *self = LD_BOOKING_PAGE (widget);

  ld_cart_picker_remove (self->picker, g_variant_get_string (parameter, NULL));
}

/* Loading. */

static void
on_settings_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;
  g_autoptr(LdSettings) settings = ld_cache_get_settings_finish (LD_CACHE (source), result, NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* The lab's settings as the cache holds them when the page opens (the
   * defaults until the first sync brings them, and then those); the
   * server, which decides, says so at the field if they change later. */
  self->settings_missing = settings == NULL;
  if (!self->settings_missing)
    ld_booking_cart_set_settings (self->cart, g_steal_pointer (&settings));
  ld_booking_page_update (self);
}

static void
on_cache_changed_cb (LdBookingPage *self,
                     gpointer       batch,
                     LdCache       *cache)
{
  if (!self->settings_missing)
    return;
  self->settings_missing = FALSE;
  ld_cache_get_settings_async (cache, self->cancellable, on_settings_read_cb, g_object_ref (self));
}

static void
on_patient_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;
  g_autoptr(LdPatient) patient = ld_cache_get_patient_finish (LD_CACHE (source), result, NULL);
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable) || patient == NULL)
    return;
  text = ld_patient_text_for (patient);
  gtk_label_set_text (self->patient_label, text);
}

/* GObject. */

static void
ld_booking_page_constructed (GObject *object)
{
  LdBookingPage *self = (LdBookingPage *) object;
  LdCache       *cache = ld_session_get_cache (self->session);
  LdOutbox      *outbox = ld_session_get_outbox (self->session);

  G_OBJECT_CLASS (ld_booking_page_parent_class)->constructed (object);

  self->doctor = ld_booking_doctor_new (self->session, self->doctor_row, self->doctor_matches,
                                        self->doctor_kind_label);
  self->picker = ld_cart_picker_new (self->session, self->cart, self->catalog_entry,
                                     self->catalog_list, self->cart_list, "booking.remove-item");
  g_signal_connect_object (self->picker, "changed", G_CALLBACK (ld_booking_page_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->picker, "status", G_CALLBACK (ld_booking_page_set_status), self,
                           G_CONNECT_SWAPPED);
  ld_cache_get_settings_async (cache, self->cancellable, on_settings_read_cb, g_object_ref (self));
  g_signal_connect_object (cache, "changed", G_CALLBACK (on_cache_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ld_cache_get_record_async (cache, "patient", self->patient_id, self->cancellable,
                             on_patient_read_cb, g_object_ref (self));

  g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_outbox_entry_sent_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "entry-refused", G_CALLBACK (on_outbox_entry_refused_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "notify::online", G_CALLBACK (on_outbox_online_cb), self,
                           G_CONNECT_SWAPPED);
  ld_booking_page_update (self);
}

static void
ld_booking_page_dispose (GObject *object)
{
  LdBookingPage *self = (LdBookingPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->doctor);
  g_clear_object (&self->picker);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_BOOKING_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cart, ld_booking_cart_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_object (&self->refused_entry);

  G_OBJECT_CLASS (ld_booking_page_parent_class)->dispose (object);
}

static void
ld_booking_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdBookingPage *self = LD_BOOKING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_booking_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdBookingPage *self = LD_BOOKING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PATIENT_ID:
      self->patient_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_BOOKING_PAGE (widget)->catalog_entry));
}

static void
ld_booking_page_class_init (LdBookingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_booking_page_constructed;
  object_class->dispose = ld_booking_page_dispose;
  object_class->get_property = ld_booking_page_get_property;
  object_class->set_property = ld_booking_page_set_property;
  widget_class->grab_focus = grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-booking-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, catalog_entry);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, catalog_list);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, cart_list);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, discount_kind_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, discount_value_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, discount_reason_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, priority_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, doctor_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, doctor_matches);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, doctor_kind_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, home_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, slot_day_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, slot_time_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_install_action (widget_class, "booking.remove-item", "s", remove_item_action);

  gtk_widget_class_install_action (widget_class, "booking.book", NULL, book_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
}

static void
ld_booking_page_init (LdBookingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cart = ld_booking_cart_new ();
  self->cancellable = g_cancellable_new ();
  ld_booking_home_init (self);

  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->fields, (gpointer) "discount", self->discount_value_row);
  g_hash_table_insert (self->fields, (gpointer) "discount.value", self->discount_value_row);
  g_hash_table_insert (self->fields, (gpointer) "discount.kind", self->discount_kind_row);
  g_hash_table_insert (self->fields, (gpointer) "discount.reason", self->discount_reason_row);
  g_hash_table_insert (self->fields, (gpointer) "priority", self->priority_row);
  g_hash_table_insert (self->fields, (gpointer) "referring_doctor_name", self->doctor_row);
  g_hash_table_insert (self->fields, (gpointer) "doctor_id", self->doctor_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit", self->address_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit.address", self->address_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit.slot_start", self->slot_day_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit.slot_end", self->slot_time_row);
}

/**
 * ld_booking_page_new:
 * @session: the signed-in session
 * @patient_id: whom the tests are for
 *
 * Returns: (transfer floating): a new booking page
 */
GtkWidget *
ld_booking_page_new (LdSession  *session,
                     const char *patient_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  return g_object_new (LD_TYPE_BOOKING_PAGE, "session", session, "patient-id", patient_id, NULL);
}
