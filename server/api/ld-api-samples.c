/* ld-api-samples.c: collecting samples and their chain of custody
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change reads the body, hands it to the samples service
 * (server/service/ld-service-samples.c), which checks, writes, audits
 * and announces it in one transaction, and answers with what it returns.
 */

#define G_LOG_DOMAIN "ld-api-samples"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-sample-body.h"
#include "ld-service-samples.h"
#include "ld-store-samples.h"

static void
add_samples (LdJsonOut  *out,
             const char *name,
             GPtrArray  *samples)
{
  ld_json_out_begin_array (out, name);
  for (guint i = 0; i < samples->len; i++)
    ld_sample_write_json (g_ptr_array_index (samples, i), out);
  ld_json_out_end_array (out);
}

/* POST /api/v1/orders/{id}/collect */
static gboolean
collect_order (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_auto(LdCollectBody) collect = { NULL };
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GPtrArray) collected = NULL;
  LdJsonOut out;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_collect_body_read (reader, &collect);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_collect_order (ld_http_request_get_service (req),
                                    ld_http_request_get_param (req, "id"), collect.location,
                                    collect.note, collect.payment, &collected, error);
  if (saved == NULL)
    return FALSE;

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_name (&out, "order");
  ld_order_write_json (saved, &out);
  add_samples (&out, "samples", collected);
  ld_json_out_name (&out, "payment");
  if (collect.payment != NULL)
    ld_payment_write_json (collect.payment, &out);
  else
    ld_json_out_null (&out, NULL);
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, SOUP_STATUS_CREATED, "application/json", ld_json_out_end_text (&out));
  return TRUE;
}

/* GET /api/v1/orders/{id}/samples */
static gboolean
list_order_samples (LdHttpRequest  *req,
                    GError        **error)
{
  g_autoptr(LdOrder) order =
               ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error);
  g_autoptr(GPtrArray) samples = NULL;
  LdJsonOut out;

  if (order == NULL || !ld_api_care_check (req, order->patient_id, error) ||
      (samples = ld_store_samples_for_order (req->store, order->id, error)) == NULL)
    return FALSE;

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  add_samples (&out, "items", samples);
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", ld_json_out_end_text (&out));
  return TRUE;
}

static void
respond_sample (LdHttpRequest  *req,
                const LdSample *sample)
{
  LdJsonOut out;

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_name (&out, "sample");
  ld_sample_write_json (sample, &out);
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", ld_json_out_end_text (&out));
}

/* GET /api/v1/samples?accession=S26112100017: what a barcode scan finds. */
static gboolean
find_sample (LdHttpRequest  *req,
             GError        **error)
{
  static const char * const known[] = { "accession", NULL };
  const char *accession = ld_http_request_get_query (req, "accession");
  g_autoptr(LdSample) sample = NULL;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  if (accession == NULL || *accession == '\0')
    {
      ld_api_refuse_query (error, "accession", "is required");
      return FALSE;
    }

  sample = ld_store_samples_find (req->store, NULL, accession, error);
  if (sample == NULL)
    return FALSE;

  respond_sample (req, sample);
  return TRUE;
}

/* POST /api/v1/samples/{id}/custody: received, rejected, stored, disposed. */
static gboolean
add_custody (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdSample) saved = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(GError) local = NULL;
  g_auto(LdCustodyBody) custody = { 0 };
  LdCustodyStep step = { NULL };

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_custody_body_read (reader, &custody);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  step.sample_id = ld_http_request_get_param (req, "id");
  step.version = custody.version;
  step.event = custody.event;
  step.location = custody.location;
  step.note = custody.note;
  step.reason = custody.reason;
  step.recollect = custody.recollect;
  saved = ld_service_add_custody (ld_http_request_get_service (req), &step, &current, &local);
  if (saved == NULL && current != NULL)
    {
      /* A stale version: answered with the sample as it is now. */
      ld_http_respond_error (req, local, current);
      return TRUE;
    }
  if (saved == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  respond_sample (req, saved);
  return TRUE;
}

void
ld_api_samples_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/orders/{id}/collect", collect_order);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/samples", list_order_samples);
  ld_router_add (router, "GET", "/api/v1/samples", find_sample);
  ld_router_add (router, "POST", "/api/v1/samples/{id}/custody", add_custody);
}
