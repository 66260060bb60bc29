/* ld-doctor-prefs.c: the doctor's own choices on this computer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether a doctor is told when results are ready is theirs, per user
 * on this computer: a small key file in the user's config directory
 * (labdesk/doctor.ini, one group per user id), since GSettings needs
 * schemas installed and several doctors may share a PC. Critical alerts
 * are always told; there is no choice about those.
 */

#define G_LOG_DOMAIN "ld-doctor-prefs"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ld-doctor-prefs.h"

#define NOTIFY_RESULTS "notify-results-ready"

static char *
prefs_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "labdesk", "doctor.ini", NULL);
}

/**
 * ld_doctor_prefs_get_notify_results:
 * @user_id: the doctor
 *
 * Returns: whether the doctor wants a notification when results are
 *   ready (%TRUE until they turn it off)
 */
gboolean
ld_doctor_prefs_get_notify_results (const char *user_id)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = prefs_path ();
  g_autoptr(GError) error = NULL;
  gboolean notify;

  g_return_val_if_fail (user_id != NULL, TRUE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return TRUE;
  notify = g_key_file_get_boolean (file, user_id, NOTIFY_RESULTS, &error);
  return error != NULL ? TRUE : notify;
}

/**
 * ld_doctor_prefs_set_notify_results:
 * @user_id: the doctor
 * @notify: whether to tell them when results are ready
 * @error: return location for a #GError (a file error)
 *
 * Returns: %TRUE once the choice is kept
 */
gboolean
ld_doctor_prefs_set_notify_results (const char  *user_id,
                                    gboolean     notify,
                                    GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = prefs_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (user_id != NULL, FALSE);

  /* A missing or unreadable file is started afresh. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_boolean (file, user_id, NOTIFY_RESULTS, notify);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not make %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}
