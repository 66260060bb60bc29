/* ld-patient-page.c: one patient at the desk: details and orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from the user's cache, so it opens offline too, and kept live:
 * each committed change of the cache (the feed bringing another desk's
 * edit, the outbox sending one of ours) reads the record and its outbox
 * state again. The orders are a list over the cache. Editing, booking
 * and opening an order go through the workspace's `desk.*` actions. The
 * web access group (ld-patient-web-access.c) asks the server itself.
 */

#define G_LOG_DOMAIN "ld-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-order-text.h"
#include "ld-patient-page.h"
#include "ld-patient-web-access.h"
#include "common/ld-patient-text.h"
#include "ld-report-format.h"
#include "store/ld-cache.h"
#include "store/ld-cache-list.h"
#include "store/ld-cache-record.h"
#include "store/ld-outbox.h"
#include "ld-patient-rules.h"

struct _LdPatientPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *patient_id;
  /* What the page shows, so it redraws only on a change. */
  LdPatient      *shown;
  char           *shown_state;
  GCancellable   *cancellable;
  LdCacheList    *orders;
  gboolean        reading;
  gboolean        read_again;

  GtkLabel       *name_label;
  GtkLabel       *state_label;
  AdwActionRow   *sex_age_row;
  AdwActionRow   *date_of_birth_row;
  AdwActionRow   *mrn_row;
  AdwActionRow   *phone_row;
  AdwActionRow   *email_row;
  AdwActionRow   *address_row;
  AdwActionRow   *national_id_row;
  GtkListView    *orders_view;
  GtkStack       *orders_stack;
  LdPatientWebAccess *web_access;
};

