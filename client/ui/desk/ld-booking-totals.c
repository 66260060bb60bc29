/* ld-booking-totals.c: the booking page's discount and totals
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The discount as typed, checked by shared/model's rule (the limit the
 * administrator sets), and what the order costs, priced by the server's
 * own code (ld-booking-cart.c): the total stays in view in the footer.
 */

#define G_LOG_DOMAIN "ld-booking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-booking-page-private.h"
#include "ld-json.h"
#include "ld-money.h"
#include "ld-report-format.h"

/* The discount as typed: its kind and value, or why it cannot be read. */
static const char *
read_discount (LdBookingPage  *self,
               LdDiscountKind *out_kind,
               gint64         *out_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->discount_value_row));

  *out_value = 0;
  switch (adw_combo_row_get_selected (self->discount_kind_row))
    {
    case 1:
      *out_kind = LD_DISCOUNT_PERCENT;
      if (!g_ascii_string_to_signed (text, 10, 0, 100, out_value, NULL))
        return N_("must be a whole percent from 0 to 100");
      return NULL;
    case 2:
      *out_kind = LD_DISCOUNT_AMOUNT;
      return ld_money_parse (text, out_value);
    default:
      *out_kind = LD_DISCOUNT_NONE;
      return NULL;
    }
}

void
ld_booking_totals_update (LdBookingPage *self)
{
  g_auto(LdCartPrice) price = {
    0,
  };
  LdDiscountKind   kind;
  gint64           value;
  const char      *refusal;
  g_autofree char *subtotal = NULL;
  g_autofree char *discount = NULL;
  g_autofree char *home_fee = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *total = NULL;
  g_autofree char *totals = NULL;
  gboolean has_discount;

  refusal = read_discount (self, &kind, &value);
  has_discount = kind != LD_DISCOUNT_NONE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->discount_value_row), has_discount);
  gtk_widget_set_sensitive (GTK_WIDGET (self->discount_reason_row), has_discount);

  ld_booking_cart_price (self->cart, refusal ? LD_DISCOUNT_NONE : kind, value,
                         adw_expander_row_get_enable_expansion (self->home_row), &price);

  ld_cart_picker_show_cart (self->picker, price.items);

  /* A value not yet typed is no error; one that cannot be given is said
   * as it is typed, by the server's own rule. */
  if (has_discount && *gtk_editable_get_text (GTK_EDITABLE (self->discount_value_row)) != '\0')
    ld_field_error_set (GTK_WIDGET (self->discount_value_row),
                        refusal ? refusal : price.discount_refusal);
  else
    ld_field_error_set (GTK_WIDGET (self->discount_value_row), NULL);
  /* A field said to be missing is no longer once something is typed. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->discount_reason_row)) != '\0')
    ld_field_error_set (GTK_WIDGET (self->discount_reason_row), NULL);

  subtotal = ld_report_format_rupees (price.money.subtotal);
  discount = ld_report_format_rupees (price.discount_refusal ? 0 : price.money.discount);
  home_fee = ld_report_format_rupees (price.money.home_fee);
  tax = ld_report_format_rupees (price.money.tax);
  total = ld_report_format_rupees (price.money.total);
  /* Translators: the booking footer's sums; each amount as ₹1,234.00. */
  totals = g_strdup_printf (_("Subtotal %s    Discount −%s    Home collection %s    Tax %s"),
                               subtotal, discount, home_fee, tax);
  gtk_label_set_text (self->totals_label, totals);
  gtk_label_set_text (self->total_label, total);
}

/* What the server would refuse of the discount, said at its fields first. */
gboolean
ld_booking_totals_check (LdBookingPage *self)
{
  LdDiscountKind kind;
  gint64         value;
  const char    *refusal = read_discount (self, &kind, &value);
  g_auto(LdCartPrice) price = {
    0,
  };
  gboolean         ok = TRUE;
  g_autofree char *reason = ld_booking_page_dup_entry_text (self->discount_reason_row);

  ld_booking_cart_price (self->cart, refusal ? LD_DISCOUNT_NONE : kind, value, FALSE, &price);
  if (kind != LD_DISCOUNT_NONE)
    {
      if (refusal == NULL)
        refusal = price.discount_refusal;
      if (refusal != NULL)
        {
          ld_field_error_set (GTK_WIDGET (self->discount_value_row), refusal);
          ok = FALSE;
        }
      if (*reason == '\0')
        {
          ld_field_error_set (GTK_WIDGET (self->discount_reason_row),
                              N_("is needed for a discount"));
          ok = FALSE;
        }
    }
  return ok;
}

/* The order's "discount", when one is asked for. */
void
ld_booking_totals_fill_form (LdBookingPage *self,
                             LdBookingForm *form)
{
  LdDiscountKind kind;
  gint64 value;

  form->discount_kind = LD_DISCOUNT_NONE;
  if (read_discount (self, &kind, &value) == NULL && kind != LD_DISCOUNT_NONE)
    {
      form->discount_kind = kind;
      form->discount_value = value;
      form->discount_reason = ld_booking_page_dup_entry_text (self->discount_reason_row);
    }
}
