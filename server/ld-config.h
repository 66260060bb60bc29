/* ld-config.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "notify/ld-sms-config.h"

G_BEGIN_DECLS

typedef enum
{
  LD_MAIL_TLS_NONE,
  LD_MAIL_TLS_STARTTLS,
  LD_MAIL_TLS_STARTTLS_OPTIONAL,
  LD_MAIL_TLS_IMPLICIT,
} LdMailTls;

/**
 * LdMailConfig:
 * @host: the SMTP submission server
 * @port: its port (587 for STARTTLS, 465 for implicit TLS)
 * @tls: how the connection is secured
 * @user: (nullable): the AUTH user name; %NULL: no AUTH
 * @password: (nullable): its password, read from the password-file
 * @from: the From address
 * @from_name: (nullable): the From display name; %NULL: the lab's name
 * @reply_to: (nullable): the Reply-To address
 * @timeout_s: one message's send may take this long
 * @retry_after_s: the first retry after a temporary failure; each next
 *   waits twice as long, up to an hour
 * @give_up_after_s: a message still not sent this long after its change
 *   is given up
 * @attach_report: whether a "report ready" or "report amended" e-mail
 *   carries the released report's kept PDF (attach-report, off by
 *   default: a link is safer, since mail can go astray)
 *
 * The [mail] group: where patient notifications are sent through.
 */
typedef struct
{
  char      *host;
  guint      port;
  LdMailTls  tls;
  char      *user;
  char      *password;
  char      *from;
  char      *from_name;
  char      *reply_to;
  guint      timeout_s;
  guint      retry_after_s;
  guint      give_up_after_s;
  gboolean   attach_report;
} LdMailConfig;

/**
 * LdGatewayConfig:
 * @base_url: the Orders API's base (https://api.razorpay.com, or the
 *   stand-in's http://127.0.0.1:PORT)
 * @key_id: the API key id ("rzp_live_…"), also given to Checkout
 * @key_secret: its secret, read from the key-secret-file
 * @checkout_script_url: where the patient's browser loads Checkout from
 *
 * The [gateway] group: online payments go through the gateway. Without
 * it an online attempt gets a gateway order id made up by the server, and
 * the desk records its outcome by hand (or the signed webhook does).
 */
typedef struct
{
  char *base_url;
  char *key_id;
  char *key_secret;
  char *checkout_script_url;
} LdGatewayConfig;

#define LD_GATEWAY_DEFAULT_BASE_URL "https://api.razorpay.com"
#define LD_GATEWAY_DEFAULT_CHECKOUT_SCRIPT_URL "https://checkout.razorpay.com/v1/checkout.js"

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
 * @instrument_idle_timeout_s: an instrument's connection sending nothing
 *   this long is closed (server/instruments/)
 * @connections_per_address: connections one client address may hold
 * @sign_ins_per_minute: sign-ins one client address may start in a minute
 * @audit_key_path: (nullable): the audit chain's key file; %NULL: beside
 *   the database, as DB.audit-key (required on PostgreSQL)
 * @audit_head_path: (nullable): the audit chain's head file; %NULL: beside
 *   the database, as DB.audit-head (required on PostgreSQL)
 * @backup_dir: (nullable): where `POST /api/v1/backups` writes its copies;
 *   %NULL: backups are not taken over HTTP
 * @mail: (nullable): the [mail] group; %NULL: no e-mail is sent (the
 *   outbox's messages wait)
 * @sms: (nullable): the [sms] group; %NULL: no message is written for SMS
 * @gateway: (nullable): the [gateway] group; %NULL: online attempts get
 *   local gateway order ids
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
  guint   instrument_idle_timeout_s;
  guint   connections_per_address;
  guint   sign_ins_per_minute;
  char   *audit_key_path;
  char   *audit_head_path;
  char   *backup_dir;
  /* (element-type GInetAddress) (nullable): proxies whose X-Forwarded-For
   * names the client (ld-client-address.c). */
  GPtrArray *trusted_proxies;
  LdMailConfig *mail;
  LdSmsConfig *sms;
  LdGatewayConfig *gateway;
} LdConfig;

#define LD_CONFIG_DEFAULT_PORT 8080
#define LD_CONFIG_DEFAULT_MAX_BODY (1024 * 1024)
#define LD_CONFIG_DEFAULT_IDLE_TIMEOUT 60
#define LD_CONFIG_DEFAULT_REQUEST_TIMEOUT 30
#define LD_CONFIG_DEFAULT_INSTRUMENT_IDLE_TIMEOUT 600
#define LD_CONFIG_DEFAULT_CONNECTIONS_PER_ADDRESS 100
#define LD_CONFIG_DEFAULT_SIGN_INS_PER_MINUTE 60

LdMailConfig *ld_mail_config_copy (const LdMailConfig *mail);
void          ld_mail_config_free (LdMailConfig       *mail);
LdGatewayConfig *ld_gateway_config_copy (const LdGatewayConfig *gateway);
void             ld_gateway_config_free (LdGatewayConfig       *gateway);

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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdMailConfig, ld_mail_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdGatewayConfig, ld_gateway_config_free)

G_END_DECLS
