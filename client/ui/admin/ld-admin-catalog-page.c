/* ld-admin-catalog-page.c: the test catalogue, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests and panels the lab offers, with their prices, as the server
 * has them now (the administrator edits the catalogue, so it is read
 * fresh rather than from the cache). The window's search narrows both
 * lists; Enter on a test opens its editor (admin.open-test); Ctrl+N adds
 * one.
 */

#define G_LOG_DOMAIN "ld-admin-catalog-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-call.h"
#include "ld-admin-catalog-page.h"
#include "ld-catalog.h"
#include "ld-report-format.h"

struct _LdAdminCatalogPage
{
  AdwBin      parent_instance;

  LdSession  *session;
  char       *filter;
  gboolean    loaded;

  GtkLabel   *count_label;
  GtkLabel   *error_label;
  GtkListBox *list;
  GtkListBox *panel_list;
};

G_DEFINE_FINAL_TYPE (LdAdminCatalogPage, ld_admin_catalog_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GtkWidget *
build_test_row (const LdCatalogTest *test)
{
  GtkWidget *row = adw_action_row_new ();
  const char *code = test->code;
  const char *department = test->department;
  g_autofree char *price = ld_report_format_rupees (test->price_paise);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean active = test->active;

  /* Translators: a catalogue row: a test's code and name. */
  title = g_strdup_printf (_("%s · %s"), code, test->name);
  if (active)
    /* Translators: a test's department, specimen and price. */
    subtitle =
      g_strdup_printf (_("%s · %s · %s"), department
                          ? _(ld_department_get_title (department)) : "", test->specimen, price);
  else
    /* Translators: as above, for a test taken off the order screen. */
    subtitle =
      g_strdup_printf (_("%s · %s · %s · Not offered"), department
                          ? _(ld_department_get_title (department)) : "", test->specimen, price);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_widget_set_name (row, code);
  g_object_set_data_full (G_OBJECT (row), "ld-code", g_strdup (code), g_free);
  g_object_set_data_full (G_OBJECT (row), "ld-search", g_utf8_casefold (title, -1), g_free);
  return row;
}

static GtkWidget *
build_panel_row (const LdCatalogPanel *panel)
{
  GtkWidget *row = adw_action_row_new ();
  guint n_tests = panel->tests ? g_strv_length (panel->tests) : 0;
  g_autofree char *price = ld_report_format_rupees (panel->price_paise);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  title = g_strdup_printf (_("%s · %s"), panel->code, panel->name);
  /* Translators: a panel's number of tests, then its price. */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u test · %s", "%u tests · %s",
                                           n_tests), n_tests, price);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "ld-search", g_utf8_casefold (title, -1), g_free);
  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  LdAdminCatalogPage *self = user_data;
  const char *haystack = g_object_get_data (G_OBJECT (row), "ld-search");
  g_autofree char *needle = NULL;

  if (self->filter == NULL || *self->filter == '\0' || haystack == NULL)
    return TRUE;
  needle = g_utf8_casefold (self->filter, -1);
  return strstr (haystack, needle) != NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
on_catalog_cb (GtkWidget    *widget,
               LdApiClient  *client,
               GAsyncResult *result)
{
  LdAdminCatalogPage *self = LD_ADMIN_CATALOG_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCatalogListing) catalog = ld_admin_get_catalog_finish (client, result, &error);
  g_autofree char *count = NULL;

  if (catalog == NULL)
    {
      ld_admin_say_error (self->error_label, error);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->loaded = TRUE;
  clear_list (self->list);
  clear_list (self->panel_list);
  for (guint i = 0; i < catalog->tests->len; i++)
    gtk_list_box_append (self->list, build_test_row (g_ptr_array_index (catalog->tests, i)));
  for (guint i = 0; i < catalog->panels->len; i++)
    gtk_list_box_append (self->panel_list,
                         build_panel_row (g_ptr_array_index (catalog->panels, i)));
  /* Translators: how many tests and panels the catalogue holds. */
  count = g_strdup_printf (_("%u tests, %u panels"), catalog->tests->len, catalog->panels->len);
  gtk_label_set_text (self->count_label, count);
}

static void
on_list_row_activated_cb (LdAdminCatalogPage *self,
                          GtkListBoxRow      *row)
{
  const char *code = g_object_get_data (G_OBJECT (row), "ld-code");

  if (code != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "admin.open-test", "s", code);
}

static void
on_map_cb (LdAdminCatalogPage *self)
{
  if (!self->loaded)
    ld_admin_catalog_page_reload (self);
}

static void
ld_admin_catalog_page_dispose (GObject *object)
{
  LdAdminCatalogPage *self = LD_ADMIN_CATALOG_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_CATALOG_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->filter, g_free);

  G_OBJECT_CLASS (ld_admin_catalog_page_parent_class)->dispose (object);
}

static void
ld_admin_catalog_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LdAdminCatalogPage *self = LD_ADMIN_CATALOG_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_catalog_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LdAdminCatalogPage *self = LD_ADMIN_CATALOG_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_catalog_page_class_init (LdAdminCatalogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_admin_catalog_page_dispose;
  object_class->get_property = ld_admin_catalog_page_get_property;
  object_class->set_property = ld_admin_catalog_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-catalog-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminCatalogPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminCatalogPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminCatalogPage, list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminCatalogPage, panel_list);
  gtk_widget_class_bind_template_callback (widget_class, on_list_row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "admin.open-test", "s", "");
}

static void
ld_admin_catalog_page_init (LdAdminCatalogPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  gtk_list_box_set_filter_func (self->panel_list, filter_row, self, NULL);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * ld_admin_catalog_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the catalogue section
 */
GtkWidget *
ld_admin_catalog_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_CATALOG_PAGE, "session", session, NULL);
}

/**
 * ld_admin_catalog_page_reload:
 * @self: a page
 *
 * Reads the catalogue from the server again.
 */
void
ld_admin_catalog_page_reload (LdAdminCatalogPage *self)
{
  g_return_if_fail (LD_IS_ADMIN_CATALOG_PAGE (self));

  ld_admin_get_catalog_async (ld_session_get_api_client (self->session), NULL,
                              ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_catalog_cb));
}

/**
 * ld_admin_catalog_page_search:
 * @page: a catalogue page
 * @text: the window's search text
 */
void
ld_admin_catalog_page_search (GtkWidget  *page,
                              const char *text)
{
  LdAdminCatalogPage *self = LD_ADMIN_CATALOG_PAGE (page);

  g_return_if_fail (LD_IS_ADMIN_CATALOG_PAGE (page));

  g_free (self->filter);
  self->filter = g_strdup (text);
  gtk_list_box_invalidate_filter (self->list);
  gtk_list_box_invalidate_filter (self->panel_list);
}
