/* ld-test-clinic.h: a clinic's morning, made over HTTP for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-http.h"

G_BEGIN_DECLS

gint64  ld_test_clinic_at               (int           hour,
                                         int           minute);
void    ld_test_clinic_set_schedule     (LdTestServer *server,
                                         const char   *admin,
                                         const char   *doctor_id);
char   *ld_test_clinic_check_in         (LdTestServer *server,
                                         const char   *desk,
                                         const char   *patient_id,
                                         const char   *doctor_id,
                                         gint64        start_us);

G_END_DECLS
