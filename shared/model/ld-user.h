/* ld-user.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-role.h"

G_BEGIN_DECLS

/* What a signatory's report prints beside the name: bounded so that it
 * fits the sign-off block. */
#define LD_USER_MAX_QUALIFICATION_CHARS 100
#define LD_USER_MAX_REGISTRATION_CHARS  64

#define LD_TYPE_USER (ld_user_get_type ())

G_DECLARE_FINAL_TYPE (LdUser, ld_user, LD, USER, GObject)

LdUser      *ld_user_new                (const char   *id,
                                         const char   *username,
                                         const char   *display_name,
                                         LdRole        roles);
LdUser      *ld_user_new_from_json      (JsonObject   *object,
                                         GError      **error);
void         ld_user_to_json            (LdUser       *self,
                                         JsonBuilder  *builder);

const char  *ld_user_get_id             (LdUser       *self);
const char  *ld_user_get_username       (LdUser       *self);
const char  *ld_user_get_display_name   (LdUser       *self);
void         ld_user_set_display_name   (LdUser       *self,
                                         const char   *display_name);
LdRole       ld_user_get_roles          (LdUser       *self);
void         ld_user_set_roles          (LdUser       *self,
                                         LdRole        roles);
gboolean     ld_user_get_disabled       (LdUser       *self);
void         ld_user_set_disabled       (LdUser       *self,
                                         gboolean      disabled);
gint64       ld_user_get_version        (LdUser       *self);
void         ld_user_set_version        (LdUser       *self,
                                         gint64        version);
const char  *ld_user_get_created_at     (LdUser       *self);
void         ld_user_set_created_at     (LdUser       *self,
                                         const char   *created_at);
const char  *ld_user_get_qualification  (LdUser       *self);
void         ld_user_set_qualification  (LdUser       *self,
                                         const char   *qualification);
const char  *ld_user_get_registration_number (LdUser  *self);
void         ld_user_set_registration_number (LdUser  *self,
                                         const char   *registration_number);
const char  *ld_user_get_email          (LdUser       *self);
void         ld_user_set_email          (LdUser       *self,
                                         const char   *email);
gboolean     ld_user_get_critical_email (LdUser       *self);
void         ld_user_set_critical_email (LdUser       *self,
                                         gboolean      critical_email);
gboolean     ld_user_check_contact      (LdUser       *self,
                                         const char  **out_field,
                                         const char  **out_reason);
gboolean     ld_user_get_can_sign_reports (LdUser     *self);
void         ld_user_set_can_sign_reports (LdUser     *self,
                                         gboolean      can_sign_reports);
gboolean     ld_user_get_has_signature  (LdUser       *self);
void         ld_user_set_has_signature  (LdUser       *self,
                                         gboolean      has_signature);
gboolean     ld_user_is_signatory       (LdUser       *self);
gboolean     ld_user_check_qualification (const char  *qualification,
                                         const char  **out_reason);
gboolean     ld_user_check_registration_number (const char  *registration_number,
                                         const char  **out_reason);
gboolean     ld_user_check_signatory    (LdUser       *self,
                                         const char  **out_field,
                                         const char  **out_reason);
gboolean     ld_user_check_signature_png (GBytes      *png,
                                         const char  **out_reason);

G_END_DECLS
