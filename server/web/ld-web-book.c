/* ld-web-book.c: booking on the patient pages: catalogue, cart, visit, review
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue is the desk's; the cart is a list of its codes kept in
 * the web session; the review's total is ld_service_quote_order()'s, the
 * desk's booking rules and prices without the booking; the confirmation
 * books through ld_service_book_order(), the desk's own service, with the
 * form's idempotency key as the order's id, so that a second submit finds
 * the order the first made. The review offers cash on collection and,
 * with a gateway, online payment, which the order's page then takes
 * (ld-web-pay.c).
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "ld-record-id.h"
#include "ld-web.h"
#include "ld-web-page.h"
#include "ld-catalog.h"
#include "ld-json.h"
#include "ld-order-rules.h"
#include "ld-payment-body.h"
#include "ld-settings.h"
#include "ld-time.h"
#include "../notify/ld-notify-templates.h"
#include "../service/ld-rate-limit.h"
#include "../service/ld-service-booking.h"
#include "../service/ld-service-money.h"
#include "../store/ld-store-orders.h"

#define MAX_CART          30
#define MAX_SHOWN         60
#define MAX_ADDRESS_CHARS 500
#define BOOKINGS_PER_HOUR 20

LdServiceContext *ld_web_service_context (LdHttpRequest *req);

/* Home visits: two-hour windows, lab time. */
static const struct
{
  const char *value;
  int         start_hour;
  int         end_hour;
} slots[] = {
  { "07", 7, 9 },
  { "09", 9, 11 },
  { "11", 11, 13 },
  { "16", 16, 18 },
};

static LdRateLimit *
get_booking_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (BOOKINGS_PER_HOUR, G_TIME_SPAN_HOUR));
  return limit;
}

/* The session's cart: its codes (a JSON array), in the order added. */
static GPtrArray *
read_cart (LdWebPage *page)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = json_from_string (page->session.cart, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return codes;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      const char *code = json_array_get_string_element (json_node_get_array (root), i);

      if (code != NULL)
        g_ptr_array_add (codes, g_strdup (code));
    }
  return codes;
}

static gboolean
write_cart (LdWebPage  *page,
            GPtrArray  *codes,
            GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < codes->len; i++)
    json_builder_add_string_value (builder, codes->pdata[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = ld_json_to_string (root);
  return ld_store_web_session_set_cart (page->req->store, page->token_hash, text, error);
}

static gboolean
cart_has (GPtrArray  *codes,
          const char *code)
{
  return g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL);
}

/* An item of the catalogue as the page shows it. */
typedef struct
{
  char   *code;
  char   *name;
  gint64  price_paise;
  char   *detail;
} Offer;

static void
offer_free (Offer *offer)
{
  g_free (offer->code);
  g_free (offer->name);
  g_free (offer->detail);
  g_free (offer);
}

static const char *
find_test_name (GPtrArray  *tests,
                const char *code)
{
  for (guint i = 0; i < tests->len; i++)
    {
      LdCatalogTest *test = tests->pdata[i];

      if (g_str_equal (test->code, code))
        return test->name;
    }
  return code;
}

static gboolean
matches (const char *query,
         const char *code,
         const char *name)
{
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_code = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  folded_name = g_utf8_casefold (name, -1);
  folded_code = g_utf8_casefold (code, -1);
  return strstr (folded_name, query) != NULL || strstr (folded_code, query) != NULL;
}

