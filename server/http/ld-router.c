/* ld-router.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-router"

#include "config.h"

#include "ld-router.h"
#include "ld-route-pattern.h"

struct _LdRouter
{
  GPtrArray *routes;
  /* Those of @routes with an early step: the HTTP thread looks at these
   * alone, so that the others cost it nothing. */
  GPtrArray *early_routes;
  /* Path prefixes whose refusals have a shape of their own, and their
   * writers, in the order added. */
  GPtrArray *error_prefixes;
  GArray    *error_writers;
};

static void
route_free (LdRoute *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_free (route);
}

LdRouter *
ld_router_new (void)
{
  LdRouter *router = g_new0 (LdRouter, 1);

  router->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  router->early_routes = g_ptr_array_new ();
  router->error_prefixes = g_ptr_array_new_with_free_func (g_free);
  router->error_writers = g_array_new (FALSE, FALSE, sizeof (LdHttpErrorWriter));
  return router;
}

void
ld_router_free (LdRouter *router)
{
  if (router == NULL)
    return;

  g_clear_pointer (&router->early_routes, g_ptr_array_unref);
  g_clear_pointer (&router->routes, g_ptr_array_unref);
  g_clear_pointer (&router->error_prefixes, g_ptr_array_unref);
  g_clear_pointer (&router->error_writers, g_array_unref);
  g_free (router);
}

/**
 * ld_router_add:
 * @router: a router
 * @method: an HTTP method
 * @pattern: a path such as "/api/v1/users/{id}"
 * @handler: the handler
 *
 * An endpoint missing from the permission table is a programming error:
 * the server refuses to start rather than serve it unchecked.
 */
