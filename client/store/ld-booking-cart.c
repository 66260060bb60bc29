/* ld-booking-cart.c: the tests and panels being booked, priced as the server will
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue comes from the user's cache (the catalog_test and
 * catalog_panel records every role follows). A booking (the desk's
 * booking page, the doctor's prescription) keeps only what is its own:
 * the catalogue to search and the codes in the cart, in the order they
 * were added. Whether a code can be ordered, and what the cart
 * costs, are shared/model's: each time, the codes go into an LdCart
 * (ld_cart_add(), the server's own check) found in the cached records,
 * priced by ld_pricing_price_order(), the code the server prices the
 * order with: overlap charged once, the discount limit, tax and the
 * home-collection fee, with the lab's settings as the cache holds them;
 * the server, which decides, says so at the field if an administrator
 * changed them meanwhile.
 */

#define G_LOG_DOMAIN "ld-booking-cart"

#include "config.h"

#include "ld-booking-cart.h"
#include "ld-booking-body.h"
#include "ld-json.h"
#include "ld-time.h"

struct _LdBookingCart
{
  GHashTable *tests;   /* code → LdCatalogTest */
  GHashTable *panels;  /* code → LdCatalogPanel */
  /* code → the cached record's text, for the shared cart to read. */
  GHashTable *test_records;
  GHashTable *panel_records;
  GPtrArray  *codes;   /* the cart, NULL-terminated */
  LdSettings *settings;
  gboolean    has_settings;
};

LdBookingCart *
ld_booking_cart_new (void)
{
  LdBookingCart *cart = g_new0 (LdBookingCart, 1);

  cart->tests =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ld_catalog_test_free);
  cart->panels =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ld_catalog_panel_free);
  cart->test_records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cart->panel_records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cart->codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (cart->codes, NULL);
  cart->settings = ld_settings_new ();
  return cart;
}

void
ld_booking_cart_free (LdBookingCart *cart)
{
  if (cart == NULL)
    return;
  g_hash_table_unref (cart->tests);
  g_hash_table_unref (cart->panels);
  g_hash_table_unref (cart->test_records);
  g_hash_table_unref (cart->panel_records);
  g_ptr_array_unref (cart->codes);
  ld_settings_free (cart->settings);
  g_free (cart);
}

