/* ld-cart-picker.c: the catalogue searched and the cart's lines, for any page that orders tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's booking and the doctor's prescribing pick tests the same
 * way: the cached catalogue is searched by code or name as the person
 * types; Enter adds the highlighted test or panel to the cart, and Up and
 * Down move the highlight without leaving the search, so the hands stay
 * on the keys between the codes of a slip. The cart's lines show each
 * item as shared/model priced it: a test already in a panel of the cart
 * is shown as included and not charged again. Delete on a line, or its
 * button, removes it.
 *
 * The page owns the widgets (in its template) and the cart; the picker
 * fills them, and says through "changed" that the cart changed and
 * through "status" what the person should know.
 */

#define G_LOG_DOMAIN "ld-cart-picker"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "ld-cart-picker.h"
#include "ld-error-text.h"
#include "ld-report-format.h"
#include "store/ld-cache.h"

#define CATALOG_MATCHES 50

struct _LdCartPicker
{
  GObject         parent_instance;

  LdSession      *session;
  LdBookingCart  *cart;
  GCancellable   *cancellable;
  GHashTable     *catalog_dumps;
  guint           catalog_reads;
  /* The query the catalogue list shows, which the entry's search delay
   * may leave behind what was typed. */
  char           *shown_query;
  char           *remove_action;

  GtkSearchEntry *catalog_entry;
  GtkListBox     *catalog_list;
  GtkListBox     *cart_list;
};

G_DEFINE_FINAL_TYPE (LdCartPicker, ld_cart_picker, G_TYPE_OBJECT)

enum
{
  CHANGED,
  STATUS,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
say (LdCartPicker *self,
     const char   *text,
     gboolean      is_error)
{
  g_signal_emit (self, signals [STATUS], 0, text, is_error);
}

/* The catalogue. */

static char *
describe_entry (const LdCartEntry *entry)
{
  g_autofree char *price = NULL;

  if (entry->panel != NULL)
    {
      guint n = g_strv_length (entry->panel->tests);

      price = ld_report_format_rupees (entry->panel->price_paise);
      /* Translators: a panel in the catalogue: its code, how many tests
       * it holds and its price, as "LFT · panel of 7 tests · ₹550.00". */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · panel of %u test · %s",
                                           "%s · panel of %u tests · %s", n),
                              entry->panel->code, n, price);
    }
  price = ld_report_format_rupees (entry->test->price_paise);
  /* Translators: a test in the catalogue: its code and its price. */
  return g_strdup_printf (_("%s · test · %s"), entry->test->code, price);
}

static void
refresh (LdCartPicker *self)
{
  g_autoptr(GPtrArray) found = NULL;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->catalog_list))) != NULL)
    gtk_list_box_remove (self->catalog_list, child);

  g_free (self->shown_query);
  self->shown_query = g_strdup (query);
  found = ld_booking_cart_search (self->cart, query, CATALOG_MATCHES);
  for (guint i = 0; i < found->len; i++)
    {
      const LdCartEntry *entry = g_ptr_array_index (found, i);
      const char *code = entry->panel ? entry->panel->code : entry->test->code;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = describe_entry (entry);
      g_autofree char *row_name = g_strdup_printf ("catalog-%s", code);

      gtk_widget_set_name (row, row_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     entry->panel ? entry->panel->name : entry->test->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "code", g_strdup (code), g_free);
      gtk_list_box_append (self->catalog_list, row);
    }
  gtk_list_box_select_row (self->catalog_list,
                           gtk_list_box_get_row_at_index (self->catalog_list, 0));
}

static void
add_code (LdCartPicker *self,
          const char   *code)
{
  g_autofree char *problem = NULL;

  if (ld_booking_cart_contains (self->cart, code))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a test or panel code. */
      text = g_strdup_printf (_("%s is already in the cart."), code);
      say (self, text, FALSE);
      return;
    }
  problem = ld_booking_cart_add (self->cart, code);
  if (problem != NULL)
    {
      g_autofree char *text = NULL;

      g_debug ("%s", problem);
      /* Translators: %s is a test or panel code the catalogue no longer offers. */
      text = g_strdup_printf (_("%s cannot be booked: the catalogue no longer offers it."), code);
      say (self, text, TRUE);
      return;
    }
  say (self, NULL, FALSE);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
