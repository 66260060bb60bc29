/* ld-api-appointments.c: doctors' schedules, appointments, the queue, visits
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change reads its body and hands it to the appointments or visits
 * service (server/service/ld-service-appointments.c,
 * ld-service-visits.c), which checks, writes, audits and announces it in
 * one transaction; reads go to the store, need-to-know checked for the
 * visit record.
 */

#define G_LOG_DOMAIN "ld-api-appointments"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-schedule.h"
#include "ld-service-appointments.h"
#include "ld-service-visits.h"
#include "ld-time.h"

#define SLOTS_DEFAULT 20
#define SLOTS_MAX     200

static void
respond_schedule (LdHttpRequest     *req,
                  guint              status,
                  const LdSchedule  *schedule)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schedule");
  ld_schedule_to_json (schedule, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

static void
respond_appointment (LdHttpRequest        *req,
                     guint                 status,
                     const LdAppointment  *appointment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "appointment");
  ld_appointment_to_json (appointment, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

static void
respond_visit (LdHttpRequest  *req,
               guint           status,
               const LdVisit  *visit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "visit");
  ld_visit_to_json (visit, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

/* A doctor reads their own schedule, queue and appointments; the desk
 * and the administrator anyone's. */
static gboolean
check_own (LdHttpRequest  *req,
           const char     *doctor_id,
           GError        **error)
{
  LdRole roles = ld_user_get_roles (req->user);

  if ((roles & (LD_ROLE_RECEPTION | LD_ROLE_ADMIN)) != 0 ||
      g_strcmp0 (ld_user_get_id (req->user), doctor_id) == 0)
    return TRUE;

  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                       "This is another doctor's day.");
  return FALSE;
}

/* The {id} of a doctor's path names a doctor, or there is none. */
static gboolean
find_doctor (LdHttpRequest  *req,
             const char     *doctor_id,
             GError        **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LdUser) user = ld_store_users_get (req->store, doctor_id, &local);

  if (user == NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (user == NULL || (ld_user_get_roles (user) & LD_ROLE_DOCTOR) == 0)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND, "There is no such doctor.");
      return FALSE;
    }
  return TRUE;
}

/* GET /api/v1/doctors/{id}/schedule */
static gboolean
get_schedule (LdHttpRequest  *req,
              GError        **error)
{
  const char *doctor_id = ld_http_request_get_param (req, "id");
  g_autoptr(LdSchedule) schedule = NULL;

  if (!find_doctor (req, doctor_id, error) || !check_own (req, doctor_id, error) ||
      (schedule = ld_store_schedules_get (req->store, doctor_id, error)) == NULL)
    return FALSE;

  respond_schedule (req, SOUP_STATUS_OK, schedule);
  return TRUE;
}

/* PUT /api/v1/doctors/{id}/schedule */
static gboolean
put_schedule (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdSchedule) schedule = ld_schedule_new ();
  g_autoptr(LdSchedule) saved = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_schedule_read (schedule, reader);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  schedule->doctor_id = g_strdup (ld_http_request_get_param (req, "id"));
  saved = ld_service_set_schedule (ld_http_request_get_service (req), schedule, error);
  if (saved == NULL)
    return FALSE;

  respond_schedule (req, SOUP_STATUS_OK, saved);
  return TRUE;
}

/* POST /api/v1/doctors/{id}/leave */
static gboolean
add_leave (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdSchedule) saved = NULL;
  g_autofree char *day = NULL;
  g_autofree char *reason = NULL;
  gint64 midnight;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  if (ld_json_reader_get_string (reader, "day", LD_JSON_REQUIRED, &day) &&
      !ld_schedule_parse_day (day, &midnight))
    ld_json_reader_add_error (reader, "day", "must be a date such as 2026-12-01");
  ld_json_reader_get_text (reader, "reason", LD_JSON_NULLABLE, LD_APPOINTMENT_REASON_MAX,
                           &reason);
  if (!ld_json_reader_finish (reader, error) ||
      !find_doctor (req, ld_http_request_get_param (req, "id"), error))
    return FALSE;

  saved = ld_service_add_leave (ld_http_request_get_service (req),
                                ld_http_request_get_param (req, "id"), day, reason, error);
  if (saved == NULL)
    return FALSE;

  respond_schedule (req, SOUP_STATUS_CREATED, saved);
  return TRUE;
}

/* GET /api/v1/slots?doctor_id=…|speciality=…&from=2026-12-01&limit=20 */
static gboolean
list_slots (LdHttpRequest  *req,
            GError        **error)
{
  static const char * const known[] = { "doctor_id", "speciality", "from", "limit", NULL };
  const char *doctor_id = ld_http_request_get_query (req, "doctor_id");
  const char *speciality = ld_http_request_get_query (req, "speciality");
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GArray) slots = NULL;
  gint64 from = ld_time_now (), until = 0;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, SLOTS_DEFAULT, SLOTS_MAX, &limit, error) ||
      !ld_api_query_get_day (req, "from", FALSE, &from, &until, error))
    return FALSE;
  if ((doctor_id == NULL) == (speciality == NULL))
    {
      ld_api_refuse_query (error, "doctor_id", "give a doctor_id or a speciality, not both");
      return FALSE;
    }

  slots = ld_service_free_slots (req->store, doctor_id, speciality, from, limit, error);
  if (slots == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      const LdFreeSlot *slot = &g_array_index (slots, LdFreeSlot, i);
      g_autofree char *start = ld_time_format_rfc3339 (slot->start_us);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "doctor_id", slot->doctor_id);
      ld_json_builder_add_string (builder, "start", start);
      ld_json_builder_add_string (builder, "room", slot->room);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

