/* ld-application-actions.c: the app.* actions
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-application.h"

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  static const char *developers[] = { "The Labdesk authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (
    parent, "application-name",
    _("Labdesk"), "application-icon", APPLICATION_ID, "version", PACKAGE_VERSION, "developers",
       developers, "license-type", GTK_LICENSE_GPL_3_0, "comments",
       _("Laboratory and clinic desk: patients, bookings, samples, results and reports."), NULL);
}

void
ld_application_add_actions (LdApplication *self)
{
  static const GActionEntry entries[] = {
    { "quit", on_quit_activated },
    { "about", on_about_activated },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}
