/* ld-refund-dialog.c: the desk gives money back, with a reason
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A refund never exceeds what was paid less earlier refunds
 * (ld_payment_refundable()): checked as the amount is typed, by the
 * session's shared check on the order the server sent (the one the
 * server runs again, issue 30), read through the typed LdOrderView. The reason is
 * required and printed on the receipt. A refund is irreversible, so the
 * dialog says what it will do before it is done, and it needs the server
 * at once (the outbox refuses it offline).
 */

#define G_LOG_DOMAIN "ld-refund-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-status-line.h"
#include "ld-money.h"
#include "ld-payment-rules.h"
#include "ld-refund-dialog.h"
#include "ld-report-format.h"
#include "store/ld-desk-calls.h"
#include "store/ld-order-follow.h"
#include "store/ld-outbox.h"

static const char * const method_names[] = { "cash", "card", "upi", "online" };

struct _LdRefundDialog
{
  AdwWindow       parent_instance;

  LdSession      *session;
  LdOrderFollow  *follow;
  GCancellable   *cancellable;
  GtkWidget      *origin;
  GHashTable     *fields;
  gboolean        sending;

  GtkLabel       *paid_label;
  AdwEntryRow    *amount_row;
  AdwComboRow    *method_row;
  AdwEntryRow    *reference_row;
  AdwEntryRow    *reason_row;
  GtkLabel       *summary_label;
  GtkWidget      *refund_button;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (LdRefundDialog, ld_refund_dialog, ADW_TYPE_WINDOW)

static LdOrderView *
get_view (LdRefundDialog *self)
{
  return ld_order_follow_get_view (self->follow);
}

/* What may still be given back, or -1 before the order is read. */
static gint64
get_refundable (LdRefundDialog *self)
{
  if (!ld_order_view_get_loaded (get_view (self)))
    return -1;
  return ld_payment_refundable (ld_order_view_get_order (get_view (self)));
}

/* The refund of @amount_paise as the server will judge it, by the same
 * check, on the order as the cache holds it. */
static gboolean
check_refund (LdRefundDialog  *self,
              gint64           amount_paise,
              GError         **error)
{
  LdOrderView *view = get_view (self);
  LdCommandTarget target = {
    NULL,
  };

  /* A record still loading is not given: the check then refuses. */
  if (ld_order_view_get_lab_state (view) != NULL)
    target.order = ld_order_view_get_order (view);
  target.amount_paise = amount_paise;
  return ld_session_check (self->session, LD_COMMAND_PAYMENT_REFUND, &target, error);
}

static char *
dup_reason (LdRefundDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}

static void
update_form (LdRefundDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  gint64 amount = 0;
  const char *refusal = *text ? ld_money_parse (text, &amount) : NULL;
  g_autofree char *reason = dup_reason (self);
  guint method = adw_combo_row_get_selected (self->method_row);
  g_autoptr(GError) error = NULL;
  gboolean allowed = FALSE;
  gboolean ok;

  /* The amount typed, as the server will judge it, by the same check:
   * nothing is allowed when nothing is left to give back. */
  if (refusal == NULL && *text)
    allowed = check_refund (self, amount, &error);
  if (error != NULL && ld_api_error_get_fields (error) != NULL)
    {
      refusal = g_hash_table_lookup (ld_api_error_get_fields (error), "amount_paise");
      /* The server's words for nothing are for programs; the desk's: */
      if (refusal != NULL && amount == 0)
        refusal = N_("must be more than nothing");
      /* The check's words, marked here so that they are translated. */
      else if (refusal != NULL && g_str_equal (refusal, "is more than was paid"))
        refusal = N_("is more than was paid");
    }
  ld_field_error_set (GTK_WIDGET (self->amount_row), refusal);

  ok = !self->sending && *text && refusal == NULL && *reason != '\0' && allowed;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refund.give", ok);

  if (ok)
    {
      g_autofree char *money = ld_report_format_rupees (amount);
      g_autofree char *title = ld_order_text_title (ld_order_view_get_number (get_view (self)));
      g_autofree char *summary = NULL;
      g_autofree char *button = NULL;

      /* Translators: what the refund will do, said before it is done:
       * the amount, how it is given back, the order and the reason. */
      summary = g_strdup_printf (_("This gives back %s (%s) on %s for “%s”. "
                                   "It cannot be undone; the receipt will show it."),
                                    money, ld_order_text_method (method_names[MIN (method, 3)]),
                                    title, reason);
      gtk_label_set_text (self->summary_label, summary);
      /* Translators: the refund button, with the amount it gives back. */
      button = g_strdup_printf (_("Refund %s"), money);
      gtk_button_set_label (GTK_BUTTON (self->refund_button), button);
    }
  else
    {
      gtk_label_set_text (self->summary_label,
                          *reason == '\0' ? _("A reason is needed; it is printed on the receipt.")
                                          : "");
      gtk_button_set_label (GTK_BUTTON (self->refund_button), _("_Refund"));
    }
}

static void
on_order_changed_cb (LdRefundDialog *self)
{
  LdOrderView *view = get_view (self);
  g_autofree char *title = ld_order_text_title (ld_order_view_get_number (view));
  g_autofree char *paid =
    ld_report_format_rupees (MAX (0, ld_order_view_get_paid_paise (view)));
  g_autofree char *refunded =
    ld_report_format_rupees (MAX (0, ld_order_view_get_refunded_paise (view)));
  g_autofree char *left = ld_report_format_rupees (MAX (0, get_refundable (self)));
  g_autofree char *text = NULL;

  /* Translators: the refund dialog's first line: the order, what was
   * paid, refunded before, and what may still be given back. */
  text = g_strdup_printf (_("%s · paid %s · refunded before %s · at most %s can be given back"),
                             title, paid, refunded, left);
  gtk_label_set_text (self->paid_label, text);
  update_form (self);
}

static void
on_form_changed_cb (LdRefundDialog *self)
{
  update_form (self);
}

static void
on_refunded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdRefundDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean went = ld_session_run_done (LD_SESSION (source), result, &error);
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->sending = FALSE;
  if (!went)
    {
      message = ld_error_text_describe (error);
      ld_field_errors_show (error, self->fields);
      ld_status_line_show (self->status_label, message, TRUE);
      update_form (self);
      return;
    }
  message = g_strdup (g_object_get_data (G_OBJECT (self), "done-text"));
  /* The dialog is a window of its own, outside the main window's
   * actions: the page that opened it says it, if it is still there. */
  if (self->origin != NULL && message != NULL)
    gtk_widget_activate_action (self->origin, "win.toast", "s", message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
give_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdRefundDialog *self = LD_REFUND_DIALOG (widget);
  g_autofree char *reason = dup_reason (self);
  g_autofree char *reference =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));
  g_autofree char *money = NULL;
  guint method = MIN (adw_combo_row_get_selected (self->method_row), 3);
  gint64 amount = 0;

  update_form (self);
  if (self->sending || !gtk_widget_is_sensitive (self->refund_button) ||
      ld_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), &amount) != NULL)
    return;

  money = ld_report_format_rupees (amount);
  /* Translators: a toast after a refund; %s is the amount. */
  g_object_set_data_full (G_OBJECT (self), "done-text",
                          g_strdup_printf (_("%s refunded."), money), g_free);
  self->sending = TRUE;
  update_form (self);
  ld_status_line_show (self->status_label, _("Refunding…"), FALSE);
  ld_desk_run_refund_async (self->session, ld_order_follow_get_id (self->follow),
                            method_names[method], amount, reason, reference, self->cancellable,
                            on_refunded_cb, g_object_ref (self));
}

