/* ld-config.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdConfig:
 * @listen_host: the address to listen on (127.0.0.1 unless configured)
 * @port: the port (8080; 0 picks a free one)
 * @db_path: the database: a SQLite file, or a PostgreSQL connection URI
 *   (`postgresql://…`, see ld_store_location_is_postgresql())
 * @tls_certificate: (nullable): a PEM certificate file; with @tls_key, serve HTTPS
 * @tls_key: (nullable): its PEM private key
 * @max_body_bytes: larger request bodies are refused with 413
 * @idle_timeout_s: a connection waiting this long for a request is closed
 * @request_timeout_s: a request must then arrive in full within this
 * @connections_per_address: connections one client address may hold
 * @sign_ins_per_minute: sign-ins one client address may start in a minute
 * @audit_key_path: (nullable): the audit chain's key file; %NULL: beside
 *   the database, as DB.audit-key (required on PostgreSQL)
 * @audit_head_path: (nullable): the audit chain's head file; %NULL: beside
 *   the database, as DB.audit-head (required on PostgreSQL)
 * @backup_dir: (nullable): where `POST /api/v1/backups` writes its copies;
 *   %NULL: backups are not taken over HTTP
 *
 * The server's configuration: a GKeyFile, then command-line overrides.
 */
typedef struct
{
  char   *listen_host;
  guint   port;
  char   *db_path;
  char   *tls_certificate;
  char   *tls_key;
  gsize   max_body_bytes;
  /* The payment gateway signs its callbacks with this; unset, none is accepted. */
  char   *webhook_secret;
  guint   idle_timeout_s;
  guint   request_timeout_s;
  guint   connections_per_address;
  guint   sign_ins_per_minute;
  char   *audit_key_path;
  char   *audit_head_path;
  char   *backup_dir;
  /* (element-type GInetAddress) (nullable): proxies whose X-Forwarded-For
   * names the client (ld-client-address.c). */
  GPtrArray *trusted_proxies;
} LdConfig;

#define LD_CONFIG_DEFAULT_PORT 8080
#define LD_CONFIG_DEFAULT_MAX_BODY (1024 * 1024)
#define LD_CONFIG_DEFAULT_IDLE_TIMEOUT 60
#define LD_CONFIG_DEFAULT_REQUEST_TIMEOUT 30
#define LD_CONFIG_DEFAULT_CONNECTIONS_PER_ADDRESS 100
#define LD_CONFIG_DEFAULT_SIGN_INS_PER_MINUTE 60

LdConfig *ld_config_new        (void);
LdConfig *ld_config_copy       (const LdConfig  *config);
void      ld_config_free       (LdConfig        *config);
gboolean  ld_config_load_file  (LdConfig        *config,
                                const char      *path,
                                GError         **error);
gboolean  ld_config_set_listen (LdConfig        *config,
                                const char      *host_port,
                                GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdConfig, ld_config_free)

G_END_DECLS
