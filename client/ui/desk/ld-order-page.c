/* ld-order-page.c: one order at the desk, live
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What was booked and charged (each line with the rule that priced it),
 * the money in and out, and the order's states in words; it follows the
 * cache, so a payment taken at another desk or a gateway's outcome shows
 * as it happens. Its buttons are the desk's actions with this order's id;
 * the receipt is drawn here by shared/report (the rule that fills it is
 * the server's), and printed with a preview or saved as a PDF.
 */

#define G_LOG_DOMAIN "ld-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-json.h"
#include "ld-order-notifications.h"
#include "ld-order-page.h"
#include "ld-print-operation.h"
#include "ld-report-format.h"
#include "ld-time.h"
#include "store/ld-desk-calls.h"
#include "store/ld-order-follow.h"
#include "store/ld-outbox.h"
#include "store/ld-record.h"

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

enum {
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

/* The item objects of @order; an order made here offline holds its codes
 * (strings) until the server prices it. */
static JsonObject *
get_item (JsonArray *items,
          guint      i)
{
  JsonNode *node = json_array_get_element (items, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
fill_items (LdOrderPage *self,
            JsonObject  *order)
{
  JsonArray *items = ld_record_get_items (order);
  guint n = items ? json_array_get_length (items) : 0;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  clear_list (self->items_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = get_item (items, i);

      if (ld_record_get_code (item) != NULL && ld_record_get_name (item) != NULL)
        g_hash_table_insert (names, (gpointer) ld_record_get_code (item),
                             (gpointer) ld_record_get_name (item));
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = get_item (items, i);
      JsonNode *node = json_array_get_element (items, i);
      const char *code = ld_record_get_code (item);
      const char *covered_by = ld_record_get_covered_by (item);
      g_autofree char *charged = NULL;
      g_autofree char *subtitle = NULL;

      if (item == NULL)
        {
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            gtk_list_box_append (self->items_list,
                                 build_row (json_node_get_string (node), NULL, NULL, FALSE));
          continue;
        }
      charged = ld_report_format_rupees (ld_order_get_paise (item, "charged_paise"));
      if (covered_by != NULL)
        {
          const char *panel = g_hash_table_lookup (names, covered_by);

          subtitle = g_strdup_printf (_("%s · included in %s, not charged again"), code,
                                      panel ? panel : covered_by);
        }
      else
        subtitle = g_strdup (code);
      gtk_list_box_append (self->items_list,
                           build_row (ld_record_get_name (item), subtitle, charged, FALSE));
    }
}

static void
fill_totals (LdOrderPage *self,
             JsonObject  *order)
{
  JsonObject *discount = ld_record_get_discount (order);
  gint64 discount_paise = ld_order_get_paise (order, "discount_paise");
  gint64 home_fee = ld_order_get_paise (order, "home_fee_paise");
  gint64 refunded = ld_order_get_paise (order, "refunded_paise");

  clear_list (self->totals_list);
  add_money_row (self, _("Subtotal"), NULL, ld_order_get_paise (order, "subtotal_paise"), FALSE);
  if (discount_paise > 0)
    {
      g_autofree char *reason = NULL;
      g_autofree char *rupees = ld_report_format_rupees (discount_paise);
      g_autofree char *amount = g_strdup_printf ("−%s", rupees);

      /* Translators: the reason given for a discount. */
      reason = g_strdup_printf (_("Reason: %s"), ld_record_get_reason (discount));
      gtk_list_box_append (self->totals_list, build_row (_("Discount"), reason, amount, FALSE));
    }
  if (home_fee > 0)
    add_money_row (self, _("Home collection"), NULL, home_fee, FALSE);
  add_money_row (self, _("Tax"), NULL, ld_order_get_paise (order, "tax_paise"), FALSE);
  add_money_row (self, _("Total"), NULL, ld_order_get_paise (order, "total_paise"), TRUE);
  add_money_row (self, _("Paid"), NULL, ld_order_get_paise (order, "paid_paise"), FALSE);
  if (refunded > 0)
    {
      add_money_row (self, _("Refunded"), NULL, refunded, FALSE);
      add_money_row (self, _("Net paid"), NULL,
                     ld_order_get_paise (order, "paid_paise") - refunded, FALSE);
    }
  add_money_row (self, _("Balance due"), NULL, ld_order_get_paise (order, "balance_paise"), TRUE);

  if (ld_order_get_paise (order, "total_paise") < 0)
    gtk_list_box_append (self->totals_list,
                         build_row (_("Priced by the server once the order is sent"), NULL, NULL,
                                    FALSE));
}

static GtkWidget *
build_payment_row (JsonObject *payment)
{
  g_autoptr(LdPayment) read = ld_desk_read_payment (payment);
  const char *kind = read->kind;
  const char *method = ld_order_text_method (read->method);
  const char *status = read->status;
  g_autofree char *amount = ld_report_format_rupees (ld_order_get_paise (payment, "amount_paise"));
  g_autofree char *when = format_time (read->created_at);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gint64 tendered = ld_order_get_paise (payment, "tendered_paise");
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
                        : g_strcmp0 (status, "failed") == 0 ? _("failed")
                        : _("waiting for the outcome");

      /* Translators: a payment line: its method and its state in words. */
      title = g_strdup_printf (_("%s · %s"), method, state);
      if (tendered >= 0)
        {
          g_autofree char *given = ld_report_format_rupees (tendered);
          g_autofree char *change = ld_report_format_rupees (ld_order_get_paise (payment, "change_paise"));

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
fill_payments (LdOrderPage *self,
               JsonObject  *order)
{
  JsonArray *payments = ld_record_get_payments (order);

  clear_list (self->payments_list);
  for (guint i = 0; payments && i < json_array_get_length (payments); i++)
    {
      JsonObject *payment = json_array_get_object_element (payments, i);

      if (payment != NULL)
        gtk_list_box_append (self->payments_list, build_payment_row (payment));
    }
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
                JsonObject  *order)
{
  const char *lab_state = ld_record_get_lab_state (order);
  gboolean sent = ld_record_get_number (order) != NULL;
  g_autoptr(LdOrder) read = NULL;
  LdCommandTarget target = { NULL, };
  gboolean can_pay;
  gboolean can_refund;
  gboolean can_cancel;

  /* A record still loading is not given: the checks then refuse. */
  if (lab_state != NULL && ld_record_get_payment_state (order) != NULL)
    target.order = read = ld_command_read_order (order);

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
  set_usable (self, self->report_button, g_strcmp0 (lab_state, "reported") == 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->report_row),
                                 g_strcmp0 (lab_state, "reported") == 0
                                   ? _("Report released") : _("No report released yet"));
}

/* Whether the server refused the booking of this order, done here: it
 * then waits for the desk to correct it, not to be sent. */
static gboolean
order_is_refused (LdOrderPage *self)
{
  LdOutbox *outbox = ld_session_get_outbox (self->session);
  g_autoptr(GPtrArray) entries = NULL;

  /* A session signing out has let its outbox go. */
  if (outbox == NULL)
    return FALSE;
  entries = ld_outbox_find_entries (outbox, "order", self->order_id);
  for (guint i = 0; i < entries->len; i++)
    if (ld_outbox_entry_get_state (g_ptr_array_index (entries, i)) == LD_OUTBOX_ENTRY_REFUSED)
      return TRUE;
  return FALSE;
}

static void on_order_changed_cb (LdOrderPage *self);

/* A refusal, a correction sent again or a discard changes what the page
 * says of an order not yet sent, without a change in the cache. */
static void
on_outbox_entry_cb (LdOrderPage   *self,
                    LdOutboxEntry *entry)
{
  if (ld_order_follow_get_order (self->follow) != NULL &&
      g_strcmp0 (ld_outbox_entry_get_target_id (entry), self->order_id) == 0)
    on_order_changed_cb (self);
}

static void
on_order_changed_cb (LdOrderPage *self)
{
  JsonObject *order = ld_order_follow_get_order (self->follow);
  JsonObject *patient = ld_record_get_patient (order);
  JsonObject *home = ld_record_get_home_visit (order);
  g_autofree char *title = ld_order_dup_title (order);
  g_autofree char *created = format_time (ld_record_get_created_at (order));
  g_autoptr(GString) details = g_string_new (NULL);
  const char *priority = ld_record_get_priority (order);

  gtk_label_set_text (self->title_label, title);
  if (ld_record_get_mrn (patient) != NULL)
    {
      /* Translators: the patient's name and MRN on the order page. */
      g_autofree char *text = g_strdup_printf (_("%s · MRN %s"), ld_record_get_name (patient),
                                                  ld_record_get_mrn (patient));

      gtk_label_set_text (self->patient_label, text);
    }
  else
    gtk_label_set_text (self->patient_label,
                        ld_record_get_name (patient) ? ld_record_get_name (patient) : "");

  if (created != NULL)
    /* Translators: when the order was booked. */
    g_string_append_printf (details, _("Booked %s"), created);
  if (priority != NULL && !g_str_equal (priority, "routine"))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            g_str_equal (priority, "stat") ? _("STAT") : _("Urgent"));
  if (home != NULL)
    {
      g_autofree char *slot = format_time (ld_record_get_slot_start (home));

      /* Translators: a home visit: when, and the address. */
      g_string_append_printf (details, "%s", details->len ? " · " : "");
      g_string_append_printf (details, _("Home visit %s at %s"), slot ? slot : "",
                                          ld_record_get_address (home));
    }
  /* An outside doctor as typed, or a doctor of the lab: one or the other. */
  if (ld_record_get_referring_doctor_name (order) != NULL ||
      ld_record_get_doctor_name (order) != NULL)
    {
      const char *doctor = ld_record_get_referring_doctor_name (order);

      g_string_append_printf (details, "%s", details->len ? " · " : "");
      /* Translators: the doctor who sent the patient. */
      g_string_append_printf (details, _("Referred by %s"),
                                          doctor ? doctor : ld_record_get_doctor_name (order));
    }
  if (ld_record_get_number (order) == NULL)
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            order_is_refused (self) ? _("refused by the server: see the outbox")
                                                    : _("waiting to be sent"));
  if (ld_record_get_cancel_reason (order) != NULL)
    {
      g_string_append_printf (details, "%s", details->len ? " · " : "");
      /* Translators: why the order was cancelled. */
      g_string_append_printf (details, _("Cancelled: %s"), ld_record_get_cancel_reason (order));
    }
  gtk_label_set_text (self->details_label, details->str);

  if (ld_record_get_online_pending (order))
    gtk_label_set_text (self->payment_state_label, _("Online payment in progress"));
  else
    gtk_label_set_text (self->payment_state_label,
                        ld_order_text_payment_state (ld_record_get_payment_state (order)));
  gtk_label_set_text (self->lab_state_label,
                      ld_order_text_lab_state (ld_record_get_lab_state (order)));

  fill_items (self, order);
  fill_totals (self, order);
  fill_payments (self, order);
  update_actions (self, order);
}

/* The receipt, printed or saved. */

/* A step on one order, started from a widget: its order read from the
 * cache first. */
typedef struct
{
  GtkWidget   *origin;
  LdSession   *session;
  JsonObject  *order;
  /* Receipts: a PDF to save instead of printing. */
  char        *export_path;
  /* Cancelling: where the reason is typed. */
  AdwEntryRow *reason_row;
} OrderJob;

static void
order_job_free (OrderJob *job)
{
  g_clear_object (&job->origin);
  g_clear_object (&job->session);
  g_clear_pointer (&job->order, json_object_unref);
  g_free (job->export_path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrderJob, order_job_free)

static void
start_order_job (GtkWidget           *origin,
                 LdSession           *session,
                 const char          *order_id,
                 const char          *export_path,
                 GAsyncReadyCallback  callback)
{
  LdCache *cache = ld_session_get_cache (session);
  OrderJob *job;

  /* Signed out meanwhile: nothing to print from. */
  if (cache == NULL)
    return;
  job = g_new0 (OrderJob, 1);
  job->origin = g_object_ref (origin);
  job->session = g_object_ref (session);
  job->export_path = g_strdup (export_path);
  ld_cache_get_record_async (cache, "order", order_id, NULL, callback, job);
}

static void
on_receipt_printed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ld_print_receipt_finish (result, &error))
    {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = ld_error_text_describe (error);
    }
  else if (job->export_path != NULL)
    {
      g_autofree char *name = g_filename_display_name (job->export_path);

      /* Translators: %s is where the receipt was saved. */
      text = g_strdup_printf (_("Receipt saved as %s."), name);
    }
  else
    text = g_strdup (_("Receipt sent to the printer."));
  gtk_widget_activate_action (job->origin, "win.toast", "s", text);
}

static void
print_receipt (OrderJob *job,
               JsonObject *settings)
{
  LdUser *user = ld_session_get_user (job->session);
  GtkRoot *root = gtk_widget_get_root (job->origin);

  ld_print_receipt_async (root ? GTK_WINDOW (root) : NULL, job->order, settings,
                          user ? ld_user_get_display_name (user) : NULL, job->export_path, NULL,
                          on_receipt_printed_cb, job);
}

/* The lab's letterhead, when this user's cache has the settings (an
 * administrator's does); without it the receipt is printed plain. */
static void
on_receipt_settings_read_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  OrderJob *job = user_data;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);


  print_receipt (job, node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
}

