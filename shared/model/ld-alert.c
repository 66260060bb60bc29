/* ld-alert.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-alert"

#include "config.h"

#include "ld-alert.h"
#include "ld-json.h"

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
