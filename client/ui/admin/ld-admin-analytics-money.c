/* ld-admin-analytics-money.c: the analytics page's orders by payment state
 * and method, revenue by method and turnaround per test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sections the page once left to CSV, drawn from the same answer:
 * each list has its figures in labels named for tests and people to find,
 * states and methods in the words every other screen uses
 * (ld-order-text.c), and an accessible description that says the section
 * in a sentence.
 */

#define G_LOG_DOMAIN "ld-admin-analytics-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-order-text.h"
#include "ld-admin-analytics-page-private.h"
#include "ld-figure-row.h"
#include "ld-report-format.h"
#include "ld-states.h"

/* The payment states in the order an order moves through them. */
static const LdPaymentState payment_states[] = {
  LD_PAYMENT_STATE_PENDING,  LD_PAYMENT_STATE_FAILED,          LD_PAYMENT_STATE_COD_PENDING,
  LD_PAYMENT_STATE_PAID,     LD_PAYMENT_STATE_PARTLY_REFUNDED, LD_PAYMENT_STATE_REFUNDED,
  LD_PAYMENT_STATE_CANCELLED, LD_PAYMENT_STATE_EXPIRED,
};

static const char * const methods[] = { "cash", "card", "upi", "online", "cod", "none", NULL };

typedef struct
{
  char   *key;
  gint64  orders;
  /* The orders of each payment state, in words, for a method's row. */
  GString *parts;
} Tally;

static void
tally_free (Tally *tally)
{
  g_free (tally->key);
  g_string_free (tally->parts, TRUE);
  g_free (tally);
}

/* The tally of @key in @tallies, made at the end if it is not there: the
 * known keys come first in their order, a newer server's after them. */
static Tally *
find_tally (GPtrArray  *tallies,
            const char *key)
{
  Tally *tally;

  for (guint i = 0; i < tallies->len; i++)
    {
      tally = g_ptr_array_index (tallies, i);
      if (g_str_equal (tally->key, key))
        return tally;
    }
  tally = g_new0 (Tally, 1);
  tally->key = g_strdup (key);
  tally->parts = g_string_new (NULL);
  g_ptr_array_add (tallies, tally);
  return tally;
}

static GPtrArray *
tallies_new (const char * const *known)
{
  GPtrArray *tallies = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);

  for (guint i = 0; known[i] != NULL; i++)
    find_tally (tallies, known[i]);
  return tallies;
}

/* The payment states' tallies, first in the order above. */
static GPtrArray *
state_tallies_new (void)
{
  GPtrArray *tallies = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);

  for (guint i = 0; i < G_N_ELEMENTS (payment_states); i++)
    find_tally (tallies, ld_payment_state_wire (payment_states[i]));
  return tallies;
}

static const char *
method_words (const char *method)
{
  if (g_str_equal (method, "none"))
    return _("No payment tried");
  return ld_order_text_method (method);
}

static void
describe (GtkListBox *list,
          const char *sentence)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  sentence, -1);
}

/**
 * ld_admin_analytics_show_payments:
 * @self: the page
 * @rows: (nullable): the answer's orders_by_payment
 *
 * The orders made in the period by payment state, as bars and a list, and
 * by the method of their last payment attempt, each method with its
 * orders' states in words.
 */
