/* ld-doctor-lists.c: the doctor's sections: patients, orders and alerts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each section is a list of cache records that follows the cache as the
 * feed brings the lab's work: a patient (Enter prescribes for them), an
 * order with its payment and lab state in words (Enter opens its
 * results), an open critical alert (Enter opens its order).
 */

#define G_LOG_DOMAIN "ld-doctor-lists"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "ld-doctor-lists.h"
#include "ld-report-format.h"
#include "ld-patient-rules.h"

/* clang-format off */
static const char *const actions[] = {
  [LD_DOCTOR_LIST_PATIENTS] = "doctor.prescribe",
  [LD_DOCTOR_LIST_ORDERS] = "doctor.open-order",
  [LD_DOCTOR_LIST_ALERTS] = "doctor.open-order",
};
/* clang-format on */

/**
 * ld_doctor_row_new:
 * @first_name: the first label's name (ld_row_label() finds it by it)
 * @...: its CSS class or %NULL, then more names and classes, ending
 *   with %NULL
 *
 * Returns: (transfer floating): a list row of labels, one under another
 */
GtkWidget *
ld_doctor_row_new (const char *first_name,
                   ...)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  va_list args;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    ld_row_add_label (row, GTK_BOX (row), name, va_arg (args, const char *));
  va_end (args);
  return row;
}

static GtkWidget *
make_row (void)
{
  return ld_doctor_row_new ("title", "heading", "detail", NULL, "state", "dim-label", NULL);
}

static void
set_texts (GtkWidget  *row,
           const char *title,
           const char *detail,
           const char *state)
{
  const char *texts[] = { title, detail, state };
  const char *names[] = { "title", "detail", "state" };

  /* An empty line takes no room. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkLabel *label = ld_row_label (row, names[i]);

      gtk_label_set_text (label, texts[i] ? texts[i] : "");
      gtk_widget_set_visible (GTK_WIDGET (label), texts[i] != NULL && *texts[i] != '\0');
    }
}

static void
fill_patient (GtkWidget     *row,
              LdCacheRecord *record)
{
  LdPatient *patient = ld_cache_record_get_patient (record);
  const char *mrn;
  g_autofree char *phone = NULL;
  g_autofree char *detail = NULL;

  if (patient == NULL)
    {
      set_texts (row, "", "", "");
      return;
    }
  mrn = ld_patient_get_mrn (patient);
  phone = ld_patient_phone_display (ld_patient_get_phone (patient));
  /* Translators: a patient's MRN (or "not yet sent") and phone. */
  detail = g_strdup_printf (_("%s · %s"), mrn ? mrn : _("waiting to be sent"), phone ? phone : "");
  set_texts (row, ld_patient_get_name (patient), detail,
             ld_cache_record_get_pending (record) ? _("Registration waiting to be sent") : NULL);
}

/* The order's lines by code; a line booked offline holds its code alone. */
static char *
dup_item_codes (const LdOrder *order)
{
  GString *codes = g_string_new (NULL);

  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (item->code != NULL)
        g_string_append_printf (codes, "%s%s", codes->len ? ", " : "", item->code);
    }
  return g_string_free (codes, FALSE);
}

static void
fill_order (GtkWidget     *row,
            LdCacheRecord *record)
{
  const LdOrder *order = ld_cache_record_get_order (record);
  const char *pending = ld_cache_record_get_pending (record);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *state = NULL;
  g_autofree char *tests = NULL;

  if (order == NULL)
    {
      set_texts (row, "", "", "");
      return;
    }
  tests = dup_item_codes (order);
  /* Translators: an order's number (or "waiting to be sent") and its
   * patient's name. */
  title = g_strdup_printf (_("%s · %s"), order->number ? order->number : _("Waiting to be sent"),
                           order->patient_name ? order->patient_name : "");
  /* Translators: an order's priority and its tests' codes. */
  detail = g_strdup_printf (_("%s · %s"), ld_order_text_priority (order->priority), tests);
  if (pending != NULL)
    state = g_strdup (g_str_equal (pending, "rejected") ? _("Refused by the server: see the outbox")
                                                        : _("Waiting to be sent"));
  else
    /* Translators: an order's payment state and lab state, in words. */
    state = g_strdup_printf (_("Payment: %s · Lab: %s"),
                                ld_order_text_payment_state (order->payment_state),
                                ld_order_text_lab_state (order->lab_state));
  set_texts (row, title, detail, state);
}

