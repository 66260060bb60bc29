/* ld-http-request.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ld-http-thread.h"
#include "ld-json-out.h"
#include "ld-metrics.h"
#include "ld-user.h"
#include "ld-settings.h"
#include "../service/ld-service.h"
#include "../store/ld-store.h"

G_BEGIN_DECLS

/**
 * LdHttpRequest:
 *
 * Everything one request's handler needs: the message, the path
 * parameters, the signed-in user, the store and a request id for the logs.
 * It lives from dispatch until the response is set.
 */
typedef struct _LdHttpRequest LdHttpRequest;
typedef struct _LdAuditBatch LdAuditBatch;
typedef struct _LdReadPool LdReadPool;
typedef struct _LdSignInQueue LdSignInQueue;
typedef struct _LdAuditCheck LdAuditCheck;
typedef struct _LdBackupRunner LdBackupRunner;
typedef struct _LdInstrumentListener LdInstrumentListener;

/* One try of a request's work, run again by ld_http_request_run_retried(). */
typedef gboolean (*LdHttpAttemptFunc) (LdHttpRequest  *req,
                                       gpointer        data,
                                       GError        **error);
typedef void (*LdHttpFinishFunc) (LdHttpRequest *req,
                                  gpointer       user_data);
typedef void (*LdHttpContinueFunc) (LdHttpRequest *req,
                                    gconstpointer  route);
typedef struct _LdGateway LdGateway;
/* Writes a refusal in a shape other than the API's own (FHIR's
 * OperationOutcome); a path prefix chooses it (ld_router_set_error_writer()). */
typedef void (*LdHttpErrorWriter) (LdHttpRequest *req,
                                   LdApiError     code,
                                   const char    *message,
                                   GHashTable    *fields);

struct _LdHttpRequest
{
  /* Paused from its arrival until ld_http_request_finish() hands it back
   * to the HTTP thread, which writes the answer (ld-http-thread.c). */
  SoupServerMessage *msg;
  LdHttpThread      *http_thread;
  LdStore           *store;
  LdMetrics         *metrics;
  /* Reads that are audited queue their events here; see ld-audit-batch.c. */
  LdAuditBatch      *audit_batch;
  /* Reads that may run on a worker thread go here; see ld-read-pool.c. */
  LdReadPool        *read_pool;
  /* Sign-ins wait here for a password check; see ld-sign-in-queue.c. */
  LdSignInQueue     *sign_in_queue;
  /* The audit chain's background check; see ld-audit-check.c. */
  LdAuditCheck      *audit_check;
  /* Backups taken over HTTP; see ld-backup-runner.c. */
  LdBackupRunner    *backup_runner;
  /* The instruments' ports, restarted when an instrument changes. */
  LdInstrumentListener *instruments;
  const char        *method;
  const char        *path;
  const char        *route;
  GHashTable        *params;
  GHashTable        *query;
  char              *request_id;
  /* The client's address (behind a trusted proxy, the one it
   * forwarded), and what per-address limits count it by. */
  char              *client;
  char              *client_key;
  gsize              max_body_bytes;
  const char        *webhook_secret;
  /* (nullable): the payment gateway, when one is configured. */
  LdGateway         *gateway;
  /* (nullable): how refusals are written here, when not as the API's
   * {"error": …}. */
  LdHttpErrorWriter  error_writer;
  /* What a route's prepare step got ready before the handler's
   * transaction, and how the server then runs the handler
   * (ld_http_request_continue()). */
  gpointer           prepared;
  GDestroyNotify     prepared_free;
  LdHttpContinueFunc continue_func;
  gconstpointer      continue_route;
  gint64             started_us;
  /* The store's commits before this request, and the count to wait for
   * before answering (ld_http_request_note_writes()). */
  guint64            commits_before;
  guint64            durable_seq;
  LdUser            *user;
  char              *token_hash;
  LdSettings        *settings;
  /* Who acts in this request, for the services; see ld_http_request_get_service(). */
  LdServiceContext  *service;
  guint              status;
  const char        *error_code;
  gboolean           paused;
  /* The answer holds a one-time secret and must not be kept. */
  gboolean           answer_is_secret;
  LdHttpFinishFunc   finish_func;
  gpointer           finish_data;
  GDestroyNotify     finish_data_free;
};

