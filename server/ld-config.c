/* ld-config.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-config"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ld-config.h"
#include "http/ld-client-address.h"
#include "notify/ld-mime.h"

LdMailConfig *
ld_mail_config_copy (const LdMailConfig *mail)
{
  LdMailConfig *copy;

  if (mail == NULL)
    return NULL;

  copy = g_memdup2 (mail, sizeof *mail);
  copy->host = g_strdup (mail->host);
  copy->user = g_strdup (mail->user);
  copy->password = g_strdup (mail->password);
  copy->from = g_strdup (mail->from);
  copy->from_name = g_strdup (mail->from_name);
  copy->reply_to = g_strdup (mail->reply_to);
  return copy;
}

void
ld_mail_config_free (LdMailConfig *mail)
{
  if (mail == NULL)
    return;

  g_free (mail->host);
  g_free (mail->user);
  if (mail->password != NULL)
    memset (mail->password, 0, strlen (mail->password));
  g_free (mail->password);
  g_free (mail->from);
  g_free (mail->from_name);
  g_free (mail->reply_to);
  g_free (mail);
}

LdGatewayConfig *
ld_gateway_config_copy (const LdGatewayConfig *gateway)
{
  LdGatewayConfig *copy;

  if (gateway == NULL)
    return NULL;

  copy = g_new0 (LdGatewayConfig, 1);
  copy->base_url = g_strdup (gateway->base_url);
  copy->key_id = g_strdup (gateway->key_id);
  copy->key_secret = g_strdup (gateway->key_secret);
  copy->checkout_script_url = g_strdup (gateway->checkout_script_url);
  return copy;
}

void
ld_gateway_config_free (LdGatewayConfig *gateway)
{
  if (gateway == NULL)
    return;

  g_free (gateway->base_url);
  g_free (gateway->key_id);
  if (gateway->key_secret != NULL)
    memset (gateway->key_secret, 0, strlen (gateway->key_secret));
  g_free (gateway->key_secret);
  g_free (gateway->checkout_script_url);
  g_free (gateway);
}

LdConfig *
ld_config_new (void)
{
  LdConfig *config = g_new0 (LdConfig, 1);

  config->listen_host = g_strdup ("127.0.0.1");
  config->port = LD_CONFIG_DEFAULT_PORT;
  config->db_path = g_strdup ("labdesk.db");
  config->max_body_bytes = LD_CONFIG_DEFAULT_MAX_BODY;
  config->idle_timeout_s = LD_CONFIG_DEFAULT_IDLE_TIMEOUT;
  config->request_timeout_s = LD_CONFIG_DEFAULT_REQUEST_TIMEOUT;
  config->instrument_idle_timeout_s = LD_CONFIG_DEFAULT_INSTRUMENT_IDLE_TIMEOUT;
  config->connections_per_address = LD_CONFIG_DEFAULT_CONNECTIONS_PER_ADDRESS;
  config->sign_ins_per_minute = LD_CONFIG_DEFAULT_SIGN_INS_PER_MINUTE;

  return config;
}

LdConfig *
ld_config_copy (const LdConfig *config)
{
  LdConfig *copy = g_memdup2 (config, sizeof *config);

  copy->listen_host = g_strdup (config->listen_host);
  copy->db_path = g_strdup (config->db_path);
  copy->tls_certificate = g_strdup (config->tls_certificate);
  copy->tls_key = g_strdup (config->tls_key);
  copy->webhook_secret = g_strdup (config->webhook_secret);
  copy->audit_key_path = g_strdup (config->audit_key_path);
  copy->audit_head_path = g_strdup (config->audit_head_path);
  copy->backup_dir = g_strdup (config->backup_dir);
  if (config->trusted_proxies != NULL)
    copy->trusted_proxies = g_ptr_array_ref (config->trusted_proxies);
  copy->mail = ld_mail_config_copy (config->mail);
  copy->sms = ld_sms_config_copy (config->sms);
  copy->gateway = ld_gateway_config_copy (config->gateway);

  return copy;
}

void
ld_config_free (LdConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->listen_host);
  g_free (config->db_path);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_free (config->webhook_secret);
  g_free (config->audit_key_path);
  g_free (config->audit_head_path);
  g_free (config->backup_dir);
  g_clear_pointer (&config->trusted_proxies, g_ptr_array_unref);
  g_clear_pointer (&config->mail, ld_mail_config_free);
  g_clear_pointer (&config->sms, ld_sms_config_free);
  g_clear_pointer (&config->gateway, ld_gateway_config_free);
  g_free (config);
}

/**
 * ld_config_set_listen:
 * @config: a configuration
 * @host_port: "HOST:PORT", "[IPv6]:PORT" or ":PORT"
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT
 *
 * Returns: %TRUE if @host_port could be read
 */
