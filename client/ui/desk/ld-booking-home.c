/* ld-booking-home.c: the booking page books a home collection
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A phlebotomist visits the address on a day of the next two weeks, in
 * one of the lab's slots; the home-collection fee is added to the total.
 */

#define G_LOG_DOMAIN "ld-booking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-booking-page-private.h"
#include "ld-json.h"
#include "ld-report-format.h"

#define N_SLOT_DAYS 14

static const struct
{
  int start_hour;
  int end_hour;
} slot_times[] = {
  { 7, 9 }, { 9, 11 }, { 11, 13 }, { 14, 16 }, { 16, 18 },
};

static char *
format_slot (GDateTime *day,
             int        hour)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                   g_date_time_get_month (day),
                                                   g_date_time_get_day_of_month (day),
                                                   hour, 0, 0);

  return g_date_time_format_iso8601 (at);
}

void
ld_booking_home_init (LdBookingPage *self)
{
  g_autoptr(GtkStringList) days = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < N_SLOT_DAYS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, 1 + i);
      g_autofree char *date = g_date_time_format (day, "%a %e %b");
      g_autofree char *text = NULL;

      if (i == 0)
        /* Translators: the first day a home visit may be booked; %s is
         * its date, as "Tue 24 Nov". */
        text = g_strdup_printf (_("Tomorrow, %s"), date);
      else
        text = g_strdup (date);
      gtk_string_list_append (days, text);
    }
  adw_combo_row_set_model (self->slot_day_row, G_LIST_MODEL (days));
}

void
ld_booking_home_update (LdBookingPage *self)
{
  g_autofree char *fee =
    ld_report_format_rupees (ld_booking_cart_get_settings (self->cart)->home_collection_fee_paise);
  /* Translators: the home-collection switch's subtitle; %s is the fee. */
  g_autofree char *text = g_strdup_printf (_("A phlebotomist visits; adds %s"), fee);

  adw_expander_row_set_subtitle (self->home_row, text);
  /* A field said to be missing is no longer once something is typed. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->address_row)) != '\0')
    ld_field_error_set (GTK_WIDGET (self->address_row), NULL);
}

gboolean
ld_booking_home_check (LdBookingPage *self)
{
  g_autofree char *address = ld_booking_page_dup_entry_text (self->address_row);

  if (adw_expander_row_get_enable_expansion (self->home_row) && *address == '\0')
    {
      ld_field_error_set (GTK_WIDGET (self->address_row), N_("is needed for a home visit"));
      return FALSE;
    }
  return TRUE;
}

/* The order's "collection" and "home_visit", for a home collection. */
void
ld_booking_home_fill_form (LdBookingPage *self,
                           LdBookingForm *form)
{
  guint day_index;
  guint time_index;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;

  if (!adw_expander_row_get_enable_expansion (self->home_row))
    return;

  day_index = adw_combo_row_get_selected (self->slot_day_row);
  time_index =
    MIN (adw_combo_row_get_selected (self->slot_time_row), G_N_ELEMENTS (slot_times) - 1);
  now = g_date_time_new_now_local ();
  day = g_date_time_add_days (now, 1 + MIN (day_index, N_SLOT_DAYS - 1));
  form->home = TRUE;
  form->home_address = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
  form->slot_start = format_slot (day, slot_times[time_index].start_hour);
  form->slot_end = format_slot (day, slot_times[time_index].end_hour);
}
