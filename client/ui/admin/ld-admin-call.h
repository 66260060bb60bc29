/* ld-admin-call.h: what the administration pages share about a call to the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-admin-calls.h"
#include "ld-session.h"

G_BEGIN_DECLS

/**
 * LdAdminDone:
 * @widget: the page that made the call, still shown
 * @client: the API client the call went through
 * @result: the call's result, for its `_finish` in client/store
 */
typedef void (*LdAdminDone) (GtkWidget    *widget,
                             LdApiClient  *client,
                             GAsyncResult *result);

gpointer ld_admin_hold    (GtkWidget    *widget,
                           LdAdminDone   done);
void     ld_admin_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

char *ld_admin_format_time (const char *at);
void ld_admin_copy_text (GtkWidget  *widget,
                         const char *text);
void ld_admin_say       (GtkLabel     *label,
                         const char   *text);
void ld_admin_say_error (GtkLabel     *label,
                         const GError *error);

G_END_DECLS
