/* ld-api-client.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ld-user.h"

G_BEGIN_DECLS

#define LD_TYPE_API_CLIENT (ld_api_client_get_type ())

G_DECLARE_FINAL_TYPE (LdApiClient, ld_api_client, LD, API_CLIENT, GObject)

LdApiClient *ld_api_client_new               (const char           *base_uri);
const char  *ld_api_client_get_base_uri      (LdApiClient          *self);
void         ld_api_client_set_base_uri      (LdApiClient          *self,
                                              const char           *base_uri);
gboolean     ld_api_client_is_signed_in      (LdApiClient          *self);
gboolean     ld_api_client_get_online        (LdApiClient          *self);
void         ld_api_client_set_online        (LdApiClient          *self,
                                              gboolean              online);
gboolean     ld_api_client_get_busy          (LdApiClient          *self);
void         ld_api_client_end_session       (LdApiClient          *self,
                                              const GError         *error);

void         ld_api_client_sign_in_async     (LdApiClient          *self,
                                              const char           *username,
                                              const char           *password,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
LdUser      *ld_api_client_sign_in_finish    (LdApiClient          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
GBytes      *ld_api_client_take_cache_secret (LdApiClient          *self);
void         ld_api_client_sign_out_async    (LdApiClient          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean     ld_api_client_sign_out_finish   (LdApiClient          *self,
                                              GAsyncResult         *result,
                                              GError              **error);

const char  *ld_api_client_get_token       (LdApiClient          *self);
/* Whether a write may be sent; %FALSE with @error refuses it. */
typedef gboolean (*LdApiClientGate) (const char *method,
                                     const char *path,
                                     gpointer    data,
                                     GError    **error);
void         ld_api_client_set_gate (LdApiClient    *self,
                                     LdApiClientGate gate,
                                     gpointer        data,
                                     GDestroyNotify  destroy);
void         ld_api_client_set_token       (LdApiClient          *self,
                                            const char           *token);
void         ld_api_client_request_async   (LdApiClient          *self,
                                            const char           *method,
                                            const char           *path,
                                            const char           *body,
                                            const char           *idempotency_key,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
JsonNode    *ld_api_client_request_finish  (LdApiClient          *self,
                                            GAsyncResult         *result,
                                            JsonObject          **out_error_body,
                                            GError              **error);

/* Reads one item of a list; NULL leaves it out. */
typedef gpointer (*LdApiItemReader) (JsonObject *object);

GPtrArray   *ld_api_answer_read_items (JsonNode       *answer,
                                       LdApiItemReader read_item,
                                       GDestroyNotify  free_item,
                                       GError        **error);
void         ld_api_client_get_bytes_async (LdApiClient          *self,
                                            const char           *path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes      *ld_api_client_get_bytes_finish (LdApiClient         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void         ld_api_client_connect_events_async  (LdApiClient    *self,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
SoupWebsocketConnection *
ld_api_client_connect_events_finish (LdApiClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