add_row (LdCartPicker  *self,
         GtkListBoxRow *row)
{
  const char *code = row ? g_object_get_data (G_OBJECT (row), "code") : NULL;

  if (code == NULL)
    return;
  add_code (self, code);
  /* Ready for the next code from the slip. */
  gtk_editable_set_text (GTK_EDITABLE (self->catalog_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->catalog_entry));
}

static void
on_catalog_entry_search_changed_cb (LdCartPicker *self)
{
  refresh (self);
}

static void
on_catalog_entry_activate_cb (LdCartPicker *self)
{
  /* A code typed (or scanned) fast and ended with Enter: what was typed. */
  if (g_strcmp0 (self->shown_query, gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry))) !=
      0)
    refresh (self);
  add_row (self, gtk_list_box_get_selected_row (self->catalog_list));
}

/* Escape in the search: what was typed goes; with nothing typed, the
 * page goes, as Escape does from the rest of it (the search entry keeps
 * Escape for itself). */
static void
on_catalog_entry_stop_search_cb (LdCartPicker *self)
{
  GtkEditable *entry = GTK_EDITABLE (self->catalog_entry);

  if (*gtk_editable_get_text (entry) != '\0')
    gtk_editable_set_text (entry, "");
  else
    gtk_widget_activate_action (GTK_WIDGET (entry), "page-stack.back", NULL);
}

static void
on_catalog_list_row_activated_cb (LdCartPicker  *self,
                                  GtkListBoxRow *row)
{
  add_row (self, row);
}

/* Up and Down in the search move the highlight, so the hands stay on
 * the keys between codes. */
static gboolean
on_catalog_key_pressed_cb (GtkEventControllerKey *controller,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           LdCartPicker          *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->catalog_list);
  int index = row ? gtk_list_box_row_get_index (row) : -1;
  GtkListBoxRow *next;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    index++;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    index--;
  else
    return GDK_EVENT_PROPAGATE;

  next = gtk_list_box_get_row_at_index (self->catalog_list, MAX (index, 0));
  if (next != NULL)
    gtk_list_box_select_row (self->catalog_list, next);
  return GDK_EVENT_STOP;
}

/* Loading: tests and panels are read once both are here. */

static void
catalog_dumped (LdCartPicker *self,
                const char   *entity,
                GObject      *source,
                GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  GHashTable *records = ld_cache_dump_finish (LD_CACHE (source), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&records, g_hash_table_unref);
      return;
    }
  if (records == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      say (self, text, TRUE);
      return;
    }

  g_hash_table_insert (self->catalog_dumps, (gpointer) entity, records);
  if (g_hash_table_size (self->catalog_dumps) < 2)
    return;
  self->catalog_reads--;
  ld_booking_cart_load_catalog (self->cart,
                                g_hash_table_lookup (self->catalog_dumps, "catalog_test"),
                                g_hash_table_lookup (self->catalog_dumps, "catalog_panel"));
  g_hash_table_remove_all (self->catalog_dumps);
  refresh (self);
}

static void
on_tests_dumped_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdCartPicker) self = user_data;

  catalog_dumped (self, "catalog_test", source, result);
}

static void
on_panels_dumped_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdCartPicker) self = user_data;

  catalog_dumped (self, "catalog_panel", source, result);
}

static void
read_catalog (LdCartPicker *self)
{
  LdCache *cache = ld_session_get_cache (self->session);

  self->catalog_reads++;
  ld_cache_dump_async (cache, "catalog_test", self->cancellable, on_tests_dumped_cb,
                       g_object_ref (self));
  ld_cache_dump_async (cache, "catalog_panel", self->cancellable, on_panels_dumped_cb,
                       g_object_ref (self));
}