void
ld_admin_analytics_show_payments (LdAdminAnalyticsPage *self,
                                  GArray               *rows)
{
  g_autoptr(GPtrArray) states = state_tallies_new ();
  g_autoptr(GPtrArray) by_method = tallies_new (methods);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (LdChartPoint));
  g_autofree char *sentence = NULL;
  g_autofree char *total_text = NULL;
  gint64 total = 0;
  LdAnalyticsFill payment_fill, method_fill;

  ld_admin_analytics_fill_begin (&payment_fill, self->payment_list);
  ld_admin_analytics_fill_begin (&method_fill, self->method_list);
  ld_chart_clear (self->payment_chart);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsPaymentRow *row = &g_array_index (rows, LdAnalyticsPaymentRow, i);
      const char *state = row->payment_state;
      const char *method = row->method;
      Tally *tally;
      gint64 orders = row->orders;

      if (state == NULL || method == NULL)
        continue;
      find_tally (states, state)->orders += orders;
      tally = find_tally (by_method, method);
      tally->orders += orders;
      {
        g_autofree char *count = ld_report_format_count (orders);

        /* Translators: a separator, a number of orders and their payment
         * state, in a list such as "3 Paid · 1 Refunded". */
        g_string_append_printf (tally->parts, _("%s%s %s"), tally->parts->len > 0 ? " · " : "",
                                                 count, ld_order_text_payment_state (state));
      }
      total += orders;
    }

  for (guint i = 0; i < states->len; i++)
    {
      Tally *tally = g_ptr_array_index (states, i);
      g_autofree char *figure = ld_report_format_count (tally->orders);
      g_autofree char *name = g_strdup_printf ("payment-state-%s", tally->key);
      LdChartPoint point = { 0 };

      ld_admin_analytics_fill_row (&payment_fill, ld_order_text_payment_state (tally->key), NULL,
                                   figure, name);
      point.x = names->len;
      point.y = tally->orders;
      g_array_append_val (points, point);
      g_ptr_array_add (names, (gpointer) ld_order_text_payment_state (tally->key));
    }
  ld_admin_analytics_fill_end (&payment_fill);
  g_ptr_array_add (names, NULL);
  ld_chart_set_categories (self->payment_chart, (const char * const *) names->pdata);
  ld_chart_add_series (self->payment_chart, _("Orders"), (LdChartPoint *) points->data,
                                               points->len);

  for (guint i = 0; i < by_method->len; i++)
    {
      Tally *tally = g_ptr_array_index (by_method, i);
      g_autofree char *figure = ld_report_format_count (tally->orders);
      g_autofree char *name = g_strdup_printf ("payment-method-%s", tally->key);

      if (tally->orders == 0)
        continue;
      ld_admin_analytics_fill_row (&method_fill, method_words (tally->key), tally->parts->str,
                                   figure, name);
    }
  if (total == 0)
    ld_admin_analytics_fill_row (&method_fill, _("No orders in the period"), NULL, "", NULL);
  ld_admin_analytics_fill_end (&method_fill);

  total_text = ld_report_format_count (total);
  /* Translators: the accessible description of the orders by payment state; %s is a count. */
  sentence =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order made in the period, by payment state",
                                  "%s orders made in the period, by payment state", (gulong) total),
                     total_text);
  describe (self->payment_list, sentence);
  g_free (sentence);
  /* Translators: the accessible description of the orders by payment method; %s is a count. */
  sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s order by the method of its last payment attempt",
                                           "%s orders by the method of their last payment attempt",
                                           (gulong) total), total_text);
  describe (self->method_list, sentence);
}

typedef struct
{
  gint64 payments;
  gint64 received;
  gint64 refunds;
  gint64 refunded;
} MethodMoney;

/**
 * ld_admin_analytics_show_methods:
 * @self: the page
 * @revenue: (nullable): the answer's revenue rows, by day and method
 *
 * The money of the period by method: net, received and refunded, with
 * how many payments and refunds.
 */
