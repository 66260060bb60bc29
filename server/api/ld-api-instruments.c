/* ld-api-instruments.c: analyzers for the administrator, unmatched results for the lab
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34; see docs/api.md, "Instruments". The work is
 * ld-service-instruments.c's; a change to an instrument restarts its
 * port (ld-instrument-listener.c) once committed.
 */

#define G_LOG_DOMAIN "ld-api-instruments"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-instrument.h"
#include "ld-time.h"
#include "../instruments/ld-instrument-listener.h"
#include "../service/ld-service-instruments.h"

/* The unmatched list is worked down by the lab; more than this waiting is
 * a misconfigured instrument, shown in part. */
#define MAX_UNMATCHED 500
#define MAX_REASON_CHARS 500

static void
respond_instrument (LdHttpRequest      *req,
                    guint               status,
                    const LdInstrument *instrument)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instrument");
  ld_instrument_to_json (instrument, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

static void
restart_listeners (LdHttpRequest *req)
{
  if (req->instruments != NULL)
    ld_instrument_listener_reload (req->instruments);
}

/* GET /api/v1/instruments */
static gboolean
list_instruments (LdHttpRequest  *req,
                  GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ld_http_query_check_known (req, known, error) ||
      (instruments = ld_store_instruments_list (req->store, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < instruments->len; i++)
    ld_instrument_to_json (g_ptr_array_index (instruments, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* POST /api/v1/instruments */
static gboolean
create_instrument (LdHttpRequest  *req,
                   GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdInstrument) instrument = ld_instrument_new ();

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_instrument_read (instrument, reader);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_service_instruments_add (ld_http_request_get_service (req), instrument, error))
    return FALSE;

  restart_listeners (req);
  respond_instrument (req, SOUP_STATUS_CREATED, instrument);
  return TRUE;
}

/* PUT /api/v1/instruments/{id} */
static gboolean
update_instrument (LdHttpRequest  *req,
                   GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdInstrument) instrument = ld_instrument_new ();
  gint64 version = 0;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_instrument_read (instrument, reader);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  instrument->id = g_strdup (ld_http_request_get_param (req, "id"));
  if (!ld_service_instruments_edit (ld_http_request_get_service (req), instrument, version, error))
    return FALSE;

  restart_listeners (req);
  respond_instrument (req, SOUP_STATUS_OK, instrument);
  return TRUE;
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       at_us)
{
  g_autofree char *at = at_us > 0 ? ld_time_format_rfc3339 (at_us) : NULL;

  ld_json_builder_add_string (builder, name, at);
}

/* GET /api/v1/instruments/status */
static gboolean
instruments_status (LdHttpRequest  *req,
                    GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ld_http_query_check_known (req, known, error) ||
      (instruments = ld_store_instruments_list (req->store, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < instruments->len; i++)
    {
      const LdInstrument *instrument = g_ptr_array_index (instruments, i);
      LdInstrumentState state = { "stopped", 0, 0, NULL, 0 };
      LdInstrumentLast last = { 0 };

      if (!ld_store_instruments_last (req->store, instrument->id, &last, error))
        return FALSE;
      if (req->instruments != NULL)
        ld_instrument_listener_get_state (req->instruments, instrument->id, &state);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "id", instrument->id);
      ld_json_builder_add_string (builder, "name", instrument->name);
      ld_json_builder_add_string (builder, "protocol", instrument->protocol);
      ld_json_builder_add_bool (builder, "enabled", instrument->enabled);
      ld_json_builder_add_string (builder, "state", state.state);
      ld_json_builder_add_int (builder, "port", state.port);
      ld_json_builder_add_int (builder, "connections", state.connections);
      ld_json_builder_add_string (builder, "problem", state.problem);
      add_time (builder, "idle_closed_at", state.idle_closed_us);
      add_time (builder, "last_message_at", last.received_us);
      ld_json_builder_add_string (builder, "last_message", last.summary);
      json_builder_end_object (builder);
      g_free (state.problem);
      g_free (last.summary);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/unmatched-results[?state=open|all] */
static gboolean
list_unmatched (LdHttpRequest  *req,
                GError        **error)
{
  static const char * const known[] = { "state", NULL };
  const char *state = ld_http_request_get_query (req, "state");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  if (state != NULL && g_strcmp0 (state, "open") != 0 && g_strcmp0 (state, "all") != 0)
    {
      ld_api_refuse_query (error, "state", "must be \"open\" or \"all\"");
      return FALSE;
    }
  items = ld_store_unmatched_list (req->store, g_strcmp0 (state, "all") != 0, MAX_UNMATCHED,
                                   error);
  if (items == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_value (builder, ld_unmatched_result_to_json (g_ptr_array_index (items, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

static void
read_resolution (LdJsonReader          *reader,
                 LdUnmatchedResolution *resolution)
{
  gboolean attach;

  if (!ld_json_reader_get_string (reader, "action", LD_JSON_REQUIRED, &resolution->action))
    return;
  attach = g_strcmp0 (resolution->action, "attach") == 0;
  if (!attach && g_strcmp0 (resolution->action, "discard") != 0)
    {
      ld_json_reader_add_error (reader, "action", "must be \"attach\" or \"discard\"");
      return;
    }
  if (attach)
    {
      ld_json_reader_get_text (reader, "accession", LD_JSON_REQUIRED, LD_INSTRUMENT_MAX_CODE,
                               &resolution->accession);
      ld_json_reader_get_text (reader, "test_code", LD_JSON_REQUIRED, LD_INSTRUMENT_MAX_CODE,
                               &resolution->test_code);
    }
  else
    ld_json_reader_get_text (reader, "reason", LD_JSON_REQUIRED, MAX_REASON_CHARS,
                             &resolution->reason);
}

/* POST /api/v1/unmatched-results/{id}/resolve */
static gboolean
resolve_unmatched (LdHttpRequest  *req,
                   GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdUnmatchedResult) unmatched = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  LdUnmatchedResolution resolution = { NULL };
  gboolean ok;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  read_resolution (reader, &resolution);
  ok = ld_json_reader_finish (reader, error) &&
       (unmatched = ld_service_unmatched_resolve (ld_http_request_get_service (req),
                                                  ld_http_request_get_param (req, "id"),
                                                  &resolution, error)) != NULL;
  g_free (resolution.action);
  g_free (resolution.accession);
  g_free (resolution.test_code);
  g_free (resolution.reason);
  if (!ok)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "unmatched");
  json_builder_add_value (builder, ld_unmatched_result_to_json (unmatched));
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_instruments_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/instruments", list_instruments);
  ld_router_add (router, "POST", "/api/v1/instruments", create_instrument);
  ld_router_add (router, "GET", "/api/v1/instruments/status", instruments_status);
  ld_router_add (router, "PUT", "/api/v1/instruments/{id}", update_instrument);
  ld_router_add (router, "GET", "/api/v1/unmatched-results", list_unmatched);
  ld_router_add (router, "POST", "/api/v1/unmatched-results/{id}/resolve", resolve_unmatched);
}