/* On the first sign-in at this PC the catalogue arrives with the first
 * sync, maybe after the page opened: it is read again until it is here. */
static void
on_cache_changed_cb (LdCartPicker *self)
{
  if (self->catalog_reads == 0 && ld_booking_cart_get_n_catalog_items (self->cart) == 0)
    read_catalog (self);
}

/* The cart's lines. */

static GtkWidget *
build_cart_row (LdCartPicker      *self,
                const LdOrderItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *price = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *list_price = ld_report_format_rupees (item->list_price_paise);
  g_autofree char *charged = ld_report_format_rupees (item->charged_paise);
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_name = NULL;
  g_autofree char *row_name = g_strdup_printf ("cart-%s", item->code);

  if (item->covered_by != NULL)
    {
      const char *panel = ld_booking_cart_lookup_name (self->cart, item->covered_by);

      /* Translators: a cart line charged nothing: its code, and the
       * panel of the cart that already holds it. */
      subtitle = g_strdup_printf (_("%s · included in %s, not charged again"), item->code,
                                     panel ? panel : item->covered_by);
    }
  else if (item->charged_paise != item->list_price_paise)
    /* Translators: a panel charged less than its list price because a
     * dearer panel of the cart holds some of its tests. */
    subtitle = g_strdup_printf (_("%s · list price %s, less the tests already in the cart"),
                                   item->code, list_price);
  else
    subtitle = g_strdup (item->code);

  gtk_widget_set_name (row, row_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (item->code), g_free);

  gtk_label_set_text (GTK_LABEL (price), charged);
  gtk_widget_add_css_class (price, "numeric");
  if (item->charged_paise == 0)
    gtk_widget_add_css_class (price, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), price);

  /* Translators: the accessible name of a cart line's remove button. */
  remove_name = g_strdup_printf (_("Remove %s"), item->name);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove from the cart (Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), self->remove_action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", item->code);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* Delete on a cart line removes it; the next line (or the search) takes
 * the focus, so several can go in a row. */
static gboolean
on_cart_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        LdCartPicker          *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self->cart_list)));
  GtkWidget *row;
  const char *code;
  int index;

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete)
    return GDK_EVENT_PROPAGATE;
  row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  code = row ? g_object_get_data (G_OBJECT (row), "code") : NULL;
  if (code == NULL)
    return GDK_EVENT_PROPAGATE;

  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  ld_booking_cart_remove (self->cart, code);
  g_signal_emit (self, signals [CHANGED], 0);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, index));
  if (row == NULL && index > 0)
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, index - 1));
  gtk_widget_grab_focus (row ? row : GTK_WIDGET (self->catalog_entry));
  return GDK_EVENT_STOP;
}

/**
 * ld_cart_picker_remove:
 * @self: a picker
 * @code: a test or panel code
 *
 * Takes @code out of the cart (the page's remove action, which the
 * lines' buttons name), and gives the search the focus.
 *
 * Returns: %TRUE if the cart held @code
 */
gboolean
ld_cart_picker_remove (LdCartPicker *self,
                       const char   *code)
{
  gboolean removed;

  g_return_val_if_fail (LD_IS_CART_PICKER (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  removed = ld_booking_cart_remove (self->cart, code);
  if (removed)
    g_signal_emit (self, signals [CHANGED], 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->catalog_entry));
  return removed;
}

/**
 * ld_cart_picker_show_cart:
 * @self: a picker
 * @items: (element-type LdOrderItem): the cart's lines, priced
 */
void
ld_cart_picker_show_cart (LdCartPicker *self,
                          GPtrArray    *items)
{
  GtkWidget *child;

  g_return_if_fail (LD_IS_CART_PICKER (self));
  g_return_if_fail (items != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cart_list))) != NULL)
    gtk_list_box_remove (self->cart_list, child);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->cart_list, build_cart_row (self, g_ptr_array_index (items, i)));
}

