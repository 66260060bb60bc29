/* ld-doctor-prefs.c: the doctor's own choices on this computer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether a doctor is told when results are ready is theirs, per user on
 * this computer: the GSettings key results-notifications-off lists the
 * user ids of those who said no, since several doctors may share a PC's
 * one account. GSettings reads from memory and writes in the background
 * (dconf), so a choice costs the window no file I/O. Critical alerts are
 * always told; there is no choice about those.
 */

#define G_LOG_DOMAIN "ld-doctor-prefs"

#include "config.h"

#include <gio/gio.h>

#include "ld-doctor-prefs.h"

#define NOTIFICATIONS_OFF "results-notifications-off"

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
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) off = g_settings_get_strv (settings, NOTIFICATIONS_OFF);

  g_return_val_if_fail (user_id != NULL, TRUE);

  return !g_strv_contains ((const char * const *) off, user_id);
}

/**
 * ld_doctor_prefs_set_notify_results:
 * @user_id: the doctor
 * @notify: whether to tell them when results are ready
 *
 * Keeps the doctor's choice on this computer.
 */
void
ld_doctor_prefs_set_notify_results (const char *user_id,
                                    gboolean    notify)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) off = g_settings_get_strv (settings, NOTIFICATIONS_OFF);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_return_if_fail (user_id != NULL);

  for (guint i = 0; off[i] != NULL; i++)
    if (!g_str_equal (off[i], user_id))
      g_strv_builder_add (kept, off[i]);
  if (!notify)
    g_strv_builder_add (kept, user_id);
  list = g_strv_builder_end (kept);
  g_settings_set_strv (settings, NOTIFICATIONS_OFF, (const char * const *) list);
}
