/* ld-role.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdRole:
 * @LD_ROLE_NONE: no role
 * @LD_ROLE_RECEPTION: front desk: patients, bookings, payments
 * @LD_ROLE_DOCTOR: prescriptions and results of the doctor's patients
 * @LD_ROLE_TECHNICIAN: samples, results, verification, reports
 * @LD_ROLE_ADMIN: users, catalogue, settings, analytics, audit
 *
 * A user holds one or more roles, so they combine as flags.
 */
typedef enum
{
  LD_ROLE_NONE       = 0,
  LD_ROLE_RECEPTION  = 1 << 0,
  LD_ROLE_DOCTOR     = 1 << 1,
  LD_ROLE_TECHNICIAN = 1 << 2,
  LD_ROLE_ADMIN      = 1 << 3,
} LdRole;

#define LD_ROLE_ALL (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN)

const char *ld_role_to_string (LdRole role);
gboolean    ld_role_from_string (const char *string, LdRole *out_role);
GStrv       ld_roles_to_strv (LdRole roles);
gboolean    ld_roles_from_strv (const char    *const *strv, LdRole *out_roles, const char **out_bad);
char       *ld_roles_to_display (LdRole roles);

G_END_DECLS