/* GObject. */

static void
ld_cart_picker_dispose (GObject *object)
{
  LdCartPicker *self = LD_CART_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->catalog_entry);
  g_clear_object (&self->catalog_list);
  g_clear_object (&self->cart_list);

  G_OBJECT_CLASS (ld_cart_picker_parent_class)->dispose (object);
}

static void
ld_cart_picker_finalize (GObject *object)
{
  LdCartPicker *self = LD_CART_PICKER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->catalog_dumps, g_hash_table_unref);
  g_free (self->shown_query);
  g_free (self->remove_action);

  G_OBJECT_CLASS (ld_cart_picker_parent_class)->finalize (object);
}

static void
ld_cart_picker_class_init (LdCartPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_cart_picker_dispose;
  object_class->finalize = ld_cart_picker_finalize;

  /**
   * LdCartPicker::changed:
   *
   * Something was added to the cart or taken out of it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LdCartPicker::status:
   * @text: (nullable): what to say, or %NULL to clear what was said
   * @is_error: whether it is a problem
   */
  signals [STATUS] = g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_BOOLEAN);
}

static void
ld_cart_picker_init (LdCartPicker *self)
{
  self->cancellable = g_cancellable_new ();
  self->catalog_dumps =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
}

/**
 * ld_cart_picker_new:
 * @session: the signed-in session, whose cache holds the catalogue
 * @cart: the page's cart, which must outlive the picker's use
 * @catalog_entry: the catalogue's search
 * @catalog_list: where its matches are listed
 * @cart_list: where the cart's lines are listed
 * @remove_action: the page's action (s: a code) that calls
 *   ld_cart_picker_remove(), for the lines' remove buttons
 *
 * Reads the cached catalogue into @cart and wires the widgets. The page
 * prices the cart on #LdCartPicker::changed and shows the lines with
 * ld_cart_picker_show_cart().
 *
 * Returns: (transfer full): the picker; the page unrefs it in dispose
 */
LdCartPicker *
ld_cart_picker_new (LdSession      *session,
                    LdBookingCart  *cart,
                    GtkSearchEntry *catalog_entry,
                    GtkListBox     *catalog_list,
                    GtkListBox     *cart_list,
                    const char     *remove_action)
{
  LdCartPicker *self;
  GtkEventController *keys;
  GtkWidget *placeholder;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (cart != NULL, NULL);
  g_return_val_if_fail (GTK_IS_SEARCH_ENTRY (catalog_entry), NULL);
  g_return_val_if_fail (GTK_IS_LIST_BOX (catalog_list), NULL);
  g_return_val_if_fail (GTK_IS_LIST_BOX (cart_list), NULL);
  g_return_val_if_fail (remove_action != NULL, NULL);

  self = g_object_new (LD_TYPE_CART_PICKER, NULL);
  self->session = g_object_ref (session);
  self->cart = cart;
  self->catalog_entry = g_object_ref (catalog_entry);
  self->catalog_list = g_object_ref (catalog_list);
  self->cart_list = g_object_ref (cart_list);
  self->remove_action = g_strdup (remove_action);

  g_signal_connect_object (catalog_entry, "search-changed",
                           G_CALLBACK (on_catalog_entry_search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (catalog_entry, "activate", G_CALLBACK (on_catalog_entry_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (catalog_entry, "stop-search",
                           G_CALLBACK (on_catalog_entry_stop_search_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (catalog_list, "row-activated",
                           G_CALLBACK (on_catalog_list_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_catalog_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (catalog_entry), keys);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_cart_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (cart_list), keys);
  placeholder = gtk_label_new (_("Nothing in the cart yet: search the catalogue "
                                 "and press Enter to add."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (cart_list, placeholder);

  read_catalog (self);
  g_signal_connect_object (ld_session_get_cache (session), "changed",
                           G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}