/* Reads one cached catalogue record; %FALSE when it is not one. */
static gboolean
read_record (const char *text,
             gboolean    panel,
             gpointer    out)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (text, -1, NULL);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  if (object == NULL)
    return FALSE;
  reader = ld_json_reader_new (object);
  if (panel)
    {
      ld_catalog_panel_read_json (out, reader, TRUE);
      ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL,
                              &((LdCatalogPanel *) out)->version);
    }
  else
    {
      ld_catalog_test_read_json (out, reader, TRUE);
      ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL,
                              &((LdCatalogTest *) out)->version);
    }
  if (!ld_json_reader_finish (reader, &error))
    {
      g_debug ("A cached catalogue record does not read: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_booking_cart_load_catalog:
 * @tests: (element-type utf8 utf8): code → catalog_test record text
 * @panels: (element-type utf8 utf8): code → catalog_panel record text
 */
void
ld_booking_cart_load_catalog (LdBookingCart  *cart,
                      GHashTable *tests,
                      GHashTable *panels)
{
  GHashTableIter iter;
  gpointer text;

  g_return_if_fail (cart != NULL);

  g_hash_table_iter_init (&iter, tests);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    {
      LdCatalogTest *test = ld_catalog_test_new ();

      if (read_record (text, FALSE, test) && test->code != NULL)
        {
          g_hash_table_replace (cart->test_records, g_strdup (test->code), g_strdup (text));
          g_hash_table_replace (cart->tests, test->code, test);
        }
      else
        ld_catalog_test_free (test);
    }

  g_hash_table_iter_init (&iter, panels);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    {
      LdCatalogPanel *panel = ld_catalog_panel_new ();

      if (read_record (text, TRUE, panel) && panel->code != NULL)
        {
          g_hash_table_replace (cart->panel_records, g_strdup (panel->code), g_strdup (text));
          g_hash_table_replace (cart->panels, panel->code, panel);
        }
      else
        ld_catalog_panel_free (panel);
    }
}

/**
 * ld_booking_cart_set_settings:
 * @settings: (transfer full): the lab's settings as the cache holds them
 *   (ld_cache_get_settings_finish())
 *
 * The cart is priced with @settings from now on.
 */
void
ld_booking_cart_set_settings (LdBookingCart *cart,
                              LdSettings    *settings)
{
  g_return_if_fail (cart != NULL);
  g_return_if_fail (settings != NULL);

  ld_settings_free (cart->settings);
  cart->settings = settings;
  cart->has_settings = TRUE;
}

const LdSettings *
ld_booking_cart_get_settings (LdBookingCart *cart)
{
  g_return_val_if_fail (cart != NULL, NULL);

  return cart->settings;
}

/* Whether the settings are the lab's own rather than the defaults. */
gboolean
ld_booking_cart_get_has_settings (LdBookingCart *cart)
{
  g_return_val_if_fail (cart != NULL, FALSE);

  return cart->has_settings;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const LdCartEntry *x = *(LdCartEntry **) a;
  const LdCartEntry *y = *(LdCartEntry **) b;
  const char *x_code = x->panel ? x->panel->code : x->test->code;
  const char *y_code = y->panel ? y->panel->code : y->test->code;

  return strcmp (x_code, y_code);
}

static gboolean
matches (const char *code,
         const char *name,
         const char *folded_query,
         const char *upper_query)
{
  g_autofree char *folded_name = NULL;

  if (*upper_query == '\0' || g_str_has_prefix (code, upper_query))
    return TRUE;
  folded_name = g_utf8_casefold (name, -1);
  return strstr (folded_name, folded_query) != NULL;
}

/**
 * ld_booking_cart_search:
 * @query: a code's beginning or part of a name, in any case
 * @limit: at most this many
 *
 * Active tests and panels, exact code first, then by code.
 *
 * Returns: (transfer full) (element-type LdCartEntry): the matches
 */
GPtrArray *
ld_booking_cart_search (LdBookingCart  *cart,
                const char *query,
                guint       limit)
{
  g_autofree char *stripped = g_strstrip (g_strdup (query ? query : ""));
  g_autofree char *folded = g_utf8_casefold (stripped, -1);
  g_autofree char *upper = g_utf8_strup (stripped, -1);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (cart != NULL, found);

  g_hash_table_iter_init (&iter, cart->panels);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LdCatalogPanel *panel = value;

      if (panel->active && matches (panel->code, panel->name, folded, upper))
        {
          LdCartEntry *entry = g_new0 (LdCartEntry, 1);

          entry->panel = panel;
          g_ptr_array_add (found, entry);
        }
    }
  g_hash_table_iter_init (&iter, cart->tests);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LdCatalogTest *test = value;

      if (test->active && matches (test->code, test->name, folded, upper))
        {
          LdCartEntry *entry = g_new0 (LdCartEntry, 1);

          entry->test = test;
          g_ptr_array_add (found, entry);
        }
    }
  g_ptr_array_sort (found, compare_entries);

  /* The code typed in full goes first: Enter then adds it. */
  for (guint i = 0; i < found->len; i++)
    {
      LdCartEntry *entry = g_ptr_array_index (found, i);
      const char *code = entry->panel ? entry->panel->code : entry->test->code;

      if (g_str_equal (code, upper))
        {
          g_ptr_array_steal_index (found, i);
          g_ptr_array_insert (found, 0, entry);
          break;
        }
    }
  if (found->len > limit)
    g_ptr_array_set_size (found, limit);
  return found;
}

static guint
find_code (LdBookingCart  *cart,
           const char *code)
{
  for (guint i = 0; i + 1 < cart->codes->len; i++)
    if (g_str_equal (g_ptr_array_index (cart->codes, i), code))
      return i;
  return G_MAXUINT;
}

/* The shared cart finds the catalogue's rows in the cached records:
 * a test, or a panel, read afresh (transfer full). */
