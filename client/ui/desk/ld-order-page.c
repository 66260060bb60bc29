/* ld-order-page.c: one order at the desk, live
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What was booked and charged (each line with the rule that priced it),
 * the money in and out, and the order's states in words; it follows the
 * cache, so a payment taken at another desk or a gateway's outcome shows
 * as it happens. Its buttons are the desk's actions with this order's id;
 * the receipt and cancelling are steps of ld-order-page-steps.c. It reads
 * the order as a typed item (store/ld-order-view.c), never its JSON.
 */

#define G_LOG_DOMAIN "ld-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-order-notifications.h"
#include "ld-order-page.h"
#include "ld-report-format.h"
#include "ld-states.h"
#include "ld-time.h"
#include "store/ld-order-follow.h"

struct _LdOrderPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *order_id;
  LdOrderFollow  *follow;

  LdOrderNotifications *notifications;
  GtkLabel       *title_label;
  GtkLabel       *patient_label;
  GtkLabel       *details_label;
  GtkLabel       *payment_state_label;
  GtkLabel       *lab_state_label;
  GtkWidget      *pay_button;
  GtkWidget      *receipt_button;
  GtkWidget      *save_receipt_button;
  GtkWidget      *refund_button;
  GtkWidget      *cancel_button;
  GtkListBox     *items_list;
  GtkListBox     *totals_list;
  GtkListBox     *payments_list;
  GtkWidget      *report_button;
  GtkWidget      *report_row;
};

G_DEFINE_FINAL_TYPE (LdOrderPage, ld_order_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
format_time (const char *rfc3339)
{
  gint64 us = 0;

  if (rfc3339 == NULL || !ld_time_parse_rfc3339 (rfc3339, &us))
    return NULL;
  return ld_report_format_time (us, NULL);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of a boxed list: a title, maybe a subtitle, an amount on the right. */
static GtkWidget *
build_row (const char *title,
           const char *subtitle,
           const char *amount,
           gboolean    strong)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (amount != NULL)
    {
      GtkWidget *label = gtk_label_new (amount);

      gtk_widget_add_css_class (label, "numeric");
      if (strong)
        gtk_widget_add_css_class (label, "title-3");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
add_money_row (LdOrderPage *self,
               const char  *title,
               const char  *subtitle,
               gint64       paise,
               gboolean     strong)
{
  g_autofree char *amount = NULL;

  if (paise < 0)
    return;
  amount = ld_report_format_rupees (paise);
  gtk_list_box_append (self->totals_list, build_row (title, subtitle, amount, strong));
}

static void
fill_items (LdOrderPage   *self,
            const LdOrder *order)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  clear_list (self->items_list);
  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (item->code != NULL && item->name != NULL)
        g_hash_table_insert (names, item->code, item->name);
    }

  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);
      const char *code = item->code;
      const char *covered_by = item->covered_by;
      g_autofree char *charged = NULL;
      g_autofree char *subtitle = NULL;

      /* An order made here offline holds the codes booked until the
       * server prices it: a line of a code alone. */
      if (item->kind == NULL && item->name == NULL)
        {
          if (code != NULL)
            gtk_list_box_append (self->items_list, build_row (code, NULL, NULL, FALSE));
          continue;
        }
      charged = ld_report_format_rupees (item->charged_paise);
      if (covered_by != NULL)
        {
          const char *panel = g_hash_table_lookup (names, covered_by);

          subtitle = g_strdup_printf (_("%s · included in %s, not charged again"), code,
                                         panel ? panel : covered_by);
        }
      else
        subtitle = g_strdup (code);
      gtk_list_box_append (self->items_list, build_row (item->name, subtitle, charged, FALSE));
    }
}

