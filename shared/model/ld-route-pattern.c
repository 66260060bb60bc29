/* ld-route-pattern.c: an API route's pattern matched against a request's path
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pattern is a path whose whole segments may be parameters,
 * "/api/v1/orders/{id}/payments". The server's router picks a request's
 * route with it and the client's request gate (ld_command_check_request())
 * finds the command a request runs with it, so the two cannot disagree on
 * which route a path is.
 */

#include "config.h"

#include <string.h>

#include "ld-route-pattern.h"

/* Walks @pattern and @path together; with @out_params, each parameter's
 * name and its segment, unescaped, go there. */
static gboolean
walk (const char *pattern,
      const char *path,
      GHashTable *out_params)
{
  while (*pattern != '\0' && *path != '\0')
    {
      if (*pattern == '{')
        {
          const char *name_end = strchr (pattern, '}');
          const char *value = path;

          /* A parameter is a whole segment, never an empty one. */
          if (name_end == NULL || *path == '/')
            return FALSE;
          while (*path != '\0' && *path != '/')
            path++;
          if (out_params != NULL)
            g_hash_table_insert (out_params, g_strndup (pattern + 1, name_end - pattern - 1),
                                 g_uri_unescape_segment (value, path, NULL));
          pattern = name_end + 1;
          continue;
        }
      if (*pattern++ != *path++)
        return FALSE;
    }
  return *pattern == '\0' && *path == '\0';
}

/**
 * ld_route_pattern_match:
 * @pattern: a route's pattern, "/api/v1/orders/{id}/payments"
 * @path: a request's path, without its query
 * @out_params: (nullable): where each parameter's name and value (the
 *   segment unescaped; %NULL if its escapes are not valid) go when it
 *   matches
 *
 * Returns: whether @path is @pattern with each parameter one non-empty
 *   segment
 */
gboolean
ld_route_pattern_match (const char *pattern,
                        const char *path,
                        GHashTable *out_params)
{
  g_return_val_if_fail (pattern != NULL && path != NULL, FALSE);

  if (!walk (pattern, path, NULL))
    return FALSE;
  if (out_params != NULL)
    walk (pattern, path, out_params);
  return TRUE;
}
