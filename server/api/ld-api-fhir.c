/* ld-api-fhir.c: released reports as FHIR R4, read by id and searched by patient and date
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read-only, answered as application/fhir+json; refusals under
 * /api/v1/fhir/ are OperationOutcomes (write_outcome()). What is written is in
 * docs/fhir.md.
 */

#define G_LOG_DOMAIN "ld-api-fhir"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-service-fhir.h"
#include "ld-time.h"

#define FHIR_CONTENT_TYPE "application/fhir+json"
#define FHIR_PREFIX "/api/v1/fhir/"
#define SEARCH_PATH FHIR_PREFIX "DiagnosticReport"

/* Pages of a search: each report carries its PDF, so pages are short. */
#define SEARCH_DEFAULT_COUNT 10
#define SEARCH_MAX_COUNT 50

static gboolean
refuse_param (GError     **error,
              const char  *name,
              const char  *problem)
{
  GError *local = g_error_new (LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                               "This search cannot be read: %s %s.", name, problem);

  ld_api_error_set_field (local, name, problem);
  g_propagate_error (error, local);
  return FALSE;
}

/* A refusal as FHIR clients read one, with the status that goes with it. */
static void
write_outcome (LdHttpRequest *req,
               LdApiError     code,
               const char    *message,
               GHashTable    *fields)
{
  g_autoptr(JsonNode) outcome = ld_fhir_outcome_new (code, message, fields);

  ld_http_respond_text (req, ld_api_error_to_status (code), FHIR_CONTENT_TYPE,
                        ld_fhir_to_string (outcome));
}

static void
respond_fhir (LdHttpRequest *req,
              JsonNode      *resource)
{
  ld_http_respond_text (req, SOUP_STATUS_OK, FHIR_CONTENT_TYPE, ld_fhir_to_string (resource));
}

static const char *
get_base (LdHttpRequest  *req,
          GError        **error,
          gboolean       *out_ok)
{
  const LdSettings *settings = ld_http_request_get_settings (req, error);

  *out_ok = settings != NULL;
  return settings != NULL ? settings->public_base_url : NULL;
}

/* GET /api/v1/fhir/DiagnosticReport/{id}: the Bundle of one released report. */
static gboolean
get_report (LdHttpRequest  *req,
            GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(LdFhirReport) report = NULL;
  g_autoptr(JsonNode) bundle = NULL;
  const char *base;
  gboolean ok;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  base = get_base (req, error, &ok);
  if (!ok)
    return FALSE;

  report = ld_service_fhir_read_report (ld_http_request_get_service (req),
                                        ld_permissions_lookup (req->method, req->route),
                                        ld_http_request_get_param (req, "id"), error);
  if (report == NULL)
    return FALSE;

  bundle = ld_fhir_report_bundle (report, base);
  respond_fhir (req, bundle);
  return TRUE;
}

typedef struct
{
  char   *patient;
  char   *date_ge;
  char   *date_le;
  char   *date_eq;
  char   *after;
  guint   count;
  gint64  from_us;
  gint64  until_us;
} SearchParams;

static void
search_params_clear (SearchParams *params)
{
  g_clear_pointer (&params->patient, g_free);
  g_clear_pointer (&params->date_ge, g_free);
  g_clear_pointer (&params->date_le, g_free);
  g_clear_pointer (&params->date_eq, g_free);
  g_clear_pointer (&params->after, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchParams, search_params_clear)

static gboolean
set_once (char       **slot,
          const char  *name,
          const char  *value,
          GError     **error)
{
  if (*slot != NULL)
    return refuse_param (error, name, "is given twice");
  *slot = g_strdup (value);
  return TRUE;
}

/* date=geYYYY-MM-DD, date=leYYYY-MM-DD or date=YYYY-MM-DD (that day). */
static gboolean
read_date (SearchParams  *params,
           const char    *value,
           GError       **error)
{
  if (g_str_has_prefix (value, "ge"))
    return set_once (&params->date_ge, "date", value + 2, error);
  if (g_str_has_prefix (value, "le"))
    return set_once (&params->date_le, "date", value + 2, error);
  if (g_str_has_prefix (value, "eq"))
    value += 2;
  if (g_ascii_isalpha (value[0]))
    return refuse_param (error, "date", "takes only the prefixes ge, le and eq");
  return set_once (&params->date_eq, "date", value, error);
}

static gboolean
read_param (SearchParams  *params,
            const char    *name,
            const char    *value,
            GError       **error)
{
  guint64 count;

  if (g_str_equal (name, "patient"))
    {
      if (g_str_has_prefix (value, "Patient/"))
        value += strlen ("Patient/");
      if (!g_uuid_string_is_valid (value))
        return refuse_param (error, "patient", "must be a patient's id");
      return set_once (&params->patient, name, value, error);
    }
  if (g_str_equal (name, "date"))
    return read_date (params, value, error);
  if (g_str_equal (name, "_count"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, SEARCH_MAX_COUNT, &count, NULL))
        return refuse_param (error, "_count", "must be a whole number from 1 to 50");
      params->count = count;
      return TRUE;
    }
  if (g_str_equal (name, "_after"))
    {
      if (!g_uuid_string_is_valid (value))
        return refuse_param (error, "_after", "must be the link a search answered");
      return set_once (&params->after, name, value, error);
    }
  return refuse_param (error, name, "is not a search parameter here");
}