static gpointer
find_row (LdBookingCart *cart,
          gboolean    panel,
          const char *code)
{
  const char *text = g_hash_table_lookup (panel ? cart->panel_records : cart->test_records, code);
  gpointer row;

  if (text == NULL)
    return NULL;
  row = panel ? (gpointer) ld_catalog_panel_new () : (gpointer) ld_catalog_test_new ();
  if (read_record (text, panel, row))
    return row;
  if (panel)
    ld_catalog_panel_free (row);
  else
    ld_catalog_test_free (row);
  return NULL;
}

static LdCatalogTest *
find_test (const char *code,
           gpointer    user_data)
{
  return find_row (user_data, FALSE, code);
}

static LdCatalogPanel *
find_panel (const char *code,
            gpointer    user_data)
{
  return find_row (user_data, TRUE, code);
}

/* The cart's codes in a shared cart, each checked by the server's rule;
 * returns why @extra cannot be added, when it is given. */
static char *
fill_shared_cart (LdBookingCart *cart,
                  LdCart     *shared,
                  const char *extra)
{
  ld_cart_init (shared, find_test, find_panel, cart);
  for (guint i = 0; i + 1 < cart->codes->len; i++)
    {
      g_autofree char *problem = ld_cart_add (shared, g_ptr_array_index (cart->codes, i));

      /* A code added before and changed in the catalogue since: the
       * server will say so when the order is sent. */
      if (problem != NULL)
        g_debug ("A cart line no longer prices: %s", problem);
    }
  return extra != NULL ? ld_cart_add (shared, extra) : NULL;
}

/**
 * ld_booking_cart_add:
 * @code: a test's or panel's code
 *
 * Adds @code, unless it is in the cart already (then it does nothing;
 * see ld_booking_cart_contains()) or the server's rule refuses it.
 *
 * Returns: (transfer full) (nullable): %NULL when added or there already;
 *   else the server's field message for "items" ("names X, which is not
 *   in the catalogue", "… no longer offered")
 */
