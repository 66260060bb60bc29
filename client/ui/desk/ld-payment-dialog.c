/* ld-payment-dialog.c: the desk takes the money an order is due
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A payment is always the whole amount due (docs/api.md, "Payments").
 * Cash shows the change as the tendered amount is typed, in exact paise;
 * card and UPI need the terminal's reference; cash on collection is a
 * promise that makes the order collectable. These go through the outbox
 * and so work offline. An online payment needs the server at once: it
 * starts a gateway attempt, and the dialog follows the order in the cache
 * until the gateway's outcome arrives. After a failed attempt the desk
 * may retry with any method, convert to cash on collection, or cancel
 * the order, as the API defines. The order is read through the typed
 * LdOrderView the follower keeps, never its JSON.
 */

#define G_LOG_DOMAIN "ld-payment-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-status-line.h"
#include "ld-money.h"
#include "ld-payment-dialog.h"
#include "ld-report-format.h"
#include "store/ld-desk-calls.h"
#include "store/ld-order-follow.h"
#include "store/ld-outbox.h"

typedef enum
{
  METHOD_CASH,
  METHOD_CARD,
  METHOD_UPI,
  METHOD_ONLINE,
  METHOD_COD,
} Method;

static const char * const method_names[] = { "cash", "card", "upi", "online", "cod" };

struct _LdPaymentDialog
{
  AdwWindow       parent_instance;

  LdSession      *session;
  LdOrderFollow  *follow;
  GCancellable   *cancellable;
  /* The widget that opened the dialog, for the desk's actions. */
  GtkWidget      *origin;
  gboolean        sending;
  gboolean        waiting_online;

  GtkLabel       *due_label;
  GtkLabel       *order_label;
  GtkWidget      *failure_box;
  GtkLabel       *failure_label;
  AdwComboRow    *method_row;
  AdwEntryRow    *tendered_row;
  AdwActionRow   *change_row;
  GtkLabel       *change_label;
  AdwEntryRow    *reference_row;
  GtkLabel       *method_hint_label;
  GtkWidget      *cancel_order_button;
  GtkWidget      *take_button;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (LdPaymentDialog, ld_payment_dialog, ADW_TYPE_WINDOW)

static void
set_status (LdPaymentDialog *self,
            const char *text,
            gboolean    is_error)
{
  ld_status_line_show (self->status_label, text, is_error);
}

static LdOrderView *
get_view (LdPaymentDialog *self)
{
  return ld_order_follow_get_view (self->follow);
}

/* The amount due, or -1 while the server has not priced the order. */
static gint64
get_due (LdPaymentDialog *self)
{
  return ld_order_view_get_balance_paise (get_view (self));
}

/* Whether the order waits for this payment, as typed so far (@method
 * NULL: any), and the desk may take it now: the session's shared check,
 * the one the server runs too (issue 30). */
static gboolean
check_payment (LdPaymentDialog  *self,
               const char       *method,
               gint64            tendered_paise,
               GError          **error)
{
  const LdOrder *read = ld_order_view_get_order (get_view (self));
  LdCommandTarget target = { .method = method, .tendered_paise = tendered_paise };

  if (read == NULL)
    return ld_session_check (self->session, LD_COMMAND_PAYMENT_TAKE, &target, error);
  /* Booked here and not priced yet (its tests not in the cache): the
   * server prices it when it is sent, and the payment goes after it. */
  if (read->number == NULL && get_due (self) < 0)
    return TRUE;
  /* A record still loading is not given: the check then refuses. */
  if (read->lab_state != NULL)
    target.order = read;
  return ld_session_check (self->session, LD_COMMAND_PAYMENT_TAKE, &target, error);
}

static gboolean
takes_payment (LdPaymentDialog *self)
{
  return !self->waiting_online && check_payment (self, NULL, 0, NULL);
}

static const char *
method_hint (Method method)
{
  switch (method)
    {
    case METHOD_CASH:
      return _("Type what the patient hands over; Enter takes it.");
    case METHOD_CARD:
    case METHOD_UPI:
      return _("Type the reference the terminal printed on its slip.");
    case METHOD_ONLINE:
      return _("Starts a payment at the gateway for the patient to complete; "
               "this window follows its outcome.");
    case METHOD_COD:
      return _("The patient pays in cash when the sample is collected; the order "
               "can be collected now.");
    default:
      return "";
    }
}

/* The form as typed: which fields show, the change, whether it can go. */
static void
update_form (LdPaymentDialog *self)
{
  Method method = adw_combo_row_get_selected (self->method_row);
  gint64 due = get_due (self);
  gboolean ok = takes_payment (self);

  gtk_widget_set_visible (GTK_WIDGET (self->tendered_row), method == METHOD_CASH);
  gtk_widget_set_visible (GTK_WIDGET (self->change_row), method == METHOD_CASH);
  gtk_widget_set_visible (GTK_WIDGET (self->reference_row),
                          method == METHOD_CARD || method == METHOD_UPI);
  gtk_label_set_text (self->method_hint_label, method_hint (method));

  if (method == METHOD_CASH)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tendered_row));
      gint64 tendered = 0;
      const char *refusal = *text ? ld_money_parse (text, &tendered) : NULL;

      if (refusal == NULL && *text && due >= 0 && ok)
        {
          g_autoptr(GError) error = NULL;
          GHashTable *fields = NULL;

          if (!check_payment (self, "cash", tendered, &error) && error->domain == LD_API_ERROR)
            fields = ld_api_error_get_fields (error);
          if (fields != NULL && g_hash_table_contains (fields, "tendered_paise"))
            refusal = N_("is less than the amount due");
        }
      ld_field_error_set (GTK_WIDGET (self->tendered_row), refusal);
      if (*text == '\0' || refusal != NULL || due < 0)
        gtk_label_set_text (self->change_label, "—");
      else
        {
          g_autofree char *change = ld_report_format_rupees (tendered - due);

          gtk_label_set_text (self->change_label, change);
        }
      ok = ok && *text != '\0' && refusal == NULL;
    }
  else if (method == METHOD_CARD || method == METHOD_UPI)
    {
      g_autofree char *reference =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));

      ok = ok && *reference != '\0';
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.take", ok && !self->sending);
}