LdHttpRequest *ld_http_request_new            (SoupServerMessage  *msg,
                                               LdStore            *store,
                                               GHashTable         *query,
                                               GPtrArray          *trusted_proxies);
void           ld_http_request_free           (LdHttpRequest      *req);
void           ld_http_request_set_finish_func (LdHttpRequest     *req,
                                               LdHttpFinishFunc    func,
                                               gpointer            data,
                                               GDestroyNotify      data_free);
void           ld_http_request_pause          (LdHttpRequest      *req);
gboolean       ld_http_request_is_paused      (LdHttpRequest      *req);
void           ld_http_request_resume         (LdHttpRequest      *req);
void           ld_http_request_finish         (LdHttpRequest      *req);
void           ld_http_request_set_prepared   (LdHttpRequest      *req,
                                               gpointer            prepared,
                                               GDestroyNotify      prepared_free);
void           ld_http_request_continue       (LdHttpRequest      *req);
void           ld_http_request_note_writes    (LdHttpRequest      *req);
gboolean       ld_http_request_run_retried    (LdHttpRequest      *req,
                                               LdHttpAttemptFunc   attempt,
                                               gpointer            data,
                                               GError            **error);
const char    *ld_http_request_get_param      (LdHttpRequest      *req,
                                               const char         *name);
const char    *ld_http_request_get_query      (LdHttpRequest      *req,
                                               const char         *name);
const LdSettings *ld_http_request_get_settings (LdHttpRequest     *req,
                                               GError            **error);
LdServiceContext *ld_http_request_get_service (LdHttpRequest     *req);

/* ld-http-json.c */
JsonObject    *ld_http_request_read_object    (LdHttpRequest      *req,
                                               GError            **error);
gboolean       ld_http_request_read_empty     (LdHttpRequest      *req,
                                               GError            **error);
void           ld_http_respond_json           (LdHttpRequest      *req,
                                               guint               status,
                                               JsonBuilder        *builder);
void           ld_http_respond_text           (LdHttpRequest      *req,
                                               guint               status,
                                               const char         *content_type,
                                               char               *body);
typedef void (*LdJsonWriteFunc) (gconstpointer  item,
                                 JsonBuilder   *builder);
typedef char *(*LdCursorFunc)   (gconstpointer  item);
typedef void (*LdJsonOutFunc)   (gconstpointer  item,
                                 LdJsonOut     *out);

char          *ld_http_page_to_string         (GPtrArray          *items,
                                               guint               limit,
                                               LdJsonOutFunc       write_item,
                                               LdCursorFunc        cursor_of);
void           ld_http_respond_page           (LdHttpRequest      *req,
                                               GPtrArray          *items,
                                               guint               limit,
                                               LdJsonWriteFunc     write_item,
                                               LdCursorFunc        cursor_of);
void           ld_http_respond_empty          (LdHttpRequest      *req,
                                               guint               status);
gboolean       ld_http_query_check_known      (LdHttpRequest      *req,
                                               const char * const *known,
                                               GError            **error);
gboolean       ld_http_query_get_limit        (LdHttpRequest      *req,
                                               guint               default_limit,
                                               guint               max_limit,
                                               guint              *out_limit,
                                               GError            **error);

/* ld-http-error.c */
void           ld_http_respond_error          (LdHttpRequest      *req,
                                               const GError       *error,
                                               JsonNode           *current);
gboolean       ld_http_error_taken            (const GError       *insert_error,
                                               const char         *field,
                                               const char         *message,
                                               GError            **error);
void           ld_http_respond_error_with     (LdHttpRequest      *req,
                                               const GError       *error,
                                               const char         *member,
                                               JsonNode           *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdHttpRequest, ld_http_request_free)

G_END_DECLS
