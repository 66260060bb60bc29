/* ld-service-booking.c: booking an order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a booking means is checked against the database (the patient, the
 * doctor, the catalogue, the home slot, the discount) and every problem
 * found is answered at once, field by field; then the order is priced,
 * written, audited and announced in one transaction
 * (ld_service_order_changed()).
 */

#define G_LOG_DOMAIN "ld-service-booking"

#include "config.h"

#include "ld-record-id.h"
#include "ld-service-booking.h"
#include "ld-service-notify.h"
#include "ld-service-orders.h"
#include "ld-json.h"
#include "ld-order-rules.h"
#include "ld-settings.h"
#include "ld-time.h"
#include "../store/ld-store.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-appointments.h"

static LdCatalogTest *
find_test (const char *code,
           gpointer    user_data)
{
  return ld_store_catalog_get_test (((LdServiceContext *) user_data)->store, code, NULL);
}

static LdCatalogPanel *
find_panel (const char *code,
            gpointer    user_data)
{
  return ld_store_catalog_get_panel (((LdServiceContext *) user_data)->store, code, NULL);
}

/* Finds every cart code in the catalogue; problems go to @problems' "items". */
static void
resolve_cart (LdCart           *cart,
              LdServiceContext *ctx,
              GStrv             codes,
              LdJsonReader     *problems)
{
  ld_cart_init (cart, find_test, find_panel, ctx);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *message = ld_cart_add (cart, codes[i]);

      if (message != NULL)
        ld_json_reader_add_error (problems, "items", message);
    }
}

/* The ordering doctor named by the desk must be an active doctor. */
static void
check_doctor (LdServiceContext *ctx,
              const char       *doctor_id,
              LdJsonReader     *problems)
{
  g_autoptr(LdUser) doctor = NULL;

  if (doctor_id == NULL)
    return;

  doctor = ld_store_users_get (ctx->store, doctor_id, NULL);
  if (doctor == NULL || ld_user_get_disabled (doctor) ||
      !(ld_user_get_roles (doctor) & LD_ROLE_DOCTOR))
    ld_json_reader_add_error (problems, "doctor_id", "is not an active doctor");
}

static void
check_patient (LdServiceContext *ctx,
               LdOrder          *order,
               LdJsonReader     *problems)
{
  g_autoptr(LdPatient) patient = NULL;

  if (order->patient_id == NULL)
    return;

  patient = ld_store_patients_get (ctx->store, order->patient_id, NULL);
  if (patient == NULL)
    ld_json_reader_add_error (problems, "patient_id", "is not a registered patient");
}

/* An order prescribed during a visit names it: the visit of this
 * patient, and of the order's doctor when it names one. */
static void
check_visit (LdServiceContext *ctx,
             LdOrder          *order,
             LdJsonReader     *problems)
{
  g_autofree char *patient_id = NULL;
  g_autofree char *doctor_id = NULL;

  if (order->visit_id == NULL)
    return;

  if (!ld_store_visits_whose (ctx->store, order->visit_id, &patient_id, &doctor_id, NULL))
    ld_json_reader_add_error (problems, "visit_id", "is not a visit");
  else if (g_strcmp0 (patient_id, order->patient_id) != 0)
    ld_json_reader_add_error (problems, "visit_id", "is a visit of another patient");
  else if (order->doctor_id != NULL && g_strcmp0 (doctor_id, order->doctor_id) != 0)
    ld_json_reader_add_error (problems, "visit_id", "is another doctor's visit");
}

/* Prices the cart and fills in the order's money; a discount over the
 * limit is recorded on @problems. */
static void
price_order (LdCart                 *cart,
             const LdBookingRequest *request,
             const LdSettings       *settings,
             LdOrder                *order,
             LdJsonReader           *problems)
{
  LdOrderMoney money;
  const char *problem;

  problem =
    ld_pricing_price_order ((const LdCartEntry *) cart->entries->data, cart->entries->len,
                            cart->tests_by_code, request->discount_kind, request->discount_value,
                            g_str_equal (order->collection, "home"), settings, order->items,
                            order->tests, &money);
  if (problem != NULL)
    ld_json_reader_add_error (problems, "discount.value", problem);
  if (request->discount_kind != LD_DISCOUNT_NONE)
    {
      order->discount_kind =
        g_strdup (request->discount_kind == LD_DISCOUNT_AMOUNT ? "amount" : "percent");
      order->discount_value = request->discount_value;
      order->discount_reason = g_strdup (request->discount_reason);
    }

  order->subtotal_paise = money.subtotal;
  order->discount_paise = money.discount;
  order->home_fee_paise = money.home_fee;
  order->tax_paise = money.tax;
  order->total_paise = money.total;
}

typedef struct
{
  LdOrder                *order;
  const LdBookingRequest *request;
  LdOrder                *saved;
} Booking;

/* Checks the booking against the database and prices it into @order;
 * every problem is answered at once, field by field. */