static void
ld_refund_dialog_dispose (GObject *object)
{
  LdRefundDialog *self = (LdRefundDialog *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->origin != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->origin), (gpointer *) &self->origin);
  self->origin = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_REFUND_DIALOG);
  g_clear_object (&self->follow);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (ld_refund_dialog_parent_class)->dispose (object);
}

static void
ld_refund_dialog_class_init (LdRefundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_refund_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-refund-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, paid_label);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, refund_button);
  gtk_widget_class_bind_template_child (widget_class, LdRefundDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "refund.give", NULL, give_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_refund_dialog_init (LdRefundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), self->refund_button);
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->fields, (gpointer) "amount_paise", self->amount_row);
  g_hash_table_insert (self->fields, (gpointer) "reason", self->reason_row);
  g_hash_table_insert (self->fields, (gpointer) "reference", self->reference_row);
  g_hash_table_insert (self->fields, (gpointer) "method", self->method_row);
}

/**
 * ld_refund_dialog_new:
 * @origin: the widget it is opened from
 * @session: the signed-in session
 * @order_id: the order to refund on
 *
 * Returns: (transfer none): the dialog, to present
 */
GtkWindow *
ld_refund_dialog_new (GtkWidget  *origin,
                      LdSession  *session,
                      const char *order_id)
{
  LdRefundDialog *self;

  g_return_val_if_fail (GTK_IS_WIDGET (origin), NULL);
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  /* GTK 4.8 keeps a window's role from the instance, not its class. */
  self = g_object_new (LD_TYPE_REFUND_DIALOG, "transient-for", gtk_widget_get_root (origin),
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->origin = origin;
  g_object_add_weak_pointer (G_OBJECT (origin), (gpointer *) &self->origin);
  self->follow = ld_order_follow_new (session, order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (on_order_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_form (self);
  return GTK_WINDOW (self);
}
