/* ld-worklist-view.c: one tab of the lab's worklist
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The orders of one tab (paid and to collect, cash on collection, in
 * process, …) as the cache holds them: stat first, then urgent, then the
 * oldest, by the cache's index (shared/model's tab rule, the server's
 * too). The list follows the feed, so another technician's collection or
 * another desk's payment moves an order between tabs at once, offline
 * included. The priority is said in words beside the order, never by
 * colour alone.
 */

#define G_LOG_DOMAIN "ld-worklist-view"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "ld-worklist-view.h"
#include "ld-worklist.h"
#include "store/ld-cache-list.h"
#include "store/ld-cache-view.h"

struct _LdWorklistView
{
  AdwBin              parent_instance;

  LdSession          *session;
  char               *tab;
  LdCacheList        *orders;
  GtkSingleSelection *selection;

  GtkStack           *stack;
  GtkListView        *orders_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (LdWorklistView, ld_worklist_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_TAB,
  PROP_N_ORDERS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GtkWidget *
make_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *who = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *when = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *priority;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  priority = ld_row_add_label (row, GTK_BOX (row), "worklist-priority", "caption-heading");
  gtk_label_set_width_chars (GTK_LABEL (priority), 8);
  gtk_widget_set_valign (priority, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (who, TRUE);
  gtk_box_append (GTK_BOX (row), who);
  ld_row_add_label (row, GTK_BOX (who), "worklist-patient", "heading");
  ld_row_add_label (row, GTK_BOX (who), "worklist-tests", "dim-label");
  gtk_box_append (GTK_BOX (row), when);
  gtk_label_set_xalign (GTK_LABEL (
                          ld_row_add_label (row, GTK_BOX (when), "worklist-number", "numeric")),
                        1);
  gtk_label_set_xalign (GTK_LABEL (
                          ld_row_add_label (row, GTK_BOX (when), "worklist-state", "dim-label")),
                        1);
  return row;
}

/* "CBC, LFT, HBA1C": what was booked, as the form and the labels name it
 * (a panel by its code, not its dozen tests). */
static char *
tests_text (const LdOrder *order)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (item->code != NULL)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", item->code);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_priority (GtkLabel   *label,
               const char *priority)
{
  gboolean stat = g_strcmp0 (priority, "stat") == 0;
  gboolean urgent = g_strcmp0 (priority, "urgent") == 0;

  /* Routine is most of the list: only the exceptions are marked. */
  gtk_label_set_text (label, stat || urgent ? ld_order_text_priority (priority) : "");
  if (stat)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (urgent)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
}

static void
fill_row (GtkWidget     *row,
          LdCacheRecord *record)
{
  g_autoptr(LdOrder) order = NULL;
  g_autofree char *who = NULL;
  g_autofree char *tests = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *state = NULL;

  if (!ld_cache_record_get_loaded (record))
    {
      gtk_label_set_text (ld_row_label (row, "worklist-patient"), _("Loading…"));
      for (const char * const *l =
             (const char * const[]){ "worklist-priority", "worklist-tests", "worklist-number",
                                     "worklist-state", NULL };
           *l != NULL; l++)
        gtk_label_set_text (ld_row_label (row, *l), "");
      return;
    }

  /* The row as the shared record, read once for the whole row. */
  order = ld_cache_record_dup_order (record);
  clock = ld_order_text_clock (order->created_us);
  tests = tests_text (order);
  /* Translators: a worklist row's patient: name, then MRN. */
  who = g_strdup_printf (_("%s · %s"), order->patient_name ?: "", order->patient_mrn ?: "");
  if (ld_cache_record_get_pending (record) != NULL)
    /* Translators: a worklist row's lab state, and that it waits in the outbox. */
    state =
      g_strdup_printf (_("%s (waiting to be sent)"), ld_order_text_lab_state (order->lab_state));
  else
    /* Translators: a worklist row's lab state and the time the order was made. */
    state =
      g_strdup_printf (_("%s · booked %s"), ld_order_text_lab_state (order->lab_state), clock);

  fill_priority (ld_row_label (row, "worklist-priority"), order->priority);
  gtk_label_set_text (ld_row_label (row, "worklist-patient"), who);
  gtk_label_set_text (ld_row_label (row, "worklist-tests"), tests);
  gtk_label_set_text (ld_row_label (row, "worklist-number"),
                      order->number ? order->number : _("No number yet"));
  gtk_label_set_text (ld_row_label (row, "worklist-state"), state);
}

/* Enter on a row opens its order over the worklist. */
static void
on_orders_view_activate_cb (LdWorklistView *self,
                            guint           position)
{
  g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->orders), position);

  if (record != NULL && ld_cache_record_get_loaded (record))
    gtk_widget_activate_action (GTK_WIDGET (self), "lab.open-order", "s",
                                ld_cache_record_get_id (record));
}

