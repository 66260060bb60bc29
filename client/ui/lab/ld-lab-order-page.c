/* ld-lab-order-page.c: one order at the lab bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the technician needs at the collection chair: who the patient is,
 * which tubes to draw and for which tests, the cash when it was promised
 * on collection (with the change), and then the tubes' labels. Collecting
 * numbers the tubes, which only the server can do, so it needs the
 * server; the labels print at once from the samples it made. The order
 * and its samples are followed in the cache, so another technician's
 * collection shows here too.
 */

#define G_LOG_DOMAIN "ld-lab-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-status-line.h"
#include "common/ld-step-tooltip.h"
#include "ld-command-records.h"
#include "ld-custody-timeline.h"
#include "ld-json.h"
#include "ld-lab-order-page.h"
#include "ld-label-print-dialog.h"
#include "ld-money.h"
#include "ld-print-labels.h"
#include "ld-report-format.h"
#include "ld-states.h"
#include "store/ld-cache-list.h"
#include "store/ld-lab-calls.h"
#include "store/ld-order-follow.h"

struct _LdLabOrderPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *order_id;
  LdOrderFollow  *follow;
  LdCacheList    *samples;
  LdCacheList    *results;
  GCancellable   *cancellable;
  char           *export_path;
  gboolean        collecting;
  gboolean        focusing;

  GtkLabel       *title_label;
  GtkLabel       *patient_label;
  GtkLabel       *state_label;
  GtkListBox     *tubes_list;
  AdwPreferencesGroup *collect_group;
  AdwEntryRow    *tendered_row;
  AdwEntryRow    *location_row;
  GtkLabel       *status_label;
  GtkWidget      *collect_button;
  GtkWidget      *results_button;
  LdCustodyTimeline *custody_timeline;
};

G_DEFINE_FINAL_TYPE (LdLabOrderPage, ld_lab_order_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
is_cash_on_collection (LdOrderView *order)
{
  return ld_payment_state_parse (ld_order_view_get_payment_state (order)) ==
         LD_PAYMENT_STATE_COD_PENDING;
}

/* One row per container: the tube to draw and the tests it is for. */
static void
show_tubes (LdLabOrderPage *self,
            const LdOrder  *order)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) containers = g_ptr_array_new ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tubes_list))) != NULL)
    gtk_list_box_remove (self->tubes_list, child);

  for (guint i = 0; i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);
      const char *container = test->container;
      const char *specimen = test->specimen;
      /* Translators: a tube at the collection chair: its container, then the specimen. */
      g_autofree char   *tube =
        g_strdup_printf (_("%s · %s"), container ? container : "", specimen ? specimen : "");
      GString *list;

      list = g_hash_table_lookup (codes, tube);
      if (list == NULL)
        {
          list = g_string_new (NULL);
          g_ptr_array_add (containers, g_strdup (tube));
          g_hash_table_insert (codes, g_strdup (tube), list);
        }
      g_string_append_printf (list, "%s%s", list->len ? ", " : "", test->code ?: "");
    }

  for (guint i = 0; i < containers->len; i++)
    {
      const char *tube = g_ptr_array_index (containers, i);
      GString *list = g_hash_table_lookup (codes, tube);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (tube, -1);
      g_autofree char *subtitle = g_markup_escape_text (list->str, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->tubes_list, row);
      g_string_free (list, TRUE);
      g_free (g_ptr_array_index (containers, i));
    }
}

/* The loaded rows of @list, read by the shared reader (@dup, one of
 * ld_cache_record_dup_*()): a placeholder still being read is left out,
 * so the checks refuse rather than guess. */
static GPtrArray *
dup_loaded (LdCacheList    *list,
            gpointer      (*dup) (LdCacheRecord *),
            GDestroyNotify  free_func)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (free_func);
  guint n = list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (list)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (ld_cache_record_get_loaded (record))
        g_ptr_array_add (records, dup (record));
    }
  return records;
}

static GPtrArray *
dup_loaded_samples (LdCacheList *list)
{
  return dup_loaded (list, (gpointer (*) (LdCacheRecord *)) ld_cache_record_dup_sample,
                     (GDestroyNotify) ld_sample_free);
}