/* The reason the gateway gave for the latest failed attempt, if any. */
static const char *
get_last_failure_reason (const LdOrder *order)
{
  guint n = order != NULL && order->payments != NULL ? order->payments->len : 0;

  for (guint i = n; i > 0; i--)
    {
      const LdPayment *payment = g_ptr_array_index (order->payments, i - 1);

      if (g_strcmp0 (payment->status, "failed") == 0)
        return payment->failure_reason;
    }
  return NULL;
}

static void
on_order_changed_cb (LdPaymentDialog *self)
{
  LdOrderView *view = get_view (self);
  const char *state = ld_order_view_get_payment_state (view);
  const char *patient_name = ld_order_view_get_patient_name (view);
  gint64 due = get_due (self);
  g_autofree char *title = ld_order_text_title (ld_order_view_get_number (view));
  g_autofree char *order_text = NULL;
  gboolean failed = g_strcmp0 (state, "failed") == 0;
  gboolean online_pending = ld_order_view_get_online_pending (view);

  if (due >= 0)
    {
      g_autofree char *text = ld_report_format_rupees (due);

      gtk_label_set_text (self->due_label, text);
    }
  else
    gtk_label_set_text (self->due_label, _("Priced when sent"));

  /* Translators: the order and whom it is for, under the amount due:
   * "Order O2611-000001 · Asha Rao · Not paid". */
  order_text =
    g_strdup_printf (_("%s · %s · %s"), title, patient_name ? patient_name : "",
                        ld_order_text_payment_state (state));
  gtk_label_set_text (self->order_label, order_text);

  if (failed)
    {
      const char *reason = get_last_failure_reason (ld_order_view_get_order (view));
      g_autofree char *text = NULL;

      /* Translators: %s is the gateway's reason, such as "insufficient funds". */
      text = g_strdup_printf (_("The last online payment failed (%s). Retry with any method, "
                                "convert to cash on collection, or cancel the order."),
                                 reason ? reason : _("no reason given"));
      gtk_label_set_text (self->failure_label, text);
    }
  gtk_widget_set_visible (self->failure_box, failed);
  gtk_widget_set_visible (self->cancel_order_button, failed);

  if (self->waiting_online && !online_pending)
    {
      self->waiting_online = FALSE;
      if (failed)
        set_status (self, _("The online payment failed; choose how to go on."), TRUE);
      else if (due == 0)
        set_status (self, _("Paid online."), FALSE);
    }
  else if (online_pending)
    {
      self->waiting_online = TRUE;
      set_status (self, _("Waiting for the patient to pay at the gateway…"), FALSE);
    }
  else if (!takes_payment (self) && due == 0)
    set_status (self, _("Nothing is due on this order."), FALSE);

  update_form (self);
}

static void
on_form_changed_cb (LdPaymentDialog *self)
{
  update_form (self);
}

static void
toast (LdPaymentDialog *self,
       const char      *text)
{
  /* The dialog is a window of its own, outside the main window's
   * actions: the page that opened it says it, if it is still there. */
  if (self->origin != NULL && text != NULL)
    gtk_widget_activate_action (self->origin, "win.toast", "s", text);
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean went = ld_session_run_done (LD_SESSION (source), result, &error);
  const char *text = g_object_get_data (G_OBJECT (self), "done-text");

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->sending = FALSE;
  if (!went)
    {
      g_autofree char *message = ld_error_text_describe (error);

      set_status (self, message, TRUE);
      update_form (self);
      return;
    }
  toast (self, text);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_online_started_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LdPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPayment) payment =
               ld_desk_take_payment_finish (LD_API_CLIENT (source), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->sending = FALSE;
  if (payment == NULL)
    {
      g_autofree char *message = ld_error_text_describe (error);

      set_status (self, message, TRUE);
      update_form (self);
      return;
    }
  self->waiting_online = TRUE;
  set_status (self, _("Waiting for the patient to pay at the gateway…"), FALSE);
  update_form (self);
}

