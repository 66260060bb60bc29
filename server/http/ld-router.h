/* ld-router.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-http-request.h"
#include "ld-permissions.h"

G_BEGIN_DECLS

/* A handler parses, calls the domain and the store, and responds; on
 * failure it returns FALSE with @error set and the dispatcher responds. */
typedef gboolean (*LdRouteHandler) (LdHttpRequest  *req,
                                    GError        **error);

/* Work a handler needs done before its transaction, such as asking the
 * payment gateway: it may pause the request, keep what it got with
 * ld_http_request_set_prepared() and go on with ld_http_request_continue();
 * on failure it returns FALSE with the error to answer. */
typedef gboolean (*LdRoutePrepare) (LdHttpRequest  *req,
                                    GError        **error);

/* On the HTTP thread, once a request has arrived whole and before it waits
 * for the main thread: may start work that writes nothing for it (a read
 * on @read_pool), kept on @msg for the route's prepare step to find. It
 * runs before anyone has checked who sent the request. */
typedef void (*LdRouteEarly) (SoupServerMessage *msg,
                              GHashTable        *params,
                              LdReadPool        *read_pool);

typedef struct
{
  char                *method;
  char                *pattern;
  LdRouteHandler       handler;
  LdRoutePrepare       prepare;
  LdRouteEarly         early;
  const LdPermission  *permission;
  /* The largest body it takes; 0 for the server's max-body-bytes. */
  gsize                max_body_bytes;
} LdRoute;

typedef struct _LdRouter LdRouter;

LdRouter       *ld_router_new    (void);
void            ld_router_free   (LdRouter      *router);
void            ld_router_add    (LdRouter      *router,
                                  const char    *method,
                                  const char    *pattern,
                                  LdRouteHandler handler);
void                     ld_router_add_prepared (LdRouter      *router,
                                                 const char    *method,
                                                 const char    *pattern,
                                                 LdRoutePrepare prepare,
                                                 LdRouteHandler handler);
void                     ld_router_set_max_body (LdRouter   *router,
                                                 const char *method,
                                                 const char *pattern,
                                                 gsize       max_body_bytes);
void                     ld_router_set_early    (LdRouter     *router,
                                                 const char   *method,
                                                 const char   *pattern,
                                                 LdRouteEarly  early);
const LdRoute           *ld_router_match_early  (LdRouter     *router,
                                                 const char   *method,
                                                 const char   *path,
                                                 GHashTable  **out_params);
const LdRoute * const *ld_router_get_routes (LdRouter *router,
                                             guint    *out_n_routes);
void            ld_router_set_error_writer (LdRouter          *router,
                                            const char        *prefix,
                                            LdHttpErrorWriter  writer);
LdHttpErrorWriter ld_router_error_writer_for (LdRouter   *router,
                                              const char *path);
const LdRoute  *ld_router_match  (LdRouter      *router,
                                  const char    *method,
                                  const char    *path,
                                  GHashTable    *out_params,
                                  char         **out_allowed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRouter, ld_router_free)

G_END_DECLS
