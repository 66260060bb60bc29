/* ld-login-policy.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-login-policy"

#include "config.h"

#include "ld-login-policy.h"

/**
 * ld_login_is_locked:
 * @locked_until_us: when the account's lock ends (0 if never locked)
 * @now_us: the time now
 *
 * Returns: %TRUE if log-ins are refused now
 */
gboolean
ld_login_is_locked (gint64 locked_until_us,
                    gint64 now_us)
{
  return locked_until_us > now_us;
}

/**
 * ld_login_register_failure:
 * @settings: the lab's settings
 * @failures_before: failures since the last success or lock
 * @now_us: the time now
 * @out_failures: (out): the new failure count
 * @out_locked_until_us: (out): the new lock end, or 0
 *
 * The failure that reaches the limit locks the account and starts a fresh
 * count, so after the lock ends the user has the full number of tries
 * again rather than being locked by the next mistake.
 *
 * Returns: %TRUE if this failure locked the account
 */
gboolean
ld_login_register_failure (const LdSettings *settings,
                           gint64            failures_before,
                           gint64            now_us,
                           gint64           *out_failures,
                           gint64           *out_locked_until_us)
{
  gint64 failures = failures_before + 1;

  g_return_val_if_fail (settings != NULL, FALSE);

  if (failures >= settings->login_max_failures)
    {
      *out_failures = 0;
      *out_locked_until_us = now_us + settings->login_lock_seconds * G_USEC_PER_SEC;
      return TRUE;
    }

  *out_failures = failures;
  *out_locked_until_us = 0;
  return FALSE;
}

/**
 * ld_session_expires_at:
 * @settings: the lab's settings
 * @created_us: when the session began
 * @last_seen_us: when it was last used
 *
 * Returns: the earlier of the idle and the absolute end
 */
gint64
ld_session_expires_at (const LdSettings *settings,
                       gint64            created_us,
                       gint64            last_seen_us)
{
  gint64 idle_end = last_seen_us + settings->session_idle_seconds * G_USEC_PER_SEC;
  gint64 absolute_end = created_us + settings->session_absolute_seconds * G_USEC_PER_SEC;

  return MIN (idle_end, absolute_end);
}

gboolean
ld_session_is_expired (const LdSettings *settings,
                       gint64            created_us,
                       gint64            last_seen_us,
                       gint64            now_us)
{
  return now_us >= ld_session_expires_at (settings, created_us, last_seen_us);
}
