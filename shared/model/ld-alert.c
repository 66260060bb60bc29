/* ld-alert.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-alert"

#include "config.h"

#include "ld-alert.h"
#include "ld-json.h"
#include "ld-time.h"

LdAlert *
ld_alert_new (void)
{
  LdAlert *alert = g_new0 (LdAlert, 1);

  alert->version = 1;
  return alert;
}

void
ld_alert_free (LdAlert *alert)
{
  if (alert == NULL)
    return;

  g_free (alert->id);
  g_free (alert->order_id);
  g_free (alert->order_number);
  g_free (alert->result_id);
  g_free (alert->test_code);
  g_free (alert->test_name);
  g_free (alert->value);
  g_free (alert->unit);
  g_free (alert->flag);
  g_free (alert->patient_id);
  g_free (alert->patient_mrn);
  g_free (alert->patient_name);
  g_free (alert->doctor_id);
  g_free (alert->raised_at);
  g_free (alert->acknowledged_by);
  g_free (alert->acknowledged_at);
  g_free (alert);
}

void
ld_alert_to_json (const LdAlert *alert,
                  JsonBuilder   *builder)
{
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", alert->id);
  ld_json_builder_add_string (builder, "order_id", alert->order_id);
  ld_json_builder_add_string (builder, "order_number", alert->order_number);
  ld_json_builder_add_string (builder, "result_id", alert->result_id);
  ld_json_builder_add_string (builder, "test_code", alert->test_code);
  ld_json_builder_add_string (builder, "test_name", alert->test_name);
  ld_json_builder_add_string (builder, "value", alert->value);
  ld_json_builder_add_string (builder, "unit", alert->unit);
  ld_json_builder_add_string (builder, "flag", alert->flag);
  json_builder_set_member_name (builder, "patient");
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", alert->patient_id);
  ld_json_builder_add_string (builder, "mrn", alert->patient_mrn);
  ld_json_builder_add_string (builder, "name", alert->patient_name);
  json_builder_end_object (builder);
  ld_json_builder_add_string (builder, "doctor_id", alert->doctor_id);
  ld_json_builder_add_string (builder, "raised_at", alert->raised_at);
  ld_json_builder_add_string (builder, "acknowledged_by", alert->acknowledged_by);
  ld_json_builder_add_string (builder, "acknowledged_at", alert->acknowledged_at);
  ld_json_builder_add_int (builder, "version", alert->version);
  json_builder_end_object (builder);
}

JsonNode *
ld_alert_to_node (const LdAlert *alert)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_alert_to_json (alert, builder);
  return json_builder_get_root (builder);
}

LdCriticalCall *
ld_critical_call_new (void)
{
  return g_new0 (LdCriticalCall, 1);
}

void
ld_critical_call_free (LdCriticalCall *call)
{
  if (call == NULL)
    return;

  g_free (call->name);
  g_free (call->role);
  g_free (call->called_at);
  g_free (call->called_by);
  g_free (call);
}

/* One line of text, trimmed, 1 to LD_CRITICAL_CALL_MAX_CHARS long. */
static char *
read_line (LdJsonReader *reader,
           const char   *name)
{
  g_autofree char *value = NULL;

  if (!ld_json_reader_get_string (reader, name, LD_JSON_REQUIRED | LD_JSON_NON_EMPTY, &value))
    return NULL;

  g_strstrip (value);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        ld_json_reader_add_error (reader, name, "must be one line, without control characters");
        return NULL;
      }
  if (g_utf8_strlen (value, -1) > LD_CRITICAL_CALL_MAX_CHARS)
    {
      ld_json_reader_add_error (reader, name, "must be at most 100 characters long");
      return NULL;
    }
  return g_steal_pointer (&value);
}

/**
 * ld_critical_call_copy:
 * @call: a call
 *
 * Returns: (transfer full): a copy of @call
 */
