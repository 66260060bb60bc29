/* ld-owing-page.c: today's orders whose money is not settled
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk chases these before the patient leaves: failed payments
 * first, then the oldest. The list is the cache's (so it works offline
 * and another desk's payment takes an order off it at once); what counts
 * as owing is shared/model's rule, the server's too.
 */

#define G_LOG_DOMAIN "ld-owing-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-desk-day.h"
#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "ld-owing-page.h"
#include "ld-report-format.h"
#include "store/ld-cache-list.h"

/* A summary reads every row; today's owing orders are far fewer. */
#define MAX_SUMMED 2000

struct _LdOwingPage
{
  AdwBin              parent_instance;

  LdSession          *session;
  LdCacheList        *orders;
  GtkSingleSelection *selection;
  gint64              day_start_us;

  GtkLabel           *summary_label;
  GtkStack           *stack;
  GtkListView        *owing_view;
};

G_DEFINE_FINAL_TYPE (LdOwingPage, ld_owing_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
dup_due_text (const LdOrder *order)
{
  g_autofree char *due = ld_report_format_rupees (ld_order_get_balance (order));

  /* Translators: the balance an order owes, in the owing list. */
  return g_strdup_printf (_("Due %s"), due);
}

static char *
dup_money_text (const LdOrder *order)
{
  g_autofree char *total = ld_report_format_rupees (order->total_paise);
  g_autofree char *paid = ld_report_format_rupees (order->paid_paise);

  /* Translators: an order's total and what was paid of it. */
  return g_strdup_printf (_("Total %s · Paid %s"), total, paid);
}

static GtkWidget *
make_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *who = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *money = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *state;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_hexpand (who, TRUE);
  gtk_box_append (GTK_BOX (row), who);
  ld_row_add_label (row, GTK_BOX (who), "owing-name", "heading");
  ld_row_add_label (row, GTK_BOX (who), "owing-details", "dim-label");
  state = ld_row_add_label (row, GTK_BOX (row), "owing-state", NULL);
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (state), 1);
  gtk_label_set_width_chars (GTK_LABEL (state), 18);
  gtk_box_append (GTK_BOX (row), money);
  /* The money follows the record's order as it is paid (bound). */
  gtk_label_set_xalign (GTK_LABEL (ld_row_add_order_label (row, GTK_BOX (money), "owing-due",
                                                           "heading", dup_due_text)),
                        1);
  gtk_label_set_xalign (GTK_LABEL (ld_row_add_order_label (row, GTK_BOX (money), "owing-money",
                                                           "dim-label", dup_money_text)),
                        1);
  gtk_widget_add_css_class (GTK_WIDGET (ld_row_label (row, "owing-due")), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (ld_row_label (row, "owing-money")), "numeric");
  return row;
}

static void
fill_row (GtkWidget     *row,
          LdCacheRecord *record)
{
  const LdOrder *order = ld_cache_record_get_order (record);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *clock = NULL;
  g_autofree char *name = NULL;
  GtkWidget *state;

  if (order == NULL)
    {
      gtk_label_set_text (ld_row_label (row, "owing-name"), _("Loading…"));
      for (const char * const *l = (const char * const[]){ "owing-details", "owing-state", NULL };
           *l != NULL; l++)
        gtk_label_set_text (ld_row_label (row, *l), "");
      return;
    }

  clock = ld_order_text_clock (order->created_us);
  g_string_append (details, order->patient_mrn ?: "");
  g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                          order->number ?: _("No number yet"));
  g_string_append_printf (details, " · %s", clock);
  if (g_strcmp0 (order->collection, "home") == 0)
    g_string_append_printf (details, " · %s", _("Home collection"));

  if (ld_cache_record_get_pending (record) != NULL)
    name = g_strdup_printf (_("%s (waiting to be sent)"), order->patient_name ?: "");
  else
    name = g_strdup (order->patient_name ?: "");

  gtk_label_set_text (ld_row_label (row, "owing-name"), name);
  gtk_label_set_text (ld_row_label (row, "owing-details"), details->str);
  state = GTK_WIDGET (ld_row_label (row, "owing-state"));
  gtk_label_set_text (GTK_LABEL (state), ld_order_text_payment_state (order->payment_state));
  if (ld_desk_owing_of (order->payment_state) == LD_OWING_FAILED)
    gtk_widget_add_css_class (state, "error");
  else
    gtk_widget_remove_css_class (state, "error");
}

static LdCacheRecord *
dup_selected (LdOwingPage *self)
{
  LdCacheRecord *record;

  if (self->selection == NULL)
    return NULL;
  record = gtk_single_selection_get_selected_item (self->selection);
  if (record == NULL || !ld_cache_record_get_loaded (record))
    return NULL;
  return g_object_ref (record);
}