static void
on_receipt_order_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *text = error ? ld_error_text_describe (error) : NULL;

      if (text != NULL)
        gtk_widget_activate_action (job->origin, "win.toast", "s", text);
      return;
    }
  job->order = json_object_ref (json_node_get_object (node));
  ld_cache_get_record_async (LD_CACHE (source), "settings", "lab", NULL,
                             on_receipt_settings_read_cb, g_steal_pointer (&job));
}

/**
 * ld_order_page_print_receipt:
 * @origin: the widget asking (its window is the print dialog's parent)
 * @session: the signed-in session
 * @order_id: the order
 * @export_path: (nullable): a PDF to save instead of printing
 *
 * Prints the order's receipt as the cache has it now, with a preview,
 * or saves it; the outcome is said in a toast.
 */
void
ld_order_page_print_receipt (GtkWidget  *origin,
                             LdSession  *session,
                             const char *order_id,
                             const char *export_path)
{
  g_return_if_fail (GTK_IS_WIDGET (origin));
  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL);

  start_order_job (origin, session, order_id, export_path, on_receipt_order_read_cb);
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
  JsonObject *order = ld_order_follow_get_order (self->follow);
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  const char *number = ld_record_get_number (order);
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

/* Cancelling an order. */

static void
on_cancelled_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);
  g_autofree char *text = NULL;
  g_autofree char *title = ld_order_dup_title (job->order);

  if (answer == NULL)
    text = ld_error_text_describe (error);
  else
    /* Translators: a toast; %s is "Order O2611-000001". */
    text = g_strdup_printf (_("%s cancelled."), title);
  gtk_widget_activate_action (job->origin, "win.toast", "s", text);
}

