/* ld-doctor-order-page.c: one order's results, as the doctor reads them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order's states in words, its clinical notes, and each result as the
 * feed brings it once verified: value, unit, interval, the flag in words,
 * the comment and the corrected values of amendments. The released report
 * is the server's kept PDF, its hash checked: opened in Labdesk's own
 * viewer (client/print/ld-pdf-view.c) or printed through the print frame
 * the bench uses (client/print/ld-print-pdf.c). The order and its results
 * are read as typed records (store/ld-order-view.c, LdResult), never as
 * their JSON.
 */

#define G_LOG_DOMAIN "ld-doctor-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "common/ld-status-line.h"
#include "ld-doctor-lists.h"
#include "ld-doctor-order-page.h"
#include "ld-doctor-result-rows.h"
#include "ld-pdf-view.h"
#include "ld-print-pdf.h"
#include "ld-report-format.h"
#include "ld-states.h"
#include "store/ld-cache-list.h"
#include "store/ld-order-follow.h"

struct _LdDoctorOrderPage
{
  AdwBin         parent_instance;

  LdSession     *session;
  char          *order_id;
  GCancellable  *cancellable;
  LdOrderFollow *follow;
  LdCacheList   *results;
  /* Tests print to this PDF file instead of showing the print dialog. */
  char          *export_path;

  GtkLabel      *title_label;
  GtkLabel      *state_label;
  GtkLabel      *notes_label;
  GtkLabel      *status_label;
  GtkListView   *results_view;
};

G_DEFINE_FINAL_TYPE (LdDoctorOrderPage, ld_doctor_order_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The order moves as the lab works: shown again at each fresh copy. */
static void
on_order_refreshed_cb (LdDoctorOrderPage *self,
                       LdOrderView       *view)
{
  const LdOrder *read = ld_order_view_get_order (view);
  const char *notes = read->clinical_notes;
  const char *number = ld_order_view_get_number (view);
  gboolean reported =
    ld_lab_state_parse (ld_order_view_get_lab_state (view)) == LD_LAB_STATE_REPORTED;
  g_autofree char *title = NULL;
  g_autofree char *state = NULL;
  g_autofree char *notes_text = NULL;

  /* Translators: an order's number and its patient's name. */
  title = g_strdup_printf (_("Order %s · %s"),
    number ? number : _("waiting to be sent"),
    ld_order_view_get_patient_name (view) ? ld_order_view_get_patient_name (view) : "");
  /* Translators: an order's priority, payment state and lab state, in words. */
  state =
    g_strdup_printf (_("%s · Payment: %s · Lab: %s"), ld_order_text_priority (read->priority),
                        ld_order_text_payment_state (read->payment_state),
                        ld_order_text_lab_state (read->lab_state));
  /* Translators: the clinical notes of an order, as the report prints them. */
  notes_text = g_strdup_printf (_("Clinical notes: %s"), notes ? notes : _("none"));
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->state_label, state);
  gtk_label_set_text (self->notes_label, notes_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor-order.open-report", reported);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor-order.print-report", reported);
}

static void
say_error (LdDoctorOrderPage *self,
           const GError      *error)
{
  g_autofree char *text = ld_error_text_describe (error);

  ld_status_line_show (self->status_label, text, TRUE);
}

static void
on_report_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdDoctorOrderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) view = ld_pdf_view_open_report_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* The errors say exactly why (not released, an altered copy). */
  if (view == NULL)
    say_error (self, error);
  else
    ld_status_line_show (self->status_label, _("The report is open in its own window."), FALSE);
}

/* The released report as the server kept it (its hash checked), in a
 * window whose Print button prints it: the viewer the desk uses. */
static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdDoctorOrderPage *self = LD_DOCTOR_ORDER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  ld_status_line_show (self->status_label, _("Fetching the report…"), FALSE);
  ld_pdf_view_open_report_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 ld_session_get_api_client (self->session), self->order_id, 0,
                                 NULL, self->cancellable, on_report_opened_cb,
                                 g_object_ref (self));
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdDoctorOrderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!ld_print_report_finish (result, &error))
    say_error (self, error);
  else
    ld_status_line_show (self->status_label, _("The report was sent to the printer."), FALSE);
}

static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDoctorOrderPage *self = LD_DOCTOR_ORDER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  ld_print_report_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         ld_session_get_api_client (self->session), self->order_id, 0, NULL,
                         self->export_path, self->cancellable, on_printed_cb,
                         g_object_ref (self));
}

