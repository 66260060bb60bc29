/* ld-seed-demo-steps.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step of the demo's story as the desk, the doctor or the bench does
 * it: one or a few calls of the real API, checked for the answer the step
 * expects, keeping what the server answered for the next step.
 */

#define G_LOG_DOMAIN "ld-seed"

#include "config.h"

#include <math.h>
#include <libsoup/soup.h>

#include "ld-json.h"
#include "ld-seed-demo-private.h"
#include "ld-states.h"
#include "ld-time.h"


static JsonObject *call (LdDemo      *demo,
                         LdDemoActor  actor,
                         const char  *method,
                         JsonBuilder *body,
                         guint        status,
                         GError     **error,
                         const char  *path_format,
                         ...) G_GNUC_PRINTF (7, 8);

static JsonObject *
call (LdDemo       *demo,
      LdDemoActor   actor,
      const char   *method,
      JsonBuilder  *body,
      guint         status,
      GError      **error,
      const char   *path_format,
      ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);

  return ld_demo_client_call (demo->client, actor, method, path, body, status, error);
}

static JsonBuilder *
begin_body (void)
{
  JsonBuilder *body = json_builder_new ();

  json_builder_begin_object (body);
  return body;
}

static JsonBuilder *
end_body (JsonBuilder *body)
{
  json_builder_end_object (body);
  return body;
}

/* Keeps what the server answered of the order: its version, what is due
 * and which technician holds it. */
static void
note_order (LdDemo      *demo,
            LdDemoVisit *visit,
            JsonObject  *answer)
{
  JsonObject *order = ld_demo_object (answer, "order");
  const char *technician;

  if (order == NULL)
    return;
  visit->version = ld_demo_int (order, "version");
  visit->balance_paise = ld_demo_int (order, "balance_paise");
  visit->paid_paise = ld_demo_int (order, "paid_paise");
  technician = ld_demo_string (order, "technician_id");
  if (technician != NULL)
    visit->bench =
      g_strcmp0 (technician, ld_demo_client_user_id (demo->client, LD_DEMO_SUNITA)) == 0
        ? LD_DEMO_SUNITA
        : LD_DEMO_TECHNICIAN;
  if (ld_demo_array (answer, "results") != NULL)
    {
      g_clear_pointer (&visit->results, json_array_unref);
      visit->results = json_array_ref (ld_demo_array (answer, "results"));
    }
}

/* POSTs @body to the order's @action ("payments", "collect"…) and keeps
 * what the server answered of the order. */
static JsonObject *
post_to_order (LdDemo       *demo,
               LdDemoVisit  *visit,
               LdDemoActor   actor,
               const char   *action,
               JsonBuilder  *body,
               guint         status,
               GError      **error)
{
  JsonObject *answer = call (demo, actor, "POST", end_body (body), status, error,
                             "/api/v1/orders/%s/%s", visit->id, action);

  if (answer != NULL)
    note_order (demo, visit, answer);
  return answer;
}

/* One element of a "results" list: a result as the client last saw it,
 * and a value when one is sent. */
static void
add_result (JsonBuilder *body,
            JsonObject  *result,
            const char  *value)
{
  json_builder_begin_object (body);
  ld_json_builder_add_string (body, "test_code", ld_demo_string (result, "test_code"));
  ld_json_builder_add_int (body, "version", ld_demo_int (result, "version"));
  if (value != NULL)
    ld_json_builder_add_string (body, "value", value);
  json_builder_end_object (body);
}

/* A verifier telephones the doctor about a critical value as the value is
 * entered, and the doctor reads it back (issue 18). */
static void
add_result_with_call (JsonBuilder *body,
                      JsonObject  *result)
{
  const char *flag = json_object_get_string_member_with_default (result, "flag", NULL);

  if (g_strcmp0 (flag, "critical_low") != 0 && g_strcmp0 (flag, "critical_high") != 0)
    {
      add_result (body, result, NULL);
      return;
    }

  json_builder_begin_object (body);
  ld_json_builder_add_string (body, "test_code", ld_demo_string (result, "test_code"));
  ld_json_builder_add_int (body, "version", ld_demo_int (result, "version"));
  json_builder_set_member_name (body, "critical_call");
  json_builder_begin_object (body);
  ld_json_builder_add_string (body, "name", "Dr. Arjun Mehta");
  ld_json_builder_add_string (body, "role", "ordering doctor");
  ld_json_builder_add_string (body, "called_at", ld_demo_string (result, "entered_at"));
  ld_json_builder_add_bool (body, "read_back", TRUE);
  json_builder_end_object (body);
  json_builder_end_object (body);
}

