/* ld-login-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "../ld-context.h"

G_BEGIN_DECLS

#define LD_TYPE_LOGIN_PAGE (ld_login_page_get_type ())

G_DECLARE_FINAL_TYPE (LdLoginPage, ld_login_page, LD, LOGIN_PAGE, AdwBin)

void ld_login_page_set_context (LdLoginPage *self,
                                LdContext   *context);

void ld_login_page_show_message (LdLoginPage *self,
                                 const char  *message);

void ld_login_page_focus (LdLoginPage *self);

G_END_DECLS
