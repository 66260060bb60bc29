/* ld-sms-config.c: the [sms] group, an HTTPS SMS gateway
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Indian transactional SMS is sent only with a template registered on the
 * DLT platform, whose id goes with every message: one
 * template-id.EVENT key per message template. The API key is read from a
 * file of its own, which only the server's account should be able to read.
 */

#define G_LOG_DOMAIN "ld-config"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ld-notify-templates.h"
#include "ld-sms-config.h"

#define TEMPLATE_ID_PREFIX "template-id."

static const char * const known_keys[] = {
  "url",          "method",         "content-type",  "body",
  "api-key-file", "api-key-header", "sender",        "message-id-member",
  "timeout",      "retry-after",    "give-up-after", NULL
};

void
ld_sms_config_free (LdSmsConfig *sms)
{
  if (sms == NULL)
    return;

  g_free (sms->url);
  g_free (sms->method);
  g_free (sms->content_type);
  g_free (sms->body);
  if (sms->api_key != NULL)
    memset (sms->api_key, 0, strlen (sms->api_key));
  g_free (sms->api_key);
  g_free (sms->api_key_header);
  g_free (sms->sender);
  g_clear_pointer (&sms->template_ids, g_hash_table_unref);
  g_free (sms->message_id_member);
  g_free (sms);
}

LdSmsConfig *
ld_sms_config_copy (const LdSmsConfig *sms)
{
  LdSmsConfig *copy;

  if (sms == NULL)
    return NULL;

  copy = g_memdup2 (sms, sizeof *sms);
  copy->url = g_strdup (sms->url);
  copy->method = g_strdup (sms->method);
  copy->content_type = g_strdup (sms->content_type);
  copy->body = g_strdup (sms->body);
  copy->api_key = g_strdup (sms->api_key);
  copy->api_key_header = g_strdup (sms->api_key_header);
  copy->sender = g_strdup (sms->sender);
  copy->template_ids = g_hash_table_ref (sms->template_ids);
  copy->message_id_member = g_strdup (sms->message_id_member);
  return copy;
}

/**
 * ld_sms_config_template_id:
 * @sms: (nullable): the [sms] group, or %NULL when SMS is off
 * @template_name: a message template
 *
 * Returns: (nullable): its registered template id; %NULL when it is not
 *   sent by SMS
 */
const char *
ld_sms_config_template_id (const LdSmsConfig *sms,
                           const char        *template_name)
{
  g_return_val_if_fail (template_name != NULL, NULL);

  if (sms == NULL)
    return NULL;
  return g_hash_table_lookup (sms->template_ids, template_name);
}

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *problem)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: [sms] %s", path, problem);
  return FALSE;
}

/* Reads one key, trimmed; an absent or empty key leaves @out as it is. */
static gboolean
read_string (GKeyFile    *keyfile,
             const char  *key,
             char       **out,
             GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *value = g_key_file_get_string (keyfile, "sms", key, &local);

  if (value == NULL)
    {
      if (g_error_matches (local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_strstrip (value);
  if (*value != '\0')
    {
      g_free (*out);
      *out = g_steal_pointer (&value);
    }
  return TRUE;
}

static gboolean
read_seconds (GKeyFile    *keyfile,
              const char  *path,
              const char  *key,
              guint64      max,
              guint       *out,
              GError     **error)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!read_string (keyfile, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      g_autofree char *problem =
        g_strdup_printf ("%s must be a number from 1 to %" G_GUINT64_FORMAT, key, max);

      return fail (error, path, problem);
    }
  *out = value;
  return TRUE;
}

/* https anywhere; http only to this machine, for a stand-in. */
static gboolean
is_allowed_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_str_equal (g_uri_get_scheme (uri), "https"))
    return TRUE;
  return g_str_equal (g_uri_get_scheme (uri), "http") &&
         g_str_equal (g_uri_get_host (uri), "127.0.0.1");
}

