/* ld-api-patients.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every read of a patient is audited, as every write is; a search is
 * audited with its result count, never its text (a name is patient data).
 */

#define G_LOG_DOMAIN "ld-api-patients"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"
#include "ld-patient-apply.h"
#include "ld-patient-body.h"
#include "ld-read-pool.h"
#include "ld-service-patients.h"
#include "ld-text.h"

#define DEFAULT_PAGE 25
#define MAX_PAGE 100

static JsonNode *
patient_to_node (LdPatient *patient)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_patient_to_json (patient, builder);
  return json_builder_get_root (builder);
}

static void
respond_patient (LdHttpRequest *req,
                 guint          status,
                 LdPatient     *patient)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "patient");
  ld_patient_to_json (patient, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

/* 409 with the likely duplicates, so the desk can pick the existing record
 * (or register again on purpose with "allow_duplicate": true). */
static void
respond_duplicates (LdHttpRequest *req,
                    const GError  *error,
                    GPtrArray     *duplicates)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) candidates = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < duplicates->len; i++)
    ld_patient_to_json (g_ptr_array_index (duplicates, i), builder);
  json_builder_end_array (builder);
  candidates = json_builder_get_root (builder);

  ld_http_respond_error_with (req, error, "candidates", candidates);
}

/* POST /api/v1/patients */
static gboolean
create_patient (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autoptr(GError) local = NULL;
  gboolean allow_duplicate = FALSE;

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  patient = ld_patient_read_registration (body, &allow_duplicate, error);
  if (patient == NULL)
    return FALSE;

  if (!ld_service_register_patient (ld_http_request_get_service (req), patient, allow_duplicate,
                                    &duplicates, &local))
    {
      if (duplicates == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      respond_duplicates (req, local, duplicates);
      return TRUE;
    }

  respond_patient (req, SOUP_STATUS_CREATED, patient);
  return TRUE;
}

/* GET /api/v1/patients/{id} */
static gboolean
get_patient (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(LdPatient) patient =
               ld_service_read_patient (ld_http_request_get_service (req),
                                        ld_http_request_get_param (req, "id"), error);

  if (patient == NULL)
    return FALSE;

  respond_patient (req, SOUP_STATUS_OK, patient);
  return TRUE;
}

/* The body of a PATCH, applied to the patient as read in the change. */
typedef struct
{
  JsonObject *body;
  gint64      version;
} PatientEdit;

static gboolean
apply_patient_edit (LdServiceContext  *ctx,
                    gpointer           record,
                    gpointer           data,
                    GError           **error)
{
  PatientEdit *edit = data;
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (edit->body);
  g_auto(LdPatientRequest) request = { NULL };

  ld_patient_body_read_edit (reader, record, &request);
  edit->version = request.version;
  return ld_json_reader_finish (reader, error);
}

/* PATCH /api/v1/patients/{id} */
static gboolean
update_patient (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(LdPatient) current = NULL;
  g_autoptr(GError) local = NULL;
  PatientEdit edit = { NULL, 0 };

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  edit.body = body;
  patient = ld_service_edit_patient (ld_http_request_get_service (req),
                                     ld_http_request_get_param (req, "id"), apply_patient_edit,
                                     &edit, &edit.version, &current, &local);
  if (patient == NULL)
    {
      g_autoptr(JsonNode) node = NULL;

      if (current == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      node = patient_to_node (current);
      ld_http_respond_error (req, local, node);
      return TRUE;
    }

  respond_patient (req, SOUP_STATUS_OK, patient);
  return TRUE;
}

/* The cursor after a patient: its folded name and id, base64url, so the
 * next page starts exactly after it. */
static char *
patient_cursor (gconstpointer item)
{
  LdPatient *patient = (LdPatient *) item;
  g_autofree char *fold = ld_text_fold (ld_patient_get_name (patient));
  g_autofree char *raw = g_strconcat (fold, "\n", ld_patient_get_id (patient), NULL);
  char *cursor = g_base64_encode ((const guchar *) raw, strlen (raw));

  g_strdelimit (cursor, "+", '-');
  g_strdelimit (cursor, "/", '_');
  return cursor;
}

static gboolean
parse_cursor (const char  *cursor,
              char       **out_fold,
              char       **out_id)
{
  g_autofree char *text = g_strdup (cursor);
  g_autofree guchar *raw = NULL;
  g_autofree char *decoded = NULL;
  const char *newline;
  gsize length;

  g_strdelimit (text, "-", '+');
  g_strdelimit (text, "_", '/');
  raw = g_base64_decode (text, &length);
  decoded = g_strndup ((const char *) raw, length);
  newline = strchr (decoded, '\n');
  if (raw == NULL || length == 0 || newline == NULL || !g_utf8_validate (decoded, -1, NULL) ||
      !g_uuid_string_is_valid (newline + 1))
    return FALSE;

  *out_fold = g_strndup (decoded, newline - decoded);
  *out_id = g_strdup (newline + 1);
  return TRUE;
}

/* A search on its way: parsed on the server's thread, read and written
 * out on a reader thread (which keeps the server's thread free for other
 * requests), answered back on the server's thread. */
typedef struct
{
  /* Paused from the read until its audit event is written. */
  LdHttpRequest  *req;
  LdPatientQuery  query;
  char           *after_fold;
  char           *after_id;
  guint           limit;
  guint           n_shown;
  char           *page;
} Search;

static void
search_free (Search *search)
{
  ld_patient_query_clear (&search->query);
  g_free (search->after_fold);
  g_free (search->after_id);
  g_free (search->page);
  g_free (search);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Search, search_free)

/* On a reader thread, with its own connection. */
static gboolean
read_search (LdStore   *store,
             gpointer   data,
             GError   **error)
{
  Search *search = data;
  g_autoptr(GPtrArray) patients = NULL;

  patients = ld_store_patients_search (store, &search->query, search->after_fold,
                                       search->after_id, search->limit + 1, error);
  if (patients == NULL)
    return FALSE;

  search->n_shown = MIN (patients->len, search->limit);
  search->page = ld_http_page_to_string (patients, search->limit,
                                         (LdJsonOutFunc) ld_patient_write_json, patient_cursor);
  return TRUE;
}

/* Once the search's audit event is written, its answer leaves; if the
 * event could not be written, an error goes in its place. */
static void
search_audited (gpointer      user_data,
                const GError *error)
{
  LdHttpRequest *req = user_data;

  /* The error replaces the page (ld_http_respond_text()). */
  if (error != NULL)
    ld_http_respond_error (req, error, NULL);
  ld_http_request_resume (req);
}

/* Back on the server's thread. The answer leaves once its audit event is
 * written, with the others queued meanwhile (one sync for all of them). */
static void
answer_search (gpointer      data,
               const GError *error)
{
  Search *search = data;
  LdHttpRequest *req = search->req;

  if (error != NULL)
    {
      ld_http_respond_error (req, error, NULL);
      ld_http_request_resume (req);
      return;
    }

  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", g_steal_pointer (&search->page));
  ld_service_patients_audit_search (ld_http_request_get_service (req), req->audit_batch,
                                    search->query.kind, search->n_shown, search_audited, req);
}

/* GET /api/v1/patients?q=…&limit=…&after=… */
static gboolean
search_patients (LdHttpRequest  *req,
                 GError        **error)
{
  static const char * const known[] = { "q", "limit", "after", NULL };
  g_autoptr(Search) search = g_new0 (Search, 1);
  const char *after = ld_http_request_get_query (req, "after");
  const char *reason;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &search->limit, error))
    return FALSE;

  if (!ld_patient_query_parse (ld_http_request_get_query (req, "q"), &search->query, &reason))
    {
      GError *invalid = g_error_new (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                     "Search by name, phone, MRN or ID: q %s.", reason);
      ld_api_error_set_field (invalid, "q", reason);
      g_propagate_error (error, invalid);
      return FALSE;
    }

  if (after != NULL && !parse_cursor (after, &search->after_fold, &search->after_id))
    {
      GError *invalid = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                             "The page cursor is not valid.");
      ld_api_error_set_field (invalid, "after", "is not a cursor this server gave");
      g_propagate_error (error, invalid);
      return FALSE;
    }

  search->req = req;
  ld_http_request_pause (req);
  ld_read_pool_run (req->read_pool, read_search, answer_search, g_steal_pointer (&search),
                    (GDestroyNotify) search_free);
  return TRUE;
}

void
ld_api_patients_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/patients", search_patients);
  ld_router_add (router, "POST", "/api/v1/patients", create_patient);
  ld_router_add (router, "GET", "/api/v1/patients/{id}", get_patient);
  ld_router_add (router, "PATCH", "/api/v1/patients/{id}", update_patient);
}
