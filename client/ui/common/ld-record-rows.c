/* ld-record-rows.c: list rows of cache records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's day lists and the lab's worklist show cache records in rows
 * filled as the cache's reader delivers their records.
 */

#define G_LOG_DOMAIN "ld-record-rows"

#include "config.h"

#include "ld-record-rows.h"

/* A label of a list row, made by ld_row_add_label(). */
GtkLabel *
ld_row_label (GtkWidget  *row,
              const char *name)
{
  return g_object_get_data (G_OBJECT (row), name);
}

GtkWidget *
ld_row_add_label (GtkWidget  *row,
                  GtkBox     *box,
                  const char *name,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_name (label, name);
  gtk_box_append (box, label);
  g_object_set_data (G_OBJECT (row), name, label);
  return label;
}

/* The text of a bound label: its function's, or nothing until loaded. */
static char *
order_text_cb (GtkListItem   *list_item,
               const LdOrder *order,
               LdOrderText    text)
{
  return order != NULL ? text (order) : g_strdup ("");
}

/**
 * ld_row_add_order_label:
 * @row: a row made by an #LdMakeRow
 * @box: where the label goes
 * @name: the label's name (ld_row_label())
 * @css_class: (nullable): a style class
 * @text: what the label says of an order
 *
 * Adds a label bound to the row's record's #LdCacheRecord:order (by
 * ld_record_row_factory_new()): it follows the record as it is filled
 * again or unloaded, without the row's #LdFillRow.
 *
 * Returns: (transfer none): the label
 */
GtkWidget *
ld_row_add_order_label (GtkWidget   *row,
                        GtkBox      *box,
                        const char  *name,
                        const char  *css_class,
                        LdOrderText  text)
{
  GtkWidget *label = ld_row_add_label (row, box, name, css_class);
  GPtrArray *bound = g_object_get_data (G_OBJECT (row), "ld-order-labels");

  if (bound == NULL)
    {
      bound = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (row), "ld-order-labels", bound,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_set_data (G_OBJECT (label), "ld-order-text", text);
  g_ptr_array_add (bound, label);
  return label;
}

/* Binds the labels of ld_row_add_order_label() to the item's record:
 * item → record → order → text, watched for as long as the item lives. */
static void
bind_order_labels (GtkListItem *list_item,
                   GtkWidget   *row)
{
  GPtrArray *bound = g_object_get_data (G_OBJECT (row), "ld-order-labels");

  for (guint i = 0; bound != NULL && i < bound->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (bound, i);
      GtkExpression *item = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
      GtkExpression *order = gtk_property_expression_new (LD_TYPE_CACHE_RECORD, item, "order");
      GtkExpression *text =
        gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &order, G_CALLBACK (order_text_cb),
                                     g_object_get_data (G_OBJECT (label), "ld-order-text"), NULL);

      gtk_expression_bind (text, label, "label", list_item);
    }
}

/* A list's rows are filled when their record arrives from the cache's
 * reader (a row asked for comes first as a placeholder). */
typedef struct
{
  LdMakeRow make_row;
  LdFillRow fill_row;
} RowFactory;

static void
fill_item (GtkListItem   *list_item,
           LdCacheRecord *record)
{
  RowFactory *rows = g_object_get_data (G_OBJECT (list_item), "ld-row-factory");

  rows->fill_row (gtk_list_item_get_child (list_item), record);
}

static void
on_record_loaded_cb (LdCacheRecord *record,
                     GParamSpec    *pspec,
                     GtkListItem   *list_item)
{
  fill_item (list_item, record);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     RowFactory               *rows)
{
  GtkWidget *row = rows->make_row ();

  g_object_set_data (G_OBJECT (list_item), "ld-row-factory", rows);
  gtk_list_item_set_child (list_item, row);
  bind_order_labels (list_item, row);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  LdCacheRecord *record = gtk_list_item_get_item (list_item);

  g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_record_loaded_cb),
                           list_item, 0);
  fill_item (list_item, record);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        on_record_loaded_cb, list_item);
}

/**
 * ld_record_row_factory_new:
 * @make_row: makes an empty row
 * @fill_row: fills a row from a record, loaded or not
 *
 * Returns: (transfer full): a factory for a list of cache records
 */
GtkListItemFactory *
ld_record_row_factory_new (LdMakeRow make_row,
                           LdFillRow fill_row)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowFactory *rows = g_new0 (RowFactory, 1);

  rows->make_row = make_row;
  rows->fill_row = fill_row;
  g_object_set_data_full (G_OBJECT (factory), "ld-row-factory", rows, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), rows);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), NULL);
  return factory;
}

static GtkWidget *
make_patient_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);
  gtk_label_set_xalign (GTK_LABEL (ld_row_add_label (row, GTK_BOX (row), "patient-name", NULL)),
                        0);
  ld_row_add_label (row, GTK_BOX (row), "patient-mrn", "dim-label");
  return row;
}

static void
fill_patient_row (GtkWidget     *row,
                  LdCacheRecord *record)
{
  LdPatient *patient = ld_cache_record_get_patient (record);

  gtk_label_set_text (ld_row_label (row, "patient-name"),
                      patient ? ld_patient_get_name (patient) : "");
  gtk_label_set_text (ld_row_label (row, "patient-mrn"),
                      patient ? ld_patient_get_mrn (patient) : "");
}

/**
 * ld_patient_row_factory_new:
 *
 * Rows of patients found in the cache to pick from (booking a slot): the
 * name, and the MRN beside it.
 *
 * Returns: (transfer full): a factory for a list of patient records
 */
GtkListItemFactory *
ld_patient_row_factory_new (void)
{
  return ld_record_row_factory_new (make_patient_row, fill_patient_row);
}
