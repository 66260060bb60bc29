/* ld-cart-picker.h: the catalogue searched and the cart's lines, for any page that orders tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/ld-booking-cart.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_CART_PICKER (ld_cart_picker_get_type ())

G_DECLARE_FINAL_TYPE (LdCartPicker, ld_cart_picker, LD, CART_PICKER, GObject)

LdCartPicker *ld_cart_picker_new        (LdSession       *session,
                                         LdBookingCart   *cart,
                                         GtkSearchEntry  *catalog_entry,
                                         GtkListBox      *catalog_list,
                                         GtkListBox      *cart_list,
                                         const char      *remove_action);
void          ld_cart_picker_show_cart  (LdCartPicker    *self,
                                         GPtrArray       *items);
gboolean      ld_cart_picker_remove     (LdCartPicker    *self,
                                         const char      *code);

G_END_DECLS
