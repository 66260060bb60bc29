/* ld-record.h: typed reads of the records the server sends
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gint64      ld_record_get_version        (JsonObject *record);
JsonNode   *ld_record_get_field          (JsonObject *record,
                                          const char *field);
gboolean    ld_record_field_equal        (JsonObject *a,
                                          JsonObject *b,
                                          const char *field);
JsonObject *ld_record_dup_changes        (JsonObject *record,
                                          JsonObject *fields);
JsonObject *ld_record_get_patient        (JsonObject *record);
const char *ld_record_get_patient_name   (JsonObject *record);
gboolean    ld_record_get_age_years      (JsonObject *patient,
                                          gint64     *out_years);
JsonArray  *ld_record_get_items          (JsonObject *record);
JsonArray  *ld_record_get_tests          (JsonObject *order);
JsonArray  *ld_record_get_payments       (JsonObject *order);
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
JsonObject *ld_record_get_order          (JsonObject *item);

/* A record's strings, by what they mean. */
const char *ld_record_get_id             (JsonObject *record);
const char *ld_record_get_number         (JsonObject *order);
const char *ld_record_get_name           (JsonObject *record);
const char *ld_record_get_mrn            (JsonObject *patient);
const char *ld_record_get_phone          (JsonObject *patient);
gboolean    ld_record_get_do_not_send    (JsonObject *patient,
                                          const char *channel);
const char *ld_record_get_address        (JsonObject *record);
const char *ld_record_get_sex            (JsonObject *patient);
const char *ld_record_get_priority       (JsonObject *order);
const char *ld_record_get_created_at     (JsonObject *record);
const char *ld_record_get_code           (JsonObject *test);
const char *ld_record_get_order_id       (JsonObject *record);
const char *ld_record_get_lab_state      (JsonObject *order);
const char *ld_record_get_payment_state  (JsonObject *order);
const char *ld_record_get_state          (JsonObject *result);
const char *ld_record_get_test_name      (JsonObject *result);
const char *ld_record_get_value          (JsonObject *result);
const char *ld_record_get_unit           (JsonObject *result);
const char *ld_record_get_flag           (JsonObject *result);
const char *ld_record_get_comment        (JsonObject *result);
const char *ld_record_get_range_text     (JsonObject *range);
const char *ld_record_get_amendment_kind (JsonObject *amendment);
const char *ld_record_get_old_value      (JsonObject *amendment);
const char *ld_record_get_new_value      (JsonObject *amendment);
const char *ld_record_get_reason         (JsonObject *record);
const char *ld_record_get_custody_event  (JsonObject *event);
const char *ld_record_get_user_name      (JsonObject *event);
const char *ld_record_get_location       (JsonObject *event);
const char *ld_record_get_note           (JsonObject *event);
const char *ld_record_get_at             (JsonObject *event);
const char *ld_record_get_slot_start     (JsonObject *visit);
const char *ld_record_get_slot_end       (JsonObject *visit);
const char *ld_record_get_test_code      (JsonObject *record);
const char *ld_record_get_order_number   (JsonObject *record);
const char *ld_record_get_sample_id      (JsonObject *result);
const char *ld_record_get_accession      (JsonObject *sample);
const char *ld_record_get_container      (JsonObject *test);
const char *ld_record_get_specimen       (JsonObject *test);
const char *ld_record_get_collected_at   (JsonObject *result);
const char *ld_record_get_entered_by     (JsonObject *result);
const char *ld_record_get_entered_at     (JsonObject *result);
const char *ld_record_get_previous_value (JsonObject *delta);
const char *ld_record_get_previous_collected_at (JsonObject *delta);
const char *ld_record_get_called_by      (JsonObject *call);
const char *ld_record_get_called_at      (JsonObject *call);
const char *ld_record_get_role           (JsonObject *call);
const char *ld_record_get_covered_by     (JsonObject *item);
const char *ld_record_get_referring_doctor_name (JsonObject *order);
const char *ld_record_get_doctor_name    (JsonObject *order);
const char *ld_record_get_cancel_reason  (JsonObject *order);
const char *ld_record_get_pdf_sha256     (JsonObject *report);

/* For the readers in client/store; screens use the named reads above. */
gint64      ld_record_get_int            (JsonObject *record,
                                          const char *name);
gint64      ld_record_get_int_or         (JsonObject *record,
                                          const char *name,
                                          gint64      fallback);
char       *ld_record_dup_string         (JsonObject *record,
                                          const char *name);
JsonObject *ld_record_get_object         (JsonObject *record,
                                          const char *name);

G_END_DECLS