/* The active panels, then the active tests, that match @query (casefolded). */
static GPtrArray *
list_offers (LdWebPage  *page,
             const char *query,
             GError    **error)
{
  g_autoptr(GPtrArray) tests = ld_store_catalog_list_tests (page->req->store, error);
  g_autoptr(GPtrArray) panels = NULL;
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func ((GDestroyNotify) offer_free);

  if (tests == NULL || (panels = ld_store_catalog_list_panels (page->req->store, error)) == NULL)
    return NULL;
  for (guint i = 0; i < panels->len; i++)
    {
      LdCatalogPanel *panel = panels->pdata[i];
      g_autoptr(GString) members = g_string_new (TR (N_("Includes:")));
      Offer *offer;

      if (!panel->active || !matches (query, panel->code, panel->name))
        continue;
      for (guint j = 0; panel->tests != NULL && panel->tests[j] != NULL; j++)
        g_string_append_printf (members, "%s %s", j > 0 ? "," : "",
                                find_test_name (tests, panel->tests[j]));
      offer = g_new0 (Offer, 1);
      offer->code = g_strdup (panel->code);
      offer->name = g_strdup (panel->name);
      offer->price_paise = panel->price_paise;
      offer->detail = g_string_free (g_steal_pointer (&members), FALSE);
      g_ptr_array_add (offers, offer);
    }
  for (guint i = 0; i < tests->len; i++)
    {
      LdCatalogTest *test = tests->pdata[i];
      Offer *offer;

      if (!test->active || !matches (query, test->code, test->name))
        continue;
      offer = g_new0 (Offer, 1);
      offer->code = g_strdup (test->code);
      offer->name = g_strdup (test->name);
      offer->price_paise = test->price_paise;
      offer->detail =
        g_strconcat (TR (N_("Sample:")), " ", test->specimen != NULL ? test->specimen : "", NULL);
      g_ptr_array_add (offers, offer);
    }
  return g_steal_pointer (&offers);
}

static const Offer *
find_offer (GPtrArray  *offers,
            const char *code)
{
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    if (g_str_equal (((Offer *) offers->pdata[i])->code, code))
      return offers->pdata[i];
  return NULL;
}

static void
add_cart_button (LdWebPage  *page,
                 const char *action,
                 const char *code,
                 const char *label,
                 const char *name)
{
  g_autofree char *accessible = g_strconcat (label, ": ", name, NULL);

  ld_html_open (page->html, "form", "method", "post", "action", action, NULL);
  ld_web_page_csrf_field (page);
  ld_html_void (page->html, "input", "type", "hidden", "name", "code", "value", code, NULL);
  ld_html_element (page->html, "button", label, "type", "submit", "class", "button secondary",
                   "aria-label", accessible, NULL);
  ld_html_close (page->html, "form");
}

static void
add_offer_card (LdWebPage   *page,
                const Offer *offer,
                const char  *action,
                const char  *button)
{
  g_autofree char *price = ld_notify_format_amount (offer->price_paise);

  ld_html_open (page->html, "li", "class", "card", NULL);
  ld_html_element (page->html, "h2", offer->name, NULL);
  ld_html_element (page->html, "p", price, "class", "price", NULL);
  ld_html_element (page->html, "p", offer->detail, "class", "hint", NULL);
  if (button != NULL)
    add_cart_button (page, action, offer->code, button, offer->name);
  else
    ld_html_element (page->html, "p", TR (N_("In your cart")), "class", "tag", NULL);
  ld_html_close (page->html, "li");
}

static void
add_cart_link (LdWebPage *page,
               guint      n_items)
{
  g_autofree char *count = g_strdup_printf ("%u", n_items);
  g_autofree char *label = ld_web_fill (TR (N_("Your cart: %s")), count);

  ld_html_open (page->html, "p", NULL);
  ld_html_element (page->html, "a", label, "href", "/my/cart", "class", "button", NULL);
  ld_html_close (page->html, "p");
}

/* GET /my/book?q= */
static gboolean
get_book (LdHttpRequest  *req,
          GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GPtrArray) cart = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *query = NULL;
  const char *typed = ld_http_request_get_query (req, "q");
  LdHtml *html;

  if (!ld_web_page_require_session (page))
    return TRUE;
  if (typed != NULL && strlen (typed) > 100)
    typed = NULL;
  if (typed != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (typed));

      query = g_utf8_casefold (trimmed, -1);
    }
  cart = read_cart (page);
  if ((offers = list_offers (page, query, error)) == NULL)
    return FALSE;

  ld_web_page_begin (page, TR (N_("Book tests")));
  html = page->html;
  add_cart_link (page, cart->len);
  ld_html_open (html, "form", "method", "get", "action", "/my/book", "role", "search", NULL);
  ld_web_page_input (page, "q", TR (N_("Search tests")), TR (N_("A name such as sugar or "
                                                                 "thyroid")),
                                                   "search", typed, "off");
  ld_web_page_button (page, TR (N_("Search")));
  ld_html_close (html, "form");
  if (offers->len == 0)
    ld_html_element (html, "p", TR (N_("No test matches your search.")), NULL);
  ld_html_open (html, "ul", "class", "catalogue", NULL);
  for (guint i = 0; i < offers->len && i < MAX_SHOWN; i++)
    {
      const Offer *offer = offers->pdata[i];

      add_offer_card (page, offer, "/my/cart/add",
                      cart_has (cart, offer->code) ? NULL : TR (N_("Add to cart")));
    }
  ld_html_close (html, "ul");
  ld_web_page_finish (page, SOUP_STATUS_OK);
  return TRUE;
}

