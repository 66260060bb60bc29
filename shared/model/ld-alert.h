/* ld-alert.h: a critical result the ordering doctor must acknowledge
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *order_id;
  char   *order_number;
  char   *result_id;
  char   *test_code;
  char   *test_name;
  char   *value;
  char   *unit;
  char   *flag;
  char   *patient_id;
  char   *patient_mrn;
  char   *patient_name;
  char   *doctor_id;
  char   *raised_at;
  char   *acknowledged_by;
  char   *acknowledged_at;
  gint64  version;
} LdAlert;

LdAlert  *ld_alert_new      (void);
void      ld_alert_free     (LdAlert       *alert);
void      ld_alert_to_json  (const LdAlert *alert,
                             JsonBuilder   *builder);
JsonNode *ld_alert_to_node  (const LdAlert *alert);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAlert, ld_alert_free)

G_END_DECLS