gboolean
ld_config_set_listen (LdConfig    *config,
                      const char  *host_port,
                      GError     **error)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  colon = host_port ? strrchr (host_port, ':') : NULL;
  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an address to listen on; write it as HOST:PORT, "
                   "for example 127.0.0.1:8080", host_port ? host_port : "");
      return FALSE;
    }

  host = g_strndup (host_port, colon - host_port);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *bare = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = bare;
    }
  if (*host == '\0')
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  if (!g_hostname_is_ip_address (host))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address to listen on.", host);
      return FALSE;
    }

  g_free (config->listen_host);
  config->listen_host = g_steal_pointer (&host);
  config->port = port;
  return TRUE;
}

static gboolean
read_group_string (GKeyFile    *keyfile,
                   const char  *group,
                   const char  *key,
                   char       **out_value,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (keyfile, group, key, &local_error);

  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
          g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_strstrip (value);
  g_free (*out_value);
  *out_value = *value ? g_steal_pointer (&value) : NULL;
  return TRUE;
}

static gboolean
read_optional_string (GKeyFile    *keyfile,
                      const char  *key,
                      char       **out_value,
                      GError     **error)
{
  return read_group_string (keyfile, "server", key, out_value, error);
}

/* Reads an optional whole number within [min, max]. */
static gboolean
read_group_uint (GKeyFile    *keyfile,
                 const char  *path,
                 const char  *group,
                 const char  *key,
                 guint64      min,
                 guint64      max,
                 guint       *out_value,
                 GError     **error)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!read_group_string (keyfile, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: %s must be a number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                   path, key, min, max);
      return FALSE;
    }
  *out_value = value;
  return TRUE;
}

static gboolean
read_optional_uint (GKeyFile    *keyfile,
                    const char  *path,
                    const char  *key,
                    guint64      min,
                    guint64      max,
                    guint       *out_value,
                    GError     **error)
{
  return read_group_uint (keyfile, path, "server", key, min, max, out_value, error);
}

static gboolean
check_group_keys (GKeyFile            *keyfile,
                  const char          *path,
                  const char          *group,
                  const char * const  *known_keys,
                  GError             **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "%s: unknown key “%s” in [%s]", path, keys[i], group);
        return FALSE;
      }
  return TRUE;
}

static gboolean
fail_mail (const char  *path,
           const char  *problem,
           GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: [mail] %s", path, problem);
  return FALSE;
}

/* Reads [mail]: host and from are needed, the rest has defaults. The
 * password is read from its own file, which only the server's account
 * should be able to read. */
static gboolean
read_mail (GKeyFile  *keyfile,
           const char *path,
           LdConfig  *config,
           GError   **error)
{
  static const char * const known_keys[] = {
    "host",     "port",    "tls",         "user",          "password-file", "from", "from-name",
    "reply-to", "timeout", "retry-after", "give-up-after", "attach-report", NULL
  };
  g_autoptr(LdMailConfig) mail = g_new0 (LdMailConfig, 1);
  g_autofree char *tls = NULL;
  g_autofree char *attach = NULL;
  g_autofree char *password_file = NULL;
  guint port = 0;

  mail->timeout_s = 60;
  mail->retry_after_s = 60;
  mail->give_up_after_s = 2 * 24 * 3600;
  if (!check_group_keys (keyfile, path, "mail", known_keys, error) ||
      !read_group_string (keyfile, "mail", "host", &mail->host, error) ||
      !read_group_uint (keyfile, path, "mail", "port", 1, 65535, &port, error) ||
      !read_group_string (keyfile, "mail", "tls", &tls, error) ||
      !read_group_string (keyfile, "mail", "user", &mail->user, error) ||
      !read_group_string (keyfile, "mail", "password-file", &password_file, error) ||
      !read_group_string (keyfile, "mail", "from", &mail->from, error) ||
      !read_group_string (keyfile, "mail", "from-name", &mail->from_name, error) ||
      !read_group_string (keyfile, "mail", "reply-to", &mail->reply_to, error) ||
      !read_group_uint (keyfile, path, "mail", "timeout", 1, 3600, &mail->timeout_s, error) ||
      !read_group_uint (keyfile, path, "mail", "retry-after", 1, 3600, &mail->retry_after_s,
                        error) ||
      !read_group_uint (keyfile, path, "mail", "give-up-after", 1, 30 * 24 * 3600,
                        &mail->give_up_after_s, error) ||
      !read_group_string (keyfile, "mail", "attach-report", &attach, error))
    return FALSE;

  if (attach != NULL && !g_str_equal (attach, "true") && !g_str_equal (attach, "false"))
    return fail_mail (path, "attach-report must be true or false", error);
  mail->attach_report = g_strcmp0 (attach, "true") == 0;

  if (mail->host == NULL)
    return fail_mail (path, "needs host", error);
  if (!ld_mime_address_is_valid (mail->from))
    return fail_mail (path, "needs from, an e-mail address", error);
  if (mail->reply_to != NULL && !ld_mime_address_is_valid (mail->reply_to))
    return fail_mail (path, "reply-to is not an e-mail address", error);

  if (tls == NULL || g_str_equal (tls, "starttls"))
    mail->tls = LD_MAIL_TLS_STARTTLS;
  else if (g_str_equal (tls, "starttls-optional"))
    mail->tls = LD_MAIL_TLS_STARTTLS_OPTIONAL;
  else if (g_str_equal (tls, "implicit"))
    mail->tls = LD_MAIL_TLS_IMPLICIT;
  else if (g_str_equal (tls, "none"))
    mail->tls = LD_MAIL_TLS_NONE;
  else
    return fail_mail (path, "tls must be none, starttls, starttls-optional or implicit", error);
  mail->port = port != 0 ? port : mail->tls == LD_MAIL_TLS_IMPLICIT ? 465 : 587;

  if ((mail->user == NULL) != (password_file == NULL))
    return fail_mail (path, "AUTH needs both user and password-file", error);
  if (password_file != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *text = NULL;

      if (!g_file_get_contents (password_file, &text, NULL, &local))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: [mail] cannot read password-file: %s", path, local->message);
          return FALSE;
        }
      g_strchomp (text);
      mail->password = g_steal_pointer (&text);
    }

  g_clear_pointer (&config->mail, ld_mail_config_free);
  config->mail = g_steal_pointer (&mail);
  return TRUE;
}