static void
fill_totals (LdOrderPage *self,
             LdOrderView *view)
{
  const LdOrder *order = ld_order_view_get_order (view);
  gboolean priced = ld_order_view_get_priced (view);
  gint64 discount_paise = priced ? order->discount_paise : -1;
  gint64 home_fee = priced ? order->home_fee_paise : -1;
  gint64 refunded = ld_order_view_get_refunded_paise (view);
  gint64 paid = ld_order_view_get_paid_paise (view);

  clear_list (self->totals_list);
  add_money_row (self, _("Subtotal"), NULL, priced ? order->subtotal_paise : -1, FALSE);
  if (discount_paise > 0)
    {
      g_autofree char *reason = NULL;
      g_autofree char *rupees = ld_report_format_rupees (discount_paise);
      g_autofree char *amount = g_strdup_printf ("−%s", rupees);

      /* Translators: the reason given for a discount. */
      reason = g_strdup_printf (_("Reason: %s"), order->discount_reason);
      gtk_list_box_append (self->totals_list, build_row (_("Discount"), reason, amount, FALSE));
    }
  if (home_fee > 0)
    add_money_row (self, _("Home collection"), NULL, home_fee, FALSE);
  add_money_row (self, _("Tax"), NULL, priced ? order->tax_paise : -1, FALSE);
  add_money_row (self, _("Total"), NULL, ld_order_view_get_total_paise (view), TRUE);
  add_money_row (self, _("Paid"), NULL, paid, FALSE);
  if (refunded > 0)
    {
      add_money_row (self, _("Refunded"), NULL, refunded, FALSE);
      add_money_row (self, _("Net paid"), NULL, paid - refunded, FALSE);
    }
  add_money_row (self, _("Balance due"), NULL, ld_order_view_get_balance_paise (view), TRUE);

  if (!priced)
    gtk_list_box_append (self->totals_list,
                         build_row (_("Priced by the server once the order is sent"), NULL, NULL,
                                       FALSE));
}

static GtkWidget *
build_payment_row (const LdPayment *read)
{
  const char *kind = read->kind;
  const char *method = ld_order_text_method (read->method);
  const char *status = read->status;
  g_autofree char *amount = ld_report_format_rupees (read->amount_paise);
  g_autofree char *when = format_time (read->created_at);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gint64 tendered = read->tendered_paise;
  const char *reference = read->reference;

  if (g_strcmp0 (kind, "refund") == 0)
    {
      /* Translators: a refund line: how it was given back. */
      title = g_strdup_printf (_("Refund · %s"), method);
      g_string_append_printf (subtitle, _("Reason: %s"), read->reason);
    }
  else
    {
      const char *state = g_strcmp0 (status, "succeeded") == 0 ? _("received")
                                                               : g_strcmp0 (status, "failed") == 0
        ? _("failed")
        : _("waiting for the outcome");

      /* Translators: a payment line: its method and its state in words. */
      title = g_strdup_printf (_("%s · %s"), method, state);
      if (tendered >= 0)
        {
          g_autofree char *given = ld_report_format_rupees (tendered);
          g_autofree char *change = ld_report_format_rupees (read->change_paise);

          /* Translators: cash handed over and the change given back. */
          g_string_append_printf (subtitle, _("tendered %s, change %s"), given, change);
        }
      if (read->failure_reason != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "",
                                read->failure_reason);
    }
  if (reference != NULL)
    /* Translators: a terminal's or gateway's reference for a payment. */
    g_string_append_printf (subtitle, "%s%s %s", subtitle->len ? " · " : "", _("reference"),
                            reference);
  if (when != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", when);

  return build_row (title, subtitle->str, amount, FALSE);
}

static void
fill_payments (LdOrderPage   *self,
               const LdOrder *order)
{
  clear_list (self->payments_list);
  for (guint i = 0; i < order->payments->len; i++)
    gtk_list_box_append (self->payments_list,
                         build_payment_row (g_ptr_array_index (order->payments, i)));
}

/* @button usable or not; one that has the cursor and can no longer be
 * pressed (Take Payment, once paid) hands it on to the page's next
 * control first: GTK would leave the window with none, and Escape and
 * the page's keys with nowhere to go until Tab. */
static void
set_usable (LdOrderPage *self,
            GtkWidget   *button,
            gboolean     usable)
{
  GtkRoot *root = gtk_widget_get_root (button);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (!usable && focus != NULL && (focus == button || gtk_widget_is_ancestor (focus, button)))
    {
      gtk_widget_set_can_focus (button, FALSE);
      if (!gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD) &&
          !gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_BACKWARD))
        gtk_widget_grab_focus (GTK_WIDGET (self));
      gtk_widget_set_can_focus (button, TRUE);
    }
  gtk_widget_set_sensitive (button, usable);
}

/* Offers @button for @kind on @target as the session's shared checks
 * answer for this user now: not shown when the user's role never allows
 * it, shown but not usable when the order does not allow it now. */
static gboolean
offer_step (LdOrderPage           *self,
            GtkWidget             *button,
            LdCommandKind          kind,
            const LdCommandTarget *target)
{
  g_autoptr(GError) error = NULL;
  gboolean allowed = ld_session_check (self->session, kind, target, &error);

  gtk_widget_set_visible (button, allowed ||
                                    !g_error_matches (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN));
  set_usable (self, button, allowed);
  return allowed;
}