char *
ld_booking_cart_add (LdBookingCart *cart,
                     const char *code)
{
  g_auto(LdCart) shared = {
    0,
  };
  char *problem;

  g_return_val_if_fail (cart != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (find_code (cart, code) != G_MAXUINT)
    return NULL;
  problem = fill_shared_cart (cart, &shared, code);
  if (problem != NULL)
    return problem;
  g_ptr_array_insert (cart->codes, cart->codes->len - 1, g_strdup (code));
  return NULL;
}

gboolean
ld_booking_cart_contains (LdBookingCart *cart,
                          const char *code)
{
  g_return_val_if_fail (cart != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return find_code (cart, code) != G_MAXUINT;
}

gboolean
ld_booking_cart_remove (LdBookingCart  *cart,
                const char *code)
{
  guint i;

  g_return_val_if_fail (cart != NULL, FALSE);

  i = find_code (cart, code);
  if (i == G_MAXUINT)
    return FALSE;
  g_ptr_array_remove_index (cart->codes, i);
  return TRUE;
}

guint
ld_booking_cart_get_n_items (LdBookingCart *cart)
{
  g_return_val_if_fail (cart != NULL, 0);

  return cart->codes->len - 1;
}

/* How many tests and panels the catalogue holds (none before the first sync). */
guint
ld_booking_cart_get_n_catalog_items (LdBookingCart *cart)
{
  g_return_val_if_fail (cart != NULL, 0);

  return g_hash_table_size (cart->tests) + g_hash_table_size (cart->panels);
}

/* Returns: (transfer none): the cart's codes, in the order added */
const char * const *
ld_booking_cart_get_codes (LdBookingCart *cart)
{
  g_return_val_if_fail (cart != NULL, NULL);

  return (const char * const *) cart->codes->pdata;
}

/* The cart's codes, for the booking body. */
static GStrv
dup_codes (LdBookingCart *cart)
{
  return g_strdupv ((GStrv) cart->codes->pdata);
}

static JsonObject *
dup_body (const LdOrder          *order,
          const LdBookingRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ld_booking_body_write (builder, order, request);
  json_builder_end_object (builder);
  return ld_json_builder_dup_object (builder);
}

/**
 * ld_booking_cart_dup_order_body:
 * @cart: the tests and panels booked
 * @form: the rest of the order, as the desk's form has it
 *
 * Returns: (transfer full): the body of the desk's order, for the outbox
 */
JsonObject *
ld_booking_cart_dup_order_body (LdBookingCart       *cart,
                                const LdBookingForm *form)
{
  g_autoptr(LdOrder) order = ld_order_new ();
  g_auto(LdBookingRequest) request = { NULL };

  g_return_val_if_fail (cart != NULL, NULL);
  g_return_val_if_fail (form != NULL, NULL);

  request.id = g_strdup (form->id);
  request.patient_id = g_strdup (form->patient_id);
  request.codes = dup_codes (cart);
  request.doctor_id = g_strdup (form->doctor_id);
  request.discount_kind = form->discount_kind;
  request.discount_value = form->discount_value;
  request.discount_reason = g_strdup (form->discount_reason);
  if (form->priority != LD_PRIORITY_ROUTINE)
    order->priority = g_strdup (ld_priority_to_string (form->priority));
  order->referring_doctor_name = g_strdup (form->referring_doctor_name);
  if (form->home)
    {
      order->collection = g_strdup ("home");
      order->home_address = g_strdup (form->home_address);
      if (form->slot_start == NULL || form->slot_end == NULL ||
          !ld_time_parse_rfc3339 (form->slot_start, &request.home_slot_start_us) ||
          !ld_time_parse_rfc3339 (form->slot_end, &request.home_slot_end_us))
        request.home_slot_start_us = request.home_slot_end_us = 0;
    }
  return dup_body (order, &request);
}

/**
 * ld_booking_cart_dup_prescription_body:
 * @cart: the tests and panels prescribed
 * @id: the order's id, made here
 * @patient_id: the patient
 * @doctor_id: the doctor prescribing
 * @visit_id: (nullable): the visit the tests are prescribed during
 * @priority: its priority (always sent)
 * @clinical_notes: (nullable): the notes; empty is none
 *
 * Returns: (transfer full): the body of a doctor's order, for the outbox
 */
JsonObject *
ld_booking_cart_dup_prescription_body (LdBookingCart *cart,
                                       const char    *id,
                                       const char    *patient_id,
                                       const char    *doctor_id,
                                       const char    *visit_id,
                                       LdPriority     priority,
                                       const char    *clinical_notes)
{
  g_autoptr(LdOrder) order = ld_order_new ();
  g_auto(LdBookingRequest) request = { NULL };

  g_return_val_if_fail (cart != NULL, NULL);

  request.id = g_strdup (id);
  request.patient_id = g_strdup (patient_id);
  request.codes = dup_codes (cart);
  request.doctor_id = g_strdup (doctor_id);
  order->visit_id = g_strdup (visit_id);
  order->priority = g_strdup (ld_priority_to_string (priority));
  order->clinical_notes = g_strdup (clinical_notes);
  return dup_body (order, &request);
}

/**
 * ld_booking_form_clear:
 * @form: an order as the desk books it
 *
 * Frees its strings and leaves it empty.
 */
void
ld_booking_form_clear (LdBookingForm *form)
{
  g_clear_pointer (&form->id, g_free);
  g_clear_pointer (&form->patient_id, g_free);
  g_clear_pointer (&form->discount_reason, g_free);
  g_clear_pointer (&form->doctor_id, g_free);
  g_clear_pointer (&form->referring_doctor_name, g_free);
  g_clear_pointer (&form->home_address, g_free);
  g_clear_pointer (&form->slot_start, g_free);
  g_clear_pointer (&form->slot_end, g_free);
  *form = (LdBookingForm){ 0 };
}

/* Returns: (nullable): the catalogue's name for @code */
const char *
ld_booking_cart_lookup_name (LdBookingCart  *cart,
                     const char *code)
{
  LdCatalogPanel *panel;
  LdCatalogTest *test;

  g_return_val_if_fail (cart != NULL, NULL);

  panel = g_hash_table_lookup (cart->panels, code);
  if (panel != NULL)
    return panel->name;
  test = g_hash_table_lookup (cart->tests, code);
  return test ? test->name : NULL;
}

/**
 * ld_booking_cart_price:
 * @discount_kind: none, amount or percent
 * @discount_value: paise or whole percent
 * @home_collection: whether the sample is collected at home
 * @out_price: (out caller-allocates): what the cart costs; clear it with
 *   ld_booking_cart_price_clear()
 */
void
ld_booking_cart_price (LdBookingCart  *cart,
                       LdDiscountKind  discount_kind,
                       gint64          discount_value,
                       gboolean        home_collection,
                       LdCartPrice    *out_price)
{
  g_auto(LdCart) shared = {
    0,
  };
  g_autoptr(GPtrArray) tests =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_test_free);

  g_return_if_fail (cart != NULL);
  g_return_if_fail (out_price != NULL);

  memset (out_price, 0, sizeof *out_price);
  out_price->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_item_free);
  fill_shared_cart (cart, &shared, NULL);
  out_price->discount_refusal =
    ld_pricing_price_order ((const LdCartEntry *) (gpointer) shared.entries->data,
                            shared.entries->len, shared.tests_by_code, discount_kind,
                            discount_value, home_collection, cart->settings, out_price->items,
                            tests, &out_price->money);
}

