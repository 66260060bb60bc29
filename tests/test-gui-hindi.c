/* test-gui-hindi.c: the desk in Hindi
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With LANGUAGE=hi and the catalogue built from po/hi.po, the real window
 * signs in and the front desk reads in Hindi: its sections, its search,
 * its status. The catalogue is the build tree's (LABDESK_LOCALEDIR, as
 * tools/run-demo uses it).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ld-test-gui.h"
#include "ui/common/ld-status-indicator.h"

/* The status, once the first sync is done: "Online" in Hindi. */
static gboolean
says_online (gpointer data)
{
  return g_strcmp0 (ld_status_indicator_get_text (data), "ऑनलाइन") == 0;
}

static void
test_desk_reads_in_hindi (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  LdTestGui *gui = ld_test_gui_open (ld_test_server_get_uri (server));
  g_autofree char *texts = NULL;
  GtkWidget *desk;
  GtkWidget *bin;

  ld_test_gui_sign_in (gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  desk = ld_test_gui_workspace (gui, "front-desk");
  texts = ld_test_gui_label_texts (GTK_WIDGET (gui->window));

  /* The desk's words, not the English ones. */
  g_assert_nonnull (strstr (texts, "मरीज़"));
  g_assert_nonnull (strstr (texts, "मरीज़ रजिस्टर करें"));
  g_assert_null (strstr (texts, "Register Patient"));
  bin = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "status_bin");
  ld_test_gui_spin_until (says_online, adw_bin_get_child (ADW_BIN (bin)), "ऑनलाइन");
  g_assert_true (gtk_widget_get_mapped (desk));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "desk-hindi");

  ld_test_gui_close (gui);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-hindi-XXXXXX", NULL);

  /* LANGUAGE is read only under a locale other than C. */
  g_setenv ("LANGUAGE", "hi", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/hindi/desk-reads-in-hindi", test_desk_reads_in_hindi);
  return g_test_run ();
}