void
ld_router_add (LdRouter       *router,
               const char     *method,
               const char     *pattern,
               LdRouteHandler  handler)
{
  const LdPermission *permission = ld_permissions_lookup (method, pattern);
  LdRoute *route;

  g_return_if_fail (router != NULL);
  g_return_if_fail (handler != NULL);

  if (permission == NULL)
    g_error ("%s %s has no row in the permission table", method, pattern);

  route = g_new0 (LdRoute, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->handler = handler;
  route->permission = permission;
  g_ptr_array_add (router->routes, route);
}

/**
 * ld_router_add_prepared:
 * @router: a router
 * @method: as for ld_router_add()
 * @pattern: as for ld_router_add()
 * @prepare: runs once the request is authorized, outside any transaction
 *   (see #LdRoutePrepare)
 * @handler: then runs as any route's handler
 */
void
ld_router_add_prepared (LdRouter       *router,
                        const char     *method,
                        const char     *pattern,
                        LdRoutePrepare  prepare,
                        LdRouteHandler  handler)
{
  LdRoute *route;

  g_return_if_fail (router != NULL && prepare != NULL);

  ld_router_add (router, method, pattern, handler);
  route = g_ptr_array_index (router->routes, router->routes->len - 1);
  route->prepare = prepare;
}

static LdRoute *
find_route (LdRouter   *router,
            const char *method,
            const char *pattern)
{
  for (guint i = 0; i < router->routes->len; i++)
    {
      LdRoute *route = g_ptr_array_index (router->routes, i);

      if (g_str_equal (route->method, method) && g_str_equal (route->pattern, pattern))
        return route;
    }
  return NULL;
}

/**
 * ld_router_set_max_body:
 * @router: a router
 * @method: a route's method
 * @pattern: its pattern, added already
 * @max_body_bytes: the largest body it takes
 *
 * For the one route whose body is a file's worth (an import): every other
 * keeps the server's max-body-bytes, and this one takes the larger of the
 * two.
 */
void
ld_router_set_max_body (LdRouter   *router,
                        const char *method,
                        const char *pattern,
                        gsize       max_body_bytes)
{
  LdRoute *route;

  g_return_if_fail (router != NULL && method != NULL && pattern != NULL);

  route = find_route (router, method, pattern);
  g_return_if_fail (route != NULL);
  route->max_body_bytes = max_body_bytes;
}

/**
 * ld_router_set_early:
 * @router: a router
 * @method: a route's method
 * @pattern: its pattern, added already
 * @early: its early step (see #LdRouteEarly)
 *
 * Routes are added before the server starts; the HTTP thread only reads
 * them.
 */
void
ld_router_set_early (LdRouter     *router,
                     const char   *method,
                     const char   *pattern,
                     LdRouteEarly  early)
{
  LdRoute *route;

  g_return_if_fail (router != NULL && method != NULL && pattern != NULL && early != NULL);

  route = find_route (router, method, pattern);
  g_return_if_fail (route != NULL && route->early == NULL);
  route->early = early;
  g_ptr_array_add (router->early_routes, route);
}

/**
 * ld_router_match_early:
 * @router: a router
 * @method: the request's method
 * @path: the request's path
 * @out_params: (out) (transfer full): the path parameters, when a route
 *   matches
 *
 * Returns: (transfer none) (nullable): the route with an early step that
 *   @method and @path name, or %NULL
 */
const LdRoute *
ld_router_match_early (LdRouter     *router,
                       const char   *method,
                       const char   *path,
                       GHashTable  **out_params)
{
  g_return_val_if_fail (router != NULL && out_params != NULL, NULL);

  for (guint i = 0; i < router->early_routes->len; i++)
    {
      const LdRoute *route = g_ptr_array_index (router->early_routes, i);

      /* Matched once without a table, so that other paths allocate nothing. */
      if (!g_str_equal (route->method, method) ||
          !ld_route_pattern_match (route->pattern, path, NULL))
        continue;
      *out_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      ld_route_pattern_match (route->pattern, path, *out_params);
      return route;
    }
  return NULL;
}

/**
 * ld_router_get_routes:
 * @router: a router
 * @out_n_routes: (out): how many
 *
 * Returns: (transfer none) (array length=out_n_routes): every route, in the
 *   order they were added
 */
const LdRoute * const *
ld_router_get_routes (LdRouter *router,
                      guint    *out_n_routes)
{
  g_return_val_if_fail (router != NULL, NULL);

  *out_n_routes = router->routes->len;
  return (const LdRoute * const *) router->routes->pdata;
}

/**
 * ld_router_match:
 * @router: a router
 * @method: the request's method
 * @path: the request's path
 * @out_params: where to put the path parameters
 * @out_allowed: (out) (transfer full) (nullable): when the path exists but
 *   not with @method, the methods it has, for a 405's Allow header
 *
 * Returns: (transfer none) (nullable): the route, or %NULL
 */
const LdRoute *
ld_router_match (LdRouter    *router,
                 const char  *method,
                 const char  *path,
                 GHashTable  *out_params,
                 char       **out_allowed)
{
  g_autoptr(GString) allowed = NULL;

  g_return_val_if_fail (router != NULL, NULL);

  /* The request's method first: the other methods' patterns are matched
   * only for a path that has none for it (a 405's Allow header). */
  for (guint i = 0; i < router->routes->len; i++)
    {
      const LdRoute *route = g_ptr_array_index (router->routes, i);

      /* The params are filled only when the whole path matches. */
      if (g_str_equal (route->method, method) &&
          ld_route_pattern_match (route->pattern, path, out_params))
        return route;
    }

  for (guint i = 0; i < router->routes->len; i++)
    {
      const LdRoute *route = g_ptr_array_index (router->routes, i);

      if (g_str_equal (route->method, method) ||
          !ld_route_pattern_match (route->pattern, path, NULL))
        continue;

      if (allowed == NULL)
        allowed = g_string_new (route->method);
      else
        g_string_append_printf (allowed, ", %s", route->method);
    }

  if (out_allowed != NULL)
    *out_allowed = allowed ? g_string_free (g_steal_pointer (&allowed), FALSE) : NULL;
  return NULL;
}

/**
 * ld_router_set_error_writer:
 * @router: a router
 * @prefix: a path prefix such as "/api/v1/fhir/"
 * @writer: how refusals under it are written
 *
 * Refusals under @prefix, including "nothing at this address" and those
 * before a handler runs (sign-in, permission), are written by @writer.
 */
void
ld_router_set_error_writer (LdRouter          *router,
                            const char        *prefix,
                            LdHttpErrorWriter  writer)
{
  g_return_if_fail (router != NULL && prefix != NULL && writer != NULL);

  g_ptr_array_add (router->error_prefixes, g_strdup (prefix));
  g_array_append_val (router->error_writers, writer);
}

/**
 * ld_router_error_writer_for:
 * @router: a router
 * @path: a request's path
 *
 * Returns: (nullable): the writer for refusals at @path; %NULL for the
 *   API's own shape
 */
LdHttpErrorWriter
ld_router_error_writer_for (LdRouter   *router,
                            const char *path)
{
  g_return_val_if_fail (router != NULL, NULL);

  for (guint i = 0; path != NULL && i < router->error_prefixes->len; i++)
    if (g_str_has_prefix (path, g_ptr_array_index (router->error_prefixes, i)))
      return g_array_index (router->error_writers, LdHttpErrorWriter, i);
  return NULL;
}
