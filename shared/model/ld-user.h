/* ld-user.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-role.h"

G_BEGIN_DECLS

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

G_END_DECLS
