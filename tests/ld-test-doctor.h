/* ld-test-doctor.h: the doctor signed in to the real window, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-gui.h"
#include "ui/doctor/ld-doctor-workspace.h"

G_BEGIN_DECLS

#define LD_TEST_DOCTOR_PATIENT \
  "{\"name\": \"Farhan Qureshi\", \"sex\": \"male\", \"age_years\": 61," \
  " \"phone\": \"+91 98450 11223\"}"
#define LD_TEST_DOCTOR_NOTES "Breathless on exertion for two weeks; on ramipril."

/* Signs the demo doctor in and waits until the window is online. */
static inline GtkWidget *
ld_test_doctor_sign_in (LdTestGui *gui)
{
  GtkWidget *workspace;

  ld_test_gui_sign_in (gui, "doctor", LD_TEST_DOCTOR_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "doctor");
  g_assert_true (LD_IS_DOCTOR_WORKSPACE (workspace));
  ld_test_gui_wait_status (gui, "Online");
  return workspace;
}

/* A test binary of one story, with the doctor's choices kept in a config
 * directory of its own (and, with @a11y, GTK's in-process accessibility
 * context, so the test reads the names a screen reader would be given). */
static inline int
ld_test_doctor_main (int         *argc,
                     char      ***argv,
                     gboolean     a11y,
                     const char  *path,
                     GTestFunc    story)
{
  g_autofree char *config = g_dir_make_tmp ("labdesk-doctor-config-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  if (a11y)
    g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (argc, argv);
  g_test_add_func (path, story);
  status = g_test_run ();
  ld_test_remove_tree (config);
  return status;
}

G_END_DECLS