static GPtrArray *
dup_loaded_results (LdCacheList *list)
{
  return dup_loaded (list, (gpointer (*) (LdCacheRecord *)) ld_cache_record_dup_result,
                     (GDestroyNotify) ld_result_free);
}

/* Whether @loaded (dup_loaded()) is the whole of @list, read. */
static gboolean
all_read (LdCacheList *list,
          GPtrArray   *loaded)
{
  return list != NULL && !ld_cache_list_get_loading (list) &&
         loaded->len == g_list_model_get_n_items (G_LIST_MODEL (list));
}

/* Results entered, verified or released: the verify page has work or
 * shows what was done (and releases and prints). Opening it is a read;
 * what may be done there, its own page asks the session. */
static gboolean
can_verify (LdOrderView *order)
{
  LdLabState state = ld_lab_state_parse (ld_order_view_get_lab_state (order));

  return state == LD_LAB_STATE_IN_PROCESS || state == LD_LAB_STATE_RESULTED ||
         state == LD_LAB_STATE_VERIFIED || state == LD_LAB_STATE_REPORTED;
}

/**
 * lab_order_page_actions_update:
 * @self: the page
 *
 * The one place that decides what the page offers (issue 30), each step
 * as the session's shared check (ld_command_check(), the server's own)
 * answers for the order, its samples and its results as the cache holds
 * them now: collecting (the cash of a cash-on-collection order is typed
 * after, so it is asked with no method yet) and typing results (some
 * result of the order may be saved: the order is in the lab and the
 * sample it is measured on is received). Printing labels and opening the
 * verification are reads of what is there.
 */
static void
lab_order_page_actions_update (LdLabOrderPage *self)
{
  LdOrderView *view = ld_order_follow_get_view (self->follow);
  const LdOrder *order = NULL;
  g_autoptr(GPtrArray) samples = dup_loaded_samples (self->samples);
  g_autoptr(GPtrArray) results = dup_loaded_results (self->results);
  g_autoptr(GError) collect_error = NULL;
  g_autoptr(GError) save_error = NULL;
  LdCommandTarget target = { .order = NULL };
  gboolean may_collect;
  gboolean may_save = FALSE;

  if (ld_order_view_get_lab_state (view) != NULL &&
      ld_order_view_get_payment_state (view) != NULL)
    target.order = order = ld_order_view_get_order (view);
  /* The tubes read so far: one still being read is not there yet, so a
   * step that needs it waits for it rather than being offered to fail. */
  target.samples = samples;

  target.with_payment = order != NULL &&
                        ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_ORDERED &&
                        is_cash_on_collection (view);
  may_collect =
    ld_session_check (self->session, LD_COMMAND_SAMPLE_COLLECT, &target, &collect_error);
  target.with_payment = FALSE;

  for (guint i = 0; i < results->len && !may_save; i++)
    {
      target.result = g_ptr_array_index (results, i);
      g_clear_error (&save_error);
      may_save = ld_session_check (self->session, LD_COMMAND_RESULT_SAVE, &target, &save_error);
    }
  if (results->len == 0)
    ld_session_check (self->session, LD_COMMAND_RESULT_SAVE, &target, &save_error);
  /* The timeline's rejection looks at the same results, once all are
   * read: until then it is not offered rather than offered to fail. */
  ld_custody_timeline_set_results (self->custody_timeline,
                                   all_read (self->results, results) ? results : NULL);

  /* Someone whose role never collects is not shown how to. */
  gtk_widget_set_visible (GTK_WIDGET (self->collect_group), may_collect);
  gtk_widget_set_visible (GTK_WIDGET (self->tendered_row),
                          may_collect && is_cash_on_collection (view));
  ld_step_tooltip_refuse (self->collect_button, may_collect ? NULL : collect_error);
  ld_step_tooltip_refuse (self->results_button, may_save ? NULL : save_error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab-order.collect",
                                 !self->collecting && may_collect);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab-order.print-labels",
                                 samples->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab-order.enter-results", may_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab-order.verify", can_verify (view));
}