G_DEFINE_FINAL_TYPE (LdPatientPage, ld_patient_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void read_record (LdPatientPage *self);

/* The value is what the clerk reads, so it is the row's title, and the
 * field's name its subtitle; rows take Pango markup, names and addresses
 * are text. */
static void
set_row (AdwActionRow *row,
         const char   *value)
{
  g_autofree char *escaped = g_markup_escape_text (value && *value ? value : _("Not given"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
}

static void
show_record (LdPatientPage *self,
             LdPatient     *patient,
             const char    *pending)
{
  g_autofree char *sex_age = ld_patient_text_sex_age (patient);
  const char *dob = ld_patient_get_date_of_birth (patient);
  const char *mrn = ld_patient_get_mrn (patient);
  g_autofree char *phone = ld_patient_phone_display (ld_patient_get_phone (patient));

  gtk_label_set_text (self->name_label, ld_patient_get_name (patient));
  set_row (self->sex_age_row, sex_age);
  set_row (self->date_of_birth_row, dob);
  set_row (self->mrn_row, mrn ? mrn : _("Given when the server has it"));
  set_row (self->phone_row, phone);
  set_row (self->email_row, ld_patient_get_email (patient));
  set_row (self->address_row, ld_patient_get_address (patient));
  set_row (self->national_id_row, ld_patient_get_national_id (patient));

  if (pending == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->state_label), FALSE);
  else
    {
      gboolean refused = g_str_equal (pending, "refused");

      gtk_label_set_text (self->state_label,
                          refused ? _("Refused by the server: see the outbox")
                                  : _("Waiting to be sent"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), refused ? "warning" : "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), refused ? "error" : "warning");
      gtk_widget_set_visible (GTK_WIDGET (self->state_label), TRUE);
    }
}

typedef struct
{
  LdPatientPage *self;
  LdPatient     *record;
} Reading;

/* The outbox's word on the patient: refused if any of their entries
 * was, else waiting if any waits. */
static const char *
outbox_state (LdPatientPage *self)
{
  LdOutbox *outbox = ld_session_get_outbox (self->session);
  g_autoptr(GPtrArray) entries = NULL;
  const char *state = NULL;

  /* A session signing out has let its outbox go. */
  if (outbox == NULL)
    return NULL;
  entries = ld_outbox_find_entries (outbox, "patient", self->patient_id);
  for (guint i = 0; i < entries->len; i++)
    {
      if (ld_outbox_entry_get_state (g_ptr_array_index (entries, i)) == LD_OUTBOX_ENTRY_REFUSED)
        return "refused";
      state = "waiting";
    }
  return state;
}

/* Redraws only what changed, so a busy feed does not flicker the page. */
static void
show_if_changed (LdPatientPage *self,
                 LdPatient     *record)
{
  const char *state = outbox_state (self);

  if (self->shown != NULL && ld_patient_equal (self->shown, record) &&
      g_strcmp0 (state, self->shown_state) == 0)
    return;
  g_set_object (&self->shown, record);
  g_free (self->shown_state);
  self->shown_state = g_strdup (state);
  show_record (self, record, state);
}

static void
reading_free (Reading *reading)
{
  g_object_unref (reading->self);
  g_clear_object (&reading->record);
  g_free (reading);
}

static void
reading_done (LdPatientPage *self)
{
  self->reading = FALSE;
  if (self->read_again)
    {
      self->read_again = FALSE;
      read_record (self);
    }
}

static void
on_record_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Reading *reading = user_data;
  LdPatientPage *self = reading->self;
  g_autoptr(GError) error = NULL;

  reading->record = ld_cache_get_patient_finish (LD_CACHE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      reading_free (reading);
      return;
    }
  if (reading->record == NULL)
    {
      gtk_label_set_text (self->name_label, _("This patient is not on this computer yet"));
      reading_done (self);
      reading_free (reading);
      return;
    }
  show_if_changed (self, reading->record);
  reading_done (self);
  reading_free (reading);
}

static void
read_record (LdPatientPage *self)
{
  LdCache *cache = ld_session_get_cache (self->session);
  Reading *reading;

  if (cache == NULL)
    return;
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  reading = g_new0 (Reading, 1);
  reading->self = g_object_ref (self);
  ld_cache_get_record_async (cache, "patient", self->patient_id, self->cancellable,
                             on_record_read_cb, reading);
}

static void
on_cache_changed_cb (LdPatientPage *self)
{
  read_record (self);
}

/* Orders. */

static char *
order_date (const LdOrder *order)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (order->created_us == 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (order->created_us / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d %b %Y, %H:%M");
}

/* The names of what was booked; a line booked offline, not yet priced by
 * the server, has its code alone and is left out. */
static char *
order_tests (const LdOrder *order)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (item->name != NULL)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", item->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_order_row (GtkListItem   *list_item,
                LdCacheRecord *record)
{
  GtkWidget *grid = gtk_list_item_get_child (list_item);
  GtkLabel *number = GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 0, 0));
  GtkLabel *total = GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 1, 0));
  GtkLabel *tests = GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 0, 1));
  GtkLabel *states = GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 0, 2));
  g_autoptr(LdOrder) blank = NULL;
  const LdOrder *read;
  g_autofree char *date = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *items = NULL;
  g_autofree char *money = NULL;
  g_autofree char *state_text = NULL;
  const char *pending;

  if (!ld_cache_record_get_loaded (record))
    {
      gtk_label_set_text (number, _("Loading…"));
      gtk_label_set_text (total, "");
      gtk_label_set_text (tests, "");
      gtk_label_set_text (states, "");
      return;
    }

  read = ld_cache_record_get_order (record);
  if (read == NULL)
    read = blank = ld_order_new ();
  date = order_date (read);
  heading =
    g_strdup_printf ("%s · %s", read->number ? read->number : _("Number given when sent"), date);
  items = order_tests (read);
  money = read->priced ? ld_report_format_rupees (read->total_paise) : g_strdup ("");
  pending = ld_cache_record_get_pending (record);
  /* Translators: an order's payment state, then its lab state, in words. */
  state_text =
    g_strdup_printf (_("%s · %s%s%s"), ld_order_text_payment_state (read->payment_state),
                        ld_order_text_lab_state (read->lab_state), pending ? " · " : "",
                        pending == NULL ? ""
                                        : g_str_equal (pending, "rejected")
                          ? _("refused by the server")
                          : _("waiting to be sent"));

  gtk_label_set_text (number, heading);
  gtk_label_set_text (total, money);
  gtk_label_set_text (tests, items);
  gtk_label_set_text (states, state_text);
}

static void
on_order_loaded_cb (LdCacheRecord *record,
                    GParamSpec    *pspec,
                    GtkListItem   *list_item)
{
  fill_order_row (list_item, record);
}

static GtkWidget *
row_label (const char *css)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static void
on_order_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *total = row_label ("heading");

  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  gtk_label_set_xalign (GTK_LABEL (total), 1);
  gtk_widget_set_hexpand (total, FALSE);
  gtk_widget_add_css_class (total, "numeric");
  gtk_grid_attach (GTK_GRID (grid), row_label ("heading"), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), total, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row_label (NULL), 0, 1, 2, 1);
  gtk_grid_attach (GTK_GRID (grid), row_label ("dim-label"), 0, 2, 2, 1);
  gtk_list_item_set_child (list_item, grid);
}

static void
on_order_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  LdCacheRecord *record = gtk_list_item_get_item (list_item);

  g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_order_loaded_cb),
                           list_item, 0);
  fill_order_row (list_item, record);
}

