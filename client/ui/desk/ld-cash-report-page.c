/* ld-cash-report-page.c: the day's cash report, on screen and on paper
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every payment and refund of a day (today unless the desk goes back),
 * totals per method and per user and the day's net, as the server counts
 * them (GET …/reports/cash): money is the server's to add up, so
 * offline the page says plainly that it needs the server, and tries
 * again when the server is back or the desk asks. The same report is
 * printed for the drawer (desk.print-cash-report, Ctrl+Shift+P).
 */

#define G_LOG_DOMAIN "ld-cash-report-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cash-report-page.h"
#include "ld-cash-report.h"
#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "ld-report-format.h"
#include "print/ld-print-cash-report.h"
#include "store/ld-api-client.h"
#include "store/ld-desk-calls.h"
#include "ui/common/ld-error-text.h"

struct _LdCashReportPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  /* Local midnight of the day shown. */
  GDateTime      *day;
  GCancellable   *cancellable;
  LdCashReport   *report;
  JsonObject     *settings;
  char           *export_path;

  GtkLabel       *day_label;
  GtkMenuButton  *calendar_button;
  GtkCalendar    *calendar;
  GtkLabel       *net_label;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkListBox     *entries_list;
  GtkListBox     *methods_list;
  GtkListBox     *users_list;
};

G_DEFINE_FINAL_TYPE (LdCashReportPage, ld_cash_report_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GDateTime *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 0, 0, 0);
}

static void
toast (LdCashReportPage *self,
       const char       *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of labels, one per column; the first few of fixed widths. */
static GtkWidget *
add_row (GtkListBox         *list,
         const char * const *cells,
         const int          *widths,
         guint               n_cells)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  for (guint i = 0; i < n_cells; i++)
    {
      GtkWidget *label = gtk_label_new (cells[i]);
      gboolean last = i == n_cells - 1;

      gtk_label_set_xalign (GTK_LABEL (label), last || widths[i] < 0 ? 1 : 0);
      gtk_label_set_width_chars (GTK_LABEL (label), ABS (widths[i]));
      gtk_label_set_max_width_chars (GTK_LABEL (label), ABS (widths[i]));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, last);
      if (widths[i] < 0 || last)
        gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Only a payment's row opens something (its order). */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
  return row;
}

static void
fill_entries (LdCashReportPage *self)
{
  static const int widths[] = { 6, 14, 20, 12, 22, 16, 12 };
  const char *heading[] = { _("Time"), _("Order"), _("Patient"), _("Method"),
                            _("Reference or reason"), _("Taken by"), _("Amount") };
  GPtrArray *entries = self->report->entries;

  clear_list (self->entries_list);
  gtk_widget_add_css_class (add_row (self->entries_list, heading, widths, G_N_ELEMENTS (heading)),
                            "dim-label");
  if (entries->len == 0)
    {
      const char *cells[] = { "", "", _("No money changed hands this day."), "", "", "", "" };

      add_row (self->entries_list, cells, widths, G_N_ELEMENTS (cells));
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const LdCashEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char   *clock = ld_order_text_clock (entry->at_us);
      g_autofree char   *amount =
        ld_report_format_rupees (entry->refund ? -entry->amount_paise : entry->amount_paise);
      g_autofree char *method =
        entry->refund ? g_strdup_printf (_("Refund (%s)"), ld_cash_method_label (entry->method))
                      : g_strdup (ld_cash_method_label (entry->method));
      g_autofree char *patient =
        g_strdup_printf ("%s\n%s", entry->patient_name ?: "", entry->patient_mrn ?: "");
      g_autofree char *detail = NULL;
      GtkWidget *row;

      if (entry->reason != NULL)
        detail = g_strdup_printf (_("%s%sReason: %s"), entry->reference ?: "",
                                     entry->reference ? "\n" : "", entry->reason);
      else
        detail = g_strdup (entry->reference ?: "");
      {
        const char *cells[] = { clock, entry->order_number ?: "", patient, method, detail,
                                entry->user ?: "", amount };

        row = add_row (self->entries_list, cells, widths, G_N_ELEMENTS (cells));
      }
      g_object_set_data_full (G_OBJECT (row), "ld-order-id", g_strdup (entry->order_id), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), entry->order_id != NULL);
    }
}

