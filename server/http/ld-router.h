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

typedef struct
{
  char                *method;
  char                *pattern;
  GStrv                segments;
  LdRouteHandler       handler;
  const LdPermission  *permission;
} LdRoute;

typedef struct _LdRouter LdRouter;

LdRouter       *ld_router_new    (void);
void            ld_router_free   (LdRouter      *router);
void            ld_router_add    (LdRouter      *router,
                                  const char    *method,
                                  const char    *pattern,
                                  LdRouteHandler handler);
const LdRoute * const *ld_router_get_routes (LdRouter *router,
                                             guint    *out_n_routes);
const LdRoute  *ld_router_match  (LdRouter      *router,
                                  const char    *method,
                                  const char    *path,
                                  GHashTable    *out_params,
                                  char         **out_allowed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRouter, ld_router_free)

G_END_DECLS