static gboolean
read_template_ids (GKeyFile     *keyfile,
                   const char   *path,
                   LdSmsConfig  *sms,
                   GError      **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, "sms", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *name = keys[i] + strlen (TEMPLATE_ID_PREFIX);
      g_autofree char *id = NULL;

      if (g_strv_contains (known_keys, keys[i]))
        continue;
      if (!g_str_has_prefix (keys[i], TEMPLATE_ID_PREFIX))
        {
          g_autofree char *problem = g_strdup_printf ("unknown key “%s”", keys[i]);

          return fail (error, path, problem);
        }
      if (!ld_notify_template_exists (name) || !ld_notify_sms_exists (name))
        {
          g_autofree char *problem =
            g_strdup_printf ("%s: there is no SMS message “%s”", keys[i], name);

          return fail (error, path, problem);
        }
      if (!read_string (keyfile, keys[i], &id, error))
        return FALSE;
      if (id != NULL)
        g_hash_table_insert (sms->template_ids, g_strdup (name), g_steal_pointer (&id));
    }
  return TRUE;
}

/**
 * ld_sms_config_read:
 * @keyfile: the configuration, with an [sms] group
 * @path: its file's name, for messages
 * @error: return location for a #GError
 *
 * Reads [sms]: url, sender and the body are needed, and the API key file
 * when it is named; the rest has defaults.
 *
 * Returns: (transfer full) (nullable): the group
 */
LdSmsConfig *
ld_sms_config_read (GKeyFile    *keyfile,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(LdSmsConfig) sms = g_new0 (LdSmsConfig, 1);
  g_autofree char *key_file = NULL;

  g_return_val_if_fail (keyfile != NULL && path != NULL, NULL);

  sms->method = g_strdup ("POST");
  sms->content_type = g_strdup ("application/json");
  sms->api_key_header = g_strdup ("Authorization: Bearer {key}");
  sms->template_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sms->timeout_s = 30;
  sms->retry_after_s = 60;
  sms->give_up_after_s = 24 * 3600;
  if (!read_string (keyfile, "url", &sms->url, error) ||
      !read_string (keyfile, "method", &sms->method, error) ||
      !read_string (keyfile, "content-type", &sms->content_type, error) ||
      !read_string (keyfile, "body", &sms->body, error) ||
      !read_string (keyfile, "api-key-file", &key_file, error) ||
      !read_string (keyfile, "api-key-header", &sms->api_key_header, error) ||
      !read_string (keyfile, "sender", &sms->sender, error) ||
      !read_string (keyfile, "message-id-member", &sms->message_id_member, error) ||
      !read_seconds (keyfile, path, "timeout", 600, &sms->timeout_s, error) ||
      !read_seconds (keyfile, path, "retry-after", 3600, &sms->retry_after_s, error) ||
      !read_seconds (keyfile, path, "give-up-after", 30 * 24 * 3600, &sms->give_up_after_s,
                     error) ||
      !read_template_ids (keyfile, path, sms, error))
    return NULL;

  if (sms->url == NULL || !is_allowed_url (sms->url))
    return fail (error, path, "url must be https (or http to 127.0.0.1)"), NULL;
  if (!g_str_equal (sms->method, "POST") && !g_str_equal (sms->method, "PUT"))
    return fail (error, path, "method must be POST or PUT"), NULL;
  if (!g_str_equal (sms->content_type, "application/json") &&
      !g_str_equal (sms->content_type, "application/x-www-form-urlencoded"))
    return fail (error, path,
                 "content-type must be application/json or application/x-www-form-urlencoded"),
           NULL;
  if (sms->body == NULL || strstr (sms->body, "{to}") == NULL ||
      strstr (sms->body, "{text}") == NULL)
    return fail (error, path, "needs a body with {to} and {text}"), NULL;
  if (sms->sender == NULL)
    return fail (error, path, "needs sender, the registered sender id"), NULL;
  if (strchr (sms->api_key_header, ':') == NULL ||
      strstr (sms->api_key_header, "{key}") == NULL || strchr (sms->api_key_header, '\n') != NULL)
    return fail (error, path, "api-key-header must be a header line with {key}"), NULL;
  if (key_file != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *text = NULL;

      if (!g_file_get_contents (key_file, &text, NULL, &local))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: [sms] cannot read api-key-file: %s", path, local->message);
          return NULL;
        }
      g_strstrip (text);
      if (*text == '\0' || strpbrk (text, "\r\n") != NULL)
        return fail (error, path, "api-key-file must hold one line, the key"), NULL;
      sms->api_key = g_steal_pointer (&text);
    }
  return g_steal_pointer (&sms);
}