void
ld_admin_analytics_show_methods (LdAdminAnalyticsPage *self,
                                 GArray               *revenue)
{
  MethodMoney money[G_N_ELEMENTS (methods)] = { { 0 } };
  g_autofree char *sentence = NULL;
  gint64 net_total = 0;
  guint shown = 0;
  LdAnalyticsFill fill;

  ld_admin_analytics_fill_begin (&fill, self->method_revenue_list);
  for (guint i = 0; revenue != NULL && i < revenue->len; i++)
    {
      const LdAnalyticsRevenueRow *row = &g_array_index (revenue, LdAnalyticsRevenueRow, i);
      const char *method = row->method;

      for (guint m = 0; method != NULL && methods[m] != NULL; m++)
        if (g_str_equal (methods[m], method))
          {
            money[m].payments += row->payments;
            money[m].received += row->received_paise;
            money[m].refunds += row->refunds;
            money[m].refunded += row->refunded_paise;
          }
    }

  for (guint m = 0; methods[m] != NULL; m++)
    {
      g_autofree char *net = NULL;
      g_autofree char *in = NULL;
      g_autofree char *out = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *name = NULL;

      if (money[m].payments == 0 && money[m].refunds == 0)
        continue;
      net = ld_report_format_rupees (money[m].received - money[m].refunded);
      in = ld_report_format_rupees (money[m].received);
      out = ld_report_format_rupees (money[m].refunded);
      {
        g_autofree char *payments = ld_report_format_count (money[m].payments);
        g_autofree char *refunds = ld_report_format_count (money[m].refunds);
        g_autofree char *received = NULL;
        g_autofree char *returned = NULL;

        /* Translators: a method's money received: the amount, in so many payments (a count). */
        received = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s received in %s payment",
                                                 "%s received in %s payments",
                                                 (gulong) MAX (money[m].payments, 0)),
                                    in, payments);
        /* Translators: a method's money refunded: the amount, in so many refunds (a count). */
        returned = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s refunded in %s refund",
                                                 "%s refunded in %s refunds",
                                                 (gulong) MAX (money[m].refunds, 0)),
                                    out, refunds);
        subtitle = g_strdup_printf ("%s · %s", received, returned);
      }
      name = g_strdup_printf ("revenue-method-%s", methods[m]);
      ld_admin_analytics_fill_row (&fill, method_words (methods[m]), subtitle, net, name);
      net_total += money[m].received - money[m].refunded;
      shown++;
    }
  if (shown == 0)
    ld_admin_analytics_fill_row (&fill, _("No money moved in the period"), NULL, "", NULL);
  ld_admin_analytics_fill_end (&fill);

  {
    g_autofree char *net = ld_report_format_rupees (net_total);

    /* Translators: the accessible description of the revenue by method. */
    sentence = g_strdup_printf (_("Net revenue by method, %s in all"), net);
  }
  describe (self->method_revenue_list, sentence);
}

/* A stage's row of a test, made when the test's row is opened: a year
 * has dozens of tests, six stages each, and most are never opened. */
typedef struct
{
  char *title;
  char *count;
  char *figure;
  char *name;
} StageRow;

static void
stage_row_free (StageRow *stage)
{
  g_free (stage->title);
  g_free (stage->count);
  g_free (stage->figure);
  g_free (stage->name);
  g_free (stage);
}

/* On a test's row: its stages (StageRow), and the rows showing them
 * under it while it is open. */
#define STAGES_KEY "ld-analytics-stages"
#define SHOWN_KEY "ld-analytics-shown-stages"

static gboolean
is_test_row (GtkListBoxRow *row)
{
  return row != NULL && g_object_get_data (G_OBJECT (row), STAGES_KEY) != NULL;
}

static void
close_test (GtkListBox  *list,
            LdFigureRow *test)
{
  GPtrArray *shown = g_object_get_data (G_OBJECT (test), SHOWN_KEY);

  for (guint i = 0; i < shown->len; i++)
    gtk_list_box_remove (list, g_ptr_array_index (shown, i));
  g_ptr_array_set_size (shown, 0);
  ld_figure_row_set_expanded (test, FALSE);
}

/* Puts the test's stages under its row, in the same list: the tests'
 * rows are light figure rows, where an AdwExpanderRow each was most of
 * the dashboard's first drawing (bench-analytics-draw). */
static void
open_test (GtkListBox  *list,
           LdFigureRow *test)
{
  GPtrArray *stages = g_object_get_data (G_OBJECT (test), STAGES_KEY);
  GPtrArray *shown = g_object_get_data (G_OBJECT (test), SHOWN_KEY);
  int at = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (test));

  for (guint i = 0; i < stages->len; i++)
    {
      StageRow  *stage = g_ptr_array_index (stages, i);
      GtkWidget *row =
        ld_admin_analytics_figure_row (stage->title, stage->count, stage->figure, stage->name);

      gtk_widget_add_css_class (row, "nested");
      gtk_list_box_insert (list, row, at + 1 + (int) i);
      g_ptr_array_add (shown, row);
    }
  ld_figure_row_set_expanded (test, TRUE);
}

/**
 * ld_admin_analytics_on_test_activated:
 * @list: the tests' list
 * @row: the row activated (Enter, Space or a click)
 *
 * Opens a test's row on its stages, or closes it.
 */
void
ld_admin_analytics_on_test_activated (GtkListBox    *list,
                                      GtkListBoxRow *row)
{
  if (!is_test_row (row))
    return;
  if (ld_figure_row_get_expanded (LD_FIGURE_ROW (row)))
    close_test (list, LD_FIGURE_ROW (row));
  else
    open_test (list, LD_FIGURE_ROW (row));
}

