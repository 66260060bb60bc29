/* test-gui-admin-backups.c: the administrator takes a backup from the
 * client, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-server.h"
#include "store/ld-store.h"
#include "ui/admin/ld-admin-backups-page.h"
#include "ui/admin/ld-admin-settings-page.h"
#include "ui/admin/ld-admin-workspace.h"
#include "ui/ld-window.h"
#include "ld-context.h"
#include "ld-session.h"

typedef struct
{
  LdTestServer *server;
  char         *admin_token;
  LdTestGui    *gui;
  GtkWidget    *admin;
} Fixture;

static void
open_window (Fixture *fx)
{
  fx->admin_token = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (LD_IS_ADMIN_WORKSPACE (fx->admin));
}

static void
setup_with_backups (Fixture       *fx,
                    gconstpointer  data)
{
  fx->server = ld_test_server_new_with_backups ();
  open_window (fx);
}

static void
setup_without_backups (Fixture       *fx,
                       gconstpointer  data)
{
  fx->server = ld_test_server_new ();
  open_window (fx);
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_clear_pointer (&fx->admin_token, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static GtkWidget *
show_backups (Fixture *fx)
{
  /* Alt+6. */
  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "backups"));
  return ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_BACKUPS_PAGE);
}

static gboolean
action_enabled (gpointer data)
{
  return gtk_widget_is_sensitive (ld_test_gui_find_action (data, "backups.start"));
}

/* The administrator presses Back Up Now (Ctrl+B) and sees the backup
 * listed as passed; the server lists the same, and the copy on disk
 * passes the check. */
static void
test_back_up_now (Fixture       *fx,
                  gconstpointer  data)
{
  GtkWidget *page = show_backups (fx);
  g_autoptr(LdTestResponse) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *problem = NULL;
  JsonArray *items;
  JsonObject *backup;
  GtkWidget *row;

  ld_test_gui_wait_text (page, "No backup has been taken from here yet.");
  ld_test_gui_spin_until (action_enabled, page, "Back Up Now offered");
  ld_test_gui_click (ld_test_gui_find_action (page, "backups.start"));

  row = ld_test_gui_wait_named (page, "passed");
  ld_test_gui_wait_text (page, "1 backup kept; the newest: Checked: passed");
  g_assert_true (action_enabled (page));
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-backups");

  list = ld_test_get (fx->server, "/api/v1/backups", fx->admin_token);
  ld_test_assert_status (list, 200);
  items = json_object_get_array_member (ld_test_response_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  backup = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (backup, "state"), ==, "passed");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            json_object_get_string_member (backup, "file_name")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " MB"));

  path = g_build_filename (ld_test_server_get_backup_dir (fx->server),
                           json_object_get_string_member (backup, "file_name"), NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (ld_store_check_backup (path, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
}

/* A server with no backup folder: the button is off and the page says
 * how to set one; nothing is started. */
static void
test_not_configured (Fixture       *fx,
                     gconstpointer  data)
{
  GtkWidget *page = show_backups (fx);

  ld_test_gui_wait_text (page, "The server has no backup folder: set backup-dir in the [server] "
                               "group of its configuration file (or start it with --backup-dir), "
                               "then restart it.");
  g_assert_false (action_enabled (page));
  /* Ctrl+B does nothing either. */
  gtk_widget_activate_action (page, "backups.start", NULL);
  ld_test_gui_spin_idle ();
  ld_test_gui_wait_text (page, "No backup has been taken from here yet.");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM backups"), ==, 0);
}

static gboolean
session_offline (gpointer data)
{
  Fixture *fx = data;

  return !ld_session_get_online (ld_context_get_session (fx->gui->context));
}

/* With the server away, Back Up Now is off and the page says why. */
static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  GtkWidget *page = show_backups (fx);

  ld_test_gui_spin_until (action_enabled, page, "Back Up Now offered");
  g_clear_pointer (&fx->server, ld_test_server_free);
  ld_test_gui_spin_until (session_offline, fx, "the session to see the server gone");
  ld_test_gui_wait_text (page, "Offline: backups are taken by the server, so Back Up Now waits "
                               "until it is back.");
  g_assert_false (action_enabled (page));
}

static gboolean
field_reads (gpointer data)
{
  return g_str_equal (gtk_editable_get_text (GTK_EDITABLE (data)), "14");
}

static gboolean
save_offered (gpointer data)
{
  return gtk_widget_is_sensitive (ld_test_gui_find_action (data, "settings.save"));
}

static gboolean
keep_saved (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(LdTestResponse) settings =
               ld_test_get (fx->server, "/api/v1/settings", fx->admin_token);

  return ld_test_response_get_int (settings, "backup_keep") == 3;
}

/* How many backups are kept is a setting the administrator changes in
 * Settings, as the others. */
static void
test_keep_setting (Fixture       *fx,
                   gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *keep;

  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "settings"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_SETTINGS_PAGE);
  keep = ld_test_gui_wait_named (page, "backup_keep");
  ld_test_gui_spin_until (field_reads, keep, "the settings read");
  ld_test_gui_retype (keep, "3");
  ld_test_gui_spin_until (save_offered, page, "Save offered");
  ld_test_gui_click (ld_test_gui_find_action (page, "settings.save"));
  ld_test_gui_spin_until (keep_saved, fx, "backup_keep saved on the server");
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/backups/back-up-now", Fixture, NULL, setup_with_backups,
              test_back_up_now, teardown);
  g_test_add ("/gui/admin/backups/not-configured", Fixture, NULL, setup_without_backups,
              test_not_configured, teardown);
  g_test_add ("/gui/admin/backups/offline", Fixture, NULL, setup_with_backups, test_offline,
              teardown);
  g_test_add ("/gui/admin/backups/keep-setting", Fixture, NULL, setup_without_backups,
              test_keep_setting, teardown);

  return g_test_run ();
}
