/* main.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ld-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdApplication) app = NULL;
  /* tools/run-demo runs the client from its build tree, whose catalogues
   * are in <build>/po, not yet installed. */
  const char *localedir = g_getenv ("LABDESK_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ld_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