static void
show_order (LdLabOrderPage *self)
{
  LdOrderView *view = ld_order_follow_get_view (self->follow);
  const char *priority = ld_order_view_get_priority (view);
  g_autofree char *title = NULL;
  g_autofree char *who = NULL;
  g_autofree char *state = NULL;

  if (!ld_order_view_get_loaded (view))
    {
      gtk_label_set_text (self->title_label, _("Loading…"));
      return;
    }

  title = ld_order_text_title (ld_order_view_get_number (view));
  if (priority != NULL && !g_str_equal (priority, "routine"))
    {
      g_autofree char *plain = g_steal_pointer (&title);

      /* Translators: an order's title and its priority, "Order O2611-000002 · STAT". */
      title = g_strdup_printf (_("%s · %s"), plain, ld_order_text_priority (priority));
    }
  /* Translators: the patient at the lab bench: name, then MRN. */
  who = g_strdup_printf (_("%s · %s"), ld_order_view_get_patient_name (view) ?: "",
                            ld_order_view_get_patient_mrn (view) ?: "");
  /* Translators: an order's payment state, then its lab state. */
  state = g_strdup_printf (_("%s · %s"),
                              ld_order_text_payment_state (ld_order_view_get_payment_state (view)),
                              ld_order_text_lab_state (ld_order_view_get_lab_state (view)));

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->patient_label, who);
  gtk_label_set_text (self->state_label, state);
  show_tubes (self, ld_order_view_get_order (view));
  lab_order_page_actions_update (self);
}

/* The change as the cash is typed; a shortfall is said, not refused later. */
static void
on_tendered_changed_cb (LdLabOrderPage *self)
{
  LdOrderView *view = ld_order_follow_get_view (self->follow);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tendered_row));
  gint64 due = ld_order_view_get_loaded (view) ? ld_order_view_get_balance_paise (view) : 0;
  gint64 tendered = 0;
  const char *refusal;

  if (*text == '\0')
    {
      ld_status_line_show (self->status_label, NULL, FALSE);
      return;
    }
  refusal = ld_money_parse (text, &tendered);
  if (refusal != NULL)
    ld_status_line_show (self->status_label, _(refusal), TRUE);
  else if (tendered < due)
    {
      g_autofree char *rupees = ld_report_format_rupees (due);
      /* Translators: the cash typed is less than the order's balance. */
      g_autofree char *text_due = g_strdup_printf (_("Less than the %s due."), rupees);

      ld_status_line_show (self->status_label, text_due, TRUE);
    }
  else
    {
      g_autofree char *change = ld_report_format_rupees (tendered - due);
      /* Translators: the change to give back at collection. */
      g_autofree char *text_change = g_strdup_printf (_("Give %s change."), change);

      ld_status_line_show (self->status_label, text_change, FALSE);
    }
}

static void
on_entry_activated_cb (LdLabOrderPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "lab-order.collect", NULL);
}

static void
on_labels_printed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LdLabOrderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_print_labels_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = ld_error_text_describe (error);
      ld_status_line_show (self->status_label, text, TRUE);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              self->export_path ? _("Labels saved.")
                                                : _("Labels sent to the printer."));
}

/* The loaded samples as the server sent them: the label printer
 * (client/print/ld-print-labels.c) reads the wire records. */
static JsonArray *
dup_label_samples (LdCacheList *list)
{
  JsonArray *array = json_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (ld_cache_record_get_loaded (record))
        json_array_add_object_element (array,
                                       json_object_ref (ld_cache_record_get_object (record)));
    }
  return array;
}

static void
print_labels (LdLabOrderPage *self)
{
  JsonObject *order = ld_order_follow_get_order (self->follow);
  g_autoptr(JsonArray) samples = dup_label_samples (self->samples);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  LdLabelLayout layout;
  guint first;

  if (order == NULL || json_array_get_length (samples) == 0)
    return;
  ld_label_print_choice_get (self->session, &layout, &first);
  ld_print_labels_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, order, NULL, samples,
                         NULL, layout, first, self->export_path, self->cancellable,
                         on_labels_printed_cb, g_object_ref (self));
}

