/* ld-record.h: typed reads of the records the server sends
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gint64      ld_record_get_version        (JsonObject *record);
gboolean    ld_record_has_version        (JsonObject *record);
JsonNode   *ld_record_get_field          (JsonObject *record,
                                          const char *field);
gboolean    ld_record_field_equal        (JsonObject *a,
                                          JsonObject *b,
                                          const char *field);
JsonObject *ld_record_dup_changes        (JsonObject *record,
                                          JsonObject *fields);
JsonArray  *ld_record_get_candidates     (JsonObject *current);
JsonObject *ld_record_get_patient        (JsonObject *record);
const char *ld_record_get_patient_name   (JsonObject *record);
gboolean    ld_record_get_age_years      (JsonObject *patient,
                                          gint64     *out_years);
JsonArray  *ld_record_get_items          (JsonObject *record);
JsonArray  *ld_record_get_tests          (JsonObject *order);
JsonArray  *ld_record_get_payments       (JsonObject *order);
gint64      ld_record_get_total_paise    (JsonObject *order,
                                          gboolean   *out_priced);
gboolean    ld_record_get_online_pending (JsonObject *order);
JsonObject *ld_record_get_discount       (JsonObject *order);
JsonObject *ld_record_get_home_visit     (JsonObject *order);
JsonArray  *ld_record_get_samples        (JsonObject *answer);
JsonObject *ld_record_get_sample         (JsonObject *answer);
JsonObject *ld_record_get_report         (JsonObject *answer);
JsonArray  *ld_record_get_custody        (JsonObject *sample);
JsonArray  *ld_record_get_amendments     (JsonObject *result);
JsonObject *ld_record_get_delta          (JsonObject *result);
double      ld_record_get_delta_difference (JsonObject *delta);
JsonObject *ld_record_get_reference_range (JsonObject *result);
JsonObject *ld_record_get_critical_call  (JsonObject *result);
gboolean    ld_record_get_workload_count (JsonObject *load,
                                          const char *count,
                                          gint64     *out_count);
JsonObject *ld_record_get_order          (JsonObject *item);
JsonArray  *ld_record_get_late_tests     (JsonObject *item);
gint64      ld_record_get_turnaround_hours (JsonObject *test);

/* For the readers in client/store; screens use the named reads above. */
gint64      ld_record_get_int            (JsonObject *record,
                                          const char *name);
JsonObject *ld_record_get_object         (JsonObject *record,
                                          const char *name);

G_END_DECLS