/* Cash promised on collection is taken when the sample is collected; the
 * others can be paid here and now. */
static void
update_actions (LdOwingPage *self)
{
  g_autoptr(LdCacheRecord) record = dup_selected (self);
  const LdOrder *order = record ? ld_cache_record_get_order (record) : NULL;
  LdOwing owing = order ? ld_desk_owing_of (order->payment_state) : LD_OWING_NONE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "owing.take-payment",
                                 owing == LD_OWING_FAILED || owing == LD_OWING_AWAITING);
}

static void
update_summary (LdOwingPage *self)
{
  GListModel *model = G_LIST_MODEL (self->orders);
  guint n = g_list_model_get_n_items (model);
  gint64 owed = 0;
  g_autofree char *rupees = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < MIN (n, MAX_SUMMED); i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (model, i);
      const LdOrder *order = ld_cache_record_get_order (record);

      owed += order ? ld_order_get_balance (order) : 0;
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  rupees = ld_report_format_rupees (owed);
  if (ld_cache_list_get_loading (self->orders))
    text = g_strdup (_("Counting…"));
  else
    /* Translators: the owing list's header: "3 orders owing · ₹1,960.00 due". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order owing · %s due",
                                         "%u orders owing · %s due", n), n, rupees);
  gtk_label_set_text (self->summary_label, text);
  update_actions (self);
}

/* The day's list; made again when the page is shown on a new day. */
static void
show_today (LdOwingPage *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  gint64 now_us = g_get_real_time ();
  gint64 start_us = ld_desk_start_of_day (now_us, 0, zone);
  LdCache *cache = ld_session_get_cache (self->session);

  if (cache == NULL || (self->orders != NULL && start_us == self->day_start_us))
    return;

  if (self->orders != NULL)
    g_signal_handlers_disconnect_by_data (self->orders, self);
  g_clear_object (&self->orders);
  g_clear_object (&self->selection);

  self->day_start_us = start_us;
  self->orders = ld_cache_list_new_owing (cache, start_us, ld_desk_start_of_day (now_us, 1, zone));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->orders)));
  gtk_list_view_set_model (self->owing_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->orders, "notify::loading", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_summary (self);
}

static void
on_owing_view_activate_cb (LdOwingPage *self,
                           guint        position)
{
  g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->orders), position);

  if (record != NULL && ld_cache_record_get_loaded (record))
    gtk_widget_activate_action (GTK_WIDGET (self), "desk.open-order", "s",
                                ld_cache_record_get_id (record));
}

static void
take_payment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdOwingPage *self = LD_OWING_PAGE (widget);
  g_autoptr(LdCacheRecord) record = dup_selected (self);

  if (record != NULL)
    gtk_widget_activate_action (widget, "desk.take-payment", "s", ld_cache_record_get_id (record));
}

static void
ld_owing_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ld_owing_page_parent_class)->map (widget);
  show_today (LD_OWING_PAGE (widget));
}

static gboolean
ld_owing_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_OWING_PAGE (widget)->owing_view));
}

static void
ld_owing_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_owing_page_parent_class)->constructed (object);
  show_today (LD_OWING_PAGE (object));
}

static void
ld_owing_page_dispose (GObject *object)
{
  LdOwingPage *self = (LdOwingPage *) object;

  if (self->orders != NULL)
    g_signal_handlers_disconnect_by_data (self->orders, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_OWING_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->orders);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_owing_page_parent_class)->dispose (object);
}

static void
ld_owing_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdOwingPage *self = LD_OWING_PAGE (object);

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
ld_owing_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LdOwingPage *self = LD_OWING_PAGE (object);

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
ld_owing_page_class_init (LdOwingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_owing_page_constructed;
  object_class->dispose = ld_owing_page_dispose;
  object_class->get_property = ld_owing_page_get_property;
  object_class->set_property = ld_owing_page_set_property;
  widget_class->map = ld_owing_page_map;
  widget_class->grab_focus = ld_owing_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-owing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOwingPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LdOwingPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LdOwingPage, owing_view);
  gtk_widget_class_bind_template_callback (widget_class, on_owing_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "owing.take-payment", NULL, take_payment_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "owing.take-payment", NULL);
}

static void
ld_owing_page_init (LdOwingPage *self)
{
  g_autoptr(GtkListItemFactory) factory = ld_record_row_factory_new (make_row, fill_row);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->owing_view, factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "owing.take-payment", FALSE);
}

/**
 * ld_owing_page_new:
 * @session: the signed-in session whose cache is read
 *
 * Returns: (transfer full): the desk's list of today's orders owing money
 */
GtkWidget *
ld_owing_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_OWING_PAGE, "session", session, NULL);
}
