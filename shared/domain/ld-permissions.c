/* ld-permissions.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-permissions"

#include "config.h"

#include <string.h>

#include "ld-permissions.h"

#include "ld-command.h"
#include "ld-error.h"

#define PUBLIC       LD_ROLE_NONE, TRUE
#define ANY_USER     LD_ROLE_ALL, FALSE
#define ONLY(roles)  (roles), FALSE

/* With the command table (ld-command.c), which holds the rows of the
 * commands a user runs on a record, the one table that decides who may
 * call what. Keep it sorted by path so a reviewer sees a resource's
 * endpoints together; docs/api.md repeats the roles per endpoint and
 * tests/test-api-permissions.c walks every row. Where a doctor reads a
 * patient's clinical records, need-to-know narrows the row to the
 * doctor's own patients: ld-care-access.c. */
/* clang-format off */
static const LdPermission other_rows[] = {
  /* The lab escalates overdue critical alerts (?state=overdue). */
  { "GET",    "/api/v1/alerts",           ONLY (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  /* Issue 33: an appointment's moves are commands (ld-command.c); their rules are
   * ld-appointment-rules.c's. */
  { "GET",    "/api/v1/appointments/{id}", ONLY (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  /* Issues 31 and 33: what the appointment's patient was sent. */
  { "GET",    "/api/v1/appointments/{id}/notifications", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/appointments/{id}/visit", ONLY (LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/analytics",        ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/analytics/{file}", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/audit",            ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/audit/check",      ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/audit/check",      ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/backups",          ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/backups",          ONLY (LD_ROLE_ADMIN) },
  /* Issue 15: every break-the-glass grant, for the administrators. */
  { "GET",    "/api/v1/break-glass",      ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/catalog",          ANY_USER },
  { "POST",   "/api/v1/catalog/panels",   ONLY (LD_ROLE_ADMIN) },
  { "PATCH",  "/api/v1/catalog/panels/{code}", ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/catalog/tests",    ONLY (LD_ROLE_ADMIN) },
  { "PATCH",  "/api/v1/catalog/tests/{code}", ONLY (LD_ROLE_ADMIN) },
  /* Issue 34: which rules verify a test's plainly normal results. */
  { "GET",    "/api/v1/catalog/tests/{code}/auto-verification", ONLY (LD_ROLE_ADMIN) },
  { "PUT",    "/api/v1/catalog/tests/{code}/auto-verification", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/changes",          ANY_USER },
  { "GET",    "/api/v1/changes/snapshot", ANY_USER },
  { "GET",    "/api/v1/events",           ANY_USER },
  { "GET",    "/api/v1/doctors",          ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/doctors/{id}/leave", ONLY (LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  /* Issue 33: the lab's ICD-10 list, imported whole, searched for a visit. */
  { "GET",    "/api/v1/icd10",            ONLY (LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  { "PUT",    "/api/v1/icd10",            ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/doctors/{id}/queue", ONLY (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/doctors/{id}/schedule", ONLY (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  { "PUT",    "/api/v1/doctors/{id}/schedule", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/doctors/me/alerts", ONLY (LD_ROLE_DOCTOR) },
  { "GET",    "/api/v1/doctors/me/orders", ONLY (LD_ROLE_DOCTOR) },
  { "GET",    "/api/v1/doctors/me/patients", ONLY (LD_ROLE_DOCTOR) },
  /* Issue 34: analyzers are the administrator's; their unmatched results the lab's. */
  { "GET",    "/api/v1/instruments",      ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/instruments",      ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/instruments/status", ONLY (LD_ROLE_ADMIN) },
  { "PUT",    "/api/v1/instruments/{id}", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/home-visits",      ONLY (LD_ROLE_RECEPTION | LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/orders",           ANY_USER },
  { "GET",    "/api/v1/orders/{id}",      ANY_USER },
  { "GET",    "/api/v1/orders/by-number/{number}", ANY_USER },
  { "POST",   "/api/v1/orders/{id}/assign", ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/orders/{id}/claim", ONLY (LD_ROLE_TECHNICIAN) },
  { "GET",    "/api/v1/orders/{id}/receipt.pdf", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/orders/{id}/report.pdf", ANY_USER },
  /* Not yet a report: for the bench that verifies and releases it. */
  { "GET",    "/api/v1/orders/{id}/report-preview.pdf", ONLY (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/orders/{id}/reports", ANY_USER },
  { "GET",    "/api/v1/fhir/DiagnosticReport/{id}", ANY_USER },
  { "GET",    "/api/v1/fhir/DiagnosticReport", ANY_USER },
  { "GET",    "/api/v1/orders/{id}/results", ONLY (LD_ROLE_DOCTOR | LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/orders/{id}/samples", ANY_USER },
  { "GET",    "/api/v1/orders/{id}/labels.pdf", ONLY (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  /* Issue 31: what was sent to the patient, per order, and the outbox. */
  { "GET",    "/api/v1/orders/{id}/notifications", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/notifications",    ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/notifications/{id}/cancel", ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/notifications/{id}/resend", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/notifications/{id}/retry", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/patients",         ANY_USER },
  { "GET",    "/api/v1/patients/{id}",    ANY_USER },
  { "POST",   "/api/v1/patients/{id}/break-glass", ONLY (LD_ROLE_DOCTOR) },
  /* Issue 32: a one-time code that links the record to a patient's web account. */
  { "POST",   "/api/v1/patients/{id}/web-link-code", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  /* Issue 32: the web accounts a record is linked to, and a parked web registration. */
  { "GET",    "/api/v1/patients/{id}/web-accounts", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/patients/{id}/results", ONLY (LD_ROLE_DOCTOR | LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  /* Issue 33: the patient's earlier visits, beside the one being written. */
  { "GET",    "/api/v1/patients/{id}/visits", ONLY (LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  { "PATCH",  "/api/v1/payments/{id}",    ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/reports/cash",     ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/reports/owing",    ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/reports/turnaround", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/reports/open-work", ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/samples",          ONLY (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/sessions",         PUBLIC },
  { "GET",    "/api/v1/sessions/current", ANY_USER },
  { "DELETE", "/api/v1/sessions/current", ANY_USER },
  { "GET",    "/api/v1/settings",         ANY_USER },
  { "GET",    "/api/v1/slots",            ONLY (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN) },
  { "PATCH",  "/api/v1/settings",         ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/technicians/me/late", ONLY (LD_ROLE_TECHNICIAN) },
  { "GET",    "/api/v1/technicians/me/workload", ONLY (LD_ROLE_TECHNICIAN) },
  { "GET",    "/api/v1/unmatched-results", ONLY (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  /* Issue 32: registrations from the patient pages parked for the desk. */
  { "GET",    "/api/v1/web-registrations/review", ONLY (LD_ROLE_RECEPTION | LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/users",            ONLY (LD_ROLE_ADMIN) },
  { "POST",   "/api/v1/users",            ONLY (LD_ROLE_ADMIN) },
  { "GET",    "/api/v1/users/{id}",       ONLY (LD_ROLE_ADMIN) },
  { "PATCH",  "/api/v1/users/{id}",       ONLY (LD_ROLE_ADMIN) },
  /* The gateway signs its callbacks; the signature is checked in the handler. */
  { "POST",   "/api/v1/webhooks/payment-gateway", PUBLIC },
  { "GET",    "/api/v1/worklist",         ONLY (LD_ROLE_RECEPTION | LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN) },
  { "GET",    "/health",                  PUBLIC },
  { "GET",    "/metrics",                 PUBLIC },
  /* The patient's own pages (issue 32): no staff sign-in; each page checks
   * its own web session and CSRF token (server/web/). */
  { "GET",    "/my/",                     PUBLIC },
  { "GET",    "/my/book",                 PUBLIC },
  { "GET",    "/my/cart",                 PUBLIC },
  { "POST",   "/my/cart/add",             PUBLIC },
  { "POST",   "/my/cart/remove",          PUBLIC },
  { "POST",   "/my/code",                 PUBLIC },
  { "POST",   "/my/confirm",              PUBLIC },
  { "GET",    "/my/lang",                 PUBLIC },
  { "GET",    "/my/pay.js",               PUBLIC },
  { "GET",    "/my/link",                 PUBLIC },
  { "POST",   "/my/link",                 PUBLIC },
  { "GET",    "/my/orders/{id}",          PUBLIC },
  { "POST",   "/my/orders/{id}/cash",     PUBLIC },
  { "GET",    "/my/orders/{id}/not-paid", PUBLIC },
  /* Checkout's return: its HMAC signature stands for the CSRF token. */
  { "POST",   "/my/orders/{id}/paid",     PUBLIC },
  { "POST",   "/my/orders/{id}/pay",      PUBLIC },
  { "GET",    "/my/orders/{id}/receipt.pdf", PUBLIC },
  { "GET",    "/my/orders/{id}/report.pdf", PUBLIC },
  { "GET",    "/my/register",             PUBLIC },
  { "POST",   "/my/register",             PUBLIC },
  { "GET",    "/my/registered",           PUBLIC },
  { "POST",   "/my/review",               PUBLIC },
  { "POST",   "/my/sign-in",              PUBLIC },
  { "POST",   "/my/sign-out",             PUBLIC },
  { "POST",   "/my/sign-out-everywhere",  PUBLIC },
  { "GET",    "/my/style.css",            PUBLIC },
  { "GET",    "/my/visit",                PUBLIC },
  /* What a report's QR code opens; it tells nothing beyond initials. */
  { "GET",    "/verify/{code}",           PUBLIC },
};
/* clang-format on */

/* The rows above, then one per command route, built once: the router
 * keeps pointers to them for the life of the server. */
static const LdPermission *
get_table (guint *n_rows)
{
  static LdPermission *table;
  static guint n_table;

  if (g_once_init_enter (&table))
    {
      LdPermission *rows = g_new0 (LdPermission, G_N_ELEMENTS (other_rows) + LD_COMMAND_N);
      guint n = G_N_ELEMENTS (other_rows);

      memcpy (rows, other_rows, sizeof other_rows);
      for (guint kind = 0; kind < LD_COMMAND_N; kind++)
        {
          const LdCommandInfo *info = ld_command_get_info (kind);

          /* Commands sharing a route (a sample's custody) share its row. */
          if (ld_command_lookup (info->method, info->pattern) != info)
            continue;
          rows[n++] = (LdPermission){ info->method, info->pattern, info->roles, FALSE };
        }
      n_table = n;
      g_once_init_leave (&table, rows);
    }

  *n_rows = n_table;
  return table;
}

/**
 * ld_permissions_lookup:
 * @method: an HTTP method
 * @pattern: a route pattern as registered
 *
 * Returns: (transfer none) (nullable): the row, or %NULL if the endpoint is
 *   not in the table
 */
const LdPermission *
ld_permissions_lookup (const char *method,
                       const char *pattern)
{
  const LdPermission *table;
  guint n_rows;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (pattern != NULL, NULL);

  table = get_table (&n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      if (g_str_equal (table[i].method, method) && g_str_equal (table[i].pattern, pattern))
        return &table[i];
    }

  return NULL;
}

/**
 * ld_permissions_get_table:
 * @n_permissions: (out): the number of rows
 *
 * Returns: (transfer none) (array length=n_permissions): every row
 */
const LdPermission *
ld_permissions_get_table (guint *n_permissions)
{
  g_return_val_if_fail (n_permissions != NULL, NULL);

  return get_table (n_permissions);
}

/**
 * ld_permission_allows:
 * @permission: a row
 * @roles: the roles of the signed-in user
 *
 * Returns: %TRUE if a user with @roles may call the endpoint
 */
gboolean
ld_permission_allows (const LdPermission *permission,
                      LdRole              roles)
{
  g_return_val_if_fail (permission != NULL, FALSE);

  return permission->is_public || (permission->roles & roles) != 0;
}

/**
 * ld_permissions_check_signatory:
 * @user: the signed-in user
 * @doing: what they would do, for the message ("release reports")
 * @error: return location for an %LD_API_ERROR (FORBIDDEN)
 *
 * A report is released, and a released one amended, only by an authorised
 * signatory (ld_user_is_signatory()): the table above lets the roles
 * through, this says which of their users may sign.
 *
 * Returns: %TRUE if @user may sign
 */
gboolean
ld_permissions_check_signatory (LdUser      *user,
                                const char  *doing,
                                GError     **error)
{
  g_return_val_if_fail (LD_IS_USER (user), FALSE);
  g_return_val_if_fail (doing != NULL, FALSE);

  if (ld_user_is_signatory (user))
    return TRUE;

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
               "Only an authorised signatory can %s.", doing);
  return FALSE;
}

/**
 * ld_permissions_check_returner:
 * @user: the signed-in user
 * @error: return location for an %LD_API_ERROR (FORBIDDEN)
 *
 * A verified result is sent back for re-entry by a verifier (a
 * technician) or by an authorised signatory reading it before release.
 *
 * Returns: %TRUE if @user may send a result back
 */
gboolean
ld_permissions_check_returner (LdUser  *user,
                               GError **error)
{
  g_return_val_if_fail (LD_IS_USER (user), FALSE);

  if ((ld_user_get_roles (user) & LD_ROLE_TECHNICIAN) != 0 || ld_user_is_signatory (user))
    return TRUE;

  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                       "Only a technician or an authorised signatory can send a result back.");
  return FALSE;
}
