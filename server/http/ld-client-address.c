/* ld-client-address.c: who a request comes from, also behind a proxy
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Behind a load balancer every connection comes from the balancer, so
 * the audit log would name it and the per-address sign-in limits would
 * count the whole lab as one client. A proxy the configuration trusts
 * (`trusted-proxies`) names the client in X-Forwarded-For; anyone else
 * may send that header too, so it is read only from a trusted peer, and
 * from the right: each proxy appends the address it saw, so the first
 * address from the right that is not a trusted proxy is the client. A
 * list that does not parse names nobody: the peer it came from is used.
 */

#define G_LOG_DOMAIN "ld-client-address"

#include "config.h"

#include <string.h>

#include "ld-client-address.h"

/**
 * ld_client_address_parse_list:
 * @text: IP addresses separated by commas, semicolons or spaces
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT naming the
 *   first that is not an address
 *
 * Returns: (transfer full) (element-type GInetAddress) (nullable): the
 *   addresses, %NULL on error or when there are none
 */
GPtrArray *
ld_client_address_parse_list (const char  *text,
                              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  words = g_strsplit_set (text, ",; \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      GInetAddress *address;

      if (words[i][0] == '\0')
        continue;
      address = g_inet_address_new_from_string (words[i]);
      if (address == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is not an IP address", words[i]);
          return NULL;
        }
      g_ptr_array_add (list, address);
    }
  return list->len > 0 ? g_steal_pointer (&list) : NULL;
}

static gboolean
is_trusted (GPtrArray    *trusted_proxies,
            GInetAddress *address)
{
  for (guint i = 0; trusted_proxies != NULL && i < trusted_proxies->len; i++)
    if (g_inet_address_equal (g_ptr_array_index (trusted_proxies, i), address))
      return TRUE;
  return FALSE;
}

/**
 * ld_client_address_resolve:
 * @peer: the connection's remote address
 * @forwarded_for: (nullable): the request's X-Forwarded-For
 * @trusted_proxies: (nullable) (element-type GInetAddress): the
 *   configuration's `trusted-proxies`
 *
 * Returns: (transfer full): the client's address
 */
GInetAddress *
ld_client_address_resolve (GInetAddress *peer,
                           const char   *forwarded_for,
                           GPtrArray    *trusted_proxies)
{
  g_auto(GStrv) hops = NULL;

  g_return_val_if_fail (G_IS_INET_ADDRESS (peer), NULL);

  if (forwarded_for == NULL || !is_trusted (trusted_proxies, peer))
    return g_object_ref (peer);

  hops = g_strsplit (forwarded_for, ",", -1);
  for (guint i = g_strv_length (hops); i > 0; i--)
    {
      g_autoptr(GInetAddress) hop = g_inet_address_new_from_string (g_strstrip (hops[i - 1]));

      if (hop == NULL)
        break;
      if (!is_trusted (trusted_proxies, hop))
        return g_steal_pointer (&hop);
    }
  return g_object_ref (peer);
}

/**
 * ld_client_address_key:
 * @address: a client's address
 *
 * What per-address limits count by: an IPv4 address, or an IPv6 /64 (one
 * host may hold a whole /64).
 *
 * Returns: (transfer full): "192.0.2.7" or "2001:db8:1:2::/64"
 */
char *
ld_client_address_key (GInetAddress *address)
{
  g_autoptr(GInetAddress) prefix = NULL;
  g_autofree char *text = NULL;
  guint8 bytes[16] = { 0 };

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return g_inet_address_to_string (address);

  memcpy (bytes, g_inet_address_to_bytes (address), 8);
  prefix = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (prefix);
  return g_strconcat (text, "/64", NULL);
}