static void
fill_totals (GtkListBox *list,
             GPtrArray  *totals,
             gboolean    methods)
{
  static const int widths[] = { 20, -12, -12, -16, -16, 16 };
  const char *heading[] = { methods ? _("Method") : _("User"), _("Payments"), _("Refunds"),
                            _("Received"), _("Refunded"), _("Net") };

  clear_list (list);
  gtk_widget_add_css_class (add_row (list, heading, widths, G_N_ELEMENTS (heading)), "dim-label");
  for (guint i = 0; i < totals->len; i++)
    {
      const LdCashTotal *total = g_ptr_array_index (totals, i);
      g_autofree char *payments = g_strdup_printf ("%" G_GINT64_FORMAT, total->payments);
      g_autofree char *refunds = g_strdup_printf ("%" G_GINT64_FORMAT, total->refunds);
      g_autofree char *received = ld_report_format_rupees (total->received_paise);
      g_autofree char *refunded = ld_report_format_rupees (-total->refunded_paise);
      g_autofree char *net = ld_report_format_rupees (total->net_paise);
      const char *cells[] = { methods ? ld_cash_method_label (total->name) : total->name ?: "",
                              payments, refunds, received, refunded, net };

      add_row (list, cells, widths, G_N_ELEMENTS (cells));
    }
}

static void
show_report (LdCashReportPage *self)
{
  g_autofree char *net = ld_report_format_rupees (self->report->net_paise);
  g_autofree char *text = NULL;

  fill_entries (self);
  fill_totals (self->methods_list, self->report->methods, TRUE);
  fill_totals (self->users_list, self->report->users, FALSE);
  /* Translators: the day's net in the cash report's header. */
  text = g_strdup_printf (_("Net for the day: %s"), net);
  gtk_label_set_text (self->net_label, text);
  gtk_stack_set_visible_child_name (self->stack, "report");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cash.print", TRUE);
}

static void
show_error (LdCashReportPage *self,
            const char       *description)
{
  gtk_label_set_text (self->net_label, "");
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Async answers hold the page weakly: it may be gone by then. */
static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void
on_report_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(LdCashReportPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCashReport) report = NULL;
  g_autofree char *description = NULL;

  report = ld_desk_cash_report_finish (LD_API_CLIENT (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    {
      description = ld_error_text_describe (error);
      show_error (self, description);
      return;
    }

  g_clear_pointer (&self->report, ld_cash_report_free);
  self->report = g_steal_pointer (&report);
  show_report (self);
}

static void
on_settings_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(LdCashReportPage) self = g_weak_ref_get (ref);
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);

  if (self != NULL && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&self->settings, json_object_unref);
      self->settings = json_object_ref (json_node_get_object (node));
    }
}


static void on_calendar_day_selected_cb (LdCashReportPage *self);

/* Asks the server for the day shown. */
static void
load (LdCashReportPage *self)
{
  /* Translators: the day the cash report shows, in strftime() form. */
  g_autofree char *title = g_date_time_format (self->day, _("%A, %d %B %Y"));
  g_autoptr(GDateTime) now = today ();
  LdCache *cache = ld_session_get_cache (self->session);

  gtk_label_set_text (self->day_label, title);
  g_signal_handlers_block_by_func (self->calendar, on_calendar_day_selected_cb, self);
  gtk_calendar_select_day (self->calendar, self->day);
  g_signal_handlers_unblock_by_func (self->calendar, on_calendar_day_selected_cb, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cash.next-day",
                                 g_date_time_compare (self->day, now) < 0);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->report, ld_cash_report_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cash.print", FALSE);

  if (cache != NULL && self->settings == NULL)
    ld_cache_get_record_async (cache, "settings", "lab", self->cancellable, on_settings_cb,
                               weak_ref_new (self));

  if (!ld_session_get_online (self->session))
    {
      show_error (self, _("This client is offline. The day's payments and refunds are counted "
                          "by the server; the report shows when it can be reached again."));
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ld_desk_cash_report_async (ld_session_get_api_client (self->session), self->day,
                             self->cancellable, on_report_cb, weak_ref_new (self));
}

static void
show_day (LdCashReportPage *self,
          GDateTime        *day)
{
  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = day;
  load (self);
}

static void
on_online_cb (LdCashReportPage *self)
{
  /* Back online: what failed is tried again at once. */
  if (ld_session_get_online (self->session) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    load (self);
}

static void
on_entry_activated_cb (GtkListBox       *list,
                       GtkListBoxRow    *row,
                       LdCashReportPage *self)
{
  const char *order_id = g_object_get_data (G_OBJECT (row), "ld-order-id");

  if (order_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "desk.open-order", "s", order_id);
}

/* A day picked on the calendar; the days to come have no money yet. */
static void
on_calendar_day_selected_cb (LdCashReportPage *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) now = today ();
  GDateTime *day;

  gtk_menu_button_popdown (self->calendar_button);
  day = g_date_time_new_local (g_date_time_get_year (picked), g_date_time_get_month (picked),
                               g_date_time_get_day_of_month (picked), 0, 0, 0);
  if (g_date_time_compare (day, now) > 0 || g_date_time_equal (day, self->day))
    {
      g_date_time_unref (day);
      return;
    }
  show_day (self, day);
}

static void
previous_day_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (widget);

  show_day (self, g_date_time_add_days (self->day, -1));
}