static gboolean
change_cart (LdHttpRequest  *req,
             gboolean        add,
             GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GPtrArray) cart = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  const char *code;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  code = ld_web_page_field (page, "code");
  cart = read_cart (page);
  if (add)
    {
      if ((offers = list_offers (page, NULL, error)) == NULL)
        return FALSE;
      if (code == NULL || find_offer (offers, code) == NULL)
        {
          ld_web_page_message (page, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                               TR (N_("Not in the catalogue")),
                                   TR (N_("This test is not in the catalogue, or is no longer "
                                      "offered. Choose another.")));
          return TRUE;
        }
      if (cart->len >= MAX_CART)
        {
          ld_web_page_message (page, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                               TR (N_("Your cart is full")),
                                   TR (N_("A booking holds at most 30 tests. Book these first.")));
          return TRUE;
        }
      if (!cart_has (cart, code))
        g_ptr_array_add (cart, g_strdup (code));
    }
  else if (code != NULL)
    {
      guint at;

      if (g_ptr_array_find_with_equal_func (cart, code, g_str_equal, &at))
        g_ptr_array_remove_index (cart, at);
    }
  if (!write_cart (page, cart, error))
    return FALSE;
  ld_web_page_redirect (page, add ? "/my/book" : "/my/cart");
  return TRUE;
}

/* POST /my/cart/add: csrf, code */
static gboolean
post_cart_add (LdHttpRequest  *req,
               GError        **error)
{
  return change_cart (req, TRUE, error);
}

/* POST /my/cart/remove: csrf, code */
static gboolean
post_cart_remove (LdHttpRequest  *req,
                  GError        **error)
{
  return change_cart (req, FALSE, error);
}

/* GET /my/cart */
static gboolean
get_cart (LdHttpRequest  *req,
          GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GPtrArray) cart = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  LdHtml *html;

  if (!ld_web_page_require_session (page))
    return TRUE;
  cart = read_cart (page);
  if ((offers = list_offers (page, NULL, error)) == NULL)
    return FALSE;

  ld_web_page_begin (page, TR (N_("Your cart")));
  html = page->html;
  if (cart->len == 0)
    ld_html_element (html, "p", TR (N_("Your cart is empty.")), NULL);
  ld_html_open (html, "ul", "class", "catalogue", NULL);
  for (guint i = 0; i < cart->len; i++)
    {
      const Offer *offer = find_offer (offers, cart->pdata[i]);
      Offer        gone = { cart->pdata[i], cart->pdata[i], 0,
                            (char *) TR (N_("No longer offered: remove it to book.")) };

      add_offer_card (page, offer != NULL ? offer : &gone, "/my/cart/remove", TR (N_("Remove")));
    }
  ld_html_close (html, "ul");
  ld_html_open (html, "p", NULL);
  if (cart->len > 0)
    ld_html_element (html, "a", TR (N_("Continue")), "href", "/my/visit", "class", "button", NULL);
  ld_html_element (html, "a",
                   TR (N_("Add more tests")), "href", "/my/book", "class", "button secondary",
                       NULL);
  ld_html_close (html, "p");
  ld_web_page_finish (page, SOUP_STATUS_OK);
  return TRUE;
}

static void
add_radio (LdWebPage  *page,
           const char *name,
           const char *value,
           const char *label,
           gboolean    checked)
{
  g_autofree char *id = g_strdup_printf ("%s-%s", name, value);

  ld_html_open (page->html, "div", "class", "radio", NULL);
  ld_html_void (page->html, "input", "type", "radio", "id", id, "name", name, "value", value,
                "checked", checked ? "" : NULL, NULL);
  ld_html_element (page->html, "label", label, "for", id, NULL);
  ld_html_close (page->html, "div");
}