/* Reads a secret from a file of its own, which only the server's account
 * should be able to read; one line, its end trimmed. */
static gboolean
read_secret_file (const char  *path,
                  const char  *group,
                  const char  *key,
                  const char  *secret_path,
                  char       **out_secret,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;

  if (!g_file_get_contents (secret_path, &text, NULL, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: [%s] cannot read %s: %s", path,
                   group, key, local->message);
      return FALSE;
    }
  g_strstrip (text);
  if (*text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: [%s] %s is empty", path,
                   group, key);
      return FALSE;
    }
  g_free (*out_secret);
  *out_secret = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

/* Reads [gateway]: key-id and key-secret-file switch the gateway on; the
 * base URL and Checkout's script default to Razorpay's. The webhook
 * secret may be here (webhook-secret-file) or, as before, in [server]
 * (payment-webhook-secret), not both. */
static gboolean
read_gateway (GKeyFile   *keyfile,
              const char *path,
              LdConfig   *config,
              GError    **error)
{
  static const char * const known_keys[] = {
    "base-url", "key-id", "key-secret-file", "webhook-secret-file", "checkout-script-url", NULL
  };
  g_autoptr(LdGatewayConfig) gateway = g_new0 (LdGatewayConfig, 1);
  g_autofree char *key_secret_file = NULL;
  g_autofree char *webhook_secret_file = NULL;

  if (!check_group_keys (keyfile, path, "gateway", known_keys, error) ||
      !read_group_string (keyfile, "gateway", "base-url", &gateway->base_url, error) ||
      !read_group_string (keyfile, "gateway", "key-id", &gateway->key_id, error) ||
      !read_group_string (keyfile, "gateway", "key-secret-file", &key_secret_file, error) ||
      !read_group_string (keyfile, "gateway", "webhook-secret-file", &webhook_secret_file,
                          error) ||
      !read_group_string (keyfile, "gateway", "checkout-script-url",
                          &gateway->checkout_script_url, error))
    return FALSE;

  if (webhook_secret_file != NULL)
    {
      if (config->webhook_secret != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: the webhook secret is set twice: keep [gateway] webhook-secret-file "
                       "or [server] payment-webhook-secret", path);
          return FALSE;
        }
      if (!read_secret_file (path, "gateway", "webhook-secret-file", webhook_secret_file,
                             &config->webhook_secret, error))
        return FALSE;
    }

  if ((gateway->key_id == NULL) != (key_secret_file == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: [gateway] needs both key-id and key-secret-file", path);
      return FALSE;
    }
  if (gateway->key_id == NULL)
    {
      if (gateway->base_url != NULL || gateway->checkout_script_url != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: [gateway] needs key-id and key-secret-file", path);
          return FALSE;
        }
      return TRUE;
    }
  if (!read_secret_file (path, "gateway", "key-secret-file", key_secret_file,
                         &gateway->key_secret, error))
    return FALSE;

  if (gateway->base_url == NULL)
    gateway->base_url = g_strdup (LD_GATEWAY_DEFAULT_BASE_URL);
  if (gateway->checkout_script_url == NULL)
    gateway->checkout_script_url = g_strdup (LD_GATEWAY_DEFAULT_CHECKOUT_SCRIPT_URL);
  if (!is_web_url (gateway->base_url) || !is_web_url (gateway->checkout_script_url))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: [gateway] base-url and checkout-script-url must be http:// or https:// "
                   "addresses", path);
      return FALSE;
    }

  g_clear_pointer (&config->gateway, ld_gateway_config_free);
  config->gateway = g_steal_pointer (&gateway);
  return TRUE;
}

