/* ld-pricing.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule for tests that appear more than once (docs/api.md, "Orders"):
 * every test is performed and charged once. Panels are priced from the
 * dearest down (then by code), so the answer does not depend on the order
 * of the cart: a panel pays its price less the list prices of its tests
 * that a dearer panel already covers, never below zero, and a panel
 * wholly inside another is charged nothing. A single test that a panel of
 * the cart covers is charged nothing. Every line is kept, with what it
 * was charged and which panel covered it.
 */

#define G_LOG_DOMAIN "ld-pricing"

#include "config.h"

#include "ld-pricing.h"

static gint64
round_div (gint64 numerator,
           gint64 denominator)
{
  /* Half away from zero; every amount here is non-negative. */
  return (numerator + denominator / 2) / denominator;
}

static int
compare_panels_dearest_first (gconstpointer a,
                              gconstpointer b)
{
  const LdCartEntry *x = *(const LdCartEntry **) a;
  const LdCartEntry *y = *(const LdCartEntry **) b;

  if (x->panel->price_paise != y->panel->price_paise)
    return x->panel->price_paise > y->panel->price_paise ? -1 : 1;
  return strcmp (x->panel->code, y->panel->code);
}

static void
add_test (GPtrArray           *tests,
          GHashTable          *covered,
          const LdCatalogTest *test,
          const char          *item_code)
{
  g_ptr_array_add (tests, ld_order_test_new (test->code, test->name, test->specimen,
                                             test->container, item_code));
  g_hash_table_insert (covered, test->code, (gpointer) item_code);
}

/* Prices one panel against the tests dearer panels already cover. */
static LdOrderItem *
price_panel (const LdCatalogPanel *panel,
             GHashTable           *tests_by_code,
             GHashTable           *covered,
             GPtrArray            *tests)
{
  LdOrderItem *item = ld_order_item_new ("panel", panel->code, panel->name, panel->price_paise);
  gint64 already_covered = 0;
  guint n_new = 0;
  const char *first_cover = NULL;

  for (guint i = 0; panel->tests[i] != NULL; i++)
    {
      const char *cover = g_hash_table_lookup (covered, panel->tests[i]);
      const LdCatalogTest *test = g_hash_table_lookup (tests_by_code, panel->tests[i]);

      g_return_val_if_fail (test != NULL, item);

      if (cover != NULL)
        {
          already_covered += test->price_paise;
          first_cover = first_cover ? first_cover : cover;
          continue;
        }
      add_test (tests, covered, test, panel->code);
      n_new++;
    }

  if (n_new == 0)
    {
      item->charged_paise = 0;
      item->covered_by = g_strdup (first_cover);
    }
  else
    item->charged_paise = MAX (0, panel->price_paise - already_covered);

  return item;
}

/**
 * ld_pricing_price_cart:
 * @entries: the cart, each line found in the catalogue, no code twice
 * @n_entries: how many
 * @tests_by_code: code → #LdCatalogTest for every test a panel names
 * @out_items: receives an #LdOrderItem per entry, in the cart's order
 * @out_tests: receives an #LdOrderTest per test to perform
 * @out_subtotal: (out): the sum of what the items are charged
 *
 * Prices a cart by the rule at the top of this file.
 */
void
ld_pricing_price_cart (const LdCartEntry *entries,
                       guint              n_entries,
                       GHashTable        *tests_by_code,
                       GPtrArray         *out_items,
                       GPtrArray         *out_tests,
                       gint64            *out_subtotal)
{
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  g_autofree LdOrderItem **priced = g_new0 (LdOrderItem *, n_entries);

  *out_subtotal = 0;

  for (guint i = 0; i < n_entries; i++)
    if (entries[i].panel != NULL)
      g_ptr_array_add (panels, (gpointer) &entries[i]);
  g_ptr_array_sort (panels, compare_panels_dearest_first);

  for (guint i = 0; i < panels->len; i++)
    {
      const LdCartEntry *entry = g_ptr_array_index (panels, i);

      priced[entry - entries] = price_panel (entry->panel, tests_by_code, covered, out_tests);
    }

  for (guint i = 0; i < n_entries; i++)
    {
      const LdCatalogTest *test = entries[i].test;
      const char *cover;

      if (test == NULL)
        continue;

      priced[i] = ld_order_item_new ("test", test->code, test->name, test->price_paise);
      cover = g_hash_table_lookup (covered, test->code);
      if (cover != NULL)
        {
          priced[i]->charged_paise = 0;
          priced[i]->covered_by = g_strdup (cover);
        }
      else
        add_test (out_tests, covered, test, test->code);
    }

  for (guint i = 0; i < n_entries; i++)
    {
      *out_subtotal += priced[i]->charged_paise;
      g_ptr_array_add (out_items, priced[i]);
    }
}

/**
 * ld_pricing_discount:
 * @subtotal: what the items are charged
 * @kind: amount or percent
 * @value: paise, or whole percent
 * @settings: for the administrator's limit
 * @out_discount: (out): the discount in paise
 *
 * Returns: (nullable): why the discount cannot be given, or %NULL
 */
const char *
ld_pricing_discount (gint64            subtotal,
                     LdDiscountKind    kind,
                     gint64            value,
                     const LdSettings *settings,
                     gint64           *out_discount)
{
  gint64 discount = 0;

  *out_discount = 0;

  switch (kind)
    {
    case LD_DISCOUNT_NONE:
      return NULL;
    case LD_DISCOUNT_AMOUNT:
      if (value < 0 || value > subtotal)
        return "must be from 0 to the order's subtotal";
      discount = value;
      break;
    case LD_DISCOUNT_PERCENT:
      if (value < 0 || value > 100)
        return "must be from 0 to 100 percent";
      discount = round_div (subtotal * value, 100);
      break;
    default:
      g_return_val_if_reached ("is not a known kind of discount");
    }

  /* Compared exactly: discount / subtotal <= limit / 100. */
  if (discount * 100 > subtotal * settings->discount_max_percent)
    return "is above the limit the administrator has set";

  *out_discount = discount;
  return NULL;
}