static void
next_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (widget);

  show_day (self, g_date_time_add_days (self->day, 1));
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_day (LD_CASH_REPORT_PAGE (widget), today ());
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load (LD_CASH_REPORT_PAGE (widget));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ld_cash_report_page_print (LD_CASH_REPORT_PAGE (widget));
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(LdCashReportPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  if (ld_print_cash_report_finish (result, &error))
    {
      g_debug ("The cash report was printed");
      if (self != NULL)
        toast (self, _("Cash report printed"));
    }
  else
    {
      g_debug ("The cash report was not printed: %s", error->message);
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
    }
}

/**
 * ld_cash_report_page_print:
 * @self: a page
 *
 * Prints the report shown, with who prints it and when; says so when
 * there is nothing to print yet.
 */
void
ld_cash_report_page_print (LdCashReportPage *self)
{
  GtkRoot *root;
  LdUser *user;

  g_return_if_fail (LD_IS_CASH_REPORT_PAGE (self));

  if (self->report == NULL)
    {
      toast (self, _("The cash report is not here yet: it needs the server."));
      return;
    }

  user = ld_session_get_user (self->session);
  g_free (self->report->printed_by);
  self->report->printed_by = g_strdup (user ? ld_user_get_display_name (user) : NULL);
  self->report->printed_us = g_get_real_time ();
  root = gtk_widget_get_root (GTK_WIDGET (self));
  ld_print_cash_report_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->report,
                              self->settings, self->export_path, self->cancellable,
                              on_printed_cb, weak_ref_new (self));
}

/**
 * ld_cash_report_page_set_export_path:
 * @self: a page
 * @path: (nullable): a PDF file
 *
 * Makes printing write @path ("Save as PDF") instead of showing the print
 * dialog; %NULL shows the dialog again.
 */
void
ld_cash_report_page_set_export_path (LdCashReportPage *self,
                                     const char       *path)
{
  g_return_if_fail (LD_IS_CASH_REPORT_PAGE (self));

  g_free (self->export_path);
  self->export_path = g_strdup (path);
}

static gboolean
ld_cash_report_page_grab_focus (GtkWidget *widget)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (widget);

  return gtk_widget_child_focus (GTK_WIDGET (self->stack), GTK_DIR_TAB_FORWARD) ||
         GTK_WIDGET_CLASS (ld_cash_report_page_parent_class)->grab_focus (widget);
}

static void
ld_cash_report_page_map (GtkWidget *widget)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (widget);

  GTK_WIDGET_CLASS (ld_cash_report_page_parent_class)->map (widget);
  /* Shown again: the day's money may have moved since. */
  load (self);
}

static void
ld_cash_report_page_constructed (GObject *object)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (object);

  G_OBJECT_CLASS (ld_cash_report_page_parent_class)->constructed (object);
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (on_online_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ld_cash_report_page_dispose (GObject *object)
{
  LdCashReportPage *self = (LdCashReportPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CASH_REPORT_PAGE);
  g_clear_pointer (&self->report, ld_cash_report_free);
  g_clear_pointer (&self->settings, json_object_unref);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->export_path, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_cash_report_page_parent_class)->dispose (object);
}

static void
ld_cash_report_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_cash_report_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdCashReportPage *self = LD_CASH_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_cash_report_page_class_init (LdCashReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_cash_report_page_constructed;
  object_class->dispose = ld_cash_report_page_dispose;
  object_class->get_property = ld_cash_report_page_get_property;
  object_class->set_property = ld_cash_report_page_set_property;
  widget_class->map = ld_cash_report_page_map;
  widget_class->grab_focus = ld_cash_report_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-cash-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, net_label);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, gtk_spinner_start);
  gtk_widget_class_bind_template_callback (widget_class, gtk_spinner_stop);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, entries_list);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, methods_list);
  gtk_widget_class_bind_template_child (widget_class, LdCashReportPage, users_list);

  gtk_widget_class_install_action (widget_class, "cash.previous-day", NULL, previous_day_action);
  gtk_widget_class_install_action (widget_class, "cash.next-day", NULL, next_day_action);
  gtk_widget_class_install_action (widget_class, "cash.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "cash.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "cash.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "cash.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "cash.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK,
                                       "cash.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "cash.refresh", NULL);
}

static void
ld_cash_report_page_init (LdCashReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->day = today ();
  g_signal_connect (self->entries_list, "row-activated", G_CALLBACK (on_entry_activated_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cash.next-day", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cash.print", FALSE);
}

/**
 * ld_cash_report_page_new:
 * @session: the signed-in session, whose API client asks the server
 *
 * Returns: (transfer full): the desk's cash report of the day
 */
GtkWidget *
ld_cash_report_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_CASH_REPORT_PAGE, "session", session, NULL);
}
