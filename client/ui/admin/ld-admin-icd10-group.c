/* ld-admin-icd10-group.c: the lab's ICD-10 code list on the administrator's settings
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 33. How many codes are loaded, from what source and when, and
 * "Import…", which reads a CSV or tab-separated file chosen by the
 * administrator (ld-icd10-file.c), says the first bad line if there is
 * one, and sends the whole list to the server in place of the old one.
 * The file is read and parsed off the main thread (it may be several
 * megabytes); the group says so and offers no second import meanwhile.
 */

#define G_LOG_DOMAIN "ld-admin-icd10-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin-icd10-group.h"

#include "ld-admin-call.h"
#include "ld-icd10-calls.h"
#include "ld-icd10-file.h"

struct _LdAdminIcd10Group
{
  AdwPreferencesGroup   parent_instance;

  LdSession            *session;
  GtkFileChooserNative *chooser;
  gboolean              busy;
  /* Set while a chosen file is read and parsed. */
  GCancellable         *reading;

  AdwActionRow         *list_row;
  GtkLabel             *status_label;
};

G_DEFINE_FINAL_TYPE (LdAdminIcd10Group, ld_admin_icd10_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (LdAdminIcd10Group *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "icd10.import",
                                 !self->busy && self->reading == NULL &&
                                   ld_session_get_online (self->session));
}

static void
set_busy (LdAdminIcd10Group *self,
          gboolean           busy)
{
  self->busy = busy;
  update_actions (self);
}

static void
show_list (LdAdminIcd10Group *self,
           gint64             count,
           const char        *source,
           const char        *loaded_at)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;

  if (count == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->list_row),
                                     _("No list is loaded"));
      adw_action_row_set_subtitle (self->list_row,
                                   _("Visits take any code of the ICD-10 shape."));
      return;
    }

  /* Translators: how many ICD-10 codes the lab's list has (at most 100,000). */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d code loaded", "%d codes loaded",
                                        (gulong) count),
                           (int) count);
  when = ld_admin_format_time (loaded_at);
  /* Translators: the first %s is where the list came from (a file's name),
   * the second when it was loaded. */
  subtitle = g_strdup_printf (_("From %s, loaded %s"), source ? source : "", when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->list_row), title);
  adw_action_row_set_subtitle (self->list_row, subtitle);
}

static void
on_list_cb (GtkWidget    *widget,
            LdApiClient  *client,
            GAsyncResult *result)
{
  LdAdminIcd10Group *self = LD_ADMIN_ICD10_GROUP (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *loaded_at = NULL;
  gint64 count = 0;

  set_busy (self, FALSE);
  if (!ld_icd10_list_finish (client, result, &count, &source, &loaded_at, &error))
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  ld_admin_say (self->status_label, NULL);
  show_list (self, count, source, loaded_at);
}

/* The status line says what is under way in the group's dim text, and
 * errors in red. */
static void
say_reading (LdAdminIcd10Group *self,
             gboolean           reading)
{
  if (reading)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
      ld_admin_say (self->status_label, _("Reading the file…"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      ld_admin_say (self->status_label, NULL);
    }
}

/* A file being read: the group is held weakly, as the read may outlive it. */
typedef struct
{
  GWeakRef  group;
  GFile    *file;
} Reading;

static void
reading_free (Reading *reading)
{
  g_weak_ref_clear (&reading->group);
  g_clear_object (&reading->file);
  g_free (reading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reading, reading_free)

static void
on_file_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Reading) reading = user_data;
  g_autoptr(LdAdminIcd10Group) self = g_weak_ref_get (&reading->group);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = ld_icd10_file_load_finish (result, &error);
  g_autofree char *source_name = NULL;

  /* Cancelled: the group has gone, or a newer file was chosen. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->reading);
  say_reading (self, FALSE);
  if (codes == NULL)
    {
      ld_admin_say (self->status_label, error->message);
      update_actions (self);
      return;
    }

  source_name = g_file_get_basename (reading->file);
  set_busy (self, TRUE);
  ld_icd10_import_async (ld_session_get_api_client (self->session), source_name, codes, NULL,
                         ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_list_cb));
}

/**
 * ld_admin_icd10_group_import_file:
 * @self: the group
 * @file: the file the administrator chose
 *
 * What the file chooser's answer does: reads and checks @file off the
 * main thread (ld_icd10_file_load_async()), shows its first bad line if
 * it has one, and otherwise sends the list to the server. A file chosen
 * while another is read replaces it.
 */
void
ld_admin_icd10_group_import_file (LdAdminIcd10Group *self,
                                  GFile             *file)
{
  Reading *reading;

  g_return_if_fail (LD_IS_ADMIN_ICD10_GROUP (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  say_reading (self, TRUE);
  update_actions (self);

  reading = g_new0 (Reading, 1);
  g_weak_ref_init (&reading->group, self);
  reading->file = g_object_ref (file);
  ld_icd10_file_load_async (file, self->reading, on_file_loaded_cb, reading);
}

static void
on_chooser_response_cb (LdAdminIcd10Group    *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    ld_admin_icd10_group_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdAdminIcd10Group *self = LD_ADMIN_ICD10_GROUP (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Code lists (CSV, tab-separated)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.tsv");
  gtk_file_filter_add_pattern (filter, "*.txt");
  self->chooser =
    gtk_file_chooser_native_new (_("Import ICD-10 Codes"),
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_map_cb (LdAdminIcd10Group *self)
{
  /* Read afresh each time the settings are shown: another administrator
   * may have imported. */
  if (!self->busy && ld_session_get_online (self->session))
    {
      set_busy (self, TRUE);
      ld_icd10_read_list_async (ld_session_get_api_client (self->session), NULL, ld_admin_done_cb,
                                ld_admin_hold (GTK_WIDGET (self), on_list_cb));
    }
}

static void
ld_admin_icd10_group_constructed (GObject *object)
{
  LdAdminIcd10Group *self = LD_ADMIN_ICD10_GROUP (object);

  G_OBJECT_CLASS (ld_admin_icd10_group_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ld_admin_icd10_group_dispose (GObject *object)
{
  LdAdminIcd10Group *self = LD_ADMIN_ICD10_GROUP (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_ADMIN_ICD10_GROUP);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_admin_icd10_group_parent_class)->dispose (object);
}

static void
ld_admin_icd10_group_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LdAdminIcd10Group *self = LD_ADMIN_ICD10_GROUP (object);

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
ld_admin_icd10_group_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LdAdminIcd10Group *self = LD_ADMIN_ICD10_GROUP (object);

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
ld_admin_icd10_group_class_init (LdAdminIcd10GroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_icd10_group_constructed;
  object_class->dispose = ld_admin_icd10_group_dispose;
  object_class->get_property = ld_admin_icd10_group_get_property;
  object_class->set_property = ld_admin_icd10_group_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/admin/"
                                               "ld-admin-icd10-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminIcd10Group, list_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminIcd10Group, status_label);

  gtk_widget_class_install_action (widget_class, "icd10.import", NULL, import_action);
}

static void
ld_admin_icd10_group_init (LdAdminIcd10Group *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * ld_admin_icd10_group_new:
 * @session: the administrator's session
 *
 * Returns: (transfer floating): the group
 */
GtkWidget *
ld_admin_icd10_group_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_ICD10_GROUP, "session", session, NULL);
}
