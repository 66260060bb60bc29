/* ld-patient-calls.h: registering and editing a patient, typed, through the outbox
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-cache-view.h"
#include "ld-outbox.h"
#include "ld-session.h"
#include "ld-outbox-entry.h"
#include "ld-patient-body.h"
#include "ld-patient.h"

G_BEGIN_DECLS

void       ld_patient_calls_send_async (LdSession              *session,
                                        LdOutboxEntry          *refused,
                                        gboolean                editing,
                                        LdPatient              *patient,
                                        const LdPatientRequest *request,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data);
gboolean   ld_patient_calls_send_finish (LdSession    *session,
                                         GAsyncResult *result,
                                         char        **out_id,
                                         GError      **error);
GPtrArray *ld_patient_calls_dup_candidates (LdOutboxEntry *entry);
LdPatient *ld_patient_calls_dup_current (LdOutboxEntry *entry);
LdPatient *ld_patient_calls_read_row (LdCacheViewRow *row);

G_END_DECLS
