/* ld-booking-cart.c: the booking page's cart lines
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each line of the cart as shared/model priced it: a test already in a
 * panel of the cart is shown as included and not charged again. Delete
 * on a line, or its button, removes it.
 */

#define G_LOG_DOMAIN "ld-booking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-booking-page-private.h"
#include "ld-report-format.h"

static GtkWidget *
build_cart_row (LdBookingPage     *self,
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
      const char *panel = ld_desk_cart_lookup_name (self->cart, item->covered_by);

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
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "booking.remove-item");
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
                        LdBookingPage         *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
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
  ld_desk_cart_remove (self->cart, code);
  ld_booking_page_update (self);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, index));
  if (row == NULL && index > 0)
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, index - 1));
  gtk_widget_grab_focus (row ? row : GTK_WIDGET (self->catalog_entry));
  return GDK_EVENT_STOP;
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdBookingPage *self = LD_BOOKING_PAGE (widget);

  if (ld_desk_cart_remove (self->cart, g_variant_get_string (parameter, NULL)))
    ld_booking_page_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->catalog_entry));
}

/**
 * ld_booking_cart_show:
 * @items: (element-type LdOrderItem): the cart's lines, priced
 */
void
ld_booking_cart_show (LdBookingPage *self,
                      GPtrArray     *items)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cart_list))) != NULL)
    gtk_list_box_remove (self->cart_list, child);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->cart_list, build_cart_row (self, g_ptr_array_index (items, i)));
}

void
ld_booking_cart_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "booking.remove-item", "s", remove_item_action);
}

void
ld_booking_cart_init (LdBookingPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *placeholder = gtk_label_new (_("Nothing in the cart yet: search the catalogue "
                                            "and press Enter to add."));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_cart_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->cart_list), keys);

  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->cart_list, placeholder);
}
