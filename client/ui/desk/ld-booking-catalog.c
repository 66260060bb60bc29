/* ld-booking-catalog.c: the booking page searches the catalogue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue is searched by code or name as the person types; Enter
 * adds the highlighted test or panel to the cart, and Up and Down move
 * the highlight without leaving the search, so the hands stay on the
 * keys between the codes of a slip.
 */

#define G_LOG_DOMAIN "ld-booking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-booking-page-private.h"
#include "ld-report-format.h"

#define CATALOG_MATCHES 50

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

void
ld_booking_catalog_refresh (LdBookingPage *self)
{
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->catalog_list))) != NULL)
    gtk_list_box_remove (self->catalog_list, child);

  g_free (self->shown_query);
  self->shown_query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry)));
  found = ld_desk_cart_search (self->cart, gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry)),
                          CATALOG_MATCHES);
  for (guint i = 0; i < found->len; i++)
    {
      const LdCartEntry *entry = g_ptr_array_index (found, i);
      const char *code = entry->panel ? entry->panel->code : entry->test->code;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = describe_entry (entry);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     entry->panel ? entry->panel->name : entry->test->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "code", g_strdup (code), g_free);
      gtk_list_box_append (self->catalog_list, row);
    }
  gtk_list_box_select_row (self->catalog_list, gtk_list_box_get_row_at_index (self->catalog_list, 0));
}

static void
add_code (LdBookingPage *self,
          const char    *code)
{
  g_autofree char *problem = NULL;

  if (ld_desk_cart_contains (self->cart, code))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a test or panel code. */
      text = g_strdup_printf (_("%s is already in the cart."), code);
      ld_booking_page_set_status (self, text, FALSE);
      return;
    }
  problem = ld_desk_cart_add (self->cart, code);
  if (problem != NULL)
    {
      g_autofree char *text = NULL;

      g_debug ("%s", problem);
      /* Translators: %s is a test or panel code the catalogue no longer offers. */
      text = g_strdup_printf (_("%s cannot be booked: the catalogue no longer offers it."), code);
      ld_booking_page_set_status (self, text, TRUE);
      return;
    }
  ld_booking_page_set_status (self, NULL, FALSE);
  ld_booking_page_update (self);
}

static void
add_row (LdBookingPage *self,
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
on_catalog_entry_search_changed_cb (LdBookingPage *self)
{
  ld_booking_catalog_refresh (self);
}

static void
on_catalog_entry_activate_cb (LdBookingPage *self)
{
  /* A code typed (or scanned) fast and ended with Enter: what was typed. */
  if (g_strcmp0 (self->shown_query, gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry))) != 0)
    ld_booking_catalog_refresh (self);
  add_row (self, gtk_list_box_get_selected_row (self->catalog_list));
}

static void
on_catalog_list_row_activated_cb (LdBookingPage *self,
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
                           LdBookingPage         *self)
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

void
ld_booking_catalog_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_catalog_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_catalog_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_catalog_list_row_activated_cb);
}

void
ld_booking_catalog_init (LdBookingPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_catalog_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->catalog_entry), keys);
}
