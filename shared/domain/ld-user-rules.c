/* ld-user-rules.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-user-rules"

#include "config.h"

#include "ld-user-rules.h"

/**
 * ld_user_rules_check_username:
 * @username: a proposed log-in name
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * Log-in names are lower-case ASCII letters, digits, dots, dashes and
 * underscores, 2 to 64 long, starting with a letter or digit, so they are
 * typed the same way on every keyboard and compared without case rules.
 *
 * Returns: %TRUE if @username is acceptable
 */
gboolean
ld_user_rules_check_username (const char  *username,
                              const char **out_reason)
{
  gsize len = strlen (username);

  if (len < 2 || len > 64)
    {
      *out_reason = "must be 2 to 64 characters long";
      return FALSE;
    }

  if (!g_ascii_islower (username[0]) && !g_ascii_isdigit (username[0]))
    {
      *out_reason = "must start with a lower-case letter or a digit";
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    {
      char c = username[i];

      if (!g_ascii_islower (c) && !g_ascii_isdigit (c) && c != '.' && c != '-' && c != '_')
        {
          *out_reason = "may hold only lower-case letters, digits, '.', '-' and '_'";
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ld_user_rules_check_display_name (const char  *display_name,
                                  const char **out_reason)
{
  g_autofree char *stripped = g_strstrip (g_strdup (display_name));

  if (*stripped == '\0')
    {
      *out_reason = "must not be empty";
      return FALSE;
    }

  if (g_utf8_strlen (stripped, -1) > 200)
    {
      *out_reason = "must be at most 200 characters long";
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_user_rules_parse_roles:
 * @names: role names from a request
 * @out_roles: (out): their combination
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * Returns: %TRUE if @names is a non-empty list of known roles
 */
gboolean
ld_user_rules_parse_roles (const char * const *names,
                           LdRole             *out_roles,
                           const char        **out_reason)
{
  LdRole roles;

  if (!ld_roles_from_strv (names, &roles, NULL))
    {
      *out_reason = "names an unknown role (known: reception, doctor, technician, admin)";
      return FALSE;
    }

  if (roles == LD_ROLE_NONE)
    {
      *out_reason = "must name at least one role";
      return FALSE;
    }

  *out_roles = roles;
  return TRUE;
}

gboolean
ld_user_rules_is_active_admin (LdUser *user)
{
  return !ld_user_get_disabled (user) && (ld_user_get_roles (user) & LD_ROLE_ADMIN) != 0;
}
