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
#include "store/ld-record.h"

gint64
ld_record_int (LdCacheRecord *record,
               const char    *member)
{
  return ld_record_get_int (ld_cache_record_get_object (record), member);
}

/* Returns: (transfer none) (nullable): an object member of the record */
JsonObject *
ld_record_object (LdCacheRecord *record,
                  const char    *member)
{
  return ld_record_get_object (ld_cache_record_get_object (record), member);
}

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
  g_object_set_data (G_OBJECT (list_item), "ld-row-factory", rows);
  gtk_list_item_set_child (list_item, rows->make_row ());
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
  gtk_label_set_text (ld_row_label (row, "patient-name"),
                      ld_cache_record_get_string (record, "name"));
  gtk_label_set_text (ld_row_label (row, "patient-mrn"),
                      ld_cache_record_get_string (record, "mrn"));
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