void
ld_booking_cart_price_clear (LdCartPrice *price)
{
  g_clear_pointer (&price->items, g_ptr_array_unref);
}

/* Booking: the body goes to the outbox, which sends it (or keeps it while
 * offline); the server's answer comes by the outbox's signals. */

static void
on_order_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (g_task_get_task_data (task) != NULL)
    ld_outbox_resend_finish (LD_OUTBOX (source), result, &error);
  else
    answer = ld_session_run_finish (LD_SESSION (source), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Puts @body in the outbox, in @refused's place when given. */
static void
send_order (LdSession           *session,
            LdOutboxEntry       *refused,
            JsonObject          *body,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (refused != NULL)
    {
      g_task_set_task_data (task, g_object_ref (refused), g_object_unref);
      ld_outbox_resend_async (ld_session_get_outbox (session), refused, body, cancellable,
                              on_order_sent_cb, g_steal_pointer (&task));
    }
  else
    ld_session_run_async (session, LD_OUTBOX_ACTION_ORDER_CREATE, NULL, body, cancellable,
                          on_order_sent_cb, g_steal_pointer (&task));
}

/**
 * ld_booking_cart_book_async:
 * @cart: the tests and panels booked
 * @session: the session, which runs the command
 * @refused: (nullable): the order the server refused, which this one
 *   takes the place of
 * @form: the rest of the order, as the desk's form has it
 *
 * Puts the desk's order (ld_booking_cart_dup_order_body()) in the outbox.
 * The callback's source object is @session; finish with
 * ld_booking_cart_book_finish().
 */
void
ld_booking_cart_book_async (LdBookingCart       *cart,
                            LdSession           *session,
                            LdOutboxEntry       *refused,
                            const LdBookingForm *form,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (cart != NULL);
  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (refused == NULL || LD_IS_OUTBOX_ENTRY (refused));
  g_return_if_fail (form != NULL);

  body = ld_booking_cart_dup_order_body (cart, form);
  send_order (session, refused, body, ld_booking_cart_book_async, cancellable, callback,
              user_data);
}

/**
 * ld_booking_cart_prescribe_async:
 * @cart: the tests and panels prescribed
 * @session: the session, which runs the command
 *
 * Puts the doctor's prescription (ld_booking_cart_dup_prescription_body(),
 * which names the other arguments) in the outbox. The callback's source
 * object is @session; finish with ld_booking_cart_book_finish().
 */
void
ld_booking_cart_prescribe_async (LdBookingCart       *cart,
                                 LdSession           *session,
                                 const char          *order_id,
                                 const char          *patient_id,
                                 const char          *doctor_id,
                                 const char          *visit_id,
                                 LdPriority           priority,
                                 const char          *notes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (cart != NULL);
  g_return_if_fail (LD_IS_SESSION (session));

  body = ld_booking_cart_dup_prescription_body (cart, order_id, patient_id, doctor_id, visit_id,
                                                priority, notes);
  send_order (session, NULL, body, ld_booking_cart_prescribe_async, cancellable, callback,
              user_data);
}

/**
 * ld_booking_cart_book_finish:
 *
 * Finishes ld_booking_cart_book_async() or ld_booking_cart_prescribe_async().
 *
 * Returns: whether the outbox took the order
 */
gboolean
ld_booking_cart_book_finish (LdSession     *session,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
