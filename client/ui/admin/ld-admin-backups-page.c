/* ld-admin-backups-page.c: the server's backups, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backups the server took (GET …/backups), newest first, with
 * their time, size and check in words. Back Up Now (Ctrl+B) starts one
 * (POST …/backups) and the page follows it, asking again every
 * half second while one runs, until its check passed or failed. Offline,
 * or on a server with no backup folder, the button is off and the page
 * says why.
 */

#define G_LOG_DOMAIN "ld-admin-backups-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-backups-page.h"
#include "ld-admin-call.h"
#include "ld-time.h"

/* How often a running backup is asked after: it takes seconds. */
#define POLL_MS 500

struct _LdAdminBackupsPage
{
  AdwBin      parent_instance;

  LdSession  *session;
  /* What the server said at the last reading. */
  gboolean    configured;
  gboolean    running;
  gboolean    starting;
  gboolean    loading;
  guint       poll_id;

  GtkLabel   *reason_label;
  GtkLabel   *state_label;
  GtkLabel   *status_label;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (LdAdminBackupsPage, ld_admin_backups_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void load (LdAdminBackupsPage *self);

static const char *
state_words (const char *state)
{
  if (g_strcmp0 (state, "passed") == 0)
    return _("Checked: passed");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Failed");
  return _("Running…");
}

static GtkWidget *
build_row (LdBackupItem *backup)
{
  GtkWidget *row = adw_action_row_new ();
  const char *state = ld_backup_item_get_state (backup);
  const char *problem = ld_backup_item_get_problem (backup);
  const char *file_name = ld_backup_item_get_file_name (backup);
  gint64 size = ld_backup_item_get_size_bytes (backup);
  g_autofree char *when = ld_admin_format_time (ld_backup_item_get_started_at (backup));
  g_autofree char *title = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a backup: when it was taken — its state in words. */
  title = g_strdup_printf (_("%s — %s"), when, state_words (state));
  if (size >= 0)
    /* Translators: a backup's size in megabytes. */
    size_text = g_strdup_printf (_("%.1f MB"), size / 1e6);
  else
    size_text = g_strdup (_("size not known yet"));
  if (problem != NULL && *problem != '\0')
    /* Translators: a backup's file, size, and what went wrong. */
    subtitle = g_strdup_printf (_("%s · %s · %s"), file_name ? file_name : "", size_text, problem);
  else
    /* Translators: a backup's file and size. */
    subtitle = g_strdup_printf (_("%s · %s"), file_name ? file_name : "", size_text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  if (g_strcmp0 (state, "failed") == 0)
    gtk_widget_add_css_class (row, "error");
  gtk_widget_set_name (row, state ? state : "");
  return row;
}

/* The button and the line beside it say what can be done, and why not. */
static void
update_actions (LdAdminBackupsPage *self)
{
  gboolean online = ld_session_get_online (self->session);
  const char *reason = NULL;

  if (!online)
    reason = _("Offline: backups are taken by the server, so Back Up Now waits until it is back.");
  else if (!self->configured)
    reason = _("The server has no backup folder: set backup-dir in the [server] group of its "
               "configuration file (or start it with --backup-dir), then restart it.");
  else if (self->running || self->starting)
    reason = _("A backup is running: it is copied, then checked as a restore would be.");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.start",
                                 online && self->configured && !self->running && !self->starting);
  gtk_label_set_text (self->reason_label, reason ? reason
                      : _("Copies the database while the lab goes on working, then checks the "
                          "copy as a restore would."));
}

static gboolean
on_poll_cb (gpointer user_data)
{
  LdAdminBackupsPage *self = user_data;

  self->poll_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

static void
on_list_cb (GtkWidget    *widget,
            LdApiClient  *client,
            GAsyncResult *result)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean configured = FALSE;
  g_autoptr(GPtrArray) backups = ld_admin_list_backups_finish (client, result, &configured, &error);
  const char *latest = NULL;
  GtkWidget *child;
  guint n = 0;

  self->loading = FALSE;
  if (backups == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      update_actions (self);
      return;
    }
  ld_admin_say (self->status_label, NULL);
  self->configured = configured;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->running = FALSE;
  for (guint i = 0; i < backups->len; i++)
    {
      LdBackupItem *backup = g_ptr_array_index (backups, i);

      if (g_strcmp0 (ld_backup_item_get_state (backup), "running") == 0)
        self->running = TRUE;
      if (latest == NULL)
        latest = ld_backup_item_get_state (backup);
      gtk_list_box_append (self->list, build_row (backup));
      n++;
    }

  if (n == 0)
    gtk_label_set_text (self->state_label, _("No backup has been taken from here yet."));
  else if (self->running)
    gtk_label_set_text (self->state_label, _("Backing up…"));
  else
    {
      g_autofree char *text = NULL;

      /* Translators: how many backups the server keeps, and how the newest ended. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u backup kept; the newest: %s",
                                           "%u backups kept; the newest: %s", n),
                              n, state_words (latest));
      gtk_label_set_text (self->state_label, text);
    }
  update_actions (self);

  if (self->running && self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_MS, on_poll_cb, self);
}

static void
load (LdAdminBackupsPage *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  ld_admin_list_backups_async (ld_session_get_api_client (self->session), NULL,
                               ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_list_cb));
}

static void
on_started_cb (GtkWidget    *widget,
               LdApiClient  *client,
               GAsyncResult *result)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  ld_admin_start_backup_finish (client, result, &reason, &error);

  self->starting = FALSE;
  if (g_strcmp0 (reason, "backups_not_configured") == 0)
    self->configured = FALSE;
  else if (g_strcmp0 (reason, "backup_running") == 0)
    ld_admin_say (self->status_label, _("A backup was already running; it is shown below."));
  else if (error != NULL)
    ld_admin_say_error (self->status_label, error);
  update_actions (self);
  load (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (widget);

  self->starting = TRUE;
  gtk_label_set_text (self->state_label, _("Backing up…"));
  update_actions (self);
  ld_admin_start_backup_async (ld_session_get_api_client (self->session), NULL,
                               ld_admin_done_cb, ld_admin_hold (widget, on_started_cb));
}

static void
on_map_cb (LdAdminBackupsPage *self)
{
  load (self);
}

static void
ld_admin_backups_page_dispose (GObject *object)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_BACKUPS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_admin_backups_page_parent_class)->dispose (object);
}

static void
ld_admin_backups_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (object);

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
ld_admin_backups_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (object);

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
ld_admin_backups_page_constructed (GObject *object)
{
  LdAdminBackupsPage *self = LD_ADMIN_BACKUPS_PAGE (object);

  G_OBJECT_CLASS (ld_admin_backups_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ld_admin_backups_page_class_init (LdAdminBackupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_backups_page_constructed;
  object_class->dispose = ld_admin_backups_page_dispose;
  object_class->get_property = ld_admin_backups_page_get_property;
  object_class->set_property = ld_admin_backups_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-backups-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminBackupsPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminBackupsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminBackupsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminBackupsPage, list);

  gtk_widget_class_install_action (widget_class, "backups.start", NULL, start_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "backups.start", NULL);
}

static void
ld_admin_backups_page_init (LdAdminBackupsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * ld_admin_backups_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the backups section
 */
GtkWidget *
ld_admin_backups_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_BACKUPS_PAGE, "session", session, NULL);
}
