/* ld-admin-calls.h: the administration's calls to the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-analytics-figures.h"
#include "ld-api-client.h"
#include "ld-audit-event-item.h"
#include "ld-auto-verify.h"
#include "ld-backup-item.h"
#include "ld-break-glass-item.h"
#include "ld-catalog.h"
#include "ld-role.h"
#include "ld-settings.h"
#include "ld-user.h"

G_BEGIN_DECLS

/**
 * LdAdminUserEdit:
 * @username: a new user's name (ignored for a change)
 * @display_name: the full name
 * @roles: what the user may do
 * @qualification: (nullable): a signatory's qualification
 * @registration_number: (nullable): a signatory's registration
 * @can_sign_reports: whether they sign reports
 * @disabled: whether they may not sign in (ignored for a new user)
 * @signature_png: (nullable): a new signature image
 * @remove_signature: drop the signature kept (when @signature_png is %NULL)
 * @email: (nullable): the user's e-mail address
 * @critical_email: whether critical results are e-mailed to them too
 *
 * A user as the administrator's form holds it.
 */
typedef struct
{
  const char *username;
  const char *display_name;
  LdRole      roles;
  const char *qualification;
  const char *registration_number;
  gboolean    can_sign_reports;
  gboolean    disabled;
  GBytes     *signature_png;
  gboolean    remove_signature;
  const char *email;
  gboolean    critical_email;
} LdAdminUserEdit;

/**
 * LdAuditFilter:
 *
 * Which audit events to list; %NULL or empty members do not narrow.
 * @since and @until are RFC 3339 instants.
 */
typedef struct
{
  const char *user_id;
  const char *action;
  const char *entity;
  const char *since;
  const char *until;
  guint       limit;
} LdAuditFilter;

typedef enum
{
  LD_AUDIT_CHAIN_RUNNING,
  LD_AUDIT_CHAIN_PASSED,
  LD_AUDIT_CHAIN_FAILED,
} LdAuditChainState;

/**
 * LdAuditChainCheck:
 * @state: where the check of the chain stands
 * @events_checked: how many events it has read
 * @broken: whether the chain was found broken
 * @has_broken_seq: whether @broken_seq names the first broken event
 * @broken_seq: that event
 * @message: (nullable): the server's words on the break
 * @error: (nullable): why the check could not run
 */
typedef struct
{
  LdAuditChainState state;
  gint64            events_checked;
  gboolean          broken;
  gboolean          has_broken_seq;
  gint64            broken_seq;
  char             *message;
  char             *error;
} LdAuditChainCheck;

void ld_audit_chain_check_free (LdAuditChainCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditChainCheck, ld_audit_chain_check_free)

/**
 * LdCatalogListing:
 * @tests: (element-type LdCatalogTest): the tests
 * @panels: (element-type LdCatalogPanel): the panels
 */
typedef struct
{
  GPtrArray *tests;
  GPtrArray *panels;
} LdCatalogListing;

void ld_catalog_listing_free (LdCatalogListing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCatalogListing, ld_catalog_listing_free)

/* Users */
void        ld_admin_list_users_async (LdApiClient        *client,
                                       const char         *after,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GPtrArray  *ld_admin_list_users_finish (LdApiClient  *client,
                                        GAsyncResult *result,
                                        char        **out_next,
                                        GError      **error);
void        ld_admin_get_user_async (LdApiClient        *client,
                                     const char         *id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
LdUser     *ld_admin_get_user_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void        ld_admin_save_user_async (LdApiClient           *client,
                                      LdUser                *old,
                                      const LdAdminUserEdit *edit,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
void        ld_admin_reset_password_async (LdApiClient        *client,
                                           LdUser             *user,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
LdUser     *ld_admin_save_user_finish (LdApiClient  *client,
                                       GAsyncResult *result,
                                       char        **out_password,
                                       LdUser      **out_current,
                                       GError      **error);

/* Settings */
void        ld_admin_get_settings_async (LdApiClient        *client,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
LdSettings *ld_admin_get_settings_finish (LdApiClient  *client,
                                          GAsyncResult *result,
                                          gint64       *out_version,
                                          GError      **error);
void        ld_admin_save_settings_async (LdApiClient        *client,
                                          const LdSettings   *settings,
                                          gint64              version,
                                          const char        *const *keys,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
LdSettings *ld_admin_save_settings_finish (LdApiClient  *client,
                                           GAsyncResult *result,
                                           gint64       *out_version,
                                           LdSettings  **out_current,
                                           gint64       *out_current_version,
                                           GError      **error);

/* Catalogue */
void        ld_admin_get_catalog_async (LdApiClient        *client,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
LdCatalogListing      *
ld_admin_get_catalog_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void ld_admin_get_test_async (LdApiClient        *client,
                              const char         *code,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
LdCatalogTest *ld_admin_get_test_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void           ld_admin_save_test_async (LdApiClient         *client,
                                         const LdCatalogTest *saved,
                                         const LdCatalogTest *test,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean       ld_admin_save_test_finish (LdApiClient    *client,
                                          GAsyncResult   *result,
                                          LdCatalogTest **out_current,
                                          GError        **error);

void           ld_admin_get_auto_verify_async (LdApiClient        *client,
                                               const char         *code,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
LdAutoVerifyConfig      *
ld_admin_get_auto_verify_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void ld_admin_save_auto_verify_async (LdApiClient              *client,
                                      const LdAutoVerifyConfig *config,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data);
LdAutoVerifyConfig *ld_admin_save_auto_verify_finish (LdApiClient         *client,
                                                      GAsyncResult        *result,
                                                      LdAutoVerifyConfig **out_current,
                                                      GError             **error);

/* Audit */
void                ld_admin_list_audit_async (LdApiClient         *client,
                                               const LdAuditFilter *filter,
                                               const char          *before,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray          *ld_admin_list_audit_finish (LdApiClient  *client,
                                                GAsyncResult *result,
                                                char        **out_next,
                                                GError      **error);
void                ld_admin_check_audit_async (LdApiClient        *client,
                                                gboolean            start,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
LdAuditChainCheck            *
ld_admin_check_audit_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void       ld_admin_list_grants_async (LdApiClient        *client,
                                       guint               limit,
                                       const char         *before,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GPtrArray *ld_admin_list_grants_finish (LdApiClient  *client,
                                        GAsyncResult *result,
                                        char        **out_next,
                                        GError      **error);

/* Backups */
void       ld_admin_list_backups_async (LdApiClient        *client,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
GPtrArray *ld_admin_list_backups_finish (LdApiClient  *client,
                                         GAsyncResult *result,
                                         gboolean     *out_configured,
                                         GError      **error);
void       ld_admin_start_backup_async (LdApiClient        *client,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean   ld_admin_start_backup_finish (LdApiClient  *client,
                                         GAsyncResult *result,
                                         char        **out_reason,
                                         GError      **error);

/* Analytics */
void       ld_admin_get_analytics_async (LdApiClient        *client,
                                         const char         *from,
                                         const char         *to,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
LdAnalyticsFigures      *
ld_admin_get_analytics_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void ld_admin_get_analytics_csv_async (LdApiClient        *client,
                                       const char         *section,
                                       const char         *from,
                                       const char         *to,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GBytes *
ld_admin_get_analytics_csv_finish (LdApiClient *client, GAsyncResult *result, GError **error);

G_END_DECLS