/* The account's patients, with their names, self first. */
static GPtrArray *
list_patients (LdWebPage *page)
{
  g_autoptr(GPtrArray) ids =
               ld_store_web_account_patients (page->req->store, page->session.account_id, NULL);
  GPtrArray *patients = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      LdPatient *patient = ld_store_patients_get (page->req->store, ids->pdata[i], NULL);

      if (patient != NULL)
        g_ptr_array_add (patients, patient);
    }
  return patients;
}

static char *
dup_tomorrow (void)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  return g_date_time_format (tomorrow, "%Y-%m-%d");
}

static void
show_visit_form (LdWebPage *page,
                 guint      status)
{
  g_autoptr(GPtrArray) patients = list_patients (page);
  const char *chosen = ld_web_page_field (page, "patient");
  const char *collection = ld_web_page_field (page, "collection");
  const char *slot = ld_web_page_field (page, "slot");
  const char *date = ld_web_page_field (page, "date");
  g_autofree char *tomorrow = dup_tomorrow ();
  g_autoptr(GError) error = NULL;
  const LdSettings *settings = ld_http_request_get_settings (page->req, &error);
  g_autofree char  *fee =
    ld_notify_format_amount (settings != NULL ? settings->home_collection_fee_paise : 0);
  g_autofree char *home_label = ld_web_fill (TR (N_("Home collection (%s extra)")), fee);
  LdHtml *html;

  ld_web_page_begin (page, TR (N_("Who, where and when")));
  html = page->html;
  ld_html_open (html, "form", "method", "post", "action", "/my/review", "novalidate", "", NULL);
  ld_web_page_csrf_field (page);
  ld_html_open (html, "fieldset", "id", "patient", NULL);
  ld_html_element (html, "legend", TR (N_("Who are the tests for?")), NULL);
  for (guint i = 0; i < patients->len; i++)
    {
      g_autofree char *ref = g_strdup_printf ("%u", i + 1);

      add_radio (page, "patient", ref, ld_patient_get_name (patients->pdata[i]),
                 chosen != NULL ? g_str_equal (chosen, ref) : i == 0);
    }
  ld_html_close (html, "fieldset");
  ld_html_open (html, "fieldset", "id", "collection", NULL);
  ld_html_element (html, "legend", TR (N_("Where is the sample taken?")), NULL);
  add_radio (page, "collection", "lab", TR (N_("At the lab")), g_strcmp0 (collection, "home"));
  add_radio (page, "collection", "home", home_label, !g_strcmp0 (collection, "home"));
  ld_html_close (html, "fieldset");
  ld_html_element (html, "h2", TR (N_("For a home collection")), NULL);
  ld_web_page_input (page, "address", TR (N_("Address")),
                     TR (N_("House, street, area and PIN code")), "text",
                     ld_web_page_field (page, "address"), "street-address");
  ld_web_page_input (page, "date", TR (N_("Day")), TR (N_("Tomorrow or later")), "date",
                     date != NULL ? date : tomorrow, "off");
  ld_html_open (html, "div", "class", "field", NULL);
  ld_html_element (html, "label", TR (N_("Time")), "for", "slot", NULL);
  ld_html_open (html, "select", "id", "slot", "name", "slot", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autofree char *text =
        g_strdup_printf ("%02d:00–%02d:00", slots[i].start_hour, slots[i].end_hour);

      ld_html_element (html, "option", text, "value", slots[i].value, "selected",
                       g_strcmp0 (slot, slots[i].value) == 0 ? "" : NULL, NULL);
    }
  ld_html_close (html, "select");
  ld_html_close (html, "div");
  ld_web_page_button (page, TR (N_("Continue")));
  ld_html_close (html, "form");
  ld_web_page_finish (page, status);
}

/* GET /my/visit */
static gboolean
get_visit (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);

  if (ld_web_page_require_session (page))
    show_visit_form (page, SOUP_STATUS_OK);
  return TRUE;
}