static char *
describe_done (Method  method,
               gint64  due,
               gint64  tendered)
{
  g_autofree char *amount = ld_report_format_rupees (MAX (due, 0));

  switch (method)
    {
    case METHOD_CASH:
      {
        g_autofree char *change = ld_report_format_rupees (tendered - due);

        /* Translators: a toast after cash is taken: the amount, then the change. */
        return g_strdup_printf (_("Cash %s taken; give %s change."), amount, change);
      }
    case METHOD_CARD:
      /* Translators: a toast; %s is the amount. */
      return g_strdup_printf (_("Card payment of %s recorded."), amount);
    case METHOD_UPI:
      return g_strdup_printf (_("UPI payment of %s recorded."), amount);
    case METHOD_COD:
      return g_strdup_printf (_("%s to be paid in cash at collection."), amount);
    case METHOD_ONLINE:
    default:
      return g_strdup ("");
    }
}

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdPaymentDialog *self = LD_PAYMENT_DIALOG (widget);
  Method method = adw_combo_row_get_selected (self->method_row);
  const char *order_id = ld_order_follow_get_id (self->follow);
  g_autofree char *reference = NULL;
  gint64 tendered = 0;

  if (self->sending || method > METHOD_COD)
    return;
  update_form (self);
  if (!gtk_widget_is_sensitive (self->take_button))
    return;

  if (method == METHOD_CASH)
    ld_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->tendered_row)), &tendered);
  else if (method == METHOD_CARD || method == METHOD_UPI)
    reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));

  self->sending = TRUE;
  update_form (self);
  set_status (self, NULL, FALSE);

  if (method == METHOD_ONLINE)
    {
      set_status (self, _("Starting the online payment…"), FALSE);
      ld_desk_take_payment_async (ld_session_get_api_client (self->session), order_id, "online",
                                  0, NULL, self->cancellable, on_online_started_cb,
                                  g_object_ref (self));
      return;
    }

  /* All but online may wait for the server: cash is in the drawer, the
   * terminal took the card, and a promise of cash at collection is sent
   * as the cash request is (the same POST, method "cod"). */
  g_object_set_data_full (G_OBJECT (self), "done-text",
                          describe_done (method, get_due (self), tendered), g_free);
  ld_desk_run_payment_async (self->session, order_id, method_names[method], tendered, reference,
                             self->cancellable, on_queued_cb, g_object_ref (self));
}

static void
cancel_order_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdPaymentDialog *self = LD_PAYMENT_DIALOG (widget);
  g_autoptr(GtkWidget) origin = self->origin ? g_object_ref (self->origin) : NULL;
  g_autofree char *id = g_strdup (ld_order_follow_get_id (self->follow));

  gtk_window_close (GTK_WINDOW (self));
  if (origin != NULL)
    gtk_widget_activate_action (origin, "desk.cancel-order", "s", id);
}

static void
ld_payment_dialog_dispose (GObject *object)
{
  LdPaymentDialog *self = (LdPaymentDialog *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->origin != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->origin), (gpointer *) &self->origin);
  self->origin = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PAYMENT_DIALOG);
  g_clear_object (&self->follow);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_payment_dialog_parent_class)->dispose (object);
}

static void
ld_payment_dialog_class_init (LdPaymentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_payment_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-payment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, due_label);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, order_label);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, failure_box);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, failure_label);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, tendered_row);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, change_row);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, change_label);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, method_hint_label);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, cancel_order_button);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, take_button);
  gtk_widget_class_bind_template_child (widget_class, LdPaymentDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "payment.take", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "payment.cancel-order", NULL,
                                   cancel_order_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_payment_dialog_init (LdPaymentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), self->take_button);
  gtk_label_set_text (self->due_label, "…");
}

/**
 * ld_payment_dialog_new:
 * @origin: the widget it is opened from (its window is the parent; its
 *   `desk.*` actions cancel the order)
 * @session: the signed-in session
 * @order_id: the order to take payment for
 *
 * Returns: (transfer none): the dialog, to present
 */
GtkWindow *
ld_payment_dialog_new (GtkWidget  *origin,
                       LdSession  *session,
                       const char *order_id)
{
  LdPaymentDialog *self;

  g_return_val_if_fail (GTK_IS_WIDGET (origin), NULL);
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  /* A dialog to a screen reader too: GTK 4.8 keeps a window's role from
   * the instance, not its class (issue 35, item 10). */
  self = g_object_new (LD_TYPE_PAYMENT_DIALOG,
                       "transient-for", gtk_widget_get_root (origin),
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG,
                       NULL);
  self->session = g_object_ref (session);
  self->origin = origin;
  g_object_add_weak_pointer (G_OBJECT (origin), (gpointer *) &self->origin);
  self->follow = ld_order_follow_new (session, order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (on_order_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_form (self);
  /* The desk types what the patient hands over: the cursor starts in the
   * amount tendered (for cash, the method first offered), not on Close. */
  gtk_window_set_focus (GTK_WINDOW (self), gtk_widget_get_visible (GTK_WIDGET (self->tendered_row))
                                             ? GTK_WIDGET (self->tendered_row)
                                             : GTK_WIDGET (self->method_row));
  return GTK_WINDOW (self);
}
