/* ld-alert.h: a critical result the ordering doctor must acknowledge
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json-out.h"

#include "ld-json.h"

G_BEGIN_DECLS

/* The longest name, and role, of a person telephoned about a critical value. */
#define LD_CRITICAL_CALL_MAX_CHARS 100

/**
 * LdCriticalCall:
 * @name: whom the lab telephoned, such as "Dr Mehta"
 * @role: their role or relationship, such as "referring doctor"
 * @called_at: when, RFC 3339 UTC
 * @called_us: the same, microseconds since the epoch
 * @called_by: the user who telephoned (who verifies the result)
 *
 * Issue 18: the record of telling someone of a critical value, which its
 * verification needs. The person called read the value back: a record
 * exists only when they did.
 */
typedef struct
{
  char   *name;
  char   *role;
  char   *called_at;
  gint64  called_us;
  char   *called_by;
} LdCriticalCall;

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

LdCriticalCall *ld_critical_call_new (void);
void            ld_critical_call_free (LdCriticalCall *call);
LdCriticalCall *ld_critical_call_copy (const LdCriticalCall *call);
LdCriticalCall *ld_critical_call_read (LdJsonReader *reader, const char *name);
const char      *
ld_critical_call_check_time (const LdCriticalCall *call, gint64 entered_us, gint64 now_us);
void ld_critical_call_write_json (const LdCriticalCall *call, LdJsonOut *out);
void ld_critical_call_to_json (const LdCriticalCall *call, JsonBuilder *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAlert, ld_alert_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCriticalCall, ld_critical_call_free)

G_END_DECLS
