/* ld-http-json.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-http"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-http-request.h"

static gboolean
content_type_is_json (SoupMessageHeaders *headers)
{
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  return content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") == 0;
}

/**
 * ld_http_request_read_object:
 * @req: a request
 * @error: return location for an %LD_API_ERROR
 *
 * The one way a handler reads its body: JSON content type, valid UTF-8,
 * one JSON object. (Oversized bodies never reach here; the server refuses
 * them while reading.)
 *
 * Returns: (transfer full) (nullable): the object
 */
JsonObject *
ld_http_request_read_object (LdHttpRequest  *req,
                             GError        **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = NULL;

  if (!content_type_is_json (soup_server_message_get_request_headers (req->msg)))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The request body must be JSON (Content-Type: application/json).");
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The request body is empty.");
      return NULL;
    }

  return ld_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

/**
 * ld_http_request_read_empty:
 * @req: a request
 * @error: return location for an %LD_API_ERROR
 *
 * For an action whose body is `{}`: the body is read by the same rules as
 * any other, and any member is refused as unknown, so a malformed or
 * misdirected request never carries the action out.
 *
 * Returns: %TRUE if the body is an empty object
 */
gboolean
ld_http_request_read_empty (LdHttpRequest  *req,
                            GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  return ld_json_reader_finish (reader, error);
}

/**
 * ld_http_respond_text:
 * @req: a request
 * @status: the HTTP status
 * @content_type: the body's type
 * @body: (transfer full): the body
 *
 * Sets the one answer: whatever was set before (a handler's answer whose
 * commit then failed, a write run again) goes, since libsoup appends a
 * response to the body it holds.
 */
void
ld_http_respond_text (LdHttpRequest *req,
                      guint          status,
                      const char    *content_type,
                      char          *body)
{
  soup_server_message_set_status (req->msg, status, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_TAKE,
                                    body, strlen (body));
  req->status = status;
}

void
ld_http_respond_json (LdHttpRequest *req,
                      guint          status,
                      JsonBuilder   *builder)
{
  ld_http_respond_text (req, status, "application/json", ld_json_builder_to_string (builder));
}

/* `{"items": […], "next": cursor | null}`, each item written by
 * @to_out or, for records not yet written through LdJsonOut, into the
 * builder by @to_builder. Lists are read one row longer than the page:
 * that extra row's presence is what says there is a next page, so no count
 * query is needed. */
static void
write_page (LdJsonOut       *out,
            GPtrArray       *items,
            guint            limit,
            LdJsonOutFunc    to_out,
            LdJsonWriteFunc  to_builder,
            LdCursorFunc     cursor_of)
{
  ld_json_out_begin_object (out, NULL);
  ld_json_out_begin_array (out, "items");
  for (guint i = 0; i < MIN (items->len, limit); i++)
    {
      if (to_out != NULL)
        to_out (g_ptr_array_index (items, i), out);
      else
        to_builder (g_ptr_array_index (items, i), ld_json_out_get_builder (out));
    }
  ld_json_out_end_array (out);
  if (items->len > limit)
    {
      g_autofree char *cursor = cursor_of (g_ptr_array_index (items, limit - 1));
      ld_json_out_string (out, "next", cursor);
    }
  else
    ld_json_out_null (out, "next");
  ld_json_out_end_object (out);
}

/**
 * ld_http_page_to_string:
 * @items: up to @limit + 1 items, as the store listed them
 * @limit: the page size the client asked for
 * @write_item: writes one item
 * @cursor_of: the keyset cursor that follows an item
 *
 * Writes the page ld_http_respond_page() answers, as text and without
 * json-glib's tree. It touches no request, so the reader thread that read
 * a page can write it too.
 *
 * Returns: (transfer full): the JSON text
 */
char *
ld_http_page_to_string (GPtrArray     *items,
                        guint          limit,
                        LdJsonOutFunc  write_item,
                        LdCursorFunc   cursor_of)
{
  LdJsonOut out;

  g_return_val_if_fail (write_item != NULL, NULL);

  ld_json_out_init_text (&out);
  write_page (&out, items, limit, write_item, NULL, cursor_of);
  return ld_json_out_end_text (&out);
}

/**
 * ld_http_respond_page:
 * @req: a request
 * @items: up to @limit + 1 items, as the store listed them
 * @limit: the page size the client asked for
 * @write_item: writes one item into a JsonBuilder
 * @cursor_of: the keyset cursor that follows an item
 *
 * Answers `{"items": […], "next": cursor | null}`.
 */
void
ld_http_respond_page (LdHttpRequest   *req,
                      GPtrArray       *items,
                      guint            limit,
                      LdJsonWriteFunc  write_item,
                      LdCursorFunc     cursor_of)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  write_page (&out, items, limit, NULL, write_item, cursor_of);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
}

void
ld_http_respond_empty (LdHttpRequest *req,
                       guint          status)
{
  soup_server_message_set_status (req->msg, status, NULL);
  req->status = status;
}

/**
 * ld_http_query_get_limit:
 * @req: a request
 * @default_limit: when `limit` is absent
 * @max_limit: the most a page may hold
 * @out_limit: (out): the page size
 * @error: return location for a %LD_API_ERROR_VALIDATION_FAILED
 *
 * Returns: %TRUE if `limit` is absent or a whole number from 1 to @max_limit
 */
gboolean
ld_http_query_get_limit (LdHttpRequest  *req,
                         guint           default_limit,
                         guint           max_limit,
                         guint          *out_limit,
                         GError        **error)
{
  const char *text = ld_http_request_get_query (req, "limit");
  guint64 value;

  if (text == NULL)
    {
      *out_limit = default_limit;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 1, max_limit, &value, NULL))
    {
      GError *local = g_error_new (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                   "The page size must be a whole number from 1 to %u.",
                                   max_limit);
      ld_api_error_set_field (local, "limit", "is out of range");
      g_propagate_error (error, local);
      return FALSE;
    }

  *out_limit = value;
  return TRUE;
}

/**
 * ld_http_query_check_known:
 * @req: a request
 * @known: the query parameters the endpoint reads
 * @error: return location for a %LD_API_ERROR_BAD_REQUEST naming the others
 *
 * Query parameters follow the body's rule: an unknown one is refused, so a
 * misspelt filter never silently lists everything.
 *
 * Returns: %TRUE if every parameter is known
 */
gboolean
ld_http_query_check_known (LdHttpRequest       *req,
                           const char * const  *known,
                           GError             **error)
{
  GHashTableIter iter;
  gpointer key;

  if (req->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, req->query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_strv_contains (known, key))
        {
          GError *local = g_error_new (LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                                       "Unknown query parameter: %s.", (const char *) key);
          ld_api_error_set_field (local, key, "is not a known parameter");
          g_propagate_error (error, local);
          return FALSE;
        }
    }

  return TRUE;
}
