/* ld-http-error.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-http"

#include "config.h"

#include "ld-error.h"
#include "ld-http-request.h"

/* The one place a store error becomes a wire error. */
static LdApiError
api_code_for_store_error (gint code)
{
  switch ((LdStoreError) code)
    {
    case LD_STORE_ERROR_NOT_FOUND:
      return LD_API_ERROR_NOT_FOUND;

    case LD_STORE_ERROR_CONFLICT:
    case LD_STORE_ERROR_CONSTRAINT:
      return LD_API_ERROR_CONFLICT;

    /* A race lost on every try (ld_http_request_run_retried()) is a busy
     * database to the client, which may try again. */
    case LD_STORE_ERROR_RETRY:
    case LD_STORE_ERROR_BUSY:
    case LD_STORE_ERROR_CORRUPT:
    case LD_STORE_ERROR_TOO_NEW:
    case LD_STORE_ERROR_IO:
      return LD_API_ERROR_UNAVAILABLE;

    default:
      return LD_API_ERROR_INTERNAL;
    }
}

/**
 * ld_http_respond_error:
 * @req: a request
 * @error: what went wrong, in any domain
 * @current: (nullable): for a conflict, the record as it is now
 *
 * Writes `{"error": {"code", "message", "fields"?}, "current"?}`; see
 * ld_http_respond_error_with().
 */
void
ld_http_respond_error (LdHttpRequest *req,
                       const GError  *error,
                       JsonNode      *current)
{
  ld_http_respond_error_with (req, error, current ? "current" : NULL, current);
}

/**
 * ld_http_respond_error_with:
 * @req: a request
 * @error: what went wrong, in any domain
 * @member: (nullable): a member to add beside "error", such as "candidates"
 * @member_value: (nullable): its value
 *
 * Writes the one error shape with the status that goes with the code (or
 * the shape of the request's error_writer, where @member is left out). An
 * error from outside our domains is a bug or an unforeseen failure: it is
 * logged with the request id and the client gets a plain "internal" answer
 * with nothing of the inside.
 */
void
ld_http_respond_error_with (LdHttpRequest *req,
                            const GError  *error,
                            const char    *member,
                            JsonNode      *member_value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTable *fields = NULL;
  const char *message;
  LdApiError code;

  if (error->domain == LD_API_ERROR)
    {
      code = error->code;
      message = error->message;
      fields = ld_api_error_get_fields (error);
    }
  else if (error->domain == LD_STORE_ERROR)
    {
      code = api_code_for_store_error (error->code);
      message = error->message;
      if (code == LD_API_ERROR_UNAVAILABLE)
        g_warning ("request %s: database: %s", req->request_id, error->message);
    }
  else
    {
      code = LD_API_ERROR_INTERNAL;
      message = "Something went wrong on the server. The error has been logged.";
      g_warning ("request %s: unexpected error: %s (%s %d)", req->request_id, error->message,
                 g_quark_to_string (error->domain), error->code);
    }

  if (req->error_writer != NULL)
    {
      req->error_code = ld_api_error_to_code (code);
      req->error_writer (req, code, message, fields);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, ld_api_error_to_code (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (fields != NULL && g_hash_table_size (fields) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  if (member != NULL && member_value != NULL)
    {
      json_builder_set_member_name (builder, member);
      json_builder_add_value (builder, json_node_ref (member_value));
    }
  json_builder_end_object (builder);

  req->error_code = ld_api_error_to_code (code);
  ld_http_respond_json (req, ld_api_error_to_status (code), builder);
}

/**
 * ld_http_error_taken:
 * @insert_error: why an insert failed
 * @field: the member whose value is taken, such as "id" or "code"
 * @message: what the desk reads, such as "This code is already in the catalogue."
 * @error: return location for the error to answer
 *
 * A unique key that is taken becomes 409 naming @field; any other
 * failure is passed on as it is.
 *
 * Returns: %FALSE, always, for the caller to return
 */
gboolean
ld_http_error_taken (const GError  *insert_error,
                     const char    *field,
                     const char    *message,
                     GError       **error)
{
  return ld_service_error_taken (insert_error, field, message, error);
}