/**
 * ld_doctor_alert_describe:
 * @alert: an alert as the server sends it
 *
 * Returns: (transfer full): "Potassium 6.8 mmol/L: Critical high"
 */
char *
ld_doctor_alert_describe (const LdAlert *alert)
{
  const char *flag = ld_report_flag_to_string (ld_report_flag_from_string (alert->flag));

  /* Translators: a critical alert: test, value, unit and the flag in words. */
  return g_strdup_printf (_("%s %s %s: %s"), alert->test_name, alert->value,
                             alert->unit ? alert->unit : "", flag);
}

static void
fill_alert (GtkWidget     *row,
            LdCacheRecord *record)
{
  const LdAlert *alert = ld_cache_record_get_alert (record);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  if (alert == NULL)
    {
      set_texts (row, "", "", "");
      return;
    }
  title = ld_doctor_alert_describe (alert);
  /* Translators: an alert's patient, MRN and order number. */
  detail = g_strdup_printf (_("%s · %s · %s"), alert->patient_name ? alert->patient_name : "",
                               alert->patient_mrn ? alert->patient_mrn : "", alert->order_number);
  set_texts (row, title, detail, _("Not yet acknowledged"));
}

static void
on_activate_cb (GtkListView *view,
                guint        position,
                gpointer     user_data)
{
  LdDoctorListKind kind = GPOINTER_TO_INT (user_data);
  g_autoptr(LdCacheRecord) record =
               g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (view)), position);
  const LdAlert *alert;
  const char *id;

  if (record == NULL)
    return;
  if (kind == LD_DOCTOR_LIST_ALERTS)
    {
      alert = ld_cache_record_get_alert (record);
      id = alert != NULL ? alert->order_id : NULL;
    }
  else
    id = ld_cache_record_get_id (record);
  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (view), actions[kind], "s", id);
}

/**
 * ld_doctor_list_new:
 * @kind: what the list shows
 * @name: the list view's widget name (tests find it by it)
 * @accessible_label: what a screen reader calls the list
 * @placeholder: what an empty list says
 *
 * Returns: (transfer floating): the section; give it its model with
 *   ld_doctor_list_set_model()
 */
GtkWidget *
ld_doctor_list_new (LdDoctorListKind  kind,
                    const char       *name,
                    const char       *accessible_label,
                    const char       *placeholder)
{
  static const LdFillRow fills[] = { fill_patient, fill_order, fill_alert };
  g_autoptr(GtkListItemFactory) factory = ld_record_row_factory_new (make_row, fills[kind]);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_list_view_new (NULL, g_object_ref (factory));
  GtkWidget *empty = gtk_label_new (placeholder);

  gtk_widget_set_name (view, name);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  g_signal_connect (view, "activate", G_CALLBACK (on_activate_cb), GINT_TO_POINTER (kind));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), scrolled);

  gtk_widget_add_css_class (empty, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_widget_set_valign (empty, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (empty, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), empty);
  g_object_set_data (G_OBJECT (overlay), "ld-list-view", view);
  g_object_set_data (G_OBJECT (overlay), "ld-list-empty", empty);
  return overlay;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GtkWidget  *empty)
{
  gtk_widget_set_visible (empty, g_list_model_get_n_items (model) == 0);
}

/**
 * ld_doctor_list_set_model:
 * @list: a section of ld_doctor_list_new()
 * @model: (element-type LdCacheRecord): its rows (an #LdCacheList)
 */
void
ld_doctor_list_set_model (GtkWidget  *list,
                          GListModel *model)
{
  GtkListView *view = g_object_get_data (G_OBJECT (list), "ld-list-view");
  GtkWidget *empty = g_object_get_data (G_OBJECT (list), "ld-list-empty");
  GtkSelectionModel *old = gtk_list_view_get_model (view);

  g_return_if_fail (G_IS_LIST_MODEL (model));

  if (old != NULL)
    g_signal_handlers_disconnect_by_func (gtk_single_selection_get_model (
                                            GTK_SINGLE_SELECTION (old)),
                                          on_items_changed_cb, empty);
  gtk_list_view_set_model (view,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (model))));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed_cb), empty, 0);
  on_items_changed_cb (model, 0, 0, 0, empty);
}