static void
on_reason_changed_cb (AdwEntryRow      *row,
                      AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  adw_message_dialog_set_response_enabled (dialog, "cancel-order", *reason != '\0');
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  g_autoptr(OrderJob) job = g_object_steal_data (G_OBJECT (dialog), "job");
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *reason = NULL;

  if (job == NULL || !g_str_equal (response, "cancel-order"))
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (job->reason_row))));
  params = json_object_new ();
  json_object_set_string_member (params, "id", ld_record_get_id (job->order));
  json_object_set_int_member (params, "version", ld_order_get_paise (job->order, "version"));
  json_object_set_string_member (params, "reason", reason);
  ld_outbox_submit_async (ld_session_get_outbox (job->session), LD_OUTBOX_ACTION_ORDER_CANCEL, params, NULL,
                          on_cancelled_cb, g_steal_pointer (&job));
}

static void
on_cancel_order_read_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (job->origin);
  GtkWidget *dialog;
  GtkWidget *list;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || root == NULL)
    return;
  job->order = json_object_ref (json_node_get_object (node));
  title = ld_order_dup_title (job->order);
  /* Translators: %s is "Order O2611-000001". */
  heading = g_strdup_printf (_("Cancel %s?"), title);

  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading,
                                   _("The order is cancelled: nothing is collected or tested, "
                                     "and nothing is owed. This cannot be undone. The reason "
                                     "is kept with the order."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  job->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (job->reason_row), "cancel-reason");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (job->reason_row), _("Reason"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (job->reason_row));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Order"),
                                    "cancel-order", _("_Cancel Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-order",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel-order", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (job->reason_row, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_cancel_response_cb), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "job", g_steal_pointer (&job),
                          (GDestroyNotify) order_job_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ld_order_page_cancel_order:
 * @origin: the widget asking
 * @session: the signed-in session
 * @order_id: the order
 *
 * Asks for the reason, saying what cancelling does, then cancels the
 * order through the outbox (it needs the server).
 */
void
ld_order_page_cancel_order (GtkWidget  *origin,
                            LdSession  *session,
                            const char *order_id)
{
  g_return_if_fail (GTK_IS_WIDGET (origin));
  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL);

  start_order_job (origin, session, order_id, NULL, on_cancel_order_read_cb);
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
  LdOrderPage *self = (LdOrderPage *)object;
  GtkWidget *buttons[] = {
    self->pay_button, self->receipt_button, self->refund_button, self->cancel_button,
    self->report_button,
  };
  const char *outbox_signals[] = { "entry-refused", "entry-resent", "entry-discarded" };

  G_OBJECT_CLASS (ld_order_page_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (buttons[i]), "s", self->order_id);

  self->follow = ld_order_follow_new (self->session, self->order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (on_order_changed_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (outbox_signals); i++)
    g_signal_connect_object (ld_session_get_outbox (self->session), outbox_signals[i],
                             G_CALLBACK (on_outbox_entry_cb), self, G_CONNECT_SWAPPED);
  update_actions (self, NULL);
  ld_order_notifications_set_order (self->notifications, self->session, self->order_id);
}

static void
ld_order_page_dispose (GObject *object)
{
  LdOrderPage *self = (LdOrderPage *)object;

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