static void
on_order_unbind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        on_order_loaded_cb, list_item);
}

static void
update_orders_stack (LdPatientPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->orders));

  gtk_stack_set_visible_child_name (self->orders_stack, n > 0 ? "orders" : "empty");
}

static void
on_orders_view_activate_cb (LdPatientPage *self,
                            guint          position)
{
  g_autoptr(LdCacheRecord) record = NULL;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->orders)))
    return;
  record = g_list_model_get_item (G_LIST_MODEL (self->orders), position);
  if (ld_cache_record_get_loaded (record))
    gtk_widget_activate_action (GTK_WIDGET (self), "desk.open-order", "s",
                                ld_cache_record_get_id (record));
}

/* Actions: the page's shortcuts name the patient for the desk. */

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdPatientPage *self = LD_PATIENT_PAGE (widget);

  gtk_widget_activate_action (widget, "desk.edit-patient", "s", self->patient_id);
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdPatientPage *self = LD_PATIENT_PAGE (widget);

  gtk_widget_activate_action (widget, "desk.book", "s", self->patient_id);
}

/* GObject. */

static void
ld_patient_page_constructed (GObject *object)
{
  LdPatientPage     *self = (LdPatientPage *) object;
  LdCache           *cache = ld_session_get_cache (self->session);
  GtkSelectionModel *selection;

  G_OBJECT_CLASS (ld_patient_page_parent_class)->constructed (object);

  ld_patient_web_access_set_patient (self->web_access, self->session, self->patient_id);
  if (cache == NULL)
    return;
  g_signal_connect_object (cache, "changed", G_CALLBACK (on_cache_changed_cb), self,
                           G_CONNECT_SWAPPED);
  {
    static const char * const outbox_signals[] = {
      "entry-added", "entry-sent", "entry-refused", "entry-resent", "entry-discarded",
    };

    for (guint i = 0; i < G_N_ELEMENTS (outbox_signals); i++)
      g_signal_connect_object (ld_session_get_outbox (self->session), outbox_signals[i],
                               G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  }
  self->orders = ld_cache_list_new_patient_orders (cache, self->patient_id);
  g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (update_orders_stack), self,
                           G_CONNECT_SWAPPED);
  selection =
    GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->orders))));
  gtk_list_view_set_model (self->orders_view, selection);
  g_object_unref (selection);
  update_orders_stack (self);
  read_record (self);
}

static void
ld_patient_page_dispose (GObject *object)
{
  LdPatientPage *self = (LdPatientPage *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PATIENT_PAGE);
  g_clear_object (&self->orders);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_patient_page_parent_class)->dispose (object);
}

static void
ld_patient_page_finalize (GObject *object)
{
  LdPatientPage *self = (LdPatientPage *) object;

  g_free (self->patient_id);
  g_clear_object (&self->shown);
  g_free (self->shown_state);

  G_OBJECT_CLASS (ld_patient_page_parent_class)->finalize (object);
}

static void
ld_patient_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdPatientPage *self = LD_PATIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_patient_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdPatientPage *self = LD_PATIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PATIENT_ID:
      self->patient_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_patient_page_class_init (LdPatientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_patient_page_constructed;
  object_class->dispose = ld_patient_page_dispose;
  object_class->finalize = ld_patient_page_finalize;
  object_class->get_property = ld_patient_page_get_property;
  object_class->set_property = ld_patient_page_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_PATIENT_WEB_ACCESS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-patient-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, sex_age_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, date_of_birth_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, mrn_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, national_id_row);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, orders_view);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, orders_stack);
  gtk_widget_class_bind_template_child (widget_class, LdPatientPage, web_access);
  gtk_widget_class_bind_template_callback (widget_class, on_orders_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "patient-page.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "patient-page.book", NULL, book_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "patient-page.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "patient-page.book", NULL);
}

static void
ld_patient_page_init (LdPatientPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (on_order_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_order_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_order_unbind_cb), NULL);
  gtk_list_view_set_factory (self->orders_view, factory);
  g_object_unref (factory);
}

/**
 * ld_patient_page_new:
 * @session: the signed-in session
 * @patient_id: the patient shown
 *
 * Returns: (transfer full): a new page
 */
GtkWidget *
ld_patient_page_new (LdSession  *session,
                     const char *patient_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  return g_object_new (LD_TYPE_PATIENT_PAGE, "session", session, "patient-id", patient_id, NULL);
}

const char *
ld_patient_page_get_patient_id (LdPatientPage *self)
{
  g_return_val_if_fail (LD_IS_PATIENT_PAGE (self), NULL);

  return self->patient_id;
}