/* The one place that decides which of the desk's steps the page offers
 * (issue 30): taking a payment, a refund and cancelling, each as the
 * check the server runs too (ld_command_check(), through the session)
 * answers for this order as the cache holds it. An order not yet sent
 * (booked here offline) waits for the server before anything is given
 * back or cancelled. Receipts and the report are reads of what is there. */
static void
update_actions (LdOrderPage *self,
                LdOrderView *view)
{
  const char     *lab_state = ld_order_view_get_lab_state (view);
  gboolean        sent = ld_order_view_get_sent (view);
  LdCommandTarget target = {
    NULL,
  };
  gboolean can_pay;
  gboolean can_refund;
  gboolean can_cancel;
  gboolean reported = ld_lab_state_parse (lab_state) == LD_LAB_STATE_REPORTED;

  /* A record still loading is not given: the checks then refuse. */
  if (lab_state != NULL && ld_order_view_get_payment_state (view) != NULL)
    target.order = ld_order_view_get_order (view);

  /* Asked with the amount due (0). */
  can_pay = offer_step (self, self->pay_button, LD_COMMAND_PAYMENT_TAKE, &target);
  /* Asked with the smallest refund: is anything there to give back? */
  target.amount_paise = 1;
  can_refund = offer_step (self, self->refund_button, LD_COMMAND_PAYMENT_REFUND, &target) && sent;
  target.amount_paise = 0;
  can_cancel = offer_step (self, self->cancel_button, LD_COMMAND_ORDER_CANCEL, &target) && sent;
  set_usable (self, self->refund_button, can_refund);
  set_usable (self, self->cancel_button, can_cancel);
  set_usable (self, self->receipt_button, sent);
  set_usable (self, self->save_receipt_button, sent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.take-payment", can_pay);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.refund", can_refund);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-receipt", sent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.save-receipt", sent);

  /* The released report, opened from the PDF the server kept. */
  set_usable (self, self->report_button, reported);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->report_row),
                                 reported ? _("Report released") : _("No report released yet"));
}

static void
on_order_changed_cb (LdOrderPage *self)
{
  LdOrderView *view = ld_order_follow_get_view (self->follow);
  const LdOrder *order = ld_order_view_get_order (view);
  const char *name = ld_order_view_get_patient_name (view);
  const char *mrn = ld_order_view_get_patient_mrn (view);
  g_autofree char *title = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GString) details = NULL;
  const char *priority = ld_order_view_get_priority (view);

  if (order == NULL)
    return;
  title = ld_order_text_title (ld_order_view_get_number (view));
  created = format_time (order->created_at);
  details = g_string_new (NULL);
  gtk_label_set_text (self->title_label, title);
  if (mrn != NULL)
    {
      /* Translators: the patient's name and MRN on the order page. */
      g_autofree char *text = g_strdup_printf (_("%s · MRN %s"), name, mrn);

      gtk_label_set_text (self->patient_label, text);
    }
  else
    gtk_label_set_text (self->patient_label, name ? name : "");

  if (created != NULL)
    /* Translators: when the order was booked. */
    g_string_append_printf (details, _("Booked %s"), created);
  if (g_strcmp0 (ld_order_view_get_channel (view), "web") == 0)
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            _("by the patient, on the patient pages"));
  if (priority != NULL && !g_str_equal (priority, "routine"))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            g_str_equal (priority, "stat") ? _("STAT") : _("Urgent"));
  if (order->home_address != NULL)
    {
      g_autofree char *slot = format_time (order->home_slot_start);

      /* Translators: a home visit: when, and the address. */
      g_string_append_printf (details, "%s", details->len ? " · " : "");
      g_string_append_printf (details, _("Home visit %s at %s"), slot ? slot : "",
                                          order->home_address);
    }
  /* An outside doctor as typed, or a doctor of the lab: one or the other. */
  if (order->referring_doctor_name != NULL || order->doctor_name != NULL)
    {
      const char *doctor = order->referring_doctor_name;

      g_string_append_printf (details, "%s", details->len ? " · " : "");
      /* Translators: the doctor who sent the patient. */
      g_string_append_printf (details, _("Referred by %s"),
                                          doctor ? doctor : order->doctor_name);
    }
  /* A booking done here and refused by the server waits for the desk to
   * correct it, not to be sent. */
  if (!ld_order_view_get_sent (view))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            g_strcmp0 (ld_order_view_get_pending (view), "rejected") == 0
                            ? _("refused by the server: see the outbox")
                            : _("waiting to be sent"));
  if (ld_order_view_get_cancel_reason (view) != NULL)
    {
      g_string_append_printf (details, "%s", details->len ? " · " : "");
      /* Translators: why the order was cancelled. */
      g_string_append_printf (details, _("Cancelled: %s"), ld_order_view_get_cancel_reason (view));
    }
  gtk_label_set_text (self->details_label, details->str);

  if (ld_order_view_get_online_pending (view))
    gtk_label_set_text (self->payment_state_label, _("Online payment in progress"));
  else
    gtk_label_set_text (self->payment_state_label,
                        ld_order_text_payment_state (ld_order_view_get_payment_state (view)));
  gtk_label_set_text (self->lab_state_label,
                      ld_order_text_lab_state (ld_order_view_get_lab_state (view)));

  fill_items (self, order);
  fill_totals (self, view);
  fill_payments (self, order);
  update_actions (self, view);
}