/* The slot's start and end from the form's day and time, lab time. */
static gboolean
read_slot (const char *date,
           const char *slot,
           gint64     *out_start_us,
           gint64     *out_end_us)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  int year, month, day;
  char tail;

  if (date == NULL || slot == NULL ||
      sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (g_str_equal (slot, slots[i].value))
      {
        start = g_date_time_new (zone, year, month, day, slots[i].start_hour, 0, 0);
        end = g_date_time_new (zone, year, month, day, slots[i].end_hour, 0, 0);
      }
  if (start == NULL || end == NULL)
    return FALSE;
  *out_start_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *out_end_us = g_date_time_to_unix (end) * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
is_one_line (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* Reads the visit form into @order and @request; problems go to the page. */
static void
read_visit (LdWebPage        *page,
            GPtrArray        *patients,
            LdOrder          *order,
            LdBookingRequest *request)
{
  g_autoptr(GPtrArray) cart = read_cart (page);
  const char *ref = ld_web_page_field (page, "patient");
  const char *collection = ld_web_page_field (page, "collection");
  guint64 index = 0;

  if (ref == NULL || !g_ascii_string_to_unsigned (ref, 10, 1, patients->len, &index, NULL))
    ld_web_page_add_error (page, "patient", TR (N_("Choose who the tests are for")));
  else
    request->patient_id = g_strdup (ld_patient_get_id (patients->pdata[index - 1]));

  if (cart->len == 0)
    ld_web_page_add_error (page, "patient", TR (N_("Your cart is empty: add a test first")));
  g_ptr_array_add (cart, NULL);
  request->codes = g_strdupv ((GStrv) cart->pdata);
  request->web = TRUE;
  order->priority = g_strdup ("routine");

  if (g_strcmp0 (collection, "lab") != 0 && g_strcmp0 (collection, "home") != 0)
    {
      ld_web_page_add_error (page, "collection", TR (N_("Choose where the sample is taken")));
      return;
    }
  order->collection = g_strdup (collection);
  if (g_str_equal (collection, "home"))
    {
      const char *address = ld_web_page_field (page, "address");
      g_autofree char *trimmed = g_strstrip (g_strdup (address != NULL ? address : ""));

      if (*trimmed == '\0')
        ld_web_page_add_error (page, "address", TR (N_("Enter the address for the visit")));
      else if (g_utf8_strlen (trimmed, -1) > MAX_ADDRESS_CHARS || !is_one_line (trimmed))
        ld_web_page_add_error (page, "address",
                               TR (N_("Enter the address on one line, in at most 500 "
                                      "characters")));
      else
        order->home_address = g_steal_pointer (&trimmed);
      if (!read_slot (ld_web_page_field (page, "date"), ld_web_page_field (page, "slot"),
                      &request->home_slot_start_us, &request->home_slot_end_us))
        ld_web_page_add_error (page, "date", TR (N_("Enter a day, such as 2026-12-01, and a "
                                                    "time")));
    }
}

/* The booking service's refusal, field by field, on the page. */
static gboolean
add_service_errors (LdWebPage    *page,
                    const GError *error)
{
  if (!g_error_matches (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED))
    return FALSE;
  /* Its messages are the API's English; the page says it in its own words. */
  if (strstr (error->message, "home_visit") != NULL)
    ld_web_page_add_error (page, "date", TR (N_("The visit must be tomorrow or later, within "
                                                "90 days")));
  if (strstr (error->message, "items") != NULL)
    ld_web_page_add_error (page, "patient",
                           TR (N_("A test in your cart is no longer offered: remove it from "
                                  "the cart")));
  if (page->errors->len == 0)
    ld_web_page_add_error (page, "patient", TR (N_("This booking cannot be made. Check it and "
                                                   "try again.")));
  return TRUE;
}

static void
add_money_row (LdHtml     *html,
               const char *label,
               gint64      paise,
               gboolean    total)
{
  g_autofree char *amount = ld_notify_format_amount (paise);

  ld_html_open (html, "tr", "class", total ? "total" : NULL, NULL);
  ld_html_element (html, "th", label, "scope", "row", NULL);
  ld_html_element (html, "td", amount, NULL);
  ld_html_close (html, "tr");
}

static void
add_hidden (LdWebPage  *page,
            const char *name)
{
  ld_html_void (page->html, "input", "type", "hidden", "name", name, "value",
                ld_web_page_field (page, name), NULL);
}

static void
show_review (LdWebPage     *page,
             const LdOrder *order,
             LdPatient     *patient)
{
  g_autofree char *key = ld_record_id_new ();
  LdHtml *html;

  ld_web_page_begin (page, TR (N_("Check your booking")));
  html = page->html;
  ld_html_element (html, "p", ld_patient_get_name (patient), NULL);
  if (order->home_address != NULL)
    {
      g_autofree char *visit =
        g_strconcat (TR (N_("Home collection:")), " ", order->home_address, NULL);

      ld_html_element (html, "p", visit, NULL);
    }
  else
    ld_html_element (html, "p", TR (N_("Sample taken at the lab")), NULL);
  ld_html_open (html, "table", "class", "money", NULL);
  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const LdOrderItem *item = order->items->pdata[i];

      add_money_row (html, item->name, item->charged_paise, FALSE);
    }
  if (order->home_fee_paise > 0)
    add_money_row (html, TR (N_("Home collection")), order->home_fee_paise, FALSE);
  if (order->tax_paise > 0)
    add_money_row (html, TR (N_("Tax")), order->tax_paise, FALSE);
  add_money_row (html, TR (N_("Total")), order->total_paise, TRUE);
  ld_html_close (html, "table");

  ld_html_open (html, "form", "method", "post", "action", "/my/confirm", NULL);
  ld_web_page_csrf_field (page);
  ld_html_void (html, "input", "type", "hidden", "name", "key", "value", key, NULL);
  add_hidden (page, "patient");
  add_hidden (page, "collection");
  add_hidden (page, "address");
  add_hidden (page, "date");
  add_hidden (page, "slot");
  ld_html_open (html, "fieldset", "id", "payment", NULL);
  ld_html_element (html, "legend", TR (N_("How will you pay?")), NULL);
  if (page->req->gateway != NULL)
    add_radio (page, "payment", "online", TR (N_("Pay online now")), FALSE);
  add_radio (page, "payment", "cod", TR (N_("Pay in cash when the sample is collected")), TRUE);
  ld_html_close (html, "fieldset");
  ld_web_page_button (page, TR (N_("Confirm booking")));
  ld_html_close (html, "form");
  ld_web_page_finish (page, SOUP_STATUS_OK);
}

/**
 * ld_web_new_actor_context:
 * @req: a request of the patient pages
 * @error: return location for a store error
 *
 * Returns: (transfer full) (nullable): a service context whose actor is
 *   "patient (web)", for the services that record who acted
 */
LdServiceContext *
ld_web_new_actor_context (LdHttpRequest  *req,
                          GError        **error)
{
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(LdUser) actor = NULL;

  if (!ld_store_web_ensure_actor (req->store, error))
    return NULL;
  actor = ld_user_new (LD_STORE_WEB_ACTOR_ID, LD_STORE_WEB_ACTOR_NAME, LD_STORE_WEB_ACTOR_NAME,
                       LD_ROLE_RECEPTION);
  ctx = ld_web_service_context (req);
  ld_service_context_set_actor (ctx, actor);
  return g_steal_pointer (&ctx);
}

/* POST /my/review: csrf, patient, collection, address, date, slot */
static gboolean
post_review (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(GError) refusal = NULL;
  g_auto(LdBookingRequest) request = { NULL };

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  patients = list_patients (page);
  read_visit (page, patients, order, &request);
  if (page->errors->len == 0)
    {
      if ((ctx = ld_web_new_actor_context (req, error)) == NULL)
        return FALSE;
      if (!ld_service_quote_order (ctx, order, &request, &refusal) &&
          !add_service_errors (page, refusal))
        {
          g_propagate_error (error, g_steal_pointer (&refusal));
          return FALSE;
        }
    }
  if (page->errors->len > 0)
    {
      show_visit_form (page, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }
  {
    guint64 index = 0;

    g_ascii_string_to_unsigned (ld_web_page_field (page, "patient"), 10, 1, patients->len,
                                &index, NULL);
    show_review (page, order, patients->pdata[index - 1]);
  }
  return TRUE;
}

/* The order the key names, if this account's (a second submit); else NULL. */
static LdOrder *
find_own_order (LdWebPage  *page,
                GPtrArray  *patients,
                const char *order_id)
{
  g_autoptr(LdOrder) order = ld_store_orders_get (page->req->store, order_id, NULL);

  for (guint i = 0; order != NULL && i < patients->len; i++)
    if (g_str_equal (ld_patient_get_id (patients->pdata[i]), order->patient_id))
      return g_steal_pointer (&order);
  return NULL;
}

static void
redirect_to_order (LdWebPage  *page,
                   const char *order_id)
{
  g_autofree char *location = g_strdup_printf ("/my/orders/%s", order_id);

  ld_web_page_redirect (page, location);
}

/* POST /my/confirm: csrf, key, patient, collection, address, date, slot, payment */
static gboolean
post_confirm (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(LdOrder) earlier = NULL;
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_auto(LdBookingRequest) request = { NULL };
  const char *key;
  const char *payment;
  gboolean online;
  gint64 retry_after = 0;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  patients = list_patients (page);
  key = ld_web_page_field (page, "key");
  payment = ld_web_page_field (page, "payment");
  online = req->gateway != NULL && g_strcmp0 (payment, "online") == 0;
  if (key == NULL || !g_uuid_string_is_valid (key) || (!online && g_strcmp0 (payment, "cod") != 0))
    {
      ld_web_page_message (page, SOUP_STATUS_BAD_REQUEST, TR (N_("The form could not be read")),
                           TR (N_("Go back to your cart and check your booking again.")));
      return TRUE;
    }
  /* A second submit of the same form: the order the first made. */
  if ((earlier = find_own_order (page, patients, key)) != NULL)
    {
      redirect_to_order (page, earlier->id);
      return TRUE;
    }
  if (!ld_rate_limit_take_in (get_booking_limit (), req->store, "web-booking",
                              page->session.account_id, &retry_after))
    {
      ld_web_page_message (page, LD_WEB_STATUS_TOO_MANY_REQUESTS, TR (N_("Please wait")),
                           TR (N_("Too many bookings were made from this account. Call the "
                                  "lab, or try again in an hour.")));
      return TRUE;
    }

  read_visit (page, patients, order, &request);
  request.id = g_strdup (key);
  if (page->errors->len == 0)
    {
      if ((ctx = ld_web_new_actor_context (req, error)) == NULL)
        return FALSE;
      saved = ld_service_book_order (ctx, order, &request, &refusal);
      if (saved == NULL &&
          g_error_matches (refusal, LD_API_ERROR, LD_API_ERROR_CONFLICT) &&
          (earlier = find_own_order (page, patients, key)) != NULL)
        {
          redirect_to_order (page, earlier->id);
          return TRUE;
        }
      /* The key is another account's order: say no more than that it failed. */
      if (saved == NULL && g_error_matches (refusal, LD_API_ERROR, LD_API_ERROR_CONFLICT))
        {
          ld_web_page_message (page, SOUP_STATUS_CONFLICT, TR (N_("Please try again")),
                               TR (N_("Go back to your cart and check your booking again.")));
          return TRUE;
        }
      if (saved == NULL && !add_service_errors (page, refusal))
        {
          g_propagate_error (error, g_steal_pointer (&refusal));
          return FALSE;
        }
    }
  if (page->errors->len > 0)
    {
      show_visit_form (page, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }

  /* Online: the order's page offers "Pay online now", which opens Checkout. */
  if ((!online && !ld_web_promise_cash (ctx, saved->id, error)) || !write_cart (page, empty, error))
    return FALSE;
  redirect_to_order (page, saved->id);
  return TRUE;
}

void
ld_web_book_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/my/book", get_book);
  ld_router_add (router, "GET", "/my/cart", get_cart);
  ld_router_add (router, "POST", "/my/cart/add", post_cart_add);
  ld_router_add (router, "POST", "/my/cart/remove", post_cart_remove);
  ld_router_add (router, "GET", "/my/visit", get_visit);
  ld_router_add (router, "POST", "/my/review", post_review);
  ld_router_add (router, "POST", "/my/confirm", post_confirm);
}