/* The test's row at @index of the list (every test closed), reused if it
 * is one so that a new period restyles no rows; made if not. */
static LdFigureRow *
test_row_at (GtkListBox *list,
             guint       index,
             const char *code)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);
  LdFigureRow *test;

  if (is_test_row (row))
    test = LD_FIGURE_ROW (row);
  else
    {
      if (row != NULL)
        gtk_list_box_remove (list, GTK_WIDGET (row));
      test = LD_FIGURE_ROW (ld_figure_row_new ());
      ld_figure_row_set_expandable (test);
      g_object_set_data_full (G_OBJECT (test), SHOWN_KEY, g_ptr_array_new (),
                              (GDestroyNotify) g_ptr_array_unref);
      gtk_list_box_insert (list, GTK_WIDGET (test), index);
    }
  ld_figure_row_set (test, code, NULL, "", NULL);
  g_object_set_data_full (G_OBJECT (test), STAGES_KEY,
                          g_ptr_array_new_with_free_func ((GDestroyNotify) stage_row_free),
                          (GDestroyNotify) g_ptr_array_unref);
  return test;
}

/* Closes every test's row, so the list holds one row per test. */
static void
close_tests (GtkListBox *list)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (is_test_row (row) && ld_figure_row_get_expanded (LD_FIGURE_ROW (row)))
      close_test (list, LD_FIGURE_ROW (row));
}

/**
 * ld_admin_analytics_show_tests:
 * @self: the page
 * @rows: (nullable): the answer's turnaround_tests, six stages per test
 *
 * A row per test saying its turnaround from order to release, opening on
 * each stage's median and 90th percentile (rows made when first opened).
 */
void
ld_admin_analytics_show_tests (LdAdminAnalyticsPage *self,
                               GArray               *rows)
{
  LdFigureRow *current = NULL;
  GPtrArray *stages = NULL;
  g_autofree char *current_code = NULL;
  g_autofree char *sentence = NULL;
  guint n_tests = 0;
  LdAnalyticsFill rest;

  close_tests (self->tests_list);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LdAnalyticsTurnaroundRow *row = &g_array_index (rows, LdAnalyticsTurnaroundRow, i);
      const char *code = row->test_code;
      const char *stage = row->stage;
      g_autofree char *figure = NULL;
      g_autofree char *count = NULL;

      if (code == NULL || stage == NULL)
        continue;
      if (current == NULL || g_strcmp0 (code, current_code) != 0)
        {
          current = test_row_at (self->tests_list, n_tests, code);
          stages = g_object_get_data (G_OBJECT (current), STAGES_KEY);
          g_free (current_code);
          current_code = g_strdup (code);
          n_tests++;
        }
      figure = ld_admin_analytics_dup_minutes (row);
      count = ld_admin_analytics_dup_over_results (row);
      if (g_str_equal (stage, "ordered_released"))
        {
          g_autofree char *subtitle = NULL;

          /* Translators: a test's turnaround from order to release, then how many results. */
          subtitle = g_strdup_printf (_("Ordered to released: %s, %s"), figure, count);
          ld_figure_row_set (current, code, subtitle, "", NULL);
        }
      {
        StageRow *stage_row = g_new0 (StageRow, 1);

        stage_row->title = g_strdup (ld_admin_analytics_stage_title (stage));
        stage_row->count = g_steal_pointer (&count);
        stage_row->figure = g_steal_pointer (&figure);
        stage_row->name = g_strdup_printf ("turnaround-test-%s-%s", code, stage);
        g_ptr_array_add (stages, stage_row);
      }
    }
  /* The rows past the tests' go, as in a list of figures. */
  ld_admin_analytics_fill_begin (&rest, self->tests_list);
  rest.n_rows = n_tests;
  if (n_tests == 0)
    ld_admin_analytics_fill_row (&rest, _("No results in the period"), NULL, "", NULL);
  ld_admin_analytics_fill_end (&rest);

  /* Translators: the accessible description of the turnaround per test. */
  sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Median and 90th percentile turnaround of %d test, "
                                           "each opening on its stages",
                                           "Median and 90th percentile turnaround of %d tests, "
                                           "each opening on its stages",
                                           n_tests), (int) n_tests);
  describe (self->tests_list, sentence);
}