/* GObject. */

static GtkWidget *
add_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

static GtkWidget *
add_button (GtkBox     *box,
            const char *label,
            const char *action,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_box_append (box, button);
  return button;
}

static void
ld_doctor_order_page_constructed (GObject *object)
{
  LdDoctorOrderPage *self = LD_DOCTOR_ORDER_PAGE (object);
  LdCache *cache = ld_session_get_cache (self->session);
  g_autoptr(GtkListItemFactory) factory = ld_doctor_result_row_factory_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  G_OBJECT_CLASS (ld_doctor_order_page_parent_class)->constructed (object);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  self->title_label = GTK_LABEL (add_label (GTK_BOX (box), "title-2"));
  self->state_label = GTK_LABEL (add_label (GTK_BOX (box), NULL));
  self->notes_label = GTK_LABEL (add_label (GTK_BOX (box), "dim-label"));

  self->results = ld_cache_list_new_order_results (cache, self->order_id);
  self->results_view =
    GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                                        g_object_ref (G_LIST_MODEL (self->results)))),
                                      g_object_ref (factory)));
  gtk_widget_set_name (GTK_WIDGET (self->results_view), "doctor-results");
  gtk_widget_add_css_class (GTK_WIDGET (self->results_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->results_view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->status_label = GTK_LABEL (add_label (GTK_BOX (box), NULL));
  gtk_box_append (GTK_BOX (box), buttons);
  add_button (GTK_BOX (buttons), _("_Open Report"), "doctor-order.open-report",
                                    _("Open the released report in the PDF viewer (Ctrl+O)"));
  add_button (GTK_BOX (buttons), _("_Print Report"), "doctor-order.print-report",
                                    _("Print the released report (Ctrl+P)"));
  adw_bin_set_child (ADW_BIN (self), box);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor-order.open-report", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor-order.print-report", FALSE);
  self->follow = ld_order_follow_new (self->session, self->order_id);
  g_signal_connect_object (ld_order_follow_get_view (self->follow), "refreshed",
                           G_CALLBACK (on_order_refreshed_cb), self, G_CONNECT_SWAPPED);
}

static void
ld_doctor_order_page_dispose (GObject *object)
{
  LdDoctorOrderPage *self = LD_DOCTOR_ORDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->follow);
  g_clear_object (&self->results);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->export_path, g_free);

  G_OBJECT_CLASS (ld_doctor_order_page_parent_class)->dispose (object);
}

static void
ld_doctor_order_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LdDoctorOrderPage *self = LD_DOCTOR_ORDER_PAGE (object);

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
ld_doctor_order_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LdDoctorOrderPage *self = LD_DOCTOR_ORDER_PAGE (object);

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

static gboolean
grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_DOCTOR_ORDER_PAGE (widget)->results_view));
}

static void
ld_doctor_order_page_class_init (LdDoctorOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_doctor_order_page_constructed;
  object_class->dispose = ld_doctor_order_page_dispose;
  object_class->get_property = ld_doctor_order_page_get_property;
  object_class->set_property = ld_doctor_order_page_set_property;
  widget_class->grab_focus = grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "doctor-order.open-report", NULL,
                                   open_report_action);
  gtk_widget_class_install_action (widget_class, "doctor-order.print-report", NULL,
                                   print_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "doctor-order.open-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "doctor-order.print-report", NULL);
}

static void
ld_doctor_order_page_init (LdDoctorOrderPage *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * ld_doctor_order_page_new:
 * @session: the signed-in session
 * @order_id: the order
 *
 * Returns: (transfer floating): the order's results page
 */
GtkWidget *
ld_doctor_order_page_new (LdSession  *session,
                          const char *order_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_object_new (LD_TYPE_DOCTOR_ORDER_PAGE, "session", session, "order-id", order_id, NULL);
}

/**
 * ld_doctor_order_page_set_export_path:
 * @self: a page
 * @path: (nullable): a PDF file the report is printed to, without the
 *   print dialog; %NULL to print through the dialog
 */
void
ld_doctor_order_page_set_export_path (LdDoctorOrderPage *self,
                                      const char        *path)
{
  g_return_if_fail (LD_IS_DOCTOR_ORDER_PAGE (self));

  g_free (self->export_path);
  self->export_path = g_strdup (path);
}
