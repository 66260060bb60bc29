/* test-gui-admin-icd10.c: the administrator imports the lab's ICD-10
 * codes from a file, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is given to the function the chooser's answer calls
 * (ld_admin_icd10_group_import_file()): picking a file in GTK's own
 * chooser dialog is not something the test can do reliably under Xvfb,
 * and the chooser leaks under the sanitizers (see test_import ()).
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ui/admin/ld-admin-icd10-group.h"
#include "ui/admin/ld-admin-settings-page.h"
#include "ui/admin/ld-admin-workspace.h"
#include "ui/ld-window.h"

typedef struct
{
  LdTestServer *server;
  char         *admin_token;
  LdTestGui    *gui;
  GtkWidget    *admin;
  char         *dir;
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  fx->server = ld_test_server_new ();
  fx->admin_token = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (LD_IS_ADMIN_WORKSPACE (fx->admin));
  fx->dir = g_dir_make_tmp ("ld-icd10-XXXXXX", NULL);
  g_assert_nonnull (fx->dir);
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_test_remove_tree (fx->dir);
  g_clear_pointer (&fx->dir, g_free);
  g_clear_pointer (&fx->admin_token, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static gboolean
import_enabled (gpointer data)
{
  return gtk_widget_is_sensitive (ld_test_gui_find_action (data, "icd10.import"));
}

static gint64
server_count (Fixture *fx)
{
  g_autoptr(LdTestResponse) list = ld_test_get (fx->server, "/api/v1/icd10", fx->admin_token);

  ld_test_assert_status (list, 200);
  return ld_test_response_get_int (list, "count");
}

/* The administrator opens the settings, sees no list, Import… offered,
 * and imports the sample file; the group and the server say 30 codes. A
 * bad file is named by its line and changes nothing. */
static void
test_import (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "icd10-sample.csv", NULL);
  g_autofree char *bad_path = g_build_filename (fx->dir, "bad.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  GtkWidget *settings;
  GtkWidget *group;

  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "settings"));
  settings = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_SETTINGS_PAGE);
  group = ld_test_gui_wait_type (settings, LD_TYPE_ADMIN_ICD10_GROUP);
  ld_test_gui_wait_text (group, "No list is loaded");
  ld_test_gui_spin_until (import_enabled, group, "Import… offered");

  /* GTK's own file chooser is not opened here: under the sanitizers its
   * places sidebar (libcloudproviders, GIO's threads) leaks at exit in
   * ways only a slow full stack can name. The file goes to what the
   * chooser's answer calls. */
  /* A bad line: said, and nothing sent. */
  g_assert_true (
    g_file_set_contents (bad_path, "code,title\nA00.0,Cholera\nE1,Too short\n", -1, &error));
  g_assert_no_error (error);
  ld_admin_icd10_group_import_file (LD_ADMIN_ICD10_GROUP (group), bad);
  /* The file is read off the main thread: until its answer comes back
   * through the main loop, the group says so and offers no second import. */
  {
    g_autofree char *texts = ld_test_gui_label_texts (group);

    g_assert_nonnull (strstr (texts, "Reading the file…"));
    g_assert_false (import_enabled (group));
  }
  ld_test_gui_wait_text (group, "Line 3: “E1” is not an ICD-10 code such as E11.9.");
  ld_test_gui_spin_until (import_enabled, group, "Import… offered after a bad file");
  {
    g_autofree char *texts = ld_test_gui_label_texts (group);

    g_assert_null (strstr (texts, "Reading the file…"));
  }
  g_assert_cmpint (server_count (fx), ==, 0);

  ld_admin_icd10_group_import_file (LD_ADMIN_ICD10_GROUP (group), file);
  ld_test_gui_wait_text (group, "30 codes loaded");
  ld_test_gui_spin_until (import_enabled, group, "Import… offered again");
  g_assert_cmpint (server_count (fx), ==, 30);
  {
    g_autoptr(LdTestResponse) found =
                 ld_test_get (fx->server, "/api/v1/icd10?q=dengue", fx->admin_token);

    ld_test_assert_status (found, 200);
    g_assert_cmpstr (ld_test_response_get_string (found, "source"), ==, "icd10-sample.csv");
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (
                         json_object_get_array_member (ld_test_response_object (found), "items"),
                         0),
                       "code"),
                     ==, "A90");
  }
  /* The group in view, as the administrator's Tab to its button brings it. */
  gtk_widget_grab_focus (ld_test_gui_find_action (group, "icd10.import"));
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-icd10");
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/icd10/import", Fixture, NULL, setup, test_import, teardown);

  return g_test_run ();
}