static void
on_label_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             gpointer          user_data)
{
  g_autoptr(LdLabOrderPage) self = g_weak_ref_get (user_data);

  if (self != NULL && g_strcmp0 (response, "print") == 0)
    print_labels (self);
}

static void
free_weak_ref (gpointer data,
               GClosure *closure)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Print Labels asks roll or sheet (and where on the sheet) first. */
static void
print_labels_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (widget);
  GtkRoot        *root = gtk_widget_get_root (widget);
  GtkWidget      *dialog =
    ld_label_print_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_label_dialog_response_cb), ref,
                         free_weak_ref, G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Labels print once the collected samples are in the cache: the feed
 * brings them just after the server's answer. */
static void
on_samples_changed_cb (LdLabOrderPage *self)
{
  lab_order_page_actions_update (self);
  if (g_object_get_data (G_OBJECT (self), "ld-print-when-collected") != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->samples)) > 0 &&
      !ld_cache_list_get_loading (self->samples))
    {
      g_object_set_data (G_OBJECT (self), "ld-print-when-collected", NULL);
      print_labels (self);
    }
}

static void
on_collected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdLabOrderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) samples = ld_lab_collect_finish (LD_API_CLIENT (source), result, &error);
  guint n;
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->collecting = FALSE;
  if (samples == NULL)
    {
      g_autofree char *refusal = ld_error_text_describe (error);

      ld_status_line_show (self->status_label, refusal, TRUE);
      lab_order_page_actions_update (self);
      return;
    }

  n = samples->len;
  /* Translators: said when the samples of an order are collected. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u tube collected; printing its label.",
                                       "%u tubes collected; printing their labels.", n), n);
  ld_status_line_show (self->status_label, text, FALSE);
  g_object_set_data (G_OBJECT (self), "ld-print-when-collected", GINT_TO_POINTER (TRUE));
  on_samples_changed_cb (self);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (widget);

  gtk_widget_activate_action (widget, "lab.verify", "s", self->order_id);
}

static void
collect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (widget);
  LdOrderView *view = ld_order_follow_get_view (self->follow);
  gint64 tendered = 0;

  /* The action is enabled only while the session's check allows it. */
  if (self->collecting || !ld_order_view_get_loaded (view))
    return;
  if (is_cash_on_collection (view))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tendered_row));
      const char *refusal =
        *text ? ld_money_parse (text, &tendered) : N_("Type the cash handed over.");

      if (refusal == NULL && tendered < ld_order_view_get_balance_paise (view))
        refusal = N_("The cash handed over is less than what is due.");
      if (refusal != NULL)
        {
          ld_status_line_show (self->status_label, _(refusal), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->tendered_row));
          return;
        }
    }

  self->collecting = TRUE;
  lab_order_page_actions_update (self);
  ld_status_line_show (self->status_label, _("Collecting…"), FALSE);
  ld_lab_collect_async (ld_session_get_api_client (self->session), self->order_id,
                        gtk_editable_get_text (GTK_EDITABLE (self->location_row)), tendered,
                        self->cancellable, on_collected_cb, g_object_ref (self));
}

static void
enter_results_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (widget);

  gtk_widget_activate_action (widget, "lab.enter-results", "s", self->order_id);
}

/* Custody (issue 14, item 3): the shortcuts reach the timeline's moves
 * from anywhere on the page. */
static void
custody_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (widget);
  g_autofree char *name = g_strconcat ("custody.", g_variant_get_string (parameter, NULL), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self->custody_timeline), name, NULL);
}

static gboolean
ld_lab_order_page_grab_focus (GtkWidget *widget)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (widget);
  gboolean focused;

  if (gtk_widget_get_visible (GTK_WIDGET (self->tendered_row)) &&
      gtk_widget_get_mapped (GTK_WIDGET (self->tendered_row)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->tendered_row));
  /* Moving the focus into the page can ask the page itself again (seen
   * when the page comes back from under the result entry page). */
  if (self->focusing)
    return FALSE;
  self->focusing = TRUE;
  focused = gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
  self->focusing = FALSE;
  return focused;
}