/**
 * ld_pricing_totals:
 * @money: subtotal, discount and home fee set; tax and total are filled in
 * @settings: the lab's tax
 *
 * Tax is the flat amount per order plus the percentage (in basis points)
 * of what is charged before tax, rounded half up to the paisa.
 */
void
ld_pricing_totals (LdOrderMoney     *money,
                   const LdSettings *settings)
{
  gint64 taxable = money->subtotal - money->discount + money->home_fee;

  money->tax = settings->tax_flat_paise + round_div (taxable * settings->tax_percent_bp, 10000);
  money->total = taxable + money->tax;
}

/**
 * ld_pricing_price_order:
 * @entries: the cart, each line found in the catalogue, no code twice
 * @n_entries: how many
 * @tests_by_code: code → #LdCatalogTest for every test a panel names
 * @discount_kind: the discount asked for
 * @discount_value: its amount (paise) or percentage
 * @home_collection: whether the order is collected at home
 * @settings: the lab's settings
 * @out_items: receives an #LdOrderItem per entry, in the cart's order
 * @out_tests: receives an #LdOrderTest per test to perform
 * @out_money: (out): what the order costs
 *
 * Prices a whole order as the server does when it is made: the cart, the
 * discount (within the limit), the home-collection fee and the tax. The
 * desk prices an order made offline with it, so the till shows what the
 * server will charge.
 *
 * Returns: (nullable): what is wrong with the discount, or %NULL
 */
const char *
ld_pricing_price_order (const LdCartEntry *entries,
                        guint              n_entries,
                        GHashTable        *tests_by_code,
                        LdDiscountKind     discount_kind,
                        gint64             discount_value,
                        gboolean           home_collection,
                        const LdSettings  *settings,
                        GPtrArray         *out_items,
                        GPtrArray         *out_tests,
                        LdOrderMoney      *out_money)
{
  const char *problem;

  *out_money = (LdOrderMoney){
    0,
  };
  ld_pricing_price_cart (entries, n_entries, tests_by_code, out_items, out_tests,
                         &out_money->subtotal);
  problem = ld_pricing_discount (out_money->subtotal, discount_kind, discount_value, settings,
                                 &out_money->discount);
  out_money->home_fee = home_collection ? settings->home_collection_fee_paise : 0;
  ld_pricing_totals (out_money, settings);
  return problem;
}

/**
 * ld_cart_init:
 * @cart: a cart to fill
 * @find_test: finds a test of the catalogue
 * @find_panel: finds a panel
 * @user_data: for both
 *
 * Starts an empty cart that finds its rows with @find_test and
 * @find_panel: the server's store, or the client's cached catalogue.
 */
void
ld_cart_init (LdCart          *cart,
              LdCartFindTest   find_test,
              LdCartFindPanel  find_panel,
              gpointer         user_data)
{
  cart->tests_by_code =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ld_catalog_test_free);
  cart->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_catalog_panel_free);
  cart->entries = g_array_new (FALSE, TRUE, sizeof (LdCartEntry));
  cart->find_test = find_test;
  cart->find_panel = find_panel;
  cart->user_data = user_data;
}

void
ld_cart_clear (LdCart *cart)
{
  g_clear_pointer (&cart->tests_by_code, g_hash_table_unref);
  g_clear_pointer (&cart->panels, g_ptr_array_unref);
  g_clear_pointer (&cart->entries, g_array_unref);
}

/* The test with @code, found once per cart. */
static const LdCatalogTest *
cart_test (LdCart     *cart,
           const char *code)
{
  LdCatalogTest *test = g_hash_table_lookup (cart->tests_by_code, code);

  if (test == NULL && (test = cart->find_test (code, cart->user_data)) != NULL)
    g_hash_table_insert (cart->tests_by_code, test->code, test);
  return test;
}

/**
 * ld_cart_add:
 * @cart: a cart
 * @code: a test's or panel's code
 *
 * Adds @code's line, found in the catalogue with the tests of a panel.
 *
 * Returns: (transfer full) (nullable): why @code cannot be ordered
 *   ("names NOPE, which is not in the catalogue", "… no longer offered"),
 *   the field error of "items"; %NULL when added
 */
char *
ld_cart_add (LdCart     *cart,
             const char *code)
{
  LdCartEntry entry = { cart_test (cart, code), NULL };

  if (entry.test == NULL)
    {
      LdCatalogPanel *panel = cart->find_panel (code, cart->user_data);

      if (panel != NULL)
        g_ptr_array_add (cart->panels, panel);
      entry.panel = panel;
    }

  if (entry.test == NULL && entry.panel == NULL)
    return g_strdup_printf ("names %s, which is not in the catalogue", code);
  if (entry.test ? !entry.test->active : !entry.panel->active)
    return g_strdup_printf ("names %s, which is no longer offered", code);

  /* A panel's members are in the catalogue: panel edits check that. */
  for (guint t = 0; entry.panel != NULL && entry.panel->tests[t] != NULL; t++)
    cart_test (cart, entry.panel->tests[t]);
  g_array_append_val (cart->entries, entry);
  return NULL;
}
