/* ld-web-access-calls.h: a patient's web accounts, and the desk's web code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"
#include "ld-role.h"

G_BEGIN_DECLS

/**
 * LdWebAccount:
 * @account_id: the account's id
 * @email: (nullable): its e-mail address
 * @phone: (nullable): its mobile number
 * @family: whether it acts for this patient as a family member (else as
 *   the patient's own)
 * @by_code: whether it was linked by the desk's code (else the patient
 *   registered on the page)
 * @linked_us: when it was linked
 * @needs_review: a registration that looked like a patient already
 *   registered, parked for the desk
 *
 * One web account linked to a patient (docs/api.md,
 * `GET /api/v1/patients/{id}/web-accounts`).
 */
typedef struct
{
  char     *account_id;
  char     *email;
  char     *phone;
  gboolean  family;
  gboolean  by_code;
  gint64    linked_us;
  gboolean  needs_review;
} LdWebAccount;

/**
 * LdWebLinkCode:
 * @code: the code, grouped as the patient types it ("K7QM-3XPD-W2")
 * @expires_us: when it stops working
 */
typedef struct
{
  char   *code;
  gint64  expires_us;
} LdWebLinkCode;

gboolean       ld_web_access_may_list       (LdRole               roles);
gboolean       ld_web_access_may_give_code  (LdRole               roles);
void           ld_web_account_free          (LdWebAccount        *account);
void           ld_web_link_code_free        (LdWebLinkCode       *code);

void       ld_web_accounts_list_async (LdApiClient        *client,
                                       const char         *patient_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GPtrArray *ld_web_accounts_list_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void       ld_web_link_code_new_async (LdApiClient        *client,
                                       const char         *patient_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
LdWebLinkCode *
ld_web_link_code_new_finish (LdApiClient *client, GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdWebAccount, ld_web_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdWebLinkCode, ld_web_link_code_free)

G_END_DECLS
