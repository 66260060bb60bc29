/* ld-care-access.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-permissions.h"

G_BEGIN_DECLS

/**
 * LdCareScope:
 * @order_id: (nullable): the order whose patient the record is about, or
 *   %NULL for a record every reader of its roles sees (a patient's
 *   demographics, the catalogue, users, settings)
 * @doctor_id: (nullable): the one doctor the record is for (an alert: its
 *   order's doctor, "" when it names none), or %NULL for any doctor of
 *   the patient
 *
 * To whom among doctors a record of the change feed goes. Points into the
 * record it was read from.
 */
typedef struct
{
  const char *order_id;
  const char *doctor_id;
} LdCareScope;

gboolean ld_care_access_reads_freely   (LdRole               roles,
                                        const LdPermission  *permission);
LdRole   ld_care_access_free_roles     (LdRole               roles);
LdRole   ld_care_access_kept_roles     (LdRole               roles);
gboolean ld_care_access_decide         (gboolean             is_their_patient,
                                        GError             **error);
void     ld_care_access_scope_of       (const char          *entity,
                                        const char          *entity_id,
                                        JsonNode            *record,
                                        LdCareScope         *out_scope);

G_END_DECLS