static void
update_state (LdWorklistView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->orders));

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ORDERS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
ld_worklist_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_WORKLIST_VIEW (widget)->orders_view));
}

static void
ld_worklist_view_constructed (GObject *object)
{
  LdWorklistView *self = LD_WORKLIST_VIEW (object);
  LdCache *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_worklist_view_parent_class)->constructed (object);

  g_return_if_fail (cache != NULL && self->tab != NULL);
  self->orders = ld_cache_list_new_worklist (cache, self->tab);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->orders)));
  gtk_list_view_set_model (self->orders_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->orders, "notify::loading", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}

static void
ld_worklist_view_dispose (GObject *object)
{
  LdWorklistView *self = LD_WORKLIST_VIEW (object);

  if (self->orders != NULL)
    g_signal_handlers_disconnect_by_data (self->orders, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_WORKLIST_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->orders);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_worklist_view_parent_class)->dispose (object);
}

static void
ld_worklist_view_finalize (GObject *object)
{
  g_free (LD_WORKLIST_VIEW (object)->tab);

  G_OBJECT_CLASS (ld_worklist_view_parent_class)->finalize (object);
}

static void
ld_worklist_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LdWorklistView *self = LD_WORKLIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TAB:
      g_value_set_string (value, self->tab);
      break;

    case PROP_N_ORDERS:
      g_value_set_uint (value, ld_worklist_view_get_n_orders (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, ld_worklist_view_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_worklist_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LdWorklistView *self = LD_WORKLIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_TAB:
      self->tab = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_worklist_view_class_init (LdWorklistViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_worklist_view_constructed;
  object_class->dispose = ld_worklist_view_dispose;
  object_class->finalize = ld_worklist_view_finalize;
  object_class->get_property = ld_worklist_view_get_property;
  object_class->set_property = ld_worklist_view_set_property;
  widget_class->grab_focus = ld_worklist_view_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TAB] =
    g_param_spec_string ("tab", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_N_ORDERS] =
    g_param_spec_uint ("n-orders", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-worklist-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LdWorklistView, stack);
  gtk_widget_class_bind_template_child (widget_class, LdWorklistView, orders_view);
  gtk_widget_class_bind_template_child (widget_class, LdWorklistView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_orders_view_activate_cb);
}

static void
ld_worklist_view_init (LdWorklistView *self)
{
  g_autoptr(GtkListItemFactory) factory = ld_record_row_factory_new (make_row, fill_row);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->orders_view, factory);
}

/**
 * ld_worklist_view_new:
 * @session: the signed-in session whose cache is read
 * @tab: the tab's name (ld_worklist_tab_to_string())
 *
 * Returns: (transfer full): the orders of one worklist tab
 */
GtkWidget *
ld_worklist_view_new (LdSession  *session,
                      const char *tab)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (tab != NULL, NULL);

  return g_object_new (LD_TYPE_WORKLIST_VIEW, "session", session, "tab", tab, NULL);
}

/* Returns: how many orders the tab holds now */
guint
ld_worklist_view_get_n_orders (LdWorklistView *self)
{
  g_return_val_if_fail (LD_IS_WORKLIST_VIEW (self), 0);

  return self->orders ? g_list_model_get_n_items (G_LIST_MODEL (self->orders)) : 0;
}

/* Returns: whether the tab's count is still being read */
gboolean
ld_worklist_view_get_loading (LdWorklistView *self)
{
  g_return_val_if_fail (LD_IS_WORKLIST_VIEW (self), TRUE);

  return self->orders == NULL || ld_cache_list_get_loading (self->orders);
}

/**
 * ld_worklist_view_set_filter:
 * @urgent_only: only stat and urgent orders
 * @technician_id: (nullable): only the orders this technician holds
 * @test: (nullable): only the orders with a test whose code, name or a
 *   word of its name starts with this text
 *
 * Narrows the tab, its count with it, in the cache's query (not over the
 * rows read), and keeps following the feed under the filters.
 */
void
ld_worklist_view_set_filter (LdWorklistView *self,
                             gboolean        urgent_only,
                             const char     *technician_id,
                             const char     *test)
{
  g_autoptr(LdCacheView) view = NULL;
  LdWorklistTab index;

  g_return_if_fail (LD_IS_WORKLIST_VIEW (self));

  if (self->orders == NULL || !ld_worklist_tab_from_string (self->tab, &index))
    return;
  view = ld_cache_view_new_worklist_filtered (index, urgent_only, technician_id, test);
  ld_cache_list_set_view (self->orders, view);
}