static void
read_start (LdJsonReader *reader,
            gboolean      required,
            gint64       *out_start_us)
{
  g_autofree char *start = NULL;

  if (ld_json_reader_get_string (reader, "start", required ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                                 &start) &&
      !ld_time_parse_rfc3339 (start, out_start_us))
    ld_json_reader_add_error (reader, "start", "must be a time such as 2026-12-01T10:30:00+05:30");
}

/* POST /api/v1/appointments: a booking, or a walk-in. */
static gboolean
book_appointment (LdHttpRequest  *req,
                  GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdAppointment) saved = NULL;
  g_autofree char *doctor_id = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *note = NULL;
  LdBooking booking = { NULL };

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_string (reader, "doctor_id", LD_JSON_REQUIRED, &doctor_id);
  ld_json_reader_get_string (reader, "patient_id", LD_JSON_REQUIRED, &patient_id);
  ld_json_reader_get_bool (reader, "walk_in", LD_JSON_OPTIONAL, &booking.walk_in);
  ld_json_reader_get_bool (reader, "overbook", LD_JSON_OPTIONAL, &booking.overbook);
  read_start (reader, !booking.walk_in, &booking.start_us);
  if (booking.walk_in && ld_json_reader_has (reader, "start"))
    ld_json_reader_add_error (reader, "start", "is not for a walk-in");
  ld_json_reader_get_text (reader, "note", LD_JSON_NULLABLE, LD_APPOINTMENT_REASON_MAX, &note);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  booking.doctor_id = doctor_id;
  booking.patient_id = patient_id;
  booking.note = note;
  saved = ld_service_book_appointment (ld_http_request_get_service (req), &booking, error);
  if (saved == NULL)
    return FALSE;

  respond_appointment (req, SOUP_STATUS_CREATED, saved);
  return TRUE;
}

/* GET /api/v1/appointments/{id} */
static gboolean
get_appointment (LdHttpRequest  *req,
                 GError        **error)
{
  g_autoptr(LdAppointment) appointment =
               ld_store_appointments_get (req->store, ld_http_request_get_param (req, "id"), error);

  if (appointment == NULL || !check_own (req, appointment->doctor_id, error))
    return FALSE;

  respond_appointment (req, SOUP_STATUS_OK, appointment);
  return TRUE;
}

/* POST /api/v1/appointments/{id}/<action>: {"version": 3, …} */
static gboolean
move_appointment (LdHttpRequest        *req,
                  LdAppointmentAction   action,
                  GError              **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdAppointment) saved = NULL;
  g_autofree char *reason = NULL;
  LdAppointmentStep step = { NULL };

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &step.version);
  if (action == LD_APPOINTMENT_RESCHEDULE)
    {
      read_start (reader, TRUE, &step.start_us);
      ld_json_reader_get_bool (reader, "overbook", LD_JSON_OPTIONAL, &step.overbook);
    }
  if (action == LD_APPOINTMENT_CANCEL)
    {
      ld_json_reader_get_text (reader, "reason", LD_JSON_REQUIRED, LD_APPOINTMENT_REASON_MAX,
                               &reason);
      ld_json_reader_get_bool (reader, "share_reason", LD_JSON_OPTIONAL, &step.share_reason);
    }
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  step.id = ld_http_request_get_param (req, "id");
  step.action = action;
  step.reason = reason;
  saved = ld_service_move_appointment (ld_http_request_get_service (req), &step, error);
  if (saved == NULL)
    return FALSE;

  respond_appointment (req, SOUP_STATUS_OK, saved);
  return TRUE;
}

static gboolean
reschedule_appointment (LdHttpRequest *req, GError **error)
{
  return move_appointment (req, LD_APPOINTMENT_RESCHEDULE, error);
}

static gboolean
cancel_appointment (LdHttpRequest *req, GError **error)
{
  return move_appointment (req, LD_APPOINTMENT_CANCEL, error);
}

static gboolean
check_in_appointment (LdHttpRequest *req, GError **error)
{
  return move_appointment (req, LD_APPOINTMENT_CHECK_IN, error);
}

static gboolean
start_appointment (LdHttpRequest *req, GError **error)
{
  return move_appointment (req, LD_APPOINTMENT_START, error);
}

static gboolean
finish_appointment (LdHttpRequest *req, GError **error)
{
  return move_appointment (req, LD_APPOINTMENT_FINISH, error);
}

static gboolean
no_show_appointment (LdHttpRequest *req, GError **error)
{
  return move_appointment (req, LD_APPOINTMENT_NO_SHOW, error);
}