static gboolean
step_register (LdDemo  *demo,
               guint    index,
               GError **error)
{
  LdDemoPerson *person = &g_array_index (demo->people, LdDemoPerson, index);
  LdDemoActor desk = index % 5 == 4 ? LD_DEMO_SUNITA : LD_DEMO_RECEPTION;
  g_autoptr(JsonBuilder) body = ld_demo_person_to_json (person, FALSE);
  g_autoptr(JsonObject) answer = NULL;

  /* The fixed seed makes no likely duplicate (same phone, or same name
   * and birth date), so each registration goes through as at the desk. */
  answer = call (demo, desk, "POST", body, SOUP_STATUS_CREATED, error, "/api/v1/patients");
  if (answer == NULL)
    return FALSE;

  g_ptr_array_index (demo->patient_ids, index) =
    g_strdup (ld_demo_string (ld_demo_object (answer, "patient"), "id"));
  return TRUE;
}

static gboolean
step_create (LdDemo      *demo,
             LdDemoVisit *visit,
             GError     **error)
{
  LdDemoPerson *person = &g_array_index (demo->people, LdDemoPerson, visit->patient);
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *items;

  ld_json_builder_add_string (body, "patient_id",
                              g_ptr_array_index (demo->patient_ids, visit->patient));
  json_builder_set_member_name (body, "items");
  json_builder_begin_array (body);
  for (guint i = 0; i < G_N_ELEMENTS (visit->items) && visit->items[i] != NULL; i++)
    json_builder_add_string_value (body, visit->items[i]);
  json_builder_end_array (body);
  ld_json_builder_add_string (body, "priority", visit->priority);
  if (visit->notes != NULL)
    ld_json_builder_add_string (body, "clinical_notes", visit->notes);
  if (visit->for_doctor && visit->booker != LD_DEMO_DOCTOR)
    ld_json_builder_add_string (body, "doctor_id",
                                ld_demo_client_user_id (demo->client, LD_DEMO_DOCTOR));
  if (visit->slot_us != 0)
    {
      g_autofree char *start = ld_time_format_rfc3339 (visit->slot_us);
      g_autofree char *end = ld_time_format_rfc3339 (visit->slot_us + 2 * 60 * LD_DEMO_MINUTE);

      ld_json_builder_add_string (body, "collection", "home");
      json_builder_set_member_name (body, "home_visit");
      json_builder_begin_object (body);
      ld_json_builder_add_string (body, "address", person->address ? person->address
                                                   : "22, Indiranagar 2nd Stage, Bengaluru 560038");
      ld_json_builder_add_string (body, "slot_start", start);
      ld_json_builder_add_string (body, "slot_end", end);
      json_builder_end_object (body);
    }

  answer = call (demo, visit->booker, "POST", end_body (body), SOUP_STATUS_CREATED, error,
                 "/api/v1/orders");
  if (answer == NULL)
    return FALSE;

  visit->id = g_strdup (ld_demo_string (ld_demo_object (answer, "order"), "id"));
  items = ld_demo_array (ld_demo_object (answer, "order"), "items");
  if (items != NULL && json_array_get_length (items) > 0)
    visit->last_item_paise =
      ld_demo_int (json_array_get_object_element (items, json_array_get_length (items) - 1),
                   "charged_paise");
  note_order (demo, visit, answer);
  return TRUE;
}