static gboolean
check_and_price (LdServiceContext        *ctx,
                 LdOrder                 *order,
                 const LdBookingRequest  *request,
                 const LdSettings        *settings,
                 gint64                   now_us,
                 GError                 **error)
{
  g_autoptr(JsonObject) nothing = json_object_new ();
  g_autoptr(LdJsonReader) problems = ld_json_reader_new (nothing);
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_auto(LdCart) cart = { NULL };
  LdRole roles = ld_user_get_roles (ctx->actor);

  g_clear_pointer (&order->id, g_free);
  g_clear_pointer (&order->patient_id, g_free);
  g_clear_pointer (&order->created_by, g_free);
  g_clear_pointer (&order->source, g_free);
  g_clear_pointer (&order->channel, g_free);
  g_clear_pointer (&order->doctor_id, g_free);
  order->id = request->id ? g_strdup (request->id) : ld_record_id_new ();
  order->patient_id = g_strdup (request->patient_id);
  order->created_by = g_strdup (ld_user_get_id (ctx->actor));
  order->channel = g_strdup (request->web ? "web" : "desk");
  /* A doctor's own order is a prescription; the desk books for a doctor. */
  if ((roles & LD_ROLE_DOCTOR) && !(roles & (LD_ROLE_RECEPTION | LD_ROLE_ADMIN)))
    {
      order->source = g_strdup ("doctor");
      order->doctor_id = g_strdup (ld_user_get_id (ctx->actor));
    }
  else
    {
      order->source = g_strdup ("desk");
      order->doctor_id = g_strdup (request->doctor_id);
    }

  /* What the booking means, checked against the database: errors of their own. */
  check_patient (ctx, order, problems);
  check_doctor (ctx, request->doctor_id, problems);
  check_visit (ctx, order, problems);
  if (order->referring_doctor_name != NULL)
    {
      const char *problem =
        ld_order_check_referring_doctor (order->doctor_id, order->referring_doctor_name);

      if (problem != NULL)
        ld_json_reader_add_error (problems, "referring_doctor_name", problem);
    }
  resolve_cart (&cart, ctx, request->codes, problems);
  if (order->home_address != NULL)
    {
      const char *problem = ld_order_check_home_slot (request->home_slot_start_us,
                                                      request->home_slot_end_us, now_us, zone);

      if (problem != NULL)
        ld_json_reader_add_error (problems, "home_visit.slot_start", problem);
      order->home_slot_start = ld_time_format_rfc3339 (request->home_slot_start_us);
      order->home_slot_end = ld_time_format_rfc3339 (request->home_slot_end_us);
    }
  price_order (&cart, request, settings, order, problems);
  return ld_json_reader_finish (problems, error);
}

static gboolean
book_order (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  Booking *booking = data;
  const LdBookingRequest *request = booking->request;
  LdOrder *order = booking->order;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(GError) insert_error = NULL;
  g_autofree char *detail = NULL;
  gint64 now_us = ld_time_now ();

  g_clear_pointer (&booking->saved, ld_order_free);
  if ((stored = ld_store_settings_load (ctx->store, NULL, error)) == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);
  if (!check_and_price (ctx, order, request, settings, now_us, error))
    return FALSE;

  if (!ld_store_orders_insert (ctx->store, order, now_us,
                               now_us + settings->order_expiry_hours * G_TIME_SPAN_HOUR,
                               order->home_address ? request->home_slot_start_us : 0,
                               &insert_error))
    return ld_service_error_taken (insert_error, "id", "An order with this id already exists.",
                                   error);

  detail =
    g_strdup_printf ("%s, total %" G_GINT64_FORMAT " paise", order->number, order->total_paise);
  booking->saved = ld_service_order_changed (ctx, order->id, "order.create", detail, error);
  return booking->saved != NULL &&
         ld_service_notify (ctx, "order-confirmed", booking->saved, NULL, error) &&
         ld_service_notify_home_visit (ctx, booking->saved, error);
}

/**
 * ld_service_book_order:
 * @ctx: who books: the desk, or a doctor for their own prescription
 * @order: (inout): the order as read from the booking (priority,
 *   collection, notes, referring doctor, home address); filled in with
 *   its id, source, money and number as it is written
 * @request: the rest of what the booking asks for
 * @error: return location for a #GError; %LD_API_ERROR_VALIDATION_FAILED
 *   naming every field the database finds wrong
 *
 * Checks the booking against the patients, the doctors and the
 * catalogue, prices it, and writes, audits and announces the order, in
 * one transaction.
 *
 * Returns: (transfer full) (nullable): the order as booked
 */
LdOrder *
ld_service_book_order (LdServiceContext        *ctx,
                       LdOrder                 *order,
                       const LdBookingRequest  *request,
                       GError                 **error)
{
  Booking booking = { order, request, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);
  g_return_val_if_fail (order != NULL && request != NULL, NULL);

  if (!ld_service_run (ctx, book_order, &booking, error))
    {
      g_clear_pointer (&booking.saved, ld_order_free);
      return NULL;
    }
  return booking.saved;
}

static gboolean
quote_order (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  Booking *booking = data;
  g_autoptr(GHashTable) stored = ld_store_settings_load (ctx->store, NULL, error);
  g_autoptr(LdSettings) settings = NULL;

  if (stored == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);
  return check_and_price (ctx, booking->order, booking->request, settings, ld_time_now (),
                          error);
}

/**
 * ld_service_quote_order:
 * @ctx: who would book
 * @order: (inout): as for ld_service_book_order(); filled in with its
 *   items, tests and money
 * @request: as for ld_service_book_order()
 * @error: return location for a #GError, as for ld_service_book_order()
 *
 * What ld_service_book_order() would check and charge, by the same rules,
 * without booking: for a page that shows the total before the patient
 * confirms.
 *
 * Returns: %TRUE if the booking would be accepted
 */
gboolean
ld_service_quote_order (LdServiceContext        *ctx,
                        LdOrder                 *order,
                        const LdBookingRequest  *request,
                        GError                 **error)
{
  Booking booking = { order, request, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, FALSE);
  g_return_val_if_fail (order != NULL && request != NULL, FALSE);

  return ld_service_run (ctx, quote_order, &booking, error);
}