/* GET /api/v1/doctors/{id}/queue?day=2026-12-01 (today when absent) */
static gboolean
get_queue (LdHttpRequest  *req,
           GError        **error)
{
  static const char * const known[] = { "day", NULL };
  const char *doctor_id = ld_http_request_get_param (req, "id");
  const char *asked = ld_http_request_get_query (req, "day");
  g_autofree char *day = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 midnight;

  if (!ld_http_query_check_known (req, known, error) || !find_doctor (req, doctor_id, error) ||
      !check_own (req, doctor_id, error))
    return FALSE;
  if (asked != NULL && !ld_schedule_parse_day (asked, &midnight))
    {
      ld_api_refuse_query (error, "day", "must be a date such as 2026-12-01");
      return FALSE;
    }
  day = asked != NULL ? g_strdup (asked) : ld_schedule_day_of (ld_time_now ());
  queue = ld_service_doctor_queue (req->store, doctor_id, day, error);
  if (queue == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "doctor_id", doctor_id);
  ld_json_builder_add_string (builder, "day", day);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < queue->len; i++)
    ld_appointment_to_json (g_ptr_array_index (queue, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/appointments/{id}/visit */
static gboolean
get_visit (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdAppointment) appointment =
               ld_store_appointments_get (req->store, ld_http_request_get_param (req, "id"), error);
  g_autoptr(LdVisit) visit = NULL;

  if (appointment == NULL || !ld_api_care_check (req, appointment->patient_id, error) ||
      (visit = ld_store_visits_get (req->store, appointment->id, error)) == NULL)
    return FALSE;

  respond_visit (req, SOUP_STATUS_OK, visit);
  return TRUE;
}

/* GET /api/v1/patients/{id}/visits?limit=…: the patient's visits, the
 * latest first, each with its appointment's day, time and doctor. */
static gboolean
get_patient_visits (LdHttpRequest  *req,
                    GError        **error)
{
  static const char * const known[] = { "limit", NULL };
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, 20, 100, &limit, error))
    return FALSE;
  visits = ld_service_patient_visits (ld_http_request_get_service (req),
                                      ld_permissions_lookup (req->method, req->route),
                                      ld_http_request_get_param (req, "id"), limit, error);
  if (visits == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < visits->len; i++)
    {
      const LdVisitSeen *seen = g_ptr_array_index (visits, i);
      g_autoptr(JsonNode) node = ld_visit_to_node (seen->visit);
      JsonObject *object = json_node_get_object (node);

      json_object_set_string_member (object, "day", seen->appointment->day);
      if (seen->appointment->slot_us != 0)
        {
          g_autofree char *start = ld_time_format_rfc3339 (seen->appointment->slot_us);

          json_object_set_string_member (object, "start", start);
        }
      else
        json_object_set_null_member (object, "start");
      json_object_set_string_member (object, "doctor_name", seen->appointment->doctor_name);
      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* PUT /api/v1/appointments/{id}/visit */
static gboolean
put_visit (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdVisit) saved = NULL;
  g_auto(LdVisitBody) visit = { 0 };

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_visit_body_read (reader, &visit);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_write_visit (ld_http_request_get_service (req),
                                  ld_http_request_get_param (req, "id"), &visit, error);
  if (saved == NULL)
    return FALSE;

  respond_visit (req, SOUP_STATUS_OK, saved);
  return TRUE;
}

/* POST /api/v1/appointments/{id}/visit/sign */
static gboolean
sign_visit (LdHttpRequest  *req,
            GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdVisit) saved = NULL;
  gint64 version = 0;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_sign_visit (ld_http_request_get_service (req),
                                 ld_http_request_get_param (req, "id"), version, error);
  if (saved == NULL)
    return FALSE;

  respond_visit (req, SOUP_STATUS_OK, saved);
  return TRUE;
}

void
ld_api_appointments_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/doctors/{id}/schedule", get_schedule);
  ld_router_add (router, "PUT", "/api/v1/doctors/{id}/schedule", put_schedule);
  ld_router_add (router, "POST", "/api/v1/doctors/{id}/leave", add_leave);
  ld_router_add (router, "GET", "/api/v1/doctors/{id}/queue", get_queue);
  ld_router_add (router, "GET", "/api/v1/slots", list_slots);
  ld_router_add (router, "POST", "/api/v1/appointments", book_appointment);
  ld_router_add (router, "GET", "/api/v1/appointments/{id}", get_appointment);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/reschedule", reschedule_appointment);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/cancel", cancel_appointment);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/check-in", check_in_appointment);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/start", start_appointment);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/finish", finish_appointment);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/no-show", no_show_appointment);
  ld_router_add (router, "GET", "/api/v1/appointments/{id}/visit", get_visit);
  ld_router_add (router, "PUT", "/api/v1/appointments/{id}/visit", put_visit);
  ld_router_add (router, "GET", "/api/v1/patients/{id}/visits", get_patient_visits);
  ld_router_add (router, "POST", "/api/v1/appointments/{id}/visit/sign", sign_visit);
}