static gboolean
pay (LdDemo      *demo,
     LdDemoVisit *visit,
     const char  *method,
     GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  LdDemoActor desk = visit->patient % 3 == 0 ? LD_DEMO_SUNITA : LD_DEMO_RECEPTION;

  ld_json_builder_add_string (body, "method", method);
  if (g_str_equal (method, "cash"))
    ld_json_builder_add_int (body, "tendered_paise", (visit->balance_paise + 9999) / 10000 * 10000);
  else if (g_str_equal (method, "card"))
    {
      g_autofree char *reference =
        g_strdup_printf ("TID%08u", g_rand_int_range (visit->rand, 0, 100000000));

      ld_json_builder_add_string (body, "reference", reference);
    }
  else if (g_str_equal (method, "upi"))
    {
      g_autofree char *reference =
        g_strdup_printf ("4%011u", g_rand_int_range (visit->rand, 0, G_MAXINT));

      ld_json_builder_add_string (body, "reference", reference);
    }

  answer = post_to_order (demo, visit, desk, "payments", body, SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return FALSE;

  if (g_str_equal (method, "online"))
    {
      JsonObject *payment = ld_demo_object (answer, "payment");
      gboolean    fails = visit->pay == LD_DEMO_PAY_FAILED ||
                       visit->pay == LD_DEMO_PAY_FAILED_THEN_CASH ||
                       visit->pay == LD_DEMO_PAY_FAILED_THEN_COD;
      g_autoptr(JsonBuilder) outcome = NULL;
      g_autoptr(JsonObject) decided = NULL;

      if (visit->pay == LD_DEMO_PAY_ONLINE_WAITING)
        return TRUE;

      /* The gateway's callback does not come in the demo; the desk
       * records what the patient's phone shows. */
      outcome = begin_body ();
      ld_json_builder_add_int (outcome, "version", ld_demo_int (payment, "version"));
      ld_json_builder_add_string (outcome, "status", fails ? "failed" : "succeeded");
      if (fails)
        ld_json_builder_add_string (outcome, "failure_reason", "Declined by the bank");
      else
        {
          g_autofree char *reference =
            g_strdup_printf ("pay_DEMO%08u", g_rand_int_range (visit->rand, 0, 100000000));

          ld_json_builder_add_string (outcome, "reference", reference);
        }
      decided = call (demo, desk, "PATCH", end_body (outcome), SOUP_STATUS_OK, error,
                      "/api/v1/payments/%s", ld_demo_string (payment, "id"));
      if (decided == NULL)
        return FALSE;
      note_order (demo, visit, decided);
    }
  if (!g_str_equal (method, "cod"))
    {
      g_free (visit->paid_method);
      visit->paid_method = g_strdup (method);
    }
  return TRUE;
}

static gboolean
cancel_order (LdDemo      *demo,
              LdDemoVisit *visit,
              const char  *reason,
              GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_int (body, "version", visit->version);
  ld_json_builder_add_string (body, "reason", reason);
  answer = post_to_order (demo, visit, LD_DEMO_RECEPTION, "cancel", body, SOUP_STATUS_OK, error);
  return answer != NULL;
}

static gboolean
step_pay (LdDemo      *demo,
          LdDemoVisit *visit,
          GError     **error)
{
  switch (visit->pay)
    {
    case LD_DEMO_PAY_NONE:
      return TRUE;
    case LD_DEMO_PAY_CASH:
      return pay (demo, visit, "cash", error);
    case LD_DEMO_PAY_CARD:
      return pay (demo, visit, "card", error);
    case LD_DEMO_PAY_UPI:
      return pay (demo, visit, "upi", error);
    case LD_DEMO_PAY_ONLINE:
    case LD_DEMO_PAY_ONLINE_WAITING:
    case LD_DEMO_PAY_FAILED:
      return pay (demo, visit, "online", error);
    case LD_DEMO_PAY_FAILED_THEN_CASH:
      return pay (demo, visit, "online", error) && pay (demo, visit, "cash", error);
    case LD_DEMO_PAY_FAILED_THEN_COD:
      return pay (demo, visit, "online", error) && pay (demo, visit, "cod", error);
    case LD_DEMO_PAY_COD:
      return pay (demo, visit, "cod", error);
    case LD_DEMO_PAY_CANCELLED:
      return cancel_order (demo, visit, "Patient left without paying", error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
step_refund (LdDemo      *demo,
             LdDemoVisit *visit,
             GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  gboolean full = visit->refund == LD_DEMO_REFUND_FULL;
  const char *last = visit->items[1] ? visit->items[1] : visit->items[0];
  g_autofree char *reason = full ? g_strdup ("Patient will have the tests done at the hospital")
                                 : g_strdup_printf ("%s not wanted after all", last);

  ld_json_builder_add_string (body, "method", visit->paid_method);
  ld_json_builder_add_int (body, "amount_paise", full ? visit->paid_paise : visit->last_item_paise);
  ld_json_builder_add_string (body, "reason", reason);
  if (!g_str_equal (visit->paid_method, "cash"))
    ld_json_builder_add_string (body, "reference", "RFND-DEMO");
  answer =
    post_to_order (demo, visit, LD_DEMO_RECEPTION, "refunds", body, SOUP_STATUS_CREATED, error);

  return answer != NULL &&
         (!full || cancel_order (demo, visit, "Refunded in full before collection", error));
}

static gboolean
collect (LdDemo      *demo,
         LdDemoVisit *visit,
         GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_string (body, "location",
                              visit->slot_us != 0 ? "Home visit" : "Collection room 1");
  if (visit->pay == LD_DEMO_PAY_COD || visit->pay == LD_DEMO_PAY_FAILED_THEN_COD)
    {
      if (visit->balance_paise > 0)
        {
          json_builder_set_member_name (body, "payment");
          json_builder_begin_object (body);
          ld_json_builder_add_string (body, "method", "cash");
          ld_json_builder_add_int (body, "tendered_paise",
                                   (visit->balance_paise + 9999) / 10000 * 10000);
          json_builder_end_object (body);
          g_free (visit->paid_method);
          visit->paid_method = g_strdup ("cash");
        }
    }

  answer = post_to_order (demo, visit, visit->bench, "collect", body, SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return FALSE;

  g_clear_pointer (&visit->samples, json_array_unref);
  visit->samples = json_array_ref (ld_demo_array (answer, "samples"));
  return TRUE;
}

static gboolean
custody (LdDemo      *demo,
         LdDemoVisit *visit,
         JsonObject  *sample,
         const char  *event,
         GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_int (body, "version", ld_demo_int (sample, "version"));
  ld_json_builder_add_string (body, "event", event);
  if (g_str_equal (event, "rejected"))
    {
      ld_json_builder_add_string (body, "reason", "Haemolysed sample");
      ld_json_builder_add_bool (body, "recollect", TRUE);
    }
  else
    ld_json_builder_add_string (body, "location", "Main lab");
  answer = call (demo, visit->bench, "POST", end_body (body), SOUP_STATUS_OK, error,
                 "/api/v1/samples/%s/custody", ld_demo_string (sample, "id"));
  return answer != NULL;
}

/* Every sample is received; one the bench rejects first is collected again
 * and the new one received. */
static gboolean
step_receive (LdDemo      *demo,
              LdDemoVisit *visit,
              GError     **error)
{
  g_autoptr(JsonArray) first = json_array_ref (visit->samples);

  for (guint i = 0; i < json_array_get_length (first); i++)
    if (!custody (demo, visit, json_array_get_object_element (first, i),
                  visit->reject_once && i == 0 ? "rejected" : "received", error))
      return FALSE;
  if (!visit->reject_once)
    return TRUE;

  if (!collect (demo, visit, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (visit->samples); i++)
    if (!custody (demo, visit, json_array_get_object_element (visit->samples, i), "received",
                  error))
      return FALSE;
  return TRUE;
}

static double
drift_level (const LdDemoVisit *visit,
             const char        *code)
{
  const LdDemoTrend *trend = visit->trend;

  if (trend == NULL)
    return NAN;
  for (guint i = 0; i < G_N_ELEMENTS (trend->drifts) && trend->drifts[i].code != NULL; i++)
    {
      const LdDemoDrift *drift = &trend->drifts[i];
      double half = (LD_DEMO_TREND_MONTHS - 1) / 2.0;
      double m = visit->month;

      if (!g_str_equal (drift->code, code))
        continue;
      if (i == 0 && trend->critical_value > 0 && visit->month == trend->critical_month)
        return trend->critical_value;
      return m <= half ? drift->start + (drift->middle - drift->start) * m / half
                       : drift->middle + (drift->end - drift->middle) * (m - half) / half;
    }
  return NAN;
}

static char *
value_for (LdDemo      *demo,
           LdDemoVisit *visit,
           const char  *code)
{
  LdDemoPerson *person = &g_array_index (demo->people, LdDemoPerson, visit->patient);

  if (visit->forced_code != NULL && g_str_equal (visit->forced_code, code))
    return g_strdup (visit->forced_value);
  if (!isnan (drift_level (visit, code)) && visit->trend->critical_value > 0 &&
      visit->month == visit->trend->critical_month &&
      g_str_equal (visit->trend->drifts[0].code, code))
    return ld_demo_values_make (demo->values, visit->rand, code, person->sex,
                                drift_level (visit, code), 0);
  return ld_demo_values_make (demo->values, visit->rand, code, person->sex,
                              drift_level (visit, code), 12);
}

/* The bench enters every value in one run and submits it (or, for an
 * order still in process, saves half as drafts); a test refunded at the
 * desk is cancelled first. */
static gboolean
step_enter (LdDemo      *demo,
            LdDemoVisit *visit,
            GError     **error)
{
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *results;
  guint n_values;

  listed = call (demo, visit->bench, "GET", NULL, SOUP_STATUS_OK, error,
                 "/api/v1/orders/%s/results", visit->id);
  if (listed == NULL)
    return FALSE;
  results = ld_demo_array (listed, "items");

  if (visit->refund == LD_DEMO_REFUND_PART)
    for (guint i = 0; i < json_array_get_length (results); i++)
      {
        JsonObject *result = json_array_get_object_element (results, i);
        g_autoptr(JsonBuilder) cancel = NULL;
        g_autoptr(JsonObject) cancelled = NULL;

        if (!g_str_equal (ld_demo_string (result, "test_code"), visit->items[1]))
          continue;
        cancel = begin_body ();
        ld_json_builder_add_int (cancel, "version", ld_demo_int (result, "version"));
        ld_json_builder_add_string (cancel, "reason", "Refunded at the desk: not wanted");
        cancelled = call (demo, visit->bench, "POST", end_body (cancel), SOUP_STATUS_OK, error,
                          "/api/v1/results/%s/cancel", ld_demo_string (result, "id"));
        if (cancelled == NULL)
          return FALSE;
        note_order (demo, visit, cancelled);
        results = visit->results;
      }

  n_values =
    visit->lab == LD_DEMO_LAB_DRAFT ? (json_array_get_length (results) + 1) / 2 : G_MAXUINT;
  ld_json_builder_add_bool (body, "submit", visit->lab != LD_DEMO_LAB_DRAFT);
  json_builder_set_member_name (body, "results");
  json_builder_begin_array (body);
  for (guint i = 0; i < json_array_get_length (results) && i < n_values; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *code = ld_demo_string (result, "test_code");
      g_autofree char *value = NULL;

      if (ld_result_state_parse (ld_demo_string (result, "state")) != LD_RESULT_STATE_PENDING)
        continue;
      value = value_for (demo, visit, code);
      add_result (body, result, value);
    }
  json_builder_end_array (body);

  answer = post_to_order (demo, visit, visit->bench, "results", body, SOUP_STATUS_OK, error);
  return answer != NULL;
}

/* A second technician checks and verifies every entered value. */
static gboolean
step_verify (LdDemo      *demo,
             LdDemoVisit *visit,
             GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  LdDemoActor checker = visit->bench == LD_DEMO_SUNITA ? LD_DEMO_TECHNICIAN : LD_DEMO_SUNITA;

  json_builder_set_member_name (body, "results");
  json_builder_begin_array (body);
  for (guint i = 0; i < json_array_get_length (visit->results); i++)
    {
      JsonObject *result = json_array_get_object_element (visit->results, i);

      if (ld_result_state_parse (ld_demo_string (result, "state")) != LD_RESULT_STATE_ENTERED)
        continue;
      add_result_with_call (body, result);
    }
  json_builder_end_array (body);

  answer = post_to_order (demo, visit, checker, "verify", body, SOUP_STATUS_OK, error);
  return answer != NULL;
}

/* Release renders the report and keeps its PDF, as at the bench. */
static gboolean
step_release (LdDemo      *demo,
              LdDemoVisit *visit,
              GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_int (body, "version", visit->version);
  answer =
    post_to_order (demo, visit, LD_DEMO_PATHOLOGIST, "release", body, SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return FALSE;
  demo->n_released++;
  return TRUE;
}

/* The doctor reads the critical values of this order and says so. */
static gboolean
step_acknowledge (LdDemo      *demo,
                  LdDemoVisit *visit,
                  GError     **error)
{
  LdDemoActor reader =
    visit->for_doctor || visit->booker == LD_DEMO_DOCTOR ? LD_DEMO_DOCTOR : LD_DEMO_ADMIN;
  g_autoptr(JsonObject) open = NULL;
  JsonArray *alerts;

  open = call (demo, reader, "GET", NULL, SOUP_STATUS_OK, error, reader == LD_DEMO_DOCTOR
               ? "/api/v1/doctors/me/alerts?limit=200" : "/api/v1/alerts?limit=200");
  if (open == NULL)
    return FALSE;

  alerts = ld_demo_array (open, "items");
  for (guint i = 0; alerts != NULL && i < json_array_get_length (alerts); i++)
    {
      JsonObject *alert = json_array_get_object_element (alerts, i);
      g_autoptr(JsonBuilder) body = NULL;
      g_autoptr(JsonObject) answer = NULL;

      if (g_strcmp0 (ld_demo_string (alert, "order_id"), visit->id) != 0)
        continue;
      body = begin_body ();
      ld_json_builder_add_int (body, "version", ld_demo_int (alert, "version"));
      answer = call (demo, reader, "POST", end_body (body), SOUP_STATUS_OK, error,
                     "/api/v1/alerts/%s/acknowledge", ld_demo_string (alert, "id"));
      if (answer == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A day later the lab finds a value was wrong and corrects the report:
 * version 2, marked corrected, with the old value shown. */
static gboolean
step_amend (LdDemo      *demo,
            LdDemoVisit *visit,
            GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  for (guint i = 0; i < json_array_get_length (visit->results); i++)
    {
      JsonObject *result = json_array_get_object_element (visit->results, i);
      const char *code = ld_demo_string (result, "test_code");
      g_autofree char *value = NULL;

      if (ld_result_state_parse (ld_demo_string (result, "state")) != LD_RESULT_STATE_RELEASED ||
          !ld_demo_values_is_numeric (demo->values, code))
        continue;
      value = value_for (demo, visit, code);
      if (g_strcmp0 (value, ld_demo_string (result, "value")) == 0)
        continue;

      ld_json_builder_add_string (body, "reason",
                                  "Transcription error: corrected from the analyser printout");
      json_builder_set_member_name (body, "results");
      json_builder_begin_array (body);
      add_result (body, result, value);
      json_builder_end_array (body);
      answer = post_to_order (demo, visit, LD_DEMO_PATHOLOGIST, "amendments", body,
                              SOUP_STATUS_CREATED, error);
      return answer != NULL;
    }
  return TRUE;
}

/**
 * ld_demo_run_step:
 * @demo: the demo being played
 * @step: the step, at the time ld_time_now() says
 * @error: return location for an error
 *
 * Returns: %TRUE when the server answered as the step expects
 */
gboolean
ld_demo_run_step (LdDemo           *demo,
                  const LdDemoStep *step,
                  GError          **error)
{
  typedef gboolean (*VisitStep) (LdDemo *, LdDemoVisit *, GError **);
  static const VisitStep visit_steps[] = {
    [LD_DEMO_STEP_CREATE] = step_create,
    [LD_DEMO_STEP_PAY] = step_pay,
    [LD_DEMO_STEP_REFUND] = step_refund,
    [LD_DEMO_STEP_COLLECT] = collect,
    [LD_DEMO_STEP_RECEIVE] = step_receive,
    [LD_DEMO_STEP_ENTER] = step_enter,
    [LD_DEMO_STEP_VERIFY] = step_verify,
    [LD_DEMO_STEP_RELEASE] = step_release,
    [LD_DEMO_STEP_ACKNOWLEDGE] = step_acknowledge,
    [LD_DEMO_STEP_AMEND] = step_amend,
  };

  if (step->kind == LD_DEMO_STEP_REGISTER)
    return step_register (demo, step->index, error);

  g_assert (step->kind < G_N_ELEMENTS (visit_steps) && visit_steps[step->kind] != NULL);
  return visit_steps[step->kind](demo, &g_array_index (demo->visits, LdDemoVisit, step->index),
                                 error);
}
