/* ld-user-body.h: the body of a user's creation or change, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-role.h"
#include "ld-user.h"

G_BEGIN_DECLS

/**
 * LdUserFields:
 * @LD_USER_FIELD_USERNAME: "username"
 * @LD_USER_FIELD_DISPLAY_NAME: "display_name"
 * @LD_USER_FIELD_ROLES: "roles"
 * @LD_USER_FIELD_DISABLED: "disabled"
 * @LD_USER_FIELD_QUALIFICATION: "qualification"
 * @LD_USER_FIELD_REGISTRATION_NUMBER: "registration_number"
 * @LD_USER_FIELD_CAN_SIGN_REPORTS: "can_sign_reports"
 * @LD_USER_FIELD_SIGNATURE_PNG: "signature_png"
 * @LD_USER_FIELD_PASSWORD: "password"
 * @LD_USER_FIELD_RESET_PASSWORD: "reset_password"
 * @LD_USER_FIELD_EMAIL: "email"
 * @LD_USER_FIELD_CRITICAL_EMAIL: "critical_email"
 *
 * The members a user's body may carry, one bit for each.
 */
typedef enum
{
  LD_USER_FIELD_USERNAME            = 1 << 0,
  LD_USER_FIELD_DISPLAY_NAME        = 1 << 1,
  LD_USER_FIELD_ROLES               = 1 << 2,
  LD_USER_FIELD_DISABLED            = 1 << 3,
  LD_USER_FIELD_QUALIFICATION       = 1 << 4,
  LD_USER_FIELD_REGISTRATION_NUMBER = 1 << 5,
  LD_USER_FIELD_CAN_SIGN_REPORTS    = 1 << 6,
  LD_USER_FIELD_SIGNATURE_PNG       = 1 << 7,
  LD_USER_FIELD_PASSWORD            = 1 << 8,
  LD_USER_FIELD_RESET_PASSWORD      = 1 << 9,
  LD_USER_FIELD_EMAIL               = 1 << 10,
  LD_USER_FIELD_CRITICAL_EMAIL      = 1 << 11,
} LdUserFields;

/**
 * LdUserRequest:
 * @id: (nullable): a new user's id as the client chose it
 * @version: the version a change was made over
 * @username: a new user's sign-in name
 * @display_name: the full name, untrimmed
 * @roles: what the user may do
 * @disabled: whether they may not sign in (a change only)
 * @qualification: (nullable): a signatory's qualification
 * @registration_number: (nullable): a signatory's registration
 * @can_sign_reports: whether they sign reports
 * @signature_png: (nullable): a signature image (%NULL with
 *   %LD_USER_FIELD_SIGNATURE_PNG: remove the one kept)
 * @password: (nullable): a password chosen, in plain text
 * @reset_password: whether the server is to make one up
 * @email: (nullable): the user's e-mail address (%NULL with
 *   %LD_USER_FIELD_EMAIL: remove the one kept)
 * @critical_email: whether critical results are e-mailed to them too
 * @fields: the members the body carries
 *
 * What POST /api/v1/users or PATCH /api/v1/users/{id} asks for; only the
 * members named in @fields mean anything.
 */
typedef struct
{
  char         *id;
  gint64        version;
  char         *username;
  char         *display_name;
  LdRole        roles;
  gboolean      disabled;
  char         *qualification;
  char         *registration_number;
  gboolean      can_sign_reports;
  GBytes       *signature_png;
  char         *password;
  gboolean      reset_password;
  char         *email;
  gboolean      critical_email;
  LdUserFields  fields;
} LdUserRequest;

void ld_user_request_clear   (LdUserRequest       *request);
void ld_user_body_read_create (LdJsonReader        *reader,
                               LdUser              *signatory,
                               LdUserRequest       *request);
void ld_user_body_read_edit  (LdJsonReader        *reader,
                              LdUser              *user,
                              LdUserRequest       *request);
void ld_user_body_write_create (JsonBuilder         *builder,
                                const LdUserRequest *request);
void ld_user_body_write_edit (JsonBuilder         *builder,
                              const LdUserRequest *request);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdUserRequest, ld_user_request_clear)

G_END_DECLS
