/* test-gui-record-rows.c: a list row's labels bound to its record's order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A label added with ld_row_add_order_label() follows the row's record
 * through LdCacheRecord:order: the record filled again (paid at another
 * desk) changes the label at once, with no fill function run; unloaded,
 * the label empties.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "common/ld-record-rows.h"
#include "ld-test-gui.h"

#define ORDER_OWING \
  "{\"id\": \"ord-1\", \"number\": \"O2611-000007\", \"total_paise\": 96000," \
  " \"paid_paise\": 50000}"
#define ORDER_PAID \
  "{\"id\": \"ord-1\", \"number\": \"O2611-000007\", \"total_paise\": 96000," \
  " \"paid_paise\": 96000}"

static char *
dup_due (const LdOrder *order)
{
  return g_strdup_printf ("due %" G_GINT64_FORMAT, ld_order_get_balance (order));
}

static GtkWidget *
make_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  ld_row_add_label (row, GTK_BOX (row), "number", NULL);
  ld_row_add_order_label (row, GTK_BOX (row), "due", NULL, dup_due);
  return row;
}

/* Fills only the number: the due label is the binding's alone. */
static void
fill_row (GtkWidget     *row,
          LdCacheRecord *record)
{
  const LdOrder *order = ld_cache_record_get_order (record);

  gtk_label_set_text (ld_row_label (row, "number"), order ? order->number : "");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_row_follows_order (void)
{
  g_autoptr(GListStore) store = g_list_store_new (LD_TYPE_CACHE_RECORD);
  g_autoptr(LdCacheRecord) record = ld_cache_record_new ("order");
  g_autoptr(GtkListItemFactory) factory = ld_record_row_factory_new (make_row, fill_row);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;
  GtkWidget *due;
  guint notified = 0;

  ld_cache_record_fill (record, "ord-1", ORDER_OWING, NULL, NULL);
  g_list_store_append (store, record);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (
                              gtk_no_selection_new (G_LIST_MODEL (g_object_ref (store)))),
                            g_object_ref (factory));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  due = ld_test_gui_wait_named (view, "due");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (due)), ==, "due 46000");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ld_test_gui_find_named (view, "number"))), ==,
                   "O2611-000007");

  /* Paid at another desk: the cache fills the row again. */
  g_signal_connect (record, "notify::order", G_CALLBACK (count_notify_cb), &notified);
  ld_cache_record_fill (record, "ord-1", ORDER_PAID, NULL, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (due)), ==, "due 0");

  /* The list switched to another query: the row is a placeholder. */
  ld_cache_record_unload (record);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (due)), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/record-rows/row-follows-order", test_row_follows_order);

  return g_test_run ();
}