static void
ld_lab_order_page_constructed (GObject *object)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (object);
  LdCache *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_lab_order_page_parent_class)->constructed (object);

  g_return_if_fail (cache != NULL && self->order_id != NULL);
  self->follow = ld_order_follow_new (self->session, self->order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (show_order), self,
                           G_CONNECT_SWAPPED);
  self->samples = ld_cache_list_new_order_samples (cache, self->order_id);
  ld_custody_timeline_bind (self->custody_timeline, self->session, self->samples);
  g_signal_connect_object (self->samples, "items-changed", G_CALLBACK (on_samples_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->samples, "notify::loading", G_CALLBACK (on_samples_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* Typing results is offered from the results' states too. */
  self->results = ld_cache_list_new_order_results (cache, self->order_id);
  g_signal_connect_object (self->results, "items-changed",
                           G_CALLBACK (lab_order_page_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "notify::loading",
                           G_CALLBACK (lab_order_page_actions_update), self, G_CONNECT_SWAPPED);
  show_order (self);
}

static void
ld_lab_order_page_dispose (GObject *object)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->follow != NULL)
    g_signal_handlers_disconnect_by_data (self->follow, self);
  if (self->samples != NULL)
    g_signal_handlers_disconnect_by_data (self->samples, self);
  if (self->results != NULL)
    g_signal_handlers_disconnect_by_data (self->results, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_LAB_ORDER_PAGE);
  g_clear_object (&self->follow);
  g_clear_object (&self->samples);
  g_clear_object (&self->results);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_lab_order_page_parent_class)->dispose (object);
}

static void
ld_lab_order_page_finalize (GObject *object)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->order_id);
  g_free (self->export_path);

  G_OBJECT_CLASS (ld_lab_order_page_parent_class)->finalize (object);
}

static void
ld_lab_order_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (object);

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
ld_lab_order_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LdLabOrderPage *self = LD_LAB_ORDER_PAGE (object);

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
ld_lab_order_page_class_init (LdLabOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_lab_order_page_constructed;
  object_class->dispose = ld_lab_order_page_dispose;
  object_class->finalize = ld_lab_order_page_finalize;
  object_class->get_property = ld_lab_order_page_get_property;
  object_class->set_property = ld_lab_order_page_set_property;
  widget_class->grab_focus = ld_lab_order_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-lab-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, tubes_list);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, collect_group);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, tendered_row);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, location_row);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, collect_button);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, results_button);
  gtk_widget_class_bind_template_child (widget_class, LdLabOrderPage, custody_timeline);
  g_type_ensure (LD_TYPE_CUSTODY_TIMELINE);
  gtk_widget_class_bind_template_callback (widget_class, on_tendered_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "lab-order.collect", NULL, collect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "lab-order.collect", NULL);
  gtk_widget_class_install_action (widget_class, "lab-order.print-labels", NULL,
                                   print_labels_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "lab-order.print-labels", NULL);
  gtk_widget_class_install_action (widget_class, "lab-order.enter-results", NULL,
                                   enter_results_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "lab-order.enter-results", NULL);
  gtk_widget_class_install_action (widget_class, "lab-order.verify", NULL, verify_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_V, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab-order.verify", NULL);
  gtk_widget_class_install_action (widget_class, "lab-order.custody", "s", custody_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab-order.custody", "s", "receive");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_X, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab-order.custody", "s", "reject");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab-order.custody", "s", "store");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab-order.custody", "s", "dispose");
}

static void
ld_lab_order_page_init (LdLabOrderPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_lab_order_page_new:
 * @session: the signed-in session
 * @order_id: the order
 *
 * Returns: (transfer full): the order at the lab bench
 */
GtkWidget *
ld_lab_order_page_new (LdSession  *session,
                       const char *order_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_object_new (LD_TYPE_LAB_ORDER_PAGE, "session", session, "order-id", order_id, NULL);
}

/**
 * ld_lab_order_page_set_export_path:
 * @path: (nullable): a PDF to save labels to instead of printing them
 */
void
ld_lab_order_page_set_export_path (LdLabOrderPage *self,
                                   const char     *path)
{
  g_return_if_fail (LD_IS_LAB_ORDER_PAGE (self));

  g_free (self->export_path);
  self->export_path = g_strdup (path);
}
