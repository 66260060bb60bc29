/* ld-role.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-role"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-role.h"

static const struct
{
  LdRole      role;
  const char *wire;
  const char *display;
} role_table[] = {
  { LD_ROLE_RECEPTION, "reception", N_("Reception") },
    { LD_ROLE_DOCTOR, "doctor", N_("Doctor") },
      { LD_ROLE_TECHNICIAN, "technician", N_("Technician") },
        { LD_ROLE_ADMIN, "admin", N_("Administrator") },
      };

/**
 * ld_role_to_string:
 * @role: a single role
 *
 * Returns: (transfer none) (nullable): the wire name, or %NULL for a
 *   combination or an unknown value
 */
const char *
ld_role_to_string (LdRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_table); i++)
    if (role_table[i].role == role)
      return role_table[i].wire;

  return NULL;
}

/**
 * ld_role_from_string:
 * @string: a wire name such as "technician"
 * @out_role: (out): the role
 *
 * Returns: %TRUE if @string names a role
 */
gboolean
ld_role_from_string (const char *string,
                     LdRole     *out_role)
{
  g_return_val_if_fail (out_role != NULL, FALSE);

  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (role_table); i++)
    {
      if (g_str_equal (role_table[i].wire, string))
        {
          *out_role = role_table[i].role;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ld_roles_to_strv:
 * @roles: a combination of roles
 *
 * Returns: (transfer full): the wire names, in the table's fixed order
 */
GStrv
ld_roles_to_strv (LdRole roles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (role_table); i++)
    if (roles & role_table[i].role)
      g_strv_builder_add (builder, role_table[i].wire);

  return g_strv_builder_end (builder);
}

/**
 * ld_roles_from_strv:
 * @strv: wire names
 * @out_roles: (out): their combination
 * @out_bad: (out) (optional) (transfer none): the first unknown name
 *
 * Returns: %TRUE if every name is a role
 */
gboolean
ld_roles_from_strv (const char * const *strv,
                    LdRole             *out_roles,
                    const char        **out_bad)
{
  LdRole roles = LD_ROLE_NONE;

  g_return_val_if_fail (out_roles != NULL, FALSE);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      LdRole role;

      if (!ld_role_from_string (strv[i], &role))
        {
          if (out_bad != NULL)
            *out_bad = strv[i];
          return FALSE;
        }
      roles |= role;
    }

  *out_roles = roles;
  return TRUE;
}

/**
 * ld_roles_to_display:
 * @roles: a combination of roles
 *
 * Returns: (transfer full): the translated names joined with commas
 */
char *
ld_roles_to_display (LdRole roles)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_table); i++)
    {
      if (!(roles & role_table[i].role))
        continue;
      if (text->len > 0)
        /* Translators: the separator between role names, as in "Doctor, Technician" */
        g_string_append (text, _(", "));
      g_string_append (text, _(role_table[i].display));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