/**
 * ld_config_load_file:
 * @config: a configuration to update
 * @path: a GKeyFile with a [server] group
 * @error: return location for an error naming the file and the key
 *
 * Unknown keys are refused, so a misspelt setting is not silently ignored.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_config_load_file (LdConfig    *config,
                     const char  *path,
                     GError     **error)
{
  static const char * const known_keys[] = { "listen",
                                             "database",
                                             "tls-certificate",
                                             "tls-key",
                                             "max-body-bytes",
                                             "payment-webhook-secret",
                                             "idle-timeout",
                                             "request-timeout",
                                             "instrument-idle-timeout",
                                             "connections-per-address",
                                             "sign-ins-per-minute",
                                             "audit-key",
                                             "audit-head",
                                             "backup-dir",
                                             "trusted-proxies",
                                             NULL };
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *max_body = NULL;
  g_autofree char *trusted = NULL;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot read the configuration file %s: %s", path, local_error->message);
      return FALSE;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!g_str_equal (groups[i], "server") && !g_str_equal (groups[i], "mail") &&
        !g_str_equal (groups[i], "gateway") && !g_str_equal (groups[i], "sms"))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "%s: unknown group [%s]", path, groups[i]);
        return FALSE;
      }

  if (!check_group_keys (keyfile, path, "server", known_keys, error))
    return FALSE;
  if (g_key_file_has_group (keyfile, "mail") && !read_mail (keyfile, path, config, error))
    return FALSE;
  if (g_key_file_has_group (keyfile, "sms"))
    {
      LdSmsConfig *sms = ld_sms_config_read (keyfile, path, error);

      if (sms == NULL)
        return FALSE;
      g_clear_pointer (&config->sms, ld_sms_config_free);
      config->sms = sms;
    }

  if (!read_optional_string (keyfile, "listen", &listen, error) ||
      !read_optional_string (keyfile, "database", &config->db_path, error) ||
      !read_optional_string (keyfile, "tls-certificate", &config->tls_certificate, error) ||
      !read_optional_string (keyfile, "tls-key", &config->tls_key, error) ||
      !read_optional_string (keyfile, "max-body-bytes", &max_body, error) ||
      !read_optional_string (keyfile, "payment-webhook-secret", &config->webhook_secret, error) ||
      !read_optional_uint (keyfile, path, "idle-timeout", 1, 3600, &config->idle_timeout_s,
                           error) ||
      !read_optional_uint (keyfile, path, "request-timeout", 1, 3600, &config->request_timeout_s,
                           error) ||
      !read_optional_uint (keyfile, path, "instrument-idle-timeout", 1, 86400,
                           &config->instrument_idle_timeout_s, error) ||
      !read_optional_uint (keyfile, path, "connections-per-address", 1, 100000,
                           &config->connections_per_address, error) ||
      !read_optional_uint (keyfile, path, "sign-ins-per-minute", 1, 100000,
                           &config->sign_ins_per_minute, error) ||
      !read_optional_string (keyfile, "audit-key", &config->audit_key_path, error) ||
      !read_optional_string (keyfile, "audit-head", &config->audit_head_path, error) ||
      !read_optional_string (keyfile, "backup-dir", &config->backup_dir, error) ||
      !read_optional_string (keyfile, "trusted-proxies", &trusted, error))
    return FALSE;
  /* After [server], which may hold the webhook secret too. */
  if (g_key_file_has_group (keyfile, "gateway") && !read_gateway (keyfile, path, config, error))
    return FALSE;

  if (trusted != NULL)
    {
      g_autoptr(GError) local = NULL;
      GPtrArray *list = ld_client_address_parse_list (trusted, &local);

      if (local != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: trusted-proxies: %s", path, local->message);
          return FALSE;
        }
      g_clear_pointer (&config->trusted_proxies, g_ptr_array_unref);
      config->trusted_proxies = list;
    }

  if (listen != NULL && !ld_config_set_listen (config, listen, error))
    return FALSE;

  if (max_body != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (max_body, 10, 1024, 1024 * 1024 * 1024, &value, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: max-body-bytes must be a number from 1024 to 1073741824", path);
          return FALSE;
        }
      config->max_body_bytes = value;
    }

  if ((config->tls_certificate == NULL) != (config->tls_key == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: TLS needs both tls-certificate and tls-key", path);
      return FALSE;
    }

  return TRUE;
}