static gboolean
read_day (const char  *text,
          GTimeZone   *zone,
          gint64      *out_from_us,
          gint64      *out_until_us,
          GError     **error)
{
  if (!ld_api_parse_day (text, zone, out_from_us, out_until_us))
    return refuse_param (error, "date", "must be a date such as 2026-11-22");
  return TRUE;
}

/* The period: from the start of the ge day, until the end of the le
 * day (both in the lab's time zone); a bare date is that day alone. */
static gboolean
read_period (SearchParams  *params,
             GError       **error)
{
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  gint64 from_us, until_us;

  params->from_us = 0;
  params->until_us = G_MAXINT64;
  if (params->date_eq != NULL && (params->date_ge != NULL || params->date_le != NULL))
    return refuse_param (error, "date", "takes one day or a period, not both");
  if (params->date_eq != NULL)
    return read_day (params->date_eq, zone, &params->from_us, &params->until_us, error);
  if (params->date_ge != NULL)
    {
      if (!read_day (params->date_ge, zone, &from_us, &until_us, error))
        return FALSE;
      params->from_us = from_us;
    }
  if (params->date_le != NULL)
    {
      if (!read_day (params->date_le, zone, &from_us, &until_us, error))
        return FALSE;
      params->until_us = until_us;
    }
  if (params->from_us >= params->until_us)
    return refuse_param (error, "date", "ends before it starts");
  return TRUE;
}

/* The query is read here, not from the request's table: `date` comes
 * twice (date=ge…&date=le…), and a table keeps one. */
static gboolean
read_search (LdHttpRequest  *req,
             SearchParams   *params,
             GError        **error)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (req->msg));
  g_auto(GStrv) pairs = NULL;

  params->count = SEARCH_DEFAULT_COUNT;
  pairs = g_strsplit (query != NULL ? query : "", "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      char *equals;

      if (pairs[i][0] == '\0')
        continue;
      equals = strchr (pairs[i], '=');
      if (equals != NULL)
        *equals = '\0';
      name = g_uri_unescape_string (pairs[i], NULL);
      value = equals != NULL ? g_uri_unescape_string (equals + 1, NULL) : g_strdup ("");
      if (name == NULL || value == NULL || !g_utf8_validate (value, -1, NULL))
        return refuse_param (error, name != NULL ? name : "query", "is not readable text");
      if (value[0] == '\0')
        return refuse_param (error, name, "is empty");
      if (!read_param (params, name, value, error))
        return FALSE;
    }
  if (params->patient == NULL)
    return refuse_param (error, "patient", "is required");
  return read_period (params, error);
}

/* Where the search is reached from outside: the lab's public address
 * when it has one, else the address this request came to. */
static char *
dup_search_url (LdHttpRequest      *req,
                const char         *base,
                const SearchParams *params,
                const char         *after)
{
  GString *url = g_string_new (NULL);
  g_autofree char *patient = g_uri_escape_string (params->patient, NULL, FALSE);

  if (base != NULL && base[0] != '\0')
    {
      g_string_append (url, base);
      if (url->str[url->len - 1] == '/')
        g_string_truncate (url, url->len - 1);
    }
  else
    {
      GUri *uri = soup_server_message_get_uri (req->msg);
      g_autofree char *origin =
        g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                    g_uri_get_port (uri), "", NULL, NULL);

      g_string_append (url, origin);
    }
  g_string_append_printf (url, "%s?patient=%s", SEARCH_PATH, patient);
  if (params->date_eq != NULL)
    g_string_append_printf (url, "&date=%s", params->date_eq);
  if (params->date_ge != NULL)
    g_string_append_printf (url, "&date=ge%s", params->date_ge);
  if (params->date_le != NULL)
    g_string_append_printf (url, "&date=le%s", params->date_le);
  g_string_append_printf (url, "&_count=%u", params->count);
  if (after != NULL)
    g_string_append_printf (url, "&_after=%s", after);
  return g_string_free (url, FALSE);
}

/* GET /api/v1/fhir/DiagnosticReport?patient=…&date=ge…&date=le…&_count=…:
 * a searchset Bundle of the patient's released reports. */
static gboolean
search_reports (LdHttpRequest  *req,
                GError        **error)
{
  g_auto(SearchParams) params = { NULL };
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(JsonNode) bundle = NULL;
  g_autofree char *self_url = NULL;
  g_autofree char *next_url = NULL;
  LdFhirSearch search;
  const char *base;
  gboolean ok, more = FALSE;

  if (!read_search (req, &params, error))
    return FALSE;
  base = get_base (req, error, &ok);
  if (!ok)
    return FALSE;

  search.patient_id = params.patient;
  search.from_us = params.from_us;
  search.until_us = params.until_us;
  search.after_id = params.after;
  search.limit = params.count;
  reports = ld_service_fhir_search_reports (ld_http_request_get_service (req),
                                            ld_permissions_lookup (req->method, req->route),
                                            &search, &more, error);
  if (reports == NULL)
    return FALSE;

  self_url = dup_search_url (req, base, &params, params.after);
  if (more)
    {
      const LdFhirReport *last = g_ptr_array_index (reports, reports->len - 1);

      next_url = dup_search_url (req, base, &params, last->report->id);
    }
  bundle = ld_fhir_search_bundle (reports, base, self_url, next_url);
  respond_fhir (req, bundle);
  return TRUE;
}

void
ld_api_fhir_register (LdRouter *router)
{
  ld_router_set_error_writer (router, FHIR_PREFIX, write_outcome);
  ld_router_add (router, "GET", SEARCH_PATH "/{id}", get_report);
  ld_router_add (router, "GET", SEARCH_PATH, search_reports);
}