/* Saves the receipt as a PDF in the user's Documents folder (the home
 * folder when there is none), named by the order, in one keypress: the
 * toast says where. Printing has its own dialog, with a preview and
 * "Print to File" for another place. */
static void
save_receipt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdOrderPage *self = LD_ORDER_PAGE (widget);
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  const char *number = ld_order_view_get_number (ld_order_follow_get_view (self->follow));
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (number == NULL)
    return;
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    dir = g_get_home_dir ();
  /* Translators: the file name of a saved receipt; %s is the order number. */
  name = g_strdup_printf (_("receipt-%s.pdf"), number);
  path = g_build_filename (dir, name, NULL);
  ld_order_page_print_receipt (widget, self->session, self->order_id, path);
}

/* The page's shortcuts: the desk's actions with this order's id. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdOrderPage *self = LD_ORDER_PAGE (widget);
  g_autofree char *desk_action = g_strdup_printf ("desk.%s", action_name + strlen ("order."));

  gtk_widget_activate_action (widget, desk_action, "s", self->order_id);
}

static void
ld_order_page_constructed (GObject *object)
{
  LdOrderPage *self = (LdOrderPage *) object;
  GtkWidget   *buttons[] = {
      self->pay_button,    self->receipt_button, self->refund_button,
      self->cancel_button, self->report_button,
  };

  G_OBJECT_CLASS (ld_order_page_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (buttons[i]), "s", self->order_id);

  self->follow = ld_order_follow_new (self->session, self->order_id);
  /* A fresh copy, or a refusal, a correction sent again or a discard in
   * the outbox: what the page says of an order not yet sent changes
   * without a change in the cache. */
  g_signal_connect_object (ld_order_follow_get_view (self->follow), "refreshed",
                           G_CALLBACK (on_order_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_order_follow_get_view (self->follow), "notify::pending",
                           G_CALLBACK (on_order_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self, ld_order_follow_get_view (self->follow));
  ld_order_notifications_set_order (self->notifications, self->session, self->order_id);
}

static void
ld_order_page_dispose (GObject *object)
{
  LdOrderPage *self = (LdOrderPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ORDER_PAGE);
  g_clear_object (&self->follow);
  g_clear_object (&self->session);
  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (ld_order_page_parent_class)->dispose (object);
}

static void
ld_order_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdOrderPage *self = LD_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_order_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LdOrderPage *self = LD_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_ORDER_ID:
      self->order_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_order_page_class_init (LdOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_order_page_constructed;
  object_class->dispose = ld_order_page_dispose;
  object_class->get_property = ld_order_page_get_property;
  object_class->set_property = ld_order_page_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_ORDER_NOTIFICATIONS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, payment_state_label);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, lab_state_label);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, pay_button);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, receipt_button);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, save_receipt_button);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, refund_button);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, totals_list);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, payments_list);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, report_button);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, report_row);
  gtk_widget_class_bind_template_child (widget_class, LdOrderPage, notifications);

  gtk_widget_class_install_action (widget_class, "order.take-payment", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "order.print-receipt", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "order.refund", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "order.save-receipt", NULL, save_receipt_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "order.take-payment", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "order.print-receipt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "order.refund", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "order.save-receipt",
                                       NULL);
}

static void
ld_order_page_init (LdOrderPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No payment yet."));
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->payments_list, placeholder);
}

/**
 * ld_order_page_new:
 * @session: the signed-in session
 * @order_id: the order to show
 *
 * Returns: (transfer floating): a new order page
 */
GtkWidget *
ld_order_page_new (LdSession  *session,
                   const char *order_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_object_new (LD_TYPE_ORDER_PAGE, "session", session, "order-id", order_id, NULL);
}