LdCriticalCall *
ld_critical_call_copy (const LdCriticalCall *call)
{
  LdCriticalCall *copy = ld_critical_call_new ();

  g_return_val_if_fail (call != NULL, copy);

  copy->name = g_strdup (call->name);
  copy->role = g_strdup (call->role);
  copy->called_at = g_strdup (call->called_at);
  copy->called_us = call->called_us;
  copy->called_by = g_strdup (call->called_by);
  return copy;
}

/**
 * ld_critical_call_read:
 * @reader: an object that may hold the call as member @name
 * @name: the member, "critical_call"
 *
 * Reads `{"name", "role", "called_at", "read_back": true}`, noting each
 * problem in @reader as "critical_call.member". Who called is not read:
 * it is the signed-in user.
 *
 * Returns: (transfer full) (nullable): the call, or %NULL when the member
 *   is absent, null or has a problem
 */
LdCriticalCall *
ld_critical_call_read (LdJsonReader *reader,
                       const char   *name)
{
  g_autoptr(LdCriticalCall) call = NULL;
  g_autofree char *called_at = NULL;
  LdJsonReader *member;
  gboolean read_back = FALSE;
  gboolean ok;

  g_return_val_if_fail (reader != NULL, NULL);

  if (!ld_json_reader_has (reader, name))
    return NULL;
  member = ld_json_reader_get_object (reader, name, LD_JSON_NULLABLE);
  if (member == NULL)
    return NULL;

  call = ld_critical_call_new ();
  call->name = read_line (member, "name");
  call->role = read_line (member, "role");
  if (ld_json_reader_get_string (member, "called_at", LD_JSON_REQUIRED, &called_at) &&
      !ld_time_parse_rfc3339 (called_at, &call->called_us))
    ld_json_reader_add_error (member, "called_at", "must be a time such as 2026-11-23T14:32:00Z");
  else if (called_at != NULL)
    call->called_at = ld_time_format_rfc3339 (call->called_us);
  /* The safety of the call is in the read-back: a record without it is no record. */
  if (ld_json_reader_get_bool (member, "read_back", LD_JSON_REQUIRED, &read_back) && !read_back)
    ld_json_reader_add_error (member, "read_back",
                              "must be true: the person called must read the value back");

  ok = call->name != NULL && call->role != NULL && call->called_at != NULL && read_back;
  ld_json_reader_end_object (reader, name, member);
  return ok ? g_steal_pointer (&call) : NULL;
}

/**
 * ld_critical_call_check_time:
 * @call: a call as read
 * @entered_us: when the value was entered
 * @now_us: the server's time now
 *
 * A value is telephoned after it was entered and before now. A minute of
 * grace for a client's clock a little ahead of the server's.
 *
 * Returns: (nullable): the field message for `called_at`, or %NULL if the
 *   time is acceptable
 */
const char *
ld_critical_call_check_time (const LdCriticalCall *call,
                             gint64                entered_us,
                             gint64                now_us)
{
  g_return_val_if_fail (call != NULL, NULL);

  if (call->called_us > now_us + 60 * G_USEC_PER_SEC)
    return "is in the future";
  /* Typed to the minute: the minute the value was entered is not before it. */
  if (entered_us > 0 && call->called_us < entered_us - entered_us % (60 * G_USEC_PER_SEC))
    return "is before the result was entered";
  return NULL;
}

/**
 * ld_critical_call_write_json:
 * @call: (nullable): a call
 * @out: a writer where a value may go
 *
 * Writes the call as an object, or null.
 */
void
ld_critical_call_write_json (const LdCriticalCall *call,
                          LdJsonOut *out)
{
  if (call == NULL)
    {
      ld_json_out_null (out, NULL);
      return;
    }

  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "name", call->name);
  ld_json_out_string (out, "role", call->role);
  ld_json_out_string (out, "called_at", call->called_at);
  ld_json_out_string (out, "called_by", call->called_by);
  ld_json_out_bool (out, "read_back", TRUE);
  ld_json_out_end_object (out);
}

void
ld_critical_call_to_json (const LdCriticalCall *call,
                          JsonBuilder          *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_critical_call_write_json (call, &out);
}
